"""Ensembles: sample parameter sets, run them, summarise as quantile bands (SALib style: sample -> evaluate -> analyze).

* **Sampling** is a Latin hypercube (uniform within each constant's interval), reproducible from a seed
  (``numpy.random.default_rng(seed)``), over either
  - the model's own ``[min,max]`` ranges (read from the .mdl via :mod:`models.parameters`). Policy levers and switches
    (constants whose .mdl comment starts with "Policy lever:", "Governance lever:", "Policy switch:"...), constants
    with an open or degenerate range, and constants the run spec fixes (scenario ``[set]`` values and dated
    schedules) are not sampled; or
  - the 95% intervals of calibrated estimates (:class:`Calibrated`: ``calibration.Estimates`` reads them from a result
    file); the calibrated constants without an interval and all the others keep the calibrated spec's values.
  Members differ only in the sampled constants: every member keeps the spec's policy timeline and scenario switches.
* **Evaluation** goes through :func:`models.distributed.evaluate` (``backend``: local threads or Dask; ``engine``:
  Simlin or PySD); a member with a non-finite output is an error, never dropped.
* **Summary**: :func:`quantiles` turns ``out[member, time, variable]`` into the long table
  ``time, variable, quantile, value``.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Protocol

import numpy as np
import pandas as pd

from models import distributed
from models.catalog import OUTPUT_ROLES, catalog
from models.errors import ModelError
from models.parameters import Parameter, resolve
from models.results import yearly
from models.spec import RunSpec

QUANTILES: tuple[float, ...] = (0.05, 0.25, 0.5, 0.75, 0.95)
"""Quantiles reported by default (shares of members at or below the value)."""


@dataclass(frozen=True)
class Sample:
    """Parameter sets: ``values[member, j]`` is the value of constant ``names[j]`` in member ``member``."""

    model: str
    names: tuple[str, ...]
    values: np.ndarray = field(repr=False)
    lows: tuple[float, ...]
    highs: tuple[float, ...]
    seed: int | None
    source: str  # "model ranges" or the calibration's source (its file)

    @property
    def size(self) -> int:
        return int(self.values.shape[0])


@dataclass(frozen=True)
class Ensemble:
    """Outputs of an ensemble: ``values[member, time, variable]``."""

    spec: RunSpec
    sample: Sample
    times: np.ndarray = field(repr=False)
    variables: tuple[str, ...]
    values: np.ndarray = field(repr=False)


class Calibrated(Protocol):
    """Calibrated estimates (``calibration.Estimates``): values to apply and 95% intervals to sample, by identifier."""

    source: str
    values: Mapping[str, float]
    intervals: Mapping[str, tuple[float, float]]


# ---------------------------------------------------------------- which constants vary


def fixed_by(spec: RunSpec) -> set[str]:
    """Constants the spec sets itself (scenario values, dated schedules): they stay as the spec says."""
    return set(spec.constants) | set(spec.schedules)


def uncertain_parameters(model: str, spec: RunSpec | None = None) -> list[Parameter]:
    """Constants sampled by default: finite range with min < max, not a lever, not fixed by ``spec``."""
    fixed = fixed_by(spec) if spec is not None else set()
    book = catalog(model)
    return [book[name] for name in book.names("uncertainty") if name not in fixed]


def resolve_names(model: str, names: Sequence[str], where: str = "--params") -> list[Parameter]:
    """User-written constant names -> Parameters with a finite, non-degenerate range."""
    out = []
    for name in names:
        param = resolve(model, name, where)
        if not (math.isfinite(param.min) and math.isfinite(param.max) and param.max > param.min):
            raise ModelError(f"{where}: {param.name!r} has no range to sample ({param.range_text})")
        out.append(param)
    if not out:
        raise ModelError(f"{where}: no parameter to sample")
    return out


# ---------------------------------------------------------------- sampling


def latin_hypercube(n: int, dims: int, rng: np.random.Generator) -> np.ndarray:
    """``n`` points in ``[0, 1)^dims``: each column has exactly one point in each of the ``n`` equal strata."""
    strata = np.argsort(rng.random((dims, n)), axis=1).T  # a random permutation per column
    return (strata + rng.random((n, dims))) / n


def check_samples(n: object, what: str = "--samples") -> int:
    """``n`` as a positive integer; ModelError otherwise."""
    try:
        number = int(str(n))
    except ValueError:
        raise ModelError(f"{what} must be a positive integer, got {n!r}") from None
    if number <= 0:
        raise ModelError(f"{what} must be a positive integer, got {number}")
    return number


def sample_box(
    model: str,
    names: Sequence[str],
    lows: Sequence[float],
    highs: Sequence[float],
    n: int,
    seed: int | None,
    source: str,
) -> Sample:
    """Latin hypercube of ``n`` members, uniform on ``[lows, highs]`` per constant."""
    n = check_samples(n, "number of samples")
    low, high = np.asarray(lows, dtype=float), np.asarray(highs, dtype=float)
    unit = latin_hypercube(n, len(names), np.random.default_rng(seed))
    return Sample(model, tuple(names), low + unit * (high - low), tuple(low), tuple(high), seed, source)


def range_boxes(
    model: str, spec: RunSpec | None = None, names: Sequence[str] | None = None
) -> tuple[list[str], list[float], list[float]]:
    """``(names, lows, highs)`` to sample over the model's ranges: the uncertain constants (see module doc), or
    ``names``."""
    params = resolve_names(model, names) if names else uncertain_parameters(model, spec)
    if not params:
        raise ModelError(f"model {model!r} has no uncertain constant with a range to sample")
    return [p.py_name for p in params], [p.min for p in params], [p.max for p in params]


def sample_ranges(
    model: str, n: int, seed: int | None = None, spec: RunSpec | None = None, names: Sequence[str] | None = None
) -> Sample:
    """``n`` parameter sets over the model's ranges: the uncertain constants (see module doc), or ``names``."""
    return sample_box(model, *range_boxes(model, spec, names), n, seed, "model ranges")


def calibration_boxes(estimates: Calibrated, spec: RunSpec | None = None) -> tuple[list[str], list[float], list[float]]:
    """``(names, lows, highs)`` to sample over the 95% intervals of calibrated estimates, leaving out the constants
    with a dated schedule in ``spec`` (the schedule would override them)."""
    scheduled = set(spec.schedules) if spec is not None else set()
    names = [name for name in estimates.intervals if name not in scheduled]
    if not names:
        raise ModelError(f"{estimates.source}: every calibrated parameter follows a dated schedule; nothing to sample")
    for name in names:
        if not all(map(math.isfinite, estimates.intervals[name])):
            raise ModelError(f"{estimates.source}: {name} has no interval to sample (no ci, no bounds, an open range)")
    return names, [estimates.intervals[k][0] for k in names], [estimates.intervals[k][1] for k in names]


def sample_calibration(
    model: str, estimates: Calibrated, n: int, seed: int | None = None, spec: RunSpec | None = None
) -> Sample:
    """``n`` parameter sets over the 95% intervals of calibrated estimates (see :func:`calibration_boxes`). Other
    constants keep the spec's value: run the sample on :func:`calibrated_spec` so that they take the estimates."""
    return sample_box(model, *calibration_boxes(estimates, spec), n, seed, estimates.source)


def calibrated_spec(spec: RunSpec, estimates: Calibrated) -> RunSpec:
    """``spec`` with the calibrated estimates applied (as ``python -m models run --calibration``)."""
    return spec.with_constants(estimates.values)


# ---------------------------------------------------------------- evaluating and summarising


def resolve_output(model: str, name: str) -> str:
    """A user-written output variable (Vensim name or identifier) -> identifier; ModelError naming it otherwise."""
    return catalog(model).resolve(name, roles=OUTPUT_ROLES, what="output variable").py_name


def evaluate(spec: RunSpec, sample: Sample, variables: Sequence[str] | None = None, **options) -> Ensemble:
    """Run every member of ``sample`` on top of ``spec``; ``variables`` default to the model's indicators.
    ``options`` go to :func:`models.distributed.evaluate` (``backend``, ``engine``, ``scheduler``, ``chunk_size``,
    ``workers``, ``client``...)."""
    if sample.model != spec.model:
        raise ModelError(f"sample is for model {sample.model!r}, run spec for {spec.model!r}")
    names = [resolve_output(spec.model, v) for v in variables] if variables else list(catalog(spec.model).indicators)
    times, values = distributed.evaluate(spec, sample.names, sample.values, names, **options)
    bad = ~np.isfinite(values).all(axis=(1, 2))
    if bad.any():
        first = int(np.flatnonzero(bad)[0])
        raise ModelError(
            f"{int(bad.sum())} of {sample.size} members gave non-finite values (first: member {first}, "
            f"{dict(zip(sample.names, sample.values[first].round(6).tolist(), strict=True))})"
        )
    return Ensemble(spec, sample, times, tuple(names), values)


def quantiles(
    times: np.ndarray, variables: Sequence[str], values: np.ndarray, probs: Sequence[float] = QUANTILES
) -> pd.DataFrame:
    """``values[member, time, variable]`` -> long table ``time, variable, quantile, value`` (linear interpolation
    between order statistics, numpy's default)."""
    probs = [float(q) for q in probs]
    bands = np.quantile(values, probs, axis=0)  # [quantile, time, variable]
    nq, nt, nv = bands.shape
    return pd.DataFrame(
        {
            "time": np.tile(np.repeat(np.asarray(times, dtype=float), nq), nv),
            "variable": np.repeat(np.asarray(variables, dtype=object), nt * nq),
            "quantile": np.tile(probs, nt * nv),
            "value": bands.transpose(2, 1, 0).reshape(-1),
        }
    )


def prepare(
    spec: RunSpec,
    n: int,
    seed: int | None = None,
    calibration: Calibrated | None = None,
    outputs: int | None = None,
    **options,
):
    """``(spec to run, sample)``: the calibrated spec and a sample of its intervals when ``calibration`` is given,
    else ``spec`` and a sample of the model's ranges. The job (``n`` members keeping ``outputs`` variables, default
    the indicators, on the backend and engine ``options`` describe) is checked against the budget before anything is
    drawn."""
    n = check_samples(n)
    if calibration is not None:
        run, boxes, source = (
            calibrated_spec(spec, calibration),
            calibration_boxes(calibration, spec),
            calibration.source,
        )
    else:
        run, boxes, source = spec, range_boxes(spec.model, spec), "model ranges"
    kept = outputs if outputs is not None else len(catalog(spec.model).indicators)
    distributed.check_budget(run, n, kept, len(boxes[0]), **options)
    return run, sample_box(spec.model, *boxes, n, seed, source)


def run_ensemble(
    spec: RunSpec,
    n: int,
    seed: int | None = None,
    calibration: Calibrated | None = None,
    variables: Sequence[str] | None = None,
    probs: Sequence[float] = QUANTILES,
    **options,
) -> pd.DataFrame:
    """Sample (calibration intervals if given, else model ranges), evaluate, and return the yearly quantile bands
    ``time, variable, quantile, value`` of ``variables`` (default: the model's indicators). ``options`` as for
    :func:`evaluate` (``backend``, ``engine``, ``scheduler``...)."""
    kept = len(variables) if variables else None
    spec, sample = prepare(spec, n, seed, calibration, kept, **options)
    result = evaluate(spec, sample, variables, **options)
    return yearly(quantiles(result.times, result.variables, result.values, probs))
