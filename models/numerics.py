"""Numerical checks of a model, as data: dimensional consistency (Simlin's unit check), integration error (halving
the time step) and agreement of the two engines (Simlin against the PySD reference) on the baseline.

The same measures as tests/test_models_generic.py, reported with their figures rather than asserted: the validation
report (``python -m calibration validate``) judges them.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from models import runtime, validate
from models.catalog import catalog
from models.engines import simlin
from models.registry import get_model
from models.scenarios import scenario_spec


def relative_gap(a: np.ndarray, b: np.ndarray) -> float:
    """Largest ``|a - b|`` relative to ``b``'s own scale (``max |b|``, at least 1e-9)."""
    a, b = np.asarray(a, float), np.asarray(b, float)
    return float(np.max(np.abs(a - b)) / max(float(np.max(np.abs(b))), 1e-9))


def unit_issues(model: str) -> list[str]:
    """Simlin's dimensional-analysis findings on the .mdl (empty: consistent)."""
    return [f"{variable}: {message}" for variable, message in simlin.unit_issues(get_model(model).mdl)]


def halving_gaps(model: str) -> dict[str, float]:
    """Largest relative change of each indicator when the time step is halved (from the model's ``halving_from``
    year, each on the scale ``halving_scale`` names, as its checks.toml says)."""
    spec = scenario_spec(model)
    book = catalog(model)
    names = list(book.indicators)
    path = get_model(model).checks
    checks = validate.read_toml(path, "checks file", validate.MAX_SECTOR_FILE_BYTES) if path.exists() else {}
    scales = checks.get("halving_scale", {})
    start = checks.get("halving_from", -math.inf)
    wanted = names + [v for v in scales.values() if v not in names]
    coarse = runtime.simulate(spec, variables=wanted).loc[start:]
    fine = runtime.simulate(spec.with_time(time_step=book.times["time_step"] / 2), variables=wanted).loc[start:]
    gaps = {}
    for name in names:
        scale = max(float(np.max(np.abs(fine[scales.get(name, name)]))), 1e-9)
        gaps[name] = float(np.max(np.abs(coarse[name] - fine[name])) / scale)
    return gaps


def engine_gaps(model: str) -> dict[str, float]:
    """Largest relative gap of every output between Simlin and PySD on the baseline (one PySD run: seconds)."""
    spec = scenario_spec(model)
    fast = runtime.simulate(spec, engine="simlin")
    reference = runtime.simulate(spec, engine="pysd")
    if list(fast.index) != list(reference.index):
        return {"(saved times)": math.inf}
    return {name: relative_gap(fast[name], reference[name]) for name in reference.columns}


def worst(gaps: dict[str, float], n: int = 5) -> pd.DataFrame:
    """The ``n`` largest gaps: ``variable, gap``."""
    items = sorted(gaps.items(), key=lambda kv: -kv[1])[:n]
    return pd.DataFrame(items, columns=["variable", "gap"])
