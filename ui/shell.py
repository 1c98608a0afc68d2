"""The app's frame: page setup, navigation between the pages, the sidebar (language, sector, scenario, upload)
and the URL written back at the end of each run."""

from __future__ import annotations

import streamlit as st

from models import catalog
from models.declaration import declaration
from models.errors import ModelError
from models.registry import model_names
from models.scenarios import list_scenarios
from models.validate import MAX_SCENARIO_BYTES
from ui import copy_link, fmt, session, style, uploads
from ui import state as S
from ui.fmt import plain
from ui.i18n import LANGS, t
from ui.specs import scenario_title

PAGE_ICONS = {
    "explore": ":material/tune:",
    "compare": ":material/compare_arrows:",
    "calibration": ":material/target:",
    "uncertainty": ":material/ssid_chart:",
    "model": ":material/account_tree:",
    "workshop": ":material/groups:",
    "validity": ":material/verified:",
}


SECTOR_WIDGETS = ("lever.", "from.", "grp.", "w.scenario", "w.year", "w.watch", "w.cmp", "w.win", "w.lever_search")
"""Widgets re-initialised from the state on a sector switch."""


def _renderers() -> dict:
    from ui.views import calibration, compare, explore, model, uncertainty, validity, workshop

    return {
        "explore": explore.render,
        "compare": compare.render,
        "calibration": calibration.render,
        "uncertainty": uncertainty.render,
        "model": model.render,
        "workshop": workshop.render,
        "validity": validity.render,
    }


def main() -> None:
    st.set_page_config(page_title="ESS policy lab", page_icon=":material/diversity_3:", layout="wide")
    state = session.get()
    st.html(style.CSS + uploads.css(state.lang))
    try:
        catalog.warm([state.model])
        for problem in declaration(state.model).problems:  # model.toml names what the .mdl no longer defines
            st.warning(plain(problem), icon="⚠️")
    except Exception as exc:  # noqa: BLE001 - e.g. a .mdl being edited: say so, keep the sidebar usable
        session.LOG.error("model %s unavailable: %s", state.model, exc)
        st.error(t("model_unavailable", state.lang, model=state.model, detail=plain(str(exc)[:200])), icon="⚠️")
    renderers = _renderers()
    pages = {
        key: st.Page(
            session.guarded(renderers[key]),
            title=t(f"page_{key}", state.lang),
            icon=PAGE_ICONS[key],
            url_path=key,
            default=(key == S.PAGES[0]),
        )
        for key in S.PAGES
    }
    session.register_pages(pages)
    chosen = st.navigation(list(pages.values()))
    page = next((key for key, p in pages.items() if p is chosen), S.PAGES[0])
    if not st.session_state.get("_opened"):
        st.session_state["_opened"] = True
        if page == S.PAGES[0] and state.page != page:  # a link to the root naming another page (?page=...)
            st.switch_page(pages[state.page], query_params=S.encode(state))
    if page != state.page:
        session.update(page=page, tab="")  # a page opens on its first tab
    _sidebar()
    session.show_link_problems(session.get().lang)
    chosen.run()
    session.write_url()


# ---------------------------------------------------------------- sidebar


def _on_lang() -> None:
    value = st.session_state.get("w.lang")
    if value in LANGS:
        session.update(lang=value)


def _on_model() -> None:
    value = st.session_state.get("w.model")
    if value and value != session.get().model:
        session.put(S.switch_model(session.get(), value))
        for prefix in (
            "lever.",
            "from.",
            "grp.",
            "w.scenario",
            "w.year",
            "w.watch",
            "w.cmp",
            "w.win",
            "w.lever_search",
        ):
            session.forget_widgets(prefix)


def _on_scenario() -> None:
    value = st.session_state.get("w.scenario")
    state = session.get()
    if value and value != state.scenario:
        session.update(scenario=value, moves={}, upload=state.upload if value == S.UPLOAD else None)
        session.forget_widgets("lever.")
        session.forget_widgets("from.")


def _sidebar() -> None:
    state = session.get()
    lang = state.lang
    with st.sidebar:
        session.widget_value("w.lang", lang)
        st.segmented_control(
            t("language", lang),
            options=list(LANGS),
            format_func=lambda x: {"fr": "Français", "en": "English"}[x],
            key="w.lang",
            on_change=_on_lang,
            required=True,
        )
        models = list(model_names())
        session.widget_value("w.model", state.model)
        st.selectbox(
            t("sector", lang), models, format_func=lambda m: _title(m, lang), key="w.model", on_change=_on_model
        )
        state = session.get()
        options = list(list_scenarios(state.model))
        if "baseline" not in options:
            options.insert(0, "baseline")
        if state.upload:
            options.append(S.UPLOAD)
        if st.session_state.get("w.scenario") not in options:
            st.session_state.pop("w.scenario", None)
        session.widget_value("w.scenario", state.scenario if state.scenario in options else "baseline")
        st.selectbox(
            t("scenario", lang),
            options,
            format_func=lambda name: _scenario_label(state, name, lang),
            key="w.scenario",
            on_change=_on_scenario,
        )
        _upload_scenario(lang)
        session.show_flash()
        copy_link.render(lang)
        st.caption(t("copy_link", lang))


def _title(model: str, lang: str) -> str:
    try:
        return declaration(model).title(lang)
    except ModelError:  # a malformed model.toml: the sector is still listed (its pages say what is wrong)
        return model


def _scenario_label(state: S.AppState, name: str, lang: str) -> str:
    title = scenario_title(state, name, lang)
    return f"{title} ({t('uploaded', lang)})" if name == S.UPLOAD else title


def _upload_scenario(lang: str) -> None:
    """Validate an uploaded scenario TOML (size, UTF-8, format, names, ranges); a message in ``lang`` either way."""
    file = uploads.uploader(t("upload_scenario", lang), "toml", "w.upload_scenario", MAX_SCENARIO_BYTES, lang)
    if file is None:
        return
    marker = (file.file_id, session.get().model)
    if st.session_state.get("_upload_done") == marker:
        return
    st.session_state["_upload_done"] = marker
    data = file.getvalue()
    if len(data) > MAX_SCENARIO_BYTES:
        st.error(t("upload_too_big", lang, size=fmt.size(len(data), lang), limit=fmt.size(MAX_SCENARIO_BYTES, lang)))
        return
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        st.error(t("upload_not_utf8", lang))
        return
    state = session.get()
    try:
        scenario = S.scenario_from_toml(state.model, text, where=file.name)
    except ModelError as exc:
        st.error(t("upload_bad", lang, detail=plain(exc)))
        return
    session.update(scenario=S.UPLOAD, upload=S.pack_toml(text), moves={})
    session.forget_widgets("lever.")
    session.forget_widgets("from.")
    session.forget_widgets("w.scenario")
    title = scenario.title_fr if lang == "fr" and scenario.title_fr else scenario.title
    session.flash("success", t("upload_ok", lang, title=plain(title)))
    st.rerun()
