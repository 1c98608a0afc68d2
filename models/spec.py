"""What a run is, as data: a model, constant overrides, dated schedules and time settings.

Names in a RunSpec are the model's Python identifiers (``snake_case`` of the Vensim name, as PySD's
``Py Name`` and Simlin's identifiers); :mod:`models.parameters` turns user-written names into them.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property
from types import MappingProxyType

Schedule = tuple[tuple[float, float], ...]
"""Dated values of one constant: ``((start_year, value), ...)`` sorted by start; before the first start the
constant keeps its default (or its override in ``RunSpec.constants``)."""


def _frozen(mapping: Mapping | None) -> Mapping:
    return MappingProxyType(dict(mapping or {}))


@dataclass(frozen=True)
class RunSpec:
    """Everything that defines one simulation. Immutable, hashable by content via :meth:`key`; :attr:`digest` is a
    short fingerprint of the content, for caches keyed by spec (the dashboard's)."""

    model: str
    constants: Mapping[str, float] = field(default_factory=dict)
    schedules: Mapping[str, Schedule] = field(default_factory=dict)
    initial_time: float | None = None
    final_time: float | None = None
    time_step: float | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "constants", _frozen({k: float(v) for k, v in self.constants.items()}))
        schedules = {k: tuple((float(t), float(v)) for t, v in s) for k, s in self.schedules.items()}
        object.__setattr__(self, "schedules", _frozen(schedules))

    def key(self) -> tuple:
        """A hashable summary, for caches of result tables."""
        return (
            self.model,
            tuple(sorted(self.constants.items())),
            tuple(sorted(self.schedules.items())),
            self.initial_time,
            self.final_time,
            self.time_step,
        )

    def __hash__(self) -> int:
        return hash(self.key())

    @cached_property
    def digest(self) -> str:
        """SHA-1 of the content (floats written exactly: ``repr`` round-trips), computed once per spec."""
        return hashlib.sha1(repr(self.key()).encode("utf-8")).hexdigest()

    def with_constants(self, constants: Mapping[str, float]) -> RunSpec:
        """A copy with more constant overrides (later ones win)."""
        return RunSpec(
            self.model,
            {**self.constants, **constants},
            self.schedules,
            self.initial_time,
            self.final_time,
            self.time_step,
        )

    def with_values(self, values: Mapping[str, float]) -> RunSpec:
        """A copy where ``values`` hold for the whole run: each replaces the constant and any dated schedule of it
        (what ``--set`` and a scenario's ``[set]`` mean). ``with_constants`` keeps schedules on top."""
        schedules = {k: v for k, v in self.schedules.items() if k not in values}
        return RunSpec(
            self.model,
            {**self.constants, **values},
            schedules,
            self.initial_time,
            self.final_time,
            self.time_step,
        )

    def with_time(self, **times: float | None) -> RunSpec:
        """A copy with other time settings (``initial_time``, ``final_time``, ``time_step``)."""
        current = {"initial_time": self.initial_time, "final_time": self.final_time, "time_step": self.time_step}
        current.update(times)
        return RunSpec(self.model, self.constants, self.schedules, **current)
