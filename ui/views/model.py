"""Model: the stock-flow diagram (the .mdl's views, drawn from the model's layout file, as Vensim and Simlin show
them) with a feedback loop highlighted, loop dominance over time, and the documentation of every variable (units,
range, default, definition and source)."""

from __future__ import annotations

import math

import pandas as pd
import streamlit as st

from models.catalog import catalog
from models.declaration import declaration
from models.diagram import diagram as model_diagram
from models.diagram_svg import view_png, view_svg
from models.errors import ModelError
from models.structure import loop_analysis, stock_flow_structure
from ui import charts, diagram, fmt, session, widgets
from ui.i18n import t
from ui.tables import variable_info

MAX_DOMINANCE_LINES = 6
ZOOMS = (0, 50, 75, 100, 150)  # % of the sketch's size; 0 = the page's width


def render() -> None:
    state = session.get()
    lang, model = state.lang, state.model
    info = variable_info(model)
    labels = {name: meta.label(lang) for name, meta in info.items()}
    comments = {name: meta.comment for name, meta in info.items()}
    st.title(t("model_title", lang))
    structure = stock_flow_structure(model)
    stocks = set(structure["stocks"])
    try:
        analysis = loop_analysis(model)
    except ModelError as exc:
        analysis = None
        st.warning(t("loops_unavailable", lang, detail=str(exc)))
    tab = widgets.tabs(
        "model", {"diagram": t("diagram", lang), "loops": t("dominance", lang), "doc": t("documentation", lang)}
    )
    with tab["diagram"]:
        _diagram(structure, analysis, labels, comments, stocks, model, lang)
    with tab["loops"]:
        if analysis:
            _dominance(analysis, labels, comments, stocks, model, lang)
    with tab["doc"]:
        _documentation(model, lang)


def _loop_names(analysis, comments, labels, stocks) -> dict[str, str]:
    table = diagram.loop_table(analysis["loops"], comments, labels, stocks)
    return {
        row.id: f"{row.polarity} {row.id}" + (f" [{row.tags}]" if row.tags else "") + f" · {row.stocks}"
        for row in table.itertuples()
    }


def _diagram(structure, analysis, labels, comments, stocks, model: str, lang: str) -> None:
    """One view of the model's diagram (the .mdl's own views, drawn from the layout), a feedback loop highlighted."""
    drawing = model_diagram(model)
    titles = [view.name_fr if lang == "fr" else view.name for view in drawing.views]
    c1, c2 = st.columns([1, 2])
    key = f"w.view.{model}"
    session.widget_value(key, 0)
    index = c1.selectbox(t("view_pick", lang), range(len(titles)), key=key, format_func=titles.__getitem__)
    loop = None
    if analysis and analysis["loops"]:
        names = _loop_names(analysis, comments, labels, stocks)
        ids = ["", *names]
        choice = c2.selectbox(
            t("loop_pick", lang), ids, key="w.loop", format_func=lambda i: "—" if not i else names[i][:140]
        )
        loop = next((lp for lp in analysis["loops"] if lp["id"] == choice), None)
    view = drawing.views[index]
    hot = loop["variables"] if loop else ()
    colour = diagram.POLARITY_COLOR.get(loop["polarity"][:1], "#8e6bbf") if loop else diagram.POLARITY_COLOR["R"]
    tips = diagram.view_tips(view, comments if lang == "en" else {})
    zoom = st.select_slider(
        t("diagram_zoom", lang), ZOOMS, value=100, key="w.zoom", format_func=lambda z: f"{z} %" if z else t("fit", lang)
    )
    width = round(view.width * zoom / 100) if zoom else None
    st.html(diagram.view_html(view_svg(view, labels, tips, hot, colour), titles[index], width))
    st.caption(t("diagram_caption", lang))
    if loop:
        elsewhere = [titles[i] for i in diagram.views_with(drawing, hot) if i != index]
        if elsewhere:
            st.caption(t("loop_elsewhere", lang, views=", ".join(elsewhere)))
        st.graphviz_chart(diagram.loop_dot(loop, structure["links"], labels, stocks))
        described = [f"**{labels.get(v, v)}**: {comments.get(v, '')}" for v in loop["variables"]]
        with st.expander(t("col_variables", lang)):
            if lang == "fr":
                st.caption(t("mdl_quoted", lang))
            st.markdown("\n".join(f"- {d}" for d in described))
    stem = widgets.slug(f"{model}-{view.name}")
    widgets.downloads(stem, lang, lambda: view_png(view, labels), lambda: view_svg(view, labels, tips).encode("utf-8"))


def _dominance(analysis, labels, comments, stocks, model: str, lang: str) -> None:
    st.caption(t("loop_count", lang, n=len(analysis["loops"])) + " " + t("dominance_caption", lang))
    candidates = sorted({v for lp in analysis["loops"] for v in lp["variables"]}, key=lambda v: labels.get(v, v))
    focus = declaration(model).focus
    default = focus if focus in candidates else candidates[0]
    session.widget_value("w.loopvar", default)
    variable = st.selectbox(
        t("dominance_var", lang), candidates, key="w.loopvar", format_func=lambda v: labels.get(v, v)
    )
    through = [lp for lp in analysis["loops"] if variable in lp["variables"]]
    if not through:
        st.info(t("dominance_none", lang))
        through = analysis["loops"]
    table = diagram.loop_table(through, comments, labels, stocks)
    top = table["id"].head(MAX_DOMINANCE_LINES).tolist()
    names = {row.id: f"{row.polarity} {row.id}" + (f" [{row.tags}]" if row.tags else "") for row in table.itertuples()}
    frame = diagram.dominance_frame([lp for lp in through if lp["id"] in top], analysis["times"], names)
    widgets.chart(charts.dominance(frame, lang, t("dominance", lang)), f"{model}-loop-dominance", lang, settings=False)
    shown = table.assign(importance=[fmt.percent(v, lang, 1) for v in table["importance"]]).rename(
        columns={
            "id": t("col_loop", lang),
            "tags": t("col_tags", lang),
            "polarity": t("col_polarity", lang),
            "length": t("col_length", lang),
            "stocks": "Stocks",
            "importance": t("col_importance", lang),
        }
    )
    st.dataframe(shown, hide_index=True, width="stretch")  # sorted by importance; shares as "12,3 %" in French
    st.subheader(t("dominant_periods", lang))
    all_names = {
        row.id: f"{row.polarity} {row.id}" + (f" [{row.tags}]" if row.tags else "")
        for row in diagram.loop_table(analysis["loops"], comments, labels, stocks).itertuples()
    }
    periods = diagram.merge_periods(analysis["dominant"])
    rows = [
        {
            t("col_period", lang): f"{p['start']:g}–{p['end']:g}" if p["end"] > p["start"] else f"{p['start']:g}",
            t("col_loop", lang): ", ".join(all_names.get(i, i) for i in p["loops"]),
        }
        for p in periods
    ]
    st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch")


def _value(value, lang: str) -> str:
    """A bound or default of the documentation table: the language's number, empty when the .mdl gives none."""
    return "" if value is None or (isinstance(value, float) and math.isnan(value)) else fmt.number(value, lang)


def _documentation(model: str, lang: str) -> None:
    doc = catalog(model).table()
    query = st.text_input(t("doc_filter", lang), key="w.docfilter", max_chars=60)
    if query:
        mask = doc.apply(lambda row: query.lower() in " ".join(map(str, row.values)).lower(), axis=1)
        doc = doc[mask]
    labels = {name: meta.label(lang) for name, meta in variable_info(model).items()}
    french = {t("col_label", lang): doc["py_name"].map(lambda n: labels.get(n, ""))} if lang == "fr" else {}
    table = pd.DataFrame(
        {
            **french,
            t("col_mdl_name" if lang == "fr" else "col_name", lang): doc["name"],
            t("col_units", lang): doc["units"].map(lambda unit: fmt.unit_label(unit, lang) or unit),
            t("col_type", lang): doc["role"].map(lambda role: t(f"role_{role}", lang)),
            **{t(f"col_{k}", lang): doc[k].map(lambda v: _value(v, lang)) for k in ("min", "max", "default")},
            t("col_mdl_comment" if lang == "fr" else "col_comment", lang): doc["comment"],
        }
    )
    if lang == "fr":
        st.caption(t("mdl_quoted", lang))
    st.dataframe(table, hide_index=True, width="stretch", height=560)
    st.download_button(
        "CSV",
        data=lambda: doc.to_csv(index=False).encode("utf-8"),
        file_name=f"{model}-variables.csv",
        mime="text/csv",
        on_click="ignore",
        key="dl.doc",
    )
