"""The validation report written to a folder: ``report.md`` (Markdown), its PNG charts and ``validation.json`` (every
figure), each written atomically. ``markdown(report)`` is a pure function of the report's data."""

from __future__ import annotations

import json
import math
from pathlib import Path

from calibration import validation_charts as C
from calibration.result import _clean
from calibration.validation import REPORT_JSON
from models.io import atomic_write, atomic_write_text

TITLES = {
    "behaviour": "Behaviour reproduction",
    "out_of_sample": "Out of sample",
    "effects": "Policy effects against evidence",
    "extremes": "Extreme conditions",
    "numerical": "Numerical",
    "depends": "What the answer depends on",
    "limits": "Known limits",
}
ICON = {"pass": "PASS", "caution": "CAUTION", "fail": "FAIL", "none": "NONE", "info": "INFO"}


def num(x, digits: int = 3) -> str:
    """A figure for reading: thousands separated, ``digits`` significant figures, '—' when undefined."""
    if x is None or (isinstance(x, float) and not math.isfinite(x)):
        return "—"
    if abs(x) >= 1000:
        return f"{x:,.0f}"
    return f"{x:.{digits}g}"


def pct(x) -> str:
    return "—" if x is None or (isinstance(x, float) and not math.isfinite(x)) else f"{100 * x:.1f}%"


def _series_table(stats: list[dict]) -> list[str]:
    lines = ["| series | n | RMSE | RMS σ | MAPE | R² | Theil U | Um | Us | Uc | verdict |", "|" + "---|" * 11]
    for s in stats:
        cells = [s["series"], str(s["n"]), num(s["rmse"]), num(s["sigma_rms"]), pct(s["mape"]), num(s["r2"], 2)]
        cells += [num(s[k], 2) for k in ("theil_u", "um", "us", "uc")] + [ICON[s["verdict"]]]
        lines.append("| " + " | ".join(cells) + " |")
    return lines


def _head(report: dict, name: str) -> list[str]:
    section = report[name]
    lines = ["", f"## {TITLES[name]} — {ICON[section['verdict']]}", ""]
    if section.get("rule"):
        lines.append(f"*Rule: {section['rule']}.*")
        lines.append("")
    return lines


def markdown(report: dict) -> str:
    """The report as Markdown (charts referenced by file name, beside it)."""
    r = report
    lines = [
        f"# Validation report: {r['model']}",
        "",
        f"Made {r['created']} from model hash `{r['model_hash'][:12]}`, calibration `{r['calibration']}` "
        f"(`{(r['calibration_hash'] or 'none')[:12]}`). Regenerate: `python -m calibration validate {r['model']} "
        f"--out calibration/validity/{r['model']}`.",
        "",
    ]
    if r["calibration_stale"]:
        lines += [f"**The calibration is stale:** {'; '.join(r['calibration_stale'])}.", ""]
    if r["calibration_note"]:
        lines += [f"**Note:** {r['calibration_note']}.", ""]
    lines += ["| section | verdict | seconds |", "|---|---|---|"]
    lines += [f"| {TITLES[k]} | {ICON[v]} | {r['seconds'][k]:g} |" for k, v in r["verdicts"].items()]
    lines += _head(r, "behaviour")
    for item in r["behaviour"]["calibrations"]:
        band = f", band of {item['band_members']} members from its 95% intervals" if item["band_members"] else ""
        lines += [f"### `{item['calibration']}` (scenario {item['scenario']}{band}) — {ICON[item['verdict']]}", ""]
        if item["note"]:
            lines += [f"*{item['note']}*", ""]
        lines += _series_table(item["series"]) + [""]
    lines.append("![behaviour](behaviour.png)")
    lines += _head(r, "out_of_sample")
    oos = r["out_of_sample"]
    if not oos["backtests"]:
        lines.append(f"No backtest committed for this model. To make one: {oos['how']}.")
    for item in oos["backtests"]:
        lines += [f"### `{item['calibration']}`: fitted up to {item['until']:g}, error on the later years", ""]
        lines += _series_table(item["series"]) + ["", "![out of sample](out_of_sample.png)"]
    lines += _head(r, "effects")
    eff = r["effects"]
    if not eff["effects"]:
        lines.append("No published estimate of a policy effect in this model's targets (transform = effect).")
    else:
        members = f"{eff['members']} paired members" if eff["members"] else "no calibration: no interval"
        lines += [f"Model interval: 5-95% over {members}.", ""]
        lines += ["| effect | window | published (90%) | model | model 5-95% | new / formalised / moved FTE |"]
        lines += ["|---|---|---|---|---|---|"]
        for e in eff["effects"]:
            split = e["split"]
            jobs = " / ".join(
                num(split.get(k)) for k in ("employment_fte_new", "employment_fte_formalised", "employment_fte_moved")
            )
            lines.append(
                f"| {e['quantity']} vs {e['counterfactual']} ({ICON[e['verdict']]}) | {e['window'][0]:g}-"
                f"{e['window'][1]:g} | {num(e['published_low'])} to {num(e['published_high'])} | {num(e['model'])} | "
                f"{num(e['model_q05'])} to {num(e['model_q95'])} | {jobs} |"
            )
        lines += [
            "",
            "Sources: " + "; ".join(sorted({e["source"] for e in eff["effects"]})),
            "",
            "![effects](effects.png)",
        ]
    lines += _head(r, "extremes")
    for c in r["extremes"]["checks"]:
        outcome = "; ".join(
            f"{o['text']}: {num(o['observed'])} ({'ok' if o['passed'] else 'NO'})" for o in c["outcomes"]
        )
        problems = f" Problems: {'; '.join(c['problems'])}." if c["problems"] else ""
        lines.append(
            f"- **{c['name']}** — {'PASS' if c['passed'] else 'FAIL'}. {c['description']} {outcome}.{problems}"
        )
    n = r["numerical"]
    lines += _head(r, "numerical")
    lines += [
        f"- Units (Simlin's dimensional check): {len(n['unit_issues'])} issue(s)"
        + (": " + "; ".join(n["unit_issues"][:5]) if n["unit_issues"] else "."),
        f"- Time-step halving: largest indicator change {pct(n['halving_max_gap'])} ("
        + ", ".join(f"{x['variable']} {pct(x['gap'])}" for x in n["halving_worst"][:3])
        + ").",
        f"- PySD against Simlin, baseline, {n['engine_variables']} variables: largest relative gap "
        f"{n['engine_max_gap']:.1e}.",
    ]
    d = r["depends"]
    lines += _head(r, "depends")
    lines += [
        f"Sobol (Saltelli/Jansen, SALib) over {d['parameters']} constants ({d['calibrated']} calibrated, on their 95% "
        f"intervals; the others on their default ± {pct(d['span']) if d['span'] != 'model' else 'the .mdl range'}), "
        f"N = {d['samples']} base samples, {d['runs']:,} runs; outputs in {d['year']:g}. "
        "The ± is the 95% bootstrap half-width: with so small a sample, read ranks, not decimals.",
        "",
    ]
    for output, data in d["outputs"].items():
        lines += [f"**{output}** (mean {num(data['mean'])}, sd {num(data['sd'])}): five most influential", ""]
        lines += [
            f"{i}. `{x['parameter']}` ST {x['ST']:.2f} ± {x['ST_conf']:.2f} — {x['mark']}: {x['source'] or '—'}"
            for i, x in enumerate(data["top"], 1)
        ] + [""]
    lines += ["**Research agenda** (constants marked Assumption, by influence):", ""]
    lines += [
        f"{i}. `{a['parameter']}` ST {a['ST']:.2f} ± {a['ST_conf']:.2f} on {a['output']}"
        for i, a in enumerate(d["agenda"], 1)
    ]
    lines += ["", "![sensitivity](sensitivity.png)"]
    lines += _head(r, "limits") + [f"- {item}" for item in r["limits"]["items"]]
    if not r["limits"]["items"]:
        lines.append("The model's README has no written Limits section yet.")
    return "\n".join(lines) + "\n"


def write(report: dict, out: Path | str) -> list[Path]:
    """Write the report's Markdown, JSON and charts into the folder ``out`` (created if missing); the paths written."""
    folder = Path(out)
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    charts = {"behaviour.png": C.series_chart(report["behaviour"]["calibrations"][0])}
    if report["out_of_sample"]["backtests"]:
        charts["out_of_sample.png"] = C.series_chart(report["out_of_sample"]["backtests"][0])
    if report["effects"]["effects"]:
        charts["effects.png"] = C.effects_chart(report["effects"]["effects"])
    if report["depends"]["outputs"]:
        charts["sensitivity.png"] = C.sobol_chart(report["depends"])
    for name, chart in charts.items():  # scale 1: committed charts stay small
        atomic_write(folder / name, lambda tmp, c=chart: c.save(str(tmp), format="png", scale_factor=1))
        written.append(folder / name)
    atomic_write_text(folder / REPORT_JSON, json.dumps(_clean(report), indent=1, ensure_ascii=False) + "\n")
    atomic_write_text(folder / "report.md", markdown(report))
    return [*written, folder / REPORT_JSON, folder / "report.md"]
