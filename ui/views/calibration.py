"""Calibration: data (± sigma) against the calibrated model for every target, fit statistics (RMSE, MAPE, R²,
Theil U with Um/Us/Uc), estimates with intervals and flags, whether the result is stale; a researcher can upload a
targets CSV, run a calibration with a progress bar and use the result in Explore. Committed result files that cannot
be read are named, never dropped silently.
"""

from __future__ import annotations

import io
import math

import pandas as pd
import streamlit as st

import calibration as cal
from calibration.paths import TARGETS_DIR, resolve_path
from calibration.targets import IN_MEMORY
from models.errors import ModelError
from ui import charts, fmt, longrun, session, specs, uploads, widgets
from ui.calibration_report import (
    default_pick,
    estimates_frame,
    flag_text,
    headline,
    known_scenarios,
    param_label,
    stale_text,
    summary,
)
from ui.i18n import t
from ui.tables import variable_info

MAX_TARGETS_BYTES = 200_000
SESSION_KEY = "_calibration_results"
DONE_KEY = "_calibration_done"
ICONS = {"success": ":material/check_circle:", "warning": ":material/flag:", "error": ":material/error:"}


@st.cache_resource(max_entries=32, ttl="1h", show_spinner=False)
def _committed(path: str, stamp: float):
    """A committed result file, read once per version (results are frozen, read-only data: safe to share)."""
    return cal.load_result(path)


@st.cache_data(max_entries=32, ttl="1h", show_spinner=False)
def _fit_table(path: str, stamp: float) -> pd.DataFrame:
    return cal.fit_table(_committed(path, stamp))


def render() -> None:
    state = session.get()
    lang, model = state.lang, state.model
    st.title(t("calibration_title", lang))
    results = cal.committed_results(model)
    for path, problem in cal.unreadable_results():
        st.warning(t("cal_unreadable", lang, name=path.name, detail=fmt.plain(problem)), icon="⚠️")
    session_results = st.session_state.setdefault(SESSION_KEY, {}).get(model, {})
    options = [f"file:{name}" for name in results] + [f"session:{name}" for name in session_results]
    done = st.session_state.pop(DONE_KEY, None)
    if done:  # the run that finished a calibration: a toast whose icon follows the result's box (its flags)
        kind, text = done
        st.toast(t("cal_done", lang, message=text), icon=ICONS[kind])
    tab = widgets.tabs("calibration", {"result": t("cal_result", lang), "run": t("cal_run", lang)})
    with tab["result"]:
        if not options:
            st.info(t("cal_none", lang))
        else:
            default = default_pick(options, model, state.calibration)
            if "_cal_pick_next" in st.session_state:
                st.session_state["w.cal_pick"] = st.session_state.pop("_cal_pick_next")
            session.widget_value("w.cal_pick", default)
            if st.session_state["w.cal_pick"] not in options:
                st.session_state["w.cal_pick"] = default
            pick = st.selectbox(
                t("cal_result", lang), options, key="w.cal_pick", format_func=lambda o: o.split(":", 1)[1]
            )
            kind, name = pick.split(":", 1)
            if kind == "file":
                path = results[name]
                stamp = path.stat().st_mtime
                result = _committed(str(path), stamp)
                try:
                    table = _fit_table(str(path), stamp)
                except ModelError as exc:  # the result cannot run on this model any more: shown, not applied
                    table = None
                    st.warning(f"{t('cal_stale', lang)} ({fmt.plain(exc)})", icon=":material/history:")
            else:
                result, table = session_results[name]
            _show_result(result, table, lang, model, name, kind == "file")
    with tab["run"]:
        _run_panel(state, lang)


def _show_result(result, table: pd.DataFrame | None, lang: str, model: str, name: str, committed: bool) -> None:
    """The result ``name`` (a committed file's stem, or a session's label): its summary, statistics and estimates; its
    fit chart and "use" button when it runs on the model (``table``: the fit table, None when it cannot be applied)."""
    file_stem = name if committed else None
    spec = result.spec
    scenario = spec.get("scenario") or "baseline"
    scenario_title = (
        specs.scenario_title(session.get(), scenario, lang) if scenario in known_scenarios(model) else scenario
    )
    title = spec.get("title", "") if lang == "en" else t("cal_title_fr", lang, name=name)
    head = (title, scenario_title, f"{t('cal_seed', lang).lower()} {result.seed}", str(result.created)[:10])
    st.markdown(f"**{fmt.plain(head[0])}** · " + " · ".join(fmt.plain(part) for part in head[1:]))
    if spec.get("description") and lang == "en":  # the specification's own text is in English
        st.caption(fmt.plain(spec["description"]))
    kind, text = summary(result, lang)
    getattr(st, kind)(text, icon=ICONS[kind])
    if lang == "en":
        st.caption(fmt.plain(result.message))  # the optimiser's own report, in English
    stale = cal.stale_reasons(result)
    if stale:
        st.warning(f"{t('cal_stale', lang)} ({fmt.plain(stale_text(stale, lang))})")
    info = variable_info(model)
    if table is not None:
        _fit_chart(result, table, info, lang, model)
    st.subheader(t("cal_stats", lang))
    st.dataframe(_stats_frame(result.fit, info, lang), hide_index=True, width="stretch")
    if result.holdout:
        until = result.diagnostics.get("until")
        st.subheader(t("cal_holdout", lang, year=f"{until:g}" if until else "?"))
        st.dataframe(_stats_frame(result.holdout, info, lang), hide_index=True, width="stretch")
    st.subheader(t("cal_estimates", lang))
    st.dataframe(estimates_frame(result, info, lang), hide_index=True, width="stretch")
    if result.flagged:
        items = "; ".join(
            f"{param_label(k, info, lang)} ({', '.join(flag_text(f, lang) for f in v)})"
            for k, v in result.flagged.items()
        )
        st.warning(t("cal_flags", lang, names=fmt.plain(items)))
    diag = result.diagnostics
    if diag:
        condition = fmt.number(float(diag.get("condition_number", math.nan)), lang)
        seconds = fmt.number(float(diag.get("wall_time_s", math.nan)), lang)
        runs = diag.get("model_runs", "?")
        runs = fmt.number(float(runs), lang, 0) if isinstance(runs, int | float) else "?"
        st.caption(t("cal_diagnostics", lang, condition=condition, runs=runs, seconds=seconds))
    if table is not None and st.button(t("cal_use", lang), type="primary", icon=":material/input:", key="w.cal_use"):
        scenario = spec.get("scenario") or "baseline"
        if file_stem:
            session.update(calibration=file_stem, estimates={}, scenario=scenario, moves={}, upload=None)
        else:
            session.update(calibration=None, estimates=dict(result.estimates), scenario=scenario, moves={}, upload=None)
        session.forget_widgets("w.scenario")
        session.switch_to("explore")


def _fit_chart(result, table: pd.DataFrame, info, lang: str, model: str) -> None:
    """Data with sigma bars and the model, one panel per target series, sources in the tooltips (a targets file
    that cannot be read any more is said, and the chart drawn without its sources)."""
    path = resolve_path(result.spec["targets"]) if result.spec.get("targets") else TARGETS_DIR / f"{model}.csv"
    sources = {}
    if result.spec.get("targets") != IN_MEMORY:
        try:
            targets = cal.load_targets(path, model)
            by_time = targets.set_index(["series", "time"])
            french = by_time["source_fr"].where(by_time["source_fr"] != "", by_time["source"])
            sources = (french if lang == "fr" else by_time["source"]).to_dict()
        except ModelError as exc:
            st.caption(t("cal_sources_missing", lang, detail=fmt.plain(exc)))
    data = table[table["kind"] == "data"].copy()
    data["source"] = [sources.get((v, tm), "") for v, tm in zip(data["variable"], data["time"], strict=True)]
    names = {v: _series_label(v, info, lang) for v in table["variable"].unique()}
    data["label"] = data["variable"].map(names)
    units = {v: _series_unit(v, info, lang) for v in names}
    data["unit"] = data["variable"].map(units)
    line = table[table["kind"] == "model"].assign(label=lambda d: d["variable"].map(names))
    figure = charts.fit_panels(data, line, lang, kinds=(t("cal_data", lang), t("cal_model", lang)))
    st.subheader(t("cal_fit_chart", lang))
    widgets.chart(figure, f"{model}-calibration-fit", lang, settings=False)


def _series_unit(series: str, info, lang: str) -> str:
    """The unit of a target series as readers write it (none for a transformed series: growth, share...)."""
    variable, _, transform = series.partition(":")
    return "" if transform or variable not in info else fmt.unit_label(info[variable].units, lang)


def _series_label(series: str, info, lang: str) -> str:
    variable, _, transform = series.partition(":")
    name = info[variable].label(lang) if variable in info else variable
    return f"{name} ({transform})" if transform else name


def _stats_frame(stats, info, lang: str) -> pd.DataFrame:
    rows = []
    for series, s in sorted(stats.items()):
        rows.append(
            {
                t("variable", lang): _series_label(series, info, lang),
                "n": s.n,
                "RMSE": fmt.number(s.rmse, lang) if s.rmse is not None else "–",
                "MAPE": fmt.percent(s.mape, lang) if s.mape is not None else "–",
                "R²": fmt.number(s.r2, lang, 3) if s.r2 is not None and not math.isnan(s.r2) else "–",
                "Theil U": fmt.number(s.theil_u, lang, 3) if s.theil_u is not None else "–",
                "Um": fmt.number(s.um, lang, 2) if s.um is not None else "–",
                "Us": fmt.number(s.us, lang, 2) if s.us is not None else "–",
                "Uc": fmt.number(s.uc, lang, 2) if s.uc is not None else "–",
            }
        )
    return pd.DataFrame(rows)


# ---------------------------------------------------------------- running a calibration


def _read_targets(file, model: str, lang: str):
    """The uploaded targets validated (size, UTF-8, columns, variables, values), or None after a message."""
    data = file.getvalue()
    if len(data) > MAX_TARGETS_BYTES:
        st.error(t("upload_too_big", lang, size=fmt.size(len(data), lang), limit=fmt.size(MAX_TARGETS_BYTES, lang)))
        return None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        st.error(t("upload_not_utf8", lang))
        return None
    try:
        table = cal.load_targets(io.StringIO(text), model)
    except ModelError as exc:
        st.error(t("upload_bad", lang, detail=fmt.plain(exc)))
        return None
    if table.empty:
        st.error(t("upload_bad", lang, detail="no rows"))
        return None
    st.success(t("cal_targets_ok", lang, n=len(table)))
    return table


def _run_panel(state, lang: str) -> None:
    model = state.model
    names = [n for n in cal.list_specs() if n == model or n.startswith(f"{model}-")]
    if not names:
        st.info(t("cal_none", lang))
        return
    spec_name = st.selectbox(t("cal_spec", lang), names, key="w.cal_spec")
    file = uploads.uploader(t("cal_upload", lang), "csv", "w.cal_targets", MAX_TARGETS_BYTES, lang)
    targets = _read_targets(file, model, lang) if file is not None else None
    c1, c2 = st.columns(2)
    until = c1.number_input(t("cal_until", lang), min_value=1990, max_value=2040, value=None, step=1, key="w.cal_until")
    seed = c2.number_input(t("cal_seed", lang), min_value=0, max_value=10_000, value=0, step=1, key="w.cal_seed")
    if file is not None and targets is None:
        return
    stop = longrun.stopped("calibration")
    if stop:
        st.warning(t(f"cal_stopped_{stop[0]}", lang), icon=":material/stop_circle:")
    if not st.button(t("cal_run", lang), type="primary", key="w.cal_go", icon=":material/play_arrow:"):
        return
    job = longrun.Job("calibration", t("cal_running", lang).rstrip("…"), lang)
    runs_word = t("cal_runs_done", lang)
    try:
        spec = cal.load_spec(model, spec_name)
        result = cal.fit(
            model,
            spec,
            targets,
            until=None if until is None else float(until),
            seed=int(seed),
            progress=job.fraction,
            on_run=lambda runs: job.fraction(job.done, f"{fmt.number(float(runs), lang, 0)} {runs_word}"),
        )
        table = cal.fit_table(result, targets)
        job.check()  # a click on Cancel during the last step: nothing is kept either
    except longrun.Cancelled:
        return  # this run is being replaced by the one the click started, which says so
    except ModelError as exc:
        job.finish()
        st.error(fmt.plain(exc))
        return
    except Exception:
        job.finish()  # the page's guard reports it; the next run must not call it "interrupted"
        raise
    job.finish()
    label_ = f"{spec_name}{'-upload' if targets is not None else ''}-seed{int(seed)}"
    if until is not None:
        label_ += f"-until{int(until)}"
    st.session_state.setdefault(SESSION_KEY, {}).setdefault(model, {})[label_] = (result, table)
    st.session_state["_cal_pick_next"] = f"session:{label_}"
    st.session_state[DONE_KEY] = headline(result, lang)  # said after the rerun that shows the result...
    session.update(tab="")  # ...on the result tab (the first), whichever tab the run was started from
    st.rerun()
