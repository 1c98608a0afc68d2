"""Moved levers as the text a link carries: ``<lever>=<value>[@<year>]``, several joined by ``;``. Pure functions;
what cannot be read is a :data:`Problem` (a message key of ``ui.i18n`` and its values), never an exception."""

from __future__ import annotations

from collections.abc import Mapping

from models import validate
from models.errors import ModelError
from models.parameters import Parameter
from ui.levers import Move

Problem = tuple[str, dict]
"""A message key of ``ui.i18n`` and its values: why part of a link was ignored."""


def num(value: float) -> str:
    """Shortest text that reads back as the same float (``0.12``, ``2026``, ``86218.029733``)."""
    text = repr(float(value))
    return text[:-2] if text.endswith(".0") else text


def format_move(py_name: str, move: Move) -> str:
    text = f"{py_name}={num(move.value)}"
    return text if move.start is None else f"{text}@{num(move.start)}"


def parse_move(
    params: Mapping[str, Parameter], py_name: str, text: str, span: tuple[float, float]
) -> tuple[Move | None, Problem | None]:
    """``"0.12"`` or ``"0.12@2026"`` for lever ``py_name``; a Problem when unknown, not a number or out of range."""
    if py_name not in params:
        return None, ("bad_lever", {"name": py_name})
    value_text, _, year_text = text.partition("@")
    try:
        value = validate.number_text(value_text, py_name)
        start = validate.number_text(year_text, py_name) if year_text else None
    except ModelError:
        return None, ("bad_number", {"name": py_name, "value": text})
    param = params[py_name]
    if not param.in_range(value):
        return None, ("bad_range", {"name": param.name, "value": value_text, "range": param.range_text})
    if start is not None and not span[0] <= start <= span[1]:
        return None, ("bad_year", {"name": param.name, "value": year_text})
    return Move(value, start), None


def format_moves(moves: Mapping[str, Move]) -> str:
    return ";".join(format_move(k, m) for k, m in sorted(moves.items()))


def parse_moves(
    params: Mapping[str, Parameter], text: str, span: tuple[float, float]
) -> tuple[dict[str, Move], list[Problem]]:
    moves, problems = {}, []
    for item in filter(None, text.split(";")):
        name, _, value = item.partition("=")
        move, problem = parse_move(params, name.strip(), value.strip(), span)
        if move is not None:
            moves[name.strip()] = move
        if problem is not None:
            problems.append(problem)
    return moves, problems
