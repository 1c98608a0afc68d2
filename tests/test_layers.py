"""The code's shape, checked on the source: imports go one way (ui -> calibration -> models -> engines), one package
imports each engine, only the dashboard imports Streamlit, no sector is named in the dashboard's code, modules stay
short, and every word of the translation table is used."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from ui import i18n

REPO = Path(__file__).resolve().parent.parent
SOURCES = sorted(
    p for top in ("models", "calibration", "ui") for p in (REPO / top).rglob("*.py") if ".cache" not in p.parts
)
ENTRY_POINTS = {"models/cli.py", "models/ensemble_cli.py"}
"""Command lines: above the libraries of models/, they read a --calibration file through calibration.Estimates."""
DATA_TABLES = {"ui/i18n.py"}
MAX_LINES = 300


def imports(path: Path) -> set[str]:
    """Top-level package names imported anywhere in the module (functions included)."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.add(node.module)
    return found


def rel(path: Path) -> str:
    return path.relative_to(REPO).as_posix()


@pytest.mark.parametrize("path", SOURCES, ids=rel)
def test_imports_go_one_way(path):
    name, found = rel(path), imports(path)
    tops = {module.split(".")[0] for module in found}
    if name.startswith("models/") and name not in ENTRY_POINTS:
        assert not tops & {"calibration", "ui", "streamlit"}, f"{name} imports {sorted(tops & {'calibration', 'ui'})}"
    if name.startswith("calibration/"):
        assert not tops & {"ui", "streamlit"}, name
    if not name.startswith("models/engines/"):
        assert not tops & {"pysd", "simlin"}, f"{name} imports an engine: go through models.runtime"
    if not name.startswith("ui/"):
        assert "streamlit" not in tops, name
    if name.startswith("models/engines/"):
        assert not {m for m in found if m.startswith("models.") and not m.startswith("models.engines")} - {
            "models.errors",
            "models.registry",
        }, f"{name}: a connector depends on the model files and errors only"


@pytest.mark.parametrize("path", SOURCES, ids=rel)
def test_modules_are_short(path):
    lines = len(path.read_text(encoding="utf-8").splitlines())
    assert rel(path) in DATA_TABLES or lines <= MAX_LINES, f"{rel(path)}: {lines} lines (split it by job)"


def test_the_dashboard_names_no_sector():
    """Sector knowledge lives beside each model (models/<sector>/model.toml), never in ui/ (grep -ri "cae|sap" ui/)."""
    hits = [
        f"{rel(path)}:{i}"
        for path in [*(REPO / "ui").rglob("*.py"), REPO / "app.py"]
        for i, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if re.search(r"cae|sap", line, re.IGNORECASE)
    ]
    assert not hits, hits


def test_every_word_of_the_translation_table_is_used():
    """A key is used when the dashboard's code names it, or builds it from a prefix (t(f"page_{key}", ...))."""
    code = "\n".join(p.read_text(encoding="utf-8") for p in (REPO / "ui").rglob("*.py") if p.name != "i18n.py")
    prefixes = set(re.findall(r"""t\(f["']([a-z_]+)\{""", code))
    named = set(re.findall(r"""["']([a-z_0-9]+)["']""", code))
    unused = [k for k in i18n.TEXT if k not in named and not any(k.startswith(p) for p in prefixes)]
    assert not unused, unused
