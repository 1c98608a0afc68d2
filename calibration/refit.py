"""Committed results (``calibration/results/<spec>.json``): which are stale (:mod:`calibration.staleness`), and
regenerating them all."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from calibration.errors import CalibrationError
from calibration.fitting import fit
from calibration.paths import RESULTS_DIR
from calibration.result import CalibrationResult, load_result, save_result
from calibration.specs import list_specs, load_spec
from calibration.staleness import stale_reasons
from models.errors import ModelError


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
    workers: int = 1,
) -> list[tuple[str, Path, CalibrationResult | str]]:
    """Fit every bundled spec (or ``names``) and write its result; ``(spec, path, result or error message)``.

    A fit that fails or does not converge writes nothing (its previous result stays) and is reported. ``workers``:
    processes for each fit's starts and profiles (calibration.parallel).
    """
    out = []
    for item in status(names):
        if only_stale and not item.reasons:
            continue
        try:
            spec = load_spec(None, item.spec)
            tick = (lambda f, n=item.spec: progress(n, f)) if progress else None
            result = fit(spec.model, spec, seed=seed, progress=tick, workers=workers)
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
