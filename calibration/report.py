"""Reading a result: a plain-text summary, and the fit chart (data with sigma bars against the model).

``summary_text(result, stale)`` and ``fit_chart(table)`` are pure functions (data -> text / Altair chart);
``save_chart`` writes PNG or SVG through vl-convert, atomically.
"""

from __future__ import annotations

import math
from pathlib import Path

import altair as alt
import pandas as pd

from calibration.errors import CalibrationError
from calibration.result import CalibrationResult
from calibration.stats import SeriesFit
from models.io import atomic_write

CHART_FORMATS = ("png", "svg")


def _g(value: float, digits: int = 4) -> str:
    return "—" if value is None or (isinstance(value, float) and math.isnan(value)) else f"{value:.{digits}g}"


def _pct(value: float) -> str:
    return "—" if value is None or math.isnan(value) else f"{100 * value:.1f}%"


def _table(rows: list[list[str]]) -> list[str]:
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    return ["  ".join(cell.ljust(widths[i]) for i, cell in enumerate(row)).rstrip() for row in rows]


def _stats_lines(stats: dict[str, SeriesFit]) -> list[str]:
    rows = [["series", "n", "RMSE", "MAPE", "R2", "Theil U", "Um", "Us", "Uc"]]
    for name, s in sorted(stats.items()):
        rows.append(
            [
                name,
                str(s.n),
                _g(s.rmse),
                _pct(s.mape),
                _g(s.r2, 3),
                _g(s.theil_u, 3),
                _g(s.um, 2),
                _g(s.us, 2),
                _g(s.uc, 2),
            ]
        )
    return _table(rows)


def summary_text(result: CalibrationResult, stale: list[str] | None = None) -> str:
    """A readable summary: provenance, estimates with intervals and flags, fit and holdout statistics, diagnostics."""
    spec, diag = result.spec, result.diagnostics
    lines = [
        f"Calibration of {result.model}: {spec.get('title', '')}",
        f"  spec {spec.get('path') or spec.get('name')}, scenario {spec.get('scenario', 'baseline')}, "
        f"targets {spec.get('targets')}",
        f"  created {result.created}, seed {result.seed}, model hash {result.model_hash[:12]}",
    ]
    if stale:
        lines.append(f"  STALE: {'; '.join(stale)} — rerun `python -m calibration refit-all`")
    state = "converged" if result.converged else "NOT CONVERGED"
    n_fit = diag.get("n_fit_targets", "?")
    until = diag.get("until")
    lines.append(
        f"  {state}; objective chi2 = {_g(result.objective)} on {n_fit} targets"
        + (f" (fitted up to {until:g}, {diag.get('n_holdout_targets', 0)} held out)" if until is not None else "")
    )
    lines += ["", f"Estimates ({diag.get('interval', '95% intervals')}):"]
    rows = [["parameter", "estimate", "95% interval", "bounds", "flags"]]
    for p in result.parameters:
        rows.append(
            [
                p.name,
                _g(p.estimate),
                f"[{_g(p.ci[0])}, {_g(p.ci[1])}]",
                f"[{_g(p.bounds[0])}, {_g(p.bounds[1])}]",
                ", ".join(p.flags) or "-",
            ]
        )
    lines += ["  " + line for line in _table(rows)]
    lines += ["", "Fit (fitted targets):"] + ["  " + line for line in _stats_lines(dict(result.fit))]
    if result.holdout:
        lines += ["", "Holdout (targets after --until, not fitted):"]
        lines += ["  " + line for line in _stats_lines(dict(result.holdout))]
    lines += ["", "Diagnostics:"]
    if "condition_number" in diag:
        cond = diag["condition_number"]
        text = _g(cond) if cond is not None else "infinite (a parameter does not move the fitted targets)"
        lines.append(f"  Jacobian condition number (unit box): {text}")
    corr = diag.get("correlations") or {}
    pairs = [
        f"{a} ~ {b}: {value:+.2f}"
        for i, a in enumerate(corr.get("names", []))
        for j, b in enumerate(corr.get("names", []))
        if j > i and (value := corr["matrix"][i][j]) is not None and abs(value) >= 0.8
    ]
    lines.append("  correlations |r| >= 0.8: " + ("; ".join(pairs) if pairs else "none"))
    if diag.get("model_runs") is not None:
        lines.append(f"  {diag['model_runs']} model runs, {_g(diag.get('wall_time_s', math.nan), 3)} s")
    lines.append(f"  {result.message}")
    return "\n".join(lines) + "\n"


def fit_chart(table: pd.DataFrame, title: str = "") -> alt.Chart:
    """One panel per series: the model line, data points with +/- sigma bars (filled = fitted, hollow = holdout)."""
    data = table[table["kind"] == "data"].assign(
        low=lambda d: d["value"] - d["sigma"], high=lambda d: d["value"] + d["sigma"]
    )
    model = table[table["kind"] == "model"]
    base = alt.Chart().encode(x=alt.X("time:Q", title="year", axis=alt.Axis(format="d")))
    line = (
        base.mark_line(color="#1f77b4")
        .encode(y=alt.Y("value:Q", title=None))
        .transform_filter(alt.datum.kind == "model")
    )
    bars = base.mark_rule(color="#d62728").encode(y="low:Q", y2="high:Q").transform_filter(alt.datum.kind == "data")
    points = (
        base.mark_point(color="#d62728", size=40)
        .encode(
            y="value:Q",
            fill=alt.condition(alt.datum.set == "holdout", alt.value("white"), alt.value("#d62728")),
            tooltip=["variable", "time", "value", "sigma", "set"],
        )
        .transform_filter(alt.datum.kind == "data")
    )
    layered = alt.layer(line, bars, points, data=pd.concat([model, data], ignore_index=True))
    chart = layered.properties(width=260, height=160).facet(facet=alt.Facet("variable:N", title=None), columns=3)
    chart = chart.resolve_scale(y="independent")
    return chart.properties(title=title) if title else chart


def save_chart(chart: alt.Chart, path: str | Path) -> None:
    """Write ``chart`` as PNG or SVG (by extension), atomically."""
    fmt = Path(path).suffix.lower().lstrip(".")
    if fmt not in CHART_FORMATS:
        raise CalibrationError(f"{path}: chart format must be one of {', '.join(CHART_FORMATS)} (by extension)")
    atomic_write(
        path,
        lambda tmp: (
            chart.save(str(tmp), format=fmt, scale_factor=2) if fmt == "png" else chart.save(str(tmp), format=fmt)
        ),
    )
