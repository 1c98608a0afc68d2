"""Whether a calibration result still matches what it was fitted on.

A result is stale when the model (.mdl + policy timeline hash), its targets (the rows it used) or its spec file
changed since it was fitted. Light to import (no optimiser): the command lines and the dashboard ask it of every
result they apply.
"""

from __future__ import annotations

from calibration.errors import CalibrationError
from calibration.paths import resolve_path
from calibration.result import CalibrationResult
from calibration.spec_data import spec_to_dict
from calibration.specs import load_spec
from calibration.targets import IN_MEMORY, load_targets, select, targets_hash
from models.errors import ModelError
from models.registry import get_model

VOLATILE_SPEC_KEYS = ("path", "targets")  # targets are compared by content (targets_hash)


def stale_reasons(result: CalibrationResult) -> list[str]:
    """Why ``result`` no longer matches the model, targets or spec it came from (empty list: up to date)."""
    try:
        current = get_model(result.model).mdl_hash()
    except ModelError:
        return [f"model {result.model!r} is not bundled any more"]
    reasons = []
    if current != result.model_hash:
        reasons.append(f"model changed (fitted on {result.model_hash[:12]}, now {current[:12]})")
    reasons += _targets_reasons(result)
    path = result.spec.get("path")
    if path and resolve_path(path).exists():
        try:
            now = spec_to_dict(load_spec(result.model, resolve_path(path)))
            if _comparable(now) != _comparable(result.spec):
                reasons.append("spec changed")
        except (CalibrationError, ModelError) as exc:
            reasons.append(f"spec no longer valid ({exc})")
    return reasons


def _targets_reasons(result: CalibrationResult) -> list[str]:
    spec = result.spec
    if spec.get("targets") == IN_MEMORY:
        return []  # nothing to compare with
    scenario = spec.get("scenario")
    try:
        table = load_targets(resolve_path(spec["targets"]), result.model)
        chosen = select(
            table, None if scenario in (None, "baseline") else scenario, tuple(spec["objective"]["variables"])
        )
    except (CalibrationError, ModelError, KeyError) as exc:
        return [f"targets unusable ({exc})"]
    return [] if targets_hash(chosen) == result.targets_hash else ["targets changed"]


def _comparable(spec: dict) -> dict:
    return {k: v for k, v in spec.items() if k not in VOLATILE_SPEC_KEYS}
