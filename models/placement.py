"""Boxes on a diagram: text wrapped into a box, and a board that finds the nearest free place for a box.

Sizes follow Vensim's sketch convention: a box is its centre and its *half* width and height, in pixels of the
sketch's 11-point font (about 6.2 px a character, 13 px a line).
"""

from __future__ import annotations

import math
from collections.abc import Collection
from dataclasses import dataclass, replace
from functools import lru_cache

CHAR = 6.2  # px per character (mean over the names of the models, 11 pt sans serif)
LINE = 13  # px per line
MARGIN = 10  # px kept free around every box


@dataclass(frozen=True)
class Box:
    """A drawn element: ``key`` is unique in its view (an identifier, ``shadow:<identifier>``, ``cloud:<n>``);
    ``name`` the variable it shows; ``role`` one of stock, aux, lever, shadow, flow (a valve's name), valve, cloud."""

    key: str
    name: str
    role: str
    x: int
    y: int
    w: int  # half width
    h: int  # half height
    lines: tuple[str, ...] = ()

    def moved(self, x: float, y: float) -> Box:
        return replace(self, x=round(x), y=round(y))

    def overlaps(self, other: Box, margin: float = 0) -> bool:
        return abs(self.x - other.x) < self.w + other.w + margin and abs(self.y - other.y) < self.h + other.h + margin


def wrap(text: str, width: int) -> tuple[str, ...]:
    """``text`` in lines of at most ``width`` characters (a longer word gets a line of its own)."""
    lines: list[str] = []
    for word in text.split():
        if lines and len(lines[-1]) + 1 + len(word) <= width:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return tuple(lines) or ("",)


def text_box(key: str, name: str, role: str, text: str, width: int, min_w: int = 0, min_h: int = 0) -> Box:
    """A box (at the origin) that holds ``text`` wrapped at ``width`` characters."""
    lines = wrap(text, width)
    w = max(min_w, math.ceil(max(len(line) for line in lines) * CHAR / 2) + 4)
    h = max(min_h, math.ceil(len(lines) * LINE / 2) + 2)
    return Box(key, name, role, 0, 0, w, h, lines)


class Board:
    """The boxes placed so far on one view, in a grid of buckets, to find free places fast."""

    CELL = 80

    def __init__(self) -> None:
        self._cells: dict[tuple[int, int], list[Box]] = {}

    def _keys(self, box: Box, margin: float):
        c = self.CELL
        for i in range(math.floor((box.x - box.w - margin) / c), math.floor((box.x + box.w + margin) / c) + 1):
            for j in range(math.floor((box.y - box.h - margin) / c), math.floor((box.y + box.h + margin) / c) + 1):
                yield i, j

    def add(self, box: Box) -> Box:
        for key in self._keys(box, 0):
            self._cells.setdefault(key, []).append(box)
        return box

    def free(self, box: Box, margin: float = MARGIN) -> bool:
        return not any(
            other.overlaps(box, margin) for key in self._keys(box, margin) for other in self._cells.get(key, ())
        )

    def occupied(self, x: float, y: float, ignore: Collection[str] = ()) -> bool:
        """Whether the point ``(x, y)`` is inside a placed box (other than those keyed in ``ignore``)."""
        cell = self._cells.get((math.floor(x / self.CELL), math.floor(y / self.CELL)), ())
        return any(abs(b.x - x) <= b.w and abs(b.y - y) <= b.h and b.key not in ignore for b in cell)

    def place(self, box: Box, x: float, y: float, step: int = 10, radius: int = 900) -> Box:
        """``box`` at the free place nearest to ``(x, y)`` (on a ``step`` grid), added to the board."""
        for reach in (radius, 4 * radius):
            for dx, dy in _spiral(step, reach):
                candidate = box.moved(x + dx, y + dy)
                if self.free(candidate):
                    return self.add(candidate)
        raise ValueError(f"no free place for {box.key} within {4 * radius} px")

    def place_on_line(self, box: Box, x: float, y: float, step: int = 10, reach: int = 600) -> Box | None:
        """``box`` at the free place nearest to ``x`` on the horizontal line ``y`` (levers along an edge), added to
        the board; None when the line is full within ``reach``."""
        for k in range(0, reach // step):
            for dx in (k * step, -k * step) if k else (0,):
                candidate = box.moved(x + dx, y)
                if self.free(candidate):
                    return self.add(candidate)
        return None


@lru_cache(maxsize=4)
def _spiral(step: int, radius: int) -> list[tuple[int, int]]:
    points = [(dx, dy) for dx in range(-radius, radius + 1, step) for dy in range(-radius, radius + 1, step)]
    points = [p for p in points if p[0] ** 2 + p[1] ** 2 <= radius**2]
    return sorted(points, key=lambda p: (p[0] ** 2 + p[1] ** 2, p[1], p[0]))
