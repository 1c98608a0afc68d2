"""Simulation engines: small connectors behind one protocol. This package is the only place that imports PySD or
Simlin (each connector imports its engine lazily, so a process that never runs PySD never pays for importing it).

* :mod:`models.engines.simlin` — Simlin's compiled engine (pysimlin), ~100x faster: the default;
* :mod:`models.engines.pysd` — PySD, the reference (golden files, the agreement tests) and the source of the variable
  documentation the catalogue is built from.

A connector is a module with ``run(job, members, out)``: one simulation of ``job.model`` per member, each starting from
a fresh state with the member's constant values, the job's dated events applied at their times, and the job's
variables written into ``out[member, time, variable]``. :mod:`models.runtime` turns run specs into jobs; nothing else
calls a connector's ``run``.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

import numpy as np

from models.errors import ModelError

NAMES = ("simlin", "pysd")
DEFAULT = "simlin"

Grid = tuple[float, float, float, float]
"""``(initial, final, step, saveper)`` of a run [year]."""
Event = tuple[float, str, float]
"""``(time, identifier, value)``: from ``time`` on, the constant takes ``value``."""


@dataclass(frozen=True, eq=False)
class Job:
    """What every member of a batch shares: the model file, the time grid, the dated events and the outputs."""

    model: str
    mdl: Path
    mdl_hash: str
    grid: Grid
    times: np.ndarray = field(repr=False)  # the save times [year]
    events: tuple[Event, ...]  # sorted by time; of two values due at one step, the later wins
    variables: tuple[str, ...]


class Engine(Protocol):
    def run(self, job: Job, members: Iterable[Mapping[str, float]], out: np.ndarray) -> None:
        """Fill ``out[member, time, variable]``, one fresh simulation per member (its constant values at the start)."""


def get(name: str) -> Engine:
    """The connector called ``name``; ModelError listing the engines otherwise."""
    if name not in NAMES:
        raise ModelError(f"unknown engine {name!r}; choose one of {', '.join(NAMES)}")
    return importlib.import_module(f"models.engines.{name}")
