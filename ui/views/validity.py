"""Validity: how far to trust the selected model's answers, from its committed validation report
(``calibration/validity/<model>/validation.json``, made by ``python -m calibration validate``): a verdict per section
with the rule used, and the evidence (fit statistics and charts, backtests, policy effects against published ranges,
extreme conditions, numerical checks, Sobol indices and the research agenda, known limits). Nothing heavy runs on page
load: the report is read (cached by file version) and checked for staleness by hashes.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from calibration import validation as val
from calibration import validation_charts as charts
from models.errors import ModelError
from ui import fmt, session
from ui.i18n import t
from ui.tables import variable_info

ICONS = {"pass": "✅", "caution": "⚠️", "fail": "❌", "none": "➖", "info": "ℹ️"}
RULES = {
    "behaviour": "series",
    "out_of_sample": "series",
    "effects": "effect",
    "extremes": "extreme",
    "numerical": "numeric",
    "depends": "depends",
    "limits": "limits",
}


@st.cache_data(max_entries=8, ttl="1h", show_spinner=False)
def _report(path: str, stamp: float) -> dict:
    return val.load_report(path)


def _verdict(verdict: str, lang: str) -> str:
    return f"{ICONS[verdict]} {t(f'val_verdict_{verdict}', lang)}"


def _label(model: str, series: str, lang: str) -> str:
    """A series' reader's name: the variable's, with the transform (growth) said in the language."""
    name, _, rest = series.partition(":")
    info = variable_info(model).get(name)
    label = info.label(lang) if info else name
    return f"{label} ({t('val_growth', lang)})" if rest.startswith("growth") else label


def _words(lang: str) -> dict:
    return {
        "year": t("year", lang),
        "published": t("val_published", lang),
        "model": t("val_model_band", lang),
        "effect": t("val_effect_fte", lang),
        "total_index": t("val_total_index", lang),
        "mark": t("val_source", lang),
        **{f"mark_{m}": t(f"val_mark_{m}", lang) for m in charts.MARKS},
    }


def _chart(chart, lang: str) -> None:
    st.altair_chart(chart.configure(locale=fmt.vega_locale(lang)), width="content")


def _stats(model: str, stats: list[dict], lang: str) -> pd.DataFrame:
    rows = []
    for s in stats:
        rows.append(
            {
                t("val_series", lang): _label(model, s["series"], lang),
                "n": s["n"],
                "RMSE": fmt.number(s["rmse"], lang),
                t("val_sigma", lang): fmt.number(s["sigma_rms"], lang),
                "MAPE": fmt.percent(s["mape"], lang),
                "R²": fmt.number(s["r2"], lang, 2),
                "Theil U": fmt.number(s["theil_u"], lang, 2),
                "Um": fmt.number(s["um"], lang, 2),
                "Us": fmt.number(s["us"], lang, 2),
                "Uc": fmt.number(s["uc"], lang, 2),
                t("val_verdict", lang): _verdict(s["verdict"], lang),
            }
        )
    return pd.DataFrame(rows)


def _series_item(model: str, item: dict, lang: str) -> None:
    st.dataframe(_stats(model, item["series"], lang), hide_index=True, width="stretch")
    relabel = {s: _label(model, s, lang) for s in {p["series"] for p in item["points"]}}
    local = {
        key: [{**row, "series": relabel.get(row["series"], row["series"])} for row in item.get(key) or []]
        for key in ("points", "lines", "band")
    }
    _chart(charts.series_chart(local, _words(lang), columns=2), lang)


def _behaviour(model: str, section: dict, lang: str) -> None:
    for item in section["calibrations"]:
        st.subheader(f"{fmt.plain(item['calibration'])} · {_verdict(item['verdict'], lang)}")
        if item["band_members"]:
            st.caption(t("val_band", lang, n=item["band_members"]))
        _series_item(model, item, lang)


def _out_of_sample(model: str, section: dict, lang: str) -> None:
    if not section["backtests"]:
        st.info(t("val_no_backtest", lang, model=model), icon="➖")
    for item in section["backtests"]:
        st.subheader(t("val_backtest", lang, until=f"{item['until']:g}", name=fmt.plain(item["calibration"])))
        _series_item(model, item, lang)


def _effects(model: str, section: dict, lang: str) -> None:
    if not section["effects"]:
        st.info(t("val_no_effects", lang), icon="➖")
        return
    if not section["members"]:
        st.caption(t("val_effect_no_interval", lang))
    rows, shown = [], []
    for e in section["effects"]:
        label = t(
            "val_effect_label",
            lang,
            against=e["counterfactual"],
            start=f"{e['window'][0]:g}",
            end=f"{e['window'][1]:g}",
        )
        shown.append({**e, "label": label})
        split = e["split"]
        jobs = " / ".join(
            fmt.number(split.get(k), lang, 0)
            for k in ("employment_fte_new", "employment_fte_formalised", "employment_fte_moved")
        )
        rows.append(
            {
                t("val_effect", lang): label,
                t("val_published", lang): f"{fmt.number(e['published_low'], lang, 0)} – "
                f"{fmt.number(e['published_high'], lang, 0)}",
                t("val_model", lang): fmt.number(e["model"], lang, 0),
                t("val_model_band", lang): f"{fmt.number(e['model_q05'], lang, 0)} – "
                f"{fmt.number(e['model_q95'], lang, 0)}",
                t("val_jobs_split", lang): jobs,
                t("val_verdict", lang): _verdict(e["verdict"], lang),
                t("val_source", lang): e["source"],
            }
        )
    st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch")
    _chart(charts.effects_chart(shown, _words(lang)), lang)


def _outcome(model: str, o: dict, lang: str) -> str:
    """One expectation in words: ``maximum of Entrepreneurs ≤ 0 (observed 0)``."""
    rhs = (
        t("val_times_baseline", lang, factor=fmt.number(o["baseline"], lang))
        if o["baseline"] is not None
        else fmt.number(o["reference"], lang)
    )
    span = f" {o['start'] or ''}–{o['end'] or ''}" if o["start"] is not None or o["end"] is not None else ""
    op = {"==": "=", "<=": "≤", ">=": "≥"}.get(o["op"], o["op"])
    stat = t(f"val_stat_{o['stat']}", lang)
    head = f"{stat} {_label(model, o['variable'], lang)}{span} {op} {rhs}"
    return f"{head} ({t('val_observed', lang)} {fmt.number(o['observed'], lang)})"


def _extremes(model: str, section: dict, lang: str) -> None:
    rows = []
    for c in section["checks"]:
        fr = lang == "fr"
        detail = "; ".join(_outcome(model, o, lang) for o in c["outcomes"])
        rows.append(
            {
                t("val_check", lang): c["name_fr"] if fr else c["name"],
                t("val_verdict", lang): _verdict("pass" if c["passed"] else "fail", lang),
                t("val_description", lang): c["description_fr"] if fr else c["description"],
                t("val_detail", lang): detail + ("; " + "; ".join(c["problems"]) if c["problems"] else ""),
            }
        )
    st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch")


def _numerical(model: str, section: dict, lang: str) -> None:
    worst = ", ".join(
        f"{_label(model, w['variable'], lang)} {fmt.percent(w['gap'], lang, 2)}" for w in section["halving_worst"][:3]
    )
    gap = f"{section['engine_max_gap']:.1e}"
    st.markdown(
        "\n".join(
            [
                f"- {t('val_units', lang, n=len(section['unit_issues']))}",
                f"- {t('val_halving', lang, gap=fmt.percent(section['halving_max_gap'], lang, 2), worst=worst)}",
                f"- {t('val_engines', lang, n=section['engine_variables'], gap=gap)}",
            ]
        )
    )


def _depends(model: str, section: dict, lang: str) -> None:
    span = section["span"]
    span_text = fmt.percent(float(span), lang, 0) if span != "model" else t("val_span_model", lang)
    st.caption(
        t(
            "val_sobol_caption",
            lang,
            d=section["parameters"],
            c=section["calibrated"],
            span=span_text,
            n=section["samples"],
            runs=fmt.number(section["runs"], lang, 0),
            year=f"{section['year']:g}",
        )
    )
    for problem in section["problems"]:
        st.warning(fmt.plain(problem))
    info = variable_info(model)

    def frame(rows: list[dict], with_output: bool = False) -> pd.DataFrame:
        out = []
        for r in rows:
            row = {
                t("val_parameter", lang): info[name].label(lang) if (name := r["parameter"]) in info else name,
                t("val_total_index", lang): f"{fmt.number(r['ST'], lang, 2)} ± {fmt.number(r['ST_conf'], lang, 2)}",
            }
            if with_output:
                row[t("val_output", lang)] = _label(model, r["output"], lang)
            else:
                row[t("val_source", lang)] = t(f"val_mark_{r['mark']}", lang)
            row[t("val_comment", lang)] = r["source"]
            out.append(row)
        return pd.DataFrame(out)

    for output, data in section["outputs"].items():
        st.markdown(f"**{t('val_top', lang, output=_label(model, output, lang))}**")
        st.dataframe(frame(data["top"]), hide_index=True, width="stretch")
    st.markdown(f"**{t('val_agenda', lang)}**")
    st.dataframe(frame(section["agenda"], with_output=True), hide_index=True, width="stretch")
    _chart(charts.sobol_chart(section, _words(lang)), lang)


def _limits(model: str, section: dict, lang: str) -> None:
    items = section["items_fr"] if lang == "fr" and section.get("items_fr") else section["items"]
    if not items:
        st.info(t("val_no_limits", lang), icon="➖")
        return
    if lang == "fr" and not section.get("items_fr"):
        st.caption(t("val_limits_english", lang))
    st.markdown("\n".join(f"- {fmt.plain(item)}" for item in items))


SHOW = {
    "behaviour": _behaviour,
    "out_of_sample": _out_of_sample,
    "effects": _effects,
    "extremes": _extremes,
    "numerical": _numerical,
    "depends": _depends,
    "limits": _limits,
}


def render() -> None:
    state = session.get()
    lang, model = state.lang, state.model
    st.title(t("validity_title", lang))
    st.caption(t("val_intro", lang))
    path = val.committed_path(model)
    command = f"python -m calibration validate {model} --out calibration/validity/{model}"
    if not path.exists():
        st.info(t("val_none", lang, command=command), icon="➖")
        return
    try:
        report = _report(str(path), path.stat().st_mtime)
    except ModelError as exc:
        st.error(t("val_unreadable", lang, detail=fmt.plain(exc)))
        return
    stale = val.stale_keys(report)
    if stale:
        reasons = ", ".join(t(f"val_stale_{key}", lang) for key in stale)
        st.warning(t("val_stale", lang, reasons=reasons, command=command), icon=":material/history:")
    if report["calibration_note"]:
        st.warning(t("val_calibration_unusable", lang, name=fmt.plain(report["calibration"])))
    elif report["calibration_stale"]:
        st.warning(t("val_calibration_stale", lang, name=fmt.plain(report["calibration"])))
    seconds = sum(report["seconds"].values())
    st.caption(
        t(
            "val_made",
            lang,
            date=report["created"][:10],
            hash=report["model_hash"][:12],
            name=fmt.plain(report["calibration"]),
            seconds=fmt.number(seconds, lang, 0),
        )
    )
    summary = pd.DataFrame(
        {
            t("val_section", lang): [t(f"val_section_{k}", lang) for k in report["verdicts"]],
            t("val_verdict", lang): [_verdict(v, lang) for v in report["verdicts"].values()],
            t("val_rule", lang): [t(f"val_rule_{RULES[k]}", lang) for k in report["verdicts"]],
        }
    )
    st.dataframe(summary, hide_index=True, width="stretch")
    tabs = st.tabs([t(f"val_section_{k}", lang) for k in val.SECTIONS])
    for tab, key in zip(tabs, val.SECTIONS, strict=True):
        with tab:
            SHOW[key](model, report[key], lang)
