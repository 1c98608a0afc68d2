"""The text of a Vensim .mdl file, read as text (never translated): where its equations end and its sketch (the
views) begins, and which group (``.Section`` header) defines each variable, in the modeller's order.

A .mdl is its equations, then optionally the sketch: from the first ``\\\\\\---///`` line to the end of the file
(views, then Vensim's settings after ``///---\\\\\\``). Tools that write views replace the sketch and keep the
equations byte for byte.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

SKETCH_MARKER = "\\\\\\---///"
"""Start of the sketch section (and of each view in it): ``\\\\\\---///``."""

_DEFINITION = re.compile(r"^([A-Za-z][^=~|(\[:\n]*?)[ \t]*(?:=|\(|:)")
_GROUP = re.compile(r"^\*{10,}\n[ \t]*\.([^\n]+)\n\*{10,}~", re.MULTILINE)


@dataclass(frozen=True)
class Definition:
    """A variable defined in the equations: its Vensim name, the group it is in ("" before any), its offset."""

    name: str
    group: str
    offset: int


def split_sketch(text: str) -> tuple[str, str]:
    """``(equations, sketch)``: the text before the first sketch marker line and the rest ("" without a sketch)."""
    match = re.search(r"^" + re.escape(SKETCH_MARKER), text, re.MULTILINE)
    if match is None:
        return text, ""
    return text[: match.start()], text[match.start() :]


def with_sketch(text: str, sketch: str) -> str:
    """``text`` with its sketch replaced by ``sketch`` (which starts with the marker); the equations are kept byte
    for byte (a line break is added after them only if they do not end with one)."""
    equations, _ = split_sketch(text)
    if equations and not equations.endswith("\n"):
        equations += "\n"
    return equations + sketch


def definitions(text: str) -> list[Definition]:
    """Every variable defined in the equations of ``text``, in file order, with its group."""
    equations, _ = split_sketch(text)
    groups = [(m.start(), m.group(1).strip()) for m in _GROUP.finditer(equations)]
    out, seen = [], set()
    offset = 0
    for line in equations.splitlines(keepends=True):
        match = _DEFINITION.match(line)
        if match and not line.startswith("*"):
            name = re.sub(r"\s+", " ", match.group(1).strip())
            if name.lower() not in seen:
                seen.add(name.lower())
                group = next((g for start, g in reversed(groups) if start < offset), "")
                out.append(Definition(name, group, offset))
        offset += len(line)
    return out
