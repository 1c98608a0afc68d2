"""Dashboard benchmark (Streamlit AppTest, server side): first page load and lever changes, for each sector.

* **first load**: a fresh Python process (as a just-started server) opens the Explore page of the sector: the
  script's imports, the model documentation read from the cached PySD translation, the first runs and charts. The
  translation cache is warmed first (``models/.cache``), so no .mdl is translated during the measure; Streamlit's
  own first-run work (scanning installed packages for components, which a server does once at start) is paid by a
  trivial script first and reported apart (``streamlit s``).
* **second session**: another session opening the same page in that process (what the next user waits for).
* **lever change**: server-side time from a lever change to the updated page (``AppTest.run()`` after setting a
  lever widget), median and 90th percentile over 20 changes cycling through the sector's policy levers, every change
  a new value (no cached run). Baseline in the same run: the median time of one bare model run
  (``models.runtime.simulate``) of the same spec; ``ratio`` = lever change / one run.

    python benchmarks/bench_dashboard.py [--models cae,sap] [--changes 20]

Targets: lever change < 0.3 s, first load < 3 s with the translation cache warm.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
APP = str(REPO / "app.py")

FIRST_LOAD = """
import json, sys, time
sys.path.insert(0, {repo!r})
from streamlit.testing.v1 import AppTest
start = time.perf_counter(); AppTest.from_string("import streamlit as st\\nst.write(1)").run()
machinery = time.perf_counter() - start  # Streamlit's own first-run work (component scan): a server does it at start
at = AppTest.from_file({app!r}, default_timeout=300)
at.query_params.update({{"model": {model!r}, "lang": "fr"}})
start = time.perf_counter(); at.run(); first = time.perf_counter() - start
assert not at.exception and not at.error, [e.value for e in list(at.exception) + list(at.error)]
again = AppTest.from_file({app!r}, default_timeout=300)
again.query_params.update({{"model": {model!r}, "lang": "fr"}})
start = time.perf_counter(); again.run(); second = time.perf_counter() - start
print(json.dumps({{"first": first, "second": second, "machinery": machinery}}))
"""


def first_load(model: str) -> dict:
    """First and second page load [s] in a fresh interpreter (Streamlit imported, nothing else)."""
    code = FIRST_LOAD.format(repo=str(REPO), app=APP, model=model)
    out = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, timeout=900)
    if out.returncode != 0:
        raise RuntimeError(out.stderr.strip().splitlines()[-1] if out.stderr.strip() else "first-load run failed")
    return json.loads(out.stdout.strip().splitlines()[-1])


def one_run_s(model: str, repeats: int = 30) -> float:
    from models import runtime
    from models.scenarios import scenario_spec

    spec = scenario_spec(model)
    runtime.simulate(spec)
    times = []
    for _ in range(repeats):  # runtime.simulate caches nothing: each call is a full run
        start = time.perf_counter()
        runtime.simulate(spec)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def lever_changes(model: str, changes: int) -> list[float]:
    """Times [s] of ``changes`` lever moves on the Explore page, each to a value not used before."""
    from streamlit.testing.v1 import AppTest

    from models.catalog import catalog
    from ui.levers import is_toggle, options

    at = AppTest.from_file(APP, default_timeout=300)
    at.query_params.update({"model": model, "lang": "fr"})
    at.run()
    levers = catalog(model).levers
    sliders = [p for p in levers if not is_toggle(p)]
    used: set[tuple[str, float]] = set()
    times = []
    for i in range(changes):
        param = sliders[i % len(sliders)]
        choices = options(param)
        k = (7 * i + 3) % len(choices)
        while (param.py_name, choices[k]) in used:
            k = (k + 1) % len(choices)
        used.add((param.py_name, choices[k]))
        widget = at.select_slider(key=f"lever.{model}.{param.py_name}")
        if widget.value == choices[k]:
            k = (k + 1) % len(choices)
        widget.set_value(choices[k])
        start = time.perf_counter()
        at.run()
        times.append(time.perf_counter() - start)
        if at.exception or at.error:
            raise RuntimeError(f"page error after moving {param.py_name}")
    return times


def main() -> None:
    from models import catalog
    from models.registry import model_names

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--models", help="comma-separated models (default: every bundled model)")
    parser.add_argument("--changes", type=int, default=20)
    args = parser.parse_args()
    models = args.models.split(",") if args.models else list(model_names())
    catalog.warm(models)  # translation cache warm before anything is timed
    print(
        f"{'model':<6} {'streamlit s':>11} {'first load s':>12} {'2nd session s':>13} {'lever med s':>11} "
        f"{'lever p90 s':>11} {'one run ms':>10} {'ratio':>7}"
    )
    worst_first, worst_change = 0.0, 0.0
    for model in models:
        loads = first_load(model)
        times = lever_changes(model, args.changes)
        median = statistics.median(times)
        p90 = sorted(times)[max(0, int(round(0.9 * len(times))) - 1)]
        run = one_run_s(model)
        print(
            f"{model:<6} {loads['machinery']:>11.2f} {loads['first']:>12.2f} {loads['second']:>13.3f} "
            f"{median:>11.3f} {p90:>11.3f} {1e3 * run:>10.2f} {median / run:>7.0f}"
        )
        worst_first, worst_change = max(worst_first, loads["first"]), max(worst_change, median)
    print(f"dashboard_first_load_s: {worst_first:.2f}")
    print(f"dashboard_lever_change_median_s: {worst_change:.3f}")


if __name__ == "__main__":
    main()
