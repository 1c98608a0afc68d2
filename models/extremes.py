"""Extreme-condition checks as data: ``models/<m>/validation.toml``, its ``[[extreme]]`` tables, run and judged.

Each check names a condition (constants held for the whole run, as a scenario's ``[set]``, optionally on top of a
named scenario; ``scale`` multiplies a constant's default) and what must follow: ``expect`` rows
``{variable, stat, op, value | baseline, from, to}``. ``stat`` is ``max``, ``min``, ``last``, ``mean`` or ``absmax``
of the variable over the years ``from``..``to``; the right-hand side is ``value`` or ``baseline`` times the same
statistic in the baseline run. Every check also requires the run to be sane: finite everywhere and no negative stock.

``name_fr`` and ``description_fr`` say the same in French (the dashboard's default language).

Sector knowledge stays beside the model; this module only reads and runs it (data in, data out, no side effect).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import pandas as pd

from models import runtime
from models.catalog import catalog
from models.errors import ModelError
from models.parameters import resolve, validate
from models.registry import get_model
from models.scenarios import scenario_spec
from models.validate import read_toml
from models.validate import stamp as file_stamp

STATS = ("max", "min", "last", "mean", "absmax")
OPS = {
    "==": lambda a, b, tol: abs(a - b) <= tol,
    "<=": lambda a, b, tol: a <= b + tol,
    ">=": lambda a, b, tol: a >= b - tol,
    "<": lambda a, b, tol: a < b - tol,
    ">": lambda a, b, tol: a > b + tol,
}
MAX_CHECKS = 50
MAX_FILE_BYTES = 200_000


@dataclass(frozen=True)
class Outcome:
    """One expectation of a check, with the figures it was judged on."""

    text: str  # e.g. "max entrepreneurs == 0"
    observed: float
    reference: float
    passed: bool
    variable: str = ""
    stat: str = ""
    op: str = ""
    baseline: float | None = None  # the factor of the baseline's statistic, None for a value
    start: float | None = None
    end: float | None = None


def settings_path(model: str):
    return get_model(model).folder / "validation.toml"


@lru_cache(maxsize=8)
def _read(model: str, stamp: tuple) -> dict:
    path = settings_path(model)
    if not path.exists():
        return {}
    return read_toml(path, "validation settings file", MAX_FILE_BYTES)


def settings(model: str) -> dict:
    """The model's ``validation.toml`` as data (empty when it has none)."""
    path = settings_path(model)
    return _read(model, file_stamp(path))


def checks(model: str) -> list[dict]:
    """The ``[[extreme]]`` tables, each checked for shape (names, statistics, operators); ModelError otherwise."""
    items = settings(model).get("extreme", [])
    if not isinstance(items, list) or len(items) > MAX_CHECKS:
        raise ModelError(f"{settings_path(model)}: [[extreme]] must be a list of at most {MAX_CHECKS} tables")
    book = catalog(model)
    for item in items:
        where = f"{settings_path(model).name}: extreme {item.get('name')!r}"
        if not isinstance(item.get("name"), str) or not item.get("expect"):
            raise ModelError(f"{where}: each check needs a name and at least one expect row")
        check_spec(model, item)  # names known, values in range
        for row in item["expect"]:
            if row.get("stat") not in STATS or row.get("op") not in OPS or not book.is_output(row.get("variable", "")):
                raise ModelError(f"{where}: expect row {row}: a known variable, stat in {STATS}, op in {list(OPS)}")
            if ("value" in row) == ("baseline" in row):
                raise ModelError(f"{where}: expect row {row} needs exactly one of value, baseline")
    return items


def check_spec(model: str, item: dict):
    """The run spec of one check: its scenario (default baseline), with its values held and its scaled defaults."""
    spec = scenario_spec(model, item.get("scenario"))
    values = dict(item.get("values", {}))
    for name, factor in item.get("scale", {}).items():
        param = resolve(model, name, f"extreme {item['name']!r}")
        values[param.py_name] = param.default * float(factor)
    return spec.with_values(validate(model, values, f"extreme {item['name']!r}")) if values else spec


def statistic(series: pd.Series, stat: str, start: float | None, end: float | None) -> float:
    part = series.loc[(start if start is not None else -math.inf) : (end if end is not None else math.inf)]
    values = part.to_numpy(dtype=float)
    if stat == "last":
        return float(values[-1])
    if stat == "absmax":
        return float(np.max(np.abs(values)))
    return float(getattr(np, stat)(values))


def sanity(model: str, table: pd.DataFrame) -> list[str]:
    """What is not sane in a run: non-finite outputs, negative stocks (empty list: sane)."""
    problems = []
    values = table.to_numpy(dtype=float)
    if not np.isfinite(values).all():
        problems.append(f"non-finite values in {list(table.columns[~np.isfinite(values).all(0)])[:5]}")
    stocks = [s for s in catalog(model).nonnegative_stocks if s in table]
    scale = np.maximum(table[stocks].abs().max(), 1.0)
    negative = table[stocks].min() < -1e-9 * scale
    if negative.any():
        problems.append(f"negative stocks {list(table[stocks].columns[negative])[:5]}")
    return problems


def judge(item: dict, table: pd.DataFrame, baseline: pd.DataFrame) -> list[Outcome]:
    """The outcome of each expectation of ``item`` on its run ``table`` (and the ``baseline`` run)."""
    out = []
    for row in item["expect"]:
        var, stat, op = row["variable"], row["stat"], row["op"]
        start, end = row.get("from"), row.get("to")
        observed = statistic(table[var], stat, start, end)
        if "baseline" in row:
            reference = float(row["baseline"]) * statistic(baseline[var], stat, start, end)
            rhs = f"{row['baseline']:g} x baseline"
        else:
            reference, rhs = float(row["value"]), f"{row['value']:g}"
        tol = 1e-9 * max(abs(observed), abs(reference), 1.0)
        span = f" {start or ''}-{end or ''}" if start is not None or end is not None else ""
        passed = bool(OPS[op](observed, reference, tol))
        factor = float(row["baseline"]) if "baseline" in row else None
        text = f"{stat} {var}{span} {op} {rhs}"
        out.append(Outcome(text, observed, reference, passed, var, stat, op, factor, start, end))
    return out


def run_checks(model: str) -> list[dict]:
    """Every check of the model run and judged: ``{name, description, passed, problems, outcomes}``."""
    items = checks(model)
    if not items:
        return []
    wanted = sorted({row["variable"] for item in items for row in item["expect"]})
    everything = list(catalog(model).outputs)
    baseline = runtime.simulate(scenario_spec(model), variables=wanted)
    results = []
    for item in items:
        table = runtime.simulate(check_spec(model, item), variables=everything)
        outcomes = judge(item, table, baseline)
        problems = sanity(model, table)
        results.append(
            {
                "name": item["name"],
                "description": item.get("description", ""),
                "name_fr": item.get("name_fr", item["name"]),
                "description_fr": item.get("description_fr", item.get("description", "")),
                "passed": not problems and all(o.passed for o in outcomes),
                "problems": problems,
                "outcomes": [o.__dict__ for o in outcomes],
            }
        )
    return results
