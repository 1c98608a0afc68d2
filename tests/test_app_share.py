"""Sharing a view in the dashboard (AppTest): the open tab is written to the link and a link reopens it, a tab the
page has not is ignored with a message, the sidebar has the copy-link button, the uploader states the app's limit
once in the page's language."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from ui.i18n import t

pytestmark = pytest.mark.slow

APP = str(Path(__file__).resolve().parent.parent / "app.py")


def _open(**query) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=180)
    at.query_params.update({"model": "cae", **query})
    at.run()
    assert not at.exception
    return at


def test_explore_tab_goes_into_the_link_and_back():
    at = _open(lang="fr", page="explore")
    assert at.segmented_control(key="w.view").value == "employment" and "tab" not in at.query_params
    at.segmented_control(key="w.view").set_value("finance").run()
    assert at.query_params["tab"] == "finance"
    again = _open(**{k: at.query_params[k] for k in at.query_params})
    assert again.segmented_control(key="w.view").value == "finance"
    again.segmented_control(key="w.view").set_value("employment").run()
    assert "tab" not in again.query_params  # the default tab is not written


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_a_link_opens_the_model_page_on_its_tab(lang):
    at = _open(lang=lang, page="model", tab="loops")
    assert at.session_state["w.tab.model"] == t("dominance", lang)
    assert at.query_params["tab"] == "loops"
    column = t("col_importance", lang)  # the loop table's shares in the page's language ("12,3 %", not "0.123")
    (table,) = [d.value for d in at.dataframe if column in d.value.columns]
    assert table[column].str.fullmatch(r"\d+,\d\xa0%" if lang == "fr" else r"\d+\.\d%").all(), table[column].tolist()


def test_a_tab_the_page_has_not_is_ignored():
    at = _open(lang="fr", page="explore", tab="nope")
    assert not at.error
    assert at.segmented_control(key="w.view").value == "employment"
    assert any("tab" in w.value and "nope" in w.value for w in at.warning)
    assert "tab" not in at.query_params


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_the_sidebar_has_the_copy_link_button(lang):
    at = _open(lang=lang)
    frames = [e.proto.srcdoc for e in at.sidebar.get("iframe")]
    assert len(frames) == 1
    assert t("copy_link_button", lang) in frames[0] and "navigator.clipboard.writeText" in frames[0]


def test_the_uploader_states_one_limit_in_french():
    at = _open(lang="fr")
    captions = [c.value for c in at.sidebar.caption]
    assert "Fichier TOML, 64\u00a0ko au plus." in captions
    assert not any("MB" in c or "per file" in c for c in captions)
