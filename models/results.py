"""Result tables: which variables a run reports, and the long form (``time, variable, value[, scenario]``)."""

from __future__ import annotations

import pandas as pd

from models import runtime
from models.spec import RunSpec

STANDARD_INDICATORS: dict[str, str] = {
    "employment_headcount": "person",
    "employment_fte": "FTE",
    "public_spending": "EUR/year",
    "public_returns": "EUR/year",
    "net_public_cost": "EUR/year",
    "subsidy_dependence": "dmnl",
    "operating_balance": "EUR/year",
    "resource_share_market": "dmnl",
    "resource_share_members": "dmnl",
    "resource_share_public": "dmnl",
    "hours_per_worker": "hour/person",
    "worker_turnover_rate": "1/year",
}
"""The indicators every sector model defines, with the same names and units (see README)."""

INDICATOR_TAG = "Indicator:"
"""Comments starting with this tag mark a model's own headline indicators (reported beside the standard ones)."""


def stock_names(model: str) -> list[str]:
    """The model's stocks (INTEG), not the other stateful variables PySD lists (INITIAL values)."""
    doc = runtime.model_doc(model)
    return doc.loc[(doc["type"] == "Stateful") & (doc["subtype"] != "Initial"), "py_name"].tolist()


def nonnegative_stocks(model: str) -> list[str]:
    """Stocks whose declared range starts at zero or above (people, hours, euros held): they must never go negative.
    Stocks declared without a range (reserves that may turn into debt, cumulated balances) are not checked."""
    doc = runtime.model_doc(model)
    keep = doc["py_name"].isin(stock_names(model)) & doc["min"].notna() & (doc["min"] >= 0)
    return doc.loc[keep, "py_name"].tolist()


def indicator_names(model: str) -> list[str]:
    """Standard indicators, then the model's own (comment tagged 'Indicator:')."""
    doc = runtime.model_doc(model)
    tagged = doc.loc[doc["comment"].str.startswith(INDICATOR_TAG), "py_name"].tolist()
    return list(STANDARD_INDICATORS) + [name for name in tagged if name not in STANDARD_INDICATORS]


def report_names(model: str) -> list[str]:
    """What ``python -m models run`` writes: every stock and every indicator."""
    stocks = stock_names(model)
    return stocks + [name for name in indicator_names(model) if name not in stocks]


def to_long(wide: pd.DataFrame, scenario: str | None = None) -> pd.DataFrame:
    """Wide run table (index time) -> long table ``time, variable, value`` (+ ``scenario``)."""
    long = wide.rename_axis("time").reset_index().melt(id_vars="time", var_name="variable", value_name="value")
    if scenario is not None:
        long["scenario"] = scenario
    return long


def run_long(
    spec: RunSpec, engine: str = runtime.DEFAULT_ENGINE, variables: list[str] | None = None, scenario: str | None = None
) -> pd.DataFrame:
    """Run and return the long table of ``variables`` (default: stocks and indicators)."""
    names = variables if variables is not None else report_names(spec.model)
    return to_long(runtime.simulate(spec, engine=engine, variables=names), scenario)
