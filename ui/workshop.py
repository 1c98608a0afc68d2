"""Workshop sequences as data (the file a model's ``model.toml`` names, ``workshop.toml`` beside it), validated
against the model; a generic sequence (one step per policy lever) for a model without one. Pure functions, no
Streamlit.

A step names a lever (its .mdl name), a suggested value and start year, the indicator to watch and the reading year,
optionally ``also``: indicators the question compares it with (shown beside it once revealed), and the question and
explanation in both languages. Steps naming an unknown lever or indicator, or a value outside
the lever's range, are left out and reported (the model may have changed under the sequence).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from pathlib import Path

from models import validate
from models.catalog import catalog
from models.declaration import declaration
from models.errors import ModelError
from models.parameters import check_value, resolve
from models.scenarios import list_scenarios
from ui.levers import Move, is_toggle

MAX_BYTES = 256_000


@dataclass(frozen=True)
class Step:
    lever: str  # identifier
    suggest: float
    start: float | None
    indicator: str
    year: float
    question: tuple[str, str]  # (fr, en)
    why: tuple[str, str]
    also: tuple[str, ...] = ()  # indicators shown beside the watched one when the result is revealed

    def move(self, value: float | None = None) -> Move:
        return Move(self.suggest if value is None else value, self.start)


@dataclass(frozen=True)
class Workshop:
    title: tuple[str, str]
    intro: tuple[str, str]
    steps: tuple[Step, ...]
    presets: tuple[str, ...] = ()
    problems: tuple[str, ...] = field(default_factory=tuple)


def _text(data: dict, key: str) -> tuple[str, str]:
    en = str(data.get(key, "")).strip()
    return (str(data.get(f"{key}_fr", en)).strip() or en, en)


def _step(model: str, item: dict, where: str, names: set[str], span: tuple[float, float]) -> Step:
    param = resolve(model, str(item.get("lever", "")), where)
    if param.role != "lever":
        raise ModelError(f"{where}: {param.name!r} is not a policy lever")
    suggest = check_value(param, item.get("suggest"), where)
    start = item.get("from")
    if start is not None and not (isinstance(start, int | float) and span[0] <= start <= span[1]):
        raise ModelError(f"{where}: 'from' must be a year in {span[0]:g}-{span[1]:g}")
    indicator = str(item.get("indicator", ""))
    if indicator not in names:
        raise ModelError(f"{where}: unknown indicator {indicator!r}")
    also = item.get("also", [])
    if not isinstance(also, list) or not all(isinstance(a, str) and a in names for a in also):
        raise ModelError(f"{where}: 'also' must be a list of known indicators, got {also!r}")
    year = float(item.get("year", span[1]))
    if not span[0] <= year <= span[1]:
        raise ModelError(f"{where}: 'year' must be in {span[0]:g}-{span[1]:g}")
    return Step(
        param.py_name,
        suggest,
        None if start is None else float(start),
        indicator,
        year,
        _text(item, "question"),
        _text(item, "why"),
        tuple(also),
    )


def load_workshop(model: str, path: Path | None = None) -> Workshop:
    """The model's workshop sequence (the file its ``model.toml`` names, or ``path``; else the generic one); a file
    that cannot be read and bad steps are reported in ``problems``."""
    path = path or declaration(model).workshop
    if path is None:
        return generic_workshop(model)
    try:
        data = validate.read_toml(path, "workshop file", MAX_BYTES, path.name)
    except ModelError as exc:
        return generic_workshop(model, problems=(str(exc),))
    book = catalog(model)
    names = set(book.outputs)
    span = (book.times["initial_time"], book.times["final_time"])
    steps, problems = [], []
    for i, item in enumerate(data.get("step", []), start=1):
        try:
            steps.append(_step(model, item, f"{path.name} step {i}", names, span))
        except ModelError as exc:
            problems.append(str(exc))
    known = set(list_scenarios(model))
    presets = tuple(p for p in data.get("presets", []) if p in known)
    problems += [f"{path.name}: unknown preset scenario {p!r}" for p in data.get("presets", []) if p not in known]
    if not steps:
        return generic_workshop(model, problems=tuple(problems))
    return Workshop(_text(data, "title"), _text(data, "intro"), tuple(steps), presets, tuple(problems))


def generic_workshop(model: str, problems: tuple[str, ...] = ()) -> Workshop:
    """One step per policy lever: move it halfway to the end of its range from the middle of the run and watch
    employment (FTE) ten years later."""
    times = catalog(model).times
    start = float(math.floor((times["initial_time"] + times["final_time"]) / 2))
    year = min(start + 10, times["final_time"])
    steps = []
    for param in catalog(model).levers:
        high = param.max if math.isfinite(param.max) else param.default * 2
        far = param.min if param.default >= high else high
        suggest = param.default + (far - param.default) / 2
        if is_toggle(param):
            suggest = float(round(suggest if far == param.default else far))
        steps.append(Step(param.py_name, suggest, start, "employment_fte", year, ("", ""), ("", "")))
    return Workshop(("Atelier", "Workshop"), ("", ""), tuple(steps), tuple(list_scenarios(model))[1:5], problems)
