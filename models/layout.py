"""The layout description of a model's diagram (``models/<model>/layout.toml``) and the model graph it is laid
over. The layout names views and what goes in them; everything it leaves out still gets a place (see
:mod:`models.plan`), so a changed or added equation never breaks the diagram.

``layout.toml``::

    records = "Accounting ledgers"        # optional: the view for stocks that only count a flow drawn elsewhere

    [[view]]
    name = "People chain"                 # the Vensim view title (no . - + , / * ^: Simlin turns them to spaces)
    name_fr = "Chaîne des personnes"       # the dashboard's French title
    sections = ["Test phase"]             # .mdl groups whose stocks and levers belong here unless placed elsewhere
    rows = [["Applicants waiting", "Entrepreneurs in test phase"]]   # left to right; stocks chain by their flows
    sinks = ["Cumulative entries"]        # stocks drawn at the end of the flow that fills them, below its source
    show = ["admission capacity"]         # auxiliaries placed next to what they act on
    inputs = true                         # also show every auxiliary that feeds a flow of the view (default false)

Names are Vensim names or identifiers, any case. Unknown names, sections or keys are one-line ModelErrors naming the
file and the key.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from models import validate
from models.catalog import CONSTANT_ROLES, catalog, snake
from models.errors import ModelError
from models.mdl_file import definitions
from models.registry import get_model
from models.structure import stock_flow_structure

VIEW_KEYS = {"name", "name_fr", "sections", "rows", "sinks", "show", "inputs"}
TOP_KEYS = {"records", "view"}
BAD_TITLE = re.compile(r"[.\-+,/*^]")
MAX_BYTES = 200_000


@dataclass(frozen=True)
class ViewSpec:
    """One view as the layout file describes it (identifiers, not Vensim names)."""

    name: str
    name_fr: str
    sections: tuple[str, ...] = ()
    rows: tuple[tuple[str, ...], ...] = ()
    sinks: tuple[str, ...] = ()
    show: tuple[str, ...] = ()
    inputs: bool = False


@dataclass(frozen=True)
class Layout:
    views: tuple[ViewSpec, ...]
    records: str = ""  # name of the view for record stocks, "" = their section's view


@dataclass(frozen=True)
class ModelGraph:
    """What the diagram is drawn from: the model's variables and how they connect, by identifier."""

    names: dict[str, str]  # identifier -> Vensim name, in .mdl order
    groups: dict[str, str]  # identifier -> .mdl group
    inflows: dict[str, tuple[str, ...]]  # stock -> its inflows
    outflows: dict[str, tuple[str, ...]]  # stock -> its outflows
    links: tuple[tuple[str, str, str], ...]  # (cause, effect, "+" | "-" | "?")
    constants: frozenset[str]
    levers: tuple[str, ...]  # policy and governance levers, in .mdl order

    @property
    def stocks(self) -> tuple[str, ...]:
        return tuple(name for name in self.names if name in self.inflows)

    @property
    def flows(self) -> tuple[str, ...]:
        seen = {f for s in self.inflows for f in (*self.inflows[s], *self.outflows[s])}
        return tuple(name for name in self.names if name in seen)


def layout_path(model: str) -> Path:
    return get_model(model).folder / "layout.toml"


def model_graph(model: str) -> ModelGraph:
    """The graph of ``model`` as the engines read it (stocks and flows from Simlin, names and groups from the .mdl)."""
    return _model_graph(model, get_model(model).mdl_hash())


@lru_cache(maxsize=8)
def _model_graph(model: str, mdl_hash: str) -> ModelGraph:
    structure = stock_flow_structure(model)
    defs = definitions(get_model(model).mdl.read_text(encoding="utf-8"))
    book = catalog(model)
    ident = {snake(v.name): v.py_name for v in book.variables if v.role != "control"}
    names = {ident[snake(d.name)]: d.name for d in defs if snake(d.name) in ident}
    groups = {ident[snake(d.name)]: d.group for d in defs if snake(d.name) in ident}
    known = set(names)
    stocks = structure["stocks"]
    return ModelGraph(
        names=names,
        groups=groups,
        inflows={s: tuple(v["inflows"]) for s, v in stocks.items()},
        outflows={s: tuple(v["outflows"]) for s, v in stocks.items()},
        links=tuple((a, b, sign) for a, b, sign in structure["links"] if a in known and b in known),
        constants=frozenset(book.names(*CONSTANT_ROLES)),
        levers=book.names("lever"),
    )


def read_layout(path: Path, graph: ModelGraph) -> Layout:
    """The layout file at ``path``, checked against ``graph``; a missing file is an empty layout."""
    if not path.exists():
        return Layout(views=())
    data = validate.read_toml(path, "layout file", MAX_BYTES)
    _check_keys(data, TOP_KEYS, str(path))
    views = tuple(_view(raw, graph, f"{path}: view {i + 1}") for i, raw in enumerate(_table_list(data, path)))
    names = [v.name for v in views]
    duplicate = next((n for n in names if names.count(n) > 1), None)
    if duplicate:
        raise ModelError(f"{path}: two views are called {duplicate!r}")
    records = data.get("records", "")
    if records and records not in names:
        raise ModelError(f"{path}: records = {records!r} names no view (views: {', '.join(names)})")
    _check_unique(views, path)
    return Layout(views=views, records=records)


def _table_list(data: dict, path: Path) -> list[dict]:
    views = data.get("view", [])
    if not isinstance(views, list) or not all(isinstance(v, dict) for v in views):
        raise ModelError(f"{path}: 'view' must be an array of tables ([[view]])")
    return views


def _check_keys(data: dict, allowed: set[str], where: str) -> None:
    unknown = sorted(set(data) - allowed)
    if unknown:
        raise ModelError(f"{where}: unknown key {unknown[0]!r} (allowed: {', '.join(sorted(allowed))})")


def _view(raw: dict, graph: ModelGraph, where: str) -> ViewSpec:
    _check_keys(raw, VIEW_KEYS, where)
    name = raw.get("name")
    if not isinstance(name, str) or not name.strip() or BAD_TITLE.search(name):
        raise ModelError(f"{where}: 'name' must be a non-empty title without . - + , / * ^ (got {name!r})")
    where = f"{where} ({name})"
    groups = set(graph.groups.values())
    sections = _strings(raw, "sections", where)
    unknown = next((s for s in sections if s not in groups), None)
    if unknown:
        raise ModelError(f"{where}: unknown section {unknown!r} (the .mdl has: {', '.join(sorted(groups))})")
    rows = raw.get("rows", [])
    if not isinstance(rows, list) or not all(isinstance(r, list) for r in rows):
        raise ModelError(f"{where}: 'rows' must be a list of lists of names")
    stocks = set(graph.stocks)
    inputs = raw.get("inputs", False)
    if not isinstance(inputs, bool):
        raise ModelError(f"{where}: 'inputs' must be true or false")
    return ViewSpec(
        name=name.strip(),
        name_fr=str(raw.get("name_fr", name)).strip(),
        sections=sections,
        rows=tuple(tuple(_resolve(graph, n, f"{where}: rows") for n in _row(r, where)) for r in rows),
        sinks=_names(graph, raw, "sinks", where, must_be=stocks),
        show=_names(graph, raw, "show", where, must_not_be=stocks | set(graph.flows)),
        inputs=inputs,
    )


def _row(row: list, where: str) -> list[str]:
    if not all(isinstance(n, str) for n in row):
        raise ModelError(f"{where}: every row must list names (strings)")
    return row


def _strings(raw: dict, key: str, where: str) -> tuple[str, ...]:
    value = raw.get(key, [])
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ModelError(f"{where}: {key!r} must be a list of strings")
    return tuple(value)


def _names(graph: ModelGraph, raw: dict, key: str, where: str, must_be=None, must_not_be=()) -> tuple[str, ...]:
    out = tuple(_resolve(graph, n, f"{where}: {key}") for n in _strings(raw, key, where))
    wrong = next((n for n in out if (must_be is not None and n not in must_be) or n in must_not_be), None)
    if wrong:
        kind = "a stock" if must_be is not None else "an auxiliary or constant"
        raise ModelError(f"{where}: {key}: {graph.names[wrong]!r} is not {kind}")
    return out


def _resolve(graph: ModelGraph, name: str, where: str) -> str:
    key = snake(name)
    if key not in graph.names:
        raise ModelError(f"{where}: unknown variable {name!r}")
    return key


def _check_unique(views: tuple[ViewSpec, ...], path: Path) -> None:
    """A variable is placed once (rows, sinks or show, over every view); a section belongs to one view."""
    seen: dict[str, str] = {}
    for view in views:
        for name in (*(n for row in view.rows for n in row), *view.sinks, *view.show):
            if name in seen:
                raise ModelError(f"{path}: {name!r} is placed twice (views {seen[name]!r} and {view.name!r})")
            seen[name] = view.name
    claimed: dict[str, str] = {}
    for view in views:
        for section in view.sections:
            if section in claimed:
                raise ModelError(f"{path}: section {section!r} is in two views ({claimed[section]!r}, {view.name!r})")
            claimed[section] = view.name
