"""Dashboard logic without Streamlit: formatting per language, URL state round trip, levers -> run specs, the
scenario TOML export, charts, diagrams, workshop sequences."""

from __future__ import annotations

import html
import math
import re
import string
import tomllib
from xml.sax.saxutils import escape

import altair as alt
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from models import runtime
from models.catalog import catalog
from models.declaration import declaration
from models.diagram import diagram as model_diagram
from models.diagram_svg import view_svg
from models.errors import ModelError
from models.layout import model_graph
from models.parameters import is_lever, parameters
from models.registry import model_names
from models.scenarios import list_scenarios, parse_scenario, scenario_spec, to_spec
from models.structure import stock_flow_structure
from ui import charts, diagram, export, fmt, specs
from ui import state as S
from ui.levers import Move, apply_moves, options, reference_value
from ui.tables import difference, ledger_frames, series_frame, variable_info
from ui.workshop import generic_workshop, load_workshop

MODELS = list(model_names())


# ---------------------------------------------------------------- numbers and units


@pytest.mark.parametrize(
    ("value", "unit", "lang", "expected"),
    [
        (1234.5, "EUR", "fr", "1\u202f234,5\u00a0€"),
        (1234.5, "EUR", "en", "€1,234.5"),
        (12_345_678, "EUR/year", "fr", "12,3\u00a0M€/an"),
        (12_345_678, "EUR/year", "en", "€12.3M/yr"),
        (-2.5e9, "EUR/year", "en", "-€2.5bn/yr"),
        (0.1234, "dmnl", "fr", "12,3\u00a0%"),
        (0.1234, "dmnl", "en", "12.3%"),
        (27_469, "person", "fr", "27\u202f469\u00a0pers."),
        (27_469, "person", "en", "27,469\u00a0persons"),
    ],
)
def test_quantities_are_written_for_the_language(value, unit, lang, expected):
    name = "resource_share_public" if unit == "dmnl" else "x"
    text = fmt.quantity(value, unit, lang, name) if unit != "EUR" else fmt.money(value, lang, decimals=1)
    assert text == expected


def test_signed_changes_and_points():
    assert fmt.quantity(-0.021, "dmnl", "fr", "subsidy_dependence", sign=True) == "-2,1\u00a0pt"
    assert fmt.quantity(0.021, "dmnl", "en", "subsidy_dependence", sign=True) == "+2.1 pp"
    assert fmt.number(0.0, "fr", sign=True) == "±0"
    assert fmt.number(float("nan"), "en") == "–"


def test_vega_locale_matches_python_formatting():
    fr, en = fmt.vega_locale("fr")["number"], fmt.vega_locale("en")["number"]
    assert (fr["decimal"], en["decimal"]) == (",", ".")
    assert en["thousands"] == "," and fr["thousands"].isspace()


# ---------------------------------------------------------------- levers


@pytest.mark.parametrize("model", MODELS)
def test_levers_come_from_the_mdl_comments(model):
    levers = catalog(model).levers
    assert levers, f"{model} has no policy lever"
    for param in levers:
        assert is_lever(param)
        assert math.isfinite(param.min) and math.isfinite(param.max), f"{param.name} needs a [min,max] range"
        choices = options(param, (param.default,))
        assert choices[0] == pytest.approx(param.min) and choices[-1] == pytest.approx(param.max)
        assert any(abs(c - param.default) < 1e-9 for c in choices)
    others = [p for p in parameters(model).values() if p not in levers]
    assert not any(p.comment.lower().startswith(("policy lever", "governance lever")) for p in others)


def test_lever_from_the_start_holds_for_the_whole_run():
    base = scenario_spec("cae")  # the 2014 law switches on in 2016 by the timeline
    spec = apply_moves(base, {"law_2014_in_force": Move(0.0)})
    assert "law_2014_in_force" not in spec.schedules and spec.constants["law_2014_in_force"] == 0
    run = runtime.simulate(spec, variables=["law_2014_in_force"])
    assert run["law_2014_in_force"].max() == 0


def test_dated_lever_switches_from_its_year():
    base = scenario_spec("cae")
    spec = apply_moves(base, {"contribution_rate": Move(0.2, 2030)})
    run = runtime.simulate(spec, variables=["contribution_rate"])["contribution_rate"]
    default = parameters("cae")["contribution_rate"].default
    assert run.loc[2029] == pytest.approx(default) and run.loc[2030] == pytest.approx(0.2)
    assert reference_value(spec, parameters("cae")["contribution_rate"], 2035) == pytest.approx(0.2)


# ---------------------------------------------------------------- URL state


def _move_strategy(model):
    levers = catalog(model).levers
    times = catalog(model).times
    return st.dictionaries(
        st.sampled_from([p.py_name for p in levers]),
        st.tuples(
            st.floats(0, 1), st.one_of(st.none(), st.integers(int(times["initial_time"]) + 1, int(times["final_time"])))
        ),
        max_size=4,
    ).map(
        lambda d: {
            k: Move(round(p.min + f * (p.max - p.min), 6), None if y is None else float(y))
            for k, (f, y) in d.items()
            for p in [parameters(model)[k]]
        }
    )


@pytest.mark.slow
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    lang=st.sampled_from(S.LANGS if hasattr(S, "LANGS") else ("fr", "en")),
    page=st.sampled_from(S.PAGES),
    scenario=st.sampled_from(list_scenarios("cae")),
    moves=_move_strategy("cae"),
    year=st.one_of(st.none(), st.integers(1995, 2040)),
    step=st.integers(0, 6),
)
def test_state_round_trips_through_the_url(lang, page, scenario, moves, year, step):
    state = S.AppState(lang=lang, page=page, model="cae", scenario=scenario, moves=moves, year=year, step=step)
    decoded, problems = S.decode(S.encode(state))
    assert problems == []
    assert decoded == state


def test_uploaded_scenario_and_kept_settings_round_trip():
    text = 'title = "Mine"\n[set]\n"contribution rate" = 0.12\n'
    kept = (S.Kept("Plan A", "baseline", {"contribution_rate": Move(0.15, 2027)}),)
    state = S.AppState(model="cae", scenario=S.UPLOAD, upload=S.pack_toml(text), kept=kept, compare=("baseline", "k1"))
    decoded, problems = S.decode(S.encode(state))
    assert problems == [] and decoded == state
    assert specs.current_spec(decoded).constants["contribution_rate"] == 0.12


@pytest.mark.parametrize(
    ("query", "problem"),
    [
        ({"p.contribution_rate": "9"}, "bad_range"),
        ({"p.contribution_rate": "abc"}, "bad_number"),
        ({"p.not_a_lever": "1"}, "bad_lever"),
        ({"p.contribution_rate": "0.1@1800"}, "bad_year"),
        ({"model": "nope"}, "bad_value"),
        ({"scenario": "nope"}, "bad_value"),
        ({"upl": "%%%"}, "bad_upload_link"),
        ({"upl": S.pack_toml('title = "x"\n[set]\n"contribution rate" = 5\n')}, "bad_upload_link"),
        ({"cmp": "baseline,nope"}, "bad_value"),
        ({"win": "2040-2000"}, "bad_value"),
        ({"year": "inf"}, "bad_number"),
        ({"year": "nan"}, "bad_number"),
        ({"year": "1e400"}, "bad_number"),
        ({"step": "1e400"}, "bad_number"),
        ({"step": "-inf"}, "bad_number"),
        ({"step": "100000"}, "bad_value"),
        ({"cal": "../../../../tmp/x/cae"}, "bad_value"),
        ({"cal": "/etc/passwd"}, "bad_value"),
        ({"cal": "sap"}, "bad_value"),  # a result of another model
        ({"cal": "nope"}, "bad_value"),
        ({"upl": S.pack_toml('title = "x"\n[time]\nfinal = 1e9\n')}, "bad_upload_link"),
        ({"upl": S.pack_toml('title = "x"\ndescription = ' + "[" * 3000 + "]" * 3000 + "\n")}, "bad_upload_link"),
        ({"k1": "a|baseline|contribution_rate=inf"}, "bad_number"),
        ({"est": "contribution_rate=1e400"}, "bad_number"),
    ],
)
def test_bad_links_are_reported_and_ignored(query, problem):
    state, problems = S.decode({"model": "cae", **query})
    assert [p[0] for p in problems] == [problem]
    assert state.model in MODELS and state.moves == {}
    assert state.calibration is None and state.year is None and state.step == 0 and not state.estimates


def test_a_committed_calibration_of_the_model_is_accepted_by_name():
    state, problems = S.decode({"model": "cae", "cal": "cae-oxalis"})
    assert problems == [] and state.calibration == "cae-oxalis"
    assert specs.calibration_constants(state)


@pytest.mark.slow
@settings(max_examples=200, deadline=None)
@given(
    st.text(alphabet=st.characters(codec="utf-8"), max_size=60) | st.sampled_from(["http://x.y/z", "www.a.b", "a@b.c"])
)
def test_plain_text_shows_every_character_and_no_markdown(text):
    """Made plain for Markdown: each ASCII punctuation sign is a numeric character reference (shown as itself, never
    read as syntax) and autolink patterns are broken by an invisible joiner, so no link, image, emphasis, HTML or
    Streamlit directive can form; the reader sees the text as typed."""
    shown = fmt.plain(text)
    assert html.unescape(shown).replace(fmt.WORD_JOINER, "") == text
    assert not set(re.sub(r"&#\d+;", "", shown)) & set(string.punctuation)
    assert not re.search(r"(?i)://|www\.|\w@", html.unescape(shown))


# ---------------------------------------------------------------- scenario TOML export


def test_exported_toml_reproduces_the_run():
    state = S.AppState(
        model="cae",
        scenario="subsidies-halved-2026",
        moves={"law_2014_in_force": Move(0.0), "contribution_rate": Move(0.15, 2030)},
        estimates={"applications_per_cae": 60.0},
    )
    spec = specs.current_spec(state)
    text = export.scenario_toml(spec, "t", "t", "d")
    again = to_spec(parse_scenario("cae", tomllib.loads(text), "exported"))
    a, b = runtime.simulate(spec), runtime.simulate(again)
    pd.testing.assert_frame_equal(a, b, rtol=1e-12, atol=0)


@pytest.mark.slow
def test_csv_and_chart_files():
    long = pd.DataFrame({"time": [2000.0], "variable": ["x"], "value": [1.5], "scenario": ["s"]})
    assert export.run_csv(long).decode().splitlines() == ["time,variable,value,scenario", "2000,x,1.5,s"]
    data = pd.DataFrame({"time": [2000.0, 2001.0], "value": [1e6, 2e6], "series": "a", "scenario": "s", "source": ""})
    chart = charts.lines(data, "fr", "EUR/year")
    assert export.chart_svg(chart, "fr").startswith(b"<svg")
    assert export.chart_png(chart, "en")[:8] == b"\x89PNG\r\n\x1a\n"


# ---------------------------------------------------------------- charts from runs


@pytest.mark.slow
@pytest.mark.parametrize("model", MODELS)
def test_every_explore_chart_builds_valid_vega_lite(model):
    info = variable_info(model)
    sector = declaration(model)
    run = runtime.simulate(scenario_spec(model))
    pair = {"current": run, "baseline": run}
    bars, net = ledger_frames(run, run, sector.spending, sector.returns, info, "fr", ("a", "b"))
    built = [
        charts.lines(series_frame(pair, sector.employment, info, "fr"), "fr", info["employment_fte"].units),
        charts.ledger(bars, net, "fr"),
        charts.stacked(series_frame({"c": run}, sector.mix, info, "en"), "en", "dmnl", "resource_share"),
    ]
    for chart in built:
        assert isinstance(chart.to_dict(), dict)  # validates against the Vega-Lite schema
    assert (bars.groupby("time")["value"].sum() - (run["net_public_cost"].to_numpy())).abs().max() < 1e-6 * max(
        1.0, run["public_spending"].abs().max()
    )


def test_difference_table_cost_per_new_fte():
    index = pd.Index([2026.0, 2027.0], name="time")
    base = pd.DataFrame(
        {
            "employment_fte": [100.0, 100.0],
            "employment_headcount": [120.0, 120.0],
            "net_public_cost": [1e6, 1e6],
            "subsidy_dependence": [0.4, 0.4],
            "operating_balance": [0.0, 0.0],
        },
        index=index,
    )
    run = base.assign(employment_fte=[110.0, 130.0], net_public_cost=[1.5e6, 2.0e6])
    d = difference(run, base, (2026, 2027))
    assert d.d_fte_mean == pytest.approx(20.0)
    assert d.d_cost_sum == pytest.approx(1.5e6)
    assert d.d_fte_new_mean == pytest.approx(20.0) and math.isnan(d.d_fte_formalised_mean)  # no undeclared work
    assert d.cost_per_new_fte == pytest.approx(1.5e6 / 40.0)
    cut = difference(base, run, (2026, 2027))  # a cut: money saved per job lost, same ratio
    assert cut.cost_per_new_fte == pytest.approx(1.5e6 / 40.0) and cut.d_fte_mean < 0
    assert math.isnan(difference(base, base, (2026, 2027)).cost_per_new_fte)
    split = run.assign(employment_fte_new=[105.0, 115.0], employment_fte_formalised=[5.0, 15.0])
    flat = base.assign(employment_fte_new=[100.0, 100.0], employment_fte_formalised=[0.0, 0.0])
    d = difference(split, flat, (2026, 2027))
    assert (d.d_fte_new_mean, d.d_fte_formalised_mean) == pytest.approx((10.0, 10.0))
    assert d.cost_per_new_fte == pytest.approx(0.75e6 / 10.0)
    assert d.cost_per_formalised_fte == pytest.approx(0.75e6 / 10.0)


# ---------------------------------------------------------------- model structure


@pytest.mark.parametrize("model", MODELS)
def test_model_page_draws_the_layout_views(model):
    """The Model page draws the .mdl's own views: every view, with every stock and flow, in both languages."""
    drawing = model_diagram(model)
    structure = stock_flow_structure(model)
    for lang in ("fr", "en"):
        info = variable_info(model)
        labels = {name: info[name].label(lang) for name in model_graph(model).names}
        drawn = "".join(view_svg(view, labels) for view in drawing.views)
        for stock in structure["stocks"]:
            assert f">{escape(labels[stock].split()[0])}" in drawn
    assert diagram.views_with(drawing, structure["stocks"]) == list(range(len(drawing.views)))


def test_loop_tags_come_from_the_comments():
    loop = {"id": "r1", "polarity": "R", "variables": ["a", "b"], "importance": [0.5, -0.5]}
    comments = {"a": "Loop R1: word of mouth.", "b": "Multiplier (loops B2 and B3)."}
    assert diagram.loop_tags(loop, comments) == ["B2", "B3", "R1"]
    table = diagram.loop_table([loop], comments, {}, {"a"})
    assert table.loc[0, "importance"] == pytest.approx(0.5) and table.loc[0, "stocks"] == "a"


# ---------------------------------------------------------------- workshop


@pytest.mark.parametrize("model", MODELS)
def test_workshop_steps_are_valid_levers(model):
    workshop = load_workshop(model)
    assert workshop.steps and not workshop.problems
    levers = {p.py_name: p for p in catalog(model).levers}
    for step in workshop.steps:
        assert levers[step.lever].in_range(step.suggest)
    assert set(workshop.presets) <= set(list_scenarios(model))


def test_bad_workshop_steps_are_reported(tmp_path):
    path = tmp_path / "cae.toml"
    path.write_text(
        'title = "t"\n[[step]]\nlever = "contribution rate"\nsuggest = 9\nindicator = "employment_fte"\n'
        '[[step]]\nlever = "not a lever"\nsuggest = 1\nindicator = "employment_fte"\n'
        '[[step]]\nlever = "contribution rate"\nsuggest = 0.2\nindicator = "nope"\n'
        '[[step]]\nlever = "contribution rate"\nsuggest = 0.2\nindicator = "employment_fte"\nalso = ["nope"]\n',
        encoding="utf-8",
    )
    workshop = load_workshop("cae", path)
    assert len(workshop.problems) == 4 and "'also' must be a list of known indicators" in workshop.problems[-1]
    assert workshop.steps == generic_workshop("cae").steps  # nothing valid: the generic sequence


def test_upload_validation_messages_name_the_key():
    with pytest.raises(ModelError, match="contribution rate"):
        S.scenario_from_toml("cae", 'title = "x"\n[set]\n"contribution rate" = 5\n')
    with pytest.raises(ModelError, match="not valid TOML"):
        S.scenario_from_toml("cae", "title = ")
    assert isinstance(alt.Chart, type)


def test_the_served_dashboard_neither_watches_files_nor_shows_tracebacks():
    """The server settings a deployment relies on: no traceback in the page, no reload on save, and no file watcher
    (with one, every run walks every loaded module's path: 0.4 s more to a warm visitor's first cards on an idle
    machine, 1.3 s under load, measured in chromium), no full garbage collection after every run."""
    from pathlib import Path

    config = tomllib.loads((Path(__file__).resolve().parent.parent / ".streamlit" / "config.toml").read_text())
    assert config["client"]["showErrorDetails"] == "none"
    assert config["server"]["runOnSave"] is False
    assert config["server"]["fileWatcherType"] == "none"
    assert config["runner"]["postScriptGC"] is False


@pytest.mark.parametrize(
    ("x", "lang", "text"),
    [(2013.5, "fr", "2013,5"), (2013.5, "en", "2013.5"), (2013.0, "fr", "2013"), (2040, "en", "2040")],
)
def test_years_have_no_thousands_separator_and_the_language_decimal_mark(x, lang, text):
    assert fmt.year(x, lang) == text
