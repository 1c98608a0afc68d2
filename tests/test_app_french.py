"""No English in the French view (AppTest): the texts of Explore (every tab), Compare, Calibration and the Workshop,
for every model, in French, hold none of a list of English words, no "None"/"nan", no raw flag code and no decimal
point in a number. Texts that quote the .mdl (a tooltip's definition) and the user's own text are not checked."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from models.registry import model_names

pytestmark = pytest.mark.slow

APP = str(Path(__file__).resolve().parent.parent / "app.py")
ENGLISH = re.compile(
    r"\b(the|and|of|with|from|per|rate|share|households?|workers?|employment|cost|hours|standard|indicator|"
    r"baseline|scenario|spec|upload|estimate|bounds|flags?|condition number|runs?|None|nan)\b"
)
RAW = re.compile(r"\b\w+_\w+\b|\d\.\d")  # a code (at_upper_bound, employment_fte) or a decimal point
PAGES = {
    "explore": {"views": ("employment", "finance", "orgs", "data")},
    "compare": {},
    "workshop": {},
}


def _texts(at: AppTest) -> list[str]:
    out = [
        e.value
        for kind in ("markdown", "caption", "subheader", "header", "title", "info", "warning")
        for e in at.get(kind)
    ]
    out += [m.label for m in at.metric] + [str(m.value) for m in at.metric]
    out += [e.label for e in at.expander] + [e.label for e in at.get("tab")]
    for frame in at.dataframe:
        out += [str(c) for c in frame.value.columns]
        out += [str(v) for v in frame.value.to_numpy().ravel()]
    return [x for x in out if x]


def _offending(texts: list[str]) -> list[str]:
    return [x for x in texts if ENGLISH.search(x) or RAW.search(x.replace("FIGURES.md", ""))]


@pytest.mark.parametrize("model", list(model_names()))
@pytest.mark.parametrize("page", ["explore", "compare", "workshop"])
def test_the_french_view_has_no_english(model, page):
    at = AppTest.from_file(APP, default_timeout=180)
    query = {"model": model, "lang": "fr", "page": page}
    if page == "explore":
        query["scenario"] = {"sap": "credit-40pct-2027", "cae": "subsidies-halved-2026"}[model]
    at.query_params.update(query)
    at.run()
    assert not at.exception and not at.error
    found = _offending(_texts(at))
    for view in PAGES[page].get("views", ()):
        at.segmented_control(key="w.view").set_value(view).run()
        found += _offending(_texts(at))
    assert not found, sorted(set(found))[:20]
