"""Reading and writing files safely: destinations checked before any work, atomic writes, bounded JSON.

A destination (``--out``) is a regular file, which is replaced, or a new name in an existing, writable directory;
a directory, a device, a pipe, a symbolic link or a path under a file is refused before anything is computed, and
again just before the file is moved into place. Writes go to a temporary file beside the target, moved onto it only
when complete: a reader never sees half a file, and a failure (full or read-only disk, an interrupt, SIGTERM) leaves
the previous file as it was and no temporary file behind.
"""

from __future__ import annotations

import contextlib
import os
import signal
import stat
import tempfile
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

from models import validate
from models.errors import ModelError

_UMASK = os.umask(0)
os.umask(_UMASK)  # read once at import (os.umask is process-wide, not thread-safe to probe later)


def check_destination(path: Path | str, what: str = "--out") -> Path:
    """``path`` if a file may be written there: an existing regular file, or a new name in an existing directory
    this process can write in; ModelError naming ``what`` and the path otherwise."""
    target = Path(path)
    here = f"{what} {target}"
    try:
        info = target.lstat()
    except FileNotFoundError:
        info = None
    except NotADirectoryError:
        info = None  # reported below, for the folder
    except OSError as exc:
        raise ModelError(f"{here}: cannot use it ({exc.strerror or exc})") from None
    if info is not None:
        if stat.S_ISLNK(info.st_mode):
            raise ModelError(f"{here}: is a symbolic link (to {os.readlink(target)}); give the file itself")
        if stat.S_ISDIR(info.st_mode):
            raise ModelError(f"{here}: is a directory; give a file path inside it")
        if not stat.S_ISREG(info.st_mode):
            raise ModelError(f"{here}: not a regular file ({validate.kind(info.st_mode)}); give a file to write")
    folder = target.parent
    if not folder.exists():
        existing = next((p for p in folder.parents if p.exists()), None)
        if existing is not None and not existing.is_dir():
            raise ModelError(f"{here}: {existing} is not a directory")
        raise ModelError(f"{here}: no such directory {folder}")
    if not folder.is_dir():
        raise ModelError(f"{here}: {folder} is not a directory")
    if not os.access(folder, os.W_OK | os.X_OK):
        raise ModelError(f"{here}: cannot write in {folder} (read-only or not permitted)")
    return target


def atomic_write(path: Path | str, write: Callable[[Path], None]) -> None:
    """Call ``write(tmp)`` then move ``tmp`` onto ``path``: a reader never sees half a file, a failure leaves any
    previous file as it was. The target must be a regular file or a new name (see :func:`check_destination`); the
    temporary file is removed on any error, on Ctrl-C and on SIGTERM."""
    target = check_destination(path, "cannot write")
    tmp: Path | None = None
    with _removed_on_signal():
        try:
            fd, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
            tmp = Path(name)
            os.close(fd)
            write(tmp)
            os.chmod(tmp, 0o666 & ~_UMASK)  # mkstemp makes 0600 files; give the usual permissions
            check_destination(target, "cannot write")  # nothing was swapped in meanwhile
            os.replace(tmp, target)
        except OSError as exc:
            raise ModelError(f"cannot write {target} ({exc.strerror or exc}); nothing written") from None
        finally:
            if tmp is not None:
                tmp.unlink(missing_ok=True)


@contextlib.contextmanager
def _removed_on_signal() -> Iterator[None]:
    """While the block runs in the main thread, SIGTERM raises SystemExit (exit status 143), so that ``finally``
    clauses run and the temporary file is removed; Ctrl-C already raises KeyboardInterrupt. A handler installed by
    someone else is left alone."""
    if threading.current_thread() is not threading.main_thread() or signal.getsignal(signal.SIGTERM) != signal.SIG_DFL:
        yield
        return

    def stop(signum, frame):
        raise SystemExit(128 + signum)

    signal.signal(signal.SIGTERM, stop)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, signal.SIG_DFL)


def atomic_write_text(path: Path | str, text: str) -> None:
    atomic_write(path, lambda tmp: tmp.write_text(text, encoding="utf-8"))


def read_json(path: Path | str, what: str) -> object:
    """A JSON file (regular, at most 4 MB, at most 16 levels deep) as data; ModelError naming the file otherwise."""
    return validate.parse_json(validate.read_text(path, what, validate.MAX_JSON_BYTES), str(path))
