"""Feedback loops (a loop as Graphviz DOT text, rendered in the browser by ``st.graphviz_chart``; tables of loops
and of their dominance) and what the Model page needs around the model's diagram (:mod:`models.diagram`, drawn by
:mod:`models.diagram_svg`). Pure functions over ``models.structure.loop_analysis`` and the diagram.
"""

from __future__ import annotations

import base64
import html
import re
from collections.abc import Iterable, Mapping, Sequence

import numpy as np
import pandas as pd

from models.geometry import Diagram, View

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


def view_tips(view: View, comments: Mapping[str, str]) -> dict[str, str]:
    """Hover text of each variable drawn in ``view``: its comment (what it is, its source) when given."""
    names = {b.name for b in view.boxes if b.name} | {p.flow for p in view.pipes}
    return {name: comments[name] for name in names if comments.get(name)}


def view_html(svg: str, title: str, width: int | None) -> str:
    """The view as an image in a scrolling frame (``width`` in pixels, None = the page's width). An <img> of the SVG
    survives Streamlit's HTML sanitiser, which removes inline SVG."""
    data = base64.b64encode(svg.encode("utf-8")).decode("ascii")
    size = f"width:{width}px; max-width:none" if width else "width:100%"
    return (
        '<div class="sd-view" style="overflow:auto; max-height:85vh">'
        f'<img alt="{html.escape(title)}" src="data:image/svg+xml;base64,{data}" style="{size}"></div>'
    )


def views_with(drawing: Diagram, names: Iterable[str]) -> list[int]:
    """Indexes of the views that draw any of ``names`` (not as a shadow)."""
    wanted = set(names)
    return [
        i
        for i, view in enumerate(drawing.views)
        if wanted & ({b.name for b in view.boxes if b.role != "shadow"} | {p.flow for p in view.pipes})
    ]


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
