"""Scenarios and policy timelines as data: parsing, switches, validation errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from models.errors import ModelError
from models.parameters import parameters
from models.scenarios import list_scenarios, load_scenario, parse_scenario, scenario_spec, to_spec
from models.timeline import load_timeline, switch, value_at
from tests.conftest import MODEL_SCENARIOS


@pytest.mark.parametrize(("model", "scenario"), MODEL_SCENARIOS)
def test_every_bundled_scenario_loads_and_names_only_differences(model: str, scenario: str) -> None:
    loaded = load_scenario(model, scenario)
    assert loaded.title
    if scenario == "baseline":
        assert not loaded.constants and not loaded.switches
    else:
        assert to_spec(loaded) != scenario_spec(model), f"{scenario} changes nothing"
        defaults = parameters(model)
        for name, value in loaded.constants.items():
            assert value != defaults[name].default, f"{scenario} restates the default of {name}"


def test_cae_has_the_required_scenarios() -> None:
    required = {
        "baseline",
        "no-rights-maintenance",
        "subsidies-halved-2026",
        "contribution-12pct",
        "no-2014-law",
        "case-coopaname",
        "case-oxalis",
    }
    assert required <= set(list_scenarios("cae"))


def test_factor_switch_multiplies_the_value_in_force() -> None:
    spec = scenario_spec("cae", "subsidies-halved-2026")
    default = parameters("cae")["subsidy_per_accompanied_entrepreneur"].default
    assert spec.schedules["subsidy_per_accompanied_entrepreneur"] == ((2026.0, default / 2),)


def test_switch_replaces_later_timeline_values() -> None:
    schedule = ((2000.0, 1.0), (2010.0, 2.0), (2020.0, 3.0))
    assert switch(schedule, 2015, 9.0) == ((2000.0, 1.0), (2010.0, 2.0), (2015.0, 9.0))
    assert value_at(schedule, 0.0, 1999) == 0.0
    assert value_at(schedule, 0.0, 2010) == 2.0


def test_switch_overrides_the_baseline_timeline() -> None:
    base = scenario_spec("cae")
    nolaw = scenario_spec("cae", "no-2014-law")
    assert base.schedules["law_2014_in_force"] == ((2016.0, 1.0),)
    assert nolaw.schedules["law_2014_in_force"] == ((2016.0, 0.0),)


def test_parse_scenario_rejects_both_value_and_factor() -> None:
    data = {"title": "x", "switch": [{"parameter": "contribution rate", "from": 2030, "value": 0.1, "factor": 2}]}
    with pytest.raises(ModelError, match="exactly one of 'value' or 'factor'"):
        parse_scenario("cae", data, "x", "upload.toml")


def test_factor_that_leaves_the_range_is_an_error() -> None:
    data = {"title": "x", "switch": [{"parameter": "contribution rate", "from": 2030, "factor": 10}]}
    with pytest.raises(ModelError, match="outside its range"):
        to_spec(parse_scenario("cae", data, "x", "upload.toml"))


HEADER = "instrument,parameter,start,value,unit,source\n"
TIMELINE_ERRORS = {
    "unsorted": (
        HEADER + "a,contribution rate,2010,0.1,dmnl,s\na,contribution rate,2005,0.12,dmnl,s\n",
        "must increase",
    ),
    "overlapping": (
        HEADER + "a,contribution rate,2010,0.1,dmnl,s\na,contribution rate,2010,0.12,dmnl,s\n",
        "must increase",
    ),
    "unknown parameter": (HEADER + "a,tax on dreams,2010,0.1,dmnl,s\n", "unknown parameter 'tax on dreams'"),
    "negative rate": (HEADER + "a,contribution rate,2010,-0.1,dmnl,s\n", "outside its range"),
    "unit mismatch": (HEADER + "a,contribution rate,2010,0.1,EUR,s\n", "unit 'EUR' differs"),
    "no source": (HEADER + "a,contribution rate,2010,0.1,dmnl,\n", "needs a source"),
    "bad year": (HEADER + "a,contribution rate,soon,0.1,dmnl,s\n", "is not a year"),
    "bad header": ("instrument,parameter,when,value\n", "header must be"),
    "short row": (HEADER + "a,contribution rate,2010\n", "expected 6 columns"),
}


@pytest.mark.parametrize("case", sorted(TIMELINE_ERRORS))
def test_timeline_validation(case: str, tmp_path: Path) -> None:
    text, message = TIMELINE_ERRORS[case]
    path = tmp_path / "policy_timeline.csv"
    path.write_text(text)
    with pytest.raises(ModelError, match=message):
        load_timeline("cae", path)


def test_set_replaces_the_timeline_of_its_constant(tmp_path: Path) -> None:
    """A [set] or --set value holds for the whole run, even for a constant with a dated policy history."""
    from models import runtime
    from models.cli import build_spec

    spec = build_spec("cae", None, ["law 2014 in force=0"])
    assert "law_2014_in_force" not in spec.schedules
    path = tmp_path / "s.toml"
    path.write_text('title = "x"\n[set]\n"law 2014 in force" = 0\n')
    from_file = scenario_spec("cae", path)
    assert from_file == spec
    base, off = runtime.simulate(scenario_spec("cae")), runtime.simulate(spec)
    assert off["associates"].iloc[-1] < base["associates"].iloc[-1]


@pytest.mark.parametrize(("model", "name"), MODEL_SCENARIOS)
def test_every_bundled_scenario_speaks_french(model, name):
    """The French view shows a scenario's French title and description (never the English ones)."""
    scenario = load_scenario(model, name)
    assert scenario.title_fr.strip() and scenario.description_fr.strip(), name
