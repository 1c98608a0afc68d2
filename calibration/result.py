"""Calibration results as data, and their JSON files.

A result file holds ``model, model_hash, targets_hash, spec, seed, created, parameters{Name: {estimate, ci, bounds,
flags}}, fit{series: {rmse, mape, r2, theil_u, um, us, uc, n}}, holdout{...}, objective, converged, message`` plus
``diagnostics`` (condition number, correlations, standard errors, starts, global check, model runs, residuals of
every target). Parameter names are the .mdl's (``python -m models run MODEL --calibration FILE`` applies the
estimates). Undefined statistics are ``null``.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from types import MappingProxyType

from calibration.errors import CalibrationError, as_calibration_error
from calibration.paths import RESULTS_DIR
from calibration.stats import STAT_KEYS, SeriesFit
from models import validate
from models.catalog import snake
from models.errors import ModelError
from models.io import atomic_write_text, read_json

RESULT_KEYS = (
    "model",
    "model_hash",
    "targets_hash",
    "spec",
    "seed",
    "created",
    "parameters",
    "fit",
    "holdout",
    "objective",
    "converged",
    "message",
)


@dataclass(frozen=True)
class Estimate:
    """One estimated parameter: value, 95% interval, the bounds searched, and flags (see calibration.uncertainty)."""

    name: str  # Vensim name
    estimate: float
    ci: tuple[float, float]
    bounds: tuple[float, float]
    flags: tuple[str, ...] = ()

    @property
    def py_name(self) -> str:
        return snake(self.name)


@dataclass(frozen=True)
class CalibrationResult:
    """Everything a calibration produced; ``spec`` is the spec as plain data (:mod:`calibration.spec_data`)."""

    model: str
    model_hash: str
    targets_hash: str
    spec: Mapping
    seed: int
    created: str
    parameters: tuple[Estimate, ...]
    fit: Mapping[str, SeriesFit]
    holdout: Mapping[str, SeriesFit]
    objective: float
    converged: bool
    message: str
    diagnostics: Mapping = field(default_factory=dict)

    def __post_init__(self) -> None:
        for name in ("spec", "fit", "holdout", "diagnostics"):
            object.__setattr__(self, name, MappingProxyType(dict(getattr(self, name))))

    @property
    def estimates(self) -> dict[str, float]:
        """``{py_name: estimate}``, ready for ``RunSpec.with_constants``."""
        return {p.py_name: p.estimate for p in self.parameters}

    @property
    def flagged(self) -> dict[str, tuple[str, ...]]:
        """``{name: flags}`` of the parameters with at least one flag."""
        return {p.name: p.flags for p in self.parameters if p.flags}


def _clean(value):
    """JSON-safe: NaN/inf -> None, tuples -> lists, mappings -> dicts."""
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, Mapping):
        return {str(k): _clean(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_clean(v) for v in value]
    if hasattr(value, "item") and callable(value.item):  # numpy scalars
        return _clean(value.item())
    return value


def result_to_dict(result: CalibrationResult) -> dict:
    return _clean(
        {
            "model": result.model,
            "model_hash": result.model_hash,
            "targets_hash": result.targets_hash,
            "spec": result.spec,
            "seed": result.seed,
            "created": result.created,
            "parameters": {
                p.name: {"estimate": p.estimate, "ci": list(p.ci), "bounds": list(p.bounds), "flags": list(p.flags)}
                for p in result.parameters
            },
            "fit": {k: v.to_dict() for k, v in result.fit.items()},
            "holdout": {k: v.to_dict() for k, v in result.holdout.items()},
            "objective": result.objective,
            "converged": result.converged,
            "message": result.message,
            "diagnostics": result.diagnostics,
        }
    )


def result_to_json(result: CalibrationResult) -> str:
    """The result file's text (indented JSON, ``null`` for undefined statistics)."""
    return json.dumps(result_to_dict(result), indent=2, ensure_ascii=False, allow_nan=False) + "\n"


def save_result(result: CalibrationResult, path: str | Path) -> None:
    """Write the result file atomically (a reader never sees half a file)."""
    atomic_write_text(path, result_to_json(result))


def _number(value, where: str) -> float:
    """A statistic: a finite number, or null (undefined) read as NaN."""
    return math.nan if value is None else validate.number(value, where)


def _pair(value: object, where: str) -> tuple[float, float]:
    """``[low, high]`` (an undefined end is null, read as NaN; a missing pair is both NaN); ModelError otherwise."""
    if value is None:
        return math.nan, math.nan
    if not isinstance(value, list | tuple) or len(value) != 2:
        raise ModelError(f"{where} must be [low, high], got {validate.show(value)}")
    low, high = (_number(v, where) for v in value)
    if low > high:
        raise ModelError(f"{where} = [{low:g}, {high:g}] is not an interval")
    return low, high


def read_parameters(data: object, where: str) -> tuple[Estimate, ...]:
    """The ``parameters`` table of a result file (``{name: {estimate, ci, bounds, flags}}``; only ``estimate`` is
    required, so a hand-written file of estimates is read too), as Estimates; CalibrationError naming the file and
    the key otherwise. The one reader of that table: :func:`result_from_dict` and :class:`calibration.Estimates`."""
    if not isinstance(data, Mapping) or not isinstance(data.get("parameters"), Mapping):
        raise CalibrationError(f"{where}: expected an object with 'parameters': {{name: {{'estimate': x}}}}")
    if not data["parameters"]:
        raise CalibrationError(f"{where}: 'parameters' is empty: no estimate to apply")
    out = []
    with as_calibration_error(f"{where}: "):
        for name, entry in data["parameters"].items():
            here = f"parameters.{name}"
            if not isinstance(entry, Mapping) or "estimate" not in entry:
                raise ModelError(f"{here} needs an 'estimate'")
            flags = entry.get("flags") or []
            if not isinstance(flags, list):
                raise ModelError(f"{here}.flags must be a list, got {validate.show(flags)}")
            out.append(
                Estimate(
                    name=name,
                    estimate=validate.number(entry["estimate"], f"{here}.estimate"),
                    ci=_pair(entry.get("ci"), f"{here}.ci"),
                    bounds=_pair(entry.get("bounds"), f"{here}.bounds"),
                    flags=tuple(validate.text(f, f"{here}.flags", 200) for f in flags),
                )
            )
    return tuple(out)


def _flag(value: object, where: str) -> bool:
    if not isinstance(value, bool):
        raise ModelError(f"{where} must be true or false, got {validate.show(value)}")
    return value


def result_from_dict(data: Mapping, where: str = "result") -> CalibrationResult:
    """Rebuild a result from its JSON data; CalibrationError naming the missing or malformed key."""
    if not isinstance(data, Mapping):
        raise CalibrationError(f"{where}: expected a JSON object")
    missing = [k for k in RESULT_KEYS if k not in data]
    if missing:
        raise CalibrationError(f"{where}: not a calibration result (missing {', '.join(missing)})")
    params = read_parameters(data, where)
    unbounded = [p.name for p in params if not all(map(math.isfinite, p.bounds))]
    if unbounded:
        raise CalibrationError(f"{where}: malformed calibration result (parameters.{unbounded[0]}.bounds missing)")
    try:
        fits = {
            part: {
                series: SeriesFit(
                    **{k: (int(v[k]) if k == "n" else _number(v[k], f"{part}.{series}.{k}")) for k in STAT_KEYS}
                )
                for series, v in data[part].items()
            }
            for part in ("fit", "holdout")
        }
        return CalibrationResult(
            model=str(data["model"]),
            model_hash=str(data["model_hash"]),
            targets_hash=str(data["targets_hash"]),
            spec=dict(data["spec"]),
            seed=int(data["seed"]),
            created=str(data["created"]),
            parameters=params,
            fit=fits["fit"],
            holdout=fits["holdout"],
            objective=_number(data["objective"], "objective"),
            converged=_flag(data["converged"], "converged"),
            message=str(data["message"]),
            diagnostics=dict(data.get("diagnostics") or {}),
        )
    except ModelError as exc:
        raise CalibrationError(f"{where}: malformed calibration result ({exc})") from None
    except (KeyError, TypeError, ValueError, IndexError, AttributeError) as exc:
        raise CalibrationError(f"{where}: malformed calibration result ({exc.__class__.__name__}: {exc})") from exc


def load_result(path: str | Path) -> CalibrationResult:
    """Read a result file; CalibrationError if it is missing, not a regular file of at most 4 MB, not JSON (or
    nested too deeply) or not a result."""
    with as_calibration_error():
        data = read_json(path, "calibration result")
    return result_from_dict(data, str(path))


def committed_results(model: str) -> dict[str, Path]:
    """The committed result files of ``model`` by name: ``calibration/results/<name>.json`` whose ``model`` is it
    (read again only when a file changes). Unreadable files are left out: :func:`unreadable_results` names them."""
    return dict(_index(_stamps())[0].get(model, {}))


def unreadable_results() -> list[tuple[Path, str]]:
    """The committed result files that cannot be read, with why (one line each)."""
    return list(_index(_stamps())[1])


def _stamps() -> tuple:
    return tuple((p, p.stat().st_mtime_ns, p.stat().st_size) for p in sorted(RESULTS_DIR.glob("*.json")))


@lru_cache(maxsize=8)
def _index(stamps: tuple) -> tuple[dict[str, dict[str, Path]], tuple[tuple[Path, str], ...]]:
    models: dict[str, dict[str, Path]] = {}
    problems = []
    for path, _, _ in stamps:
        try:
            data = read_json(path, "calibration result")
        except ModelError as exc:
            problems.append((path, str(exc)))
            continue
        if not isinstance(data, dict):
            problems.append((path, f"{path}: expected a JSON object"))
            continue
        models.setdefault(str(data.get("model", path.stem.split("-")[0])), {})[path.stem] = path
    return models, tuple(problems)


def committed_result(model: str, name: str) -> Path:
    """The committed result called ``name`` for ``model``, looked up among the files (a name from a link is never
    joined into a path); CalibrationError otherwise."""
    results = committed_results(model)
    if name not in results:
        known = ", ".join(results) or "none"
        raise CalibrationError(f"no committed calibration {validate.show(name)} of model {model!r}; known: {known}")
    return results[name]
