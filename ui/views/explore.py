"""Explore: the model's policy levers live (:mod:`ui.views.explore_levers`), headline metrics against the baseline,
and the charts the model's declaration lists (:mod:`models.declaration`)."""

from __future__ import annotations

import math

import pandas as pd
import streamlit as st

from models.catalog import catalog
from models.declaration import declaration
from ui import answer as A
from ui import charts, export, fmt, runs, session, specs, widgets
from ui import levers as L
from ui import state as S
from ui.calibration_report import stale_text
from ui.i18n import t
from ui.tables import at_year, definitions, ledger_frames, series_frame, variable_info
from ui.tabs import ids as tab_ids
from ui.views import explore_levers

TAB_LABELS = {"employment": "tab_employment", "finance": "tab_finance", "orgs": "tab_orgs", "data": "tab_data"}
DEFAULT_YEAR = 2030


def render() -> None:
    state = session.get()
    lang, model = state.lang, state.model
    scenario_spec = specs.scenario_spec(state, state.scenario)
    st.title(f"{t('explore_title', lang)} · {declaration(model).short(lang)}")
    _scenario_caption(state, lang)
    _calibration_banner(state, lang)
    left, right = st.columns([1, 2.4], gap="large")
    with left:
        explore_levers.render(state, scenario_spec, lang)
    state = session.get()
    with right:
        _results(state, scenario_spec, lang)


def _scenario_caption(state: S.AppState, lang: str) -> None:
    scenario = specs.scenario_object(state.model, state.scenario, state.upload)
    title = fmt.plain(specs.scenario_title(state, state.scenario, lang))  # an uploaded scenario's text is the user's
    text = f"**{t('scenario', lang)} :** {title}" if lang == "fr" else f"**{t('scenario', lang)}:** {title}"
    description = scenario.description_fr if lang == "fr" else scenario.description
    if description:  # no English in the French view: a scenario without a French text shows its title only
        text += f" — {fmt.plain(description)}"
    st.caption(text)


def _drop_calibration() -> None:
    session.update(calibration=None, estimates={})


def _calibration_banner(state: S.AppState, lang: str) -> None:
    if not (state.calibration or state.estimates):
        return
    name = state.calibration or ", ".join(f"{k} = {fmt.number(v, lang)}" for k, v in sorted(state.estimates.items()))
    c1, c2 = st.columns([5, 1])
    c1.info(t("cal_in_use", lang, name=fmt.plain(name)), icon=":material/target:")
    c2.button(t("cal_drop", lang), on_click=_drop_calibration, key="w.cal_drop", width="stretch")
    committed = specs.committed_estimates(state)
    if committed is not None and committed.is_stale:
        reasons = stale_text(committed.stale, lang)
        st.warning(f"{t('cal_stale', lang)} ({fmt.plain(reasons)})", icon=":material/history:")


# ---------------------------------------------------------------- results


def _results(state: S.AppState, scenario_spec, lang: str) -> None:
    model = state.model
    info = variable_info(model)
    sector = declaration(model)
    spec = L.apply_moves(scenario_spec, state.moves)
    current = runs.wide(spec)
    reference = runs.wide(specs.baseline_spec(state))
    t0, t1 = float(current.index.min()), float(current.index.max())
    c_year, c_watch = st.columns([1, 1])
    year_default = state.year if state.year is not None else int(min(max(DEFAULT_YEAR, t0), t1))
    session.widget_value("w.year", int(min(max(year_default, t0), t1)))
    year = c_year.slider(t("reading_year", lang), min_value=int(t0), max_value=int(t1), key="w.year")
    book = catalog(model)
    watch_options = list(dict.fromkeys((*book.indicators, *book.report, *current.columns)))
    watch = state.watch if state.watch in watch_options else sector.watch
    session.widget_value("w.watch", watch)
    watch = c_watch.selectbox(
        t("watch", lang),
        watch_options,
        key="w.watch",
        format_func=lambda n: info[n].label(lang) if n in info else n,
    )
    changes = {}
    if year != state.year and not (state.year is None and year == year_default):
        changes["year"] = year
    if watch != state.watch and not (state.watch is None and watch == sector.watch):
        changes["watch"] = watch
    if changes:
        state = session.update(**changes)
    answer_card(current, reference, year, lang)
    _metrics(current, reference, (*sector.headline, watch), info, year, lang, sector.lower_is_better)
    _sources_caption(state, info, lang)
    current_label, reference_label = t("current", lang), t("baseline", lang)
    pair = {current_label: current, reference_label: reference}
    declared = {chart.id: chart for chart in sector.charts if chart.variables}
    tabs = {v: t(TAB_LABELS[v], lang) if v in TAB_LABELS else declared[v].tab(lang) for v in tab_ids(model, "explore")}
    views = list(tabs)
    st.session_state["w.view"] = widgets.open_tab(tabs)  # the state's (a link's) tab
    view = st.segmented_control(
        " ",
        views,
        format_func=tabs.__getitem__,
        key="w.view",
        required=True,
        label_visibility="collapsed",
        on_change=widgets.on_tab,
        args=("w.view", {v: v for v in views}, views[0]),
    )
    prefix = widgets.settings_stem()  # sector, scenario and moved levers
    if view == "employment":
        _lines(pair, sector.employment, info, lang, t("chart_employment", lang), f"{prefix}-employment")
        _lines(pair, (watch,), info, lang, info[watch].label(lang), f"{prefix}-{watch}")
    elif view == "finance":
        bars, net = ledger_frames(
            current, reference, sector.spending, sector.returns, info, lang, (current_label, reference_label)
        )
        widgets.chart(
            charts.ledger(bars, net, lang, t("chart_ledger", lang)),
            f"{prefix}-ledger",
            lang,
            _src(sector.spending + sector.returns, info, lang),
        )
        _lines(pair, sector.dependence, info, lang, t("chart_dependence", lang), f"{prefix}-dependence")
    elif view == "orgs":
        _lines(pair, sector.balances, info, lang, t("chart_balance", lang), f"{prefix}-balance", zero=True)
        data = series_frame({current_label: current}, sector.mix, info, lang)
        figure = charts.stacked(data, lang, "dmnl", "resource_share", t("chart_mix", lang))
        widgets.chart(figure, f"{prefix}-resource-mix", lang, _src(sector.mix, info, lang))
    elif view in declared:
        chart = declared[view]
        data = series_frame({current_label: current}, chart.variables, info, lang)
        figure = charts.stacked(data, lang, chart.unit, "", chart.title(lang))
        widgets.chart(figure, f"{prefix}-{view}", lang, _src(chart.variables, info, lang))
    else:
        _data_view(state, spec, current, reference, info, year, lang)


def answer_card(current: pd.DataFrame, reference: pd.DataFrame, year: float, lang: str) -> None:
    """The answer to "what does it do?": Δ jobs, Δ net public cost and what a job costs or saves, settings against
    the baseline, a yearly mean from the first year they differ to the reading year (:mod:`ui.answer`)."""
    start = A.first_change(current, reference)
    if start is None:
        return
    if start > year:
        st.info(t("answer_later", lang, start=f"{start:g}", year=f"{year:g}"), icon=":material/event:")
        return
    a = A.answer(current, reference, (start, min(year, float(reference.index.max()))))
    with st.container(border=True, key="answer"):
        st.markdown(f"**{t('answer_title', lang, a=a.window[0], b=a.window[1])}**")
        with st.container(key="cards-answer"):
            c1, c2, c3 = st.columns(3)
        c1.metric(t("answer_jobs", lang), fmt.compact(a.d_fte, "FTE", lang, sign=True), help=_split(a, lang))
        c2.metric(t("answer_cost", lang), fmt.money(a.d_cost, lang, "/an" if lang == "fr" else "/yr", sign=True))
        c3.metric(t(f"answer_{a.kind}", lang), _per_job(a, lang), help=t(f"answer_{a.kind}_help", lang))
        st.caption(f"{_split(a, lang)} {t('answer_convention', lang)}")


def _per_job(a: A.Answer, lang: str) -> str:
    if math.isnan(a.per_job):
        return "—"
    return fmt.money(a.per_job, lang, "/ETP" if lang == "fr" else "/FTE")


def _split(a: A.Answer, lang: str) -> str:
    """Where the jobs come from (new work, formalised work) where the model separates them."""
    if math.isnan(a.d_formalised):
        return ""
    new = fmt.compact(a.d_new, "FTE", lang, sign=True)
    formalised = fmt.compact(a.d_formalised, "FTE", lang, sign=True)
    return t("answer_split", lang, new=new, formalised=formalised)


def _metrics(current: pd.DataFrame, reference: pd.DataFrame, names, info, year: float, lang: str, lower) -> None:
    names = list(dict.fromkeys(n for n in names if n in current.columns))
    with st.container(key="cards"):  # ui/style.py: cards wrap to two a row when three do not fit
        cols = st.columns(len(names))
    for column, name in zip(cols, names, strict=True):
        meta = info[name]
        value = at_year(current, name, year)
        delta = value - at_year(reference, name, year)
        help_text = f"{meta.comment}\n\n{t('vs_baseline', lang)} ({year}) · {meta.units}"
        widgets.metric(column, meta.label(lang), value, delta, meta.units, name, lang, help_text, name in lower)


def _lines(pair, names, info, lang: str, title: str, name: str, zero: bool = False) -> None:
    names = [n for n in names if n in next(iter(pair.values())).columns]
    if not names:
        st.info(t("missing_chart", lang))
        return
    data = series_frame(pair, names, info, lang)
    unit = info[names[0]].units
    widgets.chart(charts.lines(data, lang, unit, names[0], title, zero=zero), name, lang, _src(names, info, lang))


def _src(names, info, lang: str) -> str:
    return definitions(names, info, lang)


def _sources_caption(state: S.AppState, info, lang: str) -> None:
    if not state.moves:
        st.caption(t("no_change", lang))
        return
    book = catalog(state.model)
    items = []
    for py_name, move in sorted(state.moves.items()):
        if py_name not in book:
            continue
        param = book[py_name]
        when = "" if move.start is None else f" ({t('from_year', lang)} {move.start:g})"
        value = fmt.quantity(move.value, param.units, lang, py_name)
        source = "" if lang == "fr" else f" — {param.comment}"  # the .mdl's sources are in English
        items.append(f"**{info[py_name].label(lang)}** = {value}{when}{source}")
    st.caption(t("sources_caption", lang, items="; ".join(items)))


def _data_view(state: S.AppState, spec, current, reference, info, year: float, lang: str) -> None:
    names = [n for n in catalog(state.model).report if n in current.columns]
    rows = []
    for name in names:
        meta = info[name]
        a, b = at_year(current, name, year), at_year(reference, name, year)
        rows.append(
            {
                t("variable", lang): meta.label(lang),
                t("current", lang): fmt.quantity(a, meta.units, lang, name),
                t("baseline", lang): fmt.quantity(b, meta.units, lang, name),
                "Δ": fmt.quantity(a - b, meta.units, lang, name, sign=True) if not math.isclose(a, b) else "",
                **(
                    {t("col_unit", lang): fmt.unit_label(meta.units, lang)}
                    if lang == "fr"  # the .mdl's definitions are in English: the Model page has them
                    else {t("col_comment", lang): meta.comment}
                ),
            }
        )
    st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch")
    st.subheader(t("downloads", lang))
    long = pd.concat(
        [runs.long(spec, names, "current"), runs.long(specs.baseline_spec(state), names, "baseline")], ignore_index=True
    )
    c1, c2 = st.columns(2)
    c1.download_button(
        t("dl_csv", lang),
        data=lambda: export.run_csv(long),
        file_name=f"{widgets.settings_stem()}-run.csv",
        mime="text/csv",
        on_click="ignore",
        icon=":material/table:",
        key="dl.csv",
    )
    c2.download_button(
        t("dl_toml", lang),
        data=lambda: toml_text(state, spec).encode("utf-8"),
        file_name=f"{widgets.settings_stem()}-settings.toml",
        mime="application/toml",
        on_click="ignore",
        icon=":material/description:",
        key="dl.toml",
    )


def toml_text(state: S.AppState, spec) -> str:
    """The current settings as a scenario file (title from the scenario, description listing the moves)."""
    title_en = f"{specs.scenario_title(state, state.scenario, 'en')} + dashboard settings"
    title_fr = f"{specs.scenario_title(state, state.scenario, 'fr')} + réglages du tableau de bord"
    moves = export.moves_summary(dict(state.moves), "en") or "none"
    description = f"Exported from the dashboard. Base scenario: {state.scenario}. Levers moved: {moves}."
    return export.scenario_toml(spec, title_en, title_fr, description)
