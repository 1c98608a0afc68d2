"""What goes in which view, before any coordinate: a pure function of the layout file and the model graph.

Every stock is drawn once: where the layout puts it (a row or a sink), else, placed automatically, in the view of
its .mdl group (the layout's ``records`` view for a stock that only counts a flow drawn elsewhere). Every flow is
drawn once, as a valve at the stock it drains (to the next stock of the row, to a sink below, or to a cloud) or, with
no source stock, at the stock it fills. A stock that also counts a flow drawn at another stock shows a shadow of it.
Auxiliaries appear where the layout shows them, levers at the edge of their group's view with the auxiliaries that
carry them to the nearest drawn variable; a variable drawn in another view appears as a shadow where it is used.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field

from models.layout import Layout, ModelGraph, ViewSpec

DEFAULT_VIEW = ViewSpec(name="Model", name_fr="Modèle")
MAX_ROW = 4  # stocks in a row placed automatically
MAX_PATH = 6  # auxiliaries carried from a lever to the nearest drawn variable


@dataclass(frozen=True)
class Valve:
    """Flow ``flow`` drawn at ``stock``: ``side`` is "transfer" (into ``other``, the next stock of the row), "out"
    (into ``other``, a sink below, or a cloud when None) or "in" (from a cloud)."""

    flow: str
    stock: str
    side: str
    other: str | None = None


@dataclass(frozen=True)
class Arrow:
    """A causal link drawn in a view; ``shadow``: the cause is a shadow of a variable drawn elsewhere."""

    source: str
    target: str
    sign: str
    shadow: bool = False


@dataclass(frozen=True)
class ViewPlan:
    name: str
    name_fr: str
    rows: tuple[tuple[str, ...], ...]  # stocks (and auxiliaries) left to right
    sinks: dict[str, str]  # sink stock -> the row stock whose outflow fills it
    valves: tuple[Valve, ...]
    records: tuple[tuple[str, str], ...]  # (flow, stock): the stock also counts this flow, drawn elsewhere
    show: tuple[str, ...]  # auxiliaries placed next to what they act on
    levers: tuple[str, ...]  # levers placed at the top edge
    arrows: tuple[Arrow, ...]
    paths: tuple[tuple[str, ...], ...] = ()  # (lever, auxiliaries that carry it..., the drawn variable it reaches)

    @property
    def shadows(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(a.source for a in self.arrows if a.shadow))


@dataclass(frozen=True)
class Plan:
    views: tuple[ViewPlan, ...]
    automatic: dict[str, str] = field(default_factory=dict)  # stock placed automatically -> its view


def plan(layout: Layout, graph: ModelGraph) -> Plan:
    views = layout.views or (DEFAULT_VIEW,)
    homes = _stock_views(layout, views, graph)
    automatic = {s: views[v].name for s, v in homes.items() if s not in _listed(views)}
    rows, sinks = zip(*(_rows_and_sinks(i, view, homes, automatic, graph) for i, view in enumerate(views)), strict=True)
    valves, records = _valves(graph, rows, sinks, homes)
    drawn = {s: homes[s] for s in graph.stocks} | {v.flow: homes[v.stock] for v in valves}
    shown = _shown(views, graph, drawn, valves, homes)
    drawn |= shown
    ledgers = [v.name for v in views].index(layout.records) if layout.records else None
    levers, carriers, paths = _levers(views, graph, drawn, ledgers)
    shown |= carriers
    drawn |= levers | carriers
    out = []
    for i, view in enumerate(views):
        mine = [v for v in valves if homes[v.stock] == i]
        recs = tuple(r for r in records if homes[r[1]] == i)
        out.append(
            ViewPlan(
                name=view.name,
                name_fr=view.name_fr,
                rows=rows[i],
                sinks=sinks[i],
                valves=tuple(mine),
                records=recs,
                show=tuple(n for n in graph.names if shown.get(n) == i and not _in_rows(n, rows[i])),
                levers=tuple(n for n in graph.names if levers.get(n) == i),
                arrows=_arrows(i, graph, drawn, recs),
                paths=tuple(paths[n] for n in graph.names if levers.get(n) == i),
            )
        )
    return Plan(views=tuple(out), automatic=automatic)


def _listed(views) -> set[str]:
    return {n for v in views for n in (*(n for row in v.rows for n in row), *v.sinks)}


def _in_rows(name: str, rows) -> bool:
    return any(name in row for row in rows)


def _destinations(graph: ModelGraph, flow: str) -> list[str]:
    return [s for s in graph.stocks if flow in graph.inflows[s]]


def _sources(graph: ModelGraph, flow: str) -> list[str]:
    return [s for s in graph.stocks if flow in graph.outflows[s]]


def _is_record(graph: ModelGraph, stock: str) -> bool:
    """A stock that only counts flows that also fill a stock with outflows (a ledger of flows drawn elsewhere)."""
    inflows = graph.inflows[stock]
    return (
        bool(inflows)
        and not graph.outflows[stock]
        and all(any(d != stock and graph.outflows[d] for d in _destinations(graph, f)) for f in inflows)
    )


def _stock_views(layout: Layout, views, graph: ModelGraph) -> dict[str, int]:
    listed = {n: i for i, v in enumerate(views) for n in (*(n for row in v.rows for n in row), *v.sinks)}
    by_section = {s: i for i, v in enumerate(views) for s in v.sections}
    records = [v.name for v in views].index(layout.records) if layout.records else None
    homes = {}
    for stock in graph.stocks:
        if stock in listed:
            homes[stock] = listed[stock]
        elif records is not None and _is_record(graph, stock):
            homes[stock] = records
        else:
            homes[stock] = by_section.get(graph.groups.get(stock, ""), 0)
    return homes


def _rows_and_sinks(i: int, view: ViewSpec, homes, automatic, graph: ModelGraph):
    """The view's rows (the layout's, then chains of its automatic stocks) and sinks (stock -> its source)."""
    rows = [tuple(row) for row in view.rows]
    in_rows = {n for row in rows for n in row}
    sinks: dict[str, str] = {}
    for stock in (*view.sinks, *(s for s in graph.stocks if homes[s] == i and s in automatic)):
        source = _sink_source(graph, stock, rows)
        if source is not None and source not in sinks.values():
            sinks[stock] = source
    rest = [s for s in graph.stocks if homes[s] == i and s not in in_rows and s not in sinks]
    return tuple(rows + _chains(rest, graph)), sinks


def _sink_source(graph: ModelGraph, stock: str, rows: list[tuple[str, ...]]) -> str | None:
    """The row stock whose outflow alone fills ``stock``, if ``stock`` has nothing else and that outflow does not
    already run to the next stock of the row."""
    if graph.outflows[stock] or len(graph.inflows[stock]) != 1:
        return None
    flow = graph.inflows[stock][0]
    sources = _sources(graph, flow)
    following = {a: b for row in rows for a, b in zip(row, row[1:], strict=False)}
    in_rows = {n for row in rows for n in row}
    if len(sources) != 1 or sources[0] not in in_rows or following.get(sources[0]) in _destinations(graph, flow):
        return None
    return sources[0]


def _chains(stocks: list[str], graph: ModelGraph) -> list[tuple[str, ...]]:
    """Automatic rows: stocks linked by a flow follow each other; rows of at most MAX_ROW unlinked stocks."""
    rows: list[list[str]] = []
    left = list(stocks)
    while left:
        chain = [left.pop(0)]
        while True:
            nxt = next((s for s in left if set(graph.outflows[chain[-1]]) & set(graph.inflows[s])), None)
            if nxt is None:
                break
            chain.append(left.pop(left.index(nxt)))
        if rows and len(chain) == 1 and len(rows[-1]) < MAX_ROW and not _linked(rows[-1], graph):
            rows[-1].append(chain[0])
        else:
            rows.append(chain)
    return [tuple(r) for r in rows]


def _linked(row: list[str], graph: ModelGraph) -> bool:
    return any(set(graph.outflows[a]) & set(graph.inflows[b]) for a, b in zip(row, row[1:], strict=False))


def _valves(graph: ModelGraph, rows, sinks, homes) -> tuple[list[Valve], list[tuple[str, str]]]:
    following = {}
    for view_rows in rows:
        for row in view_rows:
            following.update({a: b for a, b in zip(row, row[1:], strict=False)})
    sink_of = {source: sink for view_sinks in sinks for sink, source in view_sinks.items()}
    valves, records = [], []
    for flow in graph.flows:
        sources, targets = _sources(graph, flow), _destinations(graph, flow)
        if sources:
            stock = sources[0]
            if following.get(stock) in targets and not any(v.stock == stock and v.side == "transfer" for v in valves):
                valve = Valve(flow, stock, "transfer", following[stock])
            elif sink_of.get(stock) in targets and graph.inflows[sink_of[stock]] == (flow,):
                valve = Valve(flow, stock, "out", sink_of[stock])
            else:
                valve = Valve(flow, stock, "out")
        else:
            stock = min(targets, key=lambda s: (not graph.outflows[s], graph.stocks.index(s)))
            valve = Valve(flow, stock, "in")
        valves.append(valve)
        records += [(flow, s) for s in targets if s not in (valve.stock, valve.other)]
    return valves, records


def _shown(views, graph: ModelGraph, drawn: dict[str, int], valves, homes) -> dict[str, int]:
    """Auxiliaries drawn in each view: the layout's rows and ``show``, then inputs of the flows of views that ask."""
    shown = {n: i for i, v in enumerate(views) for row in v.rows for n in row if n not in graph.inflows}
    shown |= {n: i for i, v in enumerate(views) for n in v.show}
    causes: dict[str, list[str]] = {}
    for source, target, _ in graph.links:
        causes.setdefault(target, []).append(source)
    for i, view in enumerate(views):
        if not view.inputs:
            continue
        for valve in (v for v in valves if homes[v.stock] == i):
            for cause in causes.get(valve.flow, ()):
                if cause not in drawn and cause not in shown and cause not in graph.constants:
                    shown[cause] = i
    return shown


def _levers(views, graph: ModelGraph, drawn: dict[str, int], records: int | None) -> tuple[dict, dict, dict]:
    """Levers not placed by the layout, at the edge of their group's view when they reach a variable drawn there,
    else of the view of the nearest variable they reach (never the records view), with the auxiliaries that carry
    each there (shortest path, drawn in the lever's view):
    ``(lever -> view, carrier -> view, lever -> (lever, carriers..., variable reached or ""))``."""
    by_section = {s: i for i, v in enumerate(views) for s in v.sections}
    effects: dict[str, list[str]] = {}
    for source, target, _ in graph.links:
        effects.setdefault(source, []).append(target)
    stocks = set(graph.inflows)
    levers: dict[str, int] = {}
    carriers: dict[str, int] = {}
    paths: dict[str, tuple[str, ...]] = {}
    for lever in graph.levers:
        if lever in drawn:
            continue
        known = {**drawn, **carriers}
        home = by_section.get(graph.groups.get(lever, ""))
        blocked = stocks | set(known)
        path, reached = _path(lever, effects, {n for n, v in known.items() if v == home}, blocked)
        if reached is None:
            path, reached = _path(lever, effects, {n for n, v in known.items() if v != records}, blocked)
        view = known[reached] if reached is not None else (home or 0)
        levers[lever] = view
        for step in path:
            carriers.setdefault(step, view)
        paths[lever] = (lever, *path, reached or "")
    return levers, carriers, paths


def _path(start: str, effects, targets, blocked) -> tuple[list[str], str | None]:
    """Shortest chain of auxiliaries, none of them ``blocked`` (stocks, what is drawn already), from ``start`` to
    one of ``targets``: (the chain, the target reached)."""
    previous = {start: None}
    queue = deque([(start, 0)])
    while queue:
        node, depth = queue.popleft()
        for nxt in effects.get(node, ()):
            if nxt in previous or (nxt in blocked and nxt not in targets):
                continue
            previous[nxt] = node
            if nxt in targets:
                chain, step = [], node
                while step != start:
                    chain.append(step)
                    step = previous[step]
                return chain[::-1], nxt
            if depth + 1 < MAX_PATH:
                queue.append((nxt, depth + 1))
    return [], None


def _arrows(i: int, graph: ModelGraph, drawn: dict[str, int], records) -> tuple[Arrow, ...]:
    stocks = set(graph.inflows)
    arrows = []
    for source, target, sign in graph.links:
        if drawn.get(target) != i or target in stocks or source not in drawn:
            continue
        arrows.append(Arrow(source, target, sign, shadow=drawn[source] != i))
    arrows += [Arrow(flow, stock, "+", shadow=True) for flow, stock in records]
    return tuple(arrows)
