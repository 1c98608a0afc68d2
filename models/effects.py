"""Policy effects: a scenario minus its counterfactual over a window of years, and where the jobs come from.

A measure's effect is the difference between two runs that differ only by the measure: ``scenario - against``. For a
reform (``credit-40pct-2027``) the scenario is the reform and ``against`` the baseline; for a measure of the past
(the 2007 credit) the scenario is the baseline and ``against`` the counterfactual without it (``no-credit-2007``).
Every quantity is the mean over the window of the yearly values.

Jobs are split as the models define them (SAP: ``employment_fte = employment_fte_new + employment_fte_formalised``):
*new* is work that did not exist (all paid hours at homes, declared or not), *formalised* is undeclared work that
became declared (negative: declared work pushed into undeclared work), *moved* is the employment that changed form of
production (half the sum of the absolute changes by form, less the net change). The cost per job divides the change
in net public cost by the change in new FTE: a positive ratio with both changes negative is public money saved per job
lost.

With a calibration, the same parameter sets drawn from its 95% intervals run both scenarios (paired members), so the
interval is that of the effect itself, not of each run.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace

import numpy as np
import pandas as pd

from models import ensemble, runtime
from models.catalog import catalog
from models.errors import ModelError
from models.spec import RunSpec

FTE = "employment_fte"
NEW, FORMALISED = "employment_fte_new", "employment_fte_formalised"
BY_FORM = ("employment_fte_direct", "employment_fte_mandataire", "employment_fte_providers")
MONEY = ("net_public_cost", "public_spending", "public_returns", "tax_aid_cost")
QUANTITIES = (
    "employment_fte",
    "employment_fte_new",
    "employment_fte_formalised",
    "employment_fte_moved",
    "net_public_cost",
    "public_spending",
    "public_returns",
    "tax_aid_cost",
    "cost_per_new_fte",
    "cost_per_formalised_fte",
)
"""What an effect table reports (those the model defines)."""
PROBS = (0.05, 0.5, 0.95)
MIN_JOBS = 0.5
"""FTE: a smaller change of jobs is no change (no cost per job is computed on it)."""


@dataclass(frozen=True)
class Window:
    """Years ``start``..``end`` (inclusive), whose yearly values are averaged."""

    start: float
    end: float

    def __post_init__(self) -> None:
        if not (np.isfinite(self.start) and np.isfinite(self.end)) or self.end < self.start:
            raise ModelError(f"window {self.start:g}-{self.end:g}: the end must be a year at or after the start")

    def years(self) -> np.ndarray:
        return np.arange(self.start, self.end + 1e-9, 1.0)


def needed_variables_of(known) -> list[str]:
    """The outputs an effect needs, among the variables ``known``."""
    known = set(known)
    return [v for v in (FTE, NEW, FORMALISED, *BY_FORM, *MONEY) if v in known]


def needed_variables(model: str) -> list[str]:
    """The outputs an effect of ``model`` needs (those it defines)."""
    return needed_variables_of(catalog(model).outputs)


def check_window(spec: RunSpec, window: Window) -> None:
    times = runtime.save_times(spec)
    if window.start < times[0] - 1e-9 or window.end > times[-1] + 1e-9:
        raise ModelError(f"window {window.start:g}-{window.end:g} is outside the run {times[0]:g}-{times[-1]:g}")


def window_means(times: np.ndarray, values: np.ndarray, window: Window) -> np.ndarray:
    """``values[..., time, variable]`` -> mean over the window's years ``[..., variable]`` (linear interpolation)."""
    years = window.years()
    idx = np.searchsorted(times, years - 1e-9)
    if (idx >= len(times)).any() or not np.allclose(times[idx], years):
        grid = np.moveaxis(values, -2, -1)  # [..., variable, time]
        interp = np.apply_along_axis(lambda s: np.interp(years, times, s), -1, grid)
        return interp.mean(axis=-1)
    return values[..., idx, :].mean(axis=-2)


def decompose(deltas: Mapping[str, np.ndarray]) -> dict[str, np.ndarray]:
    """Effect quantities from the window-mean differences of the model's outputs (arrays: one value per member)."""
    out = {k: np.asarray(deltas[k], dtype=float) for k in (FTE, NEW, FORMALISED, *MONEY) if k in deltas}
    if all(k in deltas for k in BY_FORM):
        forms = np.stack([np.asarray(deltas[k], dtype=float) for k in BY_FORM])
        out["employment_fte_moved"] = (np.abs(forms).sum(axis=0) - np.abs(forms.sum(axis=0))) / 2
    with np.errstate(divide="ignore", invalid="ignore"):
        if "net_public_cost" in out and NEW in out:
            out["cost_per_new_fte"] = np.where(np.abs(out[NEW]) > MIN_JOBS, out["net_public_cost"] / out[NEW], np.nan)
        if "net_public_cost" in out and FORMALISED in out:
            ratio = out["net_public_cost"] / out[FORMALISED]
            out["cost_per_formalised_fte"] = np.where(np.abs(out[FORMALISED]) > MIN_JOBS, ratio, np.nan)
    return {k: out[k] for k in QUANTITIES if k in out}


def effect(
    scenario: RunSpec, against: RunSpec, window: Window, engine: str = runtime.DEFAULT_ENGINE
) -> dict[str, float]:
    """The effect of ``scenario`` against ``against`` over ``window`` at the specs' own values."""
    if scenario.model != against.model:
        raise ModelError(f"scenario is for model {scenario.model!r}, the counterfactual for {against.model!r}")
    for spec in (scenario, against):
        check_window(spec, window)
    names = needed_variables(scenario.model)
    means = []
    for spec in (scenario, against):
        table = runtime.simulate(spec, engine, variables=names)
        means.append(window_means(table.index.to_numpy(dtype=float), table.to_numpy(dtype=float), window))
    deltas = dict(zip(names, means[0] - means[1], strict=True))
    return {k: float(v) for k, v in decompose(deltas).items()}


def effect_interval(
    scenario: RunSpec,
    against: RunSpec,
    window: Window,
    calibration: ensemble.Calibrated,
    n: int,
    seed: int | None = None,
    probs: tuple[float, ...] = PROBS,
    **options,
) -> pd.DataFrame:
    """Quantiles of the effect over ``n`` parameter sets drawn from the calibration's 95% intervals, each run on both
    scenarios: long table ``quantity, quantile, value``, plus ``members`` (how many members gave the ratio: a cost per
    job is undefined where the job change is nil)."""
    for spec in (scenario, against):
        check_window(spec, window)
    names = needed_variables(scenario.model)
    run_scenario, sample = ensemble.prepare(scenario, 2 * n, seed, calibration, outputs=len(names), **options)
    sample = replace(sample, values=sample.values[:n])  # the budget counted both runs of each member
    run_against = ensemble.calibrated_spec(against, calibration)
    results = [ensemble.evaluate(spec, sample, names, **options) for spec in (run_scenario, run_against)]
    means = [window_means(r.times, r.values, window) for r in results]  # [member, variable]
    deltas = dict(zip(names, (means[0] - means[1]).T, strict=True))
    rows = []
    for quantity, values in decompose(deltas).items():
        finite = values[np.isfinite(values)]
        for q in probs:
            rows.append(
                {
                    "quantity": quantity,
                    "quantile": q,
                    "value": float(np.quantile(finite, q)) if finite.size else np.nan,
                    "members": int(finite.size),
                }
            )
    return pd.DataFrame(rows)


def effect_table(
    scenario: RunSpec,
    against: RunSpec,
    window: Window,
    calibration: ensemble.Calibrated | None = None,
    n: int = 0,
    seed: int | None = None,
    **options,
) -> pd.DataFrame:
    """Long table ``quantity, statistic, value``: the effect at the specs' values (``value``), and with a calibration
    and ``n`` members its 5%, 50% and 95% quantiles (``q05``, ``q50``, ``q95``). ``options`` as for
    :func:`models.ensemble.evaluate` (``engine``, ``backend``...)."""
    point = effect(scenario, against, window, options.get("engine", runtime.DEFAULT_ENGINE))
    rows = [{"quantity": k, "statistic": "value", "value": v} for k, v in point.items()]
    if calibration is not None and n > 0:
        bands = effect_interval(scenario, against, window, calibration, n, seed, **options)
        for row in bands.itertuples():
            statistic = f"q{round(row.quantile * 100):02d}"
            rows.append({"quantity": row.quantity, "statistic": statistic, "value": row.value})
    return pd.DataFrame(rows)
