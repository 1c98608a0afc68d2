"""Command line: ``python -m models list | params MODEL | run MODEL | export MODEL ...``.

Every user error is one line on stderr naming the culprit, exit status 2, and nothing written. Inputs are checked
(:mod:`models.validate`) and the ``--out`` destination too (:func:`models.io.check_destination`) before any run.

The command lines are entry points, above the libraries: a ``--calibration`` file is read by
``calibration.Estimates`` (the one reader of result files), which prints nothing; a stale result is applied, with its
reasons on stderr.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from models import runtime
from models.errors import ModelError
from models.io import atomic_write, check_destination
from models.parameters import parameters, parse_assignment, validate
from models.registry import REPO_DIR, get_model, model_names
from models.results import run_long, yearly
from models.scenarios import list_scenarios, scenario_spec
from models.spec import RunSpec


def load_estimates(path: str | Path, model: str):
    """The estimates of a ``--calibration`` file (``calibration.Estimates``), its staleness said on stderr."""
    from calibration.estimates import Estimates  # entry point: the libraries of models/ never import calibration

    estimates = Estimates.load(path, model)
    if estimates.is_stale:
        print(f"warning: {path} is stale, applied anyway: {'; '.join(estimates.stale)}", file=sys.stderr)
    return estimates


def build_spec(
    model: str,
    scenario: str | None = None,
    sets: Sequence[str] = (),
    calibration: str | Path | None = None,
) -> RunSpec:
    """Scenario (or baseline), then calibration estimates, then ``--set`` values (later wins). A ``--set`` value
    holds for the whole run, replacing any dated timeline of that constant."""
    get_model(model)
    spec = scenario_spec(model, scenario)
    if calibration is not None:
        spec = spec.with_constants(load_estimates(calibration, model).values)
    assignments = dict(parse_assignment(text) for text in sets)
    return spec.with_values(validate(model, assignments, "--set"))


def _cmd_list(args: argparse.Namespace) -> int:
    for name in model_names():
        scen = ", ".join(list_scenarios(name))
        print(f"{name}\t{_shown(get_model(name).mdl)}\tscenarios: {scen}")
    return 0


def _shown(path: Path) -> str:
    """``path`` relative to the repository when inside it."""
    return str(path.relative_to(REPO_DIR)) if path.is_relative_to(REPO_DIR) else str(path)


def _cmd_params(args: argparse.Namespace) -> int:
    get_model(args.model)
    rows = [("name", "default", "range", "units", "source / comment")]
    for p in parameters(args.model).values():
        rows.append((p.name, f"{p.default:g}", p.range_text, p.units, p.comment))
    widths = [max(len(r[i]) for r in rows) for i in range(4)]
    for row in rows:
        print("  ".join(cell.ljust(widths[i]) for i, cell in enumerate(row[:4])) + "  " + row[4])
    return 0


def _cmd_run(args: argparse.Namespace) -> int:
    check_destination(args.out)
    spec = build_spec(args.model, args.scenario, args.set, args.calibration)
    table = yearly(run_long(spec, engine=args.engine))
    atomic_write(args.out, lambda tmp: table.to_csv(tmp, index=False, float_format="%.10g"))
    print(
        f"wrote {args.out}: {table['variable'].nunique()} variables x {table['time'].nunique()} years", file=sys.stderr
    )
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m models", description="Run the ESS policy-lab models.")
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("list", help="the bundled models and their scenarios").set_defaults(func=_cmd_list)
    params = sub.add_parser("params", help="every constant with default, range, unit and source")
    params.add_argument("model")
    params.set_defaults(func=_cmd_params)
    run = sub.add_parser("run", help="run a model, write a long CSV time,variable,value")
    run.add_argument("model")
    run.add_argument("--scenario", help="bundled scenario name or path to a .toml")
    run.add_argument("--set", action="append", default=[], metavar="NAME=VALUE", help="override a constant")
    run.add_argument("--calibration", help="calibration result JSON whose estimates to apply")
    run.add_argument("--engine", choices=runtime.ENGINES, default=runtime.DEFAULT_ENGINE)
    run.add_argument("--out", required=True, help="output CSV path")
    run.set_defaults(func=_cmd_run)
    for register in EXTRA_COMMANDS:
        register(sub)
    return parser


EXTRA_COMMANDS: list = []
"""Functions ``register(subparsers)`` that add more subcommands (ensemble, sensitivity, export)."""


def main(argv: Sequence[str] | None = None) -> int:
    _load_extra_commands()
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return args.func(args)
    except ModelError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("error: interrupted; nothing written", file=sys.stderr)
        return 130


def _load_extra_commands() -> None:
    """Import the optional command modules, which register themselves in EXTRA_COMMANDS."""
    import importlib
    import importlib.util

    for module in ("models.ensemble_cli", "models.export"):
        if importlib.util.find_spec(module) is not None:
            importlib.import_module(module)
