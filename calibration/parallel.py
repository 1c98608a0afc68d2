"""Independent pieces of a fit (the local fits of the starts, the sides of the profiles) on several processes.

The evaluator reaches the worker processes by ``fork`` (it holds compiled models that are not pickled); each task
comes back with its result and the model runs it made, added to the parent's count. Results come back in task order
and each task is deterministic, so a fit gives the same estimates and intervals whatever the number of workers (a
test pins it). One worker, one task, or a platform without ``fork`` runs the tasks here, in order. Only the command
line asks for several workers: forking a process that runs threads (the dashboard's server) is not safe.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed
from typing import Any

from calibration.problem import Evaluator

MAX_WORKERS = 64
"""Most worker processes a fit may ask for (a guard on the command-line value)."""

_SHARED: tuple[Evaluator, Callable[[Evaluator, Any], Any]] | None = None


def available_cores() -> int:
    """Cores this process may run on (the default number of workers of the command line)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


def run_tasks(
    ev: Evaluator,
    task: Callable[[Evaluator, Any], Any],
    items: Sequence[Any],
    workers: int = 1,
    tick: Callable[[float], None] = lambda f: None,
) -> list[Any]:
    """``[task(ev, item) for item in items]``, on up to ``workers`` processes; ``tick(fraction done)`` as they end."""
    n = len(items)
    if workers <= 1 or n <= 1 or "fork" not in multiprocessing.get_all_start_methods():
        out = []
        for i, item in enumerate(items):
            out.append(task(ev, item))
            tick((i + 1) / n)
        return out
    global _SHARED
    _SHARED = (ev, task)
    try:
        with ProcessPoolExecutor(min(workers, n), mp_context=multiprocessing.get_context("fork")) as pool:
            futures = [pool.submit(_child, item) for item in items]
            try:
                for done, future in enumerate(as_completed(futures), start=1):
                    future.result()  # a task's error (or Ctrl-C) stops the others
                    tick(done / n)
            except BaseException:
                pool.shutdown(wait=True, cancel_futures=True)
                raise
            results = [f.result() for f in futures]
    finally:
        _SHARED = None
    ev.runs += sum(runs for _, runs in results)
    return [value for value, _ in results]


def _child(item: Any) -> tuple[Any, int]:
    """One task in a worker process: its result and the model runs it made."""
    assert _SHARED is not None, "run_tasks sets the shared evaluator before forking"
    ev, task = _SHARED
    ev.on_run = None  # the parent's callback (progress, stop) belongs to the parent
    before = ev.runs
    value = task(ev, item)
    return value, ev.runs - before
