"""Validation report, what the answer depends on: Sobol total indices of the headline outputs in one year over the
calibration's 95% intervals (the calibrated constants) and assumption ranges (every other uncertain constant: its
default +/- a span, 50% unless the model's validation.toml says otherwise, inside its .mdl range; calendar years
are conventions, left out), with
the sample size and the 95% bootstrap half-width of each index; the most influential constants named with their
source mark, and the constants marked "Assumption" ranked by influence (the research agenda).

One sample serves every output (the runs keep them all); its cost is estimated (:mod:`models.budget`) before it runs.
"""

from __future__ import annotations

import warnings

import numpy as np

from calibration import verdicts as V
from calibration.estimates import Estimates
from models import budget, distributed, extremes
from models.catalog import catalog
from models.ensemble import uncertain_parameters
from models.errors import ModelError
from models.scenarios import scenario_spec
from models.sensitivity import _seed, year_index

DEFAULTS = {"year": 2030, "outputs": ["employment_fte", "net_public_cost"], "samples": 32, "span": 0.5}
TOP = 5
AGENDA = 12


def assumption_range(param, span: float | str) -> tuple[float, float]:
    """The range of a constant that is not calibrated: its default +/- ``span`` of it, inside its .mdl range
    (``span = "model"``: the whole .mdl range, whose slider bounds are often far wider than plausible values)."""
    if span == "model":
        return param.min, param.max
    half = abs(param.default) * float(span)
    return max(param.min, param.default - half), min(param.max, param.default + half)


def is_date(param) -> bool:
    """A calendar year (a series' last year, a reference year): a convention of the data, not an uncertain quantity
    (+/- 50% of 2005 is meaningless); left out of the analysis."""
    return param.units.strip().lower() == "year" and param.default >= 1900


def plan(model: str, estimates: Estimates | None) -> dict:
    """What will be sampled: ``{spec, names, lows, highs, marks, year, outputs, samples, runs, seconds}``."""
    conf = {**DEFAULTS, **extremes.settings(model).get("sensitivity", {})}
    base = scenario_spec(model)
    spec = base.with_constants(estimates.values) if estimates is not None else base
    intervals = dict(estimates.intervals) if estimates is not None else {}
    params = [p for p in uncertain_parameters(model, base) if not is_date(p)]
    if not params:
        raise ModelError(f"model {model!r} has no uncertain constant to analyse")
    names = [p.py_name for p in params]
    boxes = [intervals.get(p.py_name) or assumption_range(p, conf["span"]) for p in params]
    lows, highs = [b[0] for b in boxes], [b[1] for b in boxes]
    marks = [V.source_mark(p.source, p.py_name in intervals) for p in params]
    outputs = [catalog(model).resolve(o, what="output variable").py_name for o in conf["outputs"]]
    n = int(conf["samples"])
    runs = n * (len(names) + 2)
    cost = budget.estimate(spec, runs, len(outputs), len(names))
    return {
        "spec": spec,
        "names": names,
        "lows": lows,
        "highs": highs,
        "marks": marks,
        "sources": [p.source for p in params],
        "year": float(conf["year"]),
        "outputs": outputs,
        "samples": n,
        "runs": runs,
        "seconds": cost.seconds,
        "span": conf["span"],
    }


def sobol(model: str, estimates: Estimates | None, seed: int = 0, **options) -> dict:
    """The section: Sobol indices of each headline output, top five constants, the research agenda, a verdict."""
    from SALib.analyze import sobol as analyze
    from SALib.sample import sobol as sample

    p = plan(model, estimates)
    spec, names = p["spec"], p["names"]
    distributed.check_budget(spec, p["runs"], len(p["outputs"]), len(names), **options)
    prob = {
        "num_vars": len(names),
        "names": names,
        "bounds": [list(b) for b in zip(p["lows"], p["highs"], strict=True)],
    }
    flat = [i for i, (a, b) in enumerate(zip(p["lows"], p["highs"], strict=True)) if not b > a]
    for i in flat:  # SALib needs a width: a degenerate interval gets a negligible one (its index is then ~0)
        prob["bounds"][i] = [p["lows"][i], p["lows"][i] + 1e-12 * max(1.0, abs(p["lows"][i]))]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        x = sample.sample(prob, p["samples"], calc_second_order=False, seed=np.random.default_rng(seed))
    times, out = distributed.evaluate(spec, names, x, p["outputs"], **options)
    at = year_index(times, p["year"], model)
    indices, problems = {}, []
    for k, output in enumerate(p["outputs"]):
        y = out[:, at, k]
        if not np.isfinite(y).all():
            problems.append(f"{output}: {int((~np.isfinite(y)).sum())} of {y.size} runs non-finite")
            continue
        with warnings.catch_warnings(), np.errstate(divide="ignore", invalid="ignore"):
            warnings.simplefilter("ignore")
            res = analyze.analyze(prob, y, calc_second_order=False, seed=_seed(seed))
        rows = [
            {
                "parameter": name,
                "ST": float(res["ST"][j]),
                "ST_conf": float(res["ST_conf"][j]),
                "S1": float(res["S1"][j]),
                "mark": p["marks"][j],
                "source": p["sources"][j],
                "low": p["lows"][j],
                "high": p["highs"][j],
            }
            for j, name in enumerate(names)
        ]
        rows.sort(key=lambda r: -r["ST"] if np.isfinite(r["ST"]) else 0.0)
        indices[output] = {"mean": float(np.mean(y)), "sd": float(np.std(y)), "top": rows[:TOP], "all": rows}
    agenda = _agenda(indices)
    top_marks = [r["mark"] for v in indices.values() for r in v["top"]]
    return {
        "year": p["year"],
        "samples": p["samples"],
        "runs": int(x.shape[0]),
        "parameters": len(names),
        "calibrated": sum(m == "Calibrated" for m in p["marks"]),
        "estimated_seconds": p["seconds"],
        "span": p["span"],
        "outputs": indices,
        "agenda": agenda,
        "problems": problems,
        "verdict": "fail" if problems else V.depends_verdict(top_marks),
        "rule": V.DEPENDS_RULE,
    }


def _agenda(indices: dict) -> list[dict]:
    """Constants marked Assumption, ranked by their largest total index over the outputs."""
    best: dict[str, dict] = {}
    for output, data in indices.items():
        for row in data["all"]:
            if row["mark"] != "Assumption" or not np.isfinite(row["ST"]):
                continue
            if row["parameter"] not in best or row["ST"] > best[row["parameter"]]["ST"]:
                best[row["parameter"]] = {**row, "output": output}
    ranked = sorted(best.values(), key=lambda r: -r["ST"])
    return [{k: r[k] for k in ("parameter", "ST", "ST_conf", "output", "source")} for r in ranked[:AGENDA]]
