"""Writes that cannot destroy: ``--out`` is a regular file or a new path in an existing directory, checked before any
computation; ``atomic_write`` never leaves half a file, keeps the previous file on any failure, and removes its
temporary file when the writer is stopped by a signal."""

from __future__ import annotations

import errno
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from models import cli, distributed, io
from models.errors import ModelError
from tests.conftest import REPO

PREVIOUS = "previous,contents\n"


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


# ---------------------------------------------------------------- the destination, before any work


def _fifo(tmp: Path) -> Path:
    path = tmp / "pipe"
    os.mkfifo(path)
    return path


def _device(tmp: Path) -> Path:
    if os.geteuid() != 0:
        pytest.skip("creating a device node needs root")
    path = tmp / "full"
    os.mknod(path, 0o666 | 0o020000, os.makedev(1, 7))  # a copy of /dev/full
    return path


def _symlink(tmp: Path) -> Path:
    (tmp / "target.csv").write_text(PREVIOUS)
    (tmp / "link.csv").symlink_to("target.csv")
    return tmp / "link.csv"


def _directory(tmp: Path) -> Path:
    (tmp / "folder").mkdir()
    return tmp / "folder"


def _under_a_file(tmp: Path) -> Path:
    (tmp / "afile").write_text(PREVIOUS)
    return tmp / "afile" / "x.csv"


def _missing_folder(tmp: Path) -> Path:
    return tmp / "nowhere" / "x.csv"


BAD_DESTINATIONS = {
    "fifo": (_fifo, "not a regular file (a named pipe)"),
    "device": (_device, "not a regular file (a character device)"),
    "symlink": (_symlink, "is a symbolic link (to target.csv); give the file itself"),
    "directory": (_directory, "is a directory; give a file path"),
    "under a file": (_under_a_file, "afile is not a directory"),
    "missing folder": (_missing_folder, "no such directory"),
}


@pytest.mark.parametrize("case", sorted(BAD_DESTINATIONS))
def test_bad_destination_is_refused_and_left_alone(case, tmp_path):
    make, message = BAD_DESTINATIONS[case]
    path = make(tmp_path)
    before = {p.name: (p.lstat().st_mode, p.lstat().st_size) for p in tmp_path.iterdir()}
    with pytest.raises(ModelError) as err:
        io.check_destination(path)
    assert message in str(err.value) and str(path) in str(err.value)
    with pytest.raises(ModelError):
        io.atomic_write_text(path, "new\n")  # the writer refuses too, whoever calls it
    assert {p.name: (p.lstat().st_mode, p.lstat().st_size) for p in tmp_path.iterdir()} == before
    assert not leftovers(tmp_path)


def test_a_regular_file_or_a_new_path_is_accepted(tmp_path):
    old = tmp_path / "old.csv"
    old.write_text(PREVIOUS)
    assert io.check_destination(old) == old
    assert io.check_destination(tmp_path / "new.csv") == tmp_path / "new.csv"
    io.atomic_write_text(old, "new\n")
    assert old.read_text() == "new\n" and not leftovers(tmp_path)


def _fail_if_called(*args, **kwargs):
    raise AssertionError("the computation started before the destination was checked")


@pytest.mark.parametrize(
    "argv",
    [
        ["run", "cae"],
        ["ensemble", "cae", "--samples", "10", "--seed", "1"],
        ["sensitivity", "cae", "--method", "morris", "--output", "employment_fte", "--year", "2030", "--samples", "2"],
    ],
)
def test_cli_checks_the_destination_before_computing(argv, tmp_path, capsys, monkeypatch):
    monkeypatch.setattr(cli, "run_long", _fail_if_called)
    monkeypatch.setattr(distributed, "evaluate", _fail_if_called)
    (tmp_path / "afile").write_text(PREVIOUS)
    assert cli.main([*argv, "--out", str(tmp_path / "afile" / "x.csv")]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith("error: --out ") and "afile is not a directory" in err[0]


def test_calibration_cli_checks_the_destination_before_fitting(tmp_path, capsys, monkeypatch):
    from calibration import cli as cal_cli

    monkeypatch.setattr(cal_cli, "fit", _fail_if_called)
    assert cal_cli.main(["fit", "cae", "--out", str(tmp_path)]) == 2  # a directory (ends without .json)
    assert cal_cli.main(["fit", "cae", "--out", str(tmp_path / "nowhere" / "r.json")]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 2 and all(line.startswith("error: --out") for line in err)


# ---------------------------------------------------------------- failures while writing keep the previous file


def test_a_writer_that_fails_half_way_keeps_the_previous_file(tmp_path):
    target = tmp_path / "out.csv"
    target.write_text(PREVIOUS)

    def half(tmp: Path) -> None:
        with open(tmp, "w") as handle:
            handle.write("half,")
        raise OSError(errno.ENOSPC, "No space left on device")

    with pytest.raises(ModelError, match=r"cannot write .*out\.csv \(No space left on device\); nothing written"):
        io.atomic_write(target, half)
    assert target.read_text() == PREVIOUS
    assert not leftovers(tmp_path)


def test_a_readonly_folder_is_refused_before_writing(tmp_path, monkeypatch):
    real_access = os.access
    monkeypatch.setattr(os, "access", lambda p, mode: False if Path(p) == tmp_path else real_access(p, mode))
    with pytest.raises(ModelError, match="cannot write in"):
        io.check_destination(tmp_path / "x.csv")


def test_a_reader_never_sees_half_a_file(tmp_path):
    target = tmp_path / "out.csv"
    target.write_text(PREVIOUS)
    seen = []

    def slow(tmp: Path) -> None:
        with open(tmp, "w") as handle:
            handle.write("half,")
            handle.flush()
            seen.append(target.read_text())  # what any reader sees while the writer is half way
            handle.write("done\n")

    io.atomic_write(target, slow)
    assert seen == [PREVIOUS] and target.read_text() == "half,done\n"


WRITER = textwrap.dedent(
    """
    import sys, time
    from pathlib import Path
    sys.path.insert(0, {repo!r})
    from models.io import atomic_write

    def slow(tmp):
        with open(tmp, "w") as handle:
            handle.write("half,")
            handle.flush()
            Path({ready!r}).touch()
            time.sleep(60)
            handle.write("done\\n")

    atomic_write({target!r}, slow)
    """
)


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT, signal.SIGKILL])
def test_a_writer_killed_mid_write_keeps_the_previous_file(sig, tmp_path):
    target, ready = tmp_path / "out.csv", tmp_path / "ready"
    target.write_text(PREVIOUS)
    code = WRITER.format(repo=str(REPO), ready=str(ready), target=str(target))
    # a child inherits an ignored SIGINT (as some test runners' workers have it), and Python then installs no
    # KeyboardInterrupt handler: restore the default so that the signal means what it means at a terminal
    proc = subprocess.Popen(
        [sys.executable, "-c", code],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )
    deadline = time.monotonic() + 60
    while not ready.exists() and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.02)
    assert ready.exists(), proc.communicate()
    proc.send_signal(sig)
    _, err = proc.communicate(timeout=30)
    assert proc.returncode != 0
    assert target.read_text() == PREVIOUS  # a truncate-and-write-in-place writer would leave "half,"
    if sig != signal.SIGKILL:  # a caught signal removes the temporary file (SIGKILL cannot be caught)
        assert not leftovers(tmp_path), err
    if sig == signal.SIGTERM:
        assert proc.returncode == 143 and b"Traceback" not in err  # a clean exit, as the default action's status
