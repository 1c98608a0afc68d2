"""The tabs of each page by id, so that a link names the one open (``tab=<id>``, :mod:`ui.state`) whatever the
language. Explore's tabs follow the sector's declaration (its charts); the others are fixed. Pure, no Streamlit."""

from __future__ import annotations

from models.declaration import FIXED_VIEWS, declaration
from models.errors import ModelError

LAST = "data"  # Explore's data tab closes the row, after the fixed views and the declared charts
FIXED = {"model": ("diagram", "loops", "doc"), "calibration": ("result", "run")}


def ids(model: str, page: str) -> tuple[str, ...]:
    """The tabs of ``page`` for sector ``model``, the default first (none for a page without tabs)."""
    if page == "explore":
        try:
            declared = tuple(chart.id for chart in declaration(model).charts if chart.variables)
        except ModelError:  # a malformed model.toml: its page says what is wrong
            declared = ()
        return tuple(dict.fromkeys((*(v for v in FIXED_VIEWS if v != LAST), *declared, LAST)))
    if page == "validity":
        from calibration.validation import SECTIONS  # the report's sections (a heavy module: imported when asked)

        return SECTIONS
    return FIXED.get(page, ())


def valid(model: str, page: str, tab: str) -> str:
    """``tab`` when ``page`` has it, else "" (the default tab)."""
    return tab if tab in ids(model, page) else ""
