"""The .mdl's sketch (its views, as Vensim, Simlin and PySD read them) written from the model's diagram, and the
command that redraws it: ``python -m models.sketch cae sap``.

The command rewrites only the sketch section of each .mdl (the text from the first ``\\\\\\---///`` line on); the
equations are kept byte for byte. Run it after changing a model's equations or its ``layout.toml``; it also redraws
the PNGs of ``docs/diagrams/``. ``--check`` changes nothing and exits 1 when a sketch is out of date.

Records follow Vensim's format (``V300`` views): ``10`` variables (stocks, auxiliaries, shadows with bit 0 of
their flags cleared, a flow's name right after its valve), ``11`` valves, ``12`` clouds, ``1`` arrows (pipes have
thickness 22 and end flags 4 at the sink, 100 at the source). Identifiers increase through each view.
"""

from __future__ import annotations

import argparse
import io
import re
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path

from models.diagram import diagram
from models.errors import ModelError
from models.geometry import Diagram, Pipe, View
from models.io import atomic_write
from models.layout import model_graph
from models.mdl_file import SKETCH_MARKER, with_sketch
from models.placement import Box
from models.registry import REPO_DIR, get_model, model_names

HEADER = (
    f"{SKETCH_MARKER} Sketch information - do not modify anything except names\n"
    "V300  Do not put anything below this section - it will be ignored"
)
FONT = "$192-192-192,0,Arial|11||0-0-0|0-0-0|0-0-255|-1--1--1|-1--1--1|96,96,100,0"
SETTINGS = ":L<%^E!@\n9:Current\n15:0,0,0,0,0,0\n19:100,0\n27:0,\n34:0,\n4:Time"
SIGN = {"+": 43, "-": 45}
TAIL = {
    "stock": "3,3,0,0,0,0,0,0",
    "aux": "8,3,0,0,-1,0,0,0",
    "lever": "8,3,0,3,-1,0,0,0,224-123-57,0-0-0,|11|B|224-123-57",
    "shadow": "8,2,0,3,-1,0,0,0,128-128-128,0-0-0,|11||128-128-128",
    "flow": "40,3,0,0,-1,0,0,0",
}
DOCS = REPO_DIR / "docs" / "diagrams"


def sketch_text(drawing: Diagram, names: dict[str, str]) -> str:
    """The sketch section for ``drawing`` (``names``: identifier -> Vensim name), settings included."""
    views = "\n".join(f"{HEADER}\n*{view.name}\n{FONT}\n" + "\n".join(_records(view, names)) for view in drawing.views)
    return f"{views}\n///---\\\\\\\n{SETTINGS}\n"


def _records(view: View, names: dict[str, str]) -> Iterator[str]:
    uid: dict[str, int] = {}

    def new(key: str) -> int:
        uid[key] = len(uid) + 1
        return uid[key]

    clouds = {b.key: b for b in view.boxes if b.role == "cloud"}
    for box in view.boxes:
        if box.role != "cloud":
            yield f"10,{new(box.key)},{names[box.name]},{box.x},{box.y},{box.w},{box.h},{TAIL[box.role]}"
    for pipe in view.pipes:
        for end in (pipe.sink, pipe.source):
            if end in clouds:
                cloud = clouds[end]
                yield f"12,{new(end)},48,{cloud.x},{cloud.y},10,8,0,3,0,0,-1,0,0,0"
        valve = len(uid) + 3  # the two pipes come first
        for end, flag in ((pipe.sink, 4), (pipe.source, 100)):
            x, y = _anchor(pipe, view.element(end))
            yield f"1,{new(f'{pipe.flow}>{end}')},{valve},{uid[end]},{flag},0,0,22,0,0,0,-1--1--1,,1|({x},{y})|"
        yield _valve(pipe, new(pipe.flow))
        label = pipe.label
        yield f"10,{new(label.key)},{names[pipe.flow]},{label.x},{label.y},{label.w},{label.h},{TAIL['flow']}"
    for i, link in enumerate(view.links):
        sign = SIGN.get(link.sign, 0)
        yield (
            f"1,{new(f'link:{i}')},{uid[link.source]},{uid[link.target]},0,0,{sign},0,0,64,0,-1--1--1,,"
            f"1|({link.via[0]},{link.via[1]})|"
        )


def _anchor(pipe: Pipe, end: Box) -> tuple[int, int]:
    """Where a pipe meets ``end``: on the pipe's line, at the end's centre (how Simlin writes it)."""
    return (pipe.valve.x, end.y) if pipe.vertical else (end.x, pipe.valve.y)


def _valve(pipe: Pipe, uid: int) -> str:
    v = pipe.valve
    shape, position = (33, 4) if pipe.vertical else (34, 1)
    return f"11,{uid},0,{v.x},{v.y},{v.w},{v.h},{shape},3,0,0,{position},0,0,0"


# ---------------------------------------------------------------------------------------------- the command


def redrawn(model: str) -> tuple[str, str]:
    """``(current .mdl text, .mdl text with the sketch redrawn)``."""
    text = get_model(model).mdl.read_bytes().decode("utf-8")  # bytes: line ends stay as they are
    return text, with_sketch(text, sketch_text(diagram(model), model_graph(model).names))


def png_path(model: str, index: int, view: View) -> Path:
    slug = re.sub(r"[^a-z0-9]+", "-", view.name.lower()).strip("-")
    return DOCS / f"{model}-{index + 1}-{slug}.png"


def write_pngs(model: str) -> list[Path]:
    """One PNG a view in docs/diagrams/ (32 colours: a tenth of the size, the same picture)."""
    from PIL import Image

    from models.diagram_svg import view_png

    paths = []
    for i, view in enumerate(diagram(model).views):
        path = png_path(model, i, view)
        image = Image.open(io.BytesIO(view_png(view))).convert("RGB").quantize(32, Image.Quantize.MEDIANCUT)
        atomic_write(path, lambda tmp, im=image: im.save(tmp, "PNG", optimize=True))
        paths.append(path)
    return paths


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m models.sketch", description=__doc__.splitlines()[0])
    parser.add_argument("models", nargs="*", help="models to redraw (default: all)")
    parser.add_argument("--check", action="store_true", help="change nothing; exit 1 if a sketch is out of date")
    parser.add_argument("--no-png", action="store_true", help="do not redraw docs/diagrams/")
    args = parser.parse_args(argv)
    try:
        stale = [m for m in args.models or model_names() if _redraw(m, args.check, args.no_png)]
    except ModelError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    if args.check and stale:
        print(f"out of date: {', '.join(stale)} (run python -m models.sketch {' '.join(stale)})", file=sys.stderr)
        return 1
    return 0


def _redraw(model: str, check: bool, no_png: bool) -> bool:
    """Redraw one model; True if its sketch was out of date."""
    before, after = redrawn(model)
    drawing = diagram(model)
    for stock, view in drawing.automatic.items():
        print(f"{model}: {stock} is not in layout.toml; placed in view {view!r}", file=sys.stderr)
    if check:
        return before != after
    if before != after:
        atomic_write(get_model(model).mdl, lambda tmp: tmp.write_bytes(after.encode("utf-8")))
    counts = ", ".join(f"{v.name} ({len(v.boxes) + len(v.pipes)})" for v in drawing.views)
    print(f"{get_model(model).mdl.relative_to(REPO_DIR)}: views {counts}", file=sys.stderr)
    if not no_png:
        for path in write_pngs(model):
            print(f"wrote {path.relative_to(REPO_DIR)}", file=sys.stderr)
    return before != after


if __name__ == "__main__":
    sys.exit(main())
