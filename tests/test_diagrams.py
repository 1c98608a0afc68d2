"""The models' diagrams: the views in each .mdl, drawn from ``models/<model>/layout.toml`` by ``models.sketch``.

Every stock and flow is drawn exactly once (shadows elsewhere); nothing overlaps; arrows are causal links of the
equations; rows read left to right and levers sit on the top edge; the committed sketch is the one the layout gives
(and the equations are untouched by it); Simlin opens every view with its elements placed and none overlapping, and
runs the .mdl exactly as without its sketch; each view has its PNG in docs/diagrams/.
"""

from __future__ import annotations

import math
import shutil
import warnings
from collections import Counter
from pathlib import Path

import pytest

from models import structure
from models.catalog import snake
from models.declaration import declaration
from models.diagram import diagram
from models.geometry import View
from models.layout import model_graph
from models.mdl_file import split_sketch, with_sketch
from models.placement import Box
from models.registry import ModelInfo, get_model, model_names
from models.sketch import DOCS, png_path, redrawn
from ui.i18n import STANDARD_LABELS

MODELS = list(model_names())


def _elements(view: View) -> list[Box]:
    return [*view.boxes, *(p.valve for p in view.pipes), *(p.label for p in view.pipes)]


@pytest.mark.parametrize("model", MODELS)
def test_every_stock_and_flow_is_drawn_exactly_once(model):
    drawing, graph = diagram(model), model_graph(model)
    stocks = Counter(b.name for v in drawing.views for b in v.boxes if b.role == "stock")
    flows = Counter(p.flow for v in drawing.views for p in v.pipes)
    wrong = [graph.names[s] for s in graph.stocks if stocks[s] != 1] + [
        graph.names[f] for f in graph.flows if flows[f] != 1
    ]
    assert not wrong, f"drawn {[stocks[s] or flows[s] for s in wrong]} times: {wrong}"
    assert set(stocks) == set(graph.stocks) and set(flows) == set(graph.flows)
    primary = Counter(b.name for v in drawing.views for b in v.boxes if b.role not in ("shadow", "cloud")) + flows
    assert max(primary.values()) == 1, f"drawn twice: {[n for n, k in primary.items() if k > 1]}"
    shadows = {b.name for v in drawing.views for b in v.boxes if b.role == "shadow"}
    assert shadows <= set(primary), f"shadows of variables drawn nowhere: {sorted(shadows - set(primary))}"
    if drawing.automatic:  # tolerated (a new stock), but the layout file should say where it goes
        listed = ", ".join(f"{graph.names[s]} -> {v}" for s, v in drawing.automatic.items())
        warnings.warn(f"{model}/layout.toml does not place: {listed}", stacklevel=1)


@pytest.mark.parametrize("model", MODELS)
def test_every_drawn_variable_has_a_french_name(model):
    """No English in the French view: the dashboard draws every name of the diagram in French."""
    graph = model_graph(model)
    drawn = {b.name for v in diagram(model).views for b in v.boxes if b.name} | {
        p.flow for v in diagram(model).views for p in v.pipes
    }
    declared = declaration(model)
    named = set(STANDARD_LABELS) | set(declared.labels) | set(declared.names_fr)
    missing = sorted(graph.names[n] for n in drawn if n not in named)
    assert not missing, f"add French names to models/{model}/names_fr.toml: {missing}"


@pytest.mark.parametrize("model", MODELS)
def test_no_two_elements_overlap(model):
    for view in diagram(model).views:
        elements = sorted(_elements(view), key=lambda b: b.x - b.w)
        clashes = []
        for i, a in enumerate(elements):
            for b in elements[i + 1 :]:
                if b.x - b.w >= a.x + a.w:
                    break
                if a.overlaps(b):
                    clashes.append((a.key, b.key))
        assert not clashes, f"{view.name}: {clashes[:10]}"


@pytest.mark.parametrize("model", MODELS)
def test_no_element_sits_on_a_pipe(model):
    for view in diagram(model).views:
        for pipe in view.pipes:
            ends = {pipe.source, pipe.sink}
            for end in (view.element(pipe.source), view.element(pipe.sink)):
                x0, x1 = sorted((pipe.valve.x, end.x))
                y0, y1 = sorted((pipe.valve.y, end.y))
                track = Box("track", "", "track", (x0 + x1) // 2, (y0 + y1) // 2, (x1 - x0) // 2, (y1 - y0) // 2)
                on = [
                    e.key
                    for e in _elements(view)
                    if e.key not in ends and e.name != pipe.flow and e.overlaps(track, -3) and e.role != "cloud"
                ]
                assert not on, f"{view.name}: {on} on the pipe of {pipe.flow}"


@pytest.mark.parametrize("model", MODELS)
def test_arrows_are_links_of_the_equations(model):
    graph = model_graph(model)
    links = {(a, b) for a, b, _ in graph.links}
    records = {(f, s) for s in graph.stocks for f in graph.inflows[s]}
    for view in diagram(model).views:
        for link in view.links:
            source = view.element(link.source).name or link.source
            target = view.element(link.target).name or link.target
            assert (source, target) in links | records, f"{view.name}: {source} -> {target} is no link of the model"


@pytest.mark.parametrize("model", MODELS)
def test_rows_read_left_to_right_and_levers_sit_on_the_top_edge(model):
    for view in diagram(model).views:
        for pipe in (p for p in view.pipes if not p.vertical):
            a, b = view.element(pipe.source), view.element(pipe.sink)
            assert a.x < b.x, f"{view.name}: {pipe.flow} runs right to left"
        levers = [b for b in view.boxes if b.role == "lever"]
        rest = [b for b in view.boxes if b.role in ("stock", "cloud")] + [p.valve for p in view.pipes]
        if levers and rest:
            assert max(b.y + b.h for b in levers) < min(b.y - b.h for b in rest), f"{view.name}: a lever is low"


@pytest.mark.parametrize("model", MODELS)
def test_the_committed_sketch_is_the_layouts(model):
    before, after = redrawn(model)
    assert before == after, f"the views of {model}.mdl are out of date: run python -m models.sketch {model}"
    assert split_sketch(before)[1], f"{model}.mdl has no views"


def test_a_sketch_never_touches_the_equations():
    equations = "{UTF-8}\r\nx = 1\r\n\t~\tdmnl\r\n\t~\t\r\n\t|\r\n\r\n"
    first = with_sketch(equations, "\\\\\\---/// Sketch information\nV300\n*A\n")
    second = with_sketch(first, "\\\\\\---/// Sketch information\nV300\n*B\n")
    assert first.startswith(equations) and second.startswith(equations)
    assert split_sketch(second) == (equations, "\\\\\\---/// Sketch information\nV300\n*B\n")
    assert with_sketch("x = 1\n\t|", "\\\\\\---///\n").startswith("x = 1\n\t|\n")
    assert split_sketch("x = 1 ~ a \\\\\\---/// in a comment\n") == ("x = 1 ~ a \\\\\\---/// in a comment\n", "")


def test_the_model_hash_ignores_the_views(tmp_path):
    """Views do not change behaviour: calibration results and caches stay valid when only the sketch changes."""
    folder = tmp_path / "cae"
    shutil.copytree(get_model("cae").folder, folder, ignore=shutil.ignore_patterns("*.csv"))
    info = ModelInfo("cae", folder, folder / "cae.mdl")
    text = info.mdl.read_text(encoding="utf-8")
    before = info.mdl_hash()
    info.mdl.write_text(with_sketch(text, "\\\\\\---/// Sketch information\nV300\n*Another view\n"), encoding="utf-8")
    assert info.mdl_hash() == before
    info.mdl.write_text(text.replace("0.0625", "0.125", 1), encoding="utf-8")
    assert info.mdl_hash() != before


# ---------------------------------------------------------------- as Simlin reads the .mdl

SIZE = {"stock": (22.5, 17.5), "aux": (9, 9), "flow": (9, 9), "alias": (9, 9), "cloud": (9, 9)}


def _simlin_groups(model: str) -> dict[str, list[dict]]:
    """Elements of Simlin's view by Vensim view: Simlin merges the views into one, each view's elements following
    the group that stands for it (a cloud goes with its flow)."""
    (view,) = structure.file_views(get_model(model).mdl)
    out: dict[str, list[dict]] = {}
    group_of: dict[int, str] = {}
    current = None
    for element in view["elements"]:
        if element["type"] == "group":
            current = element["name"]
            out[current] = []
        elif element["type"] in SIZE:
            name = group_of.get(element.get("flowUid"), current) if element["type"] == "cloud" else current
            group_of[element["uid"]] = name
            out[name].append(element)
    return out


@pytest.mark.parametrize("model", MODELS)
def test_simlin_opens_every_view_with_its_elements_placed(model):
    groups = _simlin_groups(model)
    drawing = diagram(model)
    assert list(groups) == [v.name for v in drawing.views]
    for view in drawing.views:
        elements = groups[view.name]
        names = {snake(e["name"].replace("_", " ")) for e in elements if "name" in e}
        ours = {b.name for b in view.boxes if b.role in ("stock", "aux", "lever")} | {p.flow for p in view.pipes}
        assert names == ours, f"{view.name}: Simlin has {sorted(names ^ ours)[:8]} differently"
        assert sum(e["type"] == "alias" for e in elements) == sum(b.role == "shadow" for b in view.boxes)
        assert all(math.isfinite(e["x"]) and math.isfinite(e["y"]) for e in elements)
        clashes = [
            (a.get("name", a["type"]), b.get("name", b["type"]))
            for i, a in enumerate(elements)
            for b in elements[i + 1 :]
            if abs(a["x"] - b["x"]) < SIZE[a["type"]][0] + SIZE[b["type"]][0]
            and abs(a["y"] - b["y"]) < SIZE[a["type"]][1] + SIZE[b["type"]][1]
        ]
        assert not clashes, f"{view.name}: overlapping in Simlin: {clashes[:6]}"


@pytest.mark.parametrize("model", MODELS)
def test_the_sketch_does_not_change_what_simlin_computes(model, tmp_path):
    text = get_model(model).mdl.read_bytes().decode("utf-8")
    bare = tmp_path / f"{model}.mdl"
    bare.write_text(split_sketch(text)[0], encoding="utf-8")
    with_views, without = structure.run_file(get_model(model).mdl), structure.run_file(bare)
    assert list(with_views.columns) == list(without.columns)
    assert (with_views.to_numpy() == without.to_numpy()).all()


@pytest.mark.parametrize("model", MODELS)
def test_every_view_has_its_png(model):
    expected = {png_path(model, i, v) for i, v in enumerate(diagram(model).views)}
    present = set(DOCS.glob(f"{model}-*.png"))
    assert expected <= present, f"missing {sorted(p.name for p in expected - present)}: run python -m models.sketch"
    assert present <= expected, f"stale {sorted(p.name for p in present - expected)}"
    assert all(Path(p).stat().st_size > 2_000 for p in expected)
