"""Run specs from the dashboard's state: scenario (bundled or uploaded) -> calibration estimates -> moved levers.

The same order as ``python -m models run`` (scenario, then ``--calibration``, then ``--set``). Pure functions:
they build immutable RunSpecs and never run anything.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import lru_cache
from pathlib import Path

from calibration.result import committed_result, committed_results
from models.errors import ModelError
from models.io import read_calibration_estimates
from models.parameters import validate
from models.registry import get_model
from models.scenarios import Scenario, baseline, load_scenario, to_spec
from models.spec import RunSpec
from ui.levers import Move, apply_moves
from ui.state import CURRENT, UPLOAD, AppState, scenario_from_toml, unpack_toml


def spec_from_key(key: tuple) -> RunSpec:
    """Inverse of ``RunSpec.key()`` (cache functions take keys, which are plain hashable tuples)."""
    model, constants, schedules, t0, t1, dt = key
    return RunSpec(model, dict(constants), dict(schedules), t0, t1, dt)


@lru_cache(maxsize=64)
def _bundled(model: str, name: str, mdl_hash: str) -> Scenario:
    return baseline(model) if name == "baseline" else load_scenario(model, name)


def scenario_object(model: str, name: str, upload: str | None = None) -> Scenario:
    """The Scenario called ``name`` (``upload`` = the uploaded TOML carried in the state)."""
    if name == UPLOAD:
        return scenario_from_toml(model, unpack_toml(upload or ""), where="upload")
    return _bundled(model, name, get_model(model).mdl_hash())


def result_files(model: str) -> list[Path]:
    """Committed calibration results of ``model`` (``calibration/results/*.json`` whose ``model`` matches)."""
    return list(committed_results(model).values())


def calibration_constants(state: AppState) -> dict[str, float]:
    """Estimates in use: a committed result file (``state.calibration``, looked up by name) then inline estimates."""
    constants: dict[str, float] = {}
    if state.calibration:
        path = committed_result(state.model, state.calibration)
        estimates, _ = read_calibration_estimates(path)
        constants.update(validate(state.model, estimates, path.name))
    constants.update(state.estimates)
    return constants


def scenario_spec(state: AppState, name: str) -> RunSpec:
    """A scenario's spec with the calibration in use (no moved levers)."""
    spec = to_spec(scenario_object(state.model, name, state.upload))
    calibration = calibration_constants(state)
    return spec.with_constants(calibration) if calibration else spec


def baseline_spec(state: AppState) -> RunSpec:
    return scenario_spec(state, "baseline")


def current_spec(state: AppState, moves: Mapping[str, Move] | None = None) -> RunSpec:
    """The Explore settings: scenario, calibration, moved levers."""
    return apply_moves(scenario_spec(state, state.scenario), state.moves if moves is None else moves)


def item_spec(state: AppState, item: str) -> RunSpec:
    """Spec of a Compare item: a bundled scenario, ``current`` or a kept one (``k1``…)."""
    if item == CURRENT:
        return current_spec(state)
    if item.startswith("k") and item[1:].isdigit():
        index = int(item[1:]) - 1
        if not 0 <= index < len(state.kept):
            raise ModelError(f"no kept scenario {item!r}")
        kept = state.kept[index]
        return apply_moves(scenario_spec(state, kept.scenario), kept.moves)
    return scenario_spec(state, item)


def item_title(state: AppState, item: str, lang: str) -> str:
    from ui.i18n import t

    if item == CURRENT:
        return t("current", lang)
    if item.startswith("k") and item[1:].isdigit() and int(item[1:]) <= len(state.kept):
        return state.kept[int(item[1:]) - 1].name
    return scenario_title(state, item, lang)


def scenario_title(state: AppState, name: str, lang: str) -> str:
    try:
        scenario = scenario_object(state.model, name, state.upload)
    except ModelError:
        return name
    return (scenario.title_fr or scenario.title) if lang == "fr" else scenario.title
