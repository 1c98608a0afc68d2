"""How moving a policy lever changes a run spec, and the values a lever's slider offers. Pure functions, no
Streamlit.

The levers are the catalogue's (``catalog(model).levers``: constants whose .mdl comment marks a policy or governance
decision). A lever moved from a given year becomes a dated switch (``models.timeline.switch``); moved from the initial
time it holds for the whole run.
"""

from __future__ import annotations

import math
import unicodedata
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from models.catalog import catalog
from models.declaration import LeverGroup, Text
from models.parameters import Parameter
from models.spec import RunSpec
from models.timeline import switch, value_at


@dataclass(frozen=True)
class Move:
    """A lever set to ``value`` from year ``start`` (None = from the initial time, for the whole run)."""

    value: float
    start: float | None = None


def is_toggle(param: Parameter) -> bool:
    """An on/off switch: range [0, 1] with step 1."""
    return param.min == 0 and param.max == 1 and param.step == 1


def slider_step(param: Parameter) -> float:
    """The .mdl's step, or a hundredth of the range when none is given."""
    if math.isfinite(param.step) and param.step > 0:
        return param.step
    if math.isfinite(param.min) and math.isfinite(param.max) and param.max > param.min:
        return (param.max - param.min) / 100
    return max(abs(param.default) / 100, 0.01)


def initial_time(spec: RunSpec) -> float:
    return spec.initial_time if spec.initial_time is not None else catalog(spec.model).times["initial_time"]


def final_time(spec: RunSpec) -> float:
    return spec.final_time if spec.final_time is not None else catalog(spec.model).times["final_time"]


def reference_value(spec: RunSpec, param: Parameter, year: float | None) -> float:
    """Value the spec gives ``param`` at ``year`` (its initial value when ``year`` is None)."""
    base = spec.constants.get(param.py_name, param.default)
    when = initial_time(spec) if year is None else year
    return value_at(spec.schedules.get(param.py_name, ()), base, when)


def default_start(spec: RunSpec, today: date | None = None) -> float:
    """The year a lever moved without a date applies from: next year (a policy decided now), within the run."""
    year = (today or date.today()).year + 1
    return float(min(max(year, initial_time(spec)), final_time(spec)))


def grouped(levers: Sequence[Parameter], groups: Sequence[LeverGroup]) -> list[tuple[Text | None, list[Parameter]]]:
    """The levers by declared group, in the declaration's order; those no group lists last, titled None."""
    by_name = {p.py_name: p for p in levers}
    out = [(g.title, [by_name[n] for n in g.levers if n in by_name]) for g in groups]
    listed = {n for g in groups for n in g.levers}
    rest = [p for p in levers if p.py_name not in listed]
    out = [(title, params) for title, params in out if params]
    return out + [(None, rest)] if rest else out


def _fold(text: str) -> str:
    """Lower case without accents, for searching (``Crédit`` matches ``credit``)."""
    return "".join(c for c in unicodedata.normalize("NFKD", text.casefold()) if not unicodedata.combining(c))


def matching(params: Sequence[Parameter], query: str, texts: Callable[[Parameter], Sequence[str]]) -> list[Parameter]:
    """The levers whose ``texts`` (labels, group title, .mdl name) contain every word of ``query``."""
    words = _fold(query).split()
    if not words:
        return list(params)
    return [p for p in params if all(w in _fold(" ".join((*texts(p), p.name, p.py_name))) for w in words)]


def is_from_start(spec: RunSpec, start: float | None) -> bool:
    return start is None or start <= initial_time(spec) + 1e-9


def apply_moves(spec: RunSpec, moves: Mapping[str, Move]) -> RunSpec:
    """``spec`` with levers moved: from the start -> constant for the whole run (dated values dropped);
    from a later year -> the spec's schedule switched to the value from that year."""
    constants = dict(spec.constants)
    schedules = dict(spec.schedules)
    for py_name, move in moves.items():
        if is_from_start(spec, move.start):
            constants[py_name] = move.value
            schedules.pop(py_name, None)
        else:
            schedules[py_name] = switch(schedules.get(py_name, ()), float(move.start), move.value)
    return RunSpec(spec.model, constants, schedules, spec.initial_time, spec.final_time, spec.time_step)


def differs(a: float, b: float) -> bool:
    return abs(a - b) > 1e-9 * max(1.0, abs(a), abs(b))


MAX_OPTIONS = 1000


def options(param: Parameter, extra: tuple[float, ...] = ()) -> list[float]:
    """Values a lever's slider offers: the .mdl range on its step (at most ~1000 values), plus ``extra`` values
    (the scenario's or the link's) so that they can be shown exactly."""
    step = slider_step(param)
    count = int(round((param.max - param.min) / step))
    if count > MAX_OPTIONS:
        step, count = (param.max - param.min) / MAX_OPTIONS, MAX_OPTIONS
    grid = {round(param.min + i * step, 10) for i in range(count + 1)}
    grid |= {round(float(x), 10) for x in extra if param.in_range(float(x))}
    return sorted(grid)


def snap(value: float, choices: list[float]) -> float:
    """The choice nearest ``value``."""
    return min(choices, key=lambda c: abs(c - value))
