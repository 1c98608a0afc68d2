"""Command line: ``python -m calibration fit | report | status | refit-all | validate``.

Every user error is one line on stderr naming the culprit, exit status 2, and nothing written.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from calibration.comparison import fit_table
from calibration.errors import CalibrationError
from calibration.fitting import fit
from calibration.parallel import MAX_WORKERS, available_cores
from calibration.paths import display_path
from calibration.refit import refit_all, stale_reasons, status
from calibration.report import CHART_FORMATS, fit_chart, save_chart, summary_text
from calibration.result import load_result, save_result
from calibration.specs import load_spec
from models.errors import ModelError
from models.io import check_destination
from models.registry import get_model

WORKERS_HELP = "processes for the starts and the profiles (default: the cores available; same results for any number)"


def _progress_bar(label: str):
    """``(callback(fraction), close())`` drawing a tqdm bar on a terminal, nothing otherwise."""
    if not sys.stderr.isatty():
        return None, lambda: None
    from tqdm import tqdm

    bar = tqdm(total=100, desc=label, unit="%", bar_format="{desc}: {percentage:3.0f}%|{bar}| {elapsed}<{remaining}")

    def update(fraction: float) -> None:
        bar.update(max(0, round(100 * fraction) - bar.n))

    return update, bar.close


def _workers(args: argparse.Namespace) -> int:
    """``--workers``, checked (1 to MAX_WORKERS); default: the cores this process may use."""
    if args.workers is None:
        return available_cores()
    if not 1 <= args.workers <= MAX_WORKERS:
        raise CalibrationError(f"--workers must be between 1 and {MAX_WORKERS}, got {args.workers}")
    return args.workers


def _cmd_fit(args: argparse.Namespace) -> int:
    workers = _workers(args)
    get_model(args.model)
    check_destination(args.out)
    fmt = args.out.rsplit(".", 1)[-1].lower()
    if fmt != "json":
        raise CalibrationError(f"--out {args.out}: the result file must end in .json")
    spec = load_spec(args.model, args.spec)
    update, close = _progress_bar(f"fit {spec.name}")
    try:
        result = fit(args.model, spec, args.targets, until=args.until, seed=args.seed, progress=update, workers=workers)
    finally:
        close()
    if not result.converged:
        raise CalibrationError(f"the fit did not converge, nothing written: {result.message}")
    save_result(result, args.out)
    print(f"wrote {args.out}: objective {result.objective:.6g}; {result.message}", file=sys.stderr)
    return 0


def _cmd_report(args: argparse.Namespace) -> int:
    result = load_result(args.result)
    if args.plot:
        check_destination(args.plot, "--plot")
        fmt = args.plot.rsplit(".", 1)[-1].lower()
        if fmt not in CHART_FORMATS:
            raise CalibrationError(f"--plot {args.plot}: use a .png or .svg file")
    stale = stale_reasons(result)
    sys.stdout.write(summary_text(result, stale))
    if args.plot:
        title = f"{result.model}: {result.spec.get('title', '')}"
        save_chart(fit_chart(fit_table(result), title), args.plot)
        print(f"wrote {args.plot}", file=sys.stderr)
    return 0


def _cmd_status(args: argparse.Namespace) -> int:
    stale = 0
    for item in status(args.spec or None):
        state = "up to date" if not item.reasons else "STALE: " + "; ".join(item.reasons)
        stale += bool(item.reasons)
        print(f"{item.spec}\t{display_path(item.path)}\t{state}")
    return 1 if stale else 0


def _cmd_refit_all(args: argparse.Namespace) -> int:
    failed = 0
    workers = _workers(args)
    for name, path, outcome in refit_all(
        args.spec or None, only_stale=args.only_stale, seed=args.seed, workers=workers
    ):
        if isinstance(outcome, str):
            failed += 1
            print(f"error: {name}: {outcome} (previous result kept)", file=sys.stderr)
        else:
            print(f"wrote {display_path(path)}: objective {outcome.objective:.6g}; {outcome.message}", file=sys.stderr)
    return 2 if failed else 0


def _cmd_validate(args: argparse.Namespace) -> int:
    import time

    from calibration.validation import build
    from calibration.validation_render import write

    get_model(args.model)
    out = Path(args.out)
    if out.exists() and not out.is_dir():
        raise CalibrationError(f"--out {args.out}: not a folder (the report is a folder: report.md, charts, JSON)")
    if not out.exists():
        check_destination(out, "--out")  # a new name in a writable folder
    start = time.perf_counter()
    report = build(args.model, args.calibration, progress=lambda text: print(f"  {text}...", file=sys.stderr))
    write(report, out)
    verdicts = ", ".join(f"{k} {v}" for k, v in report["verdicts"].items())
    print(f"wrote {out}/report.md in {time.perf_counter() - start:.0f} s: {verdicts}", file=sys.stderr)
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m calibration", description="Calibrate the models on published figures."
    )
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("fit", help="calibrate a model, write a result JSON")
    p.add_argument("model")
    p.add_argument("--spec", help="spec name (calibration/specs/NAME.toml) or path; default: the model's")
    p.add_argument("--targets", help="targets CSV; default: the spec's")
    p.add_argument("--until", type=float, help="fit targets up to this year only; report later ones as holdout")
    p.add_argument("--seed", type=int, help="random seed (default: the spec's)")
    p.add_argument("--out", required=True, help="result JSON path")
    p.add_argument("--workers", type=int, help=WORKERS_HELP)
    p.set_defaults(func=_cmd_fit)
    p = sub.add_parser("report", help="print a readable summary of a result (and --plot the fit)")
    p.add_argument("result")
    p.add_argument("--plot", help="write the fit chart (.png or .svg)")
    p.set_defaults(func=_cmd_report)
    p = sub.add_parser("status", help="which committed results are stale (exit 1 if any)")
    p.add_argument("--spec", action="append", help="only this spec (repeatable)")
    p.set_defaults(func=_cmd_status)
    p = sub.add_parser("refit-all", help="regenerate calibration/results/*.json from calibration/specs/*.toml")
    p.add_argument("--spec", action="append", help="only this spec (repeatable)")
    p.add_argument("--only-stale", action="store_true", help="skip results that are up to date")
    p.add_argument("--seed", type=int, help="random seed (default: each spec's)")
    p.add_argument("--workers", type=int, help=WORKERS_HELP)
    p.set_defaults(func=_cmd_refit_all)
    p = sub.add_parser("validate", help="write a model's validation report (Markdown, PNG charts, JSON) to a folder")
    p.add_argument("model")
    p.add_argument("--calibration", help="result JSON to validate (default: calibration/results/MODEL.json)")
    p.add_argument("--out", required=True, help="report folder (calibration/validity/MODEL: the committed one)")
    p.set_defaults(func=_cmd_validate)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.func(args)
    except ModelError as exc:  # CalibrationError included
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("error: interrupted; nothing written", file=sys.stderr)
        return 130
