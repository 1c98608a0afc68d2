"""``python -m models``: outputs and one-line errors that write nothing."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from models.catalog import STANDARD_INDICATORS, catalog
from models.cli import main
from models.parameters import parameters
from tests.conftest import MODELS, REPO


def cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "models", *args], cwd=REPO, capture_output=True, text=True)


@pytest.mark.slow
def test_list_names_every_model() -> None:
    out = cli("list")
    assert out.returncode == 0
    for name in MODELS:
        assert out.stdout.count(name) >= 1


@pytest.mark.slow
def test_params_lists_every_constant_with_range_unit_and_source() -> None:
    out = cli("params", "cae")
    assert out.returncode == 0
    for param in parameters("cae").values():
        line = next(line for line in out.stdout.splitlines() if line.startswith(param.name + " "))
        assert param.range_text in line and param.units in line


@pytest.mark.parametrize("model", MODELS)
def test_run_writes_long_yearly_csv_with_stocks_and_indicators(model: str, tmp_path: Path) -> None:
    out = tmp_path / "x.csv"
    assert main(["run", model, "--out", str(out)]) == 0
    table = pd.read_csv(out)
    assert list(table.columns) == ["time", "variable", "value"]
    assert set(STANDARD_INDICATORS) | set(catalog(model).stocks) <= set(table["variable"])
    assert (table["time"] % 1 == 0).all()
    assert not table["value"].isna().any()


def test_set_and_scenario_change_the_output(tmp_path: Path) -> None:
    base, changed, scen = tmp_path / "a.csv", tmp_path / "b.csv", tmp_path / "c.csv"
    main(["run", "cae", "--out", str(base)])
    main(["run", "cae", "--set", "contribution rate=0.15", "--out", str(changed)])
    main(["run", "cae", "--scenario", "no-2014-law", "--out", str(scen)])
    a, b, c = (pd.read_csv(p).set_index(["time", "variable"])["value"] for p in (base, changed, scen))
    assert b[(2030, "resource_share_members")] > a[(2030, "resource_share_members")]
    assert c[(2030, "associates")] < a[(2030, "associates")]


def test_calibration_file_estimates_are_applied(tmp_path: Path) -> None:
    calib = tmp_path / "calib.json"
    calib.write_text(json.dumps({"parameters": {"contribution rate": {"estimate": 0.2}}}))
    direct, via = tmp_path / "a.csv", tmp_path / "b.csv"
    main(["run", "cae", "--set", "contribution_rate=0.2", "--out", str(direct)])
    main(["run", "cae", "--calibration", str(calib), "--out", str(via)])
    pd.testing.assert_frame_equal(pd.read_csv(direct), pd.read_csv(via))


BAD_SCENARIOS = {
    "not toml": ("title = [unclosed", "not valid TOML"),
    "unknown key": ('title = "x"\nfoo = 1', "unknown key(s) foo"),
    "unknown parameter": ('title = "x"\n[set]\n"no such thing" = 1', "unknown parameter 'no such thing'"),
    "out of range": ('title = "x"\n[set]\n"contribution rate" = 2', "'contribution rate' = 2 is outside"),
    "switch without date": ('title = "x"\n[[switch]]\nparameter = "contribution rate"\nvalue = 0.1', "'from'"),
    "no title": ('[set]\n"contribution rate" = 0.1', "'title' is required"),
}


@pytest.mark.slow
@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["run", "nosuchmodel"], "unknown model 'nosuchmodel'"),
        (["run", "cae", "--set", "nosuch=1"], "unknown parameter 'nosuch'"),
        (["run", "cae", "--set", "contribution rate=0.9"], "'contribution rate' = 0.9 is outside its range"),
        (["run", "cae", "--set", "contribution rate=abc"], "must be a number"),
        (["run", "cae", "--set", "contribution rate"], "expected Name=value"),
        (["run", "cae", "--scenario", "nosuch"], "unknown scenario 'nosuch'"),
        (["run", "cae", "--calibration", "nosuch.json"], "no such calibration file"),
    ],
)
def test_bad_input_is_one_line_nonzero_and_writes_nothing(args: list[str], message: str, tmp_path: Path) -> None:
    out = tmp_path / "x.csv"
    result = cli(*args, "--out", str(out))
    assert result.returncode == 2
    assert message in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert not out.exists()


@pytest.mark.slow
@pytest.mark.parametrize("case", sorted(BAD_SCENARIOS))
def test_malformed_scenario_file_names_file_and_key(case: str, tmp_path: Path) -> None:
    text, message = BAD_SCENARIOS[case]
    bad = tmp_path / "bad.toml"
    bad.write_text(text)
    out = tmp_path / "x.csv"
    out.write_text("previous,contents\n")
    result = cli("run", "cae", "--scenario", str(bad), "--out", str(out))
    assert result.returncode == 2
    assert message in result.stderr and "bad.toml" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert out.read_text() == "previous,contents\n"


def test_effect_splits_jobs_and_divides_the_cost_by_new_jobs(tmp_path: Path, capsys) -> None:
    """``effect``: the 2007 credit (baseline against no-credit-2007) over 2008-2012, as a long table whose parts add up;
    run in-process (the same code path as the command line)."""
    out = tmp_path / "effect.csv"
    code = main(["effect", "sap", "--against", "no-credit-2007", "--from", "2008", "--to", "2012", "--out", str(out)])
    assert code == 0 and "FTE" in capsys.readouterr().err
    table = pd.read_csv(out)
    assert list(table.columns) == ["scenario", "against", "from", "to", "quantity", "statistic", "value"]
    value = table[table["statistic"] == "value"].set_index("quantity")["value"]
    assert value["employment_fte"] == pytest.approx(value["employment_fte_new"] + value["employment_fte_formalised"])
    assert value["employment_fte"] > 0 and value["employment_fte_moved"] >= 0
    assert value["cost_per_new_fte"] == pytest.approx(value["net_public_cost"] / value["employment_fte_new"])


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--from", "2030", "--to", "2020"], "the end must be a year at or after the start"),
        (["--from", "1990", "--to", "2000"], "outside the run"),
        (["--from", "2020", "--to", "2025", "--samples", "10"], "--samples needs --calibration"),
        (["--from", "twenty", "--to", "2025"], "--from"),
    ],
)
def test_effect_errors_are_one_line_and_write_nothing(args: list[str], message: str, tmp_path: Path, capsys) -> None:
    out = tmp_path / "effect.csv"
    code = main(["effect", "sap", "--scenario", "credit-40pct-2027", *args, "--out", str(out)])
    err = capsys.readouterr().err
    assert code == 2 and message in err and err.count("\n") == 1
    assert not out.exists()
