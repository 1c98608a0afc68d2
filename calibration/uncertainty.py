"""How sure each estimate is, and which parameters the data cannot pin down.

* Jacobian diagnostics at the optimum (unit box, so parameter units do not matter): condition number (largest over
  smallest singular value), linearised standard errors and the parameter correlation matrix from (J'J)^-1.
* 95% intervals by **profile likelihood**: for each parameter, the values at which chi^2, re-minimised over the other
  parameters, rises by 3.84 above its minimum (a rise of 1.92 in negative log-likelihood); or by **parametric
  bootstrap**: ``n`` (>= 200) refits on data simulated from the fitted model with the targets' sigma, 2.5-97.5%
  percentiles.
* Flags, by name: ``at_lower_bound``/``at_upper_bound`` (the estimate sits on a bound), ``unidentifiable`` (the
  interval spans the whole bounds, or the targets do not respond to the parameter), ``ci_reaches_lower_bound``/
  ``ci_reaches_upper_bound`` (the data give only one side), ``correlated_with:<name>`` (|correlation| > 0.95: only a
  combination of the two is identified).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from calibration.optimize import LocalFit, local_fit
from calibration.parallel import run_tasks
from calibration.problem import Evaluator, Rows

CHI2_95 = 3.841458820694124
"""Rise of chi^2 (= 2 x the rise of -log L, 1.92) bounding a 95% profile-likelihood interval, one parameter."""
EDGE = 1e-3
"""Closer than this share of the bounds to a bound counts as 'at the bound'."""
CORRELATION_FLAG = 0.95
PROFILE_XTOL = 2e-3


@dataclass(frozen=True, eq=False)
class JacobianSummary:
    condition_number: float
    standard_errors: np.ndarray  # unit box
    correlations: np.ndarray
    sensitivity: np.ndarray  # norm of each column: how much the targets respond


def jacobian_summary(jac: np.ndarray) -> JacobianSummary:
    """Condition number, linearised standard errors and correlations from the residuals' Jacobian (unit box)."""
    jac = np.atleast_2d(np.asarray(jac, dtype=float))
    p = jac.shape[1]
    singular = np.linalg.svd(jac, compute_uv=False) if jac.size else np.zeros(p)
    smallest = singular[p - 1] if singular.size >= p else 0.0
    cond = float(singular[0] / smallest) if smallest > 0 else math.inf
    cov = np.linalg.pinv(jac.T @ jac)
    se = np.sqrt(np.clip(np.diag(cov), 0, None))
    with np.errstate(divide="ignore", invalid="ignore"):
        corr = cov / np.outer(se, se)
    corr = np.where(np.isfinite(corr), np.clip(corr, -1, 1), math.nan)
    np.fill_diagonal(corr, 1.0)
    return JacobianSummary(cond, se, corr, np.linalg.norm(jac, axis=0))


@dataclass(frozen=True, eq=False)
class Intervals:
    low: np.ndarray  # unit box
    high: np.ndarray
    better: LocalFit | None  # a point with lower chi^2 met while profiling (the optimum was local)
    samples: np.ndarray | None = None  # bootstrap estimates (unit box)


def jacobian_record(names: list[str], summary: JacobianSummary, widths: np.ndarray) -> dict:
    """The diagnostics a result stores: condition number, standard errors (natural units), correlations."""
    return {
        "condition_number": summary.condition_number,
        "standard_errors": dict(zip(names, (summary.standard_errors * widths).tolist(), strict=True)),
        "correlations": {"names": names, "matrix": summary.correlations.tolist()},
    }


def profile_intervals(
    ev: Evaluator,
    rows: Rows,
    best: LocalFit,
    se: np.ndarray,
    max_nfev: int,
    tick: Callable[[float], None] = lambda f: None,
    workers: int = 1,
) -> Intervals:
    """95% profile-likelihood interval of every parameter (unit box); the 2 sides of each on ``workers`` processes."""
    p = best.x.size
    low, high = np.zeros(p), np.ones(p)
    better: LocalFit | None = None
    sides = [(k, direction) for k in range(p) for direction in (-1.0, 1.0)]

    def side(e: Evaluator, kd: tuple[int, float]) -> tuple[float, LocalFit | None]:
        return _profile_side(e, rows, best, kd[0], kd[1], float(se[kd[0]]), max_nfev)

    for (k, direction), (edge, lowest) in zip(sides, run_tasks(ev, side, sides, workers, tick), strict=True):
        (low if direction < 0 else high)[k] = edge
        if lowest is not None and (better is None or lowest.chi2 < better.chi2):
            better = lowest
    return Intervals(low, high, better)


def _profile_side(
    ev: Evaluator, rows: Rows, best: LocalFit, k: int, direction: float, se: float, max_nfev: int
) -> tuple[float, LocalFit | None]:
    """Where the profile of parameter ``k`` crosses chi2_min + 3.84 going ``direction``; the bound if it never does."""
    target = best.chi2 + CHI2_95
    edge = 0.0 if direction < 0 else 1.0
    start = float(best.x[k])
    if abs(start - edge) < 1e-12:
        return edge, None
    lowest: LocalFit | None = None

    def profile(v: float, warm: np.ndarray) -> LocalFit:
        nonlocal lowest
        fit = local_fit(ev, rows, warm, max_nfev, fixed={k: v})
        if fit.chi2 < best.chi2 - 1e-6 * max(1.0, best.chi2) and (lowest is None or fit.chi2 < lowest.chi2):
            lowest = fit
        return fit

    step = min(max(se if math.isfinite(se) else 0.05, 0.01), 0.25)
    inside_v, inside_chi, inside_x = start, best.chi2, best.x
    while True:
        v = min(1.0, max(0.0, inside_v + direction * step))
        fit = profile(v, inside_x)
        if fit.chi2 >= target:
            outside_v, outside_chi = v, fit.chi2
            break
        inside_v, inside_chi, inside_x = v, fit.chi2, fit.x
        if v == edge:
            return edge, lowest
        step *= 2
    for _ in range(12):
        if abs(outside_v - inside_v) < PROFILE_XTOL:
            break
        share = (target - inside_chi) / (outside_chi - inside_chi)
        v = inside_v + min(0.9, max(0.1, share)) * (outside_v - inside_v)  # safeguarded regula falsi
        fit = profile(v, inside_x)
        if fit.chi2 >= target:
            outside_v, outside_chi = v, fit.chi2
        else:
            inside_v, inside_chi, inside_x = v, fit.chi2, fit.x
    share = (target - inside_chi) / (outside_chi - inside_chi) if outside_chi > inside_chi else 0.5
    return inside_v + share * (outside_v - inside_v), lowest


def bootstrap_intervals(
    ev: Evaluator,
    rows: Rows,
    best: LocalFit,
    n: int,
    rng: np.random.Generator,
    max_nfev: int,
    tick: Callable[[float], None] = lambda f: None,
) -> Intervals:
    """Parametric bootstrap: ``n`` refits on data = fitted model + Gaussian noise of the targets' sigma."""
    fitted = ev.predict(best.x, rows)
    spread = np.divide(rows.scale, rows.sqrt_weight, out=np.zeros_like(rows.scale), where=rows.sqrt_weight > 0)
    samples = []
    for b in range(n):
        noise = rng.standard_normal(len(rows)) * spread
        data = np.where(rows.log, fitted * np.exp(noise), fitted + noise)
        refit = local_fit(ev, rows.with_data(data), best.x, max_nfev)
        samples.append(refit.x)
        tick((b + 1) / n)
    draws = np.array(samples)
    low, high = np.percentile(draws, [2.5, 97.5], axis=0)
    return Intervals(low, high, None, draws)


def parameter_flags(
    names: tuple[str, ...], x: np.ndarray, low: np.ndarray, high: np.ndarray, summary: JacobianSummary
) -> list[list[str]]:
    """Flags of each parameter (see the module docstring), from the estimate, its interval and the Jacobian."""
    scale = float(summary.sensitivity.max()) if summary.sensitivity.size else 0.0
    out = []
    for k in range(len(names)):
        flags = []
        at_low, at_high = x[k] <= EDGE, x[k] >= 1 - EDGE
        if at_low:
            flags.append("at_lower_bound")
        if at_high:
            flags.append("at_upper_bound")
        reaches_low, reaches_high = low[k] <= EDGE, high[k] >= 1 - EDGE
        insensitive = summary.sensitivity[k] <= 1e-8 * max(1.0, scale)
        if (reaches_low and reaches_high) or insensitive:
            flags.append("unidentifiable")
        else:
            if reaches_low and not at_low:
                flags.append("ci_reaches_lower_bound")
            if reaches_high and not at_high:
                flags.append("ci_reaches_upper_bound")
        for j, other in enumerate(names):
            if j != k and abs(summary.correlations[k, j]) > CORRELATION_FLAG:
                flags.append(f"correlated_with:{other}")
        out.append(flags)
    return out
