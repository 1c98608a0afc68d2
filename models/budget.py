"""The cost of a job before it starts: time steps x variables x runs, against a memory and a time limit.

One run computes every variable of the model at every time step and keeps every variable at every saved time while it
runs (Simlin's results); a job keeps ``runs x saved times x outputs`` values and ``runs x inputs`` sampled constants.
It takes about ``runs x steps x variables x`` :data:`SECONDS_PER_STEP_VARIABLE` seconds of one core. A job beyond
either limit is refused, with the estimate, before anything is allocated: a 1,000,000,000-year run or ten million
members is one line, not a crash of the process (or of the dashboard's server).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from models import runtime
from models.catalog import catalog
from models.errors import ModelError
from models.spec import RunSpec

MAX_BYTES = 2 * 10**9
"""Memory a job may hold (outputs, samples, the runs in progress)."""
MAX_SECONDS = 3600.0
"""Computing time a job may take on this machine's cores (a remote Dask cluster's size is unknown: not bounded)."""
MAX_RUN_SECONDS = 10.0
"""Computing time of a single run (the models take milliseconds; only absurd time settings get near this)."""
SECONDS_PER_STEP_VARIABLE = {"simlin": 2e-8, "pysd": 2e-6}
"""One variable at one time step, one core, by engine (benchmarks/bench_ensemble.py, one thread: Simlin, CAE v1 1.5 ms
per run = 720 steps x 178 variables x 1.2e-8 s, SAP v1 3.5 ms = 320 x 543 x 2.0e-8 s; PySD, CAE v2 570 ms = 720 x 458 x
1.7e-6 s, SAP v2 580 ms = 320 x 984 x 1.8e-6 s; the larger is used)."""


@dataclass(frozen=True)
class Cost:
    """What a job of ``runs`` runs of ``model`` needs."""

    model: str
    runs: int
    steps: int  # time steps of one run
    saved: int  # saved times of one run
    variables: int  # variables computed at each step
    outputs: int  # variables kept from each run
    inputs: int  # sampled constants per run
    parallel: int  # runs in progress at once
    engine: str = "simlin"

    @property
    def bytes(self) -> int:
        return 8 * (self.runs * (self.saved * self.outputs + self.inputs) + self.parallel * self.saved * self.variables)

    @property
    def seconds(self) -> float:
        return self.runs * self.steps * self.variables * SECONDS_PER_STEP_VARIABLE[self.engine]

    def text(self, workers: int | None) -> str:
        runs = f"{self.runs:,} run{'' if self.runs == 1 else 's'} of {self.model}"
        shape = f"{self.steps:,} steps x {self.variables} variables, {self.outputs} kept over {self.saved:,} times"
        where = "on this machine" if workers is None else f"on {workers} core{'' if workers == 1 else 's'}"
        need = "needs" if self.runs == 1 else "need"
        time = _duration(self.seconds / (workers or 1))
        return f"{runs} ({shape}) {need} about {_size(self.bytes)} of memory and {time} of computing {where}"


def estimate(
    spec: RunSpec, runs: int, outputs: int, inputs: int = 0, parallel: int = 1, engine: str = "simlin"
) -> Cost:
    """The cost of ``runs`` runs of ``spec`` on ``engine`` keeping ``outputs`` variables (``inputs`` sampled
    constants each)."""
    t0, t1, dt, saveper = runtime.grid(spec)
    return Cost(
        model=spec.model,
        runs=int(runs),
        steps=math.ceil((t1 - t0) / dt - 1e-9),
        saved=math.floor((t1 - t0) / saveper + 1e-9) + 1,
        variables=len(catalog(spec.model).outputs),
        outputs=int(outputs),
        inputs=int(inputs),
        parallel=max(1, int(parallel)),
        engine=engine,
    )


def check(
    spec: RunSpec,
    runs: int,
    outputs: int,
    inputs: int = 0,
    workers: int | None = 1,
    max_seconds: float = MAX_SECONDS,
    where: str = "",
    engine: str = "simlin",
) -> Cost:
    """The cost of the job, or ModelError with the estimate when it needs more than :data:`MAX_BYTES` of memory or
    more than ``max_seconds`` on ``workers`` cores (None: a remote cluster, whose time is not bounded here)."""
    cost = estimate(spec, runs, outputs, inputs, workers or 1, engine)
    too_long = workers is not None and cost.seconds / workers > max_seconds
    if cost.bytes > MAX_BYTES or too_long:
        prefix = f"{where}: " if where else ""
        raise ModelError(
            f"{prefix}{cost.text(workers)}; the limits are {_size(MAX_BYTES)} and {_duration(max_seconds)}: "
            "use fewer members or samples, a shorter run or a coarser step (or a Dask cluster, --scheduler)"
        )
    return cost


def _size(count: float) -> str:
    for unit, scale in (("TB", 1e12), ("GB", 1e9), ("MB", 1e6)):
        if count >= scale:
            return f"{count / scale:,.3g} {unit}"
    return f"{count / 1e3:,.3g} kB"


def _duration(seconds: float) -> str:
    for unit, scale in (("days", 86_400), ("h", 3600), ("min", 60)):
        if seconds >= scale:
            return f"{seconds / scale:,.3g} {unit}"
    return f"{seconds:.2g} s"
