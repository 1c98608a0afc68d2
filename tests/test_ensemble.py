"""Ensembles: sampling (Latin hypercube over ranges or calibration intervals), the fast many-runs path, quantile bands,
reproducibility and the CLI's bad-input handling. Every bundled model is covered."""

from __future__ import annotations

import json
import logging

import numpy as np
import pandas as pd
import pytest
from conftest import MODELS

from calibration.estimates import Estimates
from models import cli, distributed, ensemble, runtime
from models.catalog import STANDARD_INDICATORS, catalog
from models.engines import simlin as simlin_engine
from models.errors import ModelError
from models.parameters import is_lever, parameters
from models.registry import get_model
from models.scenarios import list_scenarios, scenario_spec


def small_sample(model: str, n: int, seed: int = 0, spec=None) -> ensemble.Sample:
    """Members in the middle tenth of each range: realistic runs, far from degenerate corners."""
    params = ensemble.uncertain_parameters(model, spec)
    names = [p.py_name for p in params]
    mid = np.array([(p.min + p.max) / 2 for p in params])
    half = np.array([(p.max - p.min) / 20 for p in params])
    return ensemble.sample_box(model, names, mid - half, mid + half, n, seed, "test")


# ---------------------------------------------------------------- quantiles


def test_quantiles_known_case():
    # 101 members valued 0..100 (times a factor per time and variable): quantile q is exactly 100 q x factor
    # (100 (1 - q) x factor for a negative factor, which reverses the order).
    members = np.arange(101.0)
    rng = np.random.default_rng(1)
    factors = np.array([[1.0, 10.0, -2.0], [3.0, 0.5, 7.0]])  # [time, variable]
    values = members[rng.permutation(101), None, None] * factors[None]
    table = ensemble.quantiles(np.array([2000.0, 2001.0]), ["a", "b", "c"], values, (0.05, 0.5, 0.95))
    assert list(table.columns) == ["time", "variable", "quantile", "value"]
    assert len(table) == 2 * 3 * 3
    for row in table.itertuples():
        factor = factors[int(row.time - 2000), "abc".index(row.variable)]
        q = row.quantile if factor > 0 else 1 - row.quantile
        assert row.value == pytest.approx(100 * q * factor, rel=1e-12, abs=1e-12)


@pytest.mark.slow
def test_quantiles_are_ordered_and_bracket_the_members(model):
    spec = scenario_spec(model)
    sample = small_sample(model, 40, seed=2)
    res = ensemble.evaluate(spec, sample)
    table = ensemble.quantiles(res.times, res.variables, res.values)
    wide = table.pivot_table(index=["time", "variable"], columns="quantile", values="value")
    assert (np.diff(wide.to_numpy(), axis=1) >= -1e-9 * np.abs(wide.to_numpy()[:, 1:]).clip(1)).all()
    lowest, highest = res.values.min(axis=0), res.values.max(axis=0)  # [time, variable]
    q05 = ensemble.quantiles(res.times, res.variables, res.values, (0.05,))["value"].to_numpy()
    q05 = q05.reshape(len(res.variables), -1).T
    tol = 1e-9 * np.maximum(np.abs(lowest), np.abs(highest))
    assert (q05 - lowest >= -tol).all() and (highest - q05 >= -tol).all()


# ---------------------------------------------------------------- sampling


def test_latin_hypercube_has_one_point_per_stratum():
    unit = ensemble.latin_hypercube(50, 4, np.random.default_rng(3))
    assert unit.shape == (50, 4)
    for column in unit.T:
        assert sorted(np.floor(column * 50).astype(int)) == list(range(50))


def test_samples_inside_ranges_and_levers_fixed(model):
    spec = scenario_spec(model)
    sample = ensemble.sample_ranges(model, 64, seed=5, spec=spec)
    params = parameters(model)
    assert sample.values.shape == (64, len(sample.names))
    for j, name in enumerate(sample.names):
        p = params[name]
        assert p.min <= sample.values[:, j].min() and sample.values[:, j].max() <= p.max, name
        assert not is_lever(p), name
        assert name not in spec.schedules and name not in spec.constants, name
    levers = [p.py_name for p in params.values() if is_lever(p)]
    assert levers, "every model has policy levers tagged in its .mdl comments"
    assert not set(levers) & set(sample.names)


def test_scenario_constants_are_not_sampled(model):
    for name in list_scenarios(model):
        spec = scenario_spec(model, name)
        sample = ensemble.sample_ranges(model, 4, seed=0, spec=spec)
        assert not (set(spec.constants) | set(spec.schedules)) & set(sample.names), name


@pytest.mark.slow
def test_same_seed_same_result_other_seed_other_result():
    model = MODELS[0]
    spec = scenario_spec(model)
    a = ensemble.run_ensemble(spec, 30, seed=11)
    b = ensemble.run_ensemble(spec, 30, seed=11)
    c = ensemble.run_ensemble(spec, 30, seed=12)
    pd.testing.assert_frame_equal(a, b)
    assert not np.allclose(a["value"], c["value"])


@pytest.mark.slow
def test_run_ensemble_reports_every_standard_indicator_yearly(model):
    spec = scenario_spec(model)
    table = ensemble.run_ensemble(spec, 20, seed=1)
    assert set(STANDARD_INDICATORS) <= set(table["variable"])
    assert set(ensemble.QUANTILES) == set(table["quantile"])
    assert np.allclose(table["time"], table["time"].round())
    years = runtime.save_times(spec)
    assert table["time"].nunique() == int(np.sum(np.abs(years - np.round(years)) < 1e-9))


# ---------------------------------------------------------------- the fast path equals single runs


@pytest.mark.parametrize("which", ["baseline", "last"])
def test_simulate_many_equals_simulate_with_the_same_schedules(model, which):
    scenarios = [name for name in list_scenarios(model) if name != "baseline"]
    if which == "last" and not scenarios:
        pytest.skip(f"{model} has no bundled scenario besides the baseline yet")
    spec = scenario_spec(model, None if which == "baseline" else scenarios[-1])
    sample = small_sample(model, 3, seed=4, spec=spec)
    variables = list(catalog(model).outputs)
    times, out = runtime.simulate_many(spec, sample.names, sample.values, variables)
    for i, row in enumerate(sample.values):
        single = runtime.simulate(spec.with_constants(dict(zip(sample.names, row, strict=True))), variables=variables)
        assert np.array_equal(times, single.index.to_numpy())
        np.testing.assert_array_equal(out[i], single.to_numpy())


@pytest.mark.slow
def test_simulate_many_agrees_with_pysd(model):
    spec = scenario_spec(model)
    sample = small_sample(model, 2, seed=6)
    variables = list(STANDARD_INDICATORS)
    _, fast = runtime.simulate_many(spec, sample.names, sample.values, variables)
    _, ref = runtime.simulate_many(spec, sample.names, sample.values, variables, engine="pysd")
    scale = np.maximum(np.abs(ref).max(axis=1, keepdims=True), 1e-12)
    assert np.abs(fast - ref).max() <= 1e-6 * scale.max()
    assert (np.abs(fast - ref) <= 1e-6 * scale).all()


@pytest.mark.slow
def test_local_threads_equal_serial():
    model = MODELS[0]
    spec = scenario_spec(model)
    sample = small_sample(model, 30, seed=7)
    names = list(STANDARD_INDICATORS)
    t1, serial = distributed.evaluate(spec, sample.names, sample.values, names, workers=1, chunk_size=30)
    t2, threaded = distributed.evaluate(spec, sample.names, sample.values, names, workers=2, chunk_size=7)
    assert np.array_equal(t1, t2)
    assert np.array_equal(serial, threaded)


def test_chunks_cover_every_member_once():
    assert distributed.chunks(10, 4) == [(0, 4), (4, 8), (8, 10)]
    assert distributed.chunks(3, 100) == [(0, 3)]
    bounds = distributed.chunks(10, 4)
    parts = [(a, np.zeros(2), np.zeros((b - a, 2, 1))) for a, b in bounds]
    with pytest.raises(ModelError, match="lost chunks"):
        distributed._assemble(10, parts[:-1], bounds)
    short = parts[:-1] + [(8, np.zeros(2), np.zeros((1, 2, 1)))]
    with pytest.raises(ModelError, match="returned 1 of 2"):
        distributed._assemble(10, short, bounds)


# ---------------------------------------------------------------- calibration intervals


def _write_calibration(tmp_path, model: str, entries: dict) -> str:
    path = tmp_path / "fit.json"
    path.write_text(json.dumps({"model": model, "parameters": entries}), encoding="utf-8")
    return str(path)


def _estimates(tmp_path, model: str, entries: dict) -> Estimates:
    return Estimates.load(_write_calibration(tmp_path, model, entries), model)


def test_sample_from_calibration_intervals(model, tmp_path):
    params = ensemble.uncertain_parameters(model)
    a, b, c = params[0], params[1], params[2]
    span_a, span_b = a.max - a.min, b.max - b.min
    entries = {
        a.name: {"estimate": a.min + 0.5 * span_a, "ci": [a.min + 0.4 * span_a, a.min + 0.6 * span_a]},
        b.py_name: {"estimate": b.min + 0.2 * span_b, "ci": [b.min - span_b, b.min + 0.3 * span_b]},  # clipped
        c.name: {"estimate": c.min, "bounds": [c.min, c.min + (c.max - c.min) / 4]},  # no ci: bounds
    }
    estimates = _estimates(tmp_path, model, entries)
    sample = ensemble.sample_calibration(model, estimates, 50, seed=3)
    assert sample.names == (a.py_name, b.py_name, c.py_name)
    x = sample.values
    assert x[:, 0].min() >= a.min + 0.4 * span_a - 1e-12 and x[:, 0].max() <= a.min + 0.6 * span_a + 1e-12
    assert x[:, 1].min() >= b.min and x[:, 1].max() <= b.min + 0.3 * span_b + 1e-12
    assert x[:, 2].max() <= c.min + (c.max - c.min) / 4 + 1e-12
    # the same seed gives the same sample
    assert np.array_equal(x, ensemble.sample_calibration(model, estimates, 50, seed=3).values)


def test_degenerate_intervals_reproduce_the_calibrated_run(model, tmp_path):
    """With ci = [estimate, estimate] every member is the calibrated run: all quantiles equal that run."""
    params = ensemble.uncertain_parameters(model)[:3]
    values = {p.py_name: p.min + 0.3 * (p.max - p.min) for p in params}
    entries = {name: {"estimate": v, "ci": [v, v]} for name, v in values.items()}
    spec = scenario_spec(model)
    estimates = _estimates(tmp_path, model, entries)
    table = ensemble.run_ensemble(spec, 8, seed=1, calibration=estimates, variables=["employment_fte"])
    single = runtime.simulate(spec.with_constants(values), variables=["employment_fte"])
    for q, group in table.groupby("quantile"):
        expected = single.loc[group["time"].to_numpy(), "employment_fte"].to_numpy()
        np.testing.assert_allclose(group["value"].to_numpy(), expected, rtol=1e-12, err_msg=str(q))


def test_calibration_bad_input(tmp_path):
    model = MODELS[0]
    with pytest.raises(ModelError, match="no such calibration file"):
        Estimates.load(tmp_path / "missing.json", model)
    bad = tmp_path / "bad.json"
    bad.write_text("{not json", encoding="utf-8")
    with pytest.raises(ModelError, match="not valid JSON"):
        Estimates.load(bad, model)
    with pytest.raises(ModelError, match="unknown parameter 'no such parameter'"):
        _estimates(tmp_path, model, {"no such parameter": {"estimate": 1, "ci": [0, 2]}})
    p = ensemble.uncertain_parameters(model)[0]
    with pytest.raises(ModelError, match="not an interval"):
        _estimates(tmp_path, model, {p.name: {"estimate": p.min, "ci": [p.max, p.min]}})


# ---------------------------------------------------------------- CLI


def _one_line_error(capsys, argv, match: str) -> None:
    assert cli.main(argv) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith("error:") and match in err[0], err


@pytest.mark.parametrize("samples", ["0", "-5", "ten"])
def test_cli_rejects_bad_sample_counts(capsys, tmp_path, samples):
    out = tmp_path / "x.csv"
    _one_line_error(capsys, ["ensemble", MODELS[0], "--samples", samples, "--out", str(out)], "--samples")
    _one_line_error(
        capsys,
        ["sensitivity", MODELS[0], "--method", "morris", "--output", "employment_fte", "--year", "2020"]
        + ["--samples", samples, "--out", str(out)],
        "--samples",
    )
    assert not out.exists()


def test_cli_rejects_unknown_output_and_year(capsys, tmp_path):
    model, out = MODELS[0], tmp_path / "x.csv"
    base = ["sensitivity", model, "--method", "sobol", "--samples", "4", "--out", str(out)]
    _one_line_error(capsys, [*base, "--output", "no_such_variable", "--year", "2020"], "no_such_variable")
    _one_line_error(capsys, [*base, "--output", "employment_fte", "--year", "1700"], "year 1700")
    _one_line_error(capsys, [*base, "--output", "employment_fte", "--year", "soon"], "--year")
    _one_line_error(capsys, ["ensemble", "no_such_model", "--samples", "5", "--out", str(out)], "no_such_model")
    robust = ["sensitivity", model, "--method", "robustness", "--output", "employment_fte", "--year", "2020"]
    _one_line_error(capsys, [*robust, "--samples", "5", "--out", str(out)], "--scenario")
    assert not out.exists()


@pytest.mark.slow
def test_cli_ensemble_writes_bands(capsys, tmp_path):
    model, out = MODELS[0], tmp_path / "bands.csv"
    assert cli.main(["ensemble", model, "--samples", "25", "--seed", "4", "--out", str(out)]) == 0
    table = pd.read_csv(out)
    assert list(table.columns) == ["time", "variable", "quantile", "value"]
    assert set(STANDARD_INDICATORS) <= set(table["variable"])
    expected = ensemble.run_ensemble(scenario_spec(model), 25, seed=4)
    np.testing.assert_allclose(table["value"].to_numpy(), expected["value"].to_numpy(), rtol=1e-9)


@pytest.mark.slow
def test_pysd_loop_equals_fresh_pysd_runs():
    """The looped PySD reference reuses one model copy: each member still equals a run on a fresh copy."""
    model = MODELS[0]
    spec = scenario_spec(model, (list_scenarios(model) or [None])[-1])
    sample = small_sample(model, 3, seed=8, spec=spec)
    variables = list(STANDARD_INDICATORS)
    _, looped = runtime.simulate_many(spec, sample.names, sample.values, variables, engine="pysd")
    for i in (2, 0):
        member = spec.with_constants(dict(zip(sample.names, sample.values[i], strict=True)))
        fresh = runtime.simulate(member, engine="pysd", variables=variables).to_numpy()
        np.testing.assert_array_equal(looped[i], fresh)


def test_direct_simlin_calls_equal_the_public_api(model, monkeypatch):
    """simulate_many's direct path (Simlin's C entry points) and the public Model.simulate path agree exactly."""
    spec = scenario_spec(model)
    sample = small_sample(model, 4, seed=9, spec=spec)
    variables = list(STANDARD_INDICATORS)
    info = get_model(model)
    compiled = simlin_engine.compiled(info.mdl, info.mdl_hash(), runtime.grid(spec))
    assert simlin_engine.fast_path(compiled) is not None, "pysimlin lacks what the fast path uses: check the pin"
    _, direct = runtime.simulate_many(spec, sample.names, sample.values, variables)
    monkeypatch.setattr(simlin_engine, "FAST_PATH", False)
    _, public = runtime.simulate_many(spec, sample.names, sample.values, variables)
    np.testing.assert_array_equal(direct, public)


def test_fast_path_checks_what_it_touches_and_falls_back_with_one_logged_line(monkeypatch, caplog):
    """A pysimlin without one of the private names the fast path uses (a C entry point, a Model attribute) runs
    through the public API, the same results, and says so once in the log."""
    model = MODELS[0]
    spec = scenario_spec(model)
    sample = small_sample(model, 2, seed=5, spec=spec)
    _, direct = runtime.simulate_many(spec, sample.names, sample.values, ["employment_fte"])
    monkeypatch.setattr(simlin_engine, "_reported", set())
    monkeypatch.setattr(simlin_engine, "ENTRY_POINTS", (*simlin_engine.ENTRY_POINTS, "simlin_sim_teleport"))
    with caplog.at_level(logging.WARNING, logger=simlin_engine.LOG.name):
        for _ in range(3):
            _, public = runtime.simulate_many(spec, sample.names, sample.values, ["employment_fte"])
    np.testing.assert_array_equal(direct, public)
    assert [r.getMessage() for r in caplog.records] == [
        "Simlin fast path off, using the public API: this pysimlin lacks lib.simlin_sim_teleport"
    ]
    assert simlin_engine.fast_path(object()) is None  # a model object without _ptr and _lock
    assert "Model._ptr, Model._lock" in caplog.records[-1].getMessage()
