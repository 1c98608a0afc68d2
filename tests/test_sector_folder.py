"""A sector is a folder: a copy of ``models/cae`` under another name, in a folder outside the repository named by
``ESS_MODELS_PATH``, runs through the command line, a calibration, an ensemble and every dashboard page with no
change to the code (nothing in ``models/``, ``calibration/`` or ``ui/`` knows the sector by name)."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from calibration import cli as calibration_cli
from calibration.paths import TARGETS_DIR
from calibration.result import load_result
from models import cli
from models.registry import PATH_VARIABLE, REPO_DIR, get_model, model_names
from ui import state as S

pytestmark = pytest.mark.slow
NAME = "sector-copy"
APP = str(REPO_DIR / "app.py")
SPEC = """title = "A copied sector: cooperatives counted 1995-2023"
model = "sector-copy"
targets = "{targets}"

[parameters]
"CAE creation rate" = "range"

[objective]
log = ["cae"]
variables = ["cae"]

[method]
starts = 1
max_nfev = 40
global_check = false
"""


@pytest.fixture(scope="module")
def sectors(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("sectors")
    shutil.copytree(get_model("cae").folder, root / NAME)
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv(PATH_VARIABLE, str(root))
        yield root


def test_the_copy_is_a_sector_of_its_own(sectors):
    assert NAME in model_names() and get_model(NAME).folder == sectors / NAME
    assert get_model("cae").folder.parent == REPO_DIR / "models"  # the bundled one is untouched


def test_command_line_runs_the_copy_as_the_original(sectors, tmp_path):
    copy, original = tmp_path / "copy.csv", tmp_path / "cae.csv"
    assert cli.main(["run", NAME, "--out", str(copy)]) == 0
    assert cli.main(["run", "cae", "--out", str(original)]) == 0
    pd.testing.assert_frame_equal(pd.read_csv(copy), pd.read_csv(original))
    scenario = REPO_DIR / "scenarios" / "cae" / "subsidies-halved-2026.toml"  # a scenario file, by path
    assert cli.main(["run", NAME, "--scenario", str(scenario), "--out", str(copy)]) == 0
    fresh = subprocess.run(  # a new process finds the sector from the environment alone
        [sys.executable, "-m", "models", "list"], cwd=REPO_DIR, capture_output=True, text=True, timeout=300
    )
    assert fresh.returncode == 0 and NAME in fresh.stdout, fresh.stderr


def test_calibration_and_ensemble_of_the_copy(sectors, tmp_path):
    targets = tmp_path / "targets.csv"
    shutil.copy(TARGETS_DIR / "cae.csv", targets)
    spec = tmp_path / "spec.toml"
    spec.write_text(SPEC.format(targets=targets), encoding="utf-8")
    result = tmp_path / "fit.json"
    args = ["fit", NAME, "--spec", str(spec), "--out", str(result)]
    assert calibration_cli.main(args) == 0
    assert load_result(result).model == NAME
    bands = tmp_path / "bands.csv"
    args = ["ensemble", NAME, "--samples", "8", "--seed", "1", "--calibration", str(result), "--out", str(bands)]
    assert cli.main(args) == 0
    assert set(pd.read_csv(bands)["quantile"]) == {0.05, 0.25, 0.5, 0.75, 0.95}


@pytest.mark.parametrize("lang", ["fr", "en"])
@pytest.mark.parametrize("page", S.PAGES)
def test_every_page_of_the_copy_opens(sectors, page, lang):
    at = AppTest.from_file(APP, default_timeout=300)
    at.query_params.update({"model": NAME, "page": page, "lang": lang})
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error, [e.value for e in at.error]
    assert at.query_params["model"] == NAME
