"""Workshop: a guided sequence (question, lever, what happened, why) in large type, with a presenter's
previous/next, preset scenarios, and the participants' choices kept in the session."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from models.catalog import catalog
from models.declaration import declaration
from ui import charts, export, fmt, runs, session, specs, widgets
from ui import levers as L
from ui.i18n import t
from ui.levers import apply_moves
from ui.tables import at_year, series_frame, variable_info
from ui.workshop import Step, load_workshop

CHOICES_KEY = "_workshop_choices"
LARGE_CSS = """<style>
.st-key-workshop-large p, .st-key-workshop-large li, .st-key-workshop-large label { font-size: 1.45rem !important; }
.st-key-workshop-large h2 { font-size: 2.4rem !important; line-height: 1.25; }
.st-key-workshop-large [data-testid="stMetricValue"],
.st-key-workshop-large [data-testid="stMetricValue"] p { font-size: 3.4rem !important; line-height: 1.1; }
.st-key-workshop-large [data-testid="stMetricLabel"] p { font-size: 1.2rem !important; }
.st-key-workshop-large [data-testid="stMetricDelta"] p { font-size: 1.3rem !important; }
.st-key-workshop-large table td, .st-key-workshop-large table th { font-size: 1.2rem !important; white-space: normal; }
.st-key-workshop-large [data-testid="stSliderThumbValue"] p,
.st-key-workshop-large [data-testid="stSliderThumbValue"] { font-size: 1.1rem !important; }
[class*="st-key-ws-nav"] button p { font-size: 1.3rem !important; }
</style>"""
"""Large type: the headline number 3.4rem (about 54 px) over its 1.2rem label."""
PROJECTOR_CSS = """<style>
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"] { display: none !important; }
</style>"""
"""Projector mode: no sidebar (the page's own toggle brings it back)."""
CHART_FONT = 16  # px, axis and legend text of a chart on a projector
PREDICTIONS = ("up", "down", "same")
SAME_THRESHOLD = 0.01  # |change| below 1% of the baseline counts as "little change"


def _choices(model: str) -> dict:
    return st.session_state.setdefault(CHOICES_KEY, {}).setdefault(model, {})


def outcome(change: float, base: float) -> str:
    """``up``, ``down`` or ``same`` (change within 1% of the baseline's size)."""
    if abs(change) <= SAME_THRESHOLD * max(abs(base), 1e-12):
        return "same"
    return "up" if change > 0 else "down"


def render() -> None:
    state = session.get()
    lang, model = state.lang, state.model
    workshop = load_workshop(model)
    info = variable_info(model)
    steps = workshop.steps
    index = min(max(state.step, 0), len(steps))  # len(steps) = the summary
    c1, c2 = st.columns(2)
    large = c1.toggle(t("ws_large", lang), value=True, key="w.ws_large")
    if large:
        st.html(LARGE_CSS)
    if c2.toggle(t("ws_projector", lang), value=False, key="w.ws_projector", help=t("ws_projector_help", lang)):
        st.html(PROJECTOR_CSS)
    with st.container(key="workshop-large" if large else "workshop"):
        title = workshop.title[0] if lang == "fr" else workshop.title[1]
        st.title(title or t("workshop_title", lang))
        for problem in workshop.problems:
            st.warning(problem)
        if index == 0:
            intro = workshop.intro[0] if lang == "fr" else workshop.intro[1]
            if intro:
                st.markdown(intro)
        _navigation(index, len(steps), lang, "top")
        if index < len(steps):
            _step(state, steps[index], index, len(steps), info, lang)
        else:
            _summary(state, steps, info, lang)
        _navigation(index, len(steps), lang, "bottom")
    _presets(state, workshop.presets, lang)


def _go(step: int) -> None:
    session.update(step=step)


def _navigation(index: int, count: int, lang: str, where: str) -> None:
    c1, c2, c3 = st.columns([1.4, 1.2, 1.4])  # the buttons keep their label on one line at 1024 px
    c1.button(
        t("ws_prev", lang),
        on_click=_go,
        args=(index - 1,),
        disabled=index <= 0,
        key=f"ws-nav-prev-{where}",
        width="stretch",
    )
    text = t("ws_step", lang, i=index + 1, n=count) if index < count else t("ws_summary", lang)
    c2.markdown(f"<div style='text-align:center;padding-top:.4rem'><b>{text}</b></div>", unsafe_allow_html=True)
    c3.button(
        t("ws_next", lang),
        on_click=_go,
        args=(index + 1,),
        disabled=index >= count,
        key=f"ws-nav-next-{where}",
        type="primary",
        width="stretch",
    )


def _question(step: Step, info, lang: str) -> str:
    text = step.question[0] if lang == "fr" else step.question[1]
    if text:
        return text
    lever = info[step.lever].label(lang)
    return t("ws_generic_question", lang, indicator=info[step.indicator].label(lang), lever=lever)


def _step(state, step: Step, index: int, count: int, info, lang: str) -> None:
    model = state.model
    choices = _choices(model)
    mine = choices.setdefault(index, {"value": step.suggest, "prediction": None, "revealed": False})
    st.header(_question(step, info, lang))
    param = catalog(model)[step.lever]
    lever_name = info[step.lever].label(lang)
    when = "" if step.start is None else f" ({t('from_year', lang)} {step.start:g})"
    key = f"ws.lever.{model}.{index}"
    if L.is_toggle(param):
        session.widget_value(key, mine["value"] >= 0.5)
        value = float(st.toggle(f"{t('ws_lever', lang)} : {lever_name}{when}", key=key, help=param.comment))
    else:
        choices_ = L.options(param, (step.suggest, param.default, mine["value"]))
        session.widget_value(key, L.snap(mine["value"], choices_))
        value = st.select_slider(
            f"{t('ws_lever', lang)} : {lever_name}{when}",
            options=choices_,
            key=key,
            format_func=lambda v: fmt.quantity(v, param.units, lang, param.py_name),
            help=param.comment,
        )
    indicator = info[step.indicator].label(lang)
    session.widget_value(f"ws.pred.{model}.{index}", mine["prediction"])
    prediction = st.radio(
        f"{t('ws_predict', lang)} — {indicator} ({step.year:g})",
        PREDICTIONS,
        key=f"ws.pred.{model}.{index}",
        format_func=lambda p: t(f"ws_{p}", lang),
        horizontal=True,
        index=None,
    )
    mine.update(value=value, prediction=prediction)
    if st.button(t("ws_reveal", lang), key=f"ws.reveal.{index}", icon=":material/visibility:"):
        mine["revealed"] = True
    if mine["revealed"]:
        _reveal(state, step, value, prediction, info, lang, mine)


def _runs(state, step: Step, value: float):
    base_spec = specs.baseline_spec(state)
    spec = apply_moves(base_spec, {step.lever: step.move(value)})
    return runs.wide(spec), runs.wide(base_spec)


def _reveal(state, step: Step, value: float, prediction, info, lang: str, mine: dict) -> None:
    current, base = _runs(state, step, value)
    meta = info[step.indicator]
    a, b = at_year(current, step.indicator, step.year), at_year(base, step.indicator, step.year)
    result = outcome(a - b, b)
    mine["result"] = (a, b, result)
    indicator = meta.label(lang)
    st.subheader(t("ws_happened", lang))
    c1, c2 = st.container(), st.container()  # one above the other: the number in large type needs the width
    widgets.metric(
        c1,
        f"{indicator} ({step.year:g})",
        a,
        a - b,
        meta.units,
        step.indicator,
        lang,
        meta.comment,
        step.indicator in declaration(state.model).lower_is_better,
    )
    for name in step.also:  # what the question compares the watched indicator with
        other = info[name]
        x, y = at_year(current, name, step.year), at_year(base, name, step.year)
        lower = name in declaration(state.model).lower_is_better
        widgets.metric(
            c1, f"{other.label(lang)} ({step.year:g})", x, x - y, other.units, name, lang, other.comment, lower
        )
    if prediction:
        (c1.success if prediction == result else c1.warning)(
            t("ws_pred_right", lang) if prediction == result else t("ws_pred_wrong", lang)
        )
    c1.markdown(
        t(
            "ws_happened_text",
            lang,
            indicator=indicator,
            year=f"{step.year:g}",
            value=fmt.quantity(a, meta.units, lang, step.indicator),
            delta=fmt.quantity(a - b, meta.units, lang, step.indicator, sign=True),
        )
    )
    data = series_frame({t("current", lang): current, t("baseline", lang): base}, [step.indicator], info, lang)
    figure = charts.lines(data, lang, meta.units, step.indicator, indicator)
    if st.session_state.get("w.ws_large", True):
        figure = charts.large(figure, CHART_FONT)
    with c2:
        moves = {step.lever: step.move(value)}
        stem = export.settings_stem(state.model, "baseline", moves)
        widgets.chart(figure, f"{stem}-workshop", lang, settings=("baseline", moves))
    st.subheader(t("ws_why", lang))
    why = step.why[0] if lang == "fr" else step.why[1]
    if not why:
        param = catalog(state.model)[step.lever]
        why = t("ws_generic_why", lang, source=param.comment)
    st.markdown(why)


def _summary(state, steps, info, lang: str) -> None:
    choices = _choices(state.model)
    rows = []
    for index, step in enumerate(steps):
        mine = choices.get(index, {})
        param = catalog(state.model)[step.lever]
        value = mine.get("value")
        result = mine.get("result")
        change = ""
        if result:
            delta = fmt.quantity(result[0] - result[1], info[step.indicator].units, lang, step.indicator, sign=True)
            change = f"{t('ws_' + result[2], lang)} ({delta})"
        rows.append(
            {
                t("ws_col_step", lang): f"{index + 1}. {_question(step, info, lang)}",
                t("ws_col_choice", lang): ""
                if value is None
                else fmt.quantity(value, param.units, lang, param.py_name),
                t("ws_col_pred", lang): t(f"ws_{mine['prediction']}", lang) if mine.get("prediction") else "",
                t("ws_col_result", lang): change,
            }
        )
    table = pd.DataFrame(rows).set_index(t("ws_col_step", lang))
    if st.session_state.get("w.ws_large", True):
        st.table(table)  # HTML: large type, questions wrapped, not cut
    else:
        st.dataframe(table, width="stretch")


def _load_preset(name: str) -> None:
    session.update(scenario=name, moves={}, upload=None, page="explore")
    session.forget_widgets("w.scenario")


def _presets(state, presets, lang: str) -> None:
    if not presets:
        return
    st.divider()
    st.subheader(t("ws_presets", lang))
    cols = st.columns(min(2, len(presets)))  # two a row: a scenario title reads on one or two lines
    for i, name in enumerate(presets):
        title = specs.scenario_title(state, name, lang)
        if cols[i % len(cols)].button(t("ws_load_preset", lang, title=title), key=f"ws.preset.{name}", width="stretch"):
            _load_preset(name)
            session.switch_to("explore")
