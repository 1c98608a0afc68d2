"""The session's state in Streamlit: one AppState per session, read from the URL on the first run, written back to
the URL at the end of every run (so a copied link reopens the same view)."""

from __future__ import annotations

import logging
import traceback
from collections.abc import Callable
from typing import Any

import streamlit as st

from models.errors import ModelError
from ui import state as S
from ui.fmt import plain
from ui.i18n import t

STATE_KEY = "_app_state"
PROBLEMS_KEY = "_link_problems"
LOG = logging.getLogger("ess_dashboard")


def get() -> S.AppState:
    """This session's state (decoded from the URL on the first run)."""
    if STATE_KEY not in st.session_state:
        query = {k: st.query_params.get(k) for k in st.query_params}
        state, problems = S.decode(query)
        st.session_state[STATE_KEY] = state
        st.session_state[PROBLEMS_KEY] = problems
    return st.session_state[STATE_KEY]


def put(state: S.AppState) -> S.AppState:
    st.session_state[STATE_KEY] = state
    return state


def update(**changes: Any) -> S.AppState:
    return put(get().with_(**changes))


def write_url() -> None:
    """Replace the URL's query parameters with the state's."""
    st.query_params.from_dict(S.encode(get()))  # every run: an interrupted run may have left the browser behind


def show_link_problems(lang: str) -> None:
    """Tell once what part of the opening link was ignored."""
    for key, values in st.session_state.pop(PROBLEMS_KEY, []):
        st.warning(t(key, lang, **{k: plain(v) for k, v in values.items()}), icon="🔗")  # values come from the link


def flash(kind: str, text: str) -> None:
    """A message to show after the next rerun (``kind``: success, info, warning, error)."""
    st.session_state["_flash"] = (kind, text)


def show_flash() -> None:
    kind, text = st.session_state.pop("_flash", (None, None))
    if kind:
        getattr(st, kind)(text)


def widget_value(key: str, value: Any) -> None:
    """Give widget ``key`` the value ``value`` unless the widget already holds one (first render or after a page
    switch that dropped it)."""
    if key not in st.session_state:
        st.session_state[key] = value


def forget_widgets(prefix: str) -> None:
    """Drop widget values whose key starts with ``prefix`` (they are re-initialised from the state)."""
    for key in [k for k in st.session_state if isinstance(k, str) and k.startswith(prefix)]:
        del st.session_state[key]


def register_pages(pages: dict) -> None:
    """The run's ``st.Page`` objects by key, so that a page can send the user to another."""
    st.session_state["_pages"] = pages


def switch_to(page: str) -> None:
    """Go to page ``page`` with the current state in the URL."""
    put(get().with_(page=page, tab=""))
    st.switch_page(st.session_state["_pages"][page], query_params=S.encode(get()))


def guarded(render: Callable[[], None]) -> Callable[[], None]:
    """Run a page so that no traceback ever reaches it: user errors as a one-line message, others logged."""

    def page() -> None:
        lang = get().lang
        try:
            render()
        except ModelError as exc:
            st.error(plain(exc), icon="⚠️")  # messages quote what the user gave
        except Exception as exc:  # noqa: BLE001 - the page must survive; the log keeps the traceback
            LOG.error("page error: %s", traceback.format_exc())
            st.error(t("error_generic", lang, detail=plain(f"{type(exc).__name__}: {str(exc)[:200]}")), icon="⚠️")

    page.__name__ = getattr(render, "__name__", "page")
    return page
