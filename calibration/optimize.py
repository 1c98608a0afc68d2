"""The optimisers (scipy), all in the unit box of the parameters.

* :func:`local_fit` — bounded ``least_squares`` (trust-region reflective), optionally with some parameters fixed
  (profile likelihood);
* :func:`start_points` — the model's defaults plus a Latin hypercube of starts (``scipy.stats.qmc``);
* :func:`global_check` — ``differential_evolution`` on chi^2 over the whole box;
* :func:`jacobian` — the residuals' Jacobian at a point, for the diagnostics.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

import numpy as np
from scipy.optimize import differential_evolution, least_squares
from scipy.stats import qmc

from calibration.parallel import run_tasks
from calibration.problem import Evaluator, Rows

DIFF_STEP = 1e-4
"""Finite-difference step of the Jacobian, in the unit box (a 1e-4 share of each parameter's bounds)."""


@dataclass(frozen=True, eq=False)
class LocalFit:
    """Outcome of one least_squares run (``x`` in the unit box, all parameters)."""

    x: np.ndarray
    chi2: float
    status: int  # scipy's: > 0 converged, 0 = evaluation budget exhausted, -1 = bad input
    message: str
    nfev: int

    @property
    def converged(self) -> bool:
        return self.status > 0 and np.isfinite(self.chi2)


def local_fit(
    ev: Evaluator, rows: Rows, x0: np.ndarray, max_nfev: int, fixed: Mapping[int, float] | None = None
) -> LocalFit:
    """Minimise chi^2 from ``x0`` over the parameters not in ``fixed`` ({index: unit value})."""
    fixed = dict(fixed or {})
    base = np.clip(np.asarray(x0, dtype=float).copy(), 0.0, 1.0)
    for i, v in fixed.items():
        base[i] = v
    free = np.array([i for i in range(base.size) if i not in fixed], dtype=int)

    def full(z: np.ndarray) -> np.ndarray:
        x = base.copy()
        x[free] = z
        return x

    if free.size == 0:
        return LocalFit(base, ev.chi2(base, rows), 1, "no free parameter", 1)
    out = least_squares(
        lambda z: ev.residuals(full(z), rows),
        base[free],
        bounds=(0.0, 1.0),
        method="trf",
        diff_step=DIFF_STEP,
        max_nfev=max_nfev,
    )
    x = full(out.x)
    return LocalFit(x, float(2 * out.cost), int(out.status), str(out.message), int(out.nfev))


def jacobian(ev: Evaluator, rows: Rows, x: np.ndarray, step: float = DIFF_STEP) -> np.ndarray:
    """d residuals / d x (unit box) at ``x``: central differences, one-sided at a bound (2 runs per parameter).

    Computed afresh rather than taken from least_squares, whose last Jacobian can have zeroed columns for
    parameters sitting on a bound.
    """
    x = np.asarray(x, dtype=float)
    columns = []
    for k in range(x.size):
        up, down = x.copy(), x.copy()
        up[k], down[k] = min(1.0, x[k] + step), max(0.0, x[k] - step)
        columns.append((ev.residuals(up, rows) - ev.residuals(down, rows)) / (up[k] - down[k]))
    return np.column_stack(columns) if columns else np.zeros((len(rows), 0))


def start_points(defaults: np.ndarray, n: int, rng: np.random.Generator) -> list[np.ndarray]:
    """The defaults, then ``n`` Latin-hypercube points of the unit box."""
    points = [np.clip(np.asarray(defaults, dtype=float), 0.0, 1.0)]
    if n > 0:
        points += list(qmc.LatinHypercube(d=defaults.size, rng=rng).random(n))
    return points


def multistart(
    ev: Evaluator,
    rows: Rows,
    starts: list[np.ndarray],
    max_nfev: int,
    tick: Callable[[float], None] = lambda f: None,
    workers: int = 1,
) -> list[LocalFit]:
    """One local fit per start (in order), on up to ``workers`` processes."""
    return run_tasks(ev, lambda e, x0: local_fit(e, rows, x0, max_nfev), starts, workers, tick)


def global_check(
    ev: Evaluator,
    rows: Rows,
    dim: int,
    seed: int,
    maxiter: int,
    popsize: int,
    tick: Callable[[float], None] = lambda f: None,
) -> tuple[np.ndarray, float]:
    """Best point and chi^2 found by differential evolution over the unit box (no polishing)."""

    def callback(intermediate_result) -> None:
        state["generation"] += 1
        tick(min(1.0, state["generation"] / maxiter))

    state = {"generation": 0}
    out = differential_evolution(
        lambda x: ev.chi2(x, rows),
        bounds=[(0.0, 1.0)] * dim,
        maxiter=maxiter,
        popsize=popsize,
        rng=np.random.default_rng(seed),
        polish=False,
        init="latinhypercube",
        tol=1e-8,
        callback=callback,
    )
    tick(1.0)
    return np.asarray(out.x, dtype=float), float(out.fun)
