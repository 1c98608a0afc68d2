"""Tables the pages show, built from run results (wide tables indexed by time). Pure functions, no Streamlit.

Chart inputs are long tables ``time, value, series, scenario, source``; the Compare table gives the differences
from the baseline over a window, including the net public cost per new job and per formalised job.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import pandas as pd

from models import effects
from models.catalog import catalog
from models.declaration import Declaration, declaration
from ui.fmt import unit_label
from ui.i18n import STANDARD_LABELS, t


@dataclass(frozen=True)
class VarInfo:
    name: str  # .mdl name
    units: str
    comment: str  # definition and source, from the .mdl
    labels: tuple[str, str]  # readers' names (fr, en): model.toml's, a standard indicator's, else the .mdl name

    def label(self, lang: str) -> str:
        return self.labels[1] if lang == "en" else self.labels[0]


def variable_info(model: str) -> dict[str, VarInfo]:
    """``{py_name: VarInfo}`` for every variable of ``model``."""
    return _info(catalog(model), declaration(model))


@lru_cache(maxsize=16)
def _info(book, declared: Declaration) -> dict[str, VarInfo]:
    out = {}
    for v in book.variables:
        text = declared.labels.get(v.py_name)
        name = v.name[:1].upper() + v.name[1:]
        pair = (
            (text.fr, text.en)
            if text
            else STANDARD_LABELS.get(v.py_name) or (declared.names_fr.get(v.py_name, name), name)
        )
        out[v.py_name] = VarInfo(v.name, v.units, v.comment, pair)
    return out


def definitions(names: Sequence[str], info: Mapping[str, VarInfo], lang: str) -> str:
    """A chart's definitions: the .mdl's comments (in English) in the English view; in the French view the
    variables' names and units, the English comments left to the Model page."""
    if lang == "fr":
        items = [_named_unit(info[n], lang) for n in names if n in info]
        return t("indicator_source_fr", lang, items=" · ".join(items))
    items = [f"{info[n].label(lang)}: {info[n].comment}" for n in names if n in info]
    return f"{t('indicator_source', lang)} — " + " · ".join(items)


def _named_unit(meta: VarInfo, lang: str) -> str:
    unit = unit_label(meta.units, lang)
    return f"{meta.label(lang)} ({unit})" if unit else meta.label(lang)


def series_frame(
    runs: Mapping[str, pd.DataFrame], names: Sequence[str], info: Mapping[str, VarInfo], lang: str
) -> pd.DataFrame:
    """Long table of ``names`` from each run (``{scenario label: wide table}``), in the order given."""
    parts = []
    for scenario, wide in runs.items():
        for name in names:
            if name not in wide.columns:
                continue
            meta = info.get(name)
            parts.append(
                pd.DataFrame(
                    {
                        "time": wide.index.to_numpy(dtype=float),
                        "value": wide[name].to_numpy(dtype=float),
                        "series": meta.label(lang) if meta else name,
                        "scenario": scenario,
                        "source": meta.comment if meta else "",
                    }
                )
            )
    return (
        pd.concat(parts, ignore_index=True)
        if parts
        else pd.DataFrame(columns=["time", "value", "series", "scenario", "source"])
    )


def ledger_frames(
    current: pd.DataFrame,
    reference: pd.DataFrame | None,
    spending: Sequence[str],
    returns: Sequence[str],
    info: Mapping[str, VarInfo],
    lang: str,
    labels: tuple[str, str],
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Bars (spending +, returns −) by instrument for the current run, and the net cost line of the current
    run and of the reference (``labels`` = (current label, reference label))."""
    bars = []
    for names, sign, kind in ((spending, 1.0, t("spending", lang)), (returns, -1.0, t("return", lang))):
        for name in names:
            if name not in current.columns:
                continue
            meta = info.get(name)
            bars.append(
                pd.DataFrame(
                    {
                        "time": current.index.to_numpy(dtype=float),
                        "instrument": meta.label(lang) if meta else name,
                        "kind": kind,
                        "value": sign * current[name].to_numpy(dtype=float),
                        "source": meta.comment if meta else "",
                    }
                )
            )
    nets = [
        pd.DataFrame(
            {
                "time": current.index.to_numpy(dtype=float),
                "value": current["net_public_cost"].to_numpy(),
                "scenario": labels[0],
            }
        )
    ]
    if reference is not None:
        nets.append(
            pd.DataFrame(
                {
                    "time": reference.index.to_numpy(dtype=float),
                    "value": reference["net_public_cost"].to_numpy(),
                    "scenario": labels[1],
                }
            )
        )
    return pd.concat(bars, ignore_index=True), pd.concat(nets, ignore_index=True)


def at_year(wide: pd.DataFrame, name: str, year: float) -> float:
    """Value of ``name`` at the saved time nearest ``year``."""
    index = wide.index.to_numpy(dtype=float)
    return float(wide[name].to_numpy()[int(np.abs(index - year).argmin())])


def window_rows(wide: pd.DataFrame, window: tuple[float, float]) -> pd.DataFrame:
    index = wide.index.to_numpy(dtype=float)
    return wide[(index >= window[0] - 1e-9) & (index <= window[1] + 1e-9)]


@dataclass(frozen=True)
class Difference:
    """One scenario against the baseline over a window (yearly saved values; sums are over saved years). Jobs split as
    :mod:`models.effects` defines them: new work and formalised work (NaN where the model does not separate them)."""

    fte_mean: float
    d_fte_mean: float
    d_fte_new_mean: float
    d_fte_formalised_mean: float
    d_headcount_mean: float
    cost_sum: float  # € over the window (sum of yearly net public cost, €/yr x 1 yr)
    d_cost_sum: float
    cost_per_new_fte: float  # Δ net cost ÷ Δ new FTE (both negative: € saved per job lost); NaN when no job changes
    cost_per_formalised_fte: float  # Δ net cost ÷ Δ formalised FTE; NaN when none
    d_dependence_mean: float
    d_balance_sum: float


def difference(run: pd.DataFrame, base: pd.DataFrame, window: tuple[float, float], saveper: float = 1.0) -> Difference:
    """Differences of the standard indicators between ``run`` and ``base`` over ``window`` (inclusive)."""
    a, b = window_rows(run, window), window_rows(base, window)
    deltas = {c: np.array([(a[c] - b[c]).mean()]) for c in effects.needed_variables_of(a.columns)}
    if effects.NEW not in deltas:  # a model without undeclared work: every job is new
        deltas[effects.NEW] = deltas[effects.FTE]
    split = {k: float(v[0]) for k, v in effects.decompose(deltas).items()}
    nan = float("nan")
    return Difference(
        fte_mean=float(a["employment_fte"].mean()),
        d_fte_mean=split[effects.FTE],
        d_fte_new_mean=split[effects.NEW],
        d_fte_formalised_mean=split.get(effects.FORMALISED, nan),
        d_headcount_mean=float((a["employment_headcount"] - b["employment_headcount"]).mean()),
        cost_sum=float(a["net_public_cost"].sum()) * saveper,
        d_cost_sum=float((a["net_public_cost"] - b["net_public_cost"]).sum()) * saveper,
        cost_per_new_fte=split.get("cost_per_new_fte", nan),
        cost_per_formalised_fte=split.get("cost_per_formalised_fte", nan),
        d_dependence_mean=float((a["subsidy_dependence"] - b["subsidy_dependence"]).mean()),
        d_balance_sum=float((a["operating_balance"] - b["operating_balance"]).sum()) * saveper,
    )
