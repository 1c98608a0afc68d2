"""The estimation problem as numbers: parameters in a unit box, target rows as arrays, residuals from model runs.

Residual of target i at parameters theta (``x`` in the unit box, ``theta = low + x (high - low)``)::

    r_i = sqrt(w_i) * (m_i(theta) - d_i) / sigma_i                      (absolute errors)
    r_i = sqrt(w_i) * (ln m_i(theta) - ln d_i) / (sigma_i / d_i)        (log errors, for counts)

``m_i`` is the model's variable at the target's time (interpolated between saved years; the mean of the yearly values
over ``time..time_end`` for a window) or, for growth rows, its yearly relative change; for effect rows, the same in the
base run minus in the row's counterfactual scenario, both run at the same parameters. The objective is
chi^2 = sum r_i^2, i.e. twice the negative log-likelihood of Gaussian errors of known sigma (up to a constant).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pandas as pd

from calibration.errors import CalibrationError
from calibration.specs import CalibrationSpec
from models import runtime
from models.catalog import catalog
from models.errors import ModelError
from models.scenarios import scenario_spec
from models.spec import RunSpec

Runs = dict[str, dict[str, np.ndarray]]
"""Runs at one parameter vector: ``{"": base, counterfactual name: ...}``, each ``{variable: series}``."""

PENALTY = 1e6
"""Residual used where the model gives NaN/inf or a non-positive value under a log error."""


@dataclass(frozen=True, eq=False)
class Rows:
    """Target rows as arrays (in table order)."""

    table: pd.DataFrame
    variable: np.ndarray  # str
    time: np.ndarray
    data: np.ndarray
    scale: np.ndarray  # sigma (absolute) or sigma/data (log rows)
    sqrt_weight: np.ndarray
    log: np.ndarray  # bool
    growth: np.ndarray  # bool
    time_end: np.ndarray  # window end (= time when no window)
    counterfactual: np.ndarray  # str: scenario of an effect row, "" otherwise

    @classmethod
    def of(cls, table: pd.DataFrame, log_variables: tuple[str, ...]) -> Rows:
        log = table["variable"].isin(log_variables).to_numpy() & (table["transform"] == "level").to_numpy()
        data = table["value"].to_numpy(dtype=float)
        sigma = table["sigma"].to_numpy(dtype=float)
        bad = log & (data <= 0)
        if bad.any():
            row = table[bad].iloc[0]
            raise CalibrationError(
                f"{row.line}: log errors need positive data, {row.variable} at {row.time:g} is {row.value:g}"
            )
        scale = np.where(log, sigma / np.where(log, data, 1.0), sigma)
        return cls(
            table=table.reset_index(drop=True),
            variable=table["variable"].to_numpy(dtype=object),
            time=table["time"].to_numpy(dtype=float),
            data=data,
            scale=scale,
            sqrt_weight=np.sqrt(table["weight"].to_numpy(dtype=float)),
            log=log,
            growth=(table["transform"] == "growth").to_numpy(),
            time_end=(table["time_end"] if "time_end" in table else table["time"]).to_numpy(dtype=float),
            counterfactual=(
                table["counterfactual"] if "counterfactual" in table else pd.Series([""] * len(table))
            ).to_numpy(dtype=object),
        )

    @property
    def counterfactuals(self) -> tuple[str, ...]:
        """The counterfactual scenarios the effect rows need, sorted."""
        return tuple(sorted({c for c in self.counterfactual if c}))

    def __len__(self) -> int:
        return len(self.data)

    def with_data(self, data: np.ndarray) -> Rows:
        """Same rows, other data values (bootstrap), keeping each row's scale."""
        return Rows(
            self.table,
            self.variable,
            self.time,
            data,
            self.scale,
            self.sqrt_weight,
            self.log,
            self.growth,
            self.time_end,
            self.counterfactual,
        )

    def residuals(self, model: np.ndarray) -> np.ndarray:
        with np.errstate(divide="ignore", invalid="ignore"):
            logged = np.log(np.where(self.log & (model > 0), model, 1.0)) - np.log(np.where(self.log, self.data, 1.0))
            diff = np.where(self.log, logged, model - self.data)
            res = self.sqrt_weight * diff / self.scale
        invalid = ~np.isfinite(model) | (self.log & ~(model > 0)) | ~np.isfinite(res)
        return np.where(invalid, PENALTY, res)


class Evaluator:
    """Runs the model for parameter vectors and reads the target rows off the output.

    Holds the only state of a fit: the count of model runs and a cache of outputs by parameter vector.
    """

    def __init__(self, spec: CalibrationSpec, rows: list[Rows], engine: str = "simlin") -> None:
        self.spec = spec
        self.engine = engine
        self.low = np.array([b.low for b in spec.parameters])
        self.high = np.array([b.high for b in spec.parameters])
        self.names = spec.names
        base = spec.base_run()
        self.variables = sorted({v for r in rows for v in r.variable})
        times = np.concatenate([r.time_end for r in rows]) if rows else np.array([])
        self.base = _clipped_run(base, times, rows)
        names = sorted({c for r in rows for c in r.counterfactuals})
        self.counterfactuals = {name: _counterfactual_run(spec, name, self.base) for name in names}
        self.runs = 0
        self.on_run: Callable[[int], None] | None = None  # told the count after every run; may raise to stop the fit
        self._cache: dict[bytes, tuple[np.ndarray, Runs]] = {}

    def theta(self, x: np.ndarray) -> np.ndarray:
        """Unit box -> natural units."""
        return self.low + np.clip(x, 0.0, 1.0) * (self.high - self.low)

    def unit(self, theta: np.ndarray) -> np.ndarray:
        return (np.asarray(theta, dtype=float) - self.low) / (self.high - self.low)

    def output(self, x: np.ndarray) -> tuple[np.ndarray, Runs]:
        """``(times, runs)`` of the model at unit-box parameters ``x``: ``runs[""]`` is the base run and
        ``runs[name]`` each counterfactual, as ``{variable: series}`` (one run each, cached)."""
        key = np.asarray(x, dtype=float).tobytes()
        if key not in self._cache:
            theta = self.theta(np.asarray(x, dtype=float))
            runs: Runs = {}
            for name, spec in {"": self.base, **self.counterfactuals}.items():
                try:
                    times, out = runtime.simulate_many(spec, self.names, theta[None, :], self.variables, self.engine)
                except Exception as exc:  # an engine failure (e.g. the .mdl edited during the fit) becomes one line
                    values = ", ".join(f"{n}={v:.6g}" for n, v in zip(self.names, theta, strict=True))
                    where = f" (counterfactual {name})" if name else ""
                    first = (str(exc).splitlines() or [type(exc).__name__])[0]
                    raise CalibrationError(f"model run failed{where} ({values}): {first}") from exc
                self.runs += 1
                runs[name] = {v: out[0, :, j] for j, v in enumerate(self.variables)}
                if self.on_run is not None:
                    self.on_run(self.runs)
            self._cache[key] = (times, runs)
            if len(self._cache) > 4096:
                self._cache.pop(next(iter(self._cache)))
        return self._cache[key]

    def predict(self, x: np.ndarray, rows: Rows) -> np.ndarray:
        """Model values for ``rows`` at ``x``."""
        times, runs = self.output(x)
        return predictions(times, runs[""], rows, runs)

    def residuals(self, x: np.ndarray, rows: Rows) -> np.ndarray:
        return rows.residuals(self.predict(x, rows))

    def chi2(self, x: np.ndarray, rows: Rows) -> float:
        res = self.residuals(x, rows)
        return float(res @ res)


def predictions(times: np.ndarray, series: dict[str, np.ndarray], rows: Rows, runs: Runs | None = None) -> np.ndarray:
    """Values of ``rows`` read off a run (levels interpolated between save times, or their yearly mean over a window;
    growth = x(t)/x(t-1) - 1; effect rows: the base ``series`` minus the row's counterfactual in ``runs``)."""
    times = np.asarray(times, dtype=float)
    out = np.empty(len(rows))
    for i, (var, t, end, growth, other) in enumerate(
        zip(rows.variable, rows.time, rows.time_end, rows.growth, rows.counterfactual, strict=True)
    ):
        if growth:
            now, before = (float(np.interp(x, times, series[var])) for x in (t, t - 1))
            out[i] = now / before - 1 if before != 0 else math.nan
            continue
        years = np.arange(t, end + 1e-9, 1.0)
        out[i] = float(np.mean(np.interp(years, times, series[var])))
        if other:
            if runs is None or other not in runs:
                raise CalibrationError(f"no run of the counterfactual {other!r} for {var}")
            out[i] -= float(np.mean(np.interp(years, times, runs[other][var])))
    return out


def _counterfactual_run(spec: CalibrationSpec, name: str, base: RunSpec) -> RunSpec:
    """The counterfactual scenario's run, on the base run's time settings; CalibrationError if unknown."""
    try:
        other = scenario_spec(spec.model, name)
    except ModelError as exc:
        raise CalibrationError(f"effect target: {exc}") from None
    return other.with_time(initial_time=base.initial_time, final_time=base.final_time, time_step=base.time_step)


def _clipped_run(base: RunSpec, times: np.ndarray, rows: list[Rows]) -> RunSpec:
    """The base run, ending at the last target year; CalibrationError if a target is outside the run."""
    settings = catalog(base.model).times
    t0 = base.initial_time if base.initial_time is not None else settings["initial_time"]
    t1 = base.final_time if base.final_time is not None else settings["final_time"]
    for r in rows:
        earliest = r.time - np.where(r.growth, 1.0, 0.0)
        outside = (earliest < t0 - 1e-9) | (r.time_end > t1 + 1e-9)
        if outside.any():
            row = r.table[outside].iloc[0]
            raise CalibrationError(
                f"{row.line}: target {row.series} at {row.time:g} is outside the run {t0:g}-{t1:g}"
                + (" (a growth row needs the year before)" if row.transform == "growth" else "")
            )
    if times.size == 0:
        return base
    end = min(t1, max(t0 + 1, math.ceil(float(times.max()))))
    return base.with_time(final_time=end)
