"""The drawn diagram as data: views of boxes, pipes (flows) and links (arrows), as :mod:`models.geometry` lays them
out and :mod:`models.sketch` and :mod:`models.diagram_svg` write them."""

from __future__ import annotations

from dataclasses import dataclass, replace

from models.placement import Box


@dataclass(frozen=True)
class Pipe:
    """A flow: its valve, its name, and the keys of the boxes it comes from and goes to (stocks or clouds)."""

    flow: str
    valve: Box
    label: Box
    source: str
    sink: str

    @property
    def vertical(self) -> bool:
        return self.valve.w > self.valve.h  # Vensim: 6x8 on a horizontal pipe, 8x6 on a vertical one

    def shifted(self, dx: float, dy: float) -> Pipe:
        return replace(self, valve=shift(self.valve, dx, dy), label=shift(self.label, dx, dy))


@dataclass(frozen=True)
class Link:
    """A causal link (arrow) from one box to another (a flow's key stands for its valve), through ``via``, the
    middle of its arc."""

    source: str
    target: str
    sign: str
    via: tuple[int, int]


@dataclass(frozen=True)
class View:
    name: str
    name_fr: str
    boxes: tuple[Box, ...]  # stocks, auxiliaries, levers, shadows and clouds (valves and flow names are in pipes)
    pipes: tuple[Pipe, ...]
    links: tuple[Link, ...]
    width: int
    height: int

    def element(self, key: str) -> Box:
        """The box of ``key`` (a flow's key gives its valve)."""
        return index(self)[key]


@dataclass(frozen=True)
class Diagram:
    model: str
    views: tuple[View, ...]
    automatic: dict[str, str]  # stock placed automatically (not in the layout file) -> view


def index(view: View) -> dict[str, Box]:
    return {b.key: b for b in view.boxes} | {p.flow: p.valve for p in view.pipes}


def shift(box: Box, dx: float, dy: float) -> Box:
    return box.moved(box.x + dx, box.y + dy)
