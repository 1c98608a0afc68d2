"""Policy timelines: dated values of a model's constants, kept as data with their sources.

``models/<model>/policy_timeline.csv`` has columns ``instrument,parameter,start,value,unit,source``: from year
``start`` (fractional years allowed: 2022.45 is mid-June 2022) the constant ``parameter`` takes ``value``. The
runtime feeds these schedules to the model; scenarios change them from a given year on.
"""

from __future__ import annotations

import csv
import math
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from models.catalog import snake
from models.errors import ModelError
from models.parameters import Parameter, check_value, parameters
from models.spec import Schedule
from models.validate import number_text

COLUMNS = ("instrument", "parameter", "start", "value", "unit", "source")


@dataclass(frozen=True)
class TimelineEntry:
    instrument: str
    parameter: str  # identifier
    start: float  # year
    value: float
    unit: str
    source: str


def _norm_unit(unit: str) -> str:
    return unit.replace(" ", "").lower()


def load_timeline(model: str, path: Path) -> tuple[TimelineEntry, ...]:
    """Read and validate a timeline file; ModelError naming file, line and column on any problem."""
    if not path.exists():
        return ()
    params = parameters(model)
    entries: list[TimelineEntry] = []
    with path.open(newline="", encoding="utf-8") as handle:
        rows = [row for row in csv.reader(handle) if row and not row[0].startswith("#")]
    if not rows or tuple(c.strip() for c in rows[0]) != COLUMNS:
        raise ModelError(f"{path}: header must be {','.join(COLUMNS)}")
    last_start: dict[str, float] = {}
    for line, row in enumerate(rows[1:], start=2):
        where = f"{path.name} line {line}"
        if len(row) != len(COLUMNS):
            raise ModelError(f"{where}: expected {len(COLUMNS)} columns, got {len(row)}")
        record = dict(zip(COLUMNS, (c.strip() for c in row), strict=True))
        entry = _entry(record, params, where)
        previous = last_start.get(entry.parameter)
        if previous is not None and entry.start <= previous:
            raise ModelError(
                f"{where}: dates for {record['parameter']!r} must increase "
                f"({entry.start:g} after {previous:g}: unsorted or overlapping)"
            )
        last_start[entry.parameter] = entry.start
        entries.append(entry)
    return tuple(entries)


def _entry(record: Mapping[str, str], params: Mapping[str, Parameter], where: str) -> TimelineEntry:
    key = snake(record["parameter"])
    if key not in params:
        raise ModelError(f"{where}: unknown parameter {record['parameter']!r} (instrument {record['instrument']!r})")
    param = params[key]
    try:
        start = float(record["start"])
    except ValueError:
        raise ModelError(f"{where}: start {record['start']!r} is not a year") from None
    if not math.isfinite(start):
        raise ModelError(f"{where}: start {record['start']!r} is not a year")
    value = check_value(param, number_text(record["value"], f"{where}: value"), where)
    if _norm_unit(record["unit"]) != _norm_unit(param.units):
        raise ModelError(
            f"{where}: unit {record['unit']!r} differs from the model's {param.units!r} for {param.name!r}"
        )
    if not record["source"]:
        raise ModelError(f"{where}: every dated value needs a source")
    return TimelineEntry(record["instrument"], key, start, value, record["unit"], record["source"])


def schedules(entries: tuple[TimelineEntry, ...]) -> dict[str, Schedule]:
    """Entries grouped as run-spec schedules ``{identifier: ((start, value), ...)}``."""
    out: dict[str, list[tuple[float, float]]] = {}
    for entry in entries:
        out.setdefault(entry.parameter, []).append((entry.start, entry.value))
    return {name: tuple(values) for name, values in out.items()}


def value_at(schedule: Schedule, default: float, year: float) -> float:
    """Value in force at ``year`` for a constant with ``default`` and dated ``schedule``."""
    value = default
    for start, new in schedule:
        if start <= year + 1e-9:
            value = new
    return value


def switch(schedule: Schedule, year: float, value: float) -> Schedule:
    """``schedule`` changed from ``year`` on: later dated values are replaced by ``value``."""
    kept = tuple((start, v) for start, v in schedule if start < year - 1e-9)
    return kept + ((year, value),)
