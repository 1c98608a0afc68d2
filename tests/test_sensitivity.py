"""Sensitivity: Morris and Sobol indices against analytic answers (through the same code path as the models), a
constant without influence gets a zero index on every model, and the policy-robustness share."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from conftest import MODELS

from models import cli, ensemble, runtime, sensitivity
from models.errors import ModelError
from models.parameters import is_lever, parameters
from models.scenarios import list_scenarios, scenario_spec

UNIT3 = {"num_vars": 3, "names": ["x1", "x2", "x3"], "bounds": [[0.0, 1.0]] * 3}


def linear(x: np.ndarray) -> np.ndarray:
    """4 x1 + 2 x2 (x3 has no influence): S1 = ST = (0.8, 0.2, 0) on the unit cube; elementary effects (4, 2, 0)."""
    return 4 * x[:, 0] + 2 * x[:, 1] + 0 * x[:, 2]


def ishigami(x: np.ndarray, a: float = 7.0, b: float = 0.1) -> np.ndarray:
    return np.sin(x[:, 0]) + a * np.sin(x[:, 1]) ** 2 + b * x[:, 2] ** 4 * np.sin(x[:, 0])


def ishigami_indices(a: float = 7.0, b: float = 0.1) -> tuple[np.ndarray, np.ndarray]:
    """Exact first-order and total Sobol indices of the Ishigami function on [-pi, pi]^3."""
    v1 = 0.5 * (1 + b * math.pi**4 / 5) ** 2
    v2 = a**2 / 8
    v13 = b**2 * math.pi**8 * (1 / 18 - 1 / 50)
    total = v1 + v2 + v13
    return np.array([v1, v2, 0.0]) / total, np.array([v1 + v13, v2, v13]) / total


def test_sobol_linear_known_answer():
    table, runs, _ = sensitivity.sobol_indices(UNIT3, linear, 1024, seed=1)
    assert runs == 1024 * (3 + 2)
    np.testing.assert_allclose(table["S1"], [0.8, 0.2, 0.0], atol=0.05)
    np.testing.assert_allclose(table["ST"], [0.8, 0.2, 0.0], atol=0.05)
    assert abs(table["ST"].iloc[2]) < 1e-12  # no influence: exactly zero total effect
    assert abs(table["S1"].iloc[2]) <= table["S1_conf"].iloc[2] + 1e-3
    assert (table[["S1_conf", "ST_conf"]] >= 0).all().all()


def test_sobol_ishigami_known_answer():
    prob = {"num_vars": 3, "names": ["x1", "x2", "x3"], "bounds": [[-math.pi, math.pi]] * 3}
    table, _, _ = sensitivity.sobol_indices(prob, ishigami, 2048, seed=3)
    first, total = ishigami_indices()
    np.testing.assert_allclose(table["S1"], first, atol=0.06)
    np.testing.assert_allclose(table["ST"], total, atol=0.06)
    assert table["ST"].iloc[2] > table["S1"].iloc[2] + 0.1  # x3 acts only through its interaction with x1


def test_morris_linear_known_answer():
    table, runs, excluded = sensitivity.morris_indices(UNIT3, linear, 20, seed=2)
    assert excluded == 0
    assert runs == 20 * (3 + 1)
    np.testing.assert_allclose(table["mu_star"], [4.0, 2.0, 0.0], atol=1e-9)
    np.testing.assert_allclose(table["mu"], [4.0, 2.0, 0.0], atol=1e-9)
    np.testing.assert_allclose(table["sigma"], [0.0, 0.0, 0.0], atol=1e-9)


def test_indices_are_reproducible_with_a_seed():
    a, _, _ = sensitivity.sobol_indices(UNIT3, linear, 256, seed=9)
    b, _, _ = sensitivity.sobol_indices(UNIT3, linear, 256, seed=9)
    pd.testing.assert_frame_equal(a, b)


def _exploding(x: np.ndarray) -> np.ndarray:
    """The linear function, except where x2 > 0.9: a blow-up (huge finite values, and NaN beyond 0.95)."""
    y = linear(x)
    y = np.where(x[:, 1] > 0.9, 4e35, y)
    return np.where(x[:, 1] > 0.95, np.nan, y)


@pytest.mark.parametrize("method", ["morris", "sobol"])
def test_exploded_members_are_excluded_counted_and_the_indices_stay_sane(method):
    if method == "morris":
        table, runs, excluded = sensitivity.morris_indices(UNIT3, _exploding, 40, seed=2)
        block = 3 + 1
        assert np.isfinite(table["mu_star"]).all() and table["mu_star"].max() < 10  # not 1e35
    else:
        table, runs, excluded = sensitivity.sobol_indices(UNIT3, _exploding, 256, seed=2)
        block = 3 + 2
        assert np.isfinite(table["ST"]).all() and table["ST"].max() < 2
    assert 0 < excluded < runs / block  # some members blew up, they are counted, most remain


def test_an_analysis_where_most_members_explode_is_refused():
    with pytest.raises(ModelError, match="non-finite or exploded output"):
        sensitivity.morris_indices(UNIT3, lambda x: np.full(x.shape[0], np.nan), 10, seed=1)
    flags = sensitivity.exploded(np.array([1.0, 2.0, np.inf, 3e9, np.nan, -2.0]))
    assert flags.tolist() == [False, False, True, True, True, False]


def test_a_declared_bound_excludes_members_a_median_rule_would_keep():
    """With the output's plausible bound, a member at 7 (a share, say, bound [0, 5]) is out although it is far
    from a millionfold explosion; the known answer: linear = 4 x1 + 2 x2 exceeds 5 only where x1 > 0.75 - x2 / 2."""
    y = np.array([1.0, 4.9, 5.0 + 1e-12, 7.0, -0.1, np.nan])
    assert sensitivity.exploded(y, (0.0, 5.0)).tolist() == [False, False, False, True, True, True]
    assert not sensitivity.exploded(y[:4]).any()  # the median rule alone keeps every finite member
    _, runs, excluded = sensitivity.morris_indices(UNIT3, linear, 40, seed=2, bound=(0.0, 5.0))
    _, _, unbounded = sensitivity.morris_indices(UNIT3, linear, 40, seed=2)
    assert unbounded == 0 and 0 < excluded < 40 / 2
    with pytest.raises(ModelError, match=r"out-of-bounds \(\[0, 1\]\) output"):
        sensitivity.sobol_indices(UNIT3, linear, 64, seed=2, bound=(0.0, 1.0))


@pytest.mark.slow
@pytest.mark.parametrize("method", sensitivity.METHODS)
def test_model_constant_without_influence_has_zero_index(model, method):
    """Output = an uncertain constant p; the other analysed constant q cannot influence it."""
    p, q = ensemble.uncertain_parameters(model)[:2]
    spec = scenario_spec(model)
    year = float(runtime.save_times(spec)[-1])
    res = sensitivity.sensitivity(spec, method, p.py_name, year, 16, seed=4, params=[p.name, q.py_name])
    table = res.table.set_index("parameter")
    if method == "sobol":
        assert table.loc[q.py_name, "ST"] == pytest.approx(0, abs=1e-12)
        assert table.loc[p.py_name, "ST"] == pytest.approx(1, abs=0.1)
        assert table.loc[p.py_name, "S1"] == pytest.approx(1, abs=0.25)
    else:
        assert table.loc[q.py_name, "mu_star"] == pytest.approx(0, abs=1e-12)
        assert table.loc[p.py_name, "mu_star"] == pytest.approx(p.max - p.min, rel=1e-9)


@pytest.mark.skipif("cae" not in MODELS, reason="CAE model not bundled")
def test_cae_rsa_amount_does_not_move_employment():
    """The RSA amount only enters the public-finance ledger, never the people chain."""
    spec = scenario_spec("cae")
    res = sensitivity.sensitivity(
        spec, "morris", "employment_fte", 2030, 6, seed=1, params=["rsa_per_year", "applications_per_cae"]
    )
    table = res.table.set_index("parameter")
    assert table.loc["rsa_per_year", "mu_star"] == 0
    assert table.loc["applications_per_cae", "mu_star"] > 0


def test_sensitivity_bad_input():
    spec = scenario_spec(MODELS[0])
    with pytest.raises(ModelError, match="unknown method"):
        sensitivity.sensitivity(spec, "fast99", "employment_fte", 2020, 8)
    with pytest.raises(ModelError, match="unknown output variable"):
        sensitivity.sensitivity(spec, "sobol", "nothing_here", 2020, 8)
    with pytest.raises(ModelError, match="not a simulated year"):
        sensitivity.sensitivity(spec, "sobol", "employment_fte", 3000, 8)
    with pytest.raises(ModelError, match="positive integer"):
        sensitivity.sensitivity(spec, "morris", "employment_fte", 2020, 0)


# ---------------------------------------------------------------- policy robustness


def test_robustness_share_counts_strict_wins():
    base = np.array([1.0, 2.0, 3.0, 4.0])
    assert sensitivity.robustness_share(base + 1, base, "higher") == (4, 4)
    assert sensitivity.robustness_share(base + 1, base, "lower") == (0, 4)
    assert sensitivity.robustness_share(base, base, "higher") == (0, 4)  # a tie is not a win
    assert sensitivity.robustness_share(np.array([0.0, 3.0, 3.0, 5.0]), base, "higher") == (2, 4)
    with pytest.raises(ModelError, match="higher"):
        sensitivity.robustness_share(base, base, "bigger")


@pytest.mark.slow
def test_robustness_of_a_dominating_scenario_is_one(model):
    """A scenario that puts a lever at its maximum beats, on that lever, a baseline at its minimum in every member."""
    spec = scenario_spec(model)
    lever = next(
        p
        for p in parameters(model).values()
        if is_lever(p) and p.max > p.min and p.py_name not in spec.schedules  # a schedule would override
    )
    base = scenario_spec(model).with_constants({lever.py_name: lever.min})
    high = scenario_spec(model).with_constants({lever.py_name: lever.max})
    year = float(runtime.save_times(base)[-1])
    res = sensitivity.robustness(base, high, lever.py_name, year, "higher", 12, seed=1)
    assert (res.members, res.wins, res.share) == (12, 12, 1.0)
    assert sensitivity.robustness(base, high, lever.py_name, year, "lower", 12, seed=1).share == 0.0


@pytest.mark.slow
@pytest.mark.skipif("cae" not in MODELS, reason="CAE model not bundled")
def test_cae_more_subsidy_always_costs_more():
    base = scenario_spec("cae")
    more = base.with_constants({"subsidy_per_accompanied_entrepreneur": 1600})
    res = sensitivity.robustness(base, more, "public_spending", 2020, "higher", 30, seed=2)
    assert res.share == 1.0


@pytest.mark.slow
def test_robustness_share_of_bundled_scenarios_in_unit_interval(model):
    scenarios = [s for s in list_scenarios(model) if s != "baseline"][:2]
    if not scenarios:
        pytest.skip(f"{model} has no bundled scenario besides the baseline yet")
    base = scenario_spec(model)
    year = float(runtime.save_times(base)[-1])
    for name in scenarios:
        spec = scenario_spec(model, name)
        if year not in runtime.save_times(spec):
            continue
        res = sensitivity.robustness(base, spec, "net_public_cost", year, "lower", 20, seed=3)
        assert 0.0 <= res.share <= 1.0 and res.members == 20


# ---------------------------------------------------------------- CLI


@pytest.mark.slow
def test_cli_sensitivity_and_robustness(tmp_path):
    model = MODELS[0]
    out = tmp_path / "morris.csv"
    argv = ["sensitivity", model, "--method", "morris", "--output", "employment_fte", "--year", "2020"]
    assert cli.main([*argv, "--samples", "4", "--seed", "1", "--out", str(out)]) == 0
    table = pd.read_csv(out)
    assert list(table.columns) == ["method", "variable", "year", "parameter", "mu", "mu_star", "mu_star_conf", "sigma"]
    assert len(table) == len(ensemble.uncertain_parameters(model, scenario_spec(model)))
    scenario = [s for s in list_scenarios(model) if s != "baseline"][0]
    out = tmp_path / "robust.csv"
    argv = ["sensitivity", model, "--method", "robustness", "--scenario", scenario, "--output", "net_public_cost"]
    argv += ["--year", "2035", "--better", "lower", "--samples", "10", "--seed", "1", "--out", str(out)]
    assert cli.main(argv) == 0
    row = pd.read_csv(out).iloc[0]
    assert row["members"] == 10 and 0 <= row["share"] <= 1 and row["wins"] == round(row["share"] * 10)
