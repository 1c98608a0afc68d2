"""Charts of the validation report, from its data (pure functions: report section -> Altair chart).

The command line saves them as PNG (``calibration.report.save_chart``); the dashboard draws the same charts from the
committed report. ``words`` names the axis and legend titles (English by default; the dashboard passes its
translation).
"""

from __future__ import annotations

import altair as alt
import pandas as pd

WORDS = {
    "year": "year",
    "value": "value",
    "published": "published range (90%)",
    "model": "model (5-95%)",
    "effect": "effect (FTE)",
    "total_index": "Sobol total index (± 95% CI)",
    "parameter": "constant",
    "mark": "source",
    "mark_Assumption": "Assumption",
    "mark_Calibrated": "Calibrated",
    "mark_Sourced": "Sourced",
}
MARKS = ("Assumption", "Calibrated", "Sourced")
MARK_COLOURS = ("#d62728", "#ff7f0e", "#2ca02c")


def series_chart(item: dict, words: dict | None = None, columns: int = 3, width: int = 230) -> alt.Chart:
    """One panel per series: the model line, its calibrated 5-95% band, data with +/- sigma bars (hollow: held out
    of the fit)."""
    w = {**WORDS, **(words or {})}
    points = pd.DataFrame(item["points"]).assign(
        low=lambda d: d["value"] - d["sigma"], high=lambda d: d["value"] + d["sigma"], kind="data"
    )
    lines = pd.DataFrame(item["lines"]).assign(kind="model")
    band = pd.DataFrame(item.get("band") or [], columns=["series", "time", "low", "high"]).assign(kind="band")
    data = pd.concat([points, lines, band], ignore_index=True)
    x = alt.X("time:Q", title=w["year"], axis=alt.Axis(format="d"))
    base = alt.Chart().encode(x=x)
    layers = [
        base.mark_area(opacity=0.25, color="#1f77b4")
        .encode(y=alt.Y("low:Q", title=None), y2="high:Q")
        .transform_filter(alt.datum.kind == "band"),
        base.mark_line(color="#1f77b4").encode(y="value:Q").transform_filter(alt.datum.kind == "model"),
        base.mark_rule(color="#d62728").encode(y="low:Q", y2="high:Q").transform_filter(alt.datum.kind == "data"),
        base.mark_point(color="#d62728", size=40)
        .encode(
            y="value:Q",
            fill=alt.condition(alt.datum.set == "holdout", alt.value("white"), alt.value("#d62728")),
            tooltip=["series", "time", "value", "sigma", "model", "set"],
        )
        .transform_filter(alt.datum.kind == "data"),
    ]
    chart = alt.layer(*layers, data=data).properties(width=width, height=140)
    chart = chart.facet(facet=alt.Facet("series:N", title=None), columns=columns)
    return chart.resolve_scale(y="independent")


def effects_chart(effects: list[dict], words: dict | None = None) -> alt.Chart:
    """Each effect target on one row: the published range (grey bar, midpoint tick) and the model's effect (point,
    its 5-95% interval as a line)."""
    w = {**WORDS, **(words or {})}
    rows = []
    for e in effects:
        label = e.get("label") or f"{e['quantity']} vs {e['counterfactual']} {e['window'][0]:g}-{e['window'][1]:g}"
        rows.append(
            {
                "label": label,
                "kind": w["published"],
                "low": e["published_low"],
                "high": e["published_high"],
                "mid": e["published"],
            }
        )
        low = e["model_q05"] if e["model_q05"] is not None else e["model"]
        high = e["model_q95"] if e["model_q95"] is not None else e["model"]
        rows.append({"label": label, "kind": w["model"], "low": low, "high": high, "mid": e["model"]})
    data = pd.DataFrame(rows)
    y = alt.Y("label:N", title=None, axis=alt.Axis(labelLimit=260))
    colour = alt.Color(
        "kind:N",
        title=None,
        scale=alt.Scale(domain=[w["published"], w["model"]], range=["#7f7f7f", "#1f77b4"]),
        legend=alt.Legend(orient="bottom", direction="vertical"),
    )
    offset = alt.YOffset("kind:N")
    bars = (
        alt.Chart(data)
        .mark_rule(strokeWidth=8, opacity=0.6)
        .encode(x=alt.X("low:Q", title=w["effect"]), x2="high:Q", y=y, yOffset=offset, color=colour)
    )
    mids = (
        alt.Chart(data)
        .mark_point(filled=True, size=70)
        .encode(x="mid:Q", y=y, yOffset=offset, color=colour, tooltip=["label", "kind", "low", "mid", "high"])
    )
    return (bars + mids).properties(width=360, height=70 * max(1, len(effects)))


def sobol_chart(depends: dict, words: dict | None = None, top: int = 8, names: dict | None = None) -> alt.Chart:
    """Total Sobol indices of each headline output, the ``top`` constants, with 95% bootstrap error bars, coloured by
    source mark; ``names`` gives readers' names of constants and outputs (identifiers otherwise)."""
    w = {**WORDS, **(words or {})}
    names = names or {}
    rows = []
    for output, data in depends["outputs"].items():
        for r in data["all"][:top]:
            rows.append(
                {
                    "output": names.get(output, output),
                    "parameter": names.get(r["parameter"], r["parameter"]),
                    "ST": r["ST"],
                    "low": max(0.0, r["ST"] - r["ST_conf"]),
                    "high": r["ST"] + r["ST_conf"],
                    "mark": w.get(f"mark_{r['mark']}", r["mark"]),
                }
            )
    data = pd.DataFrame(rows)
    # the rows come ranked by ST; names as long as the page allows (Streamlit's theme cuts them at ~100 px)
    y = alt.Y("parameter:N", sort=None, title=None, axis=alt.Axis(labelLimit=250))
    scale = alt.Scale(domain=[w[f"mark_{m}"] for m in MARKS], range=list(MARK_COLOURS))
    bars = (
        alt.Chart()
        .mark_bar()
        .encode(
            x=alt.X("ST:Q", title=w["total_index"]),
            y=y,
            color=alt.Color("mark:N", title=w["mark"], scale=scale, legend=alt.Legend(orient="bottom")),
            tooltip=["parameter", "ST", "low", "high", "mark"],
        )
    )
    errors = alt.Chart().mark_rule(color="black").encode(x="low:Q", x2="high:Q", y=y)
    chart = alt.layer(bars, errors, data=data).properties(width=300, height=22 * top)
    row = alt.Row("output:N", title=None, header=alt.Header(labelAngle=0, labelAlign="left", labelOrient="top"))
    return chart.facet(row=row).resolve_scale(y="independent")
