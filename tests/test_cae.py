"""CAE model: reality checks, policy directions, the governance compromise, case scale."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from models import runtime
from models.scenarios import scenario_spec
from tests.conftest import cached_run


def run(**constants: float) -> pd.DataFrame:
    return runtime.simulate(scenario_spec("cae").with_constants(constants))


def test_no_applicants_means_no_new_entrepreneurs() -> None:
    table = run(applications_per_cae=0)
    assert table["cumulative_applications"].max() == 0
    assert table["entrepreneurs"].max() == 0
    assert table["employment_fte"].iloc[-1] == pytest.approx(table["permanents"].iloc[-1])


def test_no_public_money_means_no_subsidy_dependence() -> None:
    table = run(subsidy_per_accompanied_entrepreneur=0, structural_grant_per_cae=0, creation_grant_per_new_cae=0)
    assert np.allclose(table["subsidy_dependence"], 0)
    assert np.allclose(table["resource_share_public"], 0)
    assert (table["entrepreneurs"].iloc[-1]) > 0


def test_baseline_orders_of_magnitude_match_figures_1_1() -> None:
    """FIGURES.md 1.1: ~70 CAE in 2010, 80-92 CAE and ~5,000 entrepreneurs in 2011, ~6,500 ES around 2014."""
    table = cached_run("cae")
    assert 1 <= table.loc[1995, "cae"] < 2
    assert 50 <= table.loc[2010, "cae"] <= 100
    assert 2_500 <= table.loc[2011, "entrepreneurs"] <= 10_000
    assert 3_000 <= table.loc[2014, "entrepreneurs"] <= 13_000
    assert 0.3 <= table.loc[2011, "subsidy_dependence"] <= 0.7


def window(table: pd.DataFrame, column: str, start: int = 2027, end: int = 2035) -> float:
    return float(table.loc[start:end, column].mean())


def test_halving_subsidies_lowers_dependence_and_public_spending() -> None:
    base, cut = cached_run("cae"), cached_run("cae", "subsidies-halved-2026")
    pd.testing.assert_frame_equal(base.loc[:2025], cut.loc[:2025])
    assert window(cut, "subsidy_dependence") < window(base, "subsidy_dependence")
    assert window(cut, "public_spending") < window(base, "public_spending")


def test_ending_rights_maintenance_cuts_applications_and_benefits_paid() -> None:
    base, cut = cached_run("cae"), cached_run("cae", "no-rights-maintenance")
    assert window(cut, "applications") < 0.5 * window(base, "applications")
    assert cut.loc[2027:, "unemployment_benefits_during_cape"].max() == 0
    assert window(cut, "entrepreneurs") < window(base, "entrepreneurs")


def test_no_2014_law_means_fewer_associates() -> None:
    base, nolaw = cached_run("cae"), cached_run("cae", "no-2014-law")
    pd.testing.assert_frame_equal(base.loc[:2015], nolaw.loc[:2015])
    assert window(nolaw, "associates", 2020, 2030) < 0.6 * window(base, "associates", 2020, 2030)


def test_higher_contribution_raises_members_share_and_exits_of_the_successful() -> None:
    base, high = cached_run("cae"), cached_run("cae", "contribution-12pct")
    assert window(high, "resource_share_members") > window(base, "resource_share_members")
    assert window(high, "give_take_effect_associates") > window(base, "give_take_effect_associates")


def test_heavier_contribution_pushes_successful_entrepreneurs_out_loop_b3() -> None:
    """Exit to own firm rises with the contribution (what the cooperative takes) — IGAS/IGF 2021."""
    low, high = run(contribution_rate=0.06), run(contribution_rate=0.2)
    assert window(high, "es_exits_to_own_firm") / window(high, "entrepreneurs_salaries") > window(
        low, "es_exits_to_own_firm"
    ) / window(low, "entrepreneurs_salaries")


def test_fewer_permanents_per_entrepreneur_with_a_larger_caseload() -> None:
    small, large = run(caseload_per_permanent=25), run(caseload_per_permanent=60)
    assert window(large, "permanents_per_100_entrepreneurs") < window(small, "permanents_per_100_entrepreneurs")


@pytest.mark.parametrize("scenario", [None, "contribution-12pct", "subsidies-halved-2026"])
def test_structure_balances_without_subsidies_exactly_when_contribution_exceeds_break_even(scenario) -> None:
    table = cached_run("cae", scenario)
    table = table[table["entrepreneurs_turnover"] > 0]
    without_public = table["member_contributions"] + table["structure_market_income"] - table["structure_costs"]
    margin = table["contribution_rate"] - table["break_even_contribution_rate"]
    assert (np.sign(without_public.round(6)) == np.sign(margin.round(12))).all()
    assert (margin < 0).any(), "the structures should depend on subsidies in some years"


@pytest.mark.parametrize("case", ["case-coopaname", "case-oxalis"])
def test_case_scale_is_one_cooperative(case: str) -> None:
    table = cached_run("cae", case)
    assert np.allclose(table["cae"], 1)
    assert table["entrepreneurs"].max() < 2_000
    assert table.index[0] > 1995


def test_coopaname_case_near_its_figures() -> None:
    """FIGURES.md 1.2: 400 members 2010, ~500 in 2011; seed: 45% subsidies in the structure's budget."""
    table = cached_run("cae", "case-coopaname")
    assert 200 <= table.loc[2010, "entrepreneurs"] <= 800
    assert 0.3 <= table.loc[2010, "subsidy_dependence"] <= 0.6
