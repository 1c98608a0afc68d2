"""Data against the calibrated model, for charts and reports: every target series with its sigma, and the model's
line at the estimates (one run of the scenario and of each counterfactual the targets name)."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pandas as pd

from calibration.errors import CalibrationError
from calibration.paths import TARGETS_DIR, resolve_path
from calibration.problem import Rows, predictions
from calibration.result import CalibrationResult
from calibration.targets import load_targets, select
from models import runtime
from models.scenarios import scenario_spec


def fit_table(result: CalibrationResult, targets: pd.DataFrame | str | Path | None = None) -> pd.DataFrame:
    """Data against model for every target series, long form: ``time, variable, value, kind, sigma, set``.

    ``variable`` is the series label (``x`` or ``x:growth``); ``kind`` is ``data`` (with ``sigma`` and ``set`` =
    fit/holdout) or ``model`` (the model at the estimates, every saved year up to the last target). Runs the model once.
    """
    spec = result.spec
    source = (
        targets if targets is not None else resolve_path(spec.get("targets") or TARGETS_DIR / f"{result.model}.csv")
    )
    table = load_targets(source, result.model)
    scenario = spec.get("scenario")
    chosen = select(table, None if scenario in (None, "baseline") else scenario, tuple(spec["objective"]["variables"]))
    if chosen.empty:
        raise CalibrationError(f"no target of scenario {scenario!r} in the targets given")
    until = result.diagnostics.get("until")
    base = scenario_spec(result.model, None if scenario in (None, "baseline") else scenario)
    end = math.ceil(float(chosen["time_end"].max()))
    variables = sorted(chosen["variable"].unique())
    wide = runtime.simulate(base.with_constants(result.estimates).with_time(final_time=end), variables=variables)
    others = {
        name: runtime.simulate(
            scenario_spec(result.model, name).with_constants(result.estimates).with_time(final_time=end),
            variables=variables,
        )
        for name in sorted({c for c in chosen["counterfactual"] if c})
    }
    data = pd.DataFrame(
        {
            "time": (chosen["time"] + chosen["time_end"]) / 2,
            "variable": chosen["series"],
            "value": chosen["value"],
            "kind": "data",
            "sigma": chosen["sigma"],
            "set": np.where(chosen["time"] > until + 1e-9, "holdout", "fit") if until is not None else "fit",
        }
    )
    frames = [data]
    columns = {c: wide[c].to_numpy(dtype=float) for c in wide.columns}
    runs = {name: {c: t[c].to_numpy(dtype=float) for c in t.columns} for name, t in others.items()}
    for series, group in chosen.groupby("series", sort=True):
        first = group.iloc[0]
        times = wide.index.to_numpy(dtype=float)
        if first.transform == "growth":
            times = times[1:]
        pointwise = {**{c: first[c] for c in group.columns}, "time": times, "time_end": times}
        rows = Rows.of(pd.DataFrame(pointwise), ())
        frames.append(
            pd.DataFrame(
                {
                    "time": times,
                    "variable": series,
                    "value": predictions(wide.index, columns, rows, runs),
                    "kind": "model",
                    "sigma": np.nan,
                }
            ).assign(set="")
        )
    return pd.concat(frames, ignore_index=True)
