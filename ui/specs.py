"""Run specs from the dashboard's state: scenario (bundled or uploaded) -> calibration estimates -> moved levers.

The same order as ``python -m models run`` (scenario, then ``--calibration``, then ``--set``). Pure functions:
they build immutable RunSpecs and never run anything.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import lru_cache

from calibration.estimates import Estimates
from calibration.result import committed_result
from models.errors import ModelError
from models.registry import get_model
from models.scenarios import Scenario, baseline, load_scenario, to_spec
from models.spec import RunSpec
from ui.levers import Move, apply_moves
from ui.state import CURRENT, UPLOAD, AppState, scenario_from_toml, unpack_toml


@lru_cache(maxsize=64)
def _bundled(model: str, name: str, mdl_hash: str) -> Scenario:
    return baseline(model) if name == "baseline" else load_scenario(model, name)


def scenario_object(model: str, name: str, upload: str | None = None) -> Scenario:
    """The Scenario called ``name`` (``upload`` = the uploaded TOML carried in the state)."""
    if name == UPLOAD:
        return scenario_from_toml(model, unpack_toml(upload or ""), where="upload")
    return _bundled(model, name, get_model(model).mdl_hash())


def committed_estimates(state: AppState) -> Estimates | None:
    """The committed calibration in use (``state.calibration``, looked up by name; read again only when it changes)."""
    return Estimates.load(committed_result(state.model, state.calibration), state.model) if state.calibration else None


def calibration_constants(state: AppState) -> dict[str, float]:
    """Estimates in use: a committed result file (``state.calibration``) then inline estimates (session fits)."""
    committed = committed_estimates(state)
    return {**(committed.values if committed else {}), **state.estimates}


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
