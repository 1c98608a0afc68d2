"""The Explore page's lever panel: the model's policy levers grouped by instrument (declared beside the model), a
search box, beside each moved lever the year it applies from (next year unless the user asks for another), reset, and
keeping the settings to compare.

One source of truth: the session's :class:`~ui.state.AppState` (``moves``). Each run writes every lever widget's value
from it before drawing the widget; a widget the user changes calls back into the state, once, before the run. So a
link, a reset, a scenario or sector change and the widgets never disagree, and nothing is read back from widgets.
"""

from __future__ import annotations

import math
from functools import lru_cache

import streamlit as st

from models.catalog import catalog
from models.declaration import declaration
from models.spec import RunSpec
from ui import fmt, session
from ui import levers as L
from ui import state as S
from ui.i18n import t
from ui.tables import variable_info


def render(state: S.AppState, scenario_spec: RunSpec, lang: str) -> None:
    model = state.model
    info = variable_info(model)
    st.subheader(t("levers", lang))
    t0, t1 = L.initial_time(scenario_spec), L.final_time(scenario_spec)
    start = L.default_start(scenario_spec)
    st.caption(t("levers_help", lang, year=f"{start:g}", start=f"{t0:g}"))
    query = st.text_input(
        t("lever_search", lang), key="w.lever_search", placeholder=t("lever_search_hint", lang), max_chars=60
    )
    groups = L.grouped(catalog(model).levers, declaration(model).lever_groups)
    found = 0
    for index, (title, params) in enumerate(groups):
        name = title(lang) if title else t("other_levers", lang)
        shown = L.matching(params, query, lambda p, name=name: info[p.py_name].labels + (name,))
        found += len(shown)
        if not shown:
            continue
        moved = sum(p.py_name in state.moves for p in params)
        label = f"{name} · {t('moved_count', lang, n=moved)}" if moved else name
        key = f"grp.{model}.{index}"
        with st.expander(label, expanded=index == 0 or bool(query.strip()) or moved > 0, key=key):
            for param in shown:
                _lever(state, scenario_spec, param, info, lang, (t0, t1))
    if not found:
        st.info(t("lever_none_found", lang, query=fmt.plain(query)))
    st.button(
        t("reset_levers", lang), on_click=_reset, disabled=not state.moves, icon=":material/undo:", width="stretch"
    )
    with st.popover(t("save_scenario", lang), icon=":material/bookmark_add:", width="stretch"):
        name = st.text_input(t("saved_name", lang), max_chars=40, key="w.keep_name")
        if st.button("OK", key="w.keep_ok", disabled=not name.strip()):
            _keep(name.strip(), lang)


def _lever(state: S.AppState, scenario_spec: RunSpec, param, info, lang: str, span: tuple[float, float]) -> None:
    """One lever's widget and, once moved, the year it applies from (the first year = the whole run)."""
    model = state.model
    t0, t1 = span
    reference = L.reference_value(scenario_spec, param, t1)
    move = state.moves.get(param.py_name)
    shown = move.value if move else reference
    key = f"lever.{model}.{param.py_name}"
    title, help_text = info[param.py_name].label(lang), _lever_help(param, lang)
    if L.is_toggle(param):
        st.session_state[key] = shown >= 0.5
        st.toggle(
            title, key=key, help=help_text, on_change=_on_lever, args=(key, param.py_name, scenario_spec, reference)
        )
    else:
        choices = L.options(param, (reference, shown, param.default))
        st.session_state[key] = L.snap(shown, choices)
        st.select_slider(
            title,
            options=choices,
            key=key,
            format_func=slider_labels(tuple(choices), param.units, lang, param.py_name).__getitem__,
            help=help_text,
            on_change=_on_lever,
            args=(key, param.py_name, scenario_spec, reference),
        )
    if move is None:
        return
    key = f"from.{model}.{param.py_name}"
    st.session_state[key] = int(move.start) if move.start is not None else int(t0)
    st.number_input(
        t("from_year_label", lang),
        min_value=int(t0),
        max_value=int(t1),
        step=1,
        key=key,
        on_change=_on_start,
        args=(key, param.py_name, t0),
        help=t("from_year_help", lang, start=f"{t0:g}"),
    )


def _lever_help(param, lang: str) -> str:
    rng = (
        f"{t('range', lang)} {param.range_text} {param.units} · {t('default', lang)} {fmt.number(param.default, lang)}"
    )
    return f"{param.comment}\n\n{rng}\n\n*{param.name}*"


@lru_cache(maxsize=256)
def slider_labels(choices: tuple[float, ...], units: str, lang: str, py_name: str) -> dict[float, str]:
    """The slider's label of each value, all different: two values written alike (24.58 and 24.6 as "24,6 €/h")
    would make the browser report a move the user never made. Written once per slider and language."""
    labels = {v: fmt.quantity(v, units, lang, py_name) for v in choices}
    if len(set(labels.values())) == len(labels):
        return labels
    gap = min((b - a for a, b in zip(choices, choices[1:], strict=False) if b > a), default=1.0)
    decimals = max(0, math.ceil(-math.log10(gap) - 1e-9))
    return {v: fmt.quantity_at(v, units, lang, py_name, decimals) for v in choices}


def _on_lever(key: str, py_name: str, scenario_spec: RunSpec, reference: float) -> None:
    """A lever moved: its new value, from the year it already had, else from next year (history is rewritten only
    when the user sets its year to the first one). A "move" to the value in force is no move."""
    value = float(st.session_state[key])
    moves = dict(session.get().moves)
    previous = moves.get(py_name)
    if previous is None and not L.differs(value, reference):
        return
    start = previous.start if previous else L.default_start(scenario_spec)
    moves[py_name] = L.Move(value, None if L.is_from_start(scenario_spec, start) else start)
    session.update(moves=moves)


def _on_start(key: str, py_name: str, t0: float) -> None:
    moves = dict(session.get().moves)
    if py_name in moves:
        year = st.session_state[key]
        moves[py_name] = L.Move(moves[py_name].value, None if year <= t0 else float(year))
        session.update(moves=moves)


def _reset() -> None:
    session.update(moves={})


def _keep(name: str, lang: str) -> None:
    state = session.get()
    kept = (*state.kept, S.Kept(name.replace("|", "/"), state.scenario, dict(state.moves)))[-S.MAX_KEPT :]
    item = f"k{len(kept)}"
    compare = tuple(dict.fromkeys((*(state.compare or ("baseline",)), item)))[-4:]
    session.update(kept=kept, compare=compare)
    st.success(t("saved_ok", lang, name=fmt.plain(name)))
