"""Fit statistics of one target series (Sterman 1984, "Appropriate summary statistics for evaluating the historical
fit of system dynamics models", Dynamica 10(2)).

For data ``a`` and model ``m`` (n points, natural units):

* ``rmse`` = sqrt(mean((m - a)^2));
* ``mape`` = mean(|m - a| / |a|) over points with a != 0, as a fraction (0.1 = 10%);
* ``r2`` = r^2, the squared correlation of m and a (Sterman's R^2; NaN with fewer than 3 points, where it is
  always 1, or a flat series);
* ``theil_u`` = sqrt(MSE) / (sqrt(mean(m^2)) + sqrt(mean(a^2))), Theil's inequality coefficient in [0, 1];
* Theil's decomposition of MSE = (mean(m) - mean(a))^2 + (S_m - S_a)^2 + 2 (1 - r) S_m S_a, with S the standard
  deviations (divided by n): ``um`` bias, ``us`` unequal variation, ``uc`` unequal covariation, shares of MSE summing
  to 1 (NaN when MSE = 0: nothing to decompose).
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass

import numpy as np

STAT_KEYS = ("rmse", "mape", "r2", "theil_u", "um", "us", "uc", "n")


@dataclass(frozen=True)
class SeriesFit:
    """Fit statistics of one series (NaN where undefined)."""

    rmse: float
    mape: float
    r2: float
    theil_u: float
    um: float
    us: float
    uc: float
    n: int

    def to_dict(self) -> dict:
        return asdict(self)


def series_fit(data: np.ndarray | list, model: np.ndarray | list) -> SeriesFit:
    """Statistics of ``model`` against ``data`` (same length, same order)."""
    a = np.asarray(data, dtype=float)
    m = np.asarray(model, dtype=float)
    if a.shape != m.shape:
        raise ValueError(f"data and model differ in length: {a.shape} vs {m.shape}")
    n = int(a.size)
    if n == 0:
        return SeriesFit(*(math.nan,) * 7, n=0)
    err = m - a
    mse = float(np.mean(err**2))
    nonzero = a != 0
    with np.errstate(over="ignore", divide="ignore"):
        mape = float(np.mean(np.abs(err[nonzero]) / np.abs(a[nonzero]))) if nonzero.any() else math.nan
    s_m, s_a = float(np.std(m)), float(np.std(a))
    r = float(np.corrcoef(m, a)[0, 1]) if n >= 2 and s_m > 0 and s_a > 0 else math.nan
    denom = math.sqrt(float(np.mean(m**2))) + math.sqrt(float(np.mean(a**2)))
    theil_u = math.sqrt(mse) / denom if denom > 0 else math.nan
    if mse > 0:
        # 2 (1 - r) s_m s_a = var(error) - (s_m - s_a)^2: computed from the errors, not from two large nearly equal
        # series, so the three shares sum to one to rounding whatever the data's scale (0 when a series is flat)
        um = float(np.mean(err)) ** 2 / mse
        us = (s_m - s_a) ** 2 / mse
        uc = max(0.0, float(np.var(err)) - (s_m - s_a) ** 2) / mse
    else:
        um = us = uc = math.nan
    return SeriesFit(
        rmse=math.sqrt(mse),
        mape=mape,
        r2=r * r if n >= 3 and not math.isnan(r) else math.nan,
        theil_u=theil_u,
        um=um,
        us=us,
        uc=uc,
        n=n,
    )
