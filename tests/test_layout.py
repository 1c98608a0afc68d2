"""The layout file is checked like every input (one-line errors naming file and key), and the diagram tolerates a
changed model: on random stock-flow graphs with any partial layout, every stock and flow is drawn exactly once,
nothing overlaps and the sketch still names only the graph's variables."""

from __future__ import annotations

from collections import Counter

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from models.errors import ModelError
from models.geometry import lay_out
from models.layout import Layout, ModelGraph, ViewSpec, model_graph, read_layout
from models.plan import plan
from models.sketch import sketch_text

GOOD = """
records = "Ledgers"
[[view]]
name = "People chain"
sections = ["Test phase"]
rows = [["Applicants waiting", "entrepreneurs_in_test_phase"]]
[[view]]
name = "Ledgers"
"""


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[[view]]\nname = 'A'\ncolour = 'red'\n", "unknown key 'colour'"),
        ("title = 'x'\n", "unknown key 'title'"),
        ("[[view]]\nname = 'A.B'\n", "without . - + , / * ^"),
        ("[[view]]\nname = ''\n", "'name' must be"),
        ("[[view]]\nname = 'A'\nrows = [['No such stock']]\n", "unknown variable 'No such stock'"),
        ("[[view]]\nname = 'A'\nrows = 'CAE'\n", "'rows' must be a list of lists"),
        ("[[view]]\nname = 'A'\nsections = ['Nowhere']\n", "unknown section 'Nowhere'"),
        ("[[view]]\nname = 'A'\nsinks = ['coverage']\n", "'coverage' is not a stock"),
        ("[[view]]\nname = 'A'\nshow = ['CAE']\n", "'CAE' is not an auxiliary"),
        ("[[view]]\nname = 'A'\ninputs = 'yes'\n", "'inputs' must be true or false"),
        ("[[view]]\nname = 'A'\nrows = [['CAE']]\n[[view]]\nname = 'B'\nrows = [['CAE']]\n", "placed twice"),
        ("[[view]]\nname = 'A'\n[[view]]\nname = 'A'\n", "two views are called 'A'"),
        ("[[view]]\nname='A'\nsections=['Cooperatives']\n[[view]]\nname='B'\nsections=['Cooperatives']\n", "two views"),
        ("records = 'Z'\n[[view]]\nname = 'A'\n", "records = 'Z' names no view"),
        ("[[view]\nname = 'A'\n", "not valid TOML"),
    ],
)
def test_a_bad_layout_file_is_one_line_naming_the_key(tmp_path, text, message):
    path = tmp_path / "layout.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ModelError) as exc:
        read_layout(path, model_graph("cae"))
    assert message in str(exc.value) and str(path) in str(exc.value) and "\n" not in str(exc.value)


def test_a_good_layout_file_resolves_names_in_any_spelling(tmp_path):
    path = tmp_path / "layout.toml"
    path.write_text(GOOD, encoding="utf-8")
    layout = read_layout(path, model_graph("cae"))
    assert layout.records == "Ledgers"
    assert layout.views[0].rows == (("applicants_waiting", "entrepreneurs_in_test_phase"),)
    assert layout.views[0].name_fr == "People chain"  # no French title: the English one


def test_a_layout_that_places_nothing_still_draws_every_stock(tmp_path):
    graph = model_graph("cae")
    drawing = lay_out("cae", plan(Layout(views=(ViewSpec("Everything", "Tout"),)), graph), graph)
    assert sorted(drawing.automatic) == sorted(graph.stocks)
    assert Counter(b.name for b in drawing.views[0].boxes if b.role == "stock") == Counter(graph.stocks)


# ---------------------------------------------------------------- random models, random layouts


@st.composite
def graphs(draw) -> tuple[ModelGraph, Layout]:
    n = draw(st.integers(1, 7))
    stocks = [f"s{i}" for i in range(n)]
    inflows: dict[str, list[str]] = {s: [] for s in stocks}
    outflows: dict[str, list[str]] = {s: [] for s in stocks}
    flows = []
    for k in range(draw(st.integers(1, 12))):
        flow = f"f{k}"
        source = draw(st.sampled_from([None, *stocks]))
        targets = draw(st.lists(st.sampled_from(stocks), max_size=2, unique=True))
        targets = [t for t in targets if t != source] or ([] if source else [stocks[0]])
        if source:
            outflows[source].append(flow)
        for target in targets:
            inflows[target].append(flow)
        flows.append(flow)
    auxes = [f"a{i}" for i in range(draw(st.integers(0, 5)))]
    levers = [f"l{i}" for i in range(draw(st.integers(0, 3)))]
    causes = stocks + flows + auxes + levers
    effects = flows + auxes
    links = draw(st.lists(st.tuples(st.sampled_from(causes), st.sampled_from(effects)), max_size=15, unique=True))
    links = tuple((a, b, draw(st.sampled_from("+-?"))) for a, b in links if a != b)
    names = {name: name.upper() for name in stocks + flows + auxes + levers}
    groups = {name: draw(st.sampled_from(["G0", "G1"])) for name in names}
    graph = ModelGraph(
        names=names,
        groups=groups,
        inflows={s: tuple(v) for s, v in inflows.items()},
        outflows={s: tuple(v) for s, v in outflows.items()},
        links=links,
        constants=frozenset(levers),
        levers=tuple(levers),
    )
    listed = draw(st.lists(st.sampled_from(stocks), unique=True))
    rows = tuple(tuple(listed[i : i + 3]) for i in range(0, len(listed), 3))
    views = (
        ViewSpec("A", "A", sections=("G0",), rows=rows, inputs=draw(st.booleans())),
        ViewSpec("B", "B", sections=("G1",), show=tuple(a for a in auxes if draw(st.booleans()))),
        ViewSpec("Ledgers", "Comptes"),
    )
    return graph, Layout(views=views, records=draw(st.sampled_from(["", "Ledgers"])))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(graphs())
def test_any_model_and_any_layout_give_a_clean_diagram(case):
    graph, layout = case
    drawing = lay_out("m", plan(layout, graph), graph)
    stocks = Counter(b.name for v in drawing.views for b in v.boxes if b.role == "stock")
    flows = Counter(p.flow for v in drawing.views for p in v.pipes)
    assert stocks == Counter(graph.stocks) and flows == Counter(graph.flows)
    primary = Counter(b.name for v in drawing.views for b in v.boxes if b.role not in ("shadow", "cloud")) + flows
    assert max(primary.values(), default=1) == 1, primary
    for view in drawing.views:
        elements = [*view.boxes, *(p.valve for p in view.pipes), *(p.label for p in view.pipes)]
        clashes = [(a.key, b.key) for i, a in enumerate(elements) for b in elements[i + 1 :] if a.overlaps(b)]
        assert not clashes, (view.name, clashes)
        assert all(view.element(p.source).x < view.element(p.sink).x for p in view.pipes if not p.vertical)
    text = sketch_text(drawing, graph.names)
    named = {line.split(",")[2] for line in text.splitlines() if line.startswith("10,")}
    assert named <= set(graph.names.values())
