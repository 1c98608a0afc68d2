"""The policymaker's path in the app (AppTest): "credit at 40% from 2027: jobs, cost, cost per job?" answered on
Explore and on Compare in French, levers by instrument, and the reading year kept across a sector switch."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from models.declaration import declaration
from models.scenarios import scenario_spec
from ui.i18n import t
from ui.levers import default_start
from ui.tables import variable_info

pytestmark = pytest.mark.slow

APP = str(Path(__file__).resolve().parent.parent / "app.py")


def _app(**query) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=180)
    at.query_params.update(query)
    return at.run()


def test_credit_at_40_percent_from_next_year_gives_jobs_cost_and_cost_per_job_in_french():
    at = _app(model="sap", lang="fr")
    groups = declaration("sap").lever_groups
    assert [e.label for e in at.expander][: len(groups)] == [g.title.fr for g in groups]  # by instrument, in French
    assert at.expander[0].proto.expanded and not at.expander[2].proto.expanded  # the tax credit open, first
    assert not [m for m in at.metric if m.label == t("answer_jobs", "fr")]  # nothing moved: no answer yet
    at.select_slider(key="lever.sap.tax_aid_rate").set_value(0.4).run()
    assert not at.exception and not at.error
    start = int(default_start(scenario_spec("sap")))
    assert at.query_params["p.tax_aid_rate"] == f"0.4@{start}"  # history is not rewritten
    assert at.number_input(key="from.sap.tax_aid_rate").value == start  # the year, beside the lever
    cards = {m.label: m.value for m in at.metric}
    assert cards[t("answer_jobs", "fr")].startswith("-") and "ETP" in cards[t("answer_jobs", "fr")]
    assert cards[t("answer_cost", "fr")].startswith("-") and "€/an" in cards[t("answer_cost", "fr")]
    per_job = cards[t("answer_saving_per_job_lost", "fr")]  # a cut: money saved per job lost, never blank
    assert "€/ETP" in per_job and per_job[0].isdigit()
    assert any(t("answer_title", "fr", a=start, b=2030) in m.value for m in at.markdown)
    # asked for: from the first year, the same lever rewrites history
    at.number_input(key="from.sap.tax_aid_rate").set_value(int(at.number_input(key="from.sap.tax_aid_rate").min)).run()
    assert at.query_params["p.tax_aid_rate"] == "0.4"


def test_search_finds_the_lever_without_accents():
    at = _app(model="sap", lang="fr")
    at.text_input(key="w.lever_search").input("tva").run()
    labels = [s.label for s in at.select_slider]
    assert labels and all("TVA" in label for label in labels)
    at.text_input(key="w.lever_search").input("zzzz").run()
    assert any("zzzz" in i.value for i in at.info)


def test_sector_switch_keeps_the_reading_year_and_the_watched_indicator():
    at = _app(model="cae", lang="en", year="2035", watch="employment_fte")
    at.selectbox(key="w.model").set_value("sap").run()
    assert not at.exception and not at.error
    assert at.slider(key="w.year").value == 2035 and at.selectbox(key="w.watch").value == "employment_fte"
    at = _app(model="sap", lang="en")
    assert at.slider(key="w.year").value == 2030  # a policy year, not the model's first year


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_compare_starts_from_the_sidebar_scenario_and_always_explains_the_cost_per_job(lang):
    at = _app(model="sap", lang=lang, page="compare", scenario="no-credit-2007")
    assert not at.exception and not at.error
    assert at.multiselect(key="w.cmp").value == ["baseline", "no-credit-2007"]
    table = at.dataframe[0].value
    column = table[t("col_cost_per_fte", lang)]
    assert column.str.len().gt(0).all() and "—" not in set(column) and "–" not in set(column)
    assert list(table.columns[:4]) == [
        t(k, lang) for k in ("col_scenario", "col_dfte", "col_dcost_year", "col_cost_per_fte")
    ]  # the answer first: not off-screen
    assert column.iloc[0] == t("answer_identical", lang)  # the baseline against itself
    answer = at.table[0].value  # the same answer in a table that wraps (never off-screen)
    assert list(answer.columns) == [t(k, lang) for k in ("col_dfte", "col_dcost_year", "col_cost_per_fte")]
    assert list(answer[t("col_cost_per_fte", lang)]) == list(column)


def test_workshop_step_on_net_cost_shows_the_tax_expenditure_it_asks_about():
    at = _app(model="sap", lang="fr", page="workshop", step="1")
    assert "dépense fiscale" in at.header[0].value
    at.button(key="ws.reveal.1").click().run()
    assert not at.exception and not at.error
    labels = [m.label for m in at.metric]
    info = variable_info("sap")
    assert any(info["net_public_cost"].label("fr") in x for x in labels)
    assert any(info["tax_aid_cost"].label("fr") in x for x in labels)
