"""The Explore page's lever panel: every policy lever of the model, the years the moved ones start from, reset, and
keeping the settings to compare.

One source of truth: the session's :class:`~ui.state.AppState` (``moves``). Each run writes every lever widget's value
from it before drawing the widget; a widget the user changes calls back into the state, once, before the run. So a
link, a reset, a scenario or sector change and the widgets never disagree, and nothing is read back from widgets.
"""

from __future__ import annotations

from functools import lru_cache

import streamlit as st

from models.catalog import catalog
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
    st.caption(t("levers_help", lang))
    t0, t1 = L.initial_time(scenario_spec), L.final_time(scenario_spec)
    for param in catalog(model).levers:
        reference = L.reference_value(scenario_spec, param, t1)
        move = state.moves.get(param.py_name)
        shown = move.value if move else reference
        key = f"lever.{model}.{param.py_name}"
        title, help_text = info[param.py_name].label(lang), _lever_help(param, lang)
        if L.is_toggle(param):
            st.session_state[key] = shown >= 0.5
            st.toggle(title, key=key, help=help_text, on_change=_on_lever, args=(key, param.py_name))
        else:
            choices = L.options(param, (reference, shown, param.default))
            st.session_state[key] = L.snap(shown, choices)
            st.select_slider(
                title,
                options=choices,
                key=key,
                format_func=_formatter(param.units, lang, param.py_name),
                help=help_text,
                on_change=_on_lever,
                args=(key, param.py_name),
            )
    if state.moves:
        with st.expander(t("dates", lang), expanded=False, icon=":material/event:"):
            st.caption(t("from_year_help", lang, start=f"{t0:g}"))
            for py_name, move in state.moves.items():
                key = f"from.{model}.{py_name}"
                st.session_state[key] = int(move.start) if move.start is not None else int(t0)
                st.number_input(
                    info[py_name].label(lang) if py_name in info else py_name,
                    min_value=int(t0),
                    max_value=int(t1),
                    step=1,
                    key=key,
                    on_change=_on_start,
                    args=(key, py_name, t0),
                )
    st.button(
        t("reset_levers", lang), on_click=_reset, disabled=not state.moves, icon=":material/undo:", width="stretch"
    )
    with st.popover(t("save_scenario", lang), icon=":material/bookmark_add:", width="stretch"):
        name = st.text_input(t("saved_name", lang), max_chars=40, key="w.keep_name")
        if st.button("OK", key="w.keep_ok", disabled=not name.strip()):
            _keep(name.strip(), lang)


def _lever_help(param, lang: str) -> str:
    rng = (
        f"{t('range', lang)} {param.range_text} {param.units} · {t('default', lang)} {fmt.number(param.default, lang)}"
    )
    return f"{param.comment}\n\n{rng}\n\n*{param.name}*"


@lru_cache(maxsize=256)
def _formatter(units: str, lang: str, py_name: str):
    """The slider's labels of one lever, each written once (a slider offers up to a thousand values a run)."""
    return lru_cache(maxsize=4096)(lambda value: fmt.quantity(value, units, lang, py_name))


def _on_lever(key: str, py_name: str) -> None:
    value = float(st.session_state[key])
    moves = dict(session.get().moves)
    previous = moves.get(py_name)
    moves[py_name] = L.Move(value, previous.start if previous else None)
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
