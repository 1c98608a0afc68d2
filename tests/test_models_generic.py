"""Behaviour every bundled model must have, run on every model and scenario.

Engines agree; accounting identities hold (people, euros, ledger); no negative stock or NaN with levers at their
bounds; halving the time step moves indicators by < 1%; a run never affects the next; the golden baseline holds;
every variable is documented with units, every constant with a range and a source; Simlin's unit check is clean.
"""

from __future__ import annotations

import math
import re
import tomllib

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from models import runtime
from models.catalog import STANDARD_INDICATORS, catalog
from models.engines import simlin
from models.parameters import parameters
from models.registry import get_model
from models.scenarios import scenario_spec
from models.spec import RunSpec
from tests.conftest import MODEL_SCENARIOS, MODELS, cached_run


def relative_gap(a: pd.Series | np.ndarray, b: pd.Series | np.ndarray) -> float:
    """Largest |a-b| relative to the series' own scale (max |b|, at least 1e-9)."""
    a, b = np.asarray(a, float), np.asarray(b, float)
    scale = max(np.max(np.abs(b)), 1e-9)
    return float(np.max(np.abs(a - b)) / scale)


# ------------------------------------------------------------------ engines


@pytest.mark.slow
@pytest.mark.parametrize(("model", "scenario"), MODEL_SCENARIOS)
def test_simlin_agrees_with_pysd_reference(model: str, scenario: str) -> None:
    fast, ref = cached_run(model, scenario, "simlin"), cached_run(model, scenario, "pysd")
    assert list(fast.index) == list(ref.index)
    worst = {v: relative_gap(fast[v], ref[v]) for v in ref.columns}
    bad = {v: g for v, g in worst.items() if g > 1e-6}
    assert not bad, f"Simlin differs from PySD beyond 1e-6 relative: {bad}"


def test_identifiers_match_between_engines(model: str) -> None:
    assert set(catalog(model).outputs) <= simlin.variable_names(get_model(model).mdl)


# ------------------------------------------------------------------ accounting identities


def identities(model: str) -> list[dict]:
    path = get_model(model).folder / "checks.toml"
    return tomllib.loads(path.read_text())["identity"]


def side_sum(table: pd.DataFrame, constants: dict[str, float], terms: list) -> np.ndarray:
    total = np.zeros(len(table))
    for term in terms:
        if isinstance(term, int | float):
            total += term
        elif term in table.columns:
            total += table[term].to_numpy()
        else:
            total += constants[term]
    return total


def constants_of(spec: RunSpec) -> dict[str, float]:
    values = {name: p.default for name, p in parameters(spec.model).items()}
    values.update(spec.constants)
    return values


@pytest.mark.parametrize(("model", "scenario"), MODEL_SCENARIOS)
def test_accounting_identities_hold(model: str, scenario: str) -> None:
    table = cached_run(model, scenario)
    constants = constants_of(scenario_spec(model, scenario))
    assert identities(model), "checks.toml lists no identity"
    for identity in identities(model):
        lhs = side_sum(table, constants, identity["lhs"])
        rhs = side_sum(table, constants, identity["rhs"])
        scale = max(np.max(np.abs(lhs)), np.max(np.abs(rhs)), 1.0)
        gap = np.max(np.abs(lhs - rhs)) / scale
        assert gap < 1e-6, f"{identity['name']}: relative gap {gap:.2e}"


def test_identities_name_real_variables(model: str) -> None:
    known = catalog(model)
    for identity in identities(model):
        for term in identity["lhs"] + identity["rhs"]:
            assert isinstance(term, int | float) or term in known, f"{identity['name']}: unknown {term!r}"


def test_identity_check_can_fail(model: str) -> None:
    """The identity check detects a leak: dropping any term of the first identity that is not zero breaks it."""
    table = cached_run(model)
    identity = identities(model)[0]
    constants = constants_of(scenario_spec(model))
    lhs = side_sum(table, constants, identity["lhs"])
    scale = max(np.max(np.abs(lhs)), 1.0)
    dropped = 0
    for k, term in enumerate(identity["rhs"]):
        if np.max(np.abs(side_sum(table, constants, [term]))) / scale < 1e-6:
            continue  # a term that is zero in the baseline (e.g. unmet hours) cannot reveal a leak here
        rhs = side_sum(table, constants, identity["rhs"][:k] + identity["rhs"][k + 1 :])
        assert np.max(np.abs(lhs - rhs)) / scale > 1e-6, term
        dropped += 1
    assert dropped, "every term of the identity is zero"


# ------------------------------------------------------------------ bounds


def bounded(model: str) -> dict:
    return {n: p for n, p in parameters(model).items() if math.isfinite(p.min) and math.isfinite(p.max)}


def assert_sane(model: str, table: pd.DataFrame, where: str) -> None:
    values = table.to_numpy(dtype=float)
    assert np.isfinite(values).all(), f"{where}: NaN or inf in {list(table.columns[~np.isfinite(values).all(0)])}"
    stocks = table[list(catalog(model).nonnegative_stocks)]
    scale = np.maximum(stocks.abs().max(), 1.0)
    negative = stocks.min() < -1e-9 * scale
    assert not negative.any(), f"{where}: negative stocks {list(stocks.columns[negative])}"


@pytest.mark.slow
@pytest.mark.parametrize("model", MODELS)
@pytest.mark.parametrize("corner", ["min", "max"])
def test_every_lever_at_each_bound_alone(model: str, corner: str) -> None:
    base = scenario_spec(model)
    for name, param in bounded(model).items():
        table = runtime.simulate(base.with_constants({name: getattr(param, corner)}), variables=None)
        assert_sane(model, table, f"{name}={getattr(param, corner)}")


@pytest.mark.parametrize("model", MODELS)
def test_all_levers_at_bounds_together(model: str) -> None:
    base = scenario_spec(model)
    for corner in ("min", "max"):
        values = {n: getattr(p, corner) for n, p in bounded(model).items()}
        assert_sane(model, runtime.simulate(base.with_constants(values)), f"all at {corner}")


@pytest.mark.slow
@pytest.mark.parametrize("model", MODELS)
def test_random_corners_and_interiors(model: str) -> None:
    params = bounded(model)
    names = sorted(params)

    def value(name: str):
        p = params[name]
        return st.one_of(st.sampled_from([p.min, p.max, p.default]), st.floats(p.min, p.max, allow_subnormal=False))

    @settings(max_examples=40, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck))
    @given(st.fixed_dictionaries({n: value(n) for n in names}))
    def check(values: dict[str, float]) -> None:
        assert_sane(model, runtime.simulate(scenario_spec(model).with_constants(values)), str(values))

    check()


# ------------------------------------------------------------------ numerics and isolation


@pytest.mark.parametrize("model", MODELS)
def test_halving_the_time_step_changes_indicators_by_less_than_one_percent(model: str) -> None:
    spec = scenario_spec(model)
    dt = catalog(model).times["time_step"]
    names = list(catalog(model).indicators)
    checks = tomllib.loads((get_model(model).folder / "checks.toml").read_text())
    scales = checks.get("halving_scale", {})
    start = checks.get("halving_from", -math.inf)
    wanted = names + [v for v in scales.values() if v not in names]
    coarse = runtime.simulate(spec, variables=wanted).loc[start:]
    fine = runtime.simulate(spec.with_time(time_step=dt / 2), variables=wanted).loc[start:]
    gaps = {}
    for n in names:
        scale = max(np.max(np.abs(fine[scales.get(n, n)])), 1e-9)
        gaps[n] = float(np.max(np.abs(coarse[n] - fine[n])) / scale)
    assert max(gaps.values()) < 0.01, {n: g for n, g in gaps.items() if g >= 0.01}


@pytest.mark.slow
@pytest.mark.parametrize("engine", runtime.ENGINES)
def test_a_run_does_not_affect_the_next(model: str, engine: str) -> None:
    spec = scenario_spec(model)
    first = runtime.simulate(spec, engine=engine)
    changed = {n: p.max for n, p in list(bounded(model).items())[:10]}
    runtime.simulate(spec.with_constants(changed), engine=engine)
    again = runtime.simulate(spec, engine=engine)
    pd.testing.assert_frame_equal(first, again)


@pytest.mark.slow
def test_golden_baseline(model: str) -> None:
    golden = pd.read_csv(get_model(model).golden)
    table = cached_run(model, None, "pysd")
    for variable, rows in golden.groupby("variable"):
        ours = table[variable].reindex(rows["time"].to_numpy())
        gap = relative_gap(ours.to_numpy(), rows["value"].to_numpy())
        assert gap < 1e-8, f"{variable} moved from the golden baseline ({gap:.2e}); see models/golden.py"


# ------------------------------------------------------------------ documentation and units


def test_standard_indicators_are_defined(model: str) -> None:
    book = catalog(model)
    for name, unit in STANDARD_INDICATORS.items():
        assert name in book, f"{model} lacks the standard indicator {name}"
        assert book[name].units.replace(" ", "") == unit.replace(" ", ""), name


def test_resource_shares_sum_to_one(model: str) -> None:
    table = cached_run(model)
    total = table[["resource_share_market", "resource_share_members", "resource_share_public"]].sum(axis=1)
    assert np.allclose(total, 1.0, atol=1e-9)


def test_every_variable_has_units_and_a_comment(model: str) -> None:
    book = catalog(model)
    assert not [v.name for v in book if not v.units.strip()]
    assert not [v.name for v in book if not v.comment.strip()]


def test_every_constant_has_a_range_and_a_source(model: str) -> None:
    for param in parameters(model).values():
        assert math.isfinite(param.min) and math.isfinite(param.max), f"{param.name} has no [min,max]"
        assert param.min <= param.default <= param.max, f"{param.name} default outside its range"
        assert param.source, f"{param.name}: comment names no source"


def test_simlin_unit_check_is_clean(model: str) -> None:
    assert simlin.unit_issues(get_model(model).mdl) == []


def test_unit_check_catches_a_wrong_unit(model: str, tmp_path) -> None:
    """The unit check can fail: declaring a flow's stock as a rate in a copy of the .mdl is reported."""
    text = get_model(model).mdl.read_text(encoding="utf-8")
    stock = catalog(model)[catalog(model).stocks[0]]
    real, unit = stock.name, stock.units
    start = re.search(rf"\n{re.escape(real)}\s*=\s*INTEG", text).start()
    unit_at = re.compile(rf"~\s*{re.escape(unit)}").search(text, start)
    broken = text[: unit_at.start()] + "~\tyear" + text[unit_at.end() :]
    copy = tmp_path / "broken.mdl"
    copy.write_text(broken, encoding="utf-8")
    assert simlin.unit_issues(copy)
