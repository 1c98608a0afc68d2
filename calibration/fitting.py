"""Fitting a model to its targets: multi-start least squares, a global check, intervals, statistics.

``fit(model, spec, targets, until, seed, progress)`` runs, in order:

1. bounded ``least_squares`` from the model's defaults and ``method.starts`` Latin-hypercube points;
2. ``differential_evolution`` over the whole box (``method.global_check``); if it finds a lower chi^2, that point is
   polished by ``least_squares`` and kept (the message says so);
3. the Jacobian diagnostics and the 95% intervals (profile likelihood or bootstrap, see calibration.uncertainty);
4. the fit statistics of every target series on the fitted targets, and on the held-out ones (``until``).

Everything random derives from ``seed``: the same inputs give the same result.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import numpy as np
import pandas as pd

from calibration.errors import CalibrationError
from calibration.optimize import LocalFit, global_check, jacobian, local_fit, multistart, start_points
from calibration.paths import display_path
from calibration.problem import Evaluator, Rows
from calibration.result import CalibrationResult, Estimate
from calibration.spec_data import spec_to_dict
from calibration.specs import CalibrationSpec, load_spec
from calibration.stats import SeriesFit, series_fit
from calibration.targets import IN_MEMORY, load_targets, select, split_until, targets_hash
from calibration.uncertainty import (
    CHI2_95,
    bootstrap_intervals,
    jacobian_record,
    jacobian_summary,
    parameter_flags,
    profile_intervals,
)
from models import runtime
from models.catalog import catalog
from models.registry import get_model

Progress = Callable[[float], None]
STAGES = {"starts": 0.35, "global": 0.2, "uncertainty": 0.45}


def fit(
    model: str,
    spec: CalibrationSpec | str | Path | None = None,
    targets: pd.DataFrame | str | Path | None = None,
    until: float | None = None,
    seed: int | None = None,
    progress: Progress | None = None,
    engine: str = runtime.DEFAULT_ENGINE,
    on_run: Callable[[int], None] | None = None,
    workers: int = 1,
) -> CalibrationResult:
    """Calibrate ``model``: estimates, intervals, flags and fit statistics (see the module docstring).

    ``spec``: a CalibrationSpec, a spec path or bundled name (default ``calibration/specs/<model>.toml``);
    ``targets``: a DataFrame or CSV path (default: the spec's targets file); ``until`` [year]: fit only targets up to
    it and report the later ones as holdout (default: the spec's); ``seed`` (default: the spec's);
    ``progress(fraction)`` is called as the work advances, ``on_run(model runs so far)`` after every model run;
    either may raise to stop the fit (the exception propagates, nothing is returned); ``workers``: processes for the
    starts and profiles (same numbers: calibration.parallel; only the parent calls ``on_run``). Raises CalibrationError
    on bad input; a fit that does not converge comes back with ``converged=False`` and the reason in ``message``.
    """
    started = time.perf_counter()
    model_hash = get_model(model).mdl_hash()
    spec = spec if isinstance(spec, CalibrationSpec) else load_spec(model, spec)
    if spec.model != model:
        raise CalibrationError(f"spec {spec.name!r} is for model {spec.model!r}, not {model!r}")
    seed = spec.seed if seed is None else int(seed)
    until = spec.until if until is None else until
    if seed < 0:
        raise CalibrationError(f"--seed must be an integer >= 0, got {seed}")
    if until is not None and not math.isfinite(until):
        raise CalibrationError(f"--until must be a year, got {until}")
    ev, fit_rows, holdout_rows, chosen = problem(spec, targets, until, engine)
    ev.on_run = on_run
    report = _stages(progress, spec)
    rng = np.random.default_rng(seed)

    search = _search(ev, fit_rows, spec, seed, rng, report, workers)
    best = search.best
    summary = jacobian_summary(jacobian(ev, fit_rows, best.x))
    tick = report("uncertainty")
    if spec.method.uncertainty == "bootstrap":
        n = spec.method.bootstrap_samples
        intervals = bootstrap_intervals(ev, fit_rows, best, n, rng, spec.method.max_nfev, tick)
    else:
        intervals = profile_intervals(ev, fit_rows, best, summary.standard_errors, spec.method.max_nfev, tick, workers)
    flags = parameter_flags(tuple(b.name for b in spec.parameters), best.x, intervals.low, intervals.high, summary)
    estimates = tuple(
        Estimate(
            name=b.name,
            estimate=float(ev.theta(best.x)[k]),
            ci=(float(ev.theta(intervals.low)[k]), float(ev.theta(intervals.high)[k])),
            bounds=(b.low, b.high),
            flags=tuple(flags[k]),
        )
        for k, b in enumerate(spec.parameters)
    )
    misfit = best.chi2 > len(fit_rows) + 3 * math.sqrt(2 * len(fit_rows))  # > 3 sd above a chi2 with n d.o.f.
    notes = search.notes + _warnings(best, intervals.better, misfit, len(fit_rows), estimates)
    notes.append(f"{ev.runs} model runs in {time.perf_counter() - started:.1f} s")
    if get_model(model).mdl_hash() != model_hash:
        raise CalibrationError(f"{model}.mdl (or its policy timeline) changed during the fit; run it again")
    if progress:
        progress(1.0)
    fitted, held = ev.predict(best.x, fit_rows), ev.predict(best.x, holdout_rows)
    diagnostics = {
        "until": until,
        "engine": engine,
        "objective_definition": "chi2 = sum of squared weighted residuals (model - data)/sigma",
        "n_fit_targets": len(fit_rows),
        "n_holdout_targets": len(holdout_rows),
        "chi2_per_target": best.chi2 / len(fit_rows),
        "misfit": bool(misfit),
        "uncertainty": spec.method.uncertainty,
        "interval": "95%: profile chi2 rise 3.84 (-log L rise 1.92)"
        if spec.method.uncertainty == "profile"
        else f"95%: parametric bootstrap percentiles, {spec.method.bootstrap_samples} refits",
        "profile_threshold": CHI2_95,
        **jacobian_record([b.name for b in spec.parameters], summary, ev.high - ev.low),
        "starts": [{"objective": f.chi2, "status": f.status, "model_runs": f.nfev} for f in search.fits],
        "global_check": search.global_check,
        "model_runs": ev.runs,
        "wall_time_s": round(time.perf_counter() - started, 3),
        "residuals": _residual_records(fit_rows, fitted, "fit") + _residual_records(holdout_rows, held, "holdout"),
    }
    return CalibrationResult(
        model=model,
        model_hash=model_hash,
        targets_hash=targets_hash(chosen),
        spec={**spec_to_dict(spec), "targets": _targets_label(targets, spec)},
        seed=seed,
        created=datetime.now(UTC).replace(microsecond=0).isoformat(),
        parameters=estimates,
        fit=_series_stats(fit_rows, fitted),
        holdout=_series_stats(holdout_rows, held),
        objective=best.chi2,
        converged=best.converged,
        message="; ".join(notes),
        diagnostics=diagnostics,
    )


@dataclass(frozen=True, eq=False)
class Search:
    """Outcome of the optimisation: the best local fit, every start's, the global check, and what to say."""

    best: LocalFit
    fits: tuple[LocalFit, ...]
    global_check: dict | None
    notes: list[str]


def _search(
    ev: Evaluator, rows: Rows, spec: CalibrationSpec, seed: int, rng: np.random.Generator, report, workers: int
) -> Search:
    """Multi-start least_squares from the defaults and a Latin hypercube, then the differential-evolution check."""
    method = spec.method
    starts = start_points(ev.unit(np.array([b.default for b in spec.parameters])), method.starts, rng)
    fits = tuple(multistart(ev, rows, starts, method.max_nfev, report("starts"), workers))
    best = min(fits, key=lambda f: (not np.isfinite(f.chi2), f.chi2))
    notes = [f"least_squares from {len(starts)} starts: best chi2 {best.chi2:.6g} ({best.message.rstrip('.')})"]
    if not method.global_check:
        return Search(best, fits, None, notes)
    dim = len(spec.parameters)
    de_x, de_chi2 = global_check(ev, rows, dim, seed, method.de_maxiter, method.de_popsize, report("global"))
    improved = de_chi2 < best.chi2 - 1e-6 * max(1.0, best.chi2)
    if improved:
        polished = local_fit(ev, rows, de_x, method.max_nfev)
        best = polished if polished.chi2 < best.chi2 else best
        notes.append(f"differential evolution found a lower chi2 ({de_chi2:.6g}); polished to {best.chi2:.6g}")
    else:
        notes.append(f"differential evolution found no lower chi2 (its best: {de_chi2:.6g})")
    return Search(best, fits, {"objective": de_chi2, "improved": bool(improved)}, notes)


def _warnings(
    best: LocalFit, better: LocalFit | None, misfit: bool, n_fit: int, estimates: tuple[Estimate, ...]
) -> list[str]:
    notes = []
    if not best.converged:
        notes.append(f"did not converge: {best.message.rstrip('.')} (status {best.status})")
    if better is not None:
        notes.append(
            f"warning: the profile met a lower chi2 ({better.chi2:.6g}) than the fit: the optimum found is local; "
            "add starts or enable the global check"
        )
    if misfit:
        notes.append(
            f"warning: chi2 {best.chi2:.4g} is far above the ~{n_fit} expected from {n_fit} targets: the model misses "
            "the data by more than their sigma, and the intervals, which assume it fits, are too narrow"
        )
    flagged = [f"{e.name} ({', '.join(e.flags)})" for e in estimates if e.flags]
    notes.append(f"flagged: {'; '.join(flagged)}" if flagged else "no parameter flagged")
    return notes


def problem(
    spec: CalibrationSpec,
    targets: pd.DataFrame | str | Path | None = None,
    until: float | None = None,
    engine: str = runtime.DEFAULT_ENGINE,
) -> tuple[Evaluator, Rows, Rows, pd.DataFrame]:
    """The estimation problem: ``(evaluator, fitted rows, held-out rows, all chosen targets)``."""
    table = load_targets(targets if targets is not None else spec.targets_path, spec.model)
    chosen = _chosen_targets(table, spec)
    fitted, held = split_until(chosen, until)
    if fitted.empty:
        raise CalibrationError(
            f"--until {until:g} leaves no target to fit (the first target is at {chosen['time'].min():g})"
        )
    if not (fitted["weight"] > 0).any():
        where = table.attrs.get("where", "targets")
        raise CalibrationError(f"{where}: every target has weight 0: nothing to fit (a chi2 of 0 would mean nothing)")
    fit_rows, holdout_rows = Rows.of(fitted, spec.log_variables), Rows.of(held, spec.log_variables)
    return Evaluator(spec, [fit_rows, holdout_rows], engine), fit_rows, holdout_rows, chosen


def _targets_label(targets: pd.DataFrame | str | Path | None, spec: CalibrationSpec) -> str:
    """Where the targets came from, as stored in the result (a table given in memory has no path)."""
    if targets is None:
        return display_path(spec.targets_path)
    if isinstance(targets, str | Path):
        return display_path(targets)
    return IN_MEMORY


def _chosen_targets(table: pd.DataFrame, spec: CalibrationSpec) -> pd.DataFrame:
    book = catalog(spec.model)
    for name in spec.log_variables + spec.variables:
        if not book.is_output(name.split(":")[0]):
            raise CalibrationError(str(book.unknown([name], f"{spec.path}: [objective]")))
    chosen = select(table, spec.scenario, spec.variables)
    if chosen.empty:
        scenario = spec.scenario or "baseline"
        raise CalibrationError(
            f"{table.attrs.get('where', 'targets')}: no target for scenario {scenario!r}"
            + (f" and variables {', '.join(spec.variables)}" if spec.variables else "")
        )
    return chosen


def _stages(progress: Progress | None, spec: CalibrationSpec) -> Callable[[str], Callable[[float], None]]:
    """``report(stage)(fraction of that stage)`` -> ``progress(fraction of the whole fit)``."""
    weights = dict(STAGES)
    if not spec.method.global_check:
        weights["global"] = 0.0
    total = sum(weights.values())
    offsets, acc = {}, 0.0
    for name, w in weights.items():
        offsets[name] = acc / total
        acc += w

    def report(stage: str) -> Callable[[float], None]:
        def tick(fraction: float) -> None:
            if progress is not None:
                progress(min(1.0, offsets[stage] + weights[stage] / total * max(0.0, min(1.0, fraction))))

        return tick

    return report


def _series_stats(rows: Rows, model: np.ndarray) -> dict[str, SeriesFit]:
    table = rows.table
    return {
        series: series_fit(rows.data[idx], model[idx])
        for series, idx in table.groupby("series", sort=True).indices.items()
    }


def _residual_records(rows: Rows, model: np.ndarray, part: str) -> list[dict]:
    res = rows.residuals(model)
    return [
        {
            "series": row.series,
            "time": row.time,
            "time_end": row.time_end,
            "data": row.value,
            "model": float(m),
            "sigma": row.sigma,
            "residual": float(r),
            "set": part,
        }
        for row, m, r in zip(rows.table.itertuples(), model, res, strict=True)
    ]
