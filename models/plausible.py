"""Plausible physical bounds of a model's indicators, declared beside its .mdl in ``checks.toml``, and the members of
an ensemble that leave them.

``checks.toml`` holds a ``[plausible]`` table, one line per variable with a comment saying why::

    [plausible]
    subsidy_dependence = [0, 1]          # a share of the resources
    employment_headcount = [0, 3e6]      # people: at most every business creator of three years (INSEE)

A bound is not a forecast: it is the limit beyond which a member is physically absurd (an *exploded* member: a share
above one, more workers than France has, a price of a thousand euros an hour). Every name must be an output of the
.mdl (a typo is refused, with the nearest names) and every bound a pair of finite numbers, low < high.
:func:`missing` lists the indicators without a bound (a test requires none for every bundled model).

:func:`outside` and :func:`violations` judge ``values[member, time, variable]`` (an ensemble's outputs) against the
bounds; :func:`drivers` ranks the sampled constants by how far their values in the failing members are from the
uniform spread of a Latin hypercube (what pushes members out), and :func:`summary` says it all in a few lines.
tests/test_plausible.py runs 1,000 members over the full ranges of every uncertain constant of each bundled model.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from functools import lru_cache
from types import MappingProxyType

import numpy as np
import pandas as pd

from models import validate
from models.catalog import catalog
from models.errors import ModelError
from models.registry import get_model

KEY = "plausible"
MAX_BOUNDS = 2_000
Bounds = Mapping[str, tuple[float, float]]


def bounds(model: str) -> Bounds:
    """``{variable: (low, high)}`` from the model's ``checks.toml`` (empty when it declares none); ModelError naming
    the file and the entry when a name is unknown or a bound malformed. Read again when the file or the .mdl
    changes."""
    info = get_model(model)
    stamp = validate.stamp(info.checks)
    return MappingProxyType({}) if stamp is None else _bounds(model, info.mdl_hash(), stamp)


@lru_cache(maxsize=16)
def _bounds(model: str, mdl_hash: str, stamp: tuple) -> Bounds:
    path = get_model(model).checks
    data = validate.read_toml(path, "checks file", validate.MAX_SECTOR_FILE_BYTES)
    return MappingProxyType(parse(model, data.get(KEY, {}), f"{path}: [{KEY}]"))


def parse(model: str, table: object, where: str) -> dict[str, tuple[float, float]]:
    """A ``[plausible]`` table as ``{variable: (low, high)}``, every name an output of ``model``'s .mdl."""
    if not isinstance(table, dict):
        raise ModelError(f"{where} must be a table of name = [min, max]")
    if len(table) > MAX_BOUNDS:
        raise ModelError(f"{where}: {len(table)} bounds, at most {MAX_BOUNDS}")
    book = catalog(model)
    unknown = [name for name in table if not book.is_output(name)]
    if unknown:
        raise book.unknown(unknown, where, what="variable")
    out = {}
    for name, pair in table.items():
        if not isinstance(pair, list) or len(pair) != 2:
            raise ModelError(f"{where}: {name} must be [min, max], got {validate.show(pair)}")
        low, high = (validate.number(v, f"{where}: {name}") for v in pair)
        if not low < high:
            raise ModelError(f"{where}: {name} = [{low:g}, {high:g}] needs min < max")
        out[name] = (low, high)
    return out


def missing(model: str) -> list[str]:
    """The model's indicators without a declared bound."""
    declared = bounds(model)
    return [name for name in catalog(model).indicators if name not in declared]


# ---------------------------------------------------------------- judging an ensemble


def outside(values: np.ndarray, lows: Sequence[float], highs: Sequence[float]) -> np.ndarray:
    """``bad[member, variable]``: True where ``values[member, time, variable]`` is non-finite or leaves
    ``[low, high]`` at some saved time (a relative tolerance of 1e-9 of the bound's size absorbs rounding)."""
    values = np.asarray(values, dtype=float)
    low, high = np.asarray(lows, dtype=float), np.asarray(highs, dtype=float)
    slack = 1e-9 * np.maximum(np.maximum(np.abs(low), np.abs(high)), 1.0)
    with np.errstate(invalid="ignore"):
        bad = ~np.isfinite(values) | (values < low - slack) | (values > high + slack)
    return bad.any(axis=1)


def violations(times: np.ndarray, variables: Sequence[str], values: np.ndarray, declared: Bounds) -> pd.DataFrame:
    """One row per member and variable out of bounds: ``member, variable, time, value, low, high`` (the value
    farthest outside the bound, and its time). ``variables`` without a declared bound are not judged."""
    judged = [j for j, name in enumerate(variables) if name in declared]
    columns = ["member", "variable", "time", "value", "low", "high"]
    if not judged:
        return pd.DataFrame(columns=columns)
    lows = [declared[variables[j]][0] for j in judged]
    highs = [declared[variables[j]][1] for j in judged]
    part = np.asarray(values, dtype=float)[:, :, judged]
    bad = outside(part, lows, highs)
    rows = []
    for member, k in zip(*np.nonzero(bad), strict=True):
        series, low, high = part[member, :, k], lows[k], highs[k]
        excess = np.where(np.isfinite(series), np.maximum(low - series, series - high), np.inf)
        at = int(np.argmax(excess))
        rows.append((int(member), variables[judged[k]], float(times[at]), float(series[at]), low, high))
    return pd.DataFrame(rows, columns=columns)


def drivers(names: Sequence[str], unit: np.ndarray, failing: np.ndarray, top: int = 8) -> pd.DataFrame:
    """The sampled constants that push members out of bounds: ``parameter, failing_mean, gap`` sorted by ``gap``.
    ``unit[member, j]`` is each member's position in constant j's range (0 at min, 1 at max); ``failing_mean`` is
    the mean position over the failing members (0.5 when the constant does not matter) and ``gap`` the
    Kolmogorov-Smirnov distance between the failing members' positions and the uniform spread of the sample."""
    unit = np.asarray(unit, dtype=float)
    chosen = unit[np.asarray(failing, dtype=bool)]
    if chosen.shape[0] == 0:
        return pd.DataFrame(columns=["parameter", "failing_mean", "gap"])
    ordered = np.sort(chosen, axis=0)
    ranks = np.arange(1, ordered.shape[0] + 1)[:, None] / ordered.shape[0]
    gap = np.maximum(ranks - ordered, ordered - (ranks - 1 / ordered.shape[0])).max(axis=0)
    table = pd.DataFrame({"parameter": list(names), "failing_mean": chosen.mean(axis=0), "gap": gap})
    return table.sort_values("gap", ascending=False).head(top).reset_index(drop=True)


def summary(found: pd.DataFrame, sample, shown: int = 3) -> str:
    """A few lines on the members out of bounds of an ensemble ``sample`` (:class:`models.ensemble.Sample`): how
    many, which indicators, the constants that push them out, and the first members with the constants of each that
    sit at an end of their range (position < 0.05 or > 0.95)."""
    if found.empty:
        return f"all {sample.size} members within bounds"
    low, high = np.asarray(sample.lows), np.asarray(sample.highs)
    unit = (sample.values - low) / np.where(high > low, high - low, 1.0)
    members = found["member"].unique()
    failing = np.zeros(sample.size, dtype=bool)
    failing[members] = True
    counts = found.groupby("variable")["member"].nunique().sort_values(ascending=False)
    lines = [
        f"{members.size} of {sample.size} members out of bounds (seed {sample.seed})",
        "by indicator: " + ", ".join(f"{name} {count}" for name, count in counts.head(12).items()),
        "drivers (mean position in range of the failing members, KS gap): "
        + ", ".join(
            f"{r.parameter} {r.failing_mean:.2f} {r.gap:.2f}" for r in drivers(sample.names, unit, failing).itertuples()
        ),
    ]
    for member in members[:shown]:
        worst = found[found["member"] == member].iloc[0]
        ends = [j for j in np.argsort(np.abs(unit[member] - 0.5))[::-1] if abs(unit[member, j] - 0.5) > 0.45][:8]
        values = ", ".join(f"{sample.names[j]}={sample.values[member, j]:.4g}" for j in ends)
        lines.append(
            f"member {member}: {worst.variable} = {worst.value:.4g} in {worst.time:g} "
            f"(bound [{worst.low:g}, {worst.high:g}]); at the ends of their ranges: {values}"
        )
    return "\n".join(lines)
