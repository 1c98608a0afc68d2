"""Long work as the user waits for it: the bar says what is done and how long is left (French and English), Cancel
stops the work below (calibration between model runs, ensembles between chunks) and leaves the page clean with a
message, and the end of a calibration says how it went in the colour of its flags."""

from __future__ import annotations

import threading

import numpy as np
import pytest
from streamlit.testing.v1 import AppTest

import calibration as cal
from calibration.fitting import problem
from models import distributed, sensitivity
from models.scenarios import scenario_spec
from tests.test_app_pages import APP, TIMEOUT, assert_clean
from ui import fmt, longrun
from ui.i18n import t
from ui.views import calibration as cal_page
from ui.views import uncertainty

NBSP = fmt.NBSP


def test_waits_are_written_as_people_say_them():
    assert fmt.duration(0.2, "fr") == f"1{NBSP}s"
    assert fmt.duration(40, "fr") == fmt.duration(40, "en") == f"40{NBSP}s"
    assert fmt.duration(61, "fr") == f"1{NBSP}min 10{NBSP}s"  # rounded up to 10 s: not promised shorter
    assert fmt.duration(120, "en") == f"2{NBSP}min"
    assert fmt.duration(3599, "fr") == f"1{NBSP}h"
    assert fmt.duration(7265, "fr") == f"2{NBSP}h 02{NBSP}min"
    assert fmt.duration(float("nan"), "fr") == "–"


def test_time_left_comes_from_the_pace_so_far_and_waits_for_enough_of_it():
    assert longrun.time_left(10.0, 0.2) == pytest.approx(40.0)
    assert longrun.time_left(10.0, 1.0) == 0.0
    assert longrun.time_left(0.5, 0.5) is None  # too early to say
    assert longrun.time_left(10.0, 0.001) is None  # too little done to say


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("fr", f"Calibration · 20{NBSP}% · 318 simulations · temps restant ≈ 40{NBSP}s"),
        ("en", f"Calibration · 20% · 318 model runs · ≈ 40{NBSP}s left"),
    ],
)
def test_the_bar_says_how_much_is_done_and_how_long_is_left(lang, expected):
    text = longrun.status_text("Calibration", 0.2, 10.0, lang, f"318 {t('cal_runs_done', lang)}")
    assert text == expected
    assert longrun.status_text("X", 0.0, 0.0, lang).endswith(t("time_left_unknown", lang))
    assert "≈" not in longrun.status_text("X", 1.0, 10.0, lang)  # nothing is left at the end


def test_memo_is_bounded_and_forgets_old_results():
    now = [0.0]
    memo = longrun.Memo(size=2, ttl=10.0, clock=lambda: now[0])
    memo.put("a", 1)
    memo.put("b", 2)
    assert memo.get("a") == 1
    memo.put("c", 3)  # "b" was used least recently
    assert memo.get("b") is None and memo.get("a") == 1 and memo.get("c") == 3
    now[0] = 11.0
    assert memo.get("a") is None


def _run_chunk_stub(payload, names, values, variables, start, mdl_hash, engine):
    return start, np.arange(3.0), np.full((values.shape[0], 3, len(variables)), float(start))


@pytest.mark.parametrize("workers", [1, 2])
def test_ensemble_progress_counts_members_in_order_and_an_error_stops_the_rest(workers):
    spec = scenario_spec("cae")
    seen = []
    values = np.zeros((10, 1))
    options = {"chunk_size": 3, "workers": workers, "task": _run_chunk_stub}
    _, out = distributed.evaluate(spec, ["x"], values, ["v"], progress=lambda k, n: seen.append((k, n)), **options)
    assert seen == [(3, 10), (6, 10), (9, 10), (10, 10)] and out.shape == (10, 3, 1)
    started = []

    def task(*args):
        started.append(args[4])
        return _run_chunk_stub(*args)

    def stop(k, n):
        raise longrun.Cancelled("test")

    with pytest.raises(longrun.Cancelled):
        distributed.evaluate(spec, ["x"], np.zeros((400, 1)), ["v"], progress=stop, **{**options, "task": task})
    assert len(started) < 400 // 3  # the chunks not started were dropped


def test_a_callback_that_raises_stops_the_calibration_at_once():
    spec = cal.load_spec("cae", "cae-oxalis")
    ev = problem(spec)[0]
    counts = []
    ev.on_run = counts.append
    ev.output(np.full(len(spec.parameters), 0.5))
    assert counts and counts[-1] == ev.runs

    def stop(runs):
        if runs >= 3:
            raise longrun.Cancelled("test")

    with pytest.raises(longrun.Cancelled):  # not wrapped as a CalibrationError: the caller knows it stopped the fit
        cal.fit("cae", spec, on_run=stop)


def _calibration_page(lang: str = "fr") -> AppTest:
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    at.query_params.update({"page": "calibration", "lang": lang, "model": "cae"})
    return at.run()


def _cancelling_fit(model, spec, targets, until=None, seed=None, progress=None, on_run=None):
    """A fit the user cancels after a few runs: the Cancel button's callback sets the job's token."""
    import streamlit as st

    progress(0.1)
    on_run(5)
    st.session_state[longrun.MARKER]["token"].set()
    on_run(6)  # the next run sees it
    raise AssertionError("the callback should have stopped the fit")


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_cancel_stops_the_calibration_and_the_next_run_says_so(monkeypatch, lang):
    monkeypatch.setattr(cal, "fit", _cancelling_fit)
    at = _calibration_page(lang)
    at.button(key="w.cal_go").click().run()  # the run the user started, stopped by the callback
    assert_clean(at)
    at.run()  # the rerun the click on Cancel starts
    assert_clean(at)
    assert [w.value for w in at.warning if w.value == t("cal_stopped_cancelled", lang)]
    assert not st_results(at) and not at.get("progress")
    assert longrun.MARKER not in at.session_state
    at.run()
    assert not [w for w in at.warning if w.value == t("cal_stopped_cancelled", lang)]  # said once


def st_results(at: AppTest) -> dict:
    return at.session_state[cal_page.SESSION_KEY].get("cae", {}) if cal_page.SESSION_KEY in at.session_state else {}


def test_a_calibration_interrupted_by_another_action_is_said_interrupted():
    at = _calibration_page("fr")
    at.session_state[longrun.MARKER] = {"name": "calibration", "key": None, "token": threading.Event()}
    at.run()
    assert_clean(at)
    assert [w for w in at.warning if w.value == t("cal_stopped_interrupted", "fr")]


@pytest.mark.parametrize(("kind", "icon"), [("success", ":material/check_circle:"), ("warning", ":material/flag:")])
def test_the_end_of_a_calibration_is_a_toast_whose_icon_follows_the_flags(kind, icon):
    at = _calibration_page("fr")
    at.session_state[cal_page.DONE_KEY] = (kind, "résumé")
    at.run()
    assert_clean(at)
    assert [(x.value, x.icon) for x in at.toast] == [(t("cal_done", "fr", message="résumé"), icon)]


def test_cancel_stops_the_ensemble_which_waits_for_a_click_to_run_again(monkeypatch):
    uncertainty.RESULTS.items.clear()
    real = uncertainty._ensemble

    def cancelled(base, current, indicator, n, seed, calibration, job):
        job.count(10, 2 * n, "membres")
        job.token.set()  # the Cancel button's callback
        job.count(20, 2 * n, "membres")
        raise AssertionError("the callback should have stopped the ensemble")

    monkeypatch.setattr(uncertainty, "_ensemble", cancelled)
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    at.query_params.update({"page": "uncertainty", "lang": "fr", "model": "cae"})
    at.run()
    assert_clean(at)
    at.run()  # the rerun the click starts: no ensemble started again by itself
    assert_clean(at)
    assert [w for w in at.warning if w.value == t("unc_stopped_cancelled", "fr")]
    assert not at.get("vega_lite_chart") and not at.metric
    monkeypatch.setattr(uncertainty, "_ensemble", real)
    at.run()
    assert not at.metric  # still waiting
    at.button(key="w.unc_again").click().run()
    assert_clean(at)
    assert at.metric and not [w for w in at.warning if w.value == t("unc_stopped_cancelled", "fr")]


def test_a_refused_sensitivity_says_why_in_french(monkeypatch):
    """More than half the members out of their plausible bounds: the page says so in the user's language, no
    traceback, no English exception text, no chart."""
    uncertainty.RESULTS.items.clear()

    def refused(spec, method, indicator, year, n, seed, job):
        raise sensitivity.TooManyExcluded(7, 10, (0.0, 1e11))

    monkeypatch.setattr(uncertainty, "_sensitivity", refused)
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    at.query_params.update({"page": "uncertainty", "lang": "fr", "model": "cae"})
    at.run()
    at.button(key="w.sens_go").click().run()
    assert not at.exception
    assert [e.value for e in at.error] == [t("unc_refused", "fr", k=7, n=10)]
    assert not any("members gave" in e.value for e in at.error)
