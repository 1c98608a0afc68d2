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
force just before the switch. Switches apply in date order whatever their order in the file. Everything is checked
by :mod:`models.validate` before any run: unknown keys and parameters, values that are not numbers or out of range,
a ``[time]`` block outside the model's span or with a step that is not 1/n year, switch dates outside the run, two
switches of one constant at the same date or time step (one would be lost); each is a ModelError naming the file
and the key.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from models import runtime, validate
from models.catalog import catalog
from models.errors import ModelError
from models.parameters import Parameter, check_value, parameters, resolve
from models.registry import get_model
from models.spec import RunSpec
from models.timeline import load_timeline, schedules, switch, value_at

TOP_KEYS = {"title", "title_fr", "description", "description_fr", "time", "set", "switch"}
TEXT_KEYS = ("title", "title_fr", "description", "description_fr")
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
    """A bundled scenario by name, or a scenario file by path (a regular file of at most 64 kB)."""
    text = str(name_or_path)
    path = Path(text)
    if not (text.endswith(".toml") or path.exists()):
        known = list_scenarios(model)
        if text not in known:
            raise ModelError(f"unknown scenario {text!r} for model {model!r}; bundled: {', '.join(known)}")
        path = get_model(model).scenarios_dir / f"{validate.name(text, 'scenario')}.toml"
    data = validate.read_toml(path, "scenario file", validate.MAX_SCENARIO_BYTES)
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
    texts = {key: validate.text(data.get(key, ""), f"{where}: {key!r}") for key in TEXT_KEYS}
    constants = _constants(model, data.get("set", {}), where)
    time = validate.time_block(data.get("time", {}), _model_span(model), where)
    items = _list(data.get("switch", []), where)
    switches = tuple(_switch(model, item, where, i) for i, item in enumerate(items))
    return Scenario(
        model=model,
        name=name,
        **texts,
        constants=constants,
        switches=_in_order(model, switches, time, where),
        time=time,
        path=path,
    )


def _model_span(model: str) -> tuple[float, float]:
    times = catalog(model).times
    return times["initial_time"], times["final_time"]


def _list(value: object, where: str) -> list:
    if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
        raise ModelError(f"{where}: 'switch' must be an array of tables ([[switch]])")
    if len(value) > validate.MAX_SWITCHES:
        raise ModelError(f"{where}: {len(value)} dated switches; at most {validate.MAX_SWITCHES}")
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
    param: Parameter = resolve(model, validate.text(item["parameter"], f"{here}: 'parameter'"), here)
    start = validate.number(item["from"], f"{here}: 'from'")
    validate.text(item.get("note", ""), f"{here}: 'note'")
    if ("value" in item) == ("factor" in item):
        raise ModelError(f"{here}: give exactly one of 'value' or 'factor' for {param.name!r}")
    if "value" in item:
        return Switch(param.py_name, start, value=check_value(param, item["value"], f"{here} {param.name!r}"))
    factor = validate.number(item["factor"], f"{here}: 'factor'")
    if factor < 0:
        raise ModelError(f"{here}: 'factor' must be a number >= 0, got {factor:g}")
    return Switch(param.py_name, start, factor=factor)


def _in_order(model: str, switches: tuple[Switch, ...], time: Mapping[str, float], where: str) -> tuple[Switch, ...]:
    """The switches sorted by date (a stable sort: the file's order does not matter). Refused, naming them: a date
    outside the run, and two switches of one constant taking effect at the same time step (one would be lost)."""
    settings = catalog(model).times
    t0 = time.get("initial_time", settings["initial_time"])
    t1 = time.get("final_time", settings["final_time"])
    dt = time.get("time_step", settings["time_step"])
    for i, sw in enumerate(switches):
        if not t0 <= sw.start <= t1:
            raise ModelError(f"{where}: [[switch]] #{i + 1}: 'from' = {sw.start:g} is outside the run {t0:g}-{t1:g}")
    order = sorted(range(len(switches)), key=lambda i: switches[i].start)
    last: dict[str, int] = {}
    for i in order:
        sw = switches[i]
        j = last.get(sw.parameter)
        if j is not None:
            _check_apart(model, switches[j], sw, (j + 1, i + 1), (t0, dt), where)
        last[sw.parameter] = i
    return tuple(switches[i] for i in order)


def _check_apart(model: str, a: Switch, b: Switch, numbers: tuple[int, int], grid: tuple[float, float], where: str):
    first, second = sorted(numbers)
    label = parameters(model)[a.parameter].name
    if a.start == b.start:
        raise ModelError(f"{where}: [[switch]] #{first} and #{second} both set {label!r} from {a.start:g}")
    if runtime.effective_time(a.start, *grid) == runtime.effective_time(b.start, *grid):
        raise ModelError(
            f"{where}: [[switch]] #{numbers[0]} ({a.start:g}) and #{numbers[1]} ({b.start:g}) set {label!r} in the "
            f"same time step of {grid[1]:g} year: the earlier would never apply"
        )


def to_spec(scenario: Scenario) -> RunSpec:
    """The run spec of a scenario: baseline timeline, then the scenario's constants and switches (in date order,
    each ``factor`` applied to the value in force just before its date)."""
    model = scenario.model
    params = parameters(model)
    # [set] values hold from the initial time: they replace the baseline timeline of their constant.
    scheds = {k: v for k, v in baseline_schedules(model).items() if k not in scenario.constants}
    constants = dict(scenario.constants)
    by_parameter: dict[str, list[Switch]] = {}
    for sw in scenario.switches:
        by_parameter.setdefault(sw.parameter, []).append(sw)
    for name, group in by_parameter.items():
        param, current = params[name], scheds.get(name, ())
        group.sort(key=lambda sw: sw.start)
        value = value_at(current, constants.get(name, param.default), group[0].start - 1e-6)
        dated = []
        for sw in group:
            value = sw.value if sw.value is not None else sw.factor * value
            where = f"{scenario.path or scenario.name}: switch {param.name!r}"
            dated.append((sw.start, check_value(param, value, where)))
        scheds[name] = switch(current, group[0].start, dated[0][1]) + tuple(dated[1:])
    return RunSpec(model, constants, scheds, **scenario.time)


def scenario_spec(model: str, name_or_path: str | Path | None = None) -> RunSpec:
    """Run spec of a bundled scenario name, a scenario path, or the baseline (None)."""
    if name_or_path in (None, "baseline"):
        return to_spec(baseline(model))
    return to_spec(load_scenario(model, name_or_path))
