"""Where a number comes from: the source part of a .mdl comment, with FIGURES.md section titles spelled out.

FIGURES.md (the project's sourced figures) is looked for in the repository (``docs/``, root) and beside it
(``../shared/reference/``); without it the comment is shown as written. Pure functions, no Streamlit.
"""

from __future__ import annotations

import re
from functools import lru_cache

from models.registry import REPO_DIR

FIGURES_CANDIDATES = (
    REPO_DIR / "docs" / "FIGURES.md",
    REPO_DIR / "FIGURES.md",
    REPO_DIR.parent / "shared" / "reference" / "FIGURES.md",
)
SECTION_REF = re.compile(r"FIGURES\.md\s*(?:§\s*)?(\d+(?:\.\d+)?)(?:\s*[-–]\s*(\d+(?:\.\d+)?))?")


@lru_cache(maxsize=1)
def figure_sections() -> dict[str, str]:
    """``{"1.2": "Case parameters", ...}`` from FIGURES.md headings (empty when the file is absent)."""
    for path in FIGURES_CANDIDATES:
        if path.exists():
            text = path.read_text(encoding="utf-8")
            found = re.findall(r"^#{2,3}\s+(\d+(?:\.\d+)?)\.?\s+(.+?)\s*$", text, flags=re.MULTILINE)
            return {number: re.sub(r"\s*\(`.*$", "", title).strip() for number, title in found}
    return {}


def expand(comment: str) -> str:
    """``comment`` with each ``FIGURES.md 1.2`` reference followed by its section title."""
    sections = figure_sections()
    if not sections:
        return comment

    def title(match: re.Match) -> str:
        numbers = [n for n in match.groups() if n]
        names = [f"§{n} {sections[n]}" for n in numbers if n in sections]
        return f"{match.group(0)} ({'; '.join(names)})" if names else match.group(0)

    return SECTION_REF.sub(title, comment)


def source_of(comment: str) -> str:
    """The source part of a .mdl comment (sentence naming FIGURES.md, a paper, the seed or 'Assumption'),
    expanded; the whole comment when no source is named."""
    parts = re.split(r"(?<=\.)\s+", comment.strip())
    tagged = [p for p in parts if re.search(r"FIGURES\.md|DESIGN-NOTES|[Aa]ssumption|[Ss]eed|study|law|loi|\d{4}", p)]
    return expand(" ".join(tagged[-2:]) if tagged else comment)
