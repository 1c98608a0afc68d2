"""Runs: a :class:`~models.spec.RunSpec` (data) becomes a job for an engine, and the engine's output a table.

* The spec's time settings give the grid (the model's own where the spec says nothing);
* its constants and dated schedules become the constant values at the initial time and the later events: a dated
  value takes effect from the first time step at or after its date (:func:`effective_time`), on either engine;
* :func:`check` is the one validator of a run: a known engine, known output variables, and the job's cost within the
  budget (:mod:`models.budget`);
* an engine connector (:mod:`models.engines`) runs it: Simlin by default, PySD as the reference.

Runs have no side effects: each member of a batch starts from a fresh simulation of the model.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd

from models import engines
from models.catalog import CONSTANT_ROLES, catalog
from models.engines import Event, Grid, Job
from models.errors import ModelError
from models.registry import get_model
from models.spec import RunSpec

ENGINES = engines.NAMES
DEFAULT_ENGINE = engines.DEFAULT


def grid(spec: RunSpec) -> Grid:
    """``(initial, final, step, saveper)`` of a run of ``spec`` [year]; ModelError unless they are finite numbers with
    a positive step and the final time after the initial one."""
    times = catalog(spec.model).times
    t0 = spec.initial_time if spec.initial_time is not None else times["initial_time"]
    t1 = spec.final_time if spec.final_time is not None else times["final_time"]
    dt = spec.time_step if spec.time_step is not None else times["time_step"]
    if not (math.isfinite(t0) and math.isfinite(t1) and math.isfinite(dt) and dt > 0 and t1 > t0):
        raise ModelError(f"bad time settings: initial {t0}, final {t1}, step {dt}")
    return t0, t1, dt, times["saveper"]


def effective_time(start: float, t0: float, dt: float) -> float:
    """First grid time at or after ``start``: the time a dated value takes effect."""
    return t0 + math.ceil((start - t0) / dt - 1e-9) * dt


def _save_times(t0: float, t1: float, saveper: float) -> np.ndarray:
    return t0 + saveper * np.arange(int(math.floor((t1 - t0) / saveper + 1e-9)) + 1)


def save_times(spec: RunSpec) -> np.ndarray:
    """The times [year] at which a run of ``spec`` reports values (every SAVEPER)."""
    t0, t1, _, saveper = grid(spec)
    return np.round(_save_times(t0, t1, saveper), 9)


def schedule(spec: RunSpec, at: Grid) -> tuple[dict[str, float], tuple[Event, ...]]:
    """The spec's dated schedules on the grid ``at``: ``(values at the initial time, later events (time, name,
    value))``. The spec's constants are not included (members set them)."""
    t0, t1, dt, _ = at
    initial: dict[str, float] = {}
    events = []
    for name, dated in spec.schedules.items():
        for start, value in dated:
            when = effective_time(start, t0, dt)
            if when <= t0 + 1e-9:
                initial[name] = value
            elif when <= t1 + 1e-9:
                events.append((when, name, value))
    events.sort(key=lambda event: event[0])  # stable: of two values of one constant due at one step, the later wins
    return initial, tuple(events)


def check(
    spec: RunSpec, engine: str, variables: Sequence[str], runs: int = 1, max_seconds: float | None = None, where=""
) -> Grid:
    """The one validator of a run: the engine is known, the spec sets constants of the model, every variable is an
    output of it, and ``runs`` runs keeping ``variables`` fit the budget (``max_seconds``: the budget's default).
    Returns the grid."""
    engines.get(engine)
    book = catalog(spec.model)
    unknown = [name for name in (*spec.constants, *spec.schedules) if name not in book.constants]
    if unknown:
        raise book.unknown(sorted(set(unknown)), "run spec", CONSTANT_ROLES, "parameter")
    unknown = [v for v in variables if not book.is_output(v)]
    if unknown:
        raise book.unknown(unknown)
    from models import budget  # budget costs a job with this module's grid (a guard for every run, whoever built it)

    limit = budget.MAX_SECONDS if max_seconds is None else max_seconds
    budget.check(spec, runs, len(variables), max_seconds=limit, where=where, engine=engine)
    return grid(spec)


def simulate(spec: RunSpec, engine: str = DEFAULT_ENGINE, variables: Sequence[str] | None = None) -> pd.DataFrame:
    """Run ``spec`` on ``engine``; a wide table indexed by ``time`` (every SAVEPER, years), one column per
    variable (Python identifiers). ``variables`` restricts the columns (default: every output of the model)."""
    from models import budget

    names = list(variables) if variables is not None else list(catalog(spec.model).outputs)
    at = check(spec, engine, names, 1, budget.MAX_RUN_SECONDS, "run")
    scheduled, events = schedule(spec, at)
    job = _job(spec, at, events, names)
    out = np.empty((1, job.times.size, len(names)))
    engines.get(engine).run(job, [{**spec.constants, **scheduled}], out)
    return pd.DataFrame(out[0], index=pd.Index(np.round(job.times, 9), name="time"), columns=names)


def simulate_many(
    spec: RunSpec,
    names: Sequence[str],
    values: np.ndarray,
    variables: Sequence[str],
    engine: str = DEFAULT_ENGINE,
) -> tuple[np.ndarray, np.ndarray]:
    """Run ``spec`` once per row of ``values`` (row ``i`` sets the constants ``names`` to ``values[i]``).

    Every member keeps the spec's constants, schedules and time settings; a member's values override the spec's
    constants, and the spec's dated schedules still apply over them (as ``simulate(spec.with_constants(...))``).
    Returns ``(times, out)``: the save times [year] and ``out[member, time, variable]`` (float64), without building
    DataFrames. Each member starts from a fresh simulation: no state is shared between runs.
    """
    names, variables = list(names), list(variables)
    matrix = np.asarray(values, dtype=float).reshape(-1, len(names))
    at = check(spec, engine, variables, matrix.shape[0])
    scheduled, events = schedule(spec, at)
    job = _job(spec, at, events, variables)
    out = np.empty((matrix.shape[0], job.times.size, len(variables)))
    engines.get(engine).run(job, _members(spec.constants, names, matrix, scheduled), out)
    return np.round(job.times, 9), out


def _members(base: Mapping[str, float], names: list[str], matrix: np.ndarray, scheduled: Mapping[str, float]):
    """Each member's constant values at the initial time: the spec's, then the member's, then the schedules'."""
    for row in matrix.tolist():
        yield {**base, **dict(zip(names, row, strict=True)), **scheduled}


def _job(spec: RunSpec, at: Grid, events: tuple[Event, ...], variables: Sequence[str]) -> Job:
    info = get_model(spec.model)
    times = _save_times(at[0], at[1], at[3])
    return Job(spec.model, info.mdl, info.mdl_hash(), at, times, events, tuple(variables))
