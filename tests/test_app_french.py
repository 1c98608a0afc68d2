"""No English in the French view (AppTest): the texts of Explore (every tab), Compare, Calibration and the Workshop,
for every model, in French, hold none of a list of English words, no "None"/"nan", no raw flag code and no decimal
point in a number. Texts that quote the .mdl (a tooltip's definition) and the user's own text are not checked.
Every uncertain constant (sliders, sensitivity tornado, estimates tables) has a French name (fast, no AppTest)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from models import ensemble
from models.registry import model_names
from ui.tables import variable_info

if TYPE_CHECKING:
    from streamlit.testing.v1 import AppTest

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


@pytest.mark.slow
@pytest.mark.parametrize("model", list(model_names()))
@pytest.mark.parametrize("page", ["explore", "compare", "workshop"])
def test_the_french_view_has_no_english(model, page):
    from streamlit.testing.v1 import AppTest  # here: the fast subset need not import Streamlit

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


@pytest.mark.parametrize("model", list(model_names()))
def test_every_uncertain_constant_has_a_french_name(model):
    """The sliders, the sensitivity tornado and the estimates tables name the uncertain constants: one with no French
    name (names_fr.toml, or a label of model.toml) shows its English .mdl name in the French view."""
    info = variable_info(model)
    missing = sorted(
        p.name
        for p in ensemble.uncertain_parameters(model)
        if info[p.py_name].label("fr") == info[p.py_name].label("en")
    )
    assert not missing, f"{model}: no French name in models/{model}/names_fr.toml for {missing}"
