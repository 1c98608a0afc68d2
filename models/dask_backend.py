"""The Dask backend of :mod:`models.distributed`: a client (the one given, one connected to a running scheduler once
its greeting is checked, or a LocalCluster for the call), and tasks submitted and gathered with every failure one
line (a worker that dies too often, workers that cannot import the project, a lost cluster)."""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator

from models.errors import ModelError
from models.scheduler import check_address, greet


@contextlib.contextmanager
def client(scheduler: str | None, given, workers: int, timeout: float) -> Iterator:
    """An open Dask client: the given one, one connected to ``scheduler``, or a LocalCluster of ``workers`` processes
    for this call."""
    if given is not None:
        yield given
        return
    from distributed import Client, LocalCluster

    if scheduler:
        address = check_address(scheduler)
        greet(address, timeout)  # a Dask scheduler, answering within the timeout: the Client's handshake cannot hang
        try:
            connected = Client(address, timeout=f"{timeout}s", set_as_default=False)
        except (OSError, TimeoutError, ValueError) as exc:
            reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
            raise ModelError(
                f"cannot reach the Dask scheduler at {scheduler} within {timeout:g} s ({reason})"
            ) from None
        with connected:
            wait_for_workers(connected, scheduler, timeout)
            yield connected
        return
    cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=":0")
    with cluster, Client(cluster, set_as_default=False) as local:
        yield local


def wait_for_workers(connected, scheduler: str, timeout: float) -> None:
    """A scheduler without workers would make the run wait forever: fail with a clear message instead."""
    try:
        connected.wait_for_workers(1, timeout=timeout)
    except (TimeoutError, OSError):
        raise ModelError(
            f"the Dask scheduler at {scheduler} has no worker after {timeout:g} s: start some with "
            f"'dask worker {scheduler}' from the project folder"
        ) from None


def run_tasks(dask_client, args: list[tuple], task) -> list:
    """Submit one task per chunk and gather them all; a lost worker is retried by the scheduler, then a ModelError."""
    from distributed import KilledWorker

    tag = os.urandom(4).hex()
    name = getattr(task, "__name__", "task")
    futures = [dask_client.submit(task, *a, pure=False, key=f"{name}-{i}-{tag}") for i, a in enumerate(args)]
    try:
        return dask_client.gather(futures)
    except KilledWorker as exc:
        raise ModelError(
            f"a Dask worker died running {exc.task} too many times; the run failed, nothing written"
        ) from None
    except ImportError as exc:
        raise ModelError(
            f"a Dask worker cannot import the project ({exc}): start the workers from the project folder"
        ) from None
    except (OSError, TimeoutError) as exc:
        raise ModelError(f"lost the Dask cluster during the run ({exc}); nothing written") from None
    finally:
        for future in futures:
            future.release()
