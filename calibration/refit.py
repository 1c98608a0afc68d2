"""Committed results (``calibration/results/<spec>.json``): which are stale, and regenerating them all.

A result is stale when the model (.mdl + policy timeline hash), its targets (the rows it used) or its spec file
changed since it was fitted.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from calibration.errors import CalibrationError
from calibration.fit import IN_MEMORY, fit
from calibration.paths import RESULTS_DIR, resolve_path
from calibration.result import CalibrationResult, load_result, save_result
from calibration.specs import list_specs, load_spec, spec_to_dict
from calibration.targets import load_targets, select, targets_hash
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


def result_path(spec_name: str) -> Path:
    return RESULTS_DIR / f"{spec_name}.json"


@dataclass(frozen=True)
class Status:
    spec: str
    path: Path
    reasons: tuple[str, ...]  # empty: up to date
    exists: bool


def status(names: list[str] | None = None) -> list[Status]:
    """Up-to-date or stale, for the committed result of every bundled spec (or of ``names``)."""
    out = []
    for name in names or list_specs():
        path = result_path(name)
        if not path.exists():
            out.append(Status(name, path, ("no result yet",), False))
            continue
        try:
            reasons = tuple(stale_reasons(load_result(path)))
        except CalibrationError as exc:
            reasons = (str(exc),)
        out.append(Status(name, path, reasons, True))
    return out


def refit_all(
    names: list[str] | None = None,
    only_stale: bool = False,
    seed: int | None = None,
    progress: Callable[[str, float], None] | None = None,
) -> list[tuple[str, Path, CalibrationResult | str]]:
    """Fit every bundled spec (or ``names``) and write its result; ``(spec, path, result or error message)``.

    A fit that fails or does not converge writes nothing (its previous result stays) and is reported.
    """
    out = []
    for item in status(names):
        if only_stale and not item.reasons:
            continue
        try:
            spec = load_spec(None, item.spec)
            tick = (lambda f, n=item.spec: progress(n, f)) if progress else None
            result = fit(spec.model, spec, seed=seed, progress=tick)
        except ModelError as exc:
            out.append((item.spec, item.path, str(exc)))
            continue
        if not result.converged:
            out.append((item.spec, item.path, f"did not converge: {result.message}"))
            continue
        item.path.parent.mkdir(parents=True, exist_ok=True)  # the results folder of this checkout
        save_result(result, item.path)
        out.append((item.spec, item.path, result))
    return out
