"""``python -m models ensemble`` and ``python -m models sensitivity`` (registered in :data:`models.cli.EXTRA_COMMANDS`).

    python -m models ensemble MODEL --samples N [--scenario S] [--calibration C.json] [--seed N]
        [--backend local|dask] [--scheduler ADDRESS] [--engine simlin|pysd] --out PATH.csv
    python -m models sensitivity MODEL --method morris|sobol --output VARIABLE --year Y --samples N --out PATH.csv
    python -m models sensitivity MODEL --method robustness --scenario S --output VARIABLE --year Y
        --better higher|lower --samples N --out PATH.csv
    python -m models effect MODEL --scenario S [--against C] --from Y1 --to Y2 [--calibration C.json --samples N]
        --out PATH.csv

Every user error is one line on stderr, exit status 2, and nothing written: the arguments, the ``--out`` destination
and the cost of the job (:mod:`models.budget`) are checked before anything runs.

``--backend`` says where the runs execute (local threads or Dask), ``--engine`` which simulator runs them (Simlin, or
PySD the reference). Before, ``--engine local|dask`` named the backend: those two values are still accepted, as
``--backend``.
"""

from __future__ import annotations

import argparse
import sys
import time

import numpy as np
import pandas as pd

from models import cli, distributed, effects, ensemble, runtime, sensitivity, validate
from models.errors import ModelError
from models.io import atomic_write, check_destination
from models.registry import get_model
from models.results import yearly
from models.scenarios import scenario_spec
from models.scheduler import check_address

MAX_SEED = 2**32 - 1
MAX_WORKERS = 256


def _seed(text: str | None) -> int:
    """The ``--seed`` value, or a fresh one (reported after the run, so that it can be repeated)."""
    if text is None:
        return int(np.random.SeedSequence().entropy % (MAX_SEED + 1))
    return validate.integer_text(text, "--seed", 0, MAX_SEED)


def _engine_options(args: argparse.Namespace) -> dict:
    """``backend``, ``engine``, ``scheduler`` (and ``workers``) for :func:`models.distributed.evaluate`."""
    engine, backend = args.engine, args.backend
    if engine in distributed.BACKENDS:  # the former meaning of --engine
        if backend not in (None, engine):
            raise ModelError(f"--engine {engine} (a backend) contradicts --backend {backend}")
        engine, backend = None, engine
    backend = backend or ("dask" if args.scheduler else "local")
    if args.scheduler and backend != "dask":
        raise ModelError("--scheduler needs --backend dask")
    options: dict = {
        "backend": backend,
        "engine": engine or runtime.DEFAULT_ENGINE,
        "scheduler": args.scheduler and check_address(args.scheduler),
    }
    if args.workers is not None:
        options["workers"] = validate.integer_text(args.workers, "--workers", 1, MAX_WORKERS)
    return options


def _params(text: str | None) -> list[str] | None:
    return [name.strip() for name in text.split(",") if name.strip()] if text else None


def _write(path: str, table: pd.DataFrame) -> None:
    atomic_write(path, lambda tmp: table.to_csv(tmp, index=False, float_format="%.10g"))


def _cmd_ensemble(args: argparse.Namespace) -> int:
    get_model(args.model)
    check_destination(args.out)
    n = ensemble.check_samples(args.samples)
    seed = _seed(args.seed)
    options = _engine_options(args)
    spec = scenario_spec(args.model, args.scenario)
    start = time.perf_counter()
    estimates = cli.load_estimates(args.calibration, args.model) if args.calibration else None
    spec, sample = ensemble.prepare(spec, n, seed, estimates, **options)
    result = ensemble.evaluate(spec, sample, None, **options)
    table = yearly(ensemble.quantiles(result.times, result.variables, result.values))
    _write(args.out, table)
    print(
        f"wrote {args.out}: {n} members ({len(sample.names)} constants sampled from {sample.source}), "
        f"{table['variable'].nunique()} variables x {table['time'].nunique()} years x "
        f"{table['quantile'].nunique()} quantiles ({time.perf_counter() - start:.2f} s, {options['engine']} on "
        f"{options['backend']}, "
        f"--seed {seed})",
        file=sys.stderr,
    )
    return 0


def _cmd_sensitivity(args: argparse.Namespace) -> int:
    get_model(args.model)
    check_destination(args.out)
    n = ensemble.check_samples(args.samples)
    year = validate.number_text(args.year, "--year")
    seed = _seed(args.seed)
    options = _engine_options(args)
    ensemble.resolve_output(args.model, args.output)
    start = time.perf_counter()
    if args.method == "robustness":
        if not args.scenario or args.scenario == "baseline":
            raise ModelError("--method robustness needs --scenario NAME (compared with the baseline)")
        if args.better is None:
            raise ModelError("--method robustness needs --better higher|lower (which direction is better)")
        base, scen = scenario_spec(args.model, None), scenario_spec(args.model, args.scenario)
        for spec in (base, scen):
            sensitivity.check_year(spec, year)
        res = sensitivity.robustness(base, scen, args.output, year, args.better, n, seed, **options)
        table = pd.DataFrame(
            [
                {
                    "scenario": args.scenario,
                    "baseline": "baseline",
                    "variable": res.variable,
                    "year": res.year,
                    "better": res.better,
                    "members": res.members,
                    "wins": res.wins,
                    "share": res.share,
                }
            ]
        )
        summary = f"scenario beats baseline in {res.wins} of {res.members} members (share {res.share:.3f})"
    else:
        spec = scenario_spec(args.model, args.scenario)
        sensitivity.check_year(spec, year)
        res = sensitivity.sensitivity(
            spec, args.method, args.output, year, n, seed, params=_params(args.params), **options
        )
        table = res.long()
        summary = f"{res.runs} runs, {len(res.table)} parameters"
    _write(args.out, table)
    print(f"wrote {args.out}: {summary} ({time.perf_counter() - start:.2f} s, --seed {seed})", file=sys.stderr)
    return 0


def _cmd_effect(args: argparse.Namespace) -> int:
    get_model(args.model)
    check_destination(args.out)
    window = effects.Window(validate.number_text(args.start, "--from"), validate.number_text(args.end, "--to"))
    scenario, against = scenario_spec(args.model, args.scenario), scenario_spec(args.model, args.against)
    n = ensemble.check_samples(args.samples) if args.samples is not None else 0
    if n and not args.calibration:
        raise ModelError("--samples needs --calibration (members are drawn from its 95% intervals)")
    estimates = cli.load_estimates(args.calibration, args.model) if args.calibration else None
    if estimates is not None:
        scenario = ensemble.calibrated_spec(scenario, estimates)
        against = ensemble.calibrated_spec(against, estimates)
    seed = _seed(args.seed) if n else None
    options = _engine_options(args)
    start = time.perf_counter()
    table = effects.effect_table(scenario, against, window, estimates, n, seed, **options)
    table.insert(0, "against", args.against or "baseline")
    table.insert(0, "scenario", args.scenario or "baseline")
    table.insert(2, "from", window.start)
    table.insert(3, "to", window.end)
    _write(args.out, table)
    point = table[table["statistic"] == "value"].set_index("quantity")["value"]
    fte, cost = point.get("employment_fte", float("nan")), point.get("net_public_cost", float("nan"))
    summary = f"{fte:+,.0f} FTE, {cost:+,.4g} EUR/yr of net public cost"
    members = f", {n} paired members, --seed {seed}" if n else ""
    print(f"wrote {args.out}: {summary} ({time.perf_counter() - start:.2f} s{members})", file=sys.stderr)
    return 0


def _engine_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--seed", help="random seed (integer); printed when not given")
    parser.add_argument("--backend", choices=distributed.BACKENDS, help="local threads (default) or Dask distributed")
    parser.add_argument(
        "--engine",
        choices=(*runtime.ENGINES, *distributed.BACKENDS),
        help="simulator: simlin (default) or pysd, the reference (local|dask: former spelling of --backend)",
    )
    parser.add_argument("--scheduler", help="Dask scheduler address, e.g. tcp://host:8786 (default: a LocalCluster)")
    parser.add_argument("--workers", help="threads (local) or LocalCluster processes (dask); default: one per core")
    parser.add_argument("--out", required=True, help="output CSV path")


def register(subparsers) -> None:
    """Add the ``ensemble`` and ``sensitivity`` subcommands."""
    ens = subparsers.add_parser(
        "ensemble", help="N parameter sets -> quantile bands (long CSV time,variable,quantile,value)"
    )
    ens.add_argument("model")
    ens.add_argument("--samples", required=True, help="number of members (Latin hypercube)")
    ens.add_argument("--scenario", help="bundled scenario name or path to a .toml")
    ens.add_argument("--calibration", help="calibration result JSON: sample within its 95%% intervals")
    _engine_arguments(ens)
    ens.set_defaults(func=_cmd_ensemble)

    sens = subparsers.add_parser("sensitivity", help="Morris / Sobol indices of one output, or policy robustness")
    sens.add_argument("model")
    sens.add_argument("--method", required=True, choices=(*sensitivity.METHODS, "robustness"))
    sens.add_argument("--output", required=True, help="model variable to analyse (e.g. net_public_cost)")
    sens.add_argument("--year", required=True, help="year at which the output is read")
    sens.add_argument("--samples", required=True, help="Morris trajectories, Sobol base samples, or members")
    sens.add_argument("--scenario", help="scenario to analyse (robustness: compared with the baseline)")
    sens.add_argument("--params", help="comma-separated constants to vary (default: every uncertain constant)")
    sens.add_argument("--better", choices=("higher", "lower"), help="robustness: which direction of the output wins")
    _engine_arguments(sens)
    sens.set_defaults(func=_cmd_sensitivity)

    eff = subparsers.add_parser(
        "effect", help="a measure's effect (scenario minus counterfactual) over years: jobs new/formalised/moved, cost"
    )
    eff.add_argument("model")
    eff.add_argument("--scenario", help="the world with the measure (default: baseline)")
    eff.add_argument("--against", help="the world without it (default: baseline)")
    eff.add_argument("--from", dest="start", required=True, help="first year of the window")
    eff.add_argument("--to", dest="end", required=True, help="last year of the window")
    eff.add_argument("--calibration", help="calibration result JSON: apply its estimates (and sample its intervals)")
    eff.add_argument("--samples", help="paired members drawn from the calibration's 95%% intervals (5/50/95%%)")
    _engine_arguments(eff)
    eff.set_defaults(func=_cmd_effect)


cli.EXTRA_COMMANDS.append(register)
