"""Where many runs execute (the *backend*): locally (threads over Simlin, which releases the GIL) or on Dask
distributed; on either simulation *engine* (Simlin by default, PySD the reference: :mod:`models.engines`).

``evaluate(spec, names, values, variables, backend="local"|"dask", scheduler=None, engine="simlin"|"pysd")`` runs one
member per row of ``values`` and returns ``(times, out[member, time, variable])``. The members are cut into chunks
(``chunk_size`` members per task, default 100) so that the per-task overhead of Dask (~1 ms) stays small beside the
work (~1 ms per member).

* ``backend="local"``: ``workers`` threads in this process (default: one per idle core, see :func:`default_workers`;
  one thread for PySD, which holds the GIL).
* ``backend="dask"``: a ``dask.distributed`` cluster. ``scheduler=None`` starts a ``LocalCluster`` of processes for
  the call; ``scheduler="tcp://host:8786"`` connects to a running cluster (``dask scheduler`` + ``dask worker``);
  ``client=`` reuses an open ``distributed.Client``. Workers must run the same checkout of this project (the model
  hash is checked in each task). An unreachable scheduler, a peer that does not answer and one that is not a Dask
  scheduler are each a ModelError within ``connect_timeout`` seconds (:mod:`models.dask_backend`).
* Every job is checked against the memory and time budget (:mod:`models.budget`) before it starts.
  A worker that dies has its chunk rescheduled by the scheduler (up to ``distributed.scheduler.allowed-failures``
  times, default 3) and then the run fails with a ModelError; every chunk's member count is checked, so no
  member is ever silently lost.

:func:`map_tasks` runs any picklable function over a list of items the same way (bootstrap refits, for instance).
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor

import numpy as np

from models import budget, dask_backend, runtime
from models.engines import DEFAULT as DEFAULT_ENGINE
from models.errors import ModelError
from models.registry import get_model
from models.spec import RunSpec

BACKENDS = ("local", "dask")
DEFAULT_CHUNK = 100
CONNECT_TIMEOUT = 5.0  # seconds


def cores() -> int:
    return max(1, os.cpu_count() or 1)


def default_workers(engine: str = DEFAULT_ENGINE) -> int:
    """Threads for the local backend: one per idle core, at least one; one for PySD (pure Python: threads only add
    GIL hand-offs). Threads over Simlin pay on idle cores (~1.7x on 2 cores) but lose to one thread on a busy machine
    (the GIL hand-offs between runs then stall both threads: benchmarks/bench_ensemble.py measures both)."""
    if engine == "pysd":
        return 1
    try:
        busy = os.getloadavg()[0]
    except (AttributeError, OSError):
        busy = 0.0
    return max(1, min(cores(), round(cores() - busy + 1)))


# ---------------------------------------------------------------- one task


def spec_payload(spec: RunSpec) -> dict:
    """A RunSpec as plain picklable data (mapping proxies do not pickle)."""
    return {
        "model": spec.model,
        "constants": dict(spec.constants),
        "schedules": {k: tuple(v) for k, v in spec.schedules.items()},
        "initial_time": spec.initial_time,
        "final_time": spec.final_time,
        "time_step": spec.time_step,
    }


def run_chunk(
    payload: dict,
    names: Sequence[str],
    values: np.ndarray,
    variables: Sequence[str],
    start: int,
    mdl_hash: str,
    engine: str = DEFAULT_ENGINE,
) -> tuple[int, np.ndarray, np.ndarray]:
    """Run one chunk of members (a Dask task or a local thread): ``(start, times, out[member, time, variable])``."""
    here = get_model(payload["model"]).mdl_hash()
    if here != mdl_hash:
        raise ModelError(
            f"{payload['model']}.mdl differs between the caller and this worker (hash {mdl_hash[:12]} vs {here[:12]}): "
            "the file changed during the run, or the Dask workers run another checkout"
        )
    times, out = runtime.simulate_many(RunSpec(**payload), names, values, variables, engine)
    return start, times, out


def chunks(n: int, size: int) -> list[tuple[int, int]]:
    """``[(start, stop), ...]`` covering ``range(n)`` in pieces of at most ``size``."""
    size = max(1, int(size))
    return [(start, min(n, start + size)) for start in range(0, n, size)]


def _assemble(n: int, parts: list[tuple[int, np.ndarray, np.ndarray]], bounds: list[tuple[int, int]]):
    """Put the chunks back in member order, checking that every member came back exactly once."""
    expected = dict(bounds)
    got = {start: out for start, _, out in parts}
    if sorted(got) != sorted(expected):
        raise ModelError(f"lost chunks: expected {len(expected)}, got {len(got)}; nothing written")
    for start, out in got.items():
        if out.shape[0] != expected[start] - start:
            raise ModelError(f"chunk at member {start} returned {out.shape[0]} of {expected[start] - start} members")
    times = parts[0][1]
    values = np.concatenate([got[start] for start, _ in bounds], axis=0)
    if values.shape[0] != n:
        raise ModelError(f"{values.shape[0]} of {n} members came back; nothing written")
    return times, values


# ---------------------------------------------------------------- backends


def check_backend(backend: str, scheduler: str | None = None, engine: str = DEFAULT_ENGINE) -> None:
    """ModelError for an unknown backend or engine, or a scheduler without the Dask backend."""
    if backend not in BACKENDS:
        raise ModelError(f"unknown backend {backend!r}; choose one of {', '.join(BACKENDS)}")
    if engine not in runtime.ENGINES:
        raise ModelError(f"unknown engine {engine!r}; choose one of {', '.join(runtime.ENGINES)}")
    if scheduler and backend != "dask":
        raise ModelError("--scheduler needs --backend dask")


def evaluate(
    spec: RunSpec,
    names: Sequence[str],
    values: np.ndarray,
    variables: Sequence[str],
    backend: str = "local",
    scheduler: str | None = None,
    engine: str = DEFAULT_ENGINE,
    chunk_size: int = DEFAULT_CHUNK,
    workers: int | None = None,
    client=None,
    connect_timeout: float = CONNECT_TIMEOUT,
    task=run_chunk,
    max_seconds: float = budget.MAX_SECONDS,
    progress: Callable[[int, int], None] | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    """Run ``spec`` once per row of ``values`` (constants ``names``); ``(times, out[member, time, variable])``.
    The job is checked against the memory and time budget (``max_seconds``) before anything runs.
    ``progress(members done, members)`` is called in the caller's thread as chunks come back (locally after each
    chunk, on Dask once at the end); if it raises, the chunks not started are dropped and the error propagates."""
    check_backend(backend, scheduler, engine)
    matrix = np.asarray(values, dtype=float).reshape(-1, len(names))
    if matrix.shape[0] == 0:
        raise ModelError("no member to run")
    names, variables = list(names), list(variables)
    check_budget(
        spec, matrix.shape[0], len(variables), len(names), backend, scheduler, engine, workers, client, max_seconds
    )
    bounds = chunks(matrix.shape[0], chunk_size)
    payload = spec_payload(spec)
    mdl_hash = get_model(spec.model).mdl_hash()
    args = [(payload, names, matrix[a:b], variables, a, mdl_hash, engine) for a, b in bounds]
    if backend == "local":
        sizes = [b - a for a, b in bounds]
        parts = _local(args, workers or default_workers(engine), task, _counter(progress, sizes))
    else:
        with dask_backend.client(scheduler, client, workers or cores(), connect_timeout) as dask_client:
            parts = dask_backend.run_tasks(dask_client, args, task)
        if progress is not None:
            progress(matrix.shape[0], matrix.shape[0])
    return _assemble(matrix.shape[0], parts, bounds)


def _counter(progress: Callable[[int, int], None] | None, sizes: list[int]) -> Callable[[int], None] | None:
    """``done(chunk index)`` -> ``progress(members done, members)`` (the chunks come back in order)."""
    if progress is None:
        return None
    done = np.cumsum(sizes)
    return lambda i: progress(int(done[i]), int(done[-1]))


def parallelism(
    backend: str = "local",
    scheduler: str | None = None,
    workers: int | None = None,
    client=None,
    engine: str = DEFAULT_ENGINE,
):
    """Runs in progress at once on this machine: the local threads or LocalCluster processes; None for a cluster
    given by address or client (its size is not known here)."""
    if scheduler or client is not None:
        return None
    if backend == "local":
        return workers or default_workers(engine)
    return workers or cores()


def check_budget(
    spec: RunSpec,
    runs: int,
    outputs: int,
    inputs: int = 0,
    backend: str = "local",
    scheduler: str | None = None,
    engine: str = DEFAULT_ENGINE,
    workers: int | None = None,
    client=None,
    max_seconds: float = budget.MAX_SECONDS,
    **_,
) -> budget.Cost:
    """:func:`models.budget.check` for a job on the backend and engine these options describe (the other options
    of :func:`evaluate` are accepted and ignored)."""
    workers = parallelism(backend, scheduler, workers, client, engine)
    return budget.check(spec, runs, outputs, inputs, workers, max_seconds, engine=engine)


def map_tasks(
    fn: Callable,
    items: Sequence,
    backend: str = "local",
    scheduler: str | None = None,
    workers: int | None = None,
    client=None,
    connect_timeout: float = CONNECT_TIMEOUT,
) -> list:
    """``[fn(item) for item in items]`` on the chosen backend, in order, every result accounted for (e.g. bootstrap
    refits of a calibration). On Dask, ``fn`` must be importable by the workers (a module-level function)."""
    check_backend(backend, scheduler)
    args = [(item,) for item in items]
    if backend == "local":
        results = _local(args, workers or default_workers(), fn)
    else:
        with dask_backend.client(scheduler, client, workers or cores(), connect_timeout) as dask_client:
            results = dask_backend.run_tasks(dask_client, args, fn)
    if len(results) != len(args):
        raise ModelError(f"{len(results)} of {len(args)} tasks came back; nothing written")
    return list(results)


@contextlib.contextmanager
def session(**options) -> Iterator[dict]:
    """``options`` for :func:`evaluate`, with one Dask client opened for the whole block when ``backend="dask"``
    (so that several evaluations share one cluster)."""
    if options.get("backend") == "dask" and options.get("client") is None:
        timeout = options.get("connect_timeout", CONNECT_TIMEOUT)
        with dask_backend.client(options.get("scheduler"), None, options.get("workers") or cores(), timeout) as client:
            yield {**options, "client": client}
    else:
        yield options


def _local(args: list[tuple], workers: int, task, done: Callable[[int], None] | None = None) -> list:
    """``[task(*a) for a in args]``, on ``workers`` threads; ``done(i)`` after the i-th result, in order (an error
    it raises cancels the tasks not started: a stopped job does not keep the cores busy)."""
    done = done or (lambda i: None)
    if workers <= 1 or len(args) == 1:
        results = []
        for i, a in enumerate(args):
            results.append(task(*a))
            done(i)
        return results
    with ThreadPoolExecutor(max_workers=workers) as pool:
        futures = [pool.submit(task, *a) for a in args]
        try:
            results = []
            for i, future in enumerate(futures):
                results.append(future.result())
                done(i)
            return results
        except BaseException:
            pool.shutdown(wait=False, cancel_futures=True)
            raise
