"""Scenarios as data: named differences from the baseline, in TOML, keyed by model variable names.

A scenario file ``scenarios/<model>/<name>.toml``::

    title = "Subsidies halved from 2026"          # required
    title_fr = "Subventions divisées par deux en 2026"
    description = "Why and what changes (sources)."

    [time]                                        # optional: other simulation bounds (case scale)
    initial = 2004

    [set]                                         # constants held from the initial time (replace their timeline)
    "contribution rate" = 0.12

    [[switch]]                                    # dated policy switches
    parameter = "subsidy per accompanied entrepreneur"
    from = 2026
    factor = 0.5                                  # or: value = 400

A switch replaces the baseline timeline of its parameter from its year on. ``factor`` multiplies the value in
force just before the switch. Unknown keys, unknown parameters and out-of-range values are ModelErrors naming the
file and the key.
"""

from __future__ import annotations

import math
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from models.errors import ModelError
from models.parameters import Parameter, check_value, parameters, resolve
from models.registry import get_model
from models.spec import RunSpec
from models.timeline import load_timeline, schedules, switch, value_at

TOP_KEYS = {"title", "title_fr", "description", "description_fr", "time", "set", "switch"}
TIME_KEYS = {"initial": "initial_time", "final": "final_time", "step": "time_step"}
SWITCH_KEYS = {"parameter", "from", "value", "factor", "note"}


@dataclass(frozen=True)
class Switch:
    """From year ``start`` the constant ``parameter`` takes ``value`` (or ``factor`` x the value then in force)."""

    parameter: str  # identifier
    start: float
    value: float | None = None
    factor: float | None = None


@dataclass(frozen=True)
class Scenario:
    """A named difference from a model's baseline."""

    model: str
    name: str
    title: str
    title_fr: str = ""
    description: str = ""
    description_fr: str = ""
    constants: Mapping[str, float] = field(default_factory=dict)
    switches: tuple[Switch, ...] = ()
    time: Mapping[str, float] = field(default_factory=dict)
    path: Path | None = None


def baseline_schedules(model: str) -> dict:
    """The model's policy timeline as schedules (the dated history and current law)."""
    info = get_model(model)
    return schedules(load_timeline(model, info.timeline))


def baseline(model: str) -> Scenario:
    return Scenario(model=model, name="baseline", title="Baseline", title_fr="Référence")


def list_scenarios(model: str) -> list[str]:
    """Names of the bundled scenarios of ``model`` (file stems), baseline first."""
    names = sorted(p.stem for p in get_model(model).scenarios_dir.glob("*.toml"))
    return sorted(names, key=lambda n: (n != "baseline", n))


def load_scenario(model: str, name_or_path: str | Path) -> Scenario:
    """A bundled scenario by name, or a scenario file by path."""
    text = str(name_or_path)
    path = Path(text)
    if not (text.endswith(".toml") or path.exists()):
        path = get_model(model).scenarios_dir / f"{text}.toml"
        if not path.exists():
            known = ", ".join(list_scenarios(model))
            raise ModelError(f"unknown scenario {text!r} for model {model!r}; bundled: {known}")
    if not path.exists():
        raise ModelError(f"{path}: no such scenario file")
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ModelError(f"{path}: not valid TOML ({exc})") from None
    return parse_scenario(model, data, path.stem, str(path), path)


def parse_scenario(model: str, data: Mapping, name: str, where: str = "scenario", path: Path | None = None) -> Scenario:
    """Validate a scenario given as a dict (parsed TOML); ModelError naming ``where`` and the key otherwise."""
    unknown = set(data) - TOP_KEYS
    if unknown:
        raise ModelError(
            f"{where}: unknown key(s) {', '.join(sorted(unknown))}; allowed: {', '.join(sorted(TOP_KEYS))}"
        )
    if not isinstance(data.get("title"), str) or not data["title"].strip():
        raise ModelError(f"{where}: 'title' is required (a string)")
    constants = _constants(model, data.get("set", {}), where)
    switches = tuple(_switch(model, item, where, i) for i, item in enumerate(_list(data.get("switch", []), where)))
    time = _time(data.get("time", {}), where)
    return Scenario(
        model=model,
        name=name,
        title=data["title"].strip(),
        title_fr=str(data.get("title_fr", "")).strip(),
        description=str(data.get("description", "")).strip(),
        description_fr=str(data.get("description_fr", "")).strip(),
        constants=constants,
        switches=switches,
        time=time,
        path=path,
    )


def _list(value: object, where: str) -> list:
    if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
        raise ModelError(f"{where}: 'switch' must be an array of tables ([[switch]])")
    return value


def _constants(model: str, table: object, where: str) -> dict[str, float]:
    if not isinstance(table, dict):
        raise ModelError(f"{where}: [set] must be a table of name = value")
    out = {}
    for key, value in table.items():
        param = resolve(model, key, f"{where}: [set]")
        out[param.py_name] = check_value(param, value, f"{where}: [set] {key!r}")
    return out


def _switch(model: str, item: Mapping, where: str, index: int) -> Switch:
    here = f"{where}: [[switch]] #{index + 1}"
    unknown = set(item) - SWITCH_KEYS
    if unknown:
        raise ModelError(f"{here}: unknown key(s) {', '.join(sorted(unknown))}")
    if "parameter" not in item or "from" not in item:
        raise ModelError(f"{here}: needs 'parameter' and 'from'")
    param: Parameter = resolve(model, str(item["parameter"]), here)
    start = item["from"]
    if not isinstance(start, int | float) or isinstance(start, bool) or not math.isfinite(start):
        raise ModelError(f"{here}: 'from' must be a year, got {start!r}")
    if ("value" in item) == ("factor" in item):
        raise ModelError(f"{here}: give exactly one of 'value' or 'factor' for {param.name!r}")
    if "value" in item:
        return Switch(param.py_name, float(start), value=check_value(param, item["value"], f"{here} {param.name!r}"))
    factor = item["factor"]
    if not isinstance(factor, int | float) or isinstance(factor, bool) or not factor >= 0:
        raise ModelError(f"{here}: 'factor' must be a number >= 0, got {factor!r}")
    return Switch(param.py_name, float(start), factor=float(factor))


def _time(table: object, where: str) -> dict[str, float]:
    if not isinstance(table, dict):
        raise ModelError(f"{where}: [time] must be a table")
    out = {}
    for key, value in table.items():
        if key not in TIME_KEYS:
            raise ModelError(f"{where}: [time] unknown key {key!r}; allowed: {', '.join(TIME_KEYS)}")
        if not isinstance(value, int | float) or isinstance(value, bool):
            raise ModelError(f"{where}: [time] {key} must be a number")
        out[TIME_KEYS[key]] = float(value)
    return out


def to_spec(scenario: Scenario) -> RunSpec:
    """The run spec of a scenario: baseline timeline, then the scenario's constants and switches."""
    model = scenario.model
    params = parameters(model)
    # [set] values hold from the initial time: they replace the baseline timeline of their constant.
    scheds = {k: v for k, v in baseline_schedules(model).items() if k not in scenario.constants}
    constants = dict(scenario.constants)
    for sw in scenario.switches:
        param = params[sw.parameter]
        current = scheds.get(sw.parameter, ())
        default = constants.get(sw.parameter, param.default)
        value = sw.value if sw.value is not None else sw.factor * value_at(current, default, sw.start - 1e-6)
        value = check_value(param, value, f"{scenario.path or scenario.name}: switch {param.name!r}")
        scheds[sw.parameter] = switch(current, sw.start, value)
    return RunSpec(model, constants, scheds, **scenario.time)


def scenario_spec(model: str, name_or_path: str | Path | None = None) -> RunSpec:
    """Run spec of a bundled scenario name, a scenario path, or the baseline (None)."""
    if name_or_path in (None, "baseline"):
        return to_spec(baseline(model))
    return to_spec(load_scenario(model, name_or_path))
