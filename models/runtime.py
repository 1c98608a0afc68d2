"""The engines. This is the only module that imports PySD or Simlin.

* ``pysd`` is the reference engine: the .mdl is translated to Python once (cached under ``models/.cache``, keyed
  by the .mdl's hash, regenerated whenever the .mdl changes) and every run works on a fresh copy of the loaded model,
  so a run never changes the next.
* ``simlin`` (pysimlin, Simlin's compiled engine) reads the same .mdl and runs it ~100-1000x faster; the test suite
  shows it agrees with PySD to 1e-6 on every bundled model and scenario. It is the default for interactive use,
  ensembles and calibration.

Dated schedules (``RunSpec.schedules``) are fed to PySD as step time series and to Simlin by pausing the
simulation and setting the constant, so both take the new value from the first time step at or after the date.
"""

from __future__ import annotations

import math
import os
import shutil
import tempfile
import threading
import warnings
from collections.abc import Iterable, Sequence
from functools import lru_cache
from pathlib import Path

import numpy as np
import pandas as pd

from models.errors import ModelError
from models.io import atomic_write
from models.registry import MODELS_DIR, get_model
from models.spec import RunSpec

ENGINES = ("simlin", "pysd")
DEFAULT_ENGINE = "simlin"
CONTROL_NAMES = ("initial_time", "final_time", "time_step", "saveper")
CACHE_DIR = MODELS_DIR / ".cache"
_translate_lock = threading.Lock()


# ---------------------------------------------------------------- translation and documentation (PySD)


def translated_path(name: str) -> Path:
    """Path of PySD's translation of model ``name``, translating the .mdl first if it changed."""
    import pysd

    info = get_model(name)
    stem = f"{name}-{info.mdl_hash()[:16]}"
    target = CACHE_DIR / f"{stem}.py"
    with _translate_lock:
        if not target.exists():
            CACHE_DIR.mkdir(parents=True, exist_ok=True)
            # A private folder per process: several processes (tests, dashboard, CLI) may translate at once.
            tmp_dir = Path(tempfile.mkdtemp(prefix=f".{stem}.", dir=CACHE_DIR))
            try:
                shutil.copy(info.mdl, tmp_dir / f"{stem}.mdl")
                pysd.read_vensim(str(tmp_dir / f"{stem}.mdl"), initialize=False)
                os.replace(tmp_dir / f"{stem}.py", target)  # atomic: a half translation is never seen
            finally:
                shutil.rmtree(tmp_dir, ignore_errors=True)
            _prune_stale(name, stem)
    return target


def _prune_stale(name: str, current: str) -> None:
    """Remove translations and doc sidecars of earlier versions of the model (they are regenerated if needed)."""
    for path in CACHE_DIR.glob(f"{name}-*"):
        if not path.name.startswith(current):
            path.unlink(missing_ok=True)


@lru_cache(maxsize=8)
def _pysd_base(name: str, mdl_hash: str):
    """The loaded, never-run PySD model (callers copy it before running)."""
    import pysd

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return pysd.load(str(translated_path(name)))


def _pysd_model(name: str):
    return _pysd_base(name, get_model(name).mdl_hash())


@lru_cache(maxsize=8)
def _doc(name: str, mdl_hash: str) -> pd.DataFrame:
    """The documentation table, read from a sidecar of the translation when present (so a process that only runs
    Simlin, like the dashboard, need not import PySD: ~1.3 s saved at first load), else built from PySD's doc."""
    sidecar = CACHE_DIR / f"{name}-{mdl_hash[:16]}.doc.csv"
    if sidecar.exists():
        table = pd.read_csv(sidecar, keep_default_na=False, na_values={c: [""] for c in _DOC_NUMERIC})
        return table.astype({c: float for c in _DOC_NUMERIC})
    table = _doc_from_pysd(name, mdl_hash)
    atomic_write(sidecar, lambda tmp: table.to_csv(tmp, index=False, float_format="%.17g"))
    return table


_DOC_NUMERIC = ("min", "max", "step", "default")


def _doc_from_pysd(name: str, mdl_hash: str) -> pd.DataFrame:
    model = _pysd_base(name, mdl_hash)
    doc = model.doc.copy()
    doc = doc[doc["Type"].notna()]
    limits = doc["Limits"].apply(lambda lim: tuple(lim) + (math.nan,) * (3 - len(tuple(lim))))
    defaults = []
    for py_name, kind in zip(doc["Py Name"], doc["Type"], strict=True):
        value = math.nan
        if kind == "Constant":
            raw = getattr(model.components, py_name)()
            value = float(raw) if np.ndim(raw) == 0 else math.nan
        defaults.append(value)
    return pd.DataFrame(
        {
            "name": doc["Real Name"].astype(str).to_numpy(),
            "py_name": doc["Py Name"].astype(str).to_numpy(),
            "units": doc["Units"].fillna("").astype(str).to_numpy(),
            "min": [float(lim[0]) for lim in limits],
            "max": [float(lim[1]) for lim in limits],
            "step": [float(lim[2]) for lim in limits],
            "type": doc["Type"].astype(str).to_numpy(),
            "subtype": doc["Subtype"].fillna("").astype(str).to_numpy(),
            "comment": doc["Comment"].fillna("").astype(str).str.strip().to_numpy(),
            "default": defaults,
        }
    ).reset_index(drop=True)


def model_doc(name: str) -> pd.DataFrame:
    """Documentation of every variable of ``name``, from the .mdl via PySD's ``model.doc``.

    Columns: ``name`` (Vensim name), ``py_name``, ``units``, ``min``, ``max``, ``step`` (the .mdl's
    ``[min,max,step]``, NaN where open), ``type`` (Constant, Auxiliary, Stateful, Lookup…), ``subtype``,
    ``comment`` (what it is and its source), ``default`` (constants only).
    """
    return _doc(name, get_model(name).mdl_hash()).copy()


def time_settings(name: str) -> dict[str, float]:
    """The model's own ``initial_time``, ``final_time``, ``time_step`` and ``saveper`` [year]."""
    return dict(_time_settings(name, get_model(name).mdl_hash()))


@lru_cache(maxsize=8)
def _time_settings(name: str, mdl_hash: str) -> dict[str, float]:
    doc = _doc(name, mdl_hash).set_index("py_name")
    return {key: float(doc.loc[key, "default"]) for key in CONTROL_NAMES}


# ---------------------------------------------------------------- running


def _grid(spec: RunSpec) -> tuple[float, float, float, float]:
    times = time_settings(spec.model)
    t0 = spec.initial_time if spec.initial_time is not None else times["initial_time"]
    t1 = spec.final_time if spec.final_time is not None else times["final_time"]
    dt = spec.time_step if spec.time_step is not None else times["time_step"]
    return t0, t1, dt, times["saveper"]


def _effective(start: float, t0: float, dt: float) -> float:
    """First grid time at or after ``start``: the time a dated value takes effect."""
    return t0 + math.ceil((start - t0) / dt - 1e-9) * dt


def _split_schedules(spec: RunSpec, t0: float, t1: float, dt: float) -> tuple[dict[str, float], list]:
    """Initial constant values (overrides + schedule entries at or before t0) and later events (time, name, value)."""
    initial = dict(spec.constants)
    events = []
    for name, schedule in spec.schedules.items():
        for start, value in schedule:
            when = _effective(start, t0, dt)
            if when <= t0 + 1e-9:
                initial[name] = value
            elif when <= t1 + 1e-9:
                events.append((when, name, value))
    events.sort()
    return initial, events


def simulate(spec: RunSpec, engine: str = DEFAULT_ENGINE, variables: Sequence[str] | None = None) -> pd.DataFrame:
    """Run ``spec`` on ``engine``; a wide table indexed by ``time`` (every SAVEPER, years), one column per
    variable (Python identifiers). ``variables`` restricts the columns (default: every variable)."""
    if engine not in ENGINES:
        raise ModelError(f"unknown engine {engine!r}; choose one of {', '.join(ENGINES)}")
    t0, t1, dt, saveper = _grid(spec)
    if not dt > 0 or t1 <= t0:
        raise ModelError(f"bad time settings: initial {t0}, final {t1}, step {dt}")
    initial, events = _split_schedules(spec, t0, t1, dt)
    names = list(variables) if variables is not None else _output_names(spec.model)
    run = _run_pysd if engine == "pysd" else _run_simlin
    table = run(spec.model, initial, events, names, (t0, t1, dt, saveper))
    table.index = pd.Index(np.round(table.index.to_numpy(dtype=float), 9), name="time")
    return table


@lru_cache(maxsize=8)
def _output_names_cached(name: str, mdl_hash: str) -> tuple[str, ...]:
    doc = _doc(name, mdl_hash)
    keep = ~doc["type"].isin(["Lookup", "Data"]) & ~doc["py_name"].isin(CONTROL_NAMES + ("time",))
    return tuple(doc.loc[keep, "py_name"])


def _output_names(name: str) -> list[str]:
    return list(_output_names_cached(name, get_model(name).mdl_hash()))


def _save_times(t0: float, t1: float, saveper: float) -> np.ndarray:
    return t0 + saveper * np.arange(int(math.floor((t1 - t0) / saveper + 1e-9)) + 1)


def _run_pysd(name, initial, events, names, grid, model=None) -> pd.DataFrame:
    """One PySD run, on a fresh copy of the loaded model unless ``model`` is given (simulate_many reuses one copy
    for members that all set the same constants and schedules)."""
    t0, t1, dt, saveper = grid
    model = model if model is not None else _pysd_model(name).copy()
    params: dict[str, object] = dict(initial)
    by_name: dict[str, list] = {}
    for when, var, value in events:
        by_name.setdefault(var, []).append((when, value))
    defaults = model_doc(name).set_index("py_name")["default"]
    eps = dt * 1e-6
    for var, changes in by_name.items():
        current = initial.get(var, float(defaults[var]))
        times, values = [t0 - dt], [current]
        for when, value in changes:
            times += [when - eps, when]
            values += [current, value]
            current = value
        times.append(t1 + dt)
        values.append(current)
        params[var] = pd.Series(values, index=times)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        out = model.run(
            params=params,
            return_columns=names,
            return_timestamps=_save_times(t0, t1, saveper),
            initial_condition=(t0, {}),
            final_time=t1,
            time_step=dt,
            saveper=saveper,
        )
    rename = model_doc(name).set_index("name")["py_name"].to_dict()
    return out.rename(columns=rename)[names]


@lru_cache(maxsize=16)
def _simlin_model(name: str, mdl_hash: str, grid: tuple[float, float, float, float]):
    import simlin

    model = simlin.load(str(get_model(name).mdl))
    t0, t1, dt, saveper = grid
    model.project.set_sim_specs(start=t0, stop=t1, dt=dt, save_step=saveper)
    return model


def _run_simlin(name, initial, events, names, grid) -> pd.DataFrame:
    model = _simlin_model(name, get_model(name).mdl_hash(), grid)
    t0, t1, dt, saveper = grid
    times = _save_times(t0, t1, saveper)
    series = np.empty((len(names), times.size))
    _simlin_member(model, initial, events, list(names), dt, series)
    return pd.DataFrame(series.T, index=times, columns=list(names))


def simlin_names(name: str) -> set[str]:
    """Identifiers Simlin gives the model's variables (to check they match PySD's)."""
    model = _simlin_model(name, get_model(name).mdl_hash(), _grid(RunSpec(name)))
    return set(model.get_var_names())


def simlin_unit_issues(name: str, mdl: Path | None = None) -> list[tuple[str, str]]:
    """Simlin's dimensional check of model ``name`` (or of the file ``mdl``): ``(variable, message)`` for each unit
    issue (Simlin reports unit mismatches as warnings of ``Model.check()``) and for each error. Simlin only parses
    the file: nothing is executed."""
    import simlin

    model = simlin.load(str(mdl if mdl is not None else get_model(name).mdl))
    issues = [(issue.variable, issue.message) for issue in model.check_units()]
    for issue in model.check():
        if issue.severity == "error" or "unit" in issue.message.lower():
            issues.append((issue.variable or "", issue.message))
    return issues


def to_xmile(name: str) -> bytes:
    """Model ``name`` as XMILE (Stella, iThink, Simlin), with its views, written by Simlin from the .mdl."""
    import simlin

    return simlin.load(str(get_model(name).mdl)).project.to_xmile()


def run_file(path: Path | str) -> pd.DataFrame:
    """A model file (.mdl or XMILE) run by Simlin at its own defaults: wide table by saved time, one column per
    variable. For checking exported files; Simlin only parses the file (nothing is executed)."""
    import simlin

    return simlin.load(str(path)).run(analyze_loops=False).results


def simlin_views(path: Path | str) -> list[dict]:
    """The diagram of a model file as Simlin reads it: its stock-flow views, as Simlin's JSON (elements with type,
    name, uid, x, y; one ``group`` per Vensim view)."""
    import json

    import simlin

    doc = json.loads(simlin.load(str(path)).project.serialize_json())
    return list(doc["models"][0].get("views") or [])


def simlin_loops(name: str) -> list[dict]:
    """Feedback loops of the model found by Simlin: id, polarity and variables."""
    model = _simlin_model(name, get_model(name).mdl_hash(), _grid(RunSpec(name)))
    return [{"id": loop.id, "polarity": str(loop.polarity), "variables": list(loop.variables)} for loop in model.loops]


def warm(names: Iterable[str]) -> None:
    """Translate and load the given models now (e.g. at dashboard start)."""
    for name in names:
        model_doc(name)


# ---------------------------------------------------------------- many runs at once (ensembles, sensitivity)


def save_times(spec: RunSpec) -> np.ndarray:
    """The times [year] at which a run of ``spec`` reports values (every SAVEPER)."""
    t0, t1, _, saveper = _grid(spec)
    return np.round(_save_times(t0, t1, saveper), 9)


def simulate_many(
    spec: RunSpec,
    names: Sequence[str],
    values: np.ndarray,
    variables: Sequence[str],
    engine: str = DEFAULT_ENGINE,
) -> tuple[np.ndarray, np.ndarray]:
    """Run ``spec`` once per row of ``values`` (row ``i`` sets the constants ``names`` to ``values[i]``).

    Every member keeps the spec's constants, schedules and time settings; a member's values override the spec's
    constants, and the spec's dated schedules still apply over them (as ``simulate(spec.with_constants(...))``).
    Returns ``(times, out)``: the save times [year] and ``out[member, time, variable]`` (float64), without building
    DataFrames. With Simlin, one compiled model is reused and each member gets a fresh simulation (no state is
    shared between runs); ``engine="pysd"`` (the reference, slow) loops ``model.run`` on one copy of the loaded
    model: every member sets the same constants and schedules, so no member's values leak into the next.
    """
    if engine not in ENGINES:
        raise ModelError(f"unknown engine {engine!r}; choose one of {', '.join(ENGINES)}")
    names, variables = list(names), list(variables)
    unknown = sorted(set(variables) - set(_output_names(spec.model)))
    if unknown:
        raise ModelError(f"unknown variable(s) {', '.join(unknown)} for model {spec.model!r}")
    matrix = np.asarray(values, dtype=float).reshape(-1, len(names))
    t0, t1, dt, saveper = _grid(spec)
    if not dt > 0 or t1 <= t0:
        raise ModelError(f"bad time settings: initial {t0}, final {t1}, step {dt}")
    times = np.round(_save_times(t0, t1, saveper), 9)
    out = np.empty((matrix.shape[0], times.size, len(variables)))
    on_schedule = RunSpec(spec.model, {}, spec.schedules, spec.initial_time, spec.final_time, spec.time_step)
    scheduled_initial, events = _split_schedules(on_schedule, t0, t1, dt)
    base = dict(spec.constants)
    if engine == "pysd":  # the looped reference: one model copy, model.run per member
        model = _pysd_model(spec.model).copy()
        for i, row in enumerate(matrix.tolist()):
            initial = {**base, **dict(zip(names, row, strict=True)), **scheduled_initial}
            out[i] = _run_pysd(spec.model, initial, events, variables, (t0, t1, dt, saveper), model).to_numpy()
        return times, out
    model = _simlin_model(spec.model, get_model(spec.model).mdl_hash(), (t0, t1, dt, saveper))
    direct = _simlin_direct()
    series = np.empty((len(variables), times.size))  # one member's outputs, [variable, time]
    for i, row in enumerate(matrix.tolist()):
        initial = {**base, **dict(zip(names, row, strict=True)), **scheduled_initial}
        if direct is not None:
            _simlin_member_direct(direct, model, initial, events, variables, dt, series)
        else:
            _simlin_member(model, initial, events, variables, dt, series)
        out[i] = series.T
    return times, out


SIMLIN_DIRECT = True
"""simulate_many calls Simlin's C entry points directly (through pysimlin's own cffi module, skipping the Python
wrapper's per-call locks and copies: ~10% less time per member, identical results). False, or a pysimlin version
without these entry points, uses the public ``Model.simulate`` API."""

_DIRECT_ENTRY_POINTS = (
    "simlin_sim_new",
    "simlin_sim_set_value",
    "simlin_sim_run_to",
    "simlin_sim_run_to_end",
    "simlin_sim_get_series",
    "simlin_sim_unref",
)


def _simlin_direct():
    """``(ffi, lib, check_out_error)`` of pysimlin's cffi module, or None (public API)."""
    if not SIMLIN_DIRECT:
        return None
    try:
        from simlin._ffi import check_out_error, ffi, lib
    except ImportError:
        return None
    return (ffi, lib, check_out_error) if all(hasattr(lib, name) for name in _DIRECT_ENTRY_POINTS) else None


def _simlin_member(model, initial: dict, events: list, variables: list, dt: float, series: np.ndarray) -> None:
    """One member through the public API: a fresh simulation, ``series[variable, time]`` filled."""
    with model.simulate(overrides=initial, enable_ltm=False) as sim:
        for when, var, value in events:
            sim.run_to(when - dt / 2)
            sim.set_value(var, value)
        sim.run_to_end()
        for j, var in enumerate(variables):
            series[j] = sim.get_series(var)


@lru_cache(maxsize=4096)
def _c_name(name: str):
    from simlin._ffi import ffi

    return ffi.new("char[]", name.encode("utf-8"))


def _simlin_member_direct(direct, model, initial: dict, events: list, variables: list, dt: float, series) -> None:
    """One member through Simlin's C entry points: a fresh simulation (freed at the end), ``series`` filled."""
    ffi, lib, check = direct
    err = ffi.new("SimlinError **")
    with model._lock:  # as Model.simulate
        sim = lib.simlin_sim_new(model._ptr, False, err)
    check(err, "create simulation")
    try:
        for name, value in initial.items():
            lib.simlin_sim_set_value(sim, _c_name(name), value, err)
            check(err, f"set {name}")
        for when, name, value in events:
            lib.simlin_sim_run_to(sim, when - dt / 2, err)
            check(err, f"run to {when}")
            lib.simlin_sim_set_value(sim, _c_name(name), value, err)
            check(err, f"set {name}")
        lib.simlin_sim_run_to_end(sim, err)
        check(err, "run to end")
        written = ffi.new("uintptr_t *")
        steps = series.shape[1]
        for j, name in enumerate(variables):
            lib.simlin_sim_get_series(sim, _c_name(name), ffi.from_buffer("double[]", series[j]), steps, written, err)
            check(err, f"get series {name}")
            if written[0] != steps:
                raise ModelError(f"Simlin returned {written[0]} values of {name}, expected {steps}")
    finally:
        lib.simlin_sim_unref(sim)


# ---------------------------------------------------------------- structure and feedback loops (dashboard Model page)


def _net_flow_terms(links: list[tuple[str, str, str]], net_flows: set[str]) -> dict[str, list[tuple[str, str]]]:
    """Terms of Simlin's synthetic net flows (an INTEG of a sum becomes one net flow): {net flow: [(term, sign)]}."""
    terms: dict[str, list[tuple[str, str]]] = {flow: [] for flow in net_flows}
    for source, target, sign in links:
        if target in net_flows:
            terms[target].append((source, sign))
    return terms


@lru_cache(maxsize=8)
def _structure(name: str, mdl_hash: str) -> dict:
    import simlin

    model = simlin.load(str(get_model(name).mdl))  # a fresh, never-run model: nothing shared with runs
    signs = {"POSITIVE": "+", "NEGATIVE": "-"}
    raw = [(link.from_var, link.to_var, signs.get(link.polarity.name, "?")) for link in model.get_links()]
    stocks = {v.name: v for v in model.variables if type(v).__name__ == "Stock"}
    ident = {flow: flow.replace(" ", "_") for v in stocks.values() for flow in (*v.inflows, *v.outflows)}
    known = set(model_doc(name)["py_name"])
    net_flows = {ident[f] for f in ident if ident[f] not in known}
    terms = _net_flow_terms(raw, net_flows)
    flows = {}
    for stock, var in stocks.items():
        inflows, outflows = [], []
        for flow in var.inflows:
            if ident[flow] in net_flows:
                inflows += [t for t, s in terms[ident[flow]] if s == "+"]
                outflows += [t for t, s in terms[ident[flow]] if s == "-"]
            else:
                inflows.append(ident[flow])
        outflows += [ident[f] for f in var.outflows]
        flows[stock] = {"inflows": inflows, "outflows": outflows}
    links = []
    for source, target, sign in raw:
        if source in net_flows:
            continue
        if target in net_flows:  # term -> net flow -> stock becomes term -> stock
            stock = next(s for s, v in stocks.items() if any(ident.get(f) == target for f in v.inflows))
            links.append((source, stock, sign))
        else:
            links.append((source, target, sign))
    return {"stocks": flows, "links": sorted(set(links)), "net_flows": sorted(net_flows)}


def stock_flow_structure(name: str) -> dict:
    """The model's stock-flow structure as read by Simlin, in model identifiers:
    ``{"stocks": {stock: {"inflows": [...], "outflows": [...]}}, "links": [(from, to, "+"|"-"|"?")], ...}``.
    Simlin's synthetic net flows are split back into the flows they sum (by the sign of their links)."""
    data = _structure(name, get_model(name).mdl_hash())
    return {"stocks": {k: dict(v) for k, v in data["stocks"].items()}, "links": list(data["links"])}


@lru_cache(maxsize=8)
def _loop_analysis(name: str, mdl_hash: str, timeout: float) -> dict:
    import simlin

    net_flows = set(_structure(name, mdl_hash)["net_flows"])
    model = simlin.load(str(get_model(name).mdl))
    analysis = model.analyze(timeout=timeout)
    if analysis.analysis_error:
        raise ModelError(f"loop analysis of {name!r} failed: {analysis.analysis_error}")
    settings = _time_settings(name, mdl_hash)
    times = _save_times(settings["initial_time"], settings["final_time"], settings["saveper"])
    loops = []
    for loop in analysis.loops:
        series = loop.behavior_time_series
        loops.append(
            {
                "id": loop.id,
                "polarity": str(loop.polarity),  # R, B, Rux/Bux (mostly), U (undetermined)
                "variables": [v for v in loop.variables if v not in net_flows],
                "importance": [] if series is None else [float(x) for x in series],
            }
        )
    periods = [
        {"start": float(p.start_time), "end": float(p.end_time), "loops": list(p.dominant_loops)}
        for p in analysis.dominant_periods
    ]
    return {
        "loops": loops,
        "times": [float(x) for x in times],
        "dominant": periods,
        "complete": bool(analysis.enumeration_complete and not analysis.truncated),
    }


def loop_analysis(name: str, timeout: float = 5.0) -> dict:
    """Feedback loops that drive the model's base run (Simlin's "Loops That Matter" discovery on the .mdl's
    defaults, without the policy timeline): ``{"loops": [{"id", "polarity" (R, B, ...), "variables",
    "importance" (signed relative loop score per saved time, -1..1)}], "times", "dominant": [{"start", "end",
    "loops"}], "complete"}``."""
    data = _loop_analysis(name, get_model(name).mdl_hash(), float(timeout))
    return {**data, "loops": [dict(loop) for loop in data["loops"]], "dominant": [dict(p) for p in data["dominant"]]}
