"""Fuzzing what a shared link or an uploaded file can carry (hypothesis): scenario TOML and the dashboard's URL state.

Whatever comes in, the answer is a validated object or one ModelError line: never another exception, never a process
abort (a run that reached Simlin with absurd settings used to kill the server), and each example in bounded time.
"""

from __future__ import annotations

import math
import string
from datetime import timedelta

import pytest
import tomli_w
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from calibration.result import committed_results
from models import runtime
from models.catalog import catalog
from models.errors import ModelError
from models.scenarios import to_spec
from ui import specs
from ui import state as S

pytestmark = pytest.mark.slow

MODEL = "cae"
BOUNDED = settings(
    max_examples=150, deadline=timedelta(seconds=10), suppress_health_check=[HealthCheck.too_slow], derandomize=True
)

NUMBERS = st.one_of(
    st.floats(allow_nan=True, allow_infinity=True),
    st.integers(min_value=-(10**30), max_value=10**30),
    st.sampled_from([0, 1, -1, 1995, 2040, 2026.5, 1e9, 1e-6, 1 / 64, 100, 0.25, 1e308]),
)
SCALARS = st.one_of(NUMBERS, st.booleans(), st.text(max_size=30), st.sampled_from(["0.12", "2030", "nan", ""]))
VALUES = st.recursive(
    SCALARS,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3),
    max_leaves=8,
)
PARAMETERS = st.sampled_from(["contribution rate", "law 2014 in force", "subsidy per accompanied entrepreneur", "nope"])
MOSTLY_NUMBERS = st.one_of(NUMBERS, NUMBERS, NUMBERS, VALUES)  # mostly well typed, to reach the later checks
SWITCH = st.fixed_dictionaries(
    {"parameter": st.one_of(PARAMETERS, PARAMETERS, VALUES), "from": MOSTLY_NUMBERS},
    optional={"value": MOSTLY_NUMBERS, "factor": NUMBERS, "note": VALUES},
)
SCENARIO = st.fixed_dictionaries(
    {
        "title": st.one_of(st.just("x"), st.just("x"), st.just("x"), VALUES),
        "time": st.dictionaries(
            st.sampled_from(["initial", "final", "step", "initial", "final", "step", "other"]),
            MOSTLY_NUMBERS,
            max_size=3,
        ),
    },
    optional={
        "title_fr": VALUES,
        "description": st.one_of(st.text(max_size=40), VALUES),
        "set": st.dictionaries(PARAMETERS, MOSTLY_NUMBERS, max_size=3),
        "switch": st.lists(SWITCH, max_size=4),
        "extra": VALUES,
    },
)
FRAGMENTS = st.lists(
    st.sampled_from(['title = "x"\n', "[time]\n", "[[switch]]\n", "[set]\n", "[", "]", "{", "}", "=", '"', "\n"])
    | st.text(alphabet=string.printable, max_size=10),
    max_size=30,
).map("".join)


def _run_or_refuse(text: str) -> None:
    """Validate; when valid, run it: the run ends (no abort) and gives finite numbers in the model's span."""
    try:
        scenario = S.scenario_from_toml(MODEL, text, where="fuzz.toml")
        spec = to_spec(scenario)
    except ModelError as exc:
        assert "\n" not in str(exc)
        return
    table = runtime.simulate(spec, variables=["employment_fte", "net_public_cost"])
    times = catalog(MODEL).times
    assert times["initial_time"] <= table.index.min() < table.index.max() <= times["final_time"]


@BOUNDED
@given(SCENARIO)
def test_any_scenario_table_is_run_or_refused_in_one_line(data):
    _run_or_refuse(tomli_w.dumps(data))


@BOUNDED
@given(FRAGMENTS)
def test_any_scenario_text_is_run_or_refused_in_one_line(text):
    _run_or_refuse('title = "x"\n' + text)


LEVERS = [p.py_name for p in catalog(MODEL).levers]
QUERY_VALUES = st.one_of(
    st.text(max_size=25),
    st.sampled_from(["inf", "-inf", "nan", "1e400", "-1", "0", "2030", "99999999999999999999", "../../etc/passwd"]),
    NUMBERS.map(str),
)
QUERY = st.dictionaries(
    st.sampled_from(
        ["lang", "page", "model", "scenario", "year", "watch", "cmp", "win", "step", "cal", "est", "upl", "k1", "k4"]
        + [f"p.{name}" for name in LEVERS[:4]]
        + ["p.nope", "x"]
    ),
    QUERY_VALUES,
    max_size=8,
)


@BOUNDED
@given(QUERY)
def test_any_link_decodes_to_a_bounded_state(query):
    state, problems = S.decode(query)
    times = catalog(state.model).times
    span = (times["initial_time"], times["final_time"])
    assert state.year is None or span[0] <= state.year <= span[1]
    assert 0 <= state.step <= S.MAX_STEP
    assert state.calibration is None or state.calibration in set(committed_results(state.model))
    assert all(
        math.isfinite(m.value) and (m.start is None or span[0] <= m.start <= span[1]) for m in state.moves.values()
    )
    assert all(math.isfinite(v) for v in state.estimates.values())
    assert all(isinstance(key, str) and isinstance(values, dict) for key, values in problems)
    spec = specs.current_spec(state)  # what the pages run: valid by construction
    runtime.simulate(spec, variables=["employment_fte"])
