"""Calibration errors: one line naming the culprit (file, line, column, parameter)."""

from models.errors import ModelError


class CalibrationError(ModelError):
    """Bad targets, spec or result file, or a fit that failed; the CLI prints it on one line and exits 2."""
