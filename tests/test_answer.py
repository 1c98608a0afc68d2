"""The policymaker's path in pure functions: the answer card's figures and words, the levers' groups, search and
default start year, the state kept on a sector switch."""

from __future__ import annotations

import math
from datetime import date

import pandas as pd
import pytest

from models.catalog import catalog
from models.declaration import declaration
from models.registry import model_names
from models.scenarios import scenario_spec
from ui import answer as A
from ui import levers as L
from ui import state as S

MODELS = list(model_names())


def _frames(fte, cost, new=None):
    index = pd.Index([2026.0, 2027.0, 2028.0], name="time")
    base = pd.DataFrame(
        {
            "employment_fte": [100.0] * 3,
            "employment_headcount": [120.0] * 3,
            "net_public_cost": [1e6] * 3,
            "subsidy_dependence": [0.4] * 3,
            "operating_balance": [0.0] * 3,
        },
        index=index,
    )
    run = base.assign(employment_fte=fte, net_public_cost=cost)
    if new is not None:
        base = base.assign(employment_fte_new=[90.0] * 3, employment_fte_formalised=[10.0] * 3)
        run = run.assign(
            employment_fte_new=new, employment_fte_formalised=[f - n for f, n in zip(fte, new, strict=True)]
        )
    return run, base


@pytest.mark.parametrize(
    ("d_new", "d_cost", "kind", "per_job"),
    [
        (10.0, 1e5, "cost_per_job", 1e4),
        (-10.0, -1e5, "saving_per_job_lost", 1e4),  # a cut: positive, money saved per job lost
        (10.0, -1e5, "jobs_and_saving", math.nan),
        (-10.0, 1e5, "jobs_lost_and_cost", math.nan),
        (0.2, 1e5, "cost_no_jobs", math.nan),
        (0.0, 0.0, "identical", math.nan),
    ],
)
def test_every_sign_of_change_gets_a_meaningful_answer(d_new, d_cost, kind, per_job):
    got_kind, got = A.classify(d_new, d_cost)
    assert got_kind == kind
    assert (math.isnan(got) and math.isnan(per_job)) or got == pytest.approx(per_job)


def test_answer_over_the_window_from_the_first_change():
    run, base = _frames([100.0, 110.0, 130.0], [1e6, 1.5e6, 2.0e6])
    assert A.first_change(run, base) == 2027.0 and A.first_change(base, base) is None
    assert A.first_change(run.iloc[1:], base) == 2027.0  # runs of different spans (a case): the common years
    a = A.answer(run, base, (2027, 2028))
    assert a.window == (2027, 2028) and a.d_fte == pytest.approx(20.0) and a.d_cost == pytest.approx(0.75e6)
    assert a.kind == "cost_per_job" and a.per_job == pytest.approx(0.75e6 / 20.0) and math.isnan(a.d_formalised)
    cut = A.answer(base, run, (2027, 2028))
    assert cut.kind == "saving_per_job_lost" and cut.per_job == pytest.approx(0.75e6 / 20.0)


def test_cost_per_job_divides_by_new_jobs_where_the_model_splits_them():
    run, base = _frames([100.0, 110.0, 130.0], [1e6, 1.5e6, 2.0e6], new=[90.0, 95.0, 105.0])
    a = A.answer(run, base, (2027, 2028))
    assert a.d_new == pytest.approx(10.0) and a.d_formalised == pytest.approx(10.0)
    assert a.per_job == pytest.approx(0.75e6 / 10.0)  # per NEW job, not per FTE


def test_credit_at_40_percent_is_answered_for_sap():
    from tests.conftest import cached_run

    run, base = cached_run("sap", "credit-40pct-2027"), cached_run("sap")
    assert A.first_change(run, base) == 2027.0
    a = A.answer(run, base, (2027, 2030))
    assert a.kind in A.KINDS and not math.isnan(a.d_cost) and abs(a.d_fte) > 0.5


def test_a_lever_moved_without_a_date_applies_from_next_year():
    spec = scenario_spec("sap")
    assert L.default_start(spec, date(2026, 12, 2)) == 2027.0
    assert L.default_start(spec, date(1980, 1, 1)) == L.initial_time(spec)  # clamped into the run
    assert L.default_start(spec, date(2300, 1, 1)) == L.final_time(spec)


@pytest.mark.parametrize("model", MODELS)
def test_every_lever_is_in_one_declared_group(model):
    levers = catalog(model).levers
    groups = L.grouped(levers, declaration(model).lever_groups)
    names = [p.py_name for _, params in groups for p in params]
    assert sorted(names) == sorted(p.py_name for p in levers) and len(names) == len(set(names))
    assert all(title is not None and title.fr and title.en for title, _ in groups)  # none left in "other"


def test_the_tax_credit_comes_first_for_sap_and_search_ignores_accents():
    groups = L.grouped(catalog("sap").levers, declaration("sap").lever_groups)
    assert groups[0][1][0].py_name == "tax_aid_rate"
    found = L.matching(catalog("sap").levers, "credit impot", lambda p: (declaration("sap").labels[p.py_name].fr,))
    assert "tax_aid_rate" in {p.py_name for p in found}
    assert L.matching(catalog("sap").levers, "zzz", lambda p: ()) == []


def test_ungrouped_levers_come_last_untitled():
    levers = catalog("cae").levers
    groups = L.grouped(levers, declaration("cae").lever_groups[:1])
    assert groups[-1][0] is None and len(groups[-1][1]) == len(levers) - len(groups[0][1])


def test_sector_switch_keeps_the_reading_year_and_a_known_watch():
    state = S.AppState(model="cae", year=2035, watch="employment_fte", moves={"contribution_rate": L.Move(0.2)})
    switched = S.switch_model(state, "sap")
    assert (switched.model, switched.year, switched.watch, switched.moves) == ("sap", 2035, "employment_fte", {})
    assert S.switch_model(state.with_(watch="entrepreneurs"), "sap").watch is None  # not a SAP variable
    assert S.switch_model(state.with_(year=1990), "sap").year is None  # before the SAP run: the default year


@pytest.mark.parametrize("model", MODELS)
@pytest.mark.parametrize("lang", ["fr", "en"])
def test_no_two_values_of_a_lever_slider_are_written_alike(model, lang):
    """Two values with one label (24.58 and 24.6 both "24,6 €/h") made the browser report a move nobody made."""
    from ui.views.explore_levers import slider_labels

    spec = scenario_spec(model)
    for param in catalog(model).levers:
        if L.is_toggle(param):
            continue
        reference = L.reference_value(spec, param, L.final_time(spec))
        choices = tuple(L.options(param, (reference, param.default)))
        labels = slider_labels(choices, param.units, lang, param.py_name)
        assert len(set(labels.values())) == len(choices), param.py_name
