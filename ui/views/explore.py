"""Explore: the model's policy levers live, headline metrics against the baseline, and the sector's charts."""

from __future__ import annotations

import math

import pandas as pd
import streamlit as st

from models.results import indicator_names, report_names
from ui import charts, export, fmt, runs, session, specs, widgets
from ui import levers as L
from ui import state as S
from ui.i18n import label, model_title, t
from ui.sector import lower_is_better, sector_charts
from ui.tables import at_year, ledger_frames, series_frame, variable_info

VIEWS = ("employment", "finance", "orgs", "people", "hours", "data")
VIEW_TEXT = {
    "employment": "tab_employment",
    "finance": "tab_finance",
    "orgs": "tab_orgs",
    "people": "tab_people",
    "hours": "tab_hours",
    "data": "tab_data",
}
DEFAULT_YEAR = 2030
LEVER_PANEL_HEIGHT = 900  # px; a long list of levers scrolls inside its column


def render() -> None:
    state = session.get()
    lang, model = state.lang, state.model
    scenario_spec = specs.scenario_spec(state, state.scenario)
    st.title(f"{t('explore_title', lang)} · {model_title(model, lang).split(' – ')[0]}")
    _scenario_caption(state, lang)
    _calibration_banner(state, lang)
    left, right = st.columns([1, 2.4], gap="large")
    with left, st.container(height=LEVER_PANEL_HEIGHT if len(L.policy_levers(model)) > 9 else "content", border=False):
        _lever_panel(state, scenario_spec, lang)
    state = session.get()
    with right:
        _results(state, scenario_spec, lang)


def _scenario_caption(state: S.AppState, lang: str) -> None:
    scenario = specs.scenario_object(state.model, state.scenario, state.upload)
    title = fmt.plain(specs.scenario_title(state, state.scenario, lang))  # an uploaded scenario's text is the user's
    text = f"**{t('scenario', lang)} :** {title}" if lang == "fr" else f"**{t('scenario', lang)}:** {title}"
    if scenario.description:
        text += f" — {fmt.plain(scenario.description)}"
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


# ---------------------------------------------------------------- levers


def _lever_help(param, lang: str) -> str:
    rng = (
        f"{t('range', lang)} {param.range_text} {param.units} · {t('default', lang)} {fmt.number(param.default, lang)}"
    )
    return f"{param.comment}\n\n{rng}\n\n*{param.name}*"


def _lever_panel(state: S.AppState, scenario_spec, lang: str) -> None:
    model = state.model
    st.subheader(t("levers", lang))
    st.caption(t("levers_help", lang))
    moves = dict(state.moves)
    t0, t1 = L.initial_time(scenario_spec), L.final_time(scenario_spec)
    for param in L.policy_levers(model):
        reference = L.reference_value(scenario_spec, param, t1)
        shown = moves[param.py_name].value if param.py_name in moves else reference
        key = f"lever.{model}.{param.py_name}"
        title = label(param.py_name, lang, param.name)
        if L.is_toggle(param):
            session.widget_value(key, shown >= 0.5)
            value = float(st.toggle(title, key=key, help=_lever_help(param, lang)))
        else:
            choices = L.options(param, (reference, shown, param.default))
            session.widget_value(key, L.snap(shown, choices))
            if st.session_state[key] not in choices:
                st.session_state[key] = L.snap(st.session_state[key], choices)
            value = st.select_slider(
                title,
                options=choices,
                key=key,
                format_func=lambda v, p=param: fmt.quantity(v, p.units, lang, p.py_name),
                help=_lever_help(param, lang),
            )
        if L.differs(value, shown):
            previous = moves.get(param.py_name)
            moves[param.py_name] = L.Move(float(value), previous.start if previous else None)
    if moves:
        with st.expander(t("dates", lang), expanded=False, icon=":material/event:"):
            st.caption(t("from_year_help", lang, start=f"{t0:g}"))
            for py_name, move in list(moves.items()):
                key = f"from.{model}.{py_name}"
                session.widget_value(key, int(move.start) if move.start is not None else int(t0))
                year = st.number_input(
                    label(py_name, lang, py_name), min_value=int(t0), max_value=int(t1), step=1, key=key
                )
                start = None if year <= t0 else float(year)
                if start != move.start:
                    moves[py_name] = L.Move(move.value, start)
    if moves != dict(state.moves):
        session.update(moves=moves)
    st.button(t("reset_levers", lang), on_click=_reset, disabled=not moves, icon=":material/undo:", width="stretch")
    with st.popover(t("save_scenario", lang), icon=":material/bookmark_add:", width="stretch"):
        name = st.text_input(t("saved_name", lang), max_chars=40, key="w.keep_name")
        if st.button("OK", key="w.keep_ok", disabled=not name.strip()):
            _keep(name.strip(), lang)


def _reset() -> None:
    session.update(moves={})
    session.forget_widgets("lever.")
    session.forget_widgets("from.")


def _keep(name: str, lang: str) -> None:
    state = session.get()
    kept = (*state.kept, S.Kept(name.replace("|", "/"), state.scenario, dict(state.moves)))[-S.MAX_KEPT :]
    item = f"k{len(kept)}"
    compare = tuple(dict.fromkeys((*(state.compare or ("baseline",)), item)))[-4:]
    session.update(kept=kept, compare=compare)
    st.success(t("saved_ok", lang, name=fmt.plain(name)))


# ---------------------------------------------------------------- results


def _results(state: S.AppState, scenario_spec, lang: str) -> None:
    model = state.model
    info = variable_info(model)
    sector = sector_charts(model)
    spec = L.apply_moves(scenario_spec, state.moves)
    current = runs.wide(spec)
    reference = runs.wide(specs.baseline_spec(state))
    t0, t1 = float(current.index.min()), float(current.index.max())
    c_year, c_watch = st.columns([1, 1])
    year_default = state.year if state.year is not None else int(min(max(DEFAULT_YEAR, t0), t1))
    session.widget_value("w.year", int(min(max(year_default, t0), t1)))
    year = c_year.slider(t("reading_year", lang), min_value=int(t0), max_value=int(t1), key="w.year")
    watch_options = list(dict.fromkeys(indicator_names(model) + report_names(model) + list(current.columns)))
    watch = state.watch if state.watch in watch_options else sector.watch_default
    session.widget_value("w.watch", watch)
    watch = c_watch.selectbox(
        t("watch", lang),
        watch_options,
        key="w.watch",
        format_func=lambda n: label(n, lang, info[n].name if n in info else n),
    )
    changes = {}
    if year != state.year and not (state.year is None and year == year_default):
        changes["year"] = year
    if watch != state.watch and not (state.watch is None and watch == sector.watch_default):
        changes["watch"] = watch
    if changes:
        state = session.update(**changes)
    _metrics(current, reference, (*sector.headline, watch), info, year, lang)
    _sources_caption(state, lang)
    current_label, reference_label = t("current", lang), t("baseline", lang)
    pair = {current_label: current, reference_label: reference}
    views = [v for v in VIEWS if (v != "people" or sector.people) and (v != "hours" or sector.hours)]
    session.widget_value("w.view", views[0])
    if st.session_state["w.view"] not in views:
        st.session_state["w.view"] = views[0]
    view = st.segmented_control(
        " ",
        views,
        format_func=lambda v: t(VIEW_TEXT[v], lang),
        key="w.view",
        required=True,
        label_visibility="collapsed",
    )
    prefix = f"{model}-{state.scenario}"
    if view == "employment":
        _lines(pair, sector.employment, info, lang, t("chart_employment", lang), f"{prefix}-employment")
        _lines(pair, (watch,), info, lang, label(watch, lang, info[watch].name), f"{prefix}-{watch}")
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
    elif view in ("people", "hours"):
        names, unit = (sector.people, "person") if view == "people" else (sector.hours, "hour/year")
        data = series_frame({current_label: current}, names, info, lang)
        widgets.chart(
            charts.stacked(data, lang, unit, "", t(f"chart_{view}", lang)),
            f"{prefix}-{view}",
            lang,
            _src(names, info, lang),
        )
    else:
        _data_view(state, spec, current, reference, info, year, lang)


def _metrics(current: pd.DataFrame, reference: pd.DataFrame, names, info, year: float, lang: str) -> None:
    names = list(dict.fromkeys(n for n in names if n in current.columns))
    per_row = 3
    cols = [c for i in range(0, len(names), per_row) for c in st.columns(per_row)]
    for column, name in zip(cols, names, strict=False):
        meta = info[name]
        value = at_year(current, name, year)
        delta = value - at_year(reference, name, year)
        help_text = f"{meta.comment}\n\n{t('vs_baseline', lang)} ({year}) · {meta.units}"
        widgets.metric(
            column, label(name, lang, meta.name), value, delta, meta.units, name, lang, help_text, lower_is_better(name)
        )


def _lines(pair, names, info, lang: str, title: str, name: str, zero: bool = False) -> None:
    names = [n for n in names if n in next(iter(pair.values())).columns]
    if not names:
        st.info(t("missing_chart", lang))
        return
    data = series_frame(pair, names, info, lang)
    unit = info[names[0]].units
    widgets.chart(charts.lines(data, lang, unit, names[0], title, zero=zero), name, lang, _src(names, info, lang))


def _src(names, info, lang: str) -> str:
    items = [f"{label(n, lang, info[n].name)}: {info[n].comment}" for n in names if n in info]
    return f"{t('indicator_source', lang)} — " + " · ".join(items)


def _sources_caption(state: S.AppState, lang: str) -> None:
    if not state.moves:
        st.caption(t("no_change", lang))
        return
    params = {p.py_name: p for p in L.policy_levers(state.model)}
    items = []
    for py_name, move in sorted(state.moves.items()):
        param = params.get(py_name)
        if param is None:
            continue
        when = "" if move.start is None else f" ({t('from_year', lang)} {move.start:g})"
        value = fmt.quantity(move.value, param.units, lang, py_name)
        items.append(f"**{label(py_name, lang, param.name)}** = {value}{when} — {param.comment}")
    st.caption(t("sources_caption", lang, items="; ".join(items)))


def _data_view(state: S.AppState, spec, current, reference, info, year: float, lang: str) -> None:
    names = [n for n in report_names(state.model) if n in current.columns]
    rows = []
    for name in names:
        meta = info[name]
        a, b = at_year(current, name, year), at_year(reference, name, year)
        rows.append(
            {
                t("variable", lang): label(name, lang, meta.name),
                t("current", lang): fmt.quantity(a, meta.units, lang, name),
                t("baseline", lang): fmt.quantity(b, meta.units, lang, name),
                "Δ": fmt.quantity(a - b, meta.units, lang, name, sign=True) if not math.isclose(a, b) else "",
                t("col_comment", lang): meta.comment,
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
        file_name=f"{state.model}-{state.scenario}-run.csv",
        mime="text/csv",
        on_click="ignore",
        icon=":material/table:",
        key="dl.csv",
    )
    c2.download_button(
        t("dl_toml", lang),
        data=lambda: toml_text(state, spec).encode("utf-8"),
        file_name=f"{state.model}-{state.scenario}-settings.toml",
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
