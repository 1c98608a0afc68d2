"""Chart builders: pure functions from long DataFrames to ``alt.Chart`` (no Streamlit, no model runs).

Inputs are long tables (``time, value`` plus columns named in each docstring); values are in model units and
scaled here for reading (euros in M€/Md€, shares in %). Every chart carries the language's number locale and a
tooltip with the value, the series and its source (the .mdl comment or the data's source column).
"""

from __future__ import annotations

import altair as alt
import numpy as np
import pandas as pd

from ui import fmt
from ui.i18n import t

HEIGHT = 300
PALETTE = ["#1b6ca8", "#e07b39", "#3a9d5d", "#c0392b", "#8e6bbf", "#8c6d31", "#d6589f", "#5f6b6d", "#17becf"]


def scaling(values: pd.Series, unit: str, py_name: str, lang: str) -> tuple[float, str, str]:
    """``(divisor, axis unit, d3 format)`` for showing ``values`` of ``unit``."""
    finite = values[np.isfinite(values)] if len(values) else values
    top = float(finite.abs().max()) if len(finite) else 0.0
    if fmt.is_money(unit):
        factor, prefix = fmt.scale_for(top, lang)
        suffix = fmt.unit_label(unit, lang)[1:]
        label = f"{prefix}€{suffix}" if lang == "fr" else f"€{prefix}{suffix}"
        return factor, label, ",.1f" if factor > 1 else ",.0f"
    if fmt.is_share(py_name, unit):
        return 0.01, "%", ",.1f"
    if unit.replace(" ", "").lower() == "1/year":
        return 0.01, "%/an" if lang == "fr" else "%/yr", ",.1f"
    factor, prefix = fmt.scale_for(top, lang)
    axis = f"{prefix} {fmt.unit_label(unit, lang)}".strip()
    return factor, axis, ",.1f" if factor > 1 else ",.0f" if top >= 100 else ",.2f"


def _finish(chart: alt.TopLevelMixin, lang: str, title: str | None = None) -> alt.TopLevelMixin:
    if title:
        chart = chart.properties(title=title)
    return chart.configure(locale=fmt.vega_locale(lang)).configure_legend(orient="bottom", columns=3, labelLimit=260)


def large(chart: alt.TopLevelMixin, size: int = 16) -> alt.TopLevelMixin:
    """``chart`` for a projector: axis, legend and title text of at least ``size`` px, the legend in one column (a
    narrow column clips a legend of three)."""
    return (
        chart.configure_axis(labelFontSize=size, titleFontSize=size)
        .configure_legend(labelFontSize=size, titleFontSize=size, columns=1, labelLimit=0, orient="bottom")
        .configure_title(fontSize=size + 4)
    )


def _x(lang: str) -> alt.X:
    return alt.X(
        "time:Q",
        title=t("time", lang),
        axis=alt.Axis(format="d", tickMinStep=1),
        scale=alt.Scale(zero=False, nice=False),
    )


def lines(
    data: pd.DataFrame, lang: str, unit: str, py_name: str = "", title: str | None = None, zero: bool = False
) -> alt.Chart:
    """Time series: columns ``time, value, series, scenario, source``; colour by series, the second and third
    scenario labels found dashed and dotted (the first is the current run, the second the reference)."""
    factor, axis_unit, number = scaling(data["value"], unit, py_name, lang)
    frame = data.assign(shown=data["value"] / factor)
    scenarios = list(dict.fromkeys(frame["scenario"]))
    encoding = {}
    if len(scenarios) > 1:
        encoding["strokeDash"] = alt.StrokeDash(
            "scenario:N", title=None, sort=scenarios, scale=alt.Scale(domain=scenarios, range=[[1, 0], [5, 3], [2, 2]])
        )
    base = alt.Chart(frame).encode(
        x=_x(lang),
        y=alt.Y("shown:Q", title=axis_unit, axis=alt.Axis(format=number)),
        color=alt.Color("series:N", title=None, scale=alt.Scale(range=PALETTE), sort=None),
        **encoding,
        tooltip=[
            alt.Tooltip("series:N", title=t("variable", lang)),
            alt.Tooltip("scenario:N", title=t("scenario", lang)),
            alt.Tooltip("time:Q", title=t("year", lang), format="d"),
            alt.Tooltip("shown:Q", title=axis_unit or t("value", lang), format=number),
            alt.Tooltip("source:N", title=t("source", lang)),
        ],
    )
    chart = base.mark_line(strokeWidth=2.2).properties(height=HEIGHT, width="container")
    if zero:
        chart = alt.layer(chart, alt.Chart(pd.DataFrame({"y": [0]})).mark_rule(color="#888").encode(y="y:Q"))
    return _finish(chart, lang, title)


def ledger(data: pd.DataFrame, net: pd.DataFrame, lang: str, title: str | None = None) -> alt.Chart:
    """Public-finance ledger: bars stacked by instrument (``time, instrument, kind, value, source``; returns
    entered negative) with the net cost line (``net``: ``time, value, scenario``)."""
    top = max(data.groupby(["time", "kind"])["value"].sum().abs().max(), net["value"].abs().max(), 1.0)
    factor, prefix = fmt.scale_for(top, lang)
    axis_unit = f"{prefix}€/an" if lang == "fr" else f"€{prefix}/yr"
    number = ",.1f" if factor > 1 else ",.0f"
    bars = (
        alt.Chart(data.assign(shown=data["value"] / factor))
        .mark_bar(opacity=0.85)
        .encode(
            x=_x(lang),
            y=alt.Y("sum(shown):Q", title=axis_unit, axis=alt.Axis(format=number), stack="zero"),
            color=alt.Color("instrument:N", title=None, scale=alt.Scale(range=PALETTE), sort=None),
            tooltip=[
                alt.Tooltip("instrument:N", title=t("variable", lang)),
                alt.Tooltip("kind:N", title=" "),
                alt.Tooltip("time:Q", title=t("year", lang), format="d"),
                alt.Tooltip("sum(shown):Q", title=axis_unit, format=number),
                alt.Tooltip("source:N", title=t("source", lang)),
            ],
        )
    )
    scenarios = list(dict.fromkeys(net["scenario"]))
    line = (
        alt.Chart(net.assign(shown=net["value"] / factor))
        .mark_line(color="black", strokeWidth=2.5, point=alt.OverlayMarkDef(size=14, color="black"))
        .encode(
            x=_x(lang),
            y=alt.Y("shown:Q"),
            strokeDash=alt.StrokeDash(
                "scenario:N", title=t("net_cost", lang), sort=scenarios, scale=alt.Scale(range=[[1, 0], [5, 3]])
            ),
            tooltip=[
                alt.Tooltip("scenario:N", title=t("net_cost", lang)),
                alt.Tooltip("time:Q", title=t("year", lang), format="d"),
                alt.Tooltip("shown:Q", title=axis_unit, format=number),
            ],
        )
    )
    rule = alt.Chart(pd.DataFrame({"y": [0]})).mark_rule(color="#555").encode(y="y:Q")
    chart = (
        alt.layer(bars, rule, line).resolve_scale(color="independent").properties(height=HEIGHT + 60, width="container")
    )
    return _finish(chart, lang, title)


def stacked(data: pd.DataFrame, lang: str, unit: str, py_name: str = "", title: str | None = None) -> alt.Chart:
    """Stacked areas (resource mix, people chain, hours by form): ``time, value, series, source``."""
    factor, axis_unit, number = scaling(data["value"], unit, py_name, lang)
    order = list(dict.fromkeys(data["series"]))
    frame = data.assign(shown=data["value"] / factor, order=data["series"].map({s: i for i, s in enumerate(order)}))
    chart = (
        alt.Chart(frame)
        .mark_area(opacity=0.85)
        .encode(
            x=_x(lang),
            y=alt.Y("shown:Q", title=axis_unit, axis=alt.Axis(format=number), stack="zero"),
            color=alt.Color("series:N", title=None, sort=order, scale=alt.Scale(range=PALETTE)),
            order=alt.Order("order:Q"),
            tooltip=[
                alt.Tooltip("series:N", title=t("variable", lang)),
                alt.Tooltip("time:Q", title=t("year", lang), format="d"),
                alt.Tooltip("shown:Q", title=axis_unit or t("value", lang), format=number),
                alt.Tooltip("source:N", title=t("source", lang)),
            ],
        )
        .properties(height=HEIGHT, width="container")
    )
    return _finish(chart, lang, title)


def fan(
    data: pd.DataFrame, lang: str, unit: str, py_name: str = "", title: str | None = None, zero: bool = False
) -> alt.Chart:
    """Fan chart: ``time, scenario, quantile, value`` with quantiles 0.05, 0.25, 0.5, 0.75, 0.95 -> a 5–95% band,
    a 25–75% band and the median line per scenario."""
    wide = data.pivot_table(index=["scenario", "time"], columns="quantile", values="value").reset_index()
    wide.columns = [c if isinstance(c, str) else f"q{round(float(c) * 100):02d}" for c in wide.columns]
    factor, axis_unit, number = scaling(data["value"], unit, py_name, lang)
    for col in [c for c in wide.columns if c.startswith("q")]:
        wide[col] = wide[col] / factor
    scenarios = list(dict.fromkeys(data["scenario"]))
    color = alt.Color("scenario:N", title=None, sort=scenarios, scale=alt.Scale(range=PALETTE))
    base = alt.Chart(wide).encode(x=_x(lang), color=color)
    outer = base.mark_area(opacity=0.15).encode(
        y=alt.Y("q05:Q", title=axis_unit, axis=alt.Axis(format=number)), y2="q95:Q"
    )
    inner = base.mark_area(opacity=0.35).encode(y="q25:Q", y2="q75:Q")
    median = base.mark_line(strokeWidth=2.2).encode(
        y="q50:Q",
        tooltip=[
            alt.Tooltip("scenario:N", title=t("scenario", lang)),
            alt.Tooltip("time:Q", title=t("year", lang), format="d"),
            alt.Tooltip("q05:Q", title="5 %" if lang == "fr" else "5%", format=number),
            alt.Tooltip("q50:Q", title=t("value", lang) + " (médiane)" if lang == "fr" else "median", format=number),
            alt.Tooltip("q95:Q", title="95 %" if lang == "fr" else "95%", format=number),
        ],
    )
    layers = [outer, inner, median]
    if zero:
        layers.append(alt.Chart(pd.DataFrame({"y": [0]})).mark_rule(color="#555").encode(y="y:Q"))
    chart = alt.layer(*layers).properties(height=HEIGHT + 40, width="container")
    return _finish(chart, lang, title)


def tornado(data: pd.DataFrame, lang: str, title: str | None = None) -> alt.Chart:
    """Sensitivity indices as horizontal bars: ``parameter, index, value`` (+ optional ``low, high``, ``source``);
    parameters sorted by the largest index."""
    order = data.groupby("parameter")["value"].max().sort_values(ascending=False).index.tolist()
    base = alt.Chart(data).encode(
        y=alt.Y("parameter:N", sort=order, title=None, axis=alt.Axis(labelLimit=320)),
        yOffset=alt.YOffset("index:N"),
        color=alt.Color("index:N", title=None, scale=alt.Scale(range=PALETTE)),
    )
    tooltip = [alt.Tooltip("parameter:N"), alt.Tooltip("index:N"), alt.Tooltip("value:Q", format=",.3f")]
    if "source" in data.columns:
        tooltip.append(alt.Tooltip("source:N", title=t("source", lang)))
    bars = base.mark_bar().encode(x=alt.X("value:Q", title=None, axis=alt.Axis(format=",.3~g")), tooltip=tooltip)
    layers = [bars]
    if {"low", "high"} <= set(data.columns):
        layers.append(base.mark_rule(color="black").encode(x="low:Q", x2="high:Q"))
    chart = alt.layer(*layers).properties(height=max(160, 34 * len(order)), width="container")
    return _finish(chart, lang, title)


def fit_panels(
    targets: pd.DataFrame, model: pd.DataFrame, lang: str, columns: int = 2, kinds: tuple[str, str] = ("data", "model")
) -> alt.Chart:
    """Calibration fit: per variable, data points with ±sigma bars (``targets``: ``variable, label, time, value,
    sigma, source`` and optionally ``unit``, the y axis's title) and the model line (``model``: ``variable, label,
    time, value``); a legend names ``kinds`` (data, model) in the page's language."""
    colour = alt.Color(
        "kind:N",
        title=None,
        scale=alt.Scale(domain=list(kinds), range=["#c0392b", "#1b6ca8"]),
        legend=alt.Legend(orient="top", labelFontSize=13, symbolSize=120),
    )
    panels = []
    for variable, points in targets.groupby("variable", sort=False):
        line = model[model["variable"] == variable]
        label = points["label"].iloc[0]
        frame = points.assign(low=points["value"] - points["sigma"], high=points["value"] + points["sigma"])
        top = max(frame["high"].abs().max(), line["value"].abs().max() if len(line) else 0.0)
        factor, prefix = fmt.scale_for(top, lang, smallest=1e3)
        frame = frame.assign(
            shown=frame["value"] / factor, low=frame["low"] / factor, high=frame["high"] / factor, kind=kinds[0]
        )
        x = _x(lang)
        unit = str(points["unit"].iloc[0]) if "unit" in points.columns else ""
        y_title = _unit_title(prefix, unit, lang) or None
        dots = (
            alt.Chart(frame)
            .mark_point(filled=True, size=50)
            .encode(
                x=x,
                color=colour,
                y=alt.Y("shown:Q", title=y_title, axis=alt.Axis(format=",.4~g")),
                tooltip=[
                    alt.Tooltip("time:Q", title=t("year", lang), format="d"),
                    alt.Tooltip("shown:Q", title=t("value", lang), format=",.4~g"),
                    alt.Tooltip("sigma:Q", title="sigma", format=",.4~g"),
                    alt.Tooltip("source:N", title=t("source", lang)),
                ],
            )
        )
        bars = alt.Chart(frame).mark_rule(color="#c0392b").encode(x=x, y="low:Q", y2="high:Q")
        layers = [bars, dots]
        if len(line):
            shown = line.assign(shown=line["value"] / factor, kind=kinds[1])
            layers.insert(0, alt.Chart(shown).mark_line(strokeWidth=2).encode(x=x, y="shown:Q", color=colour))
        panels.append(alt.layer(*layers).properties(title=label, width=300, height=190))
    rows = [alt.hconcat(*panels[i : i + columns]) for i in range(0, len(panels), columns)]
    chart = alt.vconcat(*rows) if rows else alt.Chart(pd.DataFrame()).mark_point()
    return chart.configure(locale=fmt.vega_locale(lang))


def _unit_title(prefix: str, unit: str, lang: str) -> str:
    """An axis title from a scale prefix and a unit: ``M€/an``, ``k pers.`` (fr), ``€M/yr``, ``k persons`` (en)."""
    if not unit:
        return prefix
    if unit.startswith("€"):
        return f"{prefix}{unit}" if lang == "fr" else f"€{prefix}{unit[1:]}"
    return f"{prefix} {unit}".strip()


def dominance(data: pd.DataFrame, lang: str, title: str | None = None) -> alt.Chart:
    """Loop dominance over time: ``time, loop, importance`` (signed relative loop score), one line per loop."""
    chart = (
        alt.Chart(data)
        .mark_line(strokeWidth=2, interpolate="step-after")
        .encode(
            x=_x(lang),
            y=alt.Y("importance:Q", title=None, axis=alt.Axis(format=",.0%"), scale=alt.Scale(domain=[-1, 1])),
            color=alt.Color("loop:N", title=None, scale=alt.Scale(range=PALETTE)),
            tooltip=[
                alt.Tooltip("loop:N", title=t("col_loop", lang)),
                alt.Tooltip("time:Q", title=t("year", lang), format="d"),
                alt.Tooltip("importance:Q", format=",.1%"),
            ],
        )
        .properties(height=HEIGHT, width="container")
    )
    rule = alt.Chart(pd.DataFrame({"y": [0]})).mark_rule(color="#888").encode(y="y:Q")
    return _finish(alt.layer(chart, rule), lang, title)
