"""PySD, the reference engine, and the source of the variable documentation.

The .mdl is translated to Python once, into ``models/.cache/<model>-<hash>.py`` (keyed by the .mdl's hash, so it is
regenerated whenever the .mdl changes; git-ignored), and loaded once; every batch of runs works on a fresh copy of the
loaded model, and every member of a batch sets the same constants and events, so no run changes the next. Dated events
are fed as step time series that change value at the event's time.

PySD translates a model into Python and runs it: only the bundled, reviewed .mdl files are ever given to it (never an
uploaded one).
"""

from __future__ import annotations

import math
import os
import shutil
import tempfile
import threading
import warnings
from collections.abc import Iterable, Mapping
from functools import lru_cache
from pathlib import Path

import numpy as np
import pandas as pd

from models.engines import Job
from models.registry import CACHE_DIR, ModelInfo, get_model

_translate_lock = threading.Lock()
DOC_COLUMNS = ("name", "py_name", "units", "min", "max", "step", "type", "subtype", "comment", "default", "flow")


def stem(info: ModelInfo) -> str:
    """Name of the model's files in the cache (translation, documentation): changes with the .mdl."""
    return f"{info.name}-{info.mdl_hash()[:16]}"


def translated(info: ModelInfo) -> Path:
    """PySD's translation of the model, translating the .mdl first if it changed."""
    import pysd

    name = stem(info)
    target = CACHE_DIR / f"{name}.py"
    with _translate_lock:
        if not target.exists():
            CACHE_DIR.mkdir(parents=True, exist_ok=True)
            # A private folder per process: several processes (tests, dashboard, CLI) may translate at once.
            tmp_dir = Path(tempfile.mkdtemp(prefix=f".{name}.", dir=CACHE_DIR))
            try:
                shutil.copy(info.mdl, tmp_dir / f"{name}.mdl")
                pysd.read_vensim(str(tmp_dir / f"{name}.mdl"), initialize=False)
                os.replace(tmp_dir / f"{name}.py", target)  # atomic: a half translation is never seen
            finally:
                shutil.rmtree(tmp_dir, ignore_errors=True)
            for path in CACHE_DIR.glob(f"{info.name}-*"):  # earlier versions (regenerated if ever needed)
                if not path.name.startswith(name):
                    path.unlink(missing_ok=True)
    return target


@lru_cache(maxsize=8)
def _base(name: str, mdl_hash: str):
    """The loaded, never-run PySD model (runs work on copies)."""
    import pysd

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return pysd.load(str(translated(get_model(name))))


def documentation(info: ModelInfo) -> pd.DataFrame:
    """Every variable as PySD documents it: ``name`` (Vensim name), ``py_name``, ``units``, ``min``, ``max``,
    ``step`` (the .mdl's ``[min,max,step]``, NaN where open), ``type`` and ``subtype`` (PySD's kinds: Constant,
    Auxiliary, Stateful/Integ...), ``comment``, ``default`` (constants only) and ``flow`` (a term of a stock's rate)."""
    return _documentation(info.name, info.mdl_hash()).copy()


@lru_cache(maxsize=8)
def _documentation(name: str, mdl_hash: str) -> pd.DataFrame:
    model = _base(name, mdl_hash)
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
    flows = {dep for key, deps in model.dependencies.items() if key.startswith("_integ_") for dep in deps["step"]}
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
            "flow": [py in flows for py in doc["Py Name"]],
        },
        columns=list(DOC_COLUMNS),
    ).reset_index(drop=True)


@lru_cache(maxsize=8)
def _lookups(name: str, mdl_hash: str) -> tuple[dict[str, float], dict[str, str]]:
    """``(defaults of the constants, Vensim name -> identifier)``."""
    doc = _documentation(name, mdl_hash)
    return dict(zip(doc["py_name"], doc["default"], strict=True)), dict(zip(doc["name"], doc["py_name"], strict=True))


def run(job: Job, members: Iterable[Mapping[str, float]], out: np.ndarray) -> None:
    """Fill ``out[member, time, variable]`` (see :mod:`models.engines`): ``model.run`` on one copy of the loaded
    model per batch (every member sets the same constants and events, so no member's values leak into the next)."""
    model = _base(job.model, job.mdl_hash).copy()
    defaults, rename = _lookups(job.model, job.mdl_hash)
    t0, t1, dt, saveper = job.grid
    names = list(job.variables)
    by_name: dict[str, list] = {}
    for when, var, value in job.events:
        by_name.setdefault(var, []).append((when, value))
    eps = dt * 1e-6
    for i, initial in enumerate(members):
        params: dict[str, object] = dict(initial)
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
            table = model.run(
                params=params,
                return_columns=names,
                return_timestamps=job.times,
                initial_condition=(t0, {}),
                final_time=t1,
                time_step=dt,
                saveper=saveper,
            )
        out[i] = table.rename(columns=rename)[names].to_numpy(dtype=float)
