"""Moving each policy lever in the Explore page moves the expected metric in the expected direction (AppTest),
and every lever of every model changes what the page shows."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from models.catalog import catalog
from models.registry import model_names
from models.scenarios import scenario_spec
from ui.i18n import t
from ui.levers import is_toggle, options, reference_value
from ui.tables import variable_info

pytestmark = pytest.mark.slow

APP = str(Path(__file__).resolve().parent.parent / "app.py")
MODELS = list(model_names())
READING_YEAR = "2035"

# (model, lever) -> (which end of its range, watched indicator, expected sign of the change against the baseline[,
# reading year when not READING_YEAR]). Why each holds is in the lever's and the indicator's .mdl comments (loops in
# DESIGN-NOTES.md).
EXPECTED = {
    ("cae", "rights_maintained_during_cape"): ("min", "entrepreneurs", -1),  # fewer benefit recipients apply
    ("cae", "micro_entrepreneur_regime_in_force"): ("min", "entrepreneurs", +1),  # no alternative regime from 2009
    ("cae", "law_2014_in_force"): ("min", "associate_share", -1),  # no associateship within 3 years
    ("cae", "creation_grant_per_new_cae"): ("max", "cae", +1),  # more cooperatives created
    ("cae", "caseload_per_permanent"): ("max", "permanents_per_100_entrepreneurs", -1),  # fewer staff per entrepreneur
    ("cae", "contribution_rate"): ("max", "entrepreneurs", -1),  # a heavy take pushes the successful out (B3)
    ("cae", "contribution_rule_in_force"): ("min", "applied_contribution_rate", -1, "2010"),  # the 2009-10 strain
    ("cae", "maximum_contribution_rate"): ("min", "applied_contribution_rate", -1, "2010"),  # members refuse a rise
    ("cae", "entry_fee"): ("max", "entrepreneurs", -1),  # a fee deters applicants
    ("cae", "subsidy_per_accompanied_entrepreneur"): ("max", "subsidy_dependence", +1),
    ("cae", "structural_grant_per_cae"): ("max", "subsidy_dependence", +1),
    ("cae", "public_money_indexation"): ("min", "subsidy_dependence", -1),  # frozen public money loses its value
    # SAP: a higher credit rate lowers the net price, raises declared hours and tax expenditure
    ("sap", "tax_aid_rate"): ("max", "hours_declared", +1),
    ("sap", "vat_rate_sap"): ("max", "hours_declared", -1),
    ("sap", "per_hour_deduction"): ("max", "hours_declared", +1),
    # the calibrated inactive households barely respond to the price (DARES: hours -0.2% in 2017), so the 2017
    # generalisation moves the aid, not the hours
    ("sap", "credit_for_all_households"): ("min", "tax_aid_cost", -1),
    ("sap", "plan_borloo_in_force"): ("min", "hours_prestataire", -1),
    ("sap", "operating_grant_per_association"): ("max", "subsidy_dependence", +1),
}


def _lever_cases():
    return [(m, p.py_name) for m in MODELS for p in catalog(m).levers]


def _far_end(model: str, lever: str, end: str | None = None) -> float:
    param = catalog(model)[lever]
    if end is None:  # the end of the range farther from the value in force at the end of the run
        ref = reference_value(scenario_spec(model), param, 1e9)
        end = "min" if abs(ref - param.min) > abs(ref - param.max) else "max"
    return param.min if end == "min" else param.max


def _move(at: AppTest, model: str, lever: str, value: float, whole_run: bool = True) -> AppTest:
    """Move a lever; ``whole_run``: then set its year to the first one (a lever moved applies from next year unless
    the user asks to rewrite history; these tests read years before that)."""
    param = catalog(model)[lever]
    key = f"lever.{model}.{lever}"
    if is_toggle(param):
        at.toggle(key=key).set_value(value >= 0.5)
    else:
        choices = options(param, (value,))
        at.select_slider(key=key).set_value(min(choices, key=lambda c: abs(c - value)))
    at.run()
    starts = [n for n in at.number_input if n.key == f"from.{model}.{lever}"]
    start = starts[0] if starts else None
    if whole_run and start is not None and start.value != start.min:
        start.set_value(start.min).run()
    return at


def _metric(at: AppTest, model: str, indicator: str):
    name = variable_info(model)[indicator].label("en")
    return next(m for m in at.metric if m.label == name)


@pytest.mark.parametrize(("model", "lever"), sorted(EXPECTED))
def test_lever_moves_the_expected_metric(model, lever):
    end, indicator, sign, *year = EXPECTED[(model, lever)]
    at = AppTest.from_file(APP, default_timeout=120)
    reading = year[0] if year else READING_YEAR
    at.query_params.update({"model": model, "lang": "en", "watch": indicator, "year": reading})
    at.run()
    before = _metric(at, model, indicator)
    assert before.delta.startswith("±"), before.delta  # nothing moved yet
    at = _move(at, model, lever, _far_end(model, lever, end))
    assert not at.exception and not at.error
    after = _metric(at, model, indicator)
    assert after.delta != before.delta  # the card's value is rounded to 3 digits; its change is written in full
    assert after.delta[0] == ("+" if sign > 0 else "-"), (lever, indicator, after.delta)
    assert f"p.{lever}" in at.query_params


@pytest.mark.parametrize(("model", "lever"), _lever_cases())
def test_every_lever_changes_the_results(model, lever):
    """Each lever, moved to one end of its range or the other, changes at least one stock or indicator shown in
    the Data view (a lever that changes nothing is dead or mislabelled)."""
    at = AppTest.from_file(APP, default_timeout=120)
    at.query_params.update({"model": model, "lang": "fr", "year": READING_YEAR})
    at.run()
    at.segmented_control(key="w.view").set_value("data").run()
    param = catalog(model)[lever]
    changed = []
    for end in (_far_end(model, lever), param.min, param.max):
        at = _move(at, model, lever, end)
        assert not at.exception and not at.error
        changed.append((at.dataframe[0].value["Δ"] != "").any())
        if changed[-1]:
            break
    assert any(changed), f"moving {lever} to either end of its range changed nothing shown"


def test_every_lever_has_an_expected_direction_for_cae():
    """The direction table covers every CAE lever (a new lever needs its expectation written down)."""
    assert {lever for (m, lever) in EXPECTED if m == "cae"} == {p.py_name for p in catalog("cae").levers}


def test_dated_switch_applies_from_its_year_only():
    at = AppTest.from_file(APP, default_timeout=120)
    at.query_params.update({"model": "cae", "lang": "en", "watch": "contribution_rate", "year": "2028"})
    at.run()
    at = _move(at, "cae", "contribution_rate", 0.2, whole_run=False)
    at.number_input(key="from.cae.contribution_rate").set_value(2030).run()
    assert not at.exception and not at.error
    assert at.query_params["p.contribution_rate"] == "0.2@2030"
    assert _metric(at, "cae", "contribution_rate").delta.startswith("±")  # 2028: not yet
    at.slider(key="w.year").set_value(2031).run()
    assert _metric(at, "cae", "contribution_rate").delta.startswith("+")


def test_reset_returns_to_the_scenario():
    at = AppTest.from_file(APP, default_timeout=120)
    at.query_params.update({"model": "cae", "lang": "en", "p.contribution_rate": "0.2"})
    at.run()
    assert "p.contribution_rate" in at.query_params
    next(b for b in at.button if b.label == t("reset_levers", "en")).click().run()
    assert "p.contribution_rate" not in at.query_params
    assert at.select_slider(key="lever.cae.contribution_rate").value == pytest.approx(0.1)
