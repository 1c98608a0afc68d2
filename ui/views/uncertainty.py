"""Uncertainty: fan charts (5–95% and 25–75% bands) of an indicator for the current settings against the baseline,
the share of ensemble members in which they beat the baseline, and sensitivity indices (tornado).
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import streamlit as st

from calibration.estimates import Estimates
from calibration.result import committed_result, committed_results
from models import ensemble, sensitivity
from models.catalog import catalog
from models.declaration import declaration
from models.errors import ModelError
from models.spec import RunSpec
from ui import charts, fmt, longrun, session, specs, widgets
from ui.calibration_report import stale_text
from ui.i18n import t
from ui.tables import variable_info

MAX_SECONDS = 120.0  # a page refuses (with the estimate) an ensemble or sensitivity analysis that would take longer
SAMPLE_CHOICES = (50, 100, 200, 500, 1000)
SENS_CHOICES = {"morris": (10, 20, 50), "sobol": (32, 64, 128)}
DEFAULT_YEAR = 2030


RESULTS = longrun.Memo(size=24, ttl=3600.0)  # finished ensembles and analyses, shared by the sessions


def _chunk(runs: int) -> int:
    """Members per chunk: about 20 chunks per job, so that its bar moves and a cancel stops it within a twentieth
    (a chunk costs the threads nothing more than a member)."""
    return max(1, min(100, math.ceil(runs / 20)))


def _ensemble(base: RunSpec, current: RunSpec, indicator: str, n: int, seed: int, calibration: str | None, job):
    """Member values of ``indicator`` (``[member, time]``) under the baseline and the current settings, on the same
    parameter sets: Latin hypercube over the constants neither spec fixes (or the calibration's intervals).
    ``job``: a :class:`ui.longrun.Job` told the members run (it may raise Cancelled)."""
    if calibration:
        estimates = Estimates.load(committed_result(base.model, calibration), base.model)
        sample = ensemble.sample_calibration(base.model, estimates, n, seed, base)
        source = calibration
    else:
        fixed = ensemble.fixed_by(base) | ensemble.fixed_by(current)
        params = [p for p in ensemble.uncertain_parameters(base.model) if p.py_name not in fixed]
        if not params:
            raise ModelError(f"model {base.model!r} has no uncertain constant to sample")
        names = [p.py_name for p in params]
        sample = ensemble.sample_box(
            base.model, names, [p.min for p in params], [p.max for p in params], n, seed, "ranges"
        )
        source = len(names)
    word = t("unc_members_done", job.lang)
    options = {"max_seconds": MAX_SECONDS, "chunk_size": _chunk(n)}
    runs_base = ensemble.evaluate(base, sample, [indicator], progress=lambda k, _: job.count(k, 2 * n, word), **options)
    runs_current = ensemble.evaluate(
        current, sample, [indicator], progress=lambda k, _: job.count(n + k, 2 * n, word), **options
    )
    return runs_base.times, runs_base.values[:, :, 0], runs_current.values[:, :, 0], source


def _sensitivity(spec: RunSpec, method: str, indicator: str, year: float, n: int, seed: int, job):
    runs = n * (len(ensemble.uncertain_parameters(spec.model, spec)) + (1 if method == "morris" else 2))
    word = t("unc_members_done", job.lang)
    return sensitivity.sensitivity(
        spec,
        method,
        indicator,
        year,
        n,
        seed,
        max_seconds=MAX_SECONDS,
        chunk_size=_chunk(runs),
        progress=lambda k, total: job.count(k, total, word),
    )


def fan_frame(times, values: np.ndarray, indicator: str, scenario: str) -> pd.DataFrame:
    table = ensemble.quantiles(times, [indicator], values[:, :, None])
    table = table[(table["time"] - table["time"].round()).abs() < 1e-9]
    return table.assign(scenario=scenario)


def tornado_frame(table: pd.DataFrame, method: str, info, lang: str = "en") -> pd.DataFrame:
    """Long table ``parameter, index, value, low, high, source`` for the tornado chart."""
    columns = (
        (("S1", "S1_conf"), ("ST", "ST_conf")) if method == "sobol" else (("mu_star", "mu_star_conf"), ("sigma", None))
    )
    parts = []
    for index, conf in columns:
        value = table[index].to_numpy(dtype=float)
        half = table[conf].to_numpy(dtype=float) if conf else np.zeros_like(value)
        parts.append(
            pd.DataFrame(
                {
                    "parameter": [info[p].label(lang) if p in info else p for p in table["parameter"]],
                    "index": index,
                    "value": value,
                    "low": value - half,
                    "high": value + half,
                    "source": [info[p].comment if p in info else "" for p in table["parameter"]],
                }
            )
        )
    return pd.concat(parts, ignore_index=True)


def robustness_text(current, base, better: str, indicator: str, year: int, lang: str) -> tuple[str, str]:
    """The robustness card's label and value: the share of members where the settings beat the baseline, or that
    they are identical in every member (nothing moved: not "better in 0%")."""
    current, base = np.asarray(current, dtype=float), np.asarray(base, dtype=float)
    if np.allclose(current, base, rtol=1e-9, atol=0.0):
        return t("unc_identical", lang, indicator=indicator, year=year), f"{len(base)} / {len(base)}"
    wins, members = sensitivity.robustness_share(current, base, better)
    share = fmt.percent(wins / members, lang, 1)
    return t("unc_beats", lang, indicator=indicator, year=year, share=share), f"{wins} / {members}"


def _source_text(source, lang: str) -> str:
    if isinstance(source, int):
        return t("unc_ranges", lang, n=source)
    return t("unc_calibration", lang, name=source)


def _draw_choice(state, lang: str) -> str | None:
    """Where members' parameters come from: the calibration in use, else the sector's committed calibration
    (its 95% intervals, the default when it exists), or the model's full ranges (a wide prior)."""
    calibration = state.calibration or (state.model if state.model in committed_results(state.model) else None)
    if calibration is None:
        return None
    try:
        estimates = Estimates.load(committed_result(state.model, calibration), state.model)
    except ModelError as exc:  # e.g. a result naming constants the model no longer has: draw from the ranges
        st.warning(f"{t('cal_stale', lang)} ({fmt.plain(exc)})", icon=":material/history:")
        return None
    options = (calibration, "")
    choice = st.radio(
        t("unc_draw", lang),
        options,
        horizontal=True,
        key=f"w.unc_draw.{state.model}",
        format_func=lambda o: t("unc_draw_calibration", lang, name=o) if o else t("unc_draw_ranges", lang),
    )
    if choice and estimates.is_stale:
        reasons = stale_text(estimates.stale, lang)
        st.warning(f"{t('cal_stale', lang)} ({fmt.plain(reasons)})", icon=":material/history:")
    return choice or None


def render() -> None:
    state = session.get()
    lang, model = state.lang, state.model
    st.title(t("uncertainty_title", lang))
    info = variable_info(model)
    base, current = specs.baseline_spec(state), specs.current_spec(state)
    choices = list(catalog(model).indicators)
    c1, c2, c3, c4 = st.columns([2, 1, 1, 1])
    session.widget_value("w.unc_ind", state.watch if state.watch in choices else "employment_fte")
    indicator = c1.selectbox(t("indicator", lang), choices, key="w.unc_ind", format_func=lambda n: info[n].label(lang))
    session.widget_value("w.unc_n", 200)
    n = c2.selectbox(t("unc_samples", lang), SAMPLE_CHOICES, key="w.unc_n")
    session.widget_value("w.unc_seed", 0)
    seed = int(c3.number_input(t("seed", lang), min_value=0, max_value=10_000, step=1, key="w.unc_seed"))
    better_default = "lower" if indicator in declaration(model).lower_is_better else "higher"
    better = c4.radio(
        t("unc_better", lang),
        ("higher", "lower"),
        index=("higher", "lower").index(better_default),
        key=f"w.unc_better.{indicator}",
        format_func=lambda b: t(f"unc_{b}", lang),
    )
    if indicator != state.watch:
        state = session.update(watch=indicator)
    draw_from = _draw_choice(state, lang)
    key = ("ensemble", base.digest, current.digest, indicator, int(n), seed, draw_from)
    if not _may_run("ensemble", key, lang):
        return
    out = longrun.run(
        RESULTS,
        "ensemble",
        key,
        t("unc_running_ensemble", lang),
        lang,
        lambda job: _ensemble(base, current, indicator, int(n), seed, draw_from, job),
    )
    if out is None:
        return
    times, base_values, current_values, source = out
    t0, t1 = int(times.min()), int(times.max())
    year = state.year if state.year is not None else min(max(DEFAULT_YEAR, t0), t1)
    session.widget_value("w.unc_year", int(year))
    year = st.slider(t("year", lang), min_value=t0, max_value=t1, key="w.unc_year")
    if year != state.year and not (state.year is None and year == DEFAULT_YEAR):
        state = session.update(year=year)
    names = (specs.item_title(state, "current", lang), t("baseline", lang))
    fan = pd.concat(
        [
            fan_frame(times, current_values, indicator, names[0]),
            fan_frame(times, base_values, indicator, names[1]),
        ],
        ignore_index=True,
    )
    meta = info[indicator]
    title = f"{meta.label(lang)} — {t('unc_fan', lang)}"
    widgets.chart(
        charts.fan(fan, lang, meta.units, indicator, title),
        f"{widgets.settings_stem()}-fan-{indicator}",
        lang,
        f"{t('unc_caption', lang)} ({_source_text(source, lang)}; n = {n}, {t('seed', lang).lower()} {seed}). "
        f"{meta.comment}",
    )
    delta = fan_frame(times, current_values - base_values, indicator, f"{names[0]} − {names[1]}")
    widgets.chart(
        charts.fan(
            delta,
            lang,
            meta.units,
            indicator,
            f"Δ {meta.label(lang)} — {t('unc_delta', lang)}",
            zero=True,
        ),
        f"{widgets.settings_stem()}-fan-delta-{indicator}",
        lang,
        t("unc_delta_caption", lang),
    )
    k = int(np.argmin(np.abs(times - year)))
    label, value = robustness_text(current_values[:, k], base_values[:, k], better, meta.label(lang), year, lang)
    st.metric(label, value, help=t("unc_caption", lang), border=True)
    _sensitivity_panel(current, indicator, year, info, lang, model)


def _may_run(name: str, key: tuple, lang: str) -> bool:
    """False after the user cancelled this very ensemble: the page says so and waits for a click or another setting
    (an interrupted ensemble is simply run again, for the settings now shown)."""
    stop = longrun.stopped(name)
    if stop and stop[0] == "cancelled":
        st.session_state["_unc_cancelled"] = stop[1]
    if st.session_state.get("_unc_cancelled") != key:
        return True
    box = st.container()
    if st.button(t("unc_again", lang), key="w.unc_again", icon=":material/play_arrow:"):
        del st.session_state["_unc_cancelled"]
        return True
    box.warning(t("unc_stopped_cancelled", lang), icon=":material/stop_circle:")
    return False


def _sensitivity_panel(spec, indicator: str, year: int, info, lang: str, model: str) -> None:
    st.subheader(t("unc_tornado", lang))
    c1, c2, c3 = st.columns([1, 1, 1])
    method = c1.radio(
        t("unc_method", lang), ("morris", "sobol"), horizontal=True, key="w.sens_method", format_func=str.capitalize
    )
    n = c2.selectbox("N", SENS_CHOICES[method], key=f"w.sens_n.{method}")
    key = (spec.digest, method, indicator, float(year), int(n))
    done = st.session_state.setdefault("_sensitivity_done", set())
    stop = longrun.stopped("sensitivity")
    if stop:
        done.discard(stop[1])  # asked again with the button, not redone on the next rerun
        st.warning(t(f"unc_stopped_{stop[0]}", lang), icon=":material/stop_circle:")
    if c3.button(t("unc_run", lang), key="w.sens_go", icon=":material/play_arrow:"):
        done.add(key)
    if key not in done:
        return
    label = t("unc_running_sensitivity", lang)
    work = lambda job: _sensitivity(spec, method, indicator, float(year), int(n), 0, job)  # noqa: E731
    try:
        result = longrun.run(RESULTS, "sensitivity", ("sensitivity", *key), label, lang, work)
    except sensitivity.TooManyExcluded as exc:
        st.error(t("unc_refused", lang, k=exc.excluded, n=exc.members), icon=":material/block:")
        return
    if result is None:
        return
    if result.excluded:
        st.warning(t("unc_excluded", lang, k=result.excluded, n=result.members), icon=":material/warning:")
    frame = tornado_frame(result.table.head(15), method, info, lang)
    runs = fmt.number(float(result.runs), lang, 0)
    widgets.chart(
        charts.tornado(frame, lang),
        f"{widgets.settings_stem()}-sensitivity-{method}-{indicator}-{year}",
        lang,
        f"{t('unc_sens_caption', lang, indicator=info[indicator].label(lang), year=year)} "
        f"{t(f'unc_explain_{method}', lang)} {t('unc_runs', lang, runs=runs)}",
    )
