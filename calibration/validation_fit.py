"""Validation report, the past: behaviour reproduction (every target series against the calibrated model, with the
band its 95% intervals give) and out of sample (committed ``--until`` backtests: error on the held-back years).

Functions take a calibration result and return plain data (dicts of lists, JSON-ready), with a verdict per series
and per section (:mod:`calibration.verdicts`).
"""

from __future__ import annotations

import math
from dataclasses import replace

import numpy as np
import pandas as pd

from calibration import verdicts as V
from calibration.comparison import fit_table
from calibration.errors import CalibrationError
from calibration.estimates import Estimates
from calibration.paths import TARGETS_DIR, display_path, resolve_path
from calibration.problem import Rows, predictions
from calibration.result import CalibrationResult, committed_results, load_result
from calibration.stats import series_fit
from calibration.targets import load_targets, select
from models import ensemble, runtime
from models.errors import ModelError
from models.scenarios import scenario_spec

BAND_MEMBERS = 40
"""Members drawn from the calibration's 95% intervals for the band around the model line."""


def applicable(result: CalibrationResult, path: str) -> tuple[CalibrationResult, Estimates | None, str]:
    """``(result to run, its estimates or None, note)``: a result whose estimates no longer fit the model (a renamed
    constant, a value out of its range) is run at the .mdl's defaults, and the note says so."""
    try:
        return result, Estimates.load(path, result.model), ""
    except ModelError as exc:
        note = f"the calibration does not apply to the current model ({exc}); the model's defaults are used"
        return replace(result, parameters=()), None, note


def _targets(result: CalibrationResult) -> pd.DataFrame:
    spec = result.spec
    table = load_targets(resolve_path(spec.get("targets") or TARGETS_DIR / f"{result.model}.csv"), result.model)
    scenario = spec.get("scenario")
    chosen = select(table, None if scenario in (None, "baseline") else scenario, tuple(spec["objective"]["variables"]))
    return chosen[chosen["transform"] != "effect"].reset_index(drop=True)


def data_vs_model(result: CalibrationResult) -> pd.DataFrame:
    """Every target row of the result's spec (effects aside) with the model's value at the estimates:
    ``series, time, value, sigma, set, model``."""
    chosen = _targets(result)
    if chosen.empty:
        raise CalibrationError(f"{result.spec.get('name')}: no target row to compare")
    scenario = result.spec.get("scenario")
    end = math.ceil(float(chosen["time_end"].max()))
    spec = scenario_spec(result.model, None if scenario in (None, "baseline") else scenario)
    variables = sorted(set(chosen["variable"]))
    wide = runtime.simulate(spec.with_constants(result.estimates).with_time(final_time=end), variables=variables)
    columns = {c: wide[c].to_numpy(dtype=float) for c in sorted(set(chosen["variable"]))}
    model = predictions(wide.index.to_numpy(dtype=float), columns, Rows.of(chosen, ()))
    until = result.diagnostics.get("until")
    late = chosen["time"] > until + 1e-9 if until is not None else np.zeros(len(chosen), bool)
    return pd.DataFrame(
        {
            "series": chosen["series"],
            "time": (chosen["time"] + chosen["time_end"]) / 2,
            "value": chosen["value"].astype(float),
            "sigma": chosen["sigma"].astype(float),
            "set": np.where(late, "holdout", "fit"),
            "model": model,
        }
    )


def series_stats(rows: pd.DataFrame) -> list[dict]:
    """Statistics and verdict of each series of ``rows`` (from :func:`data_vs_model`)."""
    out = []
    for series, group in rows.groupby("series", sort=True):
        fit = series_fit(group["value"].to_numpy(), group["model"].to_numpy())
        sigma_rms = float(np.sqrt(np.mean(group["sigma"].to_numpy(dtype=float) ** 2)))
        verdict = V.series_verdict(fit.rmse, sigma_rms, fit.mape, fit.um)
        out.append({"series": series, **fit.to_dict(), "sigma_rms": sigma_rms, "verdict": verdict})
    return out


def _lines(result: CalibrationResult) -> list[dict]:
    table = fit_table(result)
    model = table[table["kind"] == "model"]
    return model[["time", "variable", "value"]].rename(columns={"variable": "series"}).to_dict("records")


def band(result: CalibrationResult, estimates: Estimates, n: int = BAND_MEMBERS, seed: int = 0) -> list[dict]:
    """The 5-95% band of each level and growth series over ``n`` members drawn from the calibration's intervals."""
    chosen = _targets(result)
    scenario = result.spec.get("scenario")
    end = math.ceil(float(chosen["time_end"].max()))
    spec = scenario_spec(result.model, None if scenario in (None, "baseline") else scenario).with_time(final_time=end)
    variables = sorted(set(chosen["variable"]))
    run, sample = ensemble.prepare(spec, n, seed, estimates, outputs=len(variables))
    runs = ensemble.evaluate(run, sample, variables)
    out = []
    for series, group in chosen.groupby("series", sort=True):
        values = runs.values[:, :, variables.index(group["variable"].iloc[0])]
        times = runs.times
        if (group["transform"] == "growth").any():
            with np.errstate(divide="ignore", invalid="ignore"):
                values, times = values[:, 1:] / values[:, :-1] - 1, times[1:]
        low, high = np.nanquantile(values, [0.05, 0.95], axis=0)
        out += [
            {"series": series, "time": float(t), "low": float(a), "high": float(b)}
            for t, a, b in zip(times, low, high, strict=True)
        ]
    return out


def behaviour(result: CalibrationResult, path: str, with_band: bool = True) -> dict:
    """The behaviour-reproduction section for one calibration: rows, lines, band, per-series statistics."""
    run, estimates, note = applicable(result, path)
    note = note.replace(path, display_path(path))
    rows = data_vs_model(run)
    stats = series_stats(rows[rows["set"] == "fit"])
    return {
        "calibration": display_path(path),
        "scenario": result.spec.get("scenario") or "baseline",
        "note": note,
        "points": rows.to_dict("records"),
        "lines": _lines(run),
        "band": band(run, estimates) if with_band and estimates is not None else [],
        "band_members": BAND_MEMBERS if with_band and estimates is not None else 0,
        "series": stats,
        "verdict": V.worst(s["verdict"] for s in stats),
        "rule": V.SERIES_RULE,
    }


def backtests(model: str) -> list[tuple[str, CalibrationResult]]:
    """The committed results of ``model`` fitted with ``--until`` (``(path, result)``, by cut year)."""
    found = []
    for path in committed_results(model).values():
        result = load_result(path)
        if result.diagnostics.get("until") is not None:
            found.append((str(path), result))
    return sorted(found, key=lambda item: item[1].diagnostics["until"])


def out_of_sample(model: str) -> dict:
    """The out-of-sample section: each committed backtest's error on its held-back years (verdict ``none`` when the
    model has no backtest, with how to make one)."""
    items = []
    for path, result in backtests(model):
        run, _, note = applicable(result, path)
        note = note.replace(path, display_path(path))
        rows = data_vs_model(run)
        held = rows[rows["set"] == "holdout"]
        stats = series_stats(held)
        items.append(
            {
                "calibration": display_path(path),
                "until": result.diagnostics["until"],
                "note": note,
                "points": rows.to_dict("records"),
                "lines": _lines(run),
                "series": stats,
                "verdict": V.worst(s["verdict"] for s in stats),
            }
        )
    how = (
        f'add a spec calibration/specs/{model}-until-YEAR.toml (extends = "{model}.toml", until = YEAR), then '
        f"`python -m calibration refit-all --spec {model}-until-YEAR` writes the backtest"
    )
    return {"backtests": items, "verdict": V.worst(i["verdict"] for i in items), "rule": V.SERIES_RULE, "how": how}
