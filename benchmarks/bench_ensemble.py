"""Ensemble and sensitivity benchmark, per bundled model, all in one process on this machine:

* one run (ms): ``runtime.simulate`` of the baseline's indicators with Simlin and with PySD (median of repeats);
* the N-member ensemble (default 1,000, Latin hypercube over the model's ranges, seed 0) with the fast path: the
  default local engine (one thread per idle core), one thread, one thread per core; against the looped PySD
  baseline (``model.run`` once per member over the same parameter sets); the ratio (default engine, and serial),
  and the largest difference of the outputs relative to each series' scale (max |ref|);
* a Dask LocalCluster (2 processes) on the same ensemble, for the distributed overhead;
* the Sobol analysis of one output (``net_public_cost`` in 2030) with N = 1,024 base samples: wall time and runs.

The last line is ``ensemble_speedup_vs_pysd_loop: <ratio>``: per model the one-thread ensemble against the PySD loop,
the smaller of the wall-clock and CPU-time ratios (CPU time is steadier on a shared machine); then the smaller model.

    python benchmarks/bench_ensemble.py [--members 1000] [--pysd-members 1000] [--pysd-budget 300]
        [--sobol-n 1024] [--models cae,sap]

The PySD loop stops after ``--pysd-members`` members or, past ``--pysd-budget`` seconds (default 300), at the end of
its current block of 50 members; its time is then scaled up to N members (per-member cost), which the table says.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from models import distributed, ensemble, runtime, sensitivity  # noqa: E402
from models.catalog import catalog  # noqa: E402
from models.registry import model_names  # noqa: E402
from models.scenarios import scenario_spec  # noqa: E402

TOLERANCE = 1e-6


def clock(fn, repeats: int = 1) -> tuple[float, float, object]:
    """(best wall time [s], best CPU time of this process [s], last result) over ``repeats``. CPU time does not
    count the time spent waiting for a core, so it is the steadier measure on a shared machine (single thread)."""
    wall, cpu, result = float("inf"), float("inf"), None
    for _ in range(repeats):
        start, start_cpu = time.perf_counter(), time.process_time()
        result = fn()
        wall = min(wall, time.perf_counter() - start)
        cpu = min(cpu, time.process_time() - start_cpu)
    return wall, cpu, result


def timed(fn, repeats: int = 1) -> tuple[float, object]:
    """(best wall time [s] over ``repeats``, last result)."""
    wall, _, result = clock(fn, repeats)
    return wall, result


def one_run_ms(spec, variables, engine: str, repeats: int) -> float:
    runtime.simulate(spec, engine=engine, variables=variables)  # warm: translation, compilation
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        runtime.simulate(spec, engine=engine, variables=variables)
        times.append(time.perf_counter() - start)
    return 1e3 * statistics.median(times)


def relative_gaps(fast: np.ndarray, ref: np.ndarray) -> np.ndarray:
    """Per member: largest |fast - ref| relative to each series' own scale (max |ref| over time, at least 1e-9)."""
    scale = np.maximum(np.abs(ref).max(axis=1, keepdims=True), 1e-9)
    return (np.abs(fast - ref) / scale).max(axis=(1, 2))


def pysd_loop(spec, sample, variables, members: int, budget: float, block: int = 50):
    """The looped PySD baseline over the first ``members`` parameter sets, in blocks of ``block`` members, stopping
    after the block that passes ``budget`` seconds: (wall seconds, CPU seconds, outputs of the members run)."""
    elapsed, cpu, parts = 0.0, 0.0, []
    for start in range(0, members, block):
        rows = sample.values[start : min(members, start + block)]
        wall, used, (_, out) = clock(
            lambda rows=rows: runtime.simulate_many(spec, sample.names, rows, variables, "pysd")
        )
        elapsed, cpu = elapsed + wall, cpu + used
        parts.append(out)
        if elapsed > budget:
            break
    return elapsed, cpu, np.concatenate(parts)


def sobol_year(spec) -> float:
    times = runtime.save_times(spec)
    return 2030.0 if 2030.0 in times else float(times[-1])


def bench_model(model: str, args) -> dict:
    spec = scenario_spec(model)
    variables = list(catalog(model).indicators)
    row: dict = {"model": model}
    row["simlin_ms"] = one_run_ms(spec, variables, "simlin", 50)
    row["pysd_ms"] = one_run_ms(spec, variables, "pysd", 5)

    sample = ensemble.sample_ranges(model, args.members, seed=0, spec=spec)
    row["params"] = len(sample.names)
    row["serial_s"], row["serial_cpu_s"], (_, fast) = clock(
        lambda: distributed.evaluate(spec, sample.names, sample.values, variables, workers=1), 3
    )
    row["threads_s"], _ = timed(
        lambda: distributed.evaluate(spec, sample.names, sample.values, variables, workers=distributed.cores()), 3
    )
    row["default_workers"] = distributed.default_workers()  # one thread per idle core
    row["ensemble_s"], _ = timed(lambda: ensemble.evaluate(spec, sample, variables), 3)  # the default local engine

    from distributed import Client, LocalCluster

    start = time.perf_counter()
    with (
        LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0") as cluster,
        Client(cluster, set_as_default=False) as client,
    ):
        row["dask_start_s"] = time.perf_counter() - start
        distributed.evaluate(spec, sample.names, sample.values[:4], variables, backend="dask", client=client)
        row["dask_s"], (_, remote) = timed(
            lambda: distributed.evaluate(spec, sample.names, sample.values, variables, backend="dask", client=client), 2
        )
    row["dask_equal"] = bool(np.array_equal(remote, fast))

    pysd_s, pysd_cpu, ref = pysd_loop(spec, sample, variables, min(args.pysd_members, args.members), args.pysd_budget)
    k = ref.shape[0]
    row["pysd_members"] = k
    row["pysd_loop_s"] = pysd_s * args.members / k
    row["pysd_loop_cpu_s"] = pysd_cpu * args.members / k
    gaps = relative_gaps(fast[:k], ref)
    row["max_rel_diff"] = float(gaps.max())
    row["members_beyond_tol"] = int((gaps > TOLERANCE).sum())
    row["median_rel_diff"] = float(np.median(gaps))
    row["ratio"] = row["pysd_loop_s"] / row["ensemble_s"]
    row["ratio_serial"] = row["pysd_loop_s"] / row["serial_s"]
    row["ratio_serial_cpu"] = row["pysd_loop_cpu_s"] / row["serial_cpu_s"]
    row["speedup"] = min(row["ratio_serial"], row["ratio_serial_cpu"])  # conservative: one thread, worse clock
    print(f"{model}: {row}", file=sys.stderr, flush=True)  # progress, in case the Sobol part is interrupted

    year = sobol_year(spec)
    start = time.perf_counter()
    res = sensitivity.sensitivity(spec, "sobol", "net_public_cost", year, args.sobol_n, seed=0)
    row["sobol_s"] = time.perf_counter() - start
    row["sobol_runs"] = res.runs
    row["sobol_year"] = year
    row["sobol_top"] = ", ".join(f"{r.parameter} {r.ST:.2f}" for r in res.table.head(3).itertuples())
    return row


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--members", type=int, default=1000)
    parser.add_argument("--pysd-members", type=int, default=1000)
    parser.add_argument("--pysd-budget", type=float, default=300.0, help="seconds of PySD loop per model at most")
    parser.add_argument("--sobol-n", type=int, default=1024)
    parser.add_argument("--models", default=",".join(model_names()))
    args = parser.parse_args(argv)
    rows = [bench_model(m, args) for m in args.models.split(",") if m]
    n = args.members
    print(
        f"\n{n}-member ensembles (Latin hypercube over each model's ranges, seed 0), one process, cores: "
        f"{distributed.cores()}, load average {os.getloadavg()[0]:.1f}"
    )
    print(
        "| model | params | one run simlin (ms) | one run pysd (ms) | ensemble default (s) | serial (s) "
        f"| {distributed.cores()} threads (s) | Dask {distributed.cores()} procs (s) | PySD loop (s) "
        f"| speedup, 1 thread | max rel diff | members > 1e-6 | Sobol N={args.sobol_n} (s) | Sobol runs |"
    )
    print("|" + "---|" * 14)
    for r in rows:
        loop = f"{r['pysd_loop_s']:.1f}" + ("" if r["pysd_members"] == n else f" (from {r['pysd_members']})")
        print(
            f"| {r['model']} | {r['params']} | {r['simlin_ms']:.2f} | {r['pysd_ms']:.1f} "
            f"| {r['ensemble_s']:.2f} ({r['default_workers']} thr.) | {r['serial_s']:.2f} | {r['threads_s']:.2f} "
            f"| {r['dask_s']:.2f} (+{r['dask_start_s']:.1f} start) | {loop} "
            f"| {r['speedup']:.0f}x (default engine {r['ratio']:.0f}x) | {r['max_rel_diff']:.1e} "
            f"| {r['members_beyond_tol']} / {r['pysd_members']} | {r['sobol_s']:.1f} | {r['sobol_runs']} |"
        )
    for r in rows:
        print(
            f"{r['model']}: Dask results equal local: {r['dask_equal']}; median member rel diff "
            f"{r['median_rel_diff']:.1e}; Sobol of net_public_cost {r['sobol_year']:g}, top ST: {r['sobol_top']}"
        )
    print(
        "speedup = PySD loop / ensemble on one thread, the smaller of the wall-clock and CPU-time ratios "
        "(CPU: "
        + ", ".join(f"{r['model']} {r['ratio_serial_cpu']:.0f}x" for r in rows)
        + "; wall: "
        + ", ".join(f"{r['model']} {r['ratio_serial']:.0f}x" for r in rows)
        + ")"
    )
    print(f"ensemble_speedup_vs_pysd_loop: {min(r['speedup'] for r in rows):.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
