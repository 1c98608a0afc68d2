"""Streamlit pieces shared by the pages: a chart with its PNG/SVG downloads, a metric with its change and source,
tabs whose open one is kept in the state (and so in the link)."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from datetime import date

import altair as alt
import streamlit as st

from models.catalog import catalog
from models.declaration import declaration
from models.registry import get_model
from ui import export, fmt, session, specs
from ui.i18n import t
from ui.tables import variable_info


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[: export.STEM_CHARS + 30] or "chart"


def settings_stem() -> str:
    """The start of a file name from the session's settings (sector, scenario, moved levers)."""
    state = session.get()
    return export.settings_stem(state.model, state.scenario, dict(state.moves))


def chart(
    figure: alt.TopLevelMixin, name: str, lang: str, caption: str | None = None, settings: bool | tuple = True
) -> None:
    """Show ``figure`` full width, a caption (sources), and PNG/SVG downloads generated on click; the files carry
    the caption, the settings shown (the session's; ``(scenario, moves)`` when the chart has its own; none when
    ``settings`` is False: a chart that does not depend on them), the date and the model's version."""
    st.altair_chart(figure, width="stretch")
    lines = export.caption_lines(file_caption(caption, settings, lang))  # now: the download runs outside the page
    png, svg = (lambda: export.chart_png(figure, lang, lines)), (lambda: export.chart_svg(figure, lang, lines))
    downloads(slug(name), lang, png, svg)
    if caption:
        st.caption(caption)


def file_caption(caption: str | None, settings: bool | tuple, lang: str) -> list[str]:
    """What a chart file says about itself: scenario, moved levers and calibration; source; date and model."""
    state = session.get()
    parts = []
    if settings:
        scenario, moves = settings if isinstance(settings, tuple) else (state.scenario, state.moves)
        colon = " :" if lang == "fr" else ":"
        parts.append(f"{t('scenario', lang)}{colon} {specs.scenario_title(state, scenario, lang)}")
        book, info = catalog(state.model), variable_info(state.model)
        for py_name, move in sorted(moves.items()):
            if py_name in book:
                when = "" if move.start is None else f" {t('from_year', lang)} {move.start:g}"
                value = fmt.quantity(move.value, book[py_name].units, lang, py_name)
                parts[-1] += f" · {info[py_name].label(lang)} = {value}{when}"
        if state.calibration or state.estimates:
            parts.append(t("cal_in_use", lang, name=state.calibration or ", ".join(sorted(state.estimates))))
    parts.append(caption or "")
    stamp = date.today().strftime("%d/%m/%Y" if lang == "fr" else "%Y-%m-%d")
    version = get_model(state.model).mdl_hash()[:12]
    parts.append(t("file_made", lang, date=stamp, model=declaration(state.model).short(lang), version=version))
    return parts


def downloads(stem: str, lang: str, png: Callable[[], bytes], svg: Callable[[], bytes]) -> None:
    """PNG and SVG download buttons side by side; the files are made when clicked."""
    with st.container(horizontal=True, vertical_alignment="center"):
        st.download_button(
            t("dl_png", lang),
            data=png,
            file_name=f"{stem}.png",
            mime="image/png",
            key=f"png.{stem}",
            on_click="ignore",
            icon=":material/image:",
        )
        st.download_button(
            t("dl_svg", lang),
            data=svg,
            file_name=f"{stem}.svg",
            mime="image/svg+xml",
            key=f"svg.{stem}",
            on_click="ignore",
            icon=":material/polyline:",
        )


def metric(
    column,
    title: str,
    value: float,
    delta: float | None,
    unit: str,
    py_name: str,
    lang: str,
    help_text: str,
    inverse: bool = False,
) -> None:
    """A headline number, short (:func:`ui.fmt.compact`, so that it fits a third of a 1024 px screen), with its change
    against the baseline in full (red when the change is bad)."""
    delta_text = None if delta is None else fmt.quantity(delta, unit, lang, py_name, sign=True)
    flat = delta is None or abs(delta) <= 1e-9 * max(1.0, abs(value))
    column.metric(
        title,
        fmt.compact(value, unit, lang, py_name),
        delta=delta_text,
        delta_color="off" if flat else "inverse" if inverse else "normal",
        delta_arrow="off" if flat else "auto",
        help=help_text,
        border=True,
    )


def open_tab(labels: Mapping[str, str]) -> str:
    """The id of the open tab among ``labels`` (id -> label): the state's when the page has it, else the first."""
    tab = session.get().tab
    return tab if tab in labels else next(iter(labels))


def on_tab(key: str, ids: Mapping[str, str], first: str) -> None:
    """Keep the tab chosen in widget ``key`` (``ids``: the widget's value -> tab id) in the state; "" for ``first``."""
    chosen = ids.get(st.session_state.get(key))
    if chosen is not None:
        session.update(tab="" if chosen == first else chosen)


def tabs(page: str, labels: Mapping[str, str]) -> dict[str, object]:
    """``st.tabs`` of ``labels`` (id -> label) opened on the state's tab; choosing one writes it to the state.
    The containers by id."""
    key = f"w.tab.{page}"
    first = next(iter(labels))
    st.session_state[key] = labels[open_tab(labels)]  # the state decides (a link, a language switch)
    by_label = {label: tab for tab, label in labels.items()}
    containers = st.tabs(list(labels.values()), key=key, on_change=on_tab, args=(key, by_label, first))
    return dict(zip(labels, containers, strict=True))
