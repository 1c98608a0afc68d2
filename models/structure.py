"""The model's structure, as Simlin reads the .mdl: stocks with their flows, causal links with their polarity, and the
feedback loops that drive the base run (Loops That Matter), in model identifiers. For the dashboard's Model page.

Simlin merges the terms of an INTEG of a sum into one synthetic *net flow*; it is split back here into the flows it
sums, by the sign of their links, so that the structure names only variables of the model.
"""

from __future__ import annotations

import math
from functools import lru_cache

import pandas as pd

from models.catalog import catalog
from models.engines import simlin
from models.registry import get_model

SIGNS = {"POSITIVE": "+", "NEGATIVE": "-"}


def _net_flow_terms(links: list[tuple[str, str, str]], net_flows: set[str]) -> dict[str, list[tuple[str, str]]]:
    """Terms of Simlin's synthetic net flows: {net flow: [(term, sign)]}."""
    terms: dict[str, list[tuple[str, str]]] = {flow: [] for flow in net_flows}
    for source, target, sign in links:
        if target in net_flows:
            terms[target].append((source, sign))
    return terms


@lru_cache(maxsize=8)
def _structure(name: str, mdl_hash: str) -> dict:
    raw_links, stocks = simlin.causal_graph(get_model(name).mdl)
    raw = [(source, target, SIGNS.get(polarity, "?")) for source, target, polarity in raw_links]
    ident = {flow: flow.replace(" ", "_") for ins, outs in stocks.values() for flow in (*ins, *outs)}
    known = catalog(name)
    net_flows = {ident[f] for f in ident if ident[f] not in known}
    terms = _net_flow_terms(raw, net_flows)
    flows = {}
    for stock, (ins, outs) in stocks.items():
        inflows, outflows = [], []
        for flow in ins:
            if ident[flow] in net_flows:
                inflows += [t for t, s in terms[ident[flow]] if s == "+"]
                outflows += [t for t, s in terms[ident[flow]] if s == "-"]
            else:
                inflows.append(ident[flow])
        outflows += [ident[f] for f in outs]
        flows[stock] = {"inflows": inflows, "outflows": outflows}
    links = []
    for source, target, sign in raw:
        if source in net_flows:
            continue
        if target in net_flows:  # term -> net flow -> stock becomes term -> stock
            stock = next(s for s, (ins, _) in stocks.items() if any(ident.get(f) == target for f in ins))
            links.append((source, stock, sign))
        else:
            links.append((source, target, sign))
    return {"stocks": flows, "links": sorted(set(links)), "net_flows": sorted(net_flows)}


def stock_flow_structure(name: str) -> dict:
    """``{"stocks": {stock: {"inflows": [...], "outflows": [...]}}, "links": [(from, to, "+"|"-"|"?")]}``."""
    data = _structure(name, get_model(name).mdl_hash())
    return {"stocks": {k: dict(v) for k, v in data["stocks"].items()}, "links": list(data["links"])}


@lru_cache(maxsize=8)
def _loop_analysis(name: str, mdl_hash: str, timeout: float) -> dict:
    net_flows = set(_structure(name, mdl_hash)["net_flows"])
    data = simlin.loop_analysis(get_model(name).mdl, timeout)
    times = catalog(name).times
    count = math.floor((times["final_time"] - times["initial_time"]) / times["saveper"] + 1e-9) + 1
    return {
        "loops": [
            {**loop, "variables": [v for v in loop["variables"] if v not in net_flows]} for loop in data["loops"]
        ],
        "times": [times["initial_time"] + i * times["saveper"] for i in range(count)],
        "dominant": data["dominant"],
        "complete": data["complete"],
    }


def loop_analysis(name: str, timeout: float = 5.0) -> dict:
    """Feedback loops that drive the model's base run (Simlin's "Loops That Matter" discovery on the .mdl's
    defaults, without the policy timeline): ``{"loops": [{"id", "polarity" (R, B, ...), "variables",
    "importance" (signed relative loop score per saved time, -1..1)}], "times", "dominant": [{"start", "end",
    "loops"}], "complete"}``."""
    data = _loop_analysis(name, get_model(name).mdl_hash(), float(timeout))
    return {**data, "loops": [dict(loop) for loop in data["loops"]], "dominant": [dict(p) for p in data["dominant"]]}


def to_xmile(name: str) -> bytes:
    """Model ``name`` as XMILE (Stella, iThink, Simlin), with its views, written by Simlin from the .mdl."""
    return simlin.to_xmile(get_model(name).mdl)


def run_file(path) -> pd.DataFrame:
    """A model file (.mdl or XMILE) run by Simlin at its own defaults (wide table by saved time): for checking
    exported files."""
    return simlin.run_file(path)


def file_views(path) -> list[dict]:
    """The stock-flow views of a model file as Simlin reads them (Simlin's JSON)."""
    return simlin.views(path)
