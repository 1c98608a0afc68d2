"""Calibrated estimates as the runs use them: ``Estimates.load(path, model)`` -> values, intervals, stale flag.

This is how everyone applies a calibration result file (``python -m models run --calibration``, ensembles and effects,
the dashboard): the file is read by :func:`calibration.result.read_parameters` (the one reader of its parameters) and
checked against the model:

* ``values`` — ``{identifier: estimate}``, each a known constant of the model inside its range;
* ``intervals`` — ``{identifier: (low, high)}`` to sample: the 95% interval (``ci``), else the bounds searched, else
  the model's range; clipped to the model's range;
* ``stale`` — why the file no longer matches what it was fitted on (model, targets, spec: see
  :mod:`calibration.staleness`); empty when it does, or when the file does not say (estimates written by hand).

A stale result is still applied: the command lines print the reasons on stderr, the dashboard shows them. A file is
read again only when it changes (its modification time and size) or the model does.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from types import MappingProxyType

from calibration.errors import CalibrationError, as_calibration_error
from calibration.result import RESULT_KEYS, read_parameters, result_from_dict
from calibration.staleness import stale_reasons
from models import validate
from models.io import read_json
from models.parameters import check_value, resolve
from models.registry import get_model


@dataclass(frozen=True)
class Estimates:
    """Calibrated constants of one model, read from one result file."""

    model: str
    source: str  # the file, as given (messages, ensemble captions)
    values: Mapping[str, float]
    intervals: Mapping[str, tuple[float, float]]
    stale: tuple[str, ...] = ()

    @property
    def is_stale(self) -> bool:
        return bool(self.stale)

    @classmethod
    def load(cls, path: str | Path, model: str) -> Estimates:
        """The estimates of the result file ``path`` for ``model``; CalibrationError naming the file and the key when
        it is missing, not a regular JSON file of at most 4 MB, for another model, or names an unknown constant or
        a value out of its range."""
        stamp = validate.stamp(path)  # None: reported by the reader
        return _load(str(path), model, stamp, get_model(model).mdl_hash())


@lru_cache(maxsize=32)
def _load(path: str, model: str, stamp: tuple | None, mdl_hash: str) -> Estimates:
    with as_calibration_error():
        data = read_json(path, "calibration file")
    if isinstance(data, dict) and data.get("model", model) != model:
        raise CalibrationError(f"{path}: calibration is for model {validate.show(data['model'])}, not {model!r}")
    values, intervals = {}, {}
    with as_calibration_error():
        for entry in read_parameters(data, path):
            param = resolve(model, entry.name, path)
            values[param.py_name] = check_value(param, entry.estimate, path)
            interval = next((pair for pair in (entry.ci, entry.bounds) if all(map(math.isfinite, pair))), None)
            low, high = interval or (param.min, param.max)
            if math.isfinite(param.min):
                low, high = max(low, param.min), max(high, param.min)
            if math.isfinite(param.max):
                low, high = min(low, param.max), min(high, param.max)
            intervals[param.py_name] = (low, high)
    return Estimates(model, path, MappingProxyType(values), MappingProxyType(intervals), _stale(data, path, mdl_hash))


def _stale(data: dict, where: str, mdl_hash: str) -> tuple[str, ...]:
    """Why a result file no longer matches what it was fitted on; a file of estimates alone: only its model hash."""
    if all(key in data for key in RESULT_KEYS):
        return tuple(stale_reasons(result_from_dict(data, where)))
    fitted = data.get("model_hash")
    if isinstance(fitted, str) and fitted != mdl_hash:
        return (f"model changed (fitted on {fitted[:12]}, now {mdl_hash[:12]})",)
    return ()
