"""The arrows of a view and its frame: each causal link drawn as the arc through the fewest elements, a far cause
drawn as a shadow near its effect (:class:`Links`, mixed into the view builder of :mod:`models.geometry`)."""

from __future__ import annotations

import math
from collections.abc import Iterable

from models.view_types import Link, View, shift

LONG = 450  # px: a longer link is drawn from a shadow of its cause next to its effect
LEVER_LONG = 900  # px: the same for a lever's links (levers stay linked from the edge)
BENDS = (0.12, 0.0, 0.25, 0.4)  # arc bulges tried, as a share of the link's length (first = default)
SAMPLES = tuple(k / 20 for k in range(4, 17))  # where an arc is checked for elements it crosses
MARGIN = 40  # px around the view


def _on_arc(a, via, b, t: float) -> tuple[float, float]:
    """The point at ``t`` of the quadratic curve from ``a`` to ``b`` through ``via`` (at t = 0.5)."""
    cx, cy = 2 * via[0] - (a[0] + b[0]) / 2, 2 * via[1] - (a[1] + b[1]) / 2
    u = 1 - t
    return u * u * a[0] + 2 * u * t * cx + t * t * b[0], u * u * a[1] + 2 * u * t * cy + t * t * b[1]


class Links:
    """Links and frame of a view being built (needs the builder's ``plan``, ``board``, ``boxes``, ``pipes``,
    ``_position`` and ``_place_free``)."""

    def _links(self) -> tuple[Link, ...]:
        """The plan's arrows; a cause farther than LONG from its effect is drawn as a shadow next to the effect
        (one shadow serves the effects within LONG / 2 of it), as modellers do for widely used variables."""
        copies: dict[str, list[str]] = {}
        links = []
        for arrow in sorted(self.plan.arrows, key=self._length):
            source = f"shadow:{arrow.source}" if arrow.shadow else arrow.source
            reach = LEVER_LONG if arrow.source in self.plan.levers else LONG
            if self._distance(source, arrow.target) > reach:
                source = self._copy_near(arrow.source, arrow.target, copies)
            links.append(self._link(source, arrow))
        return tuple(links)

    def _length(self, arrow) -> float:
        return self._distance(f"shadow:{arrow.source}" if arrow.shadow else arrow.source, arrow.target)

    def _distance(self, a: str, b: str) -> float:
        (ax, ay), (bx, by) = self._position(a), self._position(b)
        return math.hypot(ax - bx, ay - by)

    def _copy_near(self, name: str, target: str, copies: dict[str, list[str]]) -> str:
        mine = copies.setdefault(name, [])
        near = next((key for key in mine if self._distance(key, target) <= LONG / 2), None)
        if near:
            return near
        key = f"shadow:{name}#{len(mine) + 1}"
        x, y = self._position(target)
        self._place_free(key, x, y)
        mine.append(key)
        return key

    def _link(self, source: str, arrow) -> Link:
        """The arc through the fewest elements (points sampled along it), as little bent as that allows; arcs bulge
        up (sideways arcs to the right) when nothing tells the sides apart."""
        a, b = self._position(source), self._position(arrow.target)
        dx, dy = b[0] - a[0], b[1] - a[1]
        length = max(math.hypot(dx, dy), 1.0)
        ignore = {source, arrow.target, f"label:{arrow.target}"}
        best = None
        for bend in BENDS:
            for side in (1, -1):
                offset = side * min(bend * length, 140.0)
                via = ((a[0] + b[0]) / 2 + dy / length * offset, (a[1] + b[1]) / 2 - dx / length * offset)
                hits = sum(self.board.occupied(*_on_arc(a, via, b, t), ignore) for t in SAMPLES)
                preferred = via[1] <= (a[1] + b[1]) / 2 if abs(dx) >= abs(dy) else via[0] >= (a[0] + b[0]) / 2
                cost = 10 * hits + 3 * bend + (0 if preferred or not bend else 0.5)
                if best is None or cost < best[0]:
                    best = (cost, via)
        via = best[1]
        return Link(source, arrow.target, arrow.sign, (round(via[0]), round(via[1])))

    def _normalised(self, links: Iterable[Link]) -> View:
        boxes = list(self.boxes.values())
        every = boxes + [p.valve for p in self.pipes] + [p.label for p in self.pipes]
        if not every:
            return View(self.plan.name, self.plan.name_fr, (), (), (), 2 * MARGIN, 2 * MARGIN)
        left = min(b.x - b.w for b in every) - MARGIN
        top = min(b.y - b.h for b in every) - MARGIN
        width = max(b.x + b.w for b in every) - left + MARGIN
        height = max(b.y + b.h for b in every) - top + MARGIN
        return View(
            name=self.plan.name,
            name_fr=self.plan.name_fr,
            boxes=tuple(shift(b, -left, -top) for b in boxes),
            pipes=tuple(p.shifted(-left, -top) for p in self.pipes),
            links=tuple(Link(k.source, k.target, k.sign, (k.via[0] - left, k.via[1] - top)) for k in links),
            width=round(width),
            height=round(height),
        )
