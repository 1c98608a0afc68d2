"""A calibration spec as plain data, as a result file records it, and back (validated again against the model)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from pathlib import Path

from calibration.paths import REPO_DIR, display_path
from calibration.specs import CalibrationSpec, parse_spec


def spec_to_dict(spec: CalibrationSpec) -> dict:
    """The spec as plain data (for result files); :func:`spec_from_dict` reads it back."""
    return {
        "name": spec.name,
        "title": spec.title,
        "description": spec.description,
        "path": display_path(spec.path) if spec.path and Path(spec.path).exists() else spec.path,
        "scenario": spec.scenario or "baseline",
        "targets": display_path(spec.targets_path),
        "parameters": {b.name: [b.low, b.high] for b in spec.parameters},
        "objective": {"log": list(spec.log_variables), "variables": list(spec.variables)},
        "method": dict(spec.method.__dict__),
        "default_seed": spec.seed,
        "until": spec.until,
    }


def spec_from_dict(model: str, data: Mapping, where: str = "result spec") -> CalibrationSpec:
    """Rebuild a spec saved by :func:`spec_to_dict` (validated again against the current model)."""
    toml_like = {
        "title": data.get("title", "calibration"),
        "description": data.get("description", ""),
        "scenario": data.get("scenario") or "baseline",
        "parameters": data.get("parameters", {}),
        "objective": data.get("objective", {}),
        "method": data.get("method", {}),
        "seed": data.get("default_seed", 0),
    }
    if data.get("until") is not None:
        toml_like["until"] = data["until"]
    targets = data.get("targets")
    if targets:
        path = Path(targets)
        toml_like["targets"] = str(path if path.is_absolute() else (REPO_DIR / path))
    spec = parse_spec(model, toml_like, str(data.get("name", "spec")), where)
    return replace(spec, path=data.get("path"))
