"""Words and tables of the Validity page, from the validation report's data (pure functions, no Streamlit): verdicts
with their symbol, series and constants by their readers' names, fit statistics and extreme-check outcomes."""

from __future__ import annotations

import pandas as pd

from calibration import validation_charts as charts
from ui import fmt
from ui.i18n import t
from ui.tables import variable_info

ICONS = {"pass": "✓", "caution": "⚠", "fail": "✗", "none": "–", "info": "ℹ"}  # text symbols: no emoji font needed


def verdict_text(verdict: str, lang: str) -> str:
    return f"{ICONS[verdict]} {t(f'val_verdict_{verdict}', lang)}"


def series_label(model: str, series: str, lang: str) -> str:
    """A series' reader's name: the variable's, with the transform (growth) said in the language."""
    name, _, rest = series.partition(":")
    info = variable_info(model).get(name)
    label = info.label(lang) if info else name
    return f"{label} ({t('val_growth', lang)})" if rest.startswith("growth") else label


def chart_words(lang: str) -> dict:
    return {
        "year": t("year", lang),
        "published": t("val_published", lang),
        "model": t("val_model_band", lang),
        "effect": t("val_effect_fte", lang),
        "total_index": t("val_total_index", lang),
        "mark": t("val_source", lang),
        **{f"mark_{m}": t(f"val_mark_{m}", lang) for m in charts.MARKS},
    }


def stats_frame(model: str, stats: list[dict], lang: str) -> pd.DataFrame:
    rows = []
    for s in stats:
        rows.append(
            {
                t("val_series", lang): series_label(model, s["series"], lang),
                t("val_verdict", lang): verdict_text(s["verdict"], lang),
                "n": s["n"],
                "RMSE": fmt.number(s["rmse"], lang),
                t("val_sigma", lang): fmt.number(s["sigma_rms"], lang),
                "MAPE": fmt.percent(s["mape"], lang),
                "R²": fmt.number(s["r2"], lang, 2),
                "Theil U": fmt.number(s["theil_u"], lang, 2),
                "Um": fmt.number(s["um"], lang, 2),
                "Us": fmt.number(s["us"], lang, 2),
                "Uc": fmt.number(s["uc"], lang, 2),
            }
        )
    return pd.DataFrame(rows)


def outcome_text(model: str, o: dict, lang: str) -> str:
    """One expectation in words: ``maximum of Entrepreneurs ≤ 0 (observed 0)``."""
    rhs = (
        t("val_times_baseline", lang, factor=fmt.number(o["baseline"], lang))
        if o["baseline"] is not None
        else fmt.number(o["reference"], lang)
    )
    span = f" {o['start'] or ''}–{o['end'] or ''}" if o["start"] is not None or o["end"] is not None else ""
    op = {"==": "=", "<=": "≤", ">=": "≥"}.get(o["op"], o["op"])
    stat = t(f"val_stat_{o['stat']}", lang)
    head = f"{stat} {series_label(model, o['variable'], lang)}{span} {op} {rhs}"
    return f"{head} ({t('val_observed', lang)} {fmt.number(o['observed'], lang)})"
