"""Model runs for the pages, cached as result tables (never as model objects).

Every session builds its own immutable RunSpec; the run itself has no side effects (``models.runtime``), so a cached
table can be shared between sessions without one user's settings leaking into another's: the cache is keyed by the
spec's content (:attr:`RunSpec.digest`, given to Streamlit as the spec's hash). Caches are bounded (entries and time
to live).
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from models import runtime
from models.results import to_long
from models.spec import RunSpec

MAX_RUNS = 512
TTL = "2h"
HASH = {RunSpec: lambda spec: spec.digest}
"""``hash_funcs`` of every cache keyed by a RunSpec: its content's fingerprint (no walk through its mappings)."""


@st.cache_data(max_entries=MAX_RUNS, ttl=TTL, show_spinner=False, hash_funcs=HASH)
def wide(spec: RunSpec) -> pd.DataFrame:
    """Every variable of the run, one column each, indexed by ``time`` (years)."""
    return runtime.simulate(spec)


def long(spec: RunSpec, variables: list[str] | tuple[str, ...], scenario: str) -> pd.DataFrame:
    """Long table ``time, variable, value, scenario`` of ``variables``."""
    table = wide(spec)
    return to_long(table[[v for v in variables if v in table.columns]], scenario)
