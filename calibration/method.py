"""How a calibration searches: the ``[method]`` table of a spec (see :mod:`calibration.specs`)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace

from calibration.errors import CalibrationError

UNCERTAINTY_METHODS = ("profile", "bootstrap")
MIN_BOOTSTRAP = 200


@dataclass(frozen=True)
class Method:
    """Starts of the local search, the global check, and how the 95% intervals are computed."""

    starts: int = 8
    max_nfev: int = 300
    global_check: bool = True
    de_maxiter: int = 30
    de_popsize: int = 8
    uncertainty: str = "profile"
    bootstrap_samples: int = MIN_BOOTSTRAP


def parse_method(table: Mapping, where: str) -> Method:
    """A spec's ``[method]`` table (the defaults for what it leaves out); CalibrationError naming the key."""
    defaults = Method()
    allowed = set(defaults.__dataclass_fields__)
    unknown = set(table) - allowed
    if unknown:
        raise CalibrationError(
            f"{where}: [method] unknown key(s) {', '.join(sorted(unknown))}; allowed: {', '.join(sorted(allowed))}"
        )
    values = {}
    for key, value in table.items():
        expected = type(getattr(defaults, key))
        if expected is bool:
            ok = isinstance(value, bool)
        elif expected is int:
            ok = isinstance(value, int) and not isinstance(value, bool) and value >= (0 if key == "starts" else 1)
        else:
            ok = isinstance(value, str)
        if not ok:
            raise CalibrationError(f"{where}: [method] {key} = {value!r} is not a valid {expected.__name__}")
        values[key] = value
    method = replace(defaults, **values)
    if method.uncertainty not in UNCERTAINTY_METHODS:
        raise CalibrationError(f"{where}: [method] uncertainty must be one of {', '.join(UNCERTAINTY_METHODS)}")
    if method.uncertainty == "bootstrap" and method.bootstrap_samples < MIN_BOOTSTRAP:
        raise CalibrationError(f"{where}: [method] bootstrap_samples must be >= {MIN_BOOTSTRAP}")
    return method
