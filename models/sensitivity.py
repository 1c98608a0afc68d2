"""Sensitivity (SALib Morris and Sobol) and policy robustness, as data in, data out.

The index functions take a SALib ``problem`` and an ``evaluate(X[run, parameter]) -> Y[run]`` function, so the same
code path serves a model output (:func:`model_output`) and an analytic test function:

* :func:`morris_indices` -> ``parameter, mu, mu_star, mu_star_conf, sigma`` (elementary effects, ``N (D + 1)`` runs);
* :func:`sobol_indices` -> ``parameter, S1, S1_conf, ST, ST_conf`` (Saltelli/Jansen estimators, ``N (D + 2)``
  runs; ``*_conf`` are half-widths of the 95% bootstrap intervals).

Members whose output explodes somewhere in the prior ranges would swamp every index: non-finite, outside the
output's plausible physical bound declared beside the model (``[plausible]`` in checks.toml, :mod:`models.plausible`),
or, for an output without a declared bound, beyond :data:`EXPLODED_FACTOR` times the median size of the outputs. Their
whole trajectory (Morris) or block (Sobol) is excluded and counted, and the indices come from the others (the count
is part of the result, for the user to see).

:func:`robustness` is the policy-robustness figure: the share of ensemble members (parameter sets) in which a
scenario strictly beats the baseline on one indicator in one year.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from models import distributed, ensemble, plausible
from models.errors import ModelError
from models.parameters import Parameter
from models.spec import RunSpec

METHODS = ("morris", "sobol")
Evaluate = Callable[[np.ndarray], np.ndarray]


def problem(params: Sequence[Parameter]) -> dict:
    """SALib problem over the parameters' ranges."""
    return {
        "num_vars": len(params),
        "names": [p.py_name for p in params],
        "bounds": [[p.min, p.max] for p in params],
    }


def _seed(seed: int | None) -> int:
    """An integer seed for SALib's analyzers, derived from ``seed`` (fresh entropy when None)."""
    return int(np.random.default_rng(seed).integers(2**31 - 1))


EXPLODED_FACTOR = 1e6
MIN_KEPT = 0.5  # at least half the trajectories or blocks must remain, else the analysis is refused


Bound = tuple[float, float] | None


def exploded(y: np.ndarray, bound: Bound = None) -> np.ndarray:
    """Outputs that are non-finite, or outside ``bound`` (the output's declared plausible bound), or, without a
    bound, larger than :data:`EXPLODED_FACTOR` times the median size of the finite ones."""
    y = np.asarray(y, dtype=float)
    if bound is not None:
        return plausible.outside(y.reshape(-1, 1, 1), [bound[0]], [bound[1]]).reshape(y.shape)
    finite = np.isfinite(y)
    scale = max(float(np.median(np.abs(y[finite]))) if finite.any() else 0.0, 1.0)
    return ~finite | (np.abs(np.where(finite, y, 0.0)) > EXPLODED_FACTOR * scale)


class TooManyExcluded(ModelError):
    """More than half the members (trajectories, blocks) left out: no index can be computed. Carries the counts and
    the bound, so that a user interface can say it in its own language."""

    def __init__(self, excluded: int, members: int, bound: Bound) -> None:
        self.excluded, self.members, self.bound = excluded, members, bound
        what = "exploded" if bound is None else f"out-of-bounds ([{bound[0]:g}, {bound[1]:g}])"
        super().__init__(
            f"{excluded} of {members} members gave a non-finite or {what} output: no index can be computed"
        )


def _check(x: np.ndarray, y: np.ndarray, block: int, bound: Bound = None) -> tuple[np.ndarray, np.ndarray, int]:
    """``(x, y, excluded)`` without the blocks of ``block`` consecutive runs (a Morris trajectory, a Sobol base
    sample) that hold an exploded output (see :func:`exploded`); ModelError when more than half of them do."""
    runs = x.shape[0]
    y = np.asarray(y, dtype=float).reshape(-1)
    if y.size != runs:
        raise ModelError(f"evaluation returned {y.size} outputs for {runs} runs")
    bad = exploded(y, bound).reshape(-1, block).any(axis=1)
    excluded = int(bad.sum())
    if excluded > (1 - MIN_KEPT) * bad.size:
        raise TooManyExcluded(excluded, int(bad.size), bound)
    keep = np.repeat(~bad, block)
    return x[keep], y[keep], excluded


def _index_table(prob: dict, res, columns: tuple[str, ...]) -> pd.DataFrame:
    """SALib's result as a table: one row per parameter, the given index columns as floats."""
    return pd.DataFrame({"parameter": prob["names"], **{c: np.asarray(res[c], dtype=float) for c in columns}})


def morris_indices(
    prob: dict, evaluate: Evaluate, n: int, seed: int | None = None, num_levels: int = 4, bound: Bound = None
) -> tuple[pd.DataFrame, int, int]:
    """Morris screening with ``n`` trajectories: (table ``parameter, mu, mu_star, mu_star_conf, sigma``, runs,
    trajectories excluded because one of their runs exploded or left ``bound``)."""
    from SALib.analyze import morris as analyze
    from SALib.sample import morris as sample

    n = ensemble.check_samples(n)
    x = sample.sample(prob, n, num_levels=num_levels, seed=np.random.default_rng(seed))
    runs = x.shape[0]
    x, y, excluded = _check(x, evaluate(x), prob["num_vars"] + 1, bound)
    res = analyze.analyze(prob, x, y, num_levels=num_levels, seed=_seed(seed))
    return _index_table(prob, res, ("mu", "mu_star", "mu_star_conf", "sigma")), runs, excluded


def sobol_indices(
    prob: dict, evaluate: Evaluate, n: int, seed: int | None = None, bound: Bound = None
) -> tuple[pd.DataFrame, int, int]:
    """Sobol indices with ``n`` base samples (a power of 2 is best): (table ``parameter, S1, S1_conf, ST,
    ST_conf``, runs, base samples excluded because one of their runs exploded or left ``bound``)."""
    from SALib.analyze import sobol as analyze
    from SALib.sample import sobol as sample

    n = ensemble.check_samples(n)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # SALib warns when n is not a power of 2
        x = sample.sample(prob, n, calc_second_order=False, seed=np.random.default_rng(seed))
    runs = x.shape[0]
    x, y, excluded = _check(x, evaluate(x), prob["num_vars"] + 2, bound)
    with warnings.catch_warnings(), np.errstate(divide="ignore", invalid="ignore"):
        warnings.simplefilter("ignore")
        res = analyze.analyze(prob, y, calc_second_order=False, seed=_seed(seed))
    return _index_table(prob, res, ("S1", "S1_conf", "ST", "ST_conf")), runs, excluded


# ---------------------------------------------------------------- on a model


def year_index(times: np.ndarray, year: float, model: str) -> int:
    """Index of ``year`` in the saved times; ModelError naming the simulated span otherwise."""
    hits = np.flatnonzero(np.abs(np.asarray(times) - float(year)) < 1e-9)
    if hits.size == 0:
        raise ModelError(f"year {year:g} is not a simulated year of {model!r} ({times[0]:g}-{times[-1]:g})")
    return int(hits[0])


def check_year(spec: RunSpec, year: float) -> None:
    """Fail fast (before any run) on a year outside the spec's saved times."""
    from models import runtime

    year_index(runtime.save_times(spec), year, spec.model)


def model_output(spec: RunSpec, names: Sequence[str], output: str, year: float, **options) -> Evaluate:
    """``X[run, parameter] -> Y[run]``: the value of ``output`` in ``year`` for each parameter set ``X``."""
    variable = ensemble.resolve_output(spec.model, output)
    check_year(spec, year)

    def evaluate(x: np.ndarray) -> np.ndarray:
        times, out = distributed.evaluate(spec, names, x, [variable], **options)
        return out[:, year_index(times, year, spec.model), 0]

    return evaluate


@dataclass(frozen=True)
class SensitivityResult:
    method: str
    variable: str
    year: float
    runs: int
    table: pd.DataFrame  # one row per parameter
    excluded: int = 0  # members (trajectories, base samples) left out because an output exploded
    members: int = 0  # members drawn

    def long(self) -> pd.DataFrame:
        """The table with ``method, variable, year`` columns first (what the CLI writes)."""
        head = pd.DataFrame(
            {"method": self.method, "variable": self.variable, "year": self.year}, index=self.table.index
        )
        return pd.concat([head, self.table], axis=1)


def sensitivity(
    spec: RunSpec,
    method: str,
    output: str,
    year: float,
    n: int,
    seed: int | None = None,
    params: Sequence[str] | None = None,
    **options,
) -> SensitivityResult:
    """Morris or Sobol indices of ``output`` in ``year`` over the uncertain constants (or ``params``), ranked by
    total effect. ``options`` go to :func:`models.distributed.evaluate` (engine, scheduler, workers...)."""
    if method not in METHODS:
        raise ModelError(f"unknown method {method!r}; choose one of {', '.join(METHODS)}")
    n = ensemble.check_samples(n)
    chosen = ensemble.resolve_names(spec.model, params) if params else ensemble.uncertain_parameters(spec.model, spec)
    if not chosen:
        raise ModelError(f"model {spec.model!r} has no uncertain constant to analyse")
    runs = n * (len(chosen) + (1 if method == "morris" else 2))  # SALib: N (D + 1) Morris, N (D + 2) Sobol rows
    distributed.check_budget(spec, runs, 1, len(chosen), **options)
    prob = problem(chosen)
    variable = ensemble.resolve_output(spec.model, output)
    bound = plausible.bounds(spec.model).get(variable)
    with distributed.session(**options) as opts:
        evaluate = model_output(spec, prob["names"], output, year, **opts)
        if method == "morris":
            table, runs, excluded = morris_indices(prob, evaluate, n, seed, bound=bound)
            table = table.sort_values("mu_star", ascending=False)
        else:
            table, runs, excluded = sobol_indices(prob, evaluate, n, seed, bound=bound)
            table = table.sort_values("ST", ascending=False)
    return SensitivityResult(method, variable, float(year), runs, table, excluded, n)


# ---------------------------------------------------------------- policy robustness


@dataclass(frozen=True)
class Robustness:
    """Share of members in which the scenario strictly beats the baseline (``better``: 'higher' or 'lower')."""

    variable: str
    year: float
    better: str
    members: int
    wins: int

    @property
    def share(self) -> float:
        return self.wins / self.members


def robustness_share(scenario: np.ndarray, baseline: np.ndarray, better: str) -> tuple[int, int]:
    """``(wins, members)``: members where ``scenario`` is strictly better than ``baseline``."""
    if better not in ("higher", "lower"):
        raise ModelError(f"--better must be 'higher' or 'lower', got {better!r}")
    scenario, baseline = np.asarray(scenario, dtype=float), np.asarray(baseline, dtype=float)
    if scenario.shape != baseline.shape or scenario.size == 0:
        raise ModelError("scenario and baseline need the same, non-empty set of members")
    wins = scenario > baseline if better == "higher" else scenario < baseline
    return int(wins.sum()), int(scenario.size)


def robustness(
    baseline: RunSpec,
    scenario: RunSpec,
    output: str,
    year: float,
    better: str,
    n: int,
    seed: int | None = None,
    **options,
) -> Robustness:
    """Run the same ``n`` parameter sets (Latin hypercube over the constants neither spec fixes) under the baseline
    and the scenario; count the members where the scenario's ``output`` in ``year`` is strictly better."""
    if baseline.model != scenario.model:
        raise ModelError("scenario and baseline must be runs of the same model")
    if better not in ("higher", "lower"):
        raise ModelError(f"--better must be 'higher' or 'lower', got {better!r}")
    fixed = ensemble.fixed_by(baseline) | ensemble.fixed_by(scenario)
    params = [p for p in ensemble.uncertain_parameters(baseline.model) if p.py_name not in fixed]
    if not params:
        raise ModelError(f"model {baseline.model!r} has no uncertain constant to sample")
    n = ensemble.check_samples(n)
    distributed.check_budget(baseline, 2 * n, 1, len(params), **options)
    sample = ensemble.sample_box(
        baseline.model, [p.py_name for p in params], [p.min for p in params], [p.max for p in params], n, seed, "ranges"
    )
    with distributed.session(**options) as opts:
        base_y = model_output(baseline, sample.names, output, year, **opts)(sample.values)
        scen_y = model_output(scenario, sample.names, output, year, **opts)(sample.values)
    wins, members = robustness_share(scen_y, base_y, better)
    return Robustness(ensemble.resolve_output(baseline.model, output), float(year), better, members, wins)
