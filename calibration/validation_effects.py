"""Validation report, policy effects against evidence: every effect target (a published estimate of a measure's
effect, ``transform = effect`` in the targets) beside the model's effect and its interval over the calibration's
95% intervals (:mod:`models.effects`, paired members).

The published range is the target's 90% interval (value +/- 1.645 sigma: the targets file writes a published range
as its midpoint with sigma = half its width / 1.645).
"""

from __future__ import annotations

import pandas as pd

from calibration import verdicts as V
from calibration.estimates import Estimates
from calibration.paths import TARGETS_DIR
from calibration.targets import load_targets
from models import effects
from models.scenarios import scenario_spec

EFFECT_MEMBERS = 60
"""Paired members (two runs each) for an effect's interval."""
Z90 = 1.645
SPLIT = (
    "employment_fte_new",
    "employment_fte_formalised",
    "employment_fte_moved",
    "net_public_cost",
    "cost_per_new_fte",
)


def effect_targets(model: str) -> pd.DataFrame:
    """The effect rows of the model's targets file (empty when it has none)."""
    path = TARGETS_DIR / f"{model}.csv"
    if not path.exists():
        return pd.DataFrame()
    table = load_targets(path, model)
    return table[table["transform"] == "effect"].reset_index(drop=True)


def _spec(model: str, name: str, estimates: Estimates | None):
    spec = scenario_spec(model, None if name in ("", "baseline") else name)
    return spec.with_constants(estimates.values) if estimates is not None else spec


def one_effect(model: str, row, estimates: Estimates | None, n: int = EFFECT_MEMBERS, seed: int = 0) -> dict:
    """The model's effect for one effect target row, with its 5-95% interval when a calibration applies."""
    window = effects.Window(float(row.time), float(row.time_end))
    scenario = _spec(model, row.scenario, None)
    against = _spec(model, row.counterfactual, None)
    table = effects.effect_table(
        scenario.with_constants(estimates.values) if estimates else scenario,
        against.with_constants(estimates.values) if estimates else against,
        window,
        calibration=estimates,
        n=n if estimates is not None else 0,
        seed=seed,
    )
    value = table.set_index(["quantity", "statistic"])["value"]

    def get(quantity: str, statistic: str) -> float | None:
        return float(value[(quantity, statistic)]) if (quantity, statistic) in value.index else None

    quantity = row.variable
    central, q05, q95 = get(quantity, "value"), get(quantity, "q05"), get(quantity, "q95")
    low, high = float(row.value - Z90 * row.sigma), float(row.value + Z90 * row.sigma)
    return {
        "series": row.series,
        "quantity": quantity,
        "scenario": row.scenario or "baseline",
        "counterfactual": row.counterfactual,
        "window": [window.start, window.end],
        "published": float(row.value),
        "published_low": low,
        "published_high": high,
        "source": row.source,
        "source_fr": row.source_fr or row.source,
        "mark": row.mark,
        "model": central,
        "model_q05": q05,
        "model_q95": q95,
        "split": {k: get(k, "value") for k in SPLIT if get(k, "value") is not None},
        "verdict": V.effect_verdict(low, high, central, q05, q95),
    }


def policy_effects(model: str, estimates: Estimates | None, note: str = "", n: int = EFFECT_MEMBERS) -> dict:
    """The section: every effect target judged, or verdict ``none`` when the model has no published effect."""
    rows = effect_targets(model)
    items = [one_effect(model, row, estimates, n) for row in rows.itertuples()]
    return {
        "effects": items,
        "members": n if estimates is not None and items else 0,
        "note": note,
        "verdict": V.worst(i["verdict"] for i in items),
        "rule": V.EFFECT_RULE,
    }
