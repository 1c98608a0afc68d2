"""Calibration errors: one line naming the culprit (file, line, column, parameter)."""

import contextlib
from collections.abc import Iterator

from models.errors import ModelError


class CalibrationError(ModelError):
    """Bad targets, spec or result file, or a fit that failed; the CLI prints it on one line and exits 2."""


@contextlib.contextmanager
def as_calibration_error(prefix: str = "") -> Iterator[None]:
    """A ModelError raised in the block (e.g. by :mod:`models.validate`) becomes a CalibrationError, same line."""
    try:
        yield
    except CalibrationError:
        raise
    except ModelError as exc:
        raise CalibrationError(f"{prefix}{exc}") from None
