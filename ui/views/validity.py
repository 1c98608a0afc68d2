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
from ui import fmt, session, widgets
from ui.i18n import t
from ui.tables import variable_info
from ui.validity_text import chart_words, outcome_text, series_label, stats_frame, verdict_text

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


def _chart(chart, lang: str, width: str = "content", height: int | str = "content") -> None:
    st.altair_chart(chart.configure(locale=fmt.vega_locale(lang)), width=width, height=height)


def _series_item(model: str, item: dict, lang: str) -> None:
    st.dataframe(stats_frame(model, item["series"], lang), hide_index=True, width="stretch")
    relabel = {s: series_label(model, s, lang) for s in {p["series"] for p in item["points"]}}
    local = {
        key: [{**row, "series": relabel.get(row["series"], row["series"])} for row in item.get(key) or []]
        for key in ("points", "lines", "band")
    }
    _chart(charts.series_chart(local, chart_words(lang), columns=2, width=180), lang)  # fits 1024 px


def _behaviour(model: str, section: dict, lang: str) -> None:
    for item in section["calibrations"]:
        st.subheader(f"{fmt.plain(item['calibration'])} · {verdict_text(item['verdict'], lang)}")
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
            start=fmt.year(e["window"][0], lang),
            end=fmt.year(e["window"][1], lang),
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
                t("val_verdict", lang): verdict_text(e["verdict"], lang),
                t("val_published", lang): f"{fmt.number(e['published_low'], lang, 0)} – "
                f"{fmt.number(e['published_high'], lang, 0)}",
                t("val_model", lang): fmt.number(e["model"], lang, 0),
                t("val_model_band", lang): f"{fmt.number(e['model_q05'], lang, 0)} – "
                f"{fmt.number(e['model_q95'], lang, 0)}"
                if e["model_q05"] is not None
                else "–",
                t("val_jobs_split", lang): jobs,
            }
        )
    st.table(pd.DataFrame(rows), hide_index=True)  # HTML: cells wrap, so the six columns fit at 1024 px (no scroll)
    sources = sorted({e.get(f"source_{lang}", e["source"]) for e in section["effects"]})  # source_fr: French
    st.caption("\n".join(f"- {fmt.plain(source)}" for source in sources))
    # stretched, and its own height given in pixels with room for the axis and legend: in a tab, Streamlit lays out a
    # fixed-size layered chart with a y offset in a few pixels (rows drawn over each other, a label dropped)
    chart = charts.effects_chart(shown, chart_words(lang))
    _chart(chart, lang, "stretch", chart.height + 110)


def _extremes(model: str, section: dict, lang: str) -> None:
    """One entry a check: verdict and name, what must follow, each expectation with the value observed (a list, not
    a table: the sentences are long and a table cell would cut them)."""
    fr = lang == "fr"
    for c in section["checks"]:
        name = c["name_fr"] if fr else c["name"]
        st.markdown(f"**{verdict_text('pass' if c['passed'] else 'fail', lang)} · {fmt.plain(name)}**")
        lines = [c["description_fr"] if fr else c["description"]]
        lines += [outcome_text(model, o, lang) for o in c["outcomes"]] + list(c["problems"])
        st.markdown("\n".join(f"- {fmt.plain(line)}" for line in lines))


def _numerical(model: str, section: dict, lang: str) -> None:
    worst = ", ".join(
        f"{series_label(model, w['variable'], lang)} {fmt.percent(w['gap'], lang, 2)}"
        for w in section["halving_worst"][:3]
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
                row[t("val_output", lang)] = series_label(model, r["output"], lang)
            else:
                row[t("val_source", lang)] = t(f"val_mark_{r['mark']}", lang)
            row[t("val_comment", lang)] = r["source"]
            out.append(row)
        return pd.DataFrame(out)

    for output, data in section["outputs"].items():
        st.markdown(f"**{t('val_top', lang, output=series_label(model, output, lang))}**")
        st.dataframe(frame(data["top"]), hide_index=True, width="stretch")
    st.markdown(f"**{t('val_agenda', lang)}**")
    st.dataframe(frame(section["agenda"], with_output=True), hide_index=True, width="stretch")
    names = {name: item.label(lang) for name, item in info.items()}
    _chart(charts.sobol_chart(section, chart_words(lang), names=names), lang)


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
            t("val_verdict", lang): [verdict_text(v, lang) for v in report["verdicts"].values()],
        }
    )
    st.dataframe(summary, hide_index=True, width="stretch")
    tabs = widgets.tabs("validity", {k: t(f"val_section_{k}", lang) for k in val.SECTIONS})
    for key, tab in tabs.items():
        with tab:
            colon = " :" if lang == "fr" else ":"
            st.markdown(f"**{verdict_text(report[key]['verdict'], lang)}**")
            st.caption(f"{t('val_rule', lang)}{colon} {t(f'val_rule_{RULES[key]}', lang)}")
            SHOW[key](model, report[key], lang)
