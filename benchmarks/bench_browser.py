"""Dashboard benchmark as the user waits for it: a real browser (Debian's chromium driven by playwright) on
``streamlit run app.py``, for each sector, in French at 1366x768.

* **first cards**: from ``page.goto`` on a server that has just started (translation cache warm) to the first metric
  card on screen; then the same for a second visitor (a new browser page on the warm server).
* **slider -> cards**: from one key press on the sector's first lever (the tax credit rate for SAP, the first grant
  for CAE) to the answer card showing a changed value; median and 90th percentile over ``--presses`` presses, every
  press a new value (no cached run).
* baseline in the same run: one bare model run (``models.runtime.simulate``); ``ratio`` = slider -> cards / one run.

    python benchmarks/bench_browser.py [--models cae,sap] [--presses 8]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
from ui import local_server  # noqa: E402

CHROMIUM = "/usr/bin/chromium"


def _one_run(model: str) -> float:
    from models import runtime
    from models.scenarios import scenario_spec

    spec = scenario_spec(model)
    runtime.simulate(spec)
    times = []
    for _ in range(5):
        start = time.perf_counter()
        runtime.simulate(spec)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def _first_cards(browser, url: str, model: str) -> float:
    page = browser.new_page(viewport={"width": 1366, "height": 768})
    start = time.perf_counter()
    page.goto(f"{url}/?lang=fr&model={model}")
    page.locator("[data-testid='stMetric']").first.wait_for(timeout=180_000)
    elapsed = time.perf_counter() - start
    page.close()
    return elapsed


def _cards_text(page) -> str:
    return "|".join(page.locator("[data-testid='stMetricValue']").all_inner_texts())


def _slider_to_cards(browser, url: str, model: str, presses: int) -> list[float]:
    page = browser.new_page(viewport={"width": 1366, "height": 768})
    page.goto(f"{url}/?lang=fr&model={model}")
    page.locator("[data-testid='stMetric']").first.wait_for(timeout=180_000)
    slider = page.locator("[data-testid='stSlider']").nth(1)  # 0 is the reading year; 1 the first lever (open group)
    thumb = slider.get_by_role("slider")
    thumb.focus()
    times = []
    for _ in range(presses):
        before = _cards_text(page)
        start = time.perf_counter()
        page.keyboard.press("ArrowLeft")
        deadline = start + 60
        while _cards_text(page) == before and time.perf_counter() < deadline:
            page.wait_for_timeout(10)
        times.append(time.perf_counter() - start)
        page.wait_for_timeout(300)  # let the page settle before the next press
    page.close()
    return times


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--models", default="cae,sap")
    parser.add_argument("--presses", type=int, default=8)
    args = parser.parse_args(argv)
    from playwright.sync_api import sync_playwright

    models = [m for m in args.models.split(",") if m]
    for model in models:
        _one_run(model)  # warms the translation cache (a server started after a first use)
    rows = []
    for model in models:
        with local_server.running(timeout=60) as url, sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM)
            first = _first_cards(browser, url, model)
            second = _first_cards(browser, url, model)
            presses = _slider_to_cards(browser, url, model, args.presses)
            browser.close()
        run = _one_run(model)
        median = statistics.median(presses)
        p90 = sorted(presses)[max(0, round(0.9 * len(presses)) - 1)]
        rows.append(
            {
                "model": model,
                "first_cards_s": round(first, 2),
                "second_visitor_s": round(second, 2),
                "slider_to_cards_median_s": round(median, 3),
                "slider_to_cards_p90_s": round(p90, 3),
                "one_run_s": round(run, 4),
                "ratio": round(median / run, 1),
            }
        )
        print(json.dumps(rows[-1]), flush=True)
    load = os.getloadavg()[0]
    print(f"\nchromium 1366x768, French, load average {load:.1f}")
    print("| model | first cards (s) | second visitor (s) | slider -> cards median (s) | p90 (s) ", end="")
    print("| one run (s) | ratio |")
    print("|---|---|---|---|---|---|---|")
    for r in rows:
        print(
            f"| {r['model']} | {r['first_cards_s']} | {r['second_visitor_s']} | {r['slider_to_cards_median_s']} "
            f"| {r['slider_to_cards_p90_s']} | {r['one_run_s']} | {r['ratio']} |"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
