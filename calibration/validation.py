"""The validation report of a model as data: how far to trust its answers (Sterman 2000 ch. 21; Barlas 1996).

``build(model, calibration)`` runs every section and returns one JSON-ready dict: provenance (model hash, the
calibration file and its hash, the validation settings' hash, the targets' hash, when, how long), a verdict per
section, and every figure behind them. Sections: behaviour reproduction, out of sample, policy effects against
evidence, extreme conditions, numerical, what the answer depends on, known limits.

The committed reports (``calibration/validity/<model>/validation.json``, written by
``python -m calibration validate MODEL --out calibration/validity/MODEL``) are read by the dashboard;
:func:`stale_reasons` says when one no longer matches the model, its calibration, its settings or its targets (as
:mod:`calibration.staleness` does for calibration results).
"""

from __future__ import annotations

import hashlib
import re
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from calibration import validation_depends, validation_effects, validation_fit
from calibration import verdicts as V
from calibration.errors import CalibrationError, as_calibration_error
from calibration.paths import PACKAGE_DIR, RESULTS_DIR, TARGETS_DIR, display_path, resolve_path
from calibration.result import committed_results, load_result
from calibration.staleness import stale_reasons as result_stale_reasons
from models import distributed, extremes, numerics
from models.errors import ModelError
from models.io import read_json
from models.registry import get_model

SCHEMA = 1
VALIDITY_DIR = PACKAGE_DIR / "validity"
REPORT_JSON = "validation.json"
SECTIONS = ("behaviour", "out_of_sample", "effects", "extremes", "numerical", "depends", "limits")


def committed_path(model: str) -> Path:
    """Where the committed report of ``model`` lives."""
    return VALIDITY_DIR / model / REPORT_JSON


def file_hash(path: Path | str) -> str | None:
    """SHA-256 of a file's bytes; None when it does not exist."""
    path = Path(path)
    return hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() else None


def default_calibration(model: str) -> Path | None:
    """The model's committed sector calibration (``calibration/results/<model>.json``), if any."""
    path = RESULTS_DIR / f"{model}.json"
    return path if path.exists() else None


def inputs(model: str, calibration: str | Path | None) -> dict:
    """What a report depends on, as hashes: the model, its validation settings, its targets and the calibration."""
    return {
        "model_hash": get_model(model).mdl_hash(),
        "settings_hash": file_hash(extremes.settings_path(model)),
        "targets_hash": file_hash(TARGETS_DIR / f"{model}.csv"),
        "calibration_hash": file_hash(resolve_path(calibration)) if calibration else None,
    }


def known_limits(model: str) -> list[str]:
    """The items of the "Limits" section of the model's README (one string per top-level bullet or paragraph)."""
    path = get_model(model).folder / "README.md"
    if not path.exists():
        return []
    text = path.read_text(encoding="utf-8")
    match = re.search(r"^##\s+Limits[^\n]*\n(.*?)(?=^##\s|\Z)", text, re.M | re.S)
    if not match:
        return []
    items, current = [], []
    for line in match.group(1).splitlines():
        if line.startswith("- ") or not line.strip():
            if current:
                items.append(" ".join(current))
            current = [line[2:].strip()] if line.startswith("- ") else []
        else:
            current.append(line.strip())
    if current:
        items.append(" ".join(current))
    return [i for i in items if i and not re.fullmatch(r"[A-Z_]+", i)]  # a placeholder (LIMITS_SECTION) is no limit


def limits(model: str) -> dict:
    """The known-limits section: the README's items, and their French text from validation.toml when it has them
    all (none otherwise: the dashboard then says the README's text is in English)."""
    items = known_limits(model)
    french = extremes.settings(model).get("limits", {}).get("fr", [])
    return {
        "items": items,
        "items_fr": french if len(french) == len(items) else [],
        "verdict": "info",
        "rule": "from the model's README",
    }


def _numerical(model: str) -> dict:
    units = numerics.unit_issues(model)
    halving = numerics.halving_gaps(model)
    engines = numerics.engine_gaps(model)
    worst_halving, worst_engine = max(halving.values()), max(engines.values())
    return {
        "unit_issues": units,
        "halving_max_gap": worst_halving,
        "halving_worst": numerics.worst(halving).to_dict("records"),
        "engine_max_gap": worst_engine,
        "engine_worst": numerics.worst(engines).to_dict("records"),
        "engine_variables": len(engines),
        "verdict": V.numeric_verdict(len(units), worst_halving, worst_engine),
        "rule": V.NUMERIC_RULE,
    }


def _extremes(model: str) -> dict:
    checks = extremes.run_checks(model)
    return {"checks": checks, "verdict": V.extreme_verdict(c["passed"] for c in checks), "rule": V.EXTREME_RULE}


def _behaviour(model: str, result, path: Path, cases: bool) -> dict:
    items = [validation_fit.behaviour(result, str(path))]
    if cases:
        for other in committed_results(model).values():
            case = load_result(other)
            if Path(other).resolve() != Path(path).resolve() and case.diagnostics.get("until") is None:
                items.append(validation_fit.behaviour(case, str(other), with_band=False))
    return {"calibrations": items, "verdict": V.worst(i["verdict"] for i in items), "rule": V.SERIES_RULE}


def build(
    model: str,
    calibration: str | Path | None = None,
    progress: Callable[[str], None] | None = None,
    **options,
) -> dict:
    """The whole report of ``model`` (see module doc). ``calibration``: a result file (default: the committed
    sector calibration); ``options`` go to the ensemble backend (workers...)."""
    get_model(model)
    given = calibration is not None
    path = resolve_path(calibration) if given else default_calibration(model)
    if path is None:
        raise CalibrationError(f"model {model!r} has no committed calibration; give one with --calibration")
    with as_calibration_error():
        result = load_result(path)
    if result.model != model:
        raise CalibrationError(f"--calibration {calibration}: a calibration of {result.model!r}, not {model!r}")
    _, estimates, note = validation_fit.applicable(result, str(path))
    note = note.replace(str(path), display_path(path))
    report = {
        "schema": SCHEMA,
        "model": model,
        "created": datetime.now(UTC).isoformat(timespec="seconds"),
        "calibration": display_path(path),
        "calibration_stale": result_stale_reasons(result),
        "calibration_note": note,
        **inputs(model, path),
        "seconds": {},
    }
    cost = validation_depends.plan(model, estimates)  # the large job, estimated and checked before anything runs
    distributed.check_budget(cost["spec"], cost["runs"], len(cost["outputs"]), len(cost["names"]), **options)
    if progress:
        progress(f"cost: {cost['runs']:,} Sobol runs, about {cost['seconds']:.0f} s of one core; then the sections")
    steps = {
        "behaviour": lambda: _behaviour(model, result, path, cases=not given),
        "out_of_sample": lambda: validation_fit.out_of_sample(model),
        "effects": lambda: validation_effects.policy_effects(model, estimates, note),
        "extremes": lambda: _extremes(model),
        "numerical": lambda: _numerical(model),
        "depends": lambda: validation_depends.sobol(model, estimates, **options),
        "limits": lambda: limits(model),
    }
    for name in SECTIONS:
        if progress:
            progress(name)
        start = time.perf_counter()
        report[name] = steps[name]()
        report["seconds"][name] = round(time.perf_counter() - start, 2)
    report["verdicts"] = {name: report[name]["verdict"] for name in SECTIONS}
    return report


def load_report(path: Path | str) -> dict:
    """A report JSON as data; CalibrationError naming the file when it is unreadable or not a report."""
    with as_calibration_error():
        data = read_json(path, "validation report")
    if not isinstance(data, dict) or data.get("schema") != SCHEMA or not isinstance(data.get("verdicts"), dict):
        raise CalibrationError(f"{path}: not a validation report of schema {SCHEMA}")
    return data


STALE_TEXT = {
    "model_hash": "model changed",
    "settings_hash": "validation settings changed",
    "targets_hash": "targets changed",
    "calibration_hash": "calibration changed",
}


def stale_keys(report: dict) -> list[str]:
    """Which inputs changed since the report was made (keys of :data:`STALE_TEXT`; ``unknown`` when the report
    names a model that is not bundled any more)."""
    try:
        now = inputs(report.get("model", ""), report.get("calibration"))
    except ModelError:
        return ["unknown"]
    return [key for key in STALE_TEXT if report.get(key) != now[key]]


def stale_reasons(report: dict) -> list[str]:
    """Why a report no longer matches what it was made from (empty: current): the model (.mdl and timeline), its
    validation settings, its targets, or the calibration file changed since."""
    keys = stale_keys(report)
    if keys == ["unknown"]:
        return [f"model {report.get('model')!r} is not bundled any more"]
    return [f"{STALE_TEXT[k]} (report made on {(report.get(k) or 'none')[:12]})" for k in keys]
