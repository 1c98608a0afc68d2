"""Stock-flow diagrams and feedback loops as Graphviz DOT text (rendered in the browser by ``st.graphviz_chart``,
no system binary). Pure functions over the structure given by ``models.structure.stock_flow_structure`` and the loops
of ``models.structure.loop_analysis``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence

import numpy as np
import pandas as pd

LOOP_TAG = re.compile(r"\b[Ll]oops?\s+((?:[RB]\d+)(?:\s*(?:,|and|/)\s*[RB]\d+)*)")
POLARITY_COLOR = {"R": "#c0392b", "B": "#1b6ca8"}


def _q(text: str) -> str:
    """A DOT quoted string; line breaks become DOT's ``\\n``."""
    escaped = text.replace("\\", "\\\\").replace('"', '\\"')
    return '"' + escaped.replace("\n", "\\n") + '"'


def _wrap(text: str, width: int = 18) -> str:
    words, lines, line = text.split(), [], ""
    for word in words:
        if line and len(line) + len(word) + 1 > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    lines.append(line)
    return "\n".join(lines)


def shown_stocks(structure: Mapping, accounting: bool) -> list[str]:
    """Stocks to draw: all, or without the cumulative accounting stocks."""
    return [s for s in structure["stocks"] if accounting or not s.startswith("cumulative")]


def _flow_ends(structure: Mapping, stocks: Sequence[str]) -> dict[str, tuple[str | None, str | None]]:
    """``{flow: (from stock or None, to stock or None)}`` among the drawn stocks."""
    ends: dict[str, list] = {}
    for stock in stocks:
        for flow in structure["stocks"][stock]["inflows"]:
            ends.setdefault(flow, [None, None])[1] = stock
        for flow in structure["stocks"][stock]["outflows"]:
            ends.setdefault(flow, [None, None])[0] = stock
    return {flow: (a, b) for flow, (a, b) in ends.items()}


def lever_reach(links: Iterable[tuple[str, str, str]], lever: str, targets: set[str], stop: set[str]) -> dict[str, str]:
    """The flows (``targets``) nearest a constant along causal links (through auxiliaries, never through a stock in
    ``stop`` or another flow), with the sign of the paths: ``+``, ``-`` or ``?`` (unknown link, or paths of both
    signs). Only the flows at the shortest distance are kept: the lever's first point of action."""
    out_links: dict[str, list[tuple[str, str]]] = {}
    for source, target, sign in links:
        out_links.setdefault(source, []).append((target, sign))
    frontier = {lever: {"+"}}
    seen = {lever}
    while frontier:
        found: dict[str, set[str]] = {}
        nxt: dict[str, set[str]] = {}
        for node, signs in frontier.items():
            for target, link_sign in out_links.get(node, []):
                if target in stop or (target in seen and target not in targets):
                    continue
                for sign in signs:
                    path = "?" if "?" in (sign, link_sign) else ("+" if sign == link_sign else "-")
                    (found if target in targets else nxt).setdefault(target, set()).add(path)
        if found:
            return {flow: signs.pop() if len(signs) == 1 else "?" for flow, signs in found.items()}
        seen |= set(nxt)
        frontier = nxt
    return {}


def stock_flow_dot(
    structure: Mapping,
    labels: Mapping[str, str],
    accounting: bool = False,
    levers: Sequence[str] = (),
    highlight: Sequence[str] = (),
    polarity: str = "",
) -> str:
    """DOT of the stock-flow structure: stocks as boxes, flows as thick arrows between them (a small dashed circle
    when a flow comes from or goes to outside the model), policy levers as notes with dashed arrows (signed) to the
    flows they act on; the variables of a highlighted loop drawn in the loop's colour."""
    stocks = shown_stocks(structure, accounting)
    ends = _flow_ends(structure, stocks)
    hot = set(highlight)
    colour = POLARITY_COLOR.get(polarity[:1], "#8e6bbf")
    lines = [
        "digraph stockflow {",
        '  graph [rankdir=LR, splines=true, nodesep=0.35, ranksep=0.6, fontname="Helvetica", bgcolor="transparent"];',
        '  node [fontname="Helvetica", fontsize=11];',
        '  edge [fontname="Helvetica", fontsize=9];',
    ]
    for stock in stocks:
        style = f'color="{colour}", penwidth=2.5' if stock in hot else 'color="#34495e"'
        lines.append(
            f'  {_q(stock)} [shape=box, style="filled,rounded", fillcolor="#eaf2f8", {style}, '
            f"label={_q(_wrap(labels.get(stock, stock)))}];"
        )
    for flow, (source, target) in ends.items():
        a, b, valve = source, target, f"flow.{flow}"
        hot_flow = flow in hot
        pen = f'color="{colour}", penwidth=3.5' if hot_flow else 'color="#2c3e50", penwidth=2.2'
        if a is None:
            a = f"src.{flow}"
            lines.append(f'  {_q(a)} [shape=circle, label="", width=0.16, style=dashed, color="#95a5a6"];')
        if b is None:
            b = f"sink.{flow}"
            lines.append(f'  {_q(b)} [shape=circle, label="", width=0.16, style=dashed, color="#95a5a6"];')
        fill = colour if hot_flow else "#2c3e50"
        lines.append(
            f'  {_q(valve)} [shape=circle, width=0.13, fixedsize=true, label="", style=filled, fillcolor="{fill}", '
            f'color="{fill}", xlabel={_q(_wrap(labels.get(flow, flow), 20))}, fontsize=9];'
        )
        lines.append(f"  {_q(a)} -> {_q(valve)} [{pen}, arrowhead=none];")
        lines.append(f"  {_q(valve)} -> {_q(b)} [{pen}, arrowsize=0.8];")
    stop = set(structure["stocks"])
    for lever in levers:
        reach = lever_reach(structure["links"], lever, set(ends), stop)
        if not reach:
            continue
        node = f"lever.{lever}"
        lines.append(
            f'  {_q(node)} [shape=note, style=filled, fillcolor="#fdf2e9", color="#e07b39", fontsize=10, '
            f"label={_q(_wrap(labels.get(lever, lever), 20))}];"
        )
        for flow, sign in sorted(reach.items()):
            lines.append(
                f'  {_q(node)} -> {_q("flow." + flow)} [style=dashed, color="#e07b39", arrowsize=0.6, '
                f'label="{sign}", fontcolor="#e07b39"];'
            )
    lines.append("}")
    return "\n".join(lines)


def loop_dot(loop: Mapping, links: Iterable[tuple[str, str, str]], labels: Mapping[str, str], stocks: set[str]) -> str:
    """DOT of one feedback loop as a circle of its variables with the sign of each link; R or B in the middle."""
    variables = list(loop["variables"])
    signs = {(a, b): s for a, b, s in links}
    polarity = str(loop.get("polarity", "?"))
    colour = POLARITY_COLOR.get(polarity[:1], "#8e6bbf")
    lines = [
        "digraph loop {",
        '  graph [layout=circo, fontname="Helvetica", bgcolor="transparent", mindist=0.9];',
        '  node [fontname="Helvetica", fontsize=11];',
        '  edge [fontname="Helvetica", fontsize=13, fontcolor="#333333"];',
        f'  center [shape=circle, style=filled, fillcolor="{colour}", fontcolor=white, fontsize=16, '
        f"label={_q(polarity)}];",
    ]
    for var in variables:
        shape = 'shape=box, style="filled,rounded", fillcolor="#eaf2f8"' if var in stocks else "shape=plaintext"
        lines.append(f"  {_q(var)} [{shape}, label={_q(_wrap(labels.get(var, var)))}];")
    for i, var in enumerate(variables):
        nxt = variables[(i + 1) % len(variables)]
        sign = signs.get((var, nxt), "?")
        lines.append(f'  {_q(var)} -> {_q(nxt)} [label="{sign}", color="{colour}"];')
    lines.append("}")
    return "\n".join(lines)


def loop_tags(loop: Mapping, comments: Mapping[str, str]) -> list[str]:
    """Names the modellers gave this loop (``Loop R1: ...`` in the comments of its variables)."""
    tags = []
    for var in loop["variables"]:
        for match in LOOP_TAG.finditer(comments.get(var, "")):
            tags += re.findall(r"[RB]\d+", match.group(1))
    return sorted(set(tags), key=lambda x: (x[0], int(x[1:])))


def loop_table(
    loops: Sequence[Mapping], comments: Mapping[str, str], labels: Mapping[str, str], stocks: set[str]
) -> pd.DataFrame:
    """One row per loop: id, modellers' tags, polarity, length, stocks on the loop, mean |importance|."""
    rows = []
    for loop in loops:
        importance = np.abs(np.asarray(loop.get("importance") or [0.0], dtype=float))
        rows.append(
            {
                "id": loop["id"],
                "tags": ", ".join(loop_tags(loop, comments)),
                "polarity": loop["polarity"],
                "length": len(loop["variables"]),
                "stocks": " → ".join(labels.get(v, v) for v in loop["variables"] if v in stocks),
                "importance": float(importance.mean()),
            }
        )
    table = pd.DataFrame(rows, columns=["id", "tags", "polarity", "length", "stocks", "importance"])
    return table.sort_values("importance", ascending=False, kind="stable").reset_index(drop=True)


def dominance_frame(loops: Sequence[Mapping], times: Sequence[float], names: Mapping[str, str]) -> pd.DataFrame:
    """Long table ``time, loop, importance`` for the given loops (``names``: loop id -> display name)."""
    parts = []
    for loop in loops:
        series = loop.get("importance") or []
        if len(series) != len(times):
            continue
        parts.append(pd.DataFrame({"time": times, "loop": names.get(loop["id"], loop["id"]), "importance": series}))
    return pd.concat(parts, ignore_index=True) if parts else pd.DataFrame(columns=["time", "loop", "importance"])


def merge_periods(periods: Sequence[Mapping]) -> list[dict]:
    """Consecutive dominance periods with the same loops merged: ``[{start, end, loops}]``."""
    out: list[dict] = []
    for period in periods:
        loops = sorted(period["loops"])
        if out and out[-1]["loops"] == loops:
            out[-1]["end"] = period["end"]
        else:
            out.append({"start": period["start"], "end": period["end"], "loops": loops})
    return out
