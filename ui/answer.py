"""The policymaker's answer: for settings against the baseline over a window of years, the change in jobs (new and
formalised where the model separates them), the change in net public cost, and what a job costs or saves. Pure
functions, no Streamlit.

Sign convention: every change is *settings minus baseline*, a yearly mean over the window. Net public cost is public
spending minus public returns, so a positive change is more public money spent. Per job = Δ net public cost ÷ Δ new
FTE (all FTE where the model does not separate new from formalised work):

* jobs up, cost up: the net public cost per job created;
* jobs down, cost down (a cut): the public money saved per job lost;
* jobs up and cost down, or jobs down and cost up: no ratio (a ratio of opposite signs reads as nonsense), the two
  changes are given as they are;
* no job changes (less than half an FTE): no ratio.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd

from models.effects import MIN_JOBS
from ui.tables import Difference, difference

JOB_EPS = MIN_JOBS  # FTE: below this the job change is nil
COST_EPS = 1.0  # €/yr
KINDS = ("cost_per_job", "saving_per_job_lost", "jobs_and_saving", "jobs_lost_and_cost", "cost_no_jobs", "identical")


@dataclass(frozen=True)
class Answer:
    window: tuple[int, int]
    d_fte: float  # mean Δ FTE a year
    d_new: float  # mean Δ new FTE (all FTE where the model has no split)
    d_formalised: float  # mean Δ formalised FTE; NaN where the model has none
    d_cost: float  # mean Δ net public cost, €/yr
    kind: str  # one of KINDS
    per_job: float  # €/FTE/yr (positive): cost per job created or saving per job lost; NaN for the other kinds


def classify(d_new: float, d_cost: float) -> tuple[str, float]:
    """The kind of answer and the per-job figure (see the module's sign convention)."""
    jobs = 0 if not math.isfinite(d_new) or abs(d_new) <= JOB_EPS else (1 if d_new > 0 else -1)
    cost = 0 if not math.isfinite(d_cost) or abs(d_cost) <= COST_EPS else (1 if d_cost > 0 else -1)
    if jobs == 0:
        return ("identical" if cost == 0 else "cost_no_jobs"), math.nan
    if jobs > 0:
        return ("cost_per_job", d_cost / d_new) if cost > 0 else ("jobs_and_saving", math.nan)
    return ("saving_per_job_lost", d_cost / d_new) if cost < 0 else ("jobs_lost_and_cost", math.nan)


def first_change(run: pd.DataFrame, base: pd.DataFrame, names=("employment_fte", "net_public_cost")) -> float | None:
    """The first saved year (of both runs: a case may cover fewer years) where ``run`` departs from ``base`` on jobs
    or net public cost; None if it never does."""
    common = run.index.intersection(base.index)
    index = common.to_numpy(dtype=float)
    moved = np.zeros(len(index), dtype=bool)
    for name in names:
        if name in run.columns and name in base.columns:
            a, b = run.loc[common, name].to_numpy(dtype=float), base.loc[common, name].to_numpy(dtype=float)
            moved |= np.abs(a - b) > 1e-9 * np.maximum(1.0, np.abs(b))
    return float(index[moved.argmax()]) if moved.any() else None


def answer(run: pd.DataFrame, base: pd.DataFrame, window: tuple[float, float]) -> Answer:
    """The answer of ``run`` against ``base`` over ``window`` (inclusive years, within both runs)."""
    d: Difference = difference(run, base, window)
    years = max(1, int(round(window[1] - window[0])) + 1)
    d_cost = d.d_cost_sum / years
    kind, per_job = classify(d.d_fte_new_mean, d_cost)
    return Answer(
        (int(window[0]), int(window[1])), d.d_fte_mean, d.d_fte_new_mean, d.d_fte_formalised_mean, d_cost, kind, per_job
    )
