"""Compare: two to four scenarios (bundled, the Explore settings, or kept ones) side by side, and their
differences from the baseline over a window, including the net public cost per new and per formalised FTE."""

from __future__ import annotations

import math

import pandas as pd
import streamlit as st

from models.catalog import catalog
from models.scenarios import list_scenarios
from ui import answer as A
from ui import charts, export, fmt, runs, session, specs, widgets
from ui import state as S
from ui.i18n import t
from ui.tables import definitions, difference, series_frame, variable_info

DEFAULT_START = 2026


def _options(state: S.AppState) -> list[str]:
    names = list(list_scenarios(state.model))
    if "baseline" not in names:
        names.insert(0, "baseline")
    if state.upload:
        names.append(S.UPLOAD)
    return names + [S.CURRENT] + [f"k{i}" for i in range(1, len(state.kept) + 1)]


def render() -> None:
    state = session.get()
    lang, model = state.lang, state.model
    info = variable_info(model)
    st.title(t("compare_title", lang))
    options = _options(state)
    default = [c for c in state.compare if c in options] or default_items(state, options)
    session.widget_value("w.cmp", default)
    st.session_state["w.cmp"] = [c for c in st.session_state["w.cmp"] if c in options]
    chosen = st.multiselect(
        t("compare_pick", lang),
        options,
        key="w.cmp",
        max_selections=4,
        format_func=lambda item: specs.item_title(state, item, lang),
    )
    if tuple(chosen) != state.compare:
        state = session.update(compare=tuple(chosen))
    if state.kept:
        st.caption(t("saved_session_only", lang))
    if len(chosen) < 2:
        st.info(t("compare_need", lang))
        return
    titles = {item: specs.item_title(state, item, lang) for item in chosen}
    tables = {item: runs.wide(specs.item_spec(state, item)) for item in chosen}
    base = runs.wide(specs.baseline_spec(state))
    t0 = max(float(tb.index.min()) for tb in tables.values())
    t1 = min(float(tb.index.max()) for tb in tables.values())
    c1, c2 = st.columns(2)
    window = state.window or (int(min(max(DEFAULT_START, t0), t1 - 1)), int(t1))
    window = (int(max(window[0], t0)), int(min(window[1], t1)))
    session.widget_value("w.win", window)
    window = tuple(c1.slider(t("window", lang), min_value=int(t0), max_value=int(t1), key="w.win"))
    choices = list(dict.fromkeys((*catalog(model).indicators, *catalog(model).report)))
    session.widget_value("w.cmp_ind", state.watch if state.watch in choices else "employment_fte")
    indicator = c2.selectbox(t("indicator", lang), choices, key="w.cmp_ind", format_func=lambda n: info[n].label(lang))
    if window != state.window or indicator != state.watch:
        state = session.update(window=window if window[0] < window[1] else None, watch=indicator)
    data = series_frame({titles[i]: tables[i] for i in chosen}, [indicator], info, lang)
    data = data.assign(series=data["scenario"], scenario="")  # one colour per scenario, no dashes
    name = info[indicator].label(lang)
    widgets.chart(
        charts.lines(data, lang, info[indicator].units, indicator, name).configure_legend(
            orient="bottom", columns=1, labelLimit=0
        ),  # scenario titles are long: one a line, in full
        f"{model}-compare-{indicator}",
        lang,
        definitions([indicator], info, lang),
    )
    if window[0] >= window[1]:
        return
    st.subheader(f"{t('diff_table', lang)} {window[0]}–{window[1]}")
    raw, shown = _difference_tables(chosen, titles, tables, base, window, lang)
    st.table(shown.iloc[:, :4].set_index(shown.columns[0]))  # the answer: wraps, never off-screen at 1024 px
    st.dataframe(shown, hide_index=True, width="stretch")  # every difference (scrolls sideways)
    st.caption(f"{t('cost_per_fte_note', lang)} {t('answer_convention', lang)}")
    st.download_button(
        t("dl_diff", lang),
        data=lambda: export.run_csv(raw),
        file_name=f"{model}-compare-{window[0]}-{window[1]}.csv",
        mime="text/csv",
        on_click="ignore",
        icon=":material/table:",
        key="dl.cmp",
    )


def default_items(state: S.AppState, options: list[str]) -> list[str]:
    """What Compare shows first: the baseline against the sidebar's scenario, and the Explore settings when levers
    are moved; the baseline against the first other scenario when neither differs from it."""
    items = ["baseline"]
    if state.scenario != "baseline" and state.scenario in options:
        items.append(state.scenario)
    if state.moves:
        items.append(S.CURRENT)
    if len(items) < 2:
        items += [o for o in options if o != "baseline"][:1]
    return items


def per_job_text(a: A.Answer, lang: str) -> str:
    """The per-job figure of an answer in words: never blank (what the sign means, or why there is no ratio)."""
    if math.isnan(a.per_job):
        return t(f"answer_{a.kind}", lang)
    money = fmt.money(a.per_job, lang, "/ETP" if lang == "fr" else "/FTE")
    return t("per_job_created" if a.kind == "cost_per_job" else "per_job_lost", lang, money=money)


def _per_job(value: float, lang: str) -> str:
    """Euros per job-year, or why there is none."""
    return t("no_ratio", lang) if math.isnan(value) else fmt.money(value, lang, "/ETP" if lang == "fr" else "/FTE")


def _difference_tables(chosen, titles, tables, base, window, lang: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Raw differences (for the CSV) and the same formatted for the page's language, the answer's columns first."""
    raw_rows, rows = [], []
    for item in chosen:
        d = difference(tables[item], base, window)
        a = A.answer(tables[item], base, window)
        raw_rows.append({"scenario": item, "title": titles[item], **d.__dict__, "answer": a.kind})
        rows.append(
            {
                t("col_scenario", lang): titles[item],
                t("col_dfte", lang): fmt.compact(d.d_fte_mean, "FTE", lang, sign=True),
                t("col_dcost_year", lang): fmt.money(a.d_cost, lang, "/an" if lang == "fr" else "/yr", sign=True),
                t("col_cost_per_fte", lang): per_job_text(a, lang),
                t("col_dfte_new", lang): fmt.compact(d.d_fte_new_mean, "FTE", lang, sign=True),
                t("col_dfte_formalised", lang): t("no_split", lang)
                if math.isnan(d.d_fte_formalised_mean)
                else fmt.compact(d.d_fte_formalised_mean, "FTE", lang, sign=True),
                t("col_cost_per_formalised", lang): _per_job(d.cost_per_formalised_fte, lang),
                t("col_fte", lang): fmt.compact(d.fte_mean, "FTE", lang),
                t("col_headcount", lang): fmt.compact(d.d_headcount_mean, "person", lang, sign=True),
                t("col_cost", lang): fmt.money(d.cost_sum, lang),
                t("col_dcost", lang): fmt.money(d.d_cost_sum, lang, sign=True),
                t("col_dependence", lang): fmt.percent(d.d_dependence_mean, lang, sign=True, points=True),
                t("col_balance", lang): fmt.money(d.d_balance_sum, lang, sign=True),
            }
        )
    return pd.DataFrame(raw_rows), pd.DataFrame(rows)
