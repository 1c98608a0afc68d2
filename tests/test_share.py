"""Sharing a view: the open tab in the link (validated like every link value), file names and captions of exported
charts from the settings, file sizes written the language's way, stale-result reasons in French. Pure functions."""

from __future__ import annotations

import pytest

from ui import export, fmt, tabs
from ui import state as S
from ui.calibration_report import stale_text
from ui.levers import Move


@pytest.mark.parametrize(("page", "tab"), [("explore", "finance"), ("explore", "data"), ("model", "loops")])
def test_the_open_tab_goes_round_the_link(page, tab):
    state = S.AppState(page=page, tab=tab, model="cae")
    query = S.encode(state)
    assert query["tab"] == tab
    again, problems = S.decode(query)
    assert (again.page, again.tab, problems) == (page, tab, [])


@pytest.mark.parametrize(
    ("page", "tab"), [("explore", "loops"), ("model", "finance"), ("compare", "data"), ("model", "x" * 80)]
)
def test_a_tab_the_page_has_not_is_ignored_and_said(page, tab):
    state, problems = S.decode({"model": "cae", "page": page, "tab": tab})
    assert state.tab == "" and state.page == page
    assert problems == [("bad_value", {"name": "tab", "value": tab})]
    assert "tab" not in S.encode(state)


def test_every_page_tab_is_known_and_the_default_is_not_written():
    assert (
        tabs.ids("cae", "explore")[:3] == ("employment", "finance", "orgs") and tabs.ids("cae", "explore")[-1] == "data"
    )
    assert tabs.ids("cae", "compare") == ()
    assert "tab" not in S.encode(S.AppState(model="cae"))


def test_a_sector_switch_keeps_a_tab_the_new_sector_has():
    state = S.AppState(page="model", tab="loops", model="cae")
    assert S.switch_model(state, "sap").tab == "loops"
    declared = [t for t in tabs.ids("sap", "explore") if t not in tabs.ids("cae", "explore")]
    if declared:  # a chart only the other sector declares: its tab is left
        assert S.switch_model(S.AppState(page="explore", tab=declared[0], model="sap"), "cae").tab == ""


def test_file_names_follow_the_settings():
    assert export.settings_stem("sap", "baseline", {}) == "sap-baseline"
    one = export.settings_stem("sap", "baseline", {"tax_credit_rate": Move(0.4, 2027.0)})
    assert one == "sap-baseline-tax_credit_rate-0.4-from-2027"
    many = {f"lever_with_a_long_name_{i}": Move(float(i), None) for i in range(5)}
    stem = export.settings_stem("sap", "baseline", many)
    assert stem.startswith("sap-baseline-5-levers-") and len(stem) <= export.STEM_CHARS
    assert stem != export.settings_stem("sap", "baseline", {**many, "lever_with_a_long_name_0": Move(9.0, None)})


def test_the_caption_fits_the_file():
    lines = export.caption_lines(["Scénario : Référence", "mot " * 400, "", "version abc"])
    assert lines[0] == "Scénario : Référence" and len(lines) == export.CAPTION_LINES
    assert all(len(line) <= export.CAPTION_CHARS for line in lines) and lines[-1].endswith("…")


def test_a_caption_goes_under_the_chart_title():
    import altair as alt
    import pandas as pd

    chart = alt.Chart(pd.DataFrame({"x": [1, 2]})).mark_line().encode(x="x").properties(title="Emploi")
    spec = export._sized(chart, ["Scénario : Référence", "version abc"])
    assert spec["title"]["text"] == "Emploi" and spec["title"]["subtitle"] == ["Scénario : Référence", "version abc"]
    assert export._sized(alt.hconcat(chart, chart), ["a"])["title"]["subtitle"] == ["a"]
    assert export._sized(chart, [])["title"] == "Emploi"  # no caption, no change


@pytest.mark.parametrize(
    ("size", "fr", "en"),
    [(812, "812 octets", "812 bytes"), (64_000, "64 ko", "64 kB"), (1_600_000, "1,6 Mo", "1.6 MB")],
)
def test_file_sizes_the_language_s_way(size, fr, en):
    assert fmt.size(size, "fr") == fr.replace(" ", fmt.NBSP)
    assert fmt.size(size, "en") == en.replace(" ", fmt.NBSP)


def test_stale_reasons_in_french():
    reasons = ["model changed (fitted on abcdef123456, now 0123456789ab)", "targets changed", "spec changed"]
    text = stale_text(reasons, "fr")
    assert "modèle modifié" in text and "les cibles ont changé" in text and "spécification" in text
    assert "changed" not in text
    assert stale_text(reasons, "en") == "; ".join(reasons)
