"""Every promised one-line error of the command lines: exit status 2 (never an abort or a traceback), one line on
stderr, nothing written, in bounded time. Cases that used to abort the process, read forever, allocate gigabytes or
print at interpreter exit run in a separate process; the others in this one."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import REPO

TIMEOUT = 120


def run(*args: str, module: str = "models") -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", module, *map(str, args)], cwd=REPO, capture_output=True, text=True, timeout=TIMEOUT
    )


def here(capsys, *args: str) -> subprocess.CompletedProcess:
    """``python -m models ARGS`` in this process, as a CompletedProcess."""
    from models.cli import main

    code = main([str(a) for a in args])
    captured = capsys.readouterr()
    return subprocess.CompletedProcess(args, code, captured.out, captured.err)


def one_line(result: subprocess.CompletedProcess, *needles: str) -> str:
    assert result.returncode == 2, (result.returncode, result.stderr[-2000:])
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), result.stderr[-2000:]
    for needle in needles:
        assert needle in lines[0], lines[0]
    return lines[0]


def scenario(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "s.toml"
    path.write_text('title = "x"\n' + text, encoding="utf-8")
    return path


@pytest.mark.timeout(TIMEOUT)
@pytest.mark.parametrize(
    ("text", "needle"),
    [
        ("[time]\nfinal = 1e9\n", "outside the model's span"),  # was an abort (rc 134) allocating 1.5 TB
        ("[time]\nstep = 1e-6\n", "must be 1/n year"),  # was minutes at 100% CPU
        ("[time]\nstep = 100\n", "must be 1/n year"),  # was frozen output
        ("[time]\ninitial = 2039.5\n", "whole year"),  # was an empty CSV
        ("[time]\ninitial = nan\n", "finite number"),  # was a traceback
        ("[time]\nfinal = inf\n", "finite number"),  # was a traceback
        ('[[switch]]\nparameter = "contribution rate"\nfrom = 1800\nvalue = 0.2\n', "outside the run"),
        ('[set]\n"contribution rate" = "0.12"\n', "must be a number"),
        ("title_fr = {a=1}\n", "'title_fr' must be text"),
        ("description = " + "[" * 5000 + "]" * 5000 + "\n", "nested more than"),  # was a RecursionError
    ],
)
def test_bad_scenario_is_one_line(text, needle, tmp_path, capsys):
    out = tmp_path / "x.csv"
    one_line(here(capsys, "run", "cae", "--scenario", scenario(tmp_path, text), "--out", out), needle)
    assert not out.exists()


@pytest.mark.slow
@pytest.mark.timeout(TIMEOUT)
def test_a_huge_time_block_is_one_line_not_an_abort(tmp_path):
    """The issue's first item, through the command line's own process: exit status 2, not 134 (SIGABRT)."""
    out = tmp_path / "x.csv"
    one_line(run("run", "cae", "--scenario", scenario(tmp_path, "[time]\nfinal = 1e9\n"), "--out", out), "span")
    assert not out.exists()


@pytest.mark.slow
@pytest.mark.timeout(TIMEOUT)
@pytest.mark.parametrize(
    ("args", "needle", "separate"),
    [
        (("run", "cae", "--scenario", "/etc"), "not a regular file (a directory)", False),
        (("run", "cae", "--scenario", "/dev/zero"), "not a regular file (a character device)", True),  # read forever
        (("ensemble", "cae", "--samples", "5", "--seed", "-1"), "--seed must be an integer from 0 to", False),
        (("ensemble", "cae", "--samples", "5", "--seed", "1e3"), "--seed must be an integer", False),
        (("ensemble", "cae", "--samples", "10000000", "--seed", "1"), "GB of memory", True),  # was a MemoryError
        (("ensemble", "cae", "--samples", "5", "--scheduler", "garbage"), "expected tcp://HOST:PORT", True),  # __del__
        (
            ("sensitivity", "cae", "--method", "sobol", "--output", "employment_fte", "--year", "2030")
            + ("--samples", "10000000"),
            "runs of cae",
            True,  # SALib allocated 9 GB of samples
        ),
    ],
)
def test_bad_arguments_are_one_line(args, needle, separate, tmp_path, capsys):
    out = tmp_path / "x.csv"
    one_line(run(*args, "--out", out) if separate else here(capsys, *args, "--out", out), needle)
    assert not list(tmp_path.iterdir())


@pytest.mark.timeout(TIMEOUT)
def test_bad_out_is_one_line(tmp_path, capsys):
    (tmp_path / "afile").write_text("x")
    (tmp_path / "folder").mkdir()
    one_line(here(capsys, "run", "cae", "--out", tmp_path / "folder"), "is a directory")
    one_line(here(capsys, "run", "cae", "--out", tmp_path / "afile" / "x.csv"), "is not a directory")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["afile", "folder"]


@pytest.mark.timeout(TIMEOUT)
def test_calibration_inputs_that_used_to_crash_are_one_line(tmp_path, capsys):
    """In this process (none of these could abort it; each was a traceback or a meaningless fit)."""
    from calibration.cli import main

    spec = tmp_path / "spec.toml"
    spec.write_text('title = "t"\n[parameters]\n"CAE creation rate" = "range"\n[method]\nstarts = 0\n')
    header = "variable,time,value,sigma,source,weight\n"
    cases = {
        "tiny sigma": (header + "cae,2005,20,1e-300,a,1\ncae,2010,60,6,b,1\n", "sigma 1e-300 is too small"),
        "zero weights": (header + "cae,2005,20,2,a,0\ncae,2010,60,6,b,0\n", "every target has weight 0"),
        "huge weight": (header + "cae,2005,20,2,a,1e300\n", "weight must be from 0 to"),
        "nan sigma": (header + "cae,2005,20,nan,a,1\n", "sigma must be a finite number, got 'nan'"),
    }
    out = tmp_path / "r.json"
    deep = tmp_path / "deep.json"
    deep.write_text("[" * 100_000 + "]" * 100_000)
    argvs = [(["report", str(deep)], "nested more than")]
    for name, (text, needle) in cases.items():
        targets = tmp_path / f"{name.replace(' ', '-')}.csv"
        targets.write_text(text)
        argvs.append((["fit", "cae", "--spec", str(spec), "--targets", str(targets), "--out", str(out)], needle))
    for argv, needle in argvs:
        assert main(argv) == 2, argv
        err = capsys.readouterr().err.strip().splitlines()
        assert len(err) == 1 and err[0].startswith("error: ") and needle in err[0], err
    assert not out.exists()
