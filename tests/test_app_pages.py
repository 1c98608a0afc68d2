"""The dashboard through Streamlit's AppTest: every page in both languages and for every model, URL round trip,
bad links and bad uploads give a message in the page's language, never a traceback."""

from __future__ import annotations

import base64
import html
import re
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from models.registry import model_names
from ui import fmt
from ui import state as S
from ui.i18n import t

pytestmark = pytest.mark.slow

MODELS = list(model_names())
TIMEOUT = 120
APP = str(Path(__file__).resolve().parent.parent / "app.py")
TITLE_KEYS = {
    "explore": "explore_title",
    "compare": "compare_title",
    "calibration": "calibration_title",
    "uncertainty": "uncertainty_title",
    "model": "model_title",
    "workshop": None,  # the sequence's own title
    "validity": "validity_title",
}


def open_app(**query: str) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    at.query_params.update(query)
    return at.run()


def assert_clean(at: AppTest) -> None:
    """No exception and no error box (the page catches everything; an error box means something broke)."""
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error, [e.value for e in at.error]


def shown(markdown: str) -> str:
    """What a reader sees of a Markdown message whose user-given parts are made plain (``ui.fmt.plain``)."""
    return html.unescape(markdown).replace(fmt.WORD_JOINER, "")


def charts(at: AppTest) -> list:
    return list(at.get("vega_lite_chart"))


@pytest.mark.parametrize("lang", ["fr", "en"])
@pytest.mark.parametrize("page", S.PAGES)
@pytest.mark.parametrize("model", MODELS)
def test_every_page_opens_in_both_languages(model, page, lang):
    at = open_app(page=page, lang=lang, model=model)
    assert_clean(at)
    key = TITLE_KEYS[page]
    if key:
        assert at.title[0].value.startswith(t(key, lang))
    assert at.query_params["page"] == page and at.query_params["lang"] == lang
    nav_label = t(f"page_{page}", lang)
    assert nav_label  # the navigation shows the page in the right language
    if page == "explore":
        assert len(at.metric) >= 5 and charts(at)
        assert [m.delta for m in at.metric if m.delta][0].startswith("±")  # baseline against itself


def test_language_switch_changes_the_words_and_keeps_the_settings():
    at = open_app(page="explore", model="cae", **{"p.contribution_rate": "0.15"})
    assert at.title[0].value.startswith(t("explore_title", "fr"))
    at.segmented_control(key="w.lang").set_value("en").run()
    assert_clean(at)
    assert at.title[0].value.startswith(t("explore_title", "en"))
    assert at.query_params["lang"] == "en" and at.query_params["p.contribution_rate"] == "0.15"


@pytest.mark.parametrize("view", ["employment", "finance", "orgs", "people", "data"])
def test_every_explore_view_renders(view):
    at = open_app(model="cae", lang="en")
    at.segmented_control(key="w.view").set_value(view).run()
    assert_clean(at)
    if view != "data":
        assert charts(at)
    else:
        assert at.dataframe and len(at.download_button) >= 2


def test_url_round_trip_reopens_the_same_view():
    query = {
        "lang": "en",
        "page": "explore",
        "model": "cae",
        "scenario": "subsidies-halved-2026",
        "p.contribution_rate": "0.12@2027",
        "p.law_2014_in_force": "0",
        "year": "2035",
        "watch": "associate_share",
    }
    first = open_app(**query)
    assert_clean(first)
    written = dict(first.query_params)
    assert written == query
    again = open_app(**written)
    assert [(m.label, m.value, m.delta) for m in again.metric] == [(m.label, m.value, m.delta) for m in first.metric]
    assert again.select_slider(key="lever.cae.contribution_rate").value == pytest.approx(0.12)
    assert again.toggle(key="lever.cae.law_2014_in_force").value is False


def test_root_link_naming_a_page_opens_that_page():
    at = open_app(page="compare", model="cae", cmp="baseline,contribution-12pct", win="2026-2040", lang="fr")
    assert_clean(at)
    assert at.title[0].value == t("compare_title", "fr")
    assert at.dataframe[0].value.shape[0] == 2
    assert at.query_params["cmp"] == "baseline,contribution-12pct" and at.query_params["win"] == "2026-2040"


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_bad_link_gives_a_message_in_the_page_language(lang):
    at = open_app(lang=lang, model="cae", **{"p.contribution_rate": "9", "p.nope": "1"})
    assert_clean(at)
    warnings = [shown(w.value) for w in at.warning]
    assert t("bad_range", lang, name="contribution rate", value="9", range="[0.02, 0.25]") in warnings
    assert t("bad_lever", lang, name="nope") in warnings
    assert "p.contribution_rate" not in at.query_params  # the bad value is dropped from the link


def _upload(at: AppTest, key: str, name: str, data: bytes, mime: str) -> AppTest:
    at.file_uploader(key=key).set_value((name, data, mime))
    return at.run()


BAD_SCENARIOS = [
    ("unknown.toml", b'title = "x"\n[set]\n"no such thing" = 1\n', "no such thing"),
    ("range.toml", b'title = "x"\n[set]\n"contribution rate" = 5\n', "outside its range"),
    ("syntax.toml", b"title = \n", "not valid TOML"),
    ("notitle.toml", b'[set]\n"contribution rate" = 0.1\n', "'title' is required"),
    ("binary.toml", b"\xff\xfe\x00bad", None),
    ("big.toml", b"#" * 70_000, None),
]


@pytest.mark.parametrize("lang", ["fr", "en"])
@pytest.mark.parametrize(("name", "data", "detail"), BAD_SCENARIOS)
def test_bad_scenario_upload_gives_a_message(lang, name, data, detail):
    at = open_app(lang=lang, model="cae")
    at = _upload(at, "w.upload_scenario", name, data, "application/toml")
    assert not at.exception
    assert len(at.error) == 1
    message = shown(at.error[0].value)
    prefix = t("upload_bad", lang, detail="").strip()
    if name == "binary.toml":
        assert message == t("upload_not_utf8", lang)
    elif name == "big.toml":
        assert message == t("upload_too_big", lang, size=fmt.size(len(data), lang), limit=fmt.size(64_000, lang))
    else:
        assert message.startswith(prefix) and detail in message and name in message
    assert at.query_params.get("scenario", "baseline") == "baseline"  # nothing changed


def test_good_scenario_upload_becomes_the_scenario_and_the_link_carries_it():
    text = b'title = "Mine"\ntitle_fr = "Le mien"\n[set]\n"contribution rate" = 0.2\n'
    at = _upload(open_app(lang="fr", model="cae"), "w.upload_scenario", "mine.toml", text, "application/toml")
    assert_clean(at)
    assert at.query_params["scenario"] == S.UPLOAD and "upl" in at.query_params
    assert any("Le mien" in s.value for s in at.success)
    again = open_app(**dict(at.query_params))
    assert_clean(again)
    assert again.select_slider(key="lever.cae.contribution_rate").value == pytest.approx(0.2)


@pytest.mark.parametrize(
    ("name", "data", "detail"),
    [
        ("t.csv", b"variable,time,value\ncae,2011,80\n", "sigma"),
        ("t.csv", b"variable,time,value,sigma,source\nnope,2011,80,5,x\n", "nope"),
        ("t.csv", b"variable,time,value,sigma,source\ncae,2011,abc,5,x\n", "abc"),
        ("t.csv", b"variable,time,value,sigma,source\ncae,2011,80,-5,x\n", "sigma"),
    ],
)
def test_bad_targets_upload_gives_a_message(name, data, detail):
    at = open_app(lang="en", model="cae", page="calibration")
    at = _upload(at, "w.cal_targets", name, data, "text/csv")
    assert not at.exception
    assert (
        len(at.error) == 1
        and at.error[0].value.startswith(t("upload_bad", "en", detail=""))
        and detail in shown(at.error[0].value)
    )
    assert not any(b.key == "w.cal_go" for b in at.button)  # no calibration run on bad targets


def test_calibration_result_can_be_used_in_explore():
    at = open_app(lang="en", model="cae", page="calibration")
    assert_clean(at)
    options = at.selectbox(key="w.cal_pick").options
    assert options
    at.selectbox(key="w.cal_pick").set_value(f"file:{options[0]}" if ":" not in options[0] else options[0]).run()
    at.button(key="w.cal_use").click().run()
    assert_clean(at)
    assert at.query_params["page"] == "explore" and at.query_params["cal"] == options[0].split(":")[-1]
    assert any(options[0].split(":")[-1] in shown(i.value) for i in at.info)


def test_workshop_presenter_flow_and_participants_choices():
    at = open_app(lang="en", model="cae", page="workshop")
    assert_clean(at)
    first_question = at.header[0].value
    at.radio(key="ws.pred.cae.0").set_value("down")
    at.button(key="ws.reveal.0").click().run()
    assert_clean(at)
    assert at.metric and (at.success or at.warning)
    at.button(key="ws-nav-next-top").click().run()
    assert at.query_params["step"] == "1" and at.header[0].value != first_question
    at.button(key="ws-nav-prev-top").click().run()
    assert at.header[0].value == first_question
    assert at.radio(key="ws.pred.cae.0").value == "down"  # kept in the session
    steps = len(__import__("ui.workshop", fromlist=["load_workshop"]).load_workshop("cae").steps)
    summary = open_app(lang="en", model="cae", page="workshop", step=str(steps))
    assert_clean(summary)
    assert summary.table[0].value.shape[0] == steps  # large type (default): an HTML table whose text wraps


def test_each_session_has_its_own_settings():
    one = open_app(model="cae", **{"p.contribution_rate": "0.2"})
    two = open_app(model="cae")
    assert "p.contribution_rate" not in two.query_params
    assert two.select_slider(key="lever.cae.contribution_rate").value == pytest.approx(0.1)
    assert one.select_slider(key="lever.cae.contribution_rate").value == pytest.approx(0.2)


def test_settings_kept_on_explore_are_compared():
    at = open_app(lang="en", model="cae", **{"p.subsidy_per_accompanied_entrepreneur": "3000@2026"})
    at.text_input(key="w.keep_name").input("More support").run()
    at.button(key="w.keep_ok").click().run()
    assert_clean(at)
    assert at.query_params["k1"] == "More support|baseline|subsidy_per_accompanied_entrepreneur=3000@2026"
    compare = open_app(**{**dict(at.query_params), "page": "compare"})
    assert_clean(compare)
    table = compare.dataframe[0].value
    assert "More support" in set(table[t("col_scenario", "en")])
    row = table[table[t("col_scenario", "en")] == "More support"].iloc[0]
    assert row[t("col_dfte", "en")].startswith("+") and row[t("col_cost_per_fte", "en")].startswith("€")


def test_calibration_run_in_the_page_and_used_in_explore():
    """A researcher runs a (small) bundled calibration from the page; its estimates then drive Explore."""
    at = open_app(lang="en", model="cae", page="calibration")
    at.selectbox(key="w.cal_spec").set_value("cae-oxalis").run()
    at.button(key="w.cal_go").click().run()
    assert_clean(at)
    assert at.selectbox(key="w.cal_pick").value == "session:cae-oxalis-seed0"
    at.button(key="w.cal_use").click().run()
    assert_clean(at)
    assert at.query_params["page"] == "explore" and at.query_params["scenario"] == "case-oxalis"
    estimates = dict(item.split("=") for item in at.query_params["est"].split(";"))
    assert estimates and all(float(v) == float(v) for v in estimates.values())
    assert any(i.value.startswith(t("cal_in_use", "en", name="")) for i in at.info)


def _captions(at: AppTest) -> str:
    return " ".join(c.value for c in at.caption)


def test_uncertainty_draws_from_the_calibration_by_default_and_ranges_on_demand():
    at = open_app(page="uncertainty", lang="en", model="cae")
    assert_clean(at)
    draw = next(r for r in at.radio if r.key == "w.unc_draw.cae")
    assert draw.value == "cae"  # the committed sector calibration's 95% intervals
    assert t("unc_calibration", "en", name="cae") in _captions(at)
    draw.set_value("").run()
    assert_clean(at)
    assert "constants drawn in the model's ranges" in _captions(at)


# ---------------------------------------------------------------- hostile links: the server and the page survive

HOSTILE = {
    "huge final time (was a server abort)": {
        "scenario": "upload",
        "upl": S.pack_toml('title = "x"\n[time]\nfinal = 1e9\n'),
    },
    "tiny step (was minutes at 100% CPU)": {
        "scenario": "upload",
        "upl": S.pack_toml('title = "x"\n[time]\nstep = 1e-6\n'),
    },
    "deep TOML (was a RecursionError)": {
        "scenario": "upload",
        "upl": S.pack_toml('title = "x"\ndescription = ' + "[" * 3000 + "]" * 3000 + "\n"),
    },
    "path traversal on the calibration": {"page": "uncertainty", "cal": "../../../../tmp/x/cae"},
    "infinite reading year": {"year": "inf"},
    "overflowing workshop step": {"page": "workshop", "step": "1e400"},
    "NaN year": {"year": "nan"},
}


@pytest.mark.parametrize("case", sorted(HOSTILE))
def test_the_dashboard_survives_hostile_links(case, tmp_path_factory):
    secret = tmp_path_factory.mktemp("x") / "cae.json"  # a readable JSON outside the repository
    secret.write_text('{"model": "cae", "parameters": {"TOPSECRET": {"estimate": 1, "ci": [0, 1]}}}')
    query = {k: v.replace("/tmp/x/cae", str(secret.with_suffix(""))) for k, v in HOSTILE[case].items()}
    at = open_app(lang="en", model="cae", **query)
    assert_clean(at)
    assert at.title  # the page rendered
    assert at.warning, "the ignored part of the link is reported"
    shown = " ".join(e.value for e in (*at.warning, *at.caption, *at.markdown))
    assert "TOPSECRET" not in shown
    assert at.query_params.get("scenario", "baseline") == "baseline" and "cal" not in at.query_params


def test_scenario_text_from_a_link_is_shown_as_plain_text():
    description = "Read [the note](http://evil.example/phish) ![px](http://evil.example/pixel.png)"
    text = f'title = "Plan [B](http://evil.example/t)"\ndescription = "{description}"\n'
    at = open_app(lang="en", model="cae", scenario="upload", upl=S.pack_toml(text))
    assert_clean(at)
    caption = next(c.value for c in at.caption if "Read" in c.value)
    assert "](" not in caption and "![" not in caption  # no markdown link or image left to render
    assert fmt.plain(description) in caption and fmt.plain("Plan [B](http://evil.example/t)") in caption


def _drawn_view(at: AppTest) -> tuple[str, str]:
    """(title, words) of the view the Model page shows: an <img> of its SVG in the page's HTML."""
    body = next(h.proto.body for h in at.get("html") if "data:image/svg+xml;base64," in h.proto.body)
    svg = base64.b64decode(body.split("base64,")[1].split('"')[0]).decode("utf-8")
    title = re.search(r'alt="([^"]*)"', body).group(1)
    return html.unescape(title), html.unescape(" ".join(re.sub(r"<[^>]+>", " ", svg).split()))


@pytest.mark.parametrize(
    ("lang", "views", "names"),
    [
        ("fr", ("Chaîne des personnes", "Comptes publics"), ["Porteurs de projet", "Taux de sortie, petit CA"]),
        ("en", ("People chain", "Public ledger"), ["Project holders", "Outflow rate low"]),
    ],
)
def test_model_page_draws_the_mdl_views_in_the_page_language(lang, views, names):
    at = open_app(page="model", lang=lang, model="cae")
    assert_clean(at)
    title, words = _drawn_view(at)
    assert title == views[0]
    assert all(name in words for name in names), words[:300]
    at.selectbox(key="w.view.cae").set_value(3).run()
    assert_clean(at)
    assert _drawn_view(at)[0] == views[1]


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_the_validity_page_quotes_the_published_effects_in_the_page_language(lang):
    """The sources of the effect targets (targets CSV ``source`` / ``source_fr``) under the effects table."""
    at = open_app(page="validity", lang=lang, model="sap")
    assert_clean(at)
    captions = shown(" ".join(c.value for c in at.caption))
    assert ("la réduction d'impôt a créé de 12\u202f000 à 43\u202f000 ETP" in captions) == (lang == "fr"), captions
    assert ("the income-tax reduction created 12,000-43,000 FTE" in captions) == (lang == "en"), captions
