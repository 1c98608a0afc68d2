"""One view of a model's diagram as SVG (and PNG), drawn from the same geometry as the .mdl's sketch.

Stocks are boxes, flows hollow pipes with a valve and an arrowhead, clouds where a flow leaves or enters the model,
auxiliaries plain names, levers orange notes, shadows (variables drawn in another view) grey ``<names>``, causal
links curved arrows with their sign. Names are given by the caller (so the dashboard can draw them in French) and
wrapped to the boxes of the geometry. Pure functions; PNGs go through vl-convert (no browser).
"""

from __future__ import annotations

import math
from collections.abc import Collection, Mapping
from xml.sax.saxutils import escape

from models.geometry import Link, Pipe, View
from models.placement import CHAR, LINE, Box, wrap

FONT = "Helvetica, Arial, sans-serif"
INK = "#2c3e50"
LINK_INK = "#5d7080"
HOT = "#c0392b"
FILL = {"stock": "#eaf2f8", "lever": "#fdf2e9"}
STROKE = {"stock": "#34495e", "lever": "#e07b39"}


def view_svg(
    view: View,
    labels: Mapping[str, str] | None = None,
    tips: Mapping[str, str] | None = None,
    highlight: Collection[str] = (),
    colour: str = HOT,
    fit: bool = False,
) -> str:
    """SVG text of ``view``; ``labels``: displayed name by identifier (default: the geometry's wrapped name),
    ``tips``: hover text by identifier, ``highlight``: identifiers drawn in ``colour`` (a feedback loop);
    ``fit``: as wide as its container (else its own size in pixels)."""
    labels, tips, hot = labels or {}, tips or {}, set(highlight)
    index = {b.key: b for b in view.boxes} | {p.flow: p.valve for p in view.pipes}
    size = 'width="100%"' if fit else f'width="{view.width}" height="{view.height}"'
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" {size} viewBox="0 0 {view.width} {view.height}" '
        f'font-family="{FONT}" font-size="11">',
        "<defs>" + _marker("arrow", LINK_INK) + _marker("arrow-hot", colour) + "</defs>",
        f'<rect width="{view.width}" height="{view.height}" fill="white"/>',
    ]
    for link in view.links:
        parts.append(_link(link, index, hot, colour))
    for pipe in view.pipes:
        parts.append(_pipe(pipe, index, pipe.flow in hot, colour))
    for box in view.boxes:
        parts.append(_box(box, labels, tips, box.name in hot and box.role != "shadow", colour))
    for pipe in view.pipes:
        parts.append(_valve(pipe, labels, tips, pipe.flow in hot, colour))
    parts.append("</svg>")
    return "\n".join(p for p in parts if p)


def view_png(view: View, labels: Mapping[str, str] | None = None, scale: float = 1.0) -> bytes:
    """``view`` as a PNG (through vl-convert's SVG renderer, no browser)."""
    import vl_convert

    return vl_convert.svg_to_png(view_svg(view, labels), scale=scale)


def _marker(name: str, colour: str) -> str:
    return (
        f'<marker id="{name}" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" '
        f'orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="{colour}"/></marker>'
    )


def _text(box: Box, text: str, colour: str = INK, style: str = "") -> str:
    """``text`` wrapped to ``box``, in the largest font (down to 60 %) whose lines fit the box's height: a
    translation longer than the .mdl's name stays inside the box."""
    inner = 2 * box.w - (8 if box.role == "stock" else 0)
    for size in (1.0, 0.9, 0.8, 0.7, 0.6):
        lines = wrap(text, max(4, int(inner / (CHAR * size))))
        if len(lines) * LINE * size <= 2 * box.h + 4:
            break
    step = LINE * size
    first = box.y - step * (len(lines) - 1) / 2
    spans = "".join(
        f'<tspan x="{box.x}" y="{first + i * step + 4 * size:.1f}">{escape(line)}</tspan>'
        for i, line in enumerate(lines)
    )
    font = f' font-size="{11 * size:.1f}"' if size < 1 else ""
    return f'<text text-anchor="middle" fill="{colour}"{font}{style}>{spans}</text>'


def _title(name: str, labels: Mapping[str, str], tips: Mapping[str, str]) -> str:
    tip = tips.get(name)
    return f"<title>{escape(labels.get(name, name))}{' — ' + escape(tip) if tip else ''}</title>" if tip else ""


def _box(box: Box, labels, tips, hot: bool, colour: str) -> str:
    if box.role == "cloud":
        return _cloud(box)
    text = labels.get(box.name, " ".join(box.lines))
    title = _title(box.name, labels, tips)
    if box.role == "shadow":
        shadow = _text(box, f"<{text}>", "#7f8c8d", ' font-style="italic"')
        return f"<g>{title}{shadow}</g>"
    ink = colour if hot else INK
    shape = ""
    if box.role in FILL:
        stroke = colour if hot else STROKE[box.role]
        radius = 2 if box.role == "stock" else 8
        shape = (
            f'<rect x="{box.x - box.w}" y="{box.y - box.h}" width="{2 * box.w}" height="{2 * box.h}" rx="{radius}" '
            f'fill="{FILL[box.role]}" stroke="{stroke}" stroke-width="{2.5 if hot else 1.3}"/>'
        )
    else:
        shape = (
            f'<rect x="{box.x - box.w}" y="{box.y - box.h}" width="{2 * box.w}" height="{2 * box.h}" '
            f'fill="white" fill-opacity="0.85"/>'
        )
    weight = ' font-weight="bold"' if hot else ""
    return f"<g>{title}{shape}{_text(box, text, ink, weight)}</g>"


def _cloud(box: Box) -> str:
    x, y = box.x, box.y
    bumps = "".join(
        f'<circle cx="{x + dx}" cy="{y + dy}" r="{r}"/>' for dx, dy, r in ((-5, 1, 5), (0, -3, 6), (5, 1, 5), (0, 3, 5))
    )
    return f'<g fill="#f4f6f7" stroke="#95a5a6" stroke-width="1">{bumps}</g>'


def _edge(box: Box, x: float, y: float, toward_x: float, toward_y: float) -> tuple[float, float]:
    """Where the segment from the centre of ``box`` toward a point leaves the box (for a cloud, its rim)."""
    dx, dy = toward_x - x, toward_y - y
    if box.role == "cloud":
        length = max(math.hypot(dx, dy), 1e-9)
        return x + dx / length * 9, y + dy / length * 9
    tx = box.w / abs(dx) if dx else math.inf
    ty = box.h / abs(dy) if dy else math.inf
    t = min(tx, ty, 1.0)
    return x + dx * t, y + dy * t


def _pipe(pipe: Pipe, index: Mapping[str, Box], hot: bool, colour: str) -> str:
    valve, source, sink = pipe.valve, index[pipe.source], index[pipe.sink]
    if pipe.vertical:
        start = _edge(source, valve.x, source.y, valve.x, valve.y)
        end = _edge(sink, valve.x, sink.y, valve.x, valve.y)
    else:
        start = _edge(source, source.x, valve.y, valve.x, valve.y)
        end = _edge(sink, sink.x, valve.y, valve.x, valve.y)
    ink = colour if hot else INK
    d = f"M{start[0]:.1f},{start[1]:.1f} L{end[0]:.1f},{end[1]:.1f}"
    dx, dy = end[0] - start[0], end[1] - start[1]
    length = max(math.hypot(dx, dy), 1e-9)
    ux, uy = dx / length, dy / length
    tip = end
    base = (tip[0] - ux * 11, tip[1] - uy * 11)
    head = (
        f"{tip[0]:.1f},{tip[1]:.1f} {base[0] - uy * 7:.1f},{base[1] + ux * 7:.1f} "
        f"{base[0] + uy * 7:.1f},{base[1] - ux * 7:.1f}"
    )
    return (
        f'<g><path d="{d}" stroke="{ink}" stroke-width="7" fill="none"/>'
        f'<path d="{d}" stroke="white" stroke-width="3.4" fill="none"/>'
        f'<polygon points="{head}" fill="white" stroke="{ink}" stroke-width="1.4"/></g>'
    )


def _valve(pipe: Pipe, labels, tips, hot: bool, colour: str) -> str:
    v, ink = pipe.valve, (colour if hot else INK)
    if pipe.vertical:
        points = f"{v.x - 8},{v.y - 7} {v.x - 8},{v.y + 7} {v.x + 8},{v.y - 7} {v.x + 8},{v.y + 7}"
    else:
        points = f"{v.x - 7},{v.y - 8} {v.x + 7},{v.y - 8} {v.x - 7},{v.y + 8} {v.x + 7},{v.y + 8}"
    text = labels.get(pipe.flow, " ".join(pipe.label.lines))
    weight = ' font-weight="bold"' if hot else ""
    return (
        f"<g>{_title(pipe.flow, labels, tips)}"
        f'<polygon points="{points}" fill="white" stroke="{ink}" stroke-width="1.4"/>'
        f"{_text(pipe.label, text, ink, weight)}</g>"
    )


def _link(link: Link, index: Mapping[str, Box], hot: set[str], colour: str) -> str:
    a, b = index[link.source], index[link.target]
    vx, vy = link.via
    cx, cy = 2 * vx - (a.x + b.x) / 2, 2 * vy - (a.y + b.y) / 2  # control point: the curve passes through via

    def at(t: float) -> tuple[float, float]:
        return (
            (1 - t) ** 2 * a.x + 2 * (1 - t) * t * cx + t * t * b.x,
            (1 - t) ** 2 * a.y + 2 * (1 - t) * t * cy + t * t * b.y,
        )

    t0 = _leave(a, at, 0.0, 0.5)
    t1 = _leave(b, at, 1.0, 0.5)
    points = [at(t0 + (t1 - t0) * k / 16) for k in range(17)]
    d = "M" + " L".join(f"{x:.1f},{y:.1f}" for x, y in points)
    is_hot = link.source.removeprefix("shadow:") in hot and link.target in hot
    ink = colour if is_hot else LINK_INK
    marker = "arrow-hot" if is_hot else "arrow"
    sign = ""
    if link.sign in "+-" and link.sign:
        sx, sy = at(t1 - 0.12 * (t1 - t0))
        ex, ey = points[-1]
        nx, ny = -(ey - sy), ex - sx
        norm = max(math.hypot(nx, ny), 1e-9)
        sign = (
            f'<text x="{sx + nx / norm * 8:.1f}" y="{sy + ny / norm * 8 + 4:.1f}" text-anchor="middle" '
            f'font-size="12" font-weight="bold" fill="{ink}">{"+" if link.sign == "+" else "−"}</text>'
        )
    width = 2 if is_hot else 1
    return f'<g><path d="{d}" stroke="{ink}" stroke-width="{width}" fill="none" marker-end="url(#{marker})"/>{sign}</g>'


def _leave(box: Box, at, inside: float, outside: float) -> float:
    """The curve parameter where the curve crosses the border of ``box`` (bisection between a point inside and one
    outside); small margin so arrowheads stop just short of the box."""
    pad = 3 if box.role != "valve" else 4

    def within(t: float) -> bool:
        x, y = at(t)
        return abs(x - box.x) <= box.w + pad and abs(y - box.y) <= box.h + pad

    if within(outside):
        return outside
    for _ in range(30):
        mid = (inside + outside) / 2
        if within(mid):
            inside = mid
        else:
            outside = mid
    return outside
