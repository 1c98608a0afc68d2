"""Reading and writing files safely: atomic writes, calibration files."""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Callable
from pathlib import Path

from models.errors import ModelError

_UMASK = os.umask(0)
os.umask(_UMASK)  # read once at import (os.umask is process-wide, not thread-safe to probe later)


def atomic_write(path: Path | str, write: Callable[[Path], None]) -> None:
    """Call ``write(tmp)`` then move ``tmp`` onto ``path``: a reader never sees half a file, a failure leaves
    any previous file as it was."""
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        write(tmp)
        os.chmod(tmp, 0o666 & ~_UMASK)  # mkstemp makes 0600 files; give the usual permissions
        os.replace(tmp, target)
    finally:
        tmp.unlink(missing_ok=True)


def atomic_write_text(path: Path | str, text: str) -> None:
    atomic_write(path, lambda tmp: tmp.write_text(text, encoding="utf-8"))


def read_calibration(path: Path | str) -> dict:
    """A calibration result JSON (``{"parameters": {name: {"estimate": x, "ci": [lo, hi], ...}}, ...}``) as a dict;
    ModelError naming the file if it is missing or malformed."""
    source = Path(path)
    try:
        data = json.loads(source.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ModelError(f"{source}: no such calibration file") from None
    except (json.JSONDecodeError, UnicodeDecodeError, IsADirectoryError) as exc:
        raise ModelError(f"{source}: not valid JSON ({exc})") from None
    if not isinstance(data, dict) or not isinstance(data.get("parameters"), dict):
        raise ModelError(f"{source}: expected an object with 'parameters': {{name: {{'estimate': x}}}}")
    return data


def read_calibration_estimates(path: Path | str) -> tuple[dict[str, float], dict]:
    """``({parameter name: estimate}, whole file)`` from a calibration result JSON."""
    data = read_calibration(path)
    out = {}
    for name, entry in data["parameters"].items():
        if not isinstance(entry, dict) or "estimate" not in entry:
            raise ModelError(f"{path}: parameters.{name} needs an 'estimate'")
        out[name] = entry["estimate"]
    return out, data
