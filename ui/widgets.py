"""Streamlit pieces shared by the pages: a chart with its PNG/SVG downloads, a metric with its change and source."""

from __future__ import annotations

import re
from collections.abc import Callable

import altair as alt
import streamlit as st

from ui import export, fmt
from ui.i18n import t


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:60] or "chart"


def chart(figure: alt.TopLevelMixin, name: str, lang: str, caption: str | None = None) -> None:
    """Show ``figure`` full width, a caption (sources), and PNG/SVG downloads generated on click."""
    st.altair_chart(figure, width="stretch")
    downloads(slug(name), lang, lambda: export.chart_png(figure, lang), lambda: export.chart_svg(figure, lang))
    if caption:
        st.caption(caption)


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
