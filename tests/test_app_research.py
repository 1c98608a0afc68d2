"""The researcher's path: the Calibration page says what a result found (sector result first, flags in words, a box
whose colour follows the flags, units and a data/model legend), and sensitivity says what it left out."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import calibration as cal
from ui import charts
from ui.calibration_report import default_pick, flag_text, summary
from ui.i18n import t
from ui.views.uncertainty import robustness_text

APP = str(Path(__file__).resolve().parent.parent / "app.py")
FLAGS = ("at_lower_bound", "at_upper_bound", "unidentifiable", "ci_reaches_lower_bound", "ci_reaches_upper_bound")


def test_the_sector_result_is_shown_first_unless_one_is_in_use():
    options = ["file:cae-coopaname", "file:cae", "file:cae-oxalis", "session:x"]
    assert default_pick(options, "cae", None) == "file:cae"
    assert default_pick(options, "cae", "cae-oxalis") == "file:cae-oxalis"
    assert default_pick(["file:cae-oxalis"], "cae", None) == "file:cae-oxalis"


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_flags_are_words_and_a_flagged_result_is_not_a_success(lang):
    for flag in (*FLAGS, "correlated_with:entry fee"):
        text = flag_text(flag, lang)
        assert "_" not in text and text != flag
    assert "entry fee" in flag_text("correlated_with:entry fee", lang)
    result = cal.load_result(cal.committed_results("cae")["cae"])
    clean = replace(result, parameters=tuple(replace(p, flags=()) for p in result.parameters))
    assert summary(clean, lang)[0] == "success"
    flagged = replace(
        clean, parameters=(replace(clean.parameters[0], flags=("at_upper_bound",)), *clean.parameters[1:])
    )
    kind, text = summary(flagged, lang)
    assert kind == "warning" and f"1 {'paramètre' if lang == 'fr' else 'of'}" in text
    assert summary(replace(clean, converged=False), lang)[0] == "error"


def test_fit_chart_has_a_unit_and_a_data_model_legend():
    points = pd.DataFrame(
        {"variable": "v", "label": "Emploi", "time": [2010.0, 2011.0], "value": [2e6, 2.1e6], "sigma": [1e5, 1e5]}
    ).assign(source="", unit="ETP")
    line = pd.DataFrame({"variable": "v", "label": "Emploi", "time": [2010.0, 2011.0], "value": [2e6, 2.05e6]})
    spec = charts.fit_panels(points, line, "fr", kinds=("Données (± σ)", "Modèle calibré")).to_dict()
    text = repr(spec)
    assert "'title': 'M ETP'" in text  # the y axis says the scale and the unit
    assert "Données (± σ)" in text and "Modèle calibré" in text and "'legend'" in text


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_robustness_says_identical_when_nothing_moved(lang):
    base = np.array([1.0, 2.0, 3.0])
    label, value = robustness_text(base, base.copy(), "higher", "X", 2030, lang)
    assert label == t("unc_identical", lang, indicator="X", year=2030) and value == "3 / 3"
    label, value = robustness_text(base + [1.0, 0.0, 0.0], base, "higher", "X", 2030, lang)
    assert value == "1 / 3" and "33" in label


@pytest.mark.slow
@pytest.mark.parametrize("lang", ["fr", "en"])
def test_calibration_page_reports_in_the_page_language(lang):
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(APP, default_timeout=180)
    at.query_params.update({"model": "cae", "lang": lang, "page": "calibration"})
    at.run()
    assert not at.exception and not at.error
    assert at.selectbox(key="w.cal_pick").value == "file:cae"  # the sector's own result, not a case's
    estimates = next(d.value for d in at.dataframe if t("col_parameter", lang) in d.value.columns)
    assert list(estimates.columns) == [
        t(k, lang) for k in ("col_parameter", "col_estimate", "col_unit", "col_interval", "col_bounds", "col_flags")
    ]
    cells = " ".join(estimates.astype(str).to_numpy().ravel())
    assert not any(code in cells for code in FLAGS) and "None" not in cells and "nan" not in cells
    result = cal.load_result(cal.committed_results("cae")["cae"])
    assert (len(at.success) > 0) == (not result.flagged and result.converged)  # green only when nothing is flagged
