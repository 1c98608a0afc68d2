"""The verdict rules of the validation report: pure functions of figures, each returning a verdict and the rule used.

Verdicts are ``pass``, ``caution``, ``fail``, plus ``none`` (nothing to judge: e.g. no backtest) and ``info`` (a
section that informs without a test, the known limits). A section's verdict is the worst of its items.

The rules (stated in the report beside each verdict):

* a fitted or predicted series (Sterman 1984; the data's own uncertainty sigma from the reliability marks):
  *pass* when its RMSE is within the root-mean-square sigma of its data, or its MAPE is under 10% without a dominant
  bias (Um <= 0.5); *fail* when the error is more than twice sigma and mostly bias (Um > 0.5: the model is
  systematically off, not merely noisy), or more than three times sigma; *caution* otherwise;
* a policy effect against a published range: *pass* when the model's central effect lies in the range; *caution*
  when only its interval overlaps the range; *fail* when they do not meet;
* extreme conditions: *pass* when every check holds, *fail* otherwise;
* numerical: *fail* on a unit issue, a time-step halving gap of 5% or more, or engines apart by more than 1e-6;
  *caution* on a halving gap of 1% or more; *pass* otherwise;
* what the answer depends on: *caution* when a constant marked "Assumption" is among the five most influential of a
  headline output (the answer rests on a number no source pins), *pass* otherwise.
"""

from __future__ import annotations

import math
from collections.abc import Iterable

ORDER = ("pass", "info", "none", "caution", "fail")
SERIES_RULE = (
    "pass: RMSE <= RMS sigma of the data, or MAPE < 10% with Um <= 0.5; "
    "fail: RMSE > 2 sigma with Um > 0.5 (systematic bias), or RMSE > 3 sigma; caution otherwise"
)
EFFECT_RULE = "pass: model's central effect inside the published range; caution: intervals overlap; fail: apart"
EXTREME_RULE = "pass: every check holds (its expectations and a sane run: finite, no negative stock); fail otherwise"
NUMERIC_RULE = (
    "fail: a unit issue, dt-halving gap >= 5% or engines apart > 1e-6; caution: dt-halving gap >= 1%; pass otherwise"
)
DEPENDS_RULE = "caution: a constant marked 'Assumption' is among the five most influential of a headline output"
HALVING_CAUTION, HALVING_FAIL, ENGINE_TOLERANCE = 0.01, 0.05, 1e-6


def worst(verdicts: Iterable[str]) -> str:
    """The worst verdict of ``verdicts`` (``none`` when there is none)."""
    items = list(verdicts)
    return max(items, key=ORDER.index) if items else "none"


def _finite(x: float | None) -> bool:
    return x is not None and math.isfinite(x)


def series_verdict(rmse: float, sigma_rms: float, mape: float | None, um: float | None) -> str:
    """The verdict of one series from its RMSE, the RMS of its data's sigma, its MAPE and Theil's bias share."""
    if not _finite(rmse):
        return "fail"
    within = _finite(sigma_rms) and sigma_rms > 0 and rmse <= sigma_rms
    biased = _finite(um) and um > 0.5
    if within or (_finite(mape) and mape < 0.10 and not biased):
        return "pass"
    ratio = rmse / sigma_rms if _finite(sigma_rms) and sigma_rms > 0 else math.inf
    if (ratio > 2 and biased) or ratio > 3:
        return "fail"
    return "caution"


def effect_verdict(low: float, high: float, central: float, q05: float | None, q95: float | None) -> str:
    """The verdict of one effect: the model's ``central`` value and 90% interval against the published range."""
    if not _finite(central):
        return "fail"
    if low <= central <= high:
        return "pass"
    lo = q05 if _finite(q05) else central
    hi = q95 if _finite(q95) else central
    return "caution" if lo <= high and hi >= low else "fail"


def extreme_verdict(passed: Iterable[bool]) -> str:
    items = list(passed)
    if not items:
        return "none"
    return "pass" if all(items) else "fail"


def numeric_verdict(unit_issues: int, halving_gap: float, engine_gap: float | None) -> str:
    """Units, integration error and engine agreement (``engine_gap`` None: not measured)."""
    if unit_issues or not _finite(halving_gap) or halving_gap >= HALVING_FAIL:
        return "fail"
    if engine_gap is not None and not (engine_gap <= ENGINE_TOLERANCE):
        return "fail"
    return "caution" if halving_gap >= HALVING_CAUTION else "pass"


def depends_verdict(top_marks: Iterable[str]) -> str:
    """``caution`` when an ``Assumption`` is among the most influential constants' marks, ``pass`` otherwise."""
    return "caution" if "Assumption" in set(top_marks) else "pass"


def source_mark(source: str, calibrated: bool) -> str:
    """The source mark of a constant: ``Calibrated`` (estimated on data), ``Assumption`` (its comment says so and
    names no publication before it), else ``Sourced`` (a publication, a law, a data file)."""
    if calibrated:
        return "Calibrated"
    text = source.strip().lower()
    if not text:
        return "Assumption"
    first = text.split(";")[0].split("(")[0]
    return "Assumption" if "assumption" in first else "Sourced"
