"""The validation report (``python -m calibration validate``): verdict rules on synthetic data, effects outside their
published range flagged, extreme checks that can fail, staleness of a committed report, the command line's one-line
errors, the whole report on a small sample, the committed CAE report current, and the Validity page in both languages.
"""

from __future__ import annotations

import copy
import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from calibration import validation as val
from calibration import validation_effects, validation_fit
from calibration import verdicts as V
from calibration.validation_render import markdown
from models import extremes
from models.errors import ModelError
from models.registry import get_model, model_names
from ui.i18n import t

REPO = Path(__file__).resolve().parent.parent
APP = str(REPO / "app.py")


def rows(data, model, sigma) -> pd.DataFrame:
    n = len(data)
    return pd.DataFrame(
        {"series": "x", "time": np.arange(n, dtype=float), "value": data, "sigma": sigma, "set": "fit", "model": model}
    )


# ------------------------------------------------------------------ verdict rules on synthetic data


def test_a_series_that_fits_passes_and_a_biased_one_fails_on_um():
    years = np.arange(2000, 2020, dtype=float)
    data = 100 + 5 * (years - 2000) + np.sin(years)  # a trend with wiggles
    good = validation_fit.series_stats(rows(data, data + np.cos(years), sigma=0.1 * data))[0]
    assert good["verdict"] == "pass" and good["um"] < 0.5
    biased = validation_fit.series_stats(rows(data, data * 1.15, sigma=0.06 * data))[0]
    assert biased["um"] > 0.5 and 2 < biased["rmse"] / biased["sigma_rms"] < 3  # fails on bias alone
    assert biased["verdict"] == "fail"
    noisy = validation_fit.series_stats(rows(data, data + 30 * np.sin(3 * years), sigma=0.1 * data))[0]
    assert noisy["um"] < 0.5 and noisy["verdict"] == "caution"  # as large an error, but no bias: not a fail


def test_series_rule_thresholds():
    assert V.series_verdict(1.0, 1.0, 0.5, 1.0) == "pass"  # within the data's sigma
    assert V.series_verdict(5.0, 1.0, 0.05, 0.1) == "pass"  # small MAPE, no bias
    assert V.series_verdict(2.5, 1.0, 0.3, 0.9) == "fail"
    assert V.series_verdict(2.5, 1.0, 0.3, 0.2) == "caution"
    assert V.series_verdict(3.5, 1.0, 0.3, 0.2) == "fail"
    assert V.series_verdict(float("nan"), 1.0, None, None) == "fail"


def test_effect_rule_and_section_worst():
    assert V.effect_verdict(10, 20, 15, 12, 18) == "pass"
    assert V.effect_verdict(10, 20, 25, 19, 30) == "caution"
    assert V.effect_verdict(10, 20, 40, 35, 45) == "fail"
    assert V.effect_verdict(10, 20, 40, None, None) == "fail"
    assert V.worst(["pass", "caution", "pass"]) == "caution" and V.worst([]) == "none"
    assert V.numeric_verdict(0, 0.002, 1e-12) == "pass"
    assert V.numeric_verdict(0, 0.02, 1e-12) == "caution"
    assert V.numeric_verdict(1, 0.002, 1e-12) == "fail"
    assert V.numeric_verdict(0, 0.002, 1e-3) == "fail"


def test_source_marks():
    assert V.source_mark("Assumption (about 550 EUR a month).", False) == "Assumption"
    assert V.source_mark("Prior assumption;", False) == "Assumption"
    assert V.source_mark("FIGURES.md 1.2 (Coopaname).", False) == "Sourced"
    assert V.source_mark("", False) == "Assumption"
    assert V.source_mark("Assumption.", True) == "Calibrated"


def test_sobol_plan_uses_calibration_intervals_and_leaves_dates_out():
    from calibration.estimates import Estimates
    from calibration.validation_depends import plan

    estimates = Estimates.load(REPO / "calibration" / "results" / "cae.json", "cae")
    p = plan("cae", estimates)
    boxes = dict(zip(p["names"], zip(p["lows"], p["highs"], strict=True), strict=True))
    for name, interval in estimates.intervals.items():
        if name in boxes:
            assert boxes[name] == tuple(interval)
    assert "turnover_reference_year" not in boxes and "smic_series_end" not in boxes
    assert p["runs"] == p["samples"] * (len(p["names"]) + 2)


# ------------------------------------------------------------------ effects against evidence


def test_an_effect_outside_its_published_range_is_flagged(monkeypatch):
    real = validation_effects.effect_targets("sap")
    assert not real.empty
    moved = real.iloc[:1].assign(value=1_000_000.0, sigma=1_000.0)  # a published range the model cannot reach
    monkeypatch.setattr(validation_effects, "effect_targets", lambda model: moved)
    section = validation_effects.policy_effects("sap", None)
    (item,) = section["effects"]
    assert item["published_low"] > 990_000 and abs(item["model"]) < 500_000
    assert item["verdict"] == "fail" and section["verdict"] == "fail"
    inside = real.iloc[:1].assign(value=item["model"], sigma=abs(item["model"]) / 10 + 1)
    monkeypatch.setattr(validation_effects, "effect_targets", lambda model: inside)
    assert validation_effects.policy_effects("sap", None)["verdict"] == "pass"


# ------------------------------------------------------------------ extreme conditions


@pytest.mark.parametrize("model", model_names())
def test_every_extreme_check_holds(model):
    results = extremes.run_checks(model)
    assert len(results) >= 4
    assert all(r["passed"] for r in results), [r for r in results if not r["passed"]]


def test_an_extreme_check_can_fail():
    item = {"name": "x", "values": {"applications_per_cae": 0}, "expect": []}
    table = extremes.runtime.simulate(extremes.check_spec("cae", item), variables=["entrepreneurs"])
    wrong = {**item, "expect": [{"variable": "entrepreneurs", "stat": "last", "op": ">", "value": 0}]}
    (outcome,) = extremes.judge(wrong, table, table)
    assert not outcome.passed and outcome.observed == 0
    stock = extremes.catalog("cae").nonnegative_stocks[0]
    negative = table.assign(**{stock: -1.0})
    assert extremes.sanity("cae", negative) and not extremes.sanity("cae", table.assign(**{stock: 1.0}))
    assert extremes.sanity("cae", table.assign(**{stock: np.nan}))


def test_a_malformed_check_is_refused(monkeypatch):
    bad = {"extreme": [{"name": "x", "expect": [{"variable": "nonsense", "stat": "max", "op": "==", "value": 0}]}]}
    monkeypatch.setattr(extremes, "settings", lambda model: bad)
    with pytest.raises(ModelError, match="known variable"):
        extremes.checks("cae")


# ------------------------------------------------------------------ known limits


@pytest.mark.parametrize("model", model_names())
def test_limits_come_from_the_readme_with_their_french_text(model):
    section = val.limits(model)
    french = extremes.settings(model).get("limits", {}).get("fr", [])
    assert not french or len(french) == len(section["items"]), "validation.toml [limits] fr: one item per README item"
    assert all("LIMITS_SECTION" not in item for item in section["items"])


# ------------------------------------------------------------------ staleness and the committed report


def committed(model: str) -> dict:
    return val.load_report(val.committed_path(model))


def test_the_committed_cae_report_is_current():
    report = committed("cae")
    assert val.stale_reasons(report) == [], "rerun: python -m calibration validate cae --out calibration/validity/cae"
    assert set(report["verdicts"]) == set(val.SECTIONS)
    assert report["behaviour"]["calibrations"][0]["band_members"] > 0


def test_a_changed_input_makes_a_report_stale():
    report = committed("cae")
    for key in ("model_hash", "settings_hash", "targets_hash", "calibration_hash"):
        changed = {**report, key: "0" * 64}
        assert val.stale_keys(changed) == [key]
        assert val.STALE_TEXT[key] in val.stale_reasons(changed)[0]
    assert val.stale_keys({**report, "model": "nope"}) == ["unknown"]


def test_markdown_has_every_section_with_its_verdict():
    text = markdown(committed("cae"))
    for title in ("Behaviour reproduction", "Out of sample", "Policy effects", "Extreme conditions", "Numerical"):
        assert f"## {title}" in text
    assert "Research agenda" in text and "cae-until-2011" in text


# ------------------------------------------------------------------ command line


def cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "calibration", *args], capture_output=True, text=True, cwd=REPO)


def test_cli_unknown_model_is_one_line(tmp_path):
    out = cli("validate", "nope", "--out", str(tmp_path / "r"))
    assert out.returncode == 2 and out.stderr.count("\n") == 1 and "nope" in out.stderr
    assert not (tmp_path / "r").exists()


def test_cli_bad_out_is_one_line(tmp_path):
    a_file = tmp_path / "file.txt"
    a_file.write_text("keep me")
    for bad in (a_file, tmp_path / "missing" / "deeper"):
        out = cli("validate", "cae", "--out", str(bad))
        assert out.returncode == 2 and out.stderr.count("\n") == 1 and "--out" in out.stderr, out.stderr
    assert a_file.read_text() == "keep me"
    out = cli("validate", "cae", "--calibration", str(a_file), "--out", str(tmp_path / "r"))
    assert out.returncode == 2 and out.stderr.count("\n") == 1


@pytest.mark.slow
def test_the_whole_report_on_a_small_sample(tmp_path, monkeypatch):
    """Every section, written as Markdown, charts and JSON, with a Sobol sample of 4 (seconds, not a minute)."""
    real = extremes.settings("cae")
    monkeypatch.setattr(extremes, "settings", lambda model: {**real, "sensitivity": {"samples": 4}})
    from calibration.validation_render import write

    report = val.build("cae")
    written = write(report, tmp_path / "r")
    assert {p.name for p in written} >= {"report.md", "validation.json", "behaviour.png", "sensitivity.png"}
    data = json.loads((tmp_path / "r" / "validation.json").read_text())
    assert data["depends"]["samples"] == 4 and data["verdicts"]["extremes"] == "pass"
    assert val.stale_keys(data) == []


# ------------------------------------------------------------------ the Validity page


def open_page(lang: str, model: str = "cae") -> AppTest:
    at = AppTest.from_file(APP, default_timeout=120)
    at.query_params.update(page="validity", lang=lang, model=model)
    return at.run()


@pytest.mark.slow
@pytest.mark.parametrize("lang", ["fr", "en"])
def test_the_page_shows_the_report_in_both_languages(lang):
    at = open_page(lang)
    assert not at.exception and not at.error, [e.value for e in [*at.exception, *at.error]]
    assert at.title[0].value == t("validity_title", lang)
    assert not at.warning  # the committed CAE report is current
    summary = at.dataframe[0].value
    assert list(summary[t("val_section", lang)]) == [t(f"val_section_{k}", lang) for k in val.SECTIONS]
    verdicts = " ".join(summary[t("val_verdict", lang)])
    assert t("val_verdict_pass", lang) in verdicts
    assert len(at.get("vega_lite_chart")) >= 3
    english = {"pass", "fail", "caution", "Behaviour reproduction", "What the answer depends on"}
    if lang == "fr":
        assert not english & set(" ".join(summary.astype(str).to_numpy().ravel()).split(" · "))


@pytest.mark.slow
@pytest.mark.parametrize("lang", ["fr", "en"])
def test_the_page_warns_when_the_report_is_stale(lang, tmp_path, monkeypatch):
    report = copy.deepcopy(committed("cae"))
    report["model_hash"] = "0" * 64
    (tmp_path / "cae").mkdir()
    (tmp_path / "cae" / val.REPORT_JSON).write_text(json.dumps(report))
    monkeypatch.setattr(val, "VALIDITY_DIR", tmp_path)
    at = open_page(lang)
    assert not at.exception and not at.error
    (warning,) = [w.value for w in at.warning if t("val_stale_model_hash", lang) in w.value]
    assert "python -m calibration validate cae" in warning


@pytest.mark.slow
def test_the_page_says_how_to_make_a_missing_report(tmp_path, monkeypatch):
    monkeypatch.setattr(val, "VALIDITY_DIR", tmp_path)
    at = open_page("fr")
    assert not at.exception and not at.error
    assert any("python -m calibration validate cae" in i.value for i in at.info)


def test_every_model_has_validation_settings():
    for model in model_names():
        assert (get_model(model).folder / "validation.toml").exists()
