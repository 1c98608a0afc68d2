"""Coordinates of every element of every view, from the plan (:mod:`models.plan`), in Vensim sketch pixels.

Rows read left to right: a flow from one stock to the next runs between them, the first stock's inflow comes from a
cloud on its left and the last stock's outflow goes to a cloud on its right; other inflows come down from clouds
above, other outflows go down to clouds (or a sink stock) below, on lanes spread over the stock's width and staggered
so that no valve's name crosses another pipe. Auxiliaries and shadows then take the free place nearest to what they
are linked to, and levers the free place nearest above what they act on, along the top edge.
"""

from __future__ import annotations

import math
from dataclasses import replace

from models.layout import ModelGraph
from models.placement import Board, Box, text_box
from models.plan import Plan, Valve, ViewPlan
from models.view_links import MARGIN, Links
from models.view_types import Diagram, Link, Pipe, View, index, shift

STOCK_CHARS = 16  # characters a line inside a stock
TEXT_CHARS = 20  # characters a line of an auxiliary's or a flow's name
PITCH = 340  # px between the centres of two stocks of a row
ROW_GAP = 110  # px between the lowest element of a row and the highest of the next
SIDE = 85  # px from a stock's side to the valve of a horizontal flow
CLOUD = 50  # px from a valve to its cloud
LANE = 44  # px between two vertical pipes on a stock's top or bottom
FIRST = 62  # px from a stock's top or bottom to the nearest valve on a vertical pipe
LEVEL = 78  # px added by each further level of vertical pipes
SINK = 40  # px from a valve to the sink stock it fills
LEVER_GAP = 70  # px between the highest element and the row of levers


def lay_out(model: str, plan: Plan, graph: ModelGraph) -> Diagram:
    return Diagram(model, tuple(_View(p, graph).build() for p in plan.views), dict(plan.automatic))


class _View(Links):
    """Builds one view: rows first, then the free elements, then the links."""

    def __init__(self, plan: ViewPlan, graph: ModelGraph) -> None:
        self.plan, self.graph = plan, graph
        self.board = Board()
        self.boxes: dict[str, Box] = {}
        self.pipes: list[Pipe] = []
        self.clouds = 0
        self.valves_at: dict[str, list[Valve]] = {}
        for valve in plan.valves:
            self.valves_at.setdefault(valve.stock, []).append(valve)

    def build(self) -> View:
        top = 0.0
        for row in self.plan.rows:
            top = self._row(row, top)
        self._free_elements()
        return self._normalised(self._links())

    # ------------------------------------------------------------------ rows

    def _box(self, name: str) -> Box:
        label = self.graph.names[name]
        if name in self.graph.inflows:
            return text_box(name, name, "stock", label, STOCK_CHARS, min_w=45, min_h=22)
        return text_box(name, name, "lever" if name in self.plan.levers else "aux", label, TEXT_CHARS)

    def _row(self, row: tuple[str, ...], top: float) -> float:
        """Lay out one row below ``top``, each item as close to the previous as its flows allow (at least PITCH);
        returns the top of the next row."""
        boxes: list[Box] = []
        pipes: list[Pipe] = []
        transfers: list[tuple[Valve, Box]] = []
        for k, name in enumerate(row):
            item = self._box(name)
            mine, my_pipes = [item], []
            if name in self.graph.inflows:
                transfers += [(v, item) for v in self._attach(item, row, k, mine, my_pipes)]
            x = self._after(boxes + [e for p in pipes for e in (p.valve, p.label)], mine, my_pipes) if boxes else 0
            boxes += [shift(b, x, 0) for b in mine]
            pipes += [p.shifted(x, 0) for p in my_pipes]
        placed = {b.key: b for b in boxes}
        for valve, _ in transfers:
            a, b = placed[valve.stock], placed[valve.other]
            pipes.append(self._pipe(valve, (a.x + a.w + b.x - b.w) / 2, 0, a.key, b.key, vertical=False))
        every = boxes + [p.label for p in pipes]
        y = top - min(b.y - b.h for b in every)
        for box in boxes:
            self.boxes[box.key] = self.board.add(shift(box, 0, y))
        for pipe in pipes:
            pipe = pipe.shifted(0, y)
            self.pipes.append(pipe)
            self.board.add(pipe.valve)
            self.board.add(pipe.label)
            self._add_pipe_track(pipe)
        return y + max(b.y + b.h for b in every) + ROW_GAP

    def _after(self, placed: list[Box], mine: list[Box], pipes: list[Pipe]) -> float:
        """The smallest x (at least PITCH after the last item) where an item and its flows clear the row so far."""
        anchor = max(b.x for b in placed if b.role in ("stock", "aux", "lever"))
        parts = mine + [p.label for p in pipes] + [p.valve for p in pipes]
        x = anchor + PITCH
        while any(shift(b, x, 0).overlaps(other, MARGIN / 2) for b in parts for other in placed):
            x += 10
        return x

    def _attach(self, stock: Box, row: tuple[str, ...], k: int, boxes: list[Box], pipes: list[Pipe]) -> list[Valve]:
        """The flows drawn at ``stock`` (centred at the origin), their clouds and sink, appended to boxes/pipes;
        returns the transfers to the next stock (drawn once both stocks have their place)."""
        valves = self.valves_at.get(stock.key, [])
        previous = row[k - 1] if k else None
        fed_from_left = any(v.side == "transfer" and v.other == stock.key for v in self.valves_at.get(previous, []))
        ins = [v for v in valves if v.side == "in"]
        outs = [v for v in valves if v.side == "out"]
        transfers = [v for v in valves if v.side == "transfer"]
        left = ins.pop(0) if ins and not fed_from_left else None
        right = next((v for v in outs if v.other is None), None) if not transfers else None
        if right:
            outs.remove(right)
        lanes = max(len(ins), len(outs))
        if lanes > 1:  # a stock is as wide as its vertical pipes need
            stock = replace(stock, w=max(stock.w, math.ceil(LANE * (lanes - 1) / 2) + 12))
            boxes[0] = stock
        if left:
            cloud = self._cloud(-stock.w - SIDE - CLOUD, 0)
            boxes.append(cloud)
            pipes.append(self._pipe(left, -stock.w - SIDE, 0, cloud.key, stock.key, vertical=False))
        if right:
            cloud = self._cloud(stock.w + SIDE + CLOUD, 0)
            boxes.append(cloud)
            pipes.append(self._pipe(right, stock.w + SIDE, 0, stock.key, cloud.key, vertical=False))
        self._lanes(stock, ins, -1, boxes, pipes)
        self._lanes(stock, sorted(outs, key=lambda v: v.other is not None), 1, boxes, pipes)
        return transfers

    def _lanes(self, stock: Box, valves: list[Valve], sign: int, boxes: list[Box], pipes: list[Pipe]) -> None:
        """Vertical flows on the stock's top (sign -1, inflows from clouds) or bottom (sign 1, outflows)."""
        n = len(valves)
        if not n:
            return
        spread = min(stock.w - 10, LANE * (n - 1) / 2)
        clouds = sum(v.other is None for v in valves)
        deepest = max((min(i, clouds - 1 - i) for i in range(clouds)), default=-1)
        for i, valve in enumerate(valves):
            dx = -spread + 2 * spread * i / (n - 1) if n > 1 else 0.0
            level = min(i, clouds - 1 - i) if valve.other is None else deepest + 1
            vy = sign * (stock.h + FIRST + LEVEL * level)
            if valve.other is None:
                end = self._cloud(dx, vy + sign * CLOUD)
            else:
                sink = self._box(valve.other)
                end = shift(sink, dx, vy + sign * (SINK + sink.h))
            boxes.append(end)
            ends = (stock.key, end.key) if sign > 0 else (end.key, stock.key)
            pipes.append(self._pipe(valve, dx, vy, *ends, vertical=True, label_left=dx < 0))

    def _pipe(self, valve: Valve, x, y, source, sink, vertical: bool, label_left: bool = False) -> Pipe:
        size = (8, 6) if vertical else (6, 8)
        box = Box(valve.flow, valve.flow, "valve", round(x), round(y), *size)
        label = text_box(f"label:{valve.flow}", valve.flow, "flow", self.graph.names[valve.flow], TEXT_CHARS)
        if vertical:
            side = -1 if label_left else 1
            label = label.moved(x + side * (box.w + 6 + label.w), y)
        else:
            label = label.moved(x, y + box.h + 4 + label.h)
        return Pipe(valve.flow, box, label, source, sink)

    def _cloud(self, x: float, y: float) -> Box:
        self.clouds += 1
        return Box(f"cloud:{self.clouds}", "", "cloud", round(x), round(y), 10, 8)

    def _add_pipe_track(self, pipe: Pipe) -> None:
        """Keep free elements off the pipe: its track between its two ends is occupied."""
        for end in (pipe.source, pipe.sink):
            box = self.boxes[end]
            x0, y0 = pipe.valve.x, pipe.valve.y
            self.board.add(
                Box(
                    f"track:{pipe.flow}",
                    "",
                    "track",
                    round((x0 + box.x) / 2),
                    round((y0 + box.y) / 2),
                    round(abs(x0 - box.x) / 2) + 4,
                    round(abs(y0 - box.y) / 2) + 4,
                )
            )

    # ------------------------------------------------------------------ free elements

    def _neighbours(self) -> dict[str, list[str]]:
        out: dict[str, list[str]] = {}
        for arrow in self.plan.arrows:
            source = f"shadow:{arrow.source}" if arrow.shadow else arrow.source
            out.setdefault(source, []).append(arrow.target)
            out.setdefault(arrow.target, []).append(source)
        return out

    def _position(self, key: str) -> tuple[float, float] | None:
        if key in self.boxes:
            return self.boxes[key].x, self.boxes[key].y
        valve = next((p.valve for p in self.pipes if p.flow == key), None)
        return (valve.x, valve.y) if valve else None

    def _free_elements(self) -> None:
        """Record shadows left of their stock; auxiliaries and shadows next to what they are linked to; levers along
        the top edge above what they reach, with the auxiliaries that carry them spread down the way."""
        neighbours = self._neighbours()
        for flow, stock in self.plan.records:
            key, box = f"shadow:{flow}", self.boxes[stock]
            if key not in self.boxes:
                shadow = text_box(key, flow, "shadow", self.graph.names[flow], TEXT_CHARS)
                self.boxes[key] = self.board.place(shadow, box.x - box.w - 45 - shadow.w, box.y, radius=300)
        carriers = {c for path in self.plan.paths for c in path[1:-1]}
        waiting = [f"shadow:{n}" for n in self.plan.shadows if f"shadow:{n}" not in self.boxes]
        waiting += [n for n in self.plan.show if n not in carriers]
        self._settle(waiting, neighbours)
        self._levers(neighbours)
        self._carriers()
        self._settle(waiting, neighbours)
        bottom = max((b.y + b.h for b in self.boxes.values()), default=0)
        for key in waiting:
            self._place_free(key, 0, bottom + 60)

    def _settle(self, waiting: list[str], neighbours: dict[str, list[str]]) -> None:
        """Place (and remove from ``waiting``) what has placed neighbours, at their barycentre, until none has."""
        progress = True
        while progress:
            progress = False
            for key in list(waiting):
                near = [p for p in (self._position(n) for n in neighbours.get(key, ())) if p]
                if near:
                    self._place_free(key, sum(x for x, _ in near) / len(near), sum(y for _, y in near) / len(near))
                    waiting.remove(key)
                    progress = True

    def _place_free(self, key: str, x: float, y: float) -> None:
        if key.startswith("shadow:"):
            name = key.removeprefix("shadow:").split("#")[0]
            box = text_box(key, name, "shadow", self.graph.names[name], TEXT_CHARS)
        else:
            box = self._box(key)
        self.boxes[key] = self.board.place(box, x, y - 40)

    def _levers(self, neighbours: dict[str, list[str]]) -> None:
        """Each lever on the top edge, above the variable it reaches (else above its placed neighbours)."""
        reach = {path[0]: path[-1] for path in self.plan.paths}
        targets = {}
        for lever in self.plan.levers:
            near = [self._position(reach.get(lever, ""))] if self._position(reach.get(lever, "")) else []
            near = near or [p for p in (self._position(n) for n in neighbours.get(lever, ())) if p]
            targets[lever] = sum(x for x, _ in near) / len(near) if near else 0.0
        line = min((b.y - b.h for b in self.boxes.values()), default=0) - LEVER_GAP
        for lever in sorted(self.plan.levers, key=lambda n: targets[n]):
            box = self._box(lever)
            placed = self.board.place_on_line(box, targets[lever], line - box.h)
            while placed is None:
                line -= 2 * box.h + 20
                placed = self.board.place_on_line(box, targets[lever], line - box.h)
            self.boxes[lever] = placed

    def _carriers(self) -> None:
        """The auxiliaries between a lever and what it reaches, evenly down the line from one to the other."""
        for lever, *carriers, reached in self.plan.paths:
            start = self._position(lever)
            end = self._position(reached) or (start[0], start[1] + 120 * (len(carriers) + 1))
            for i, carrier in enumerate(carriers, start=1):
                if carrier not in self.boxes:
                    t = i / (len(carriers) + 1)
                    self._place_free(
                        carrier, start[0] + t * (end[0] - start[0]), start[1] + t * (end[1] - start[1]) + 40
                    )


__all__ = ["Diagram", "Link", "Pipe", "View", "index", "lay_out"]
