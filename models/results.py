"""Result tables in long form (``time, variable, value[, scenario]``), the shape that goes between layers."""

from __future__ import annotations

import pandas as pd

from models import runtime
from models.catalog import catalog
from models.spec import RunSpec


def to_long(wide: pd.DataFrame, scenario: str | None = None) -> pd.DataFrame:
    """Wide run table (index time) -> long table ``time, variable, value`` (+ ``scenario``)."""
    long = wide.rename_axis("time").reset_index().melt(id_vars="time", var_name="variable", value_name="value")
    if scenario is not None:
        long["scenario"] = scenario
    return long


def yearly(table: pd.DataFrame) -> pd.DataFrame:
    """Rows of a long table at whole years only."""
    return table[(table["time"] - table["time"].round()).abs() < 1e-9].reset_index(drop=True)


def run_long(
    spec: RunSpec, engine: str = runtime.DEFAULT_ENGINE, variables: list[str] | None = None, scenario: str | None = None
) -> pd.DataFrame:
    """Run and return the long table of ``variables`` (default: what ``python -m models run`` writes, every stock and
    every indicator: :attr:`models.catalog.Catalog.report`)."""
    names = variables if variables is not None else list(catalog(spec.model).report)
    return to_long(runtime.simulate(spec, engine=engine, variables=names), scenario)
