"""Calibration specs: which parameters to estimate within which bounds, on which targets, how.

A spec file ``calibration/specs/<name>.toml``::

    title = "CAE sector: national counts 1995-2023"      # required
    scenario = "baseline"          # optional: bundled scenario name or path (e.g. "case-coopaname")
    targets = "cae.csv"            # optional: in calibration/targets/ (or a path); default <model>.csv
    extends = "cae.toml"           # optional: start from another spec beside this one, override its keys
    seed = 0                       # optional default seed (``--seed`` overrides)
    until = 2011                   # optional: fit targets up to this year, hold out the later ones (``--until``)

    [parameters]                   # name = "range" (the model's [min,max]) or [low, high] inside it
    "CAE creation rate" = "range"
    "applications per CAE" = [10, 120]

    [objective]
    log = ["cae", "entrepreneurs"] # log errors for these variables (counts); others are absolute
    variables = []                 # optional: only these target variables (default: all of the scenario)

    [method]
    starts = 8                     # Latin-hypercube starts of least_squares (the defaults are one more start)
    max_nfev = 300                 # model runs allowed per least_squares start
    global_check = true            # differential_evolution afterwards, polished if it finds better
    de_maxiter = 30
    de_popsize = 8
    uncertainty = "profile"        # or "bootstrap"
    bootstrap_samples = 200        # >= 200

The model name is the file stem's part before the first ``-`` unless given as ``model = "cae"``.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from calibration.errors import CalibrationError, as_calibration_error
from calibration.method import Method, parse_method
from calibration.paths import SPECS_DIR, TARGETS_DIR, display_path
from models import validate
from models.errors import ModelError
from models.parameters import resolve
from models.registry import get_model
from models.scenarios import scenario_spec
from models.spec import RunSpec

TOP_KEYS = {
    "title",
    "description",
    "model",
    "scenario",
    "targets",
    "seed",
    "until",
    "parameters",
    "objective",
    "method",
}
OBJECTIVE_KEYS = {"log", "variables"}


@dataclass(frozen=True)
class Bounds:
    """One parameter to estimate, between ``low`` and ``high`` (inside the model's range)."""

    name: str  # Vensim name
    py_name: str
    low: float
    high: float
    default: float  # the model's default, clipped into the bounds (one of the starts)


@dataclass(frozen=True)
class CalibrationSpec:
    """What to estimate (``parameters``), against what (targets of ``scenario``), and how (``method``)."""

    model: str
    name: str
    title: str
    parameters: tuple[Bounds, ...]
    scenario: str | None = None
    targets: str | None = None  # path of the targets CSV (None: calibration/targets/<model>.csv)
    log_variables: tuple[str, ...] = ()
    variables: tuple[str, ...] = ()
    method: Method = field(default_factory=Method)
    seed: int = 0
    until: float | None = None
    description: str = ""
    path: str | None = None

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(b.py_name for b in self.parameters)

    @property
    def targets_path(self) -> Path:
        return Path(self.targets) if self.targets else TARGETS_DIR / f"{self.model}.csv"

    def base_run(self) -> RunSpec:
        """The run the estimates are applied to: the scenario (or baseline)."""
        return scenario_spec(self.model, self.scenario)


def spec_path(name_or_path: str | Path) -> Path:
    """A bundled spec by name (``cae``, ``cae-coopaname``) or a path."""
    text = str(name_or_path)
    if text.endswith(".toml") or Path(text).exists():
        return Path(text)
    with as_calibration_error():
        return SPECS_DIR / f"{validate.name(text, 'calibration spec')}.toml"


def list_specs() -> list[str]:
    """Names of the bundled specs (file stems), sorted."""
    return sorted(p.stem for p in SPECS_DIR.glob("*.toml"))


def load_spec(model: str | None = None, path: str | Path | None = None) -> CalibrationSpec:
    """The spec at ``path`` (a bundled name or a file), or ``calibration/specs/<model>.toml``."""
    if path is None:
        if model is None:
            raise CalibrationError("load_spec needs a model or a path")
        path = SPECS_DIR / f"{model}.toml"
    file = spec_path(path)
    if not file.exists():
        raise CalibrationError(f"{file}: no such calibration spec")
    data = _read_toml(file)
    model = model or str(data.get("model") or file.stem.split("-")[0])
    return parse_spec(model, data, file.stem, str(file), base_dir=file.parent)


def _read_toml(file: Path, depth: int = 0) -> dict:
    """The spec file's table; with ``extends = "other.toml"``, the other spec's keys overlaid by this file's."""
    with as_calibration_error():
        data = validate.read_toml(file, "calibration spec", validate.MAX_SCENARIO_BYTES)
    base = data.pop("extends", None)
    if base is None:
        return data
    parent = file.parent / str(base)
    if depth > 4 or not parent.exists():
        raise CalibrationError(f"{file}: 'extends' names {base!r}, which is not a spec file beside it (or loops)")
    return {**_read_toml(parent, depth + 1), **data}


def parse_spec(
    model: str, data: Mapping, name: str = "spec", where: str = "spec", base_dir: Path | None = None
) -> CalibrationSpec:
    """Validate a spec given as a dict (parsed TOML); CalibrationError naming ``where`` and the key."""
    try:
        get_model(model)
    except ModelError as exc:
        raise CalibrationError(f"{where}: {exc}") from None
    unknown = set(data) - TOP_KEYS
    if unknown:
        raise CalibrationError(
            f"{where}: unknown key(s) {', '.join(sorted(unknown))}; allowed: {', '.join(sorted(TOP_KEYS))}"
        )
    if data.get("model", model) != model:
        raise CalibrationError(f"{where}: spec is for model {data['model']!r}, not {model!r}")
    title = data.get("title")
    if not isinstance(title, str) or not title.strip():
        raise CalibrationError(f"{where}: 'title' is required (a string)")
    scenario = _optional_str(data, "scenario", where)
    if scenario == "baseline":
        scenario = None
    base = _base_run(model, scenario, where, base_dir)
    objective = _table(data, "objective", where)
    unknown = set(objective) - OBJECTIVE_KEYS
    if unknown:
        raise CalibrationError(
            f"{where}: [objective] unknown key(s) {', '.join(sorted(unknown))}; allowed: log, variables"
        )
    seed = data.get("seed", 0)
    if not isinstance(seed, int) or isinstance(seed, bool) or seed < 0:
        raise CalibrationError(f"{where}: 'seed' must be an integer >= 0, got {seed!r}")
    until = data.get("until")
    if until is not None and not _is_number(until):
        raise CalibrationError(f"{where}: 'until' must be a year, got {until!r}")
    return CalibrationSpec(
        model=model,
        name=name,
        title=title.strip(),
        parameters=_parameters(model, _table(data, "parameters", where), base, where),
        scenario=scenario,
        targets=_targets_path(data, where, base_dir),
        log_variables=_names(objective, "log", where),
        variables=_names(objective, "variables", where),
        method=parse_method(_table(data, "method", where), where),
        seed=seed,
        until=float(until) if until is not None else None,
        description=str(data.get("description", "")).strip(),
        path=where,
    )


def _optional_str(data: Mapping, key: str, where: str) -> str | None:
    value = data.get(key)
    if value is not None and (not isinstance(value, str) or not value.strip()):
        raise CalibrationError(f"{where}: {key!r} must be a non-empty string")
    return value.strip() if value else None


def _base_run(model: str, scenario: str | None, where: str, base_dir: Path | None) -> RunSpec:
    if scenario and scenario.endswith(".toml") and base_dir is not None and not Path(scenario).is_absolute():
        candidate = base_dir / scenario
        scenario = str(candidate) if candidate.exists() else scenario
    try:
        return scenario_spec(model, scenario)
    except ModelError as exc:
        raise CalibrationError(f"{where}: scenario: {exc}") from None


def _table(data: Mapping, key: str, where: str) -> Mapping:
    value = data.get(key, {})
    if not isinstance(value, dict):
        raise CalibrationError(f"{where}: [{key}] must be a table")
    return value


def _names(table: Mapping, key: str, where: str) -> tuple[str, ...]:
    value = table.get(key, [])
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise CalibrationError(f"{where}: [objective] {key} must be a list of variable names")
    return tuple(v.strip() for v in value)


def _targets_path(data: Mapping, where: str, base_dir: Path | None) -> str | None:
    name = _optional_str(data, "targets", where)
    if name is None:
        return None
    path = Path(name)
    if not path.is_absolute() and not path.exists():
        for folder in (base_dir, TARGETS_DIR):
            if folder is not None and (folder / name).exists():
                path = folder / name
                break
        else:
            raise CalibrationError(f"{where}: targets file {name!r} not found (looked in {display_path(TARGETS_DIR)})")
    return str(path)


def _parameters(model: str, table: Mapping, base: RunSpec, where: str) -> tuple[Bounds, ...]:
    if not table:
        raise CalibrationError(f"{where}: [parameters] must name at least one parameter to estimate")
    out = []
    for key, value in table.items():
        here = f"{where}: [parameters] {key!r}"
        try:
            param = resolve(model, key, f"{where}: [parameters]")
        except ModelError as exc:
            raise CalibrationError(str(exc)) from None
        if param.py_name in base.schedules:
            raise CalibrationError(
                f"{here} is set by dated switches (policy timeline or scenario); it cannot be estimated"
            )
        if value == "range":
            low, high = param.min, param.max
            if math.isnan(low) or math.isnan(high):
                raise CalibrationError(f"{here}: the model's range {param.range_text} is open; give [low, high]")
        elif isinstance(value, list) and len(value) == 2 and all(_is_number(v) for v in value):
            low, high = float(value[0]), float(value[1])
            if not param.in_range(low) or not param.in_range(high):
                raise CalibrationError(
                    f"{here}: bounds [{low:g}, {high:g}] outside the model's range {param.range_text} {param.units}"
                )
        else:
            raise CalibrationError(f'{here}: expected "range" or [low, high], got {value!r}')
        if not high > low:
            raise CalibrationError(f"{here}: empty bounds [{low:g}, {high:g}] (need low < high)")
        start = base.constants.get(param.py_name, param.default)
        out.append(Bounds(param.name, param.py_name, low, high, min(max(start, low), high)))
    names = [b.py_name for b in out]
    if len(set(names)) != len(names):
        raise CalibrationError(f"{where}: [parameters] names the same parameter twice")
    return tuple(out)


def _is_number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)
