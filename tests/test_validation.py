"""The validation layer (``models.validate``): everything from outside is typed, bounded and checked before any work,
with one line naming the culprit. Scenario ``[time]`` blocks, dated switches, numbers, text, sizes and depths."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from calibration.estimates import Estimates
from models import runtime, validate
from models.errors import ModelError
from models.parameters import parameters
from models.scenarios import load_scenario, parse_scenario, scenario_spec, to_spec

TITLE = 'title = "x"\n'


def scenario(text: str, tmp_path: Path, model: str = "cae"):
    path = tmp_path / "s.toml"
    path.write_text(TITLE + text, encoding="utf-8")
    return to_spec(load_scenario(model, path))


# ---------------------------------------------------------------- [time]: inside the model's span, a sane step


@pytest.mark.parametrize(
    ("block", "message"),
    [
        ("final = 1e9", "[time] final = 1e+09 is outside the model's span 1995-2040"),
        ("final = 1_000_000_000", "[time] final = 1e+09 is outside the model's span 1995-2040"),
        ("initial = 1800", "[time] initial = 1800 is outside the model's span 1995-2040"),
        ("step = 1e-6", "[time] step = 1e-06 must be 1/n year for a whole n from 1 to 64"),
        ("step = 100", "[time] step = 100 must be 1/n year for a whole n from 1 to 64"),
        ("step = 0.3", "[time] step = 0.3 must be 1/n year"),
        ("step = 0", "[time] step = 0 must be 1/n year"),
        ("step = -0.25", "[time] step = -0.25 must be 1/n year"),
        ("initial = 2039.5", "[time] initial = 2039.5 must be a whole year"),
        ("initial = nan", "[time] initial must be a finite number, got nan"),
        ("final = inf", "[time] final must be a finite number, got inf"),
        ("final = -inf", "[time] final must be a finite number, got -inf"),
        ("initial = 2030\nfinal = 2020", "[time] initial 2030 must be before final 2020"),
        ("initial = 2040", "[time] initial 2040 must be before final 2040"),
        ("initial = true", "[time] initial must be a number, got true"),
        ('step = "0.25"', "[time] step must be a number, got '0.25'"),
        ("final = 1" + "0" * 400, "[time] final must be a finite number"),
    ],
)
def test_time_block_is_checked_for_sense(block, message, tmp_path):
    with pytest.raises(ModelError) as err:
        scenario(f"[time]\n{block}\n", tmp_path)
    assert message in str(err.value) and "s.toml" in str(err.value)
    assert "\n" not in str(err.value)


@pytest.mark.parametrize("step", [1, 0.5, 0.25, 0.125, 0.0625, 0.03125, 0.015625])
def test_time_steps_of_one_over_n_are_accepted(step, tmp_path):
    spec = scenario(f"[time]\nstep = {step}\ninitial = 2000\nfinal = 2010\n", tmp_path)
    assert (spec.initial_time, spec.final_time, spec.time_step) == (2000.0, 2010.0, step)
    table = runtime.simulate(spec, variables=["employment_fte"])
    assert list(table.index) == [float(y) for y in range(2000, 2011)]


# ---------------------------------------------------------------- dated switches: inside the run, sorted, none lost


def switches(*items: tuple[float, float]) -> str:
    return "".join(f'[[switch]]\nparameter = "contribution rate"\nfrom = {y}\nvalue = {v}\n' for y, v in items)


def test_switches_out_of_order_are_all_kept_in_date_order(tmp_path):
    spec = scenario(switches((2030, 0.2), (2020, 0.05)), tmp_path)
    assert spec.schedules["contribution_rate"] == ((2020.0, 0.05), (2030.0, 0.2))
    run = runtime.simulate(spec, variables=["contribution_rate"])["contribution_rate"]
    assert run.loc[2025] == pytest.approx(0.05) and run.loc[2035] == pytest.approx(0.2)


def test_factor_switches_chain_in_date_order_whatever_the_file_order(tmp_path):
    text = (
        '[[switch]]\nparameter = "contribution rate"\nfrom = 2030\nfactor = 2\n'
        '[[switch]]\nparameter = "contribution rate"\nfrom = 2020\nvalue = 0.05\n'
    )
    assert scenario(text, tmp_path).schedules["contribution_rate"] == ((2020.0, 0.05), (2030.0, 0.1))


@pytest.mark.parametrize(
    ("items", "message"),
    [
        (((2030, 0.2), (2030, 0.1)), "[[switch]] #1 and #2 both set 'contribution rate' from 2030"),
        (((2030.01, 0.2), (2030.02, 0.1)), "#1 (2030.01) and #2 (2030.02) set 'contribution rate' in the same"),
        (((1800, 0.2),), "[[switch]] #1: 'from' = 1800 is outside the run 1995-2040"),
        (((3000, 0.2),), "[[switch]] #1: 'from' = 3000 is outside the run 1995-2040"),
    ],
)
def test_switches_that_would_be_lost_are_refused_naming_them(items, message, tmp_path):
    with pytest.raises(ModelError) as err:
        scenario(switches(*items), tmp_path)
    assert message in str(err.value)


def test_switch_dates_follow_the_scenarios_own_time_block(tmp_path):
    with pytest.raises(ModelError, match="outside the run 2004-2040"):
        scenario("[time]\ninitial = 2004\n" + switches((2000, 0.1)), tmp_path)


def test_too_many_switches_are_refused_before_any_work(tmp_path):
    items = [(2000 + i / 1000, 0.1) for i in range(validate.MAX_SWITCHES + 1)]
    data = {"title": "x", "switch": [{"parameter": "contribution rate", "from": y, "value": v} for y, v in items]}
    with pytest.raises(ModelError, match=f"at most {validate.MAX_SWITCHES}"):
        parse_scenario("cae", data, "x", "many.toml")


# ---------------------------------------------------------------- typed values: no text or booleans as numbers


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('[set]\n"contribution rate" = "0.12"\n', "must be a number, got '0.12'"),
        ('[set]\n"law 2014 in force" = true\n', "must be a number, got true"),
        ('[set]\n"contribution rate" = nan\n', "must be a finite number, got nan"),
        ('[[switch]]\nparameter = "contribution rate"\nfrom = "2030"\nvalue = 0.1\n', "'from' must be a number"),
        ('[[switch]]\nparameter = "contribution rate"\nfrom = 2030\nvalue = "0.1"\n', "must be a number, got '0.1'"),
        ('[[switch]]\nparameter = "contribution rate"\nfrom = 2030\nfactor = true\n', "'factor' must be a number"),
        ('[[switch]]\nparameter = "contribution rate"\nfrom = 2030\nfactor = inf\n', "'factor' must be a finite"),
        ("[[switch]]\nparameter = 12\nfrom = 2030\nvalue = 0.1\n", "'parameter' must be text, got 12"),
        ('[[switch]]\nparameter = "contribution rate"\nfrom = 2030\nvalue = 0.1\nnote = 3\n', "'note' must be text"),
        ("title_fr = {a=1}\n", "'title_fr' must be text, got a table"),
        ("description = [1, 2]\n", "'description' must be text, got an array"),
        ('description = "' + "x" * (validate.MAX_TEXT_CHARS + 1) + '"\n', "'description' is too long"),
    ],
)
def test_scenario_values_are_typed(text, message, tmp_path):
    with pytest.raises(ModelError) as err:
        scenario(text, tmp_path)
    assert message in str(err.value) and "\n" not in str(err.value)


def test_title_must_be_text():
    with pytest.raises(ModelError, match="'title' is required"):
        parse_scenario("cae", {"title": {"a": 1}}, "x")


# ---------------------------------------------------------------- files: regular, bounded in size and depth


def test_scenario_path_must_be_a_regular_file_of_bounded_size(tmp_path):
    with pytest.raises(ModelError, match="/etc: not a regular file .a directory."):
        scenario_spec("cae", "/etc")
    with pytest.raises(ModelError, match="/dev/zero: not a regular file .a character device."):
        scenario_spec("cae", "/dev/zero")
    big = tmp_path / "big.toml"
    big.write_text(TITLE + "#" * validate.MAX_SCENARIO_BYTES)
    with pytest.raises(
        ModelError, match=f"big.toml: {big.stat().st_size:,} bytes; a scenario file may have at most 64,000"
    ):
        scenario_spec("cae", big)
    binary = tmp_path / "bin.toml"
    binary.write_bytes(b"\xff\xfe\x00title")
    with pytest.raises(ModelError, match="bin.toml: not UTF-8 text"):
        scenario_spec("cae", binary)


@pytest.mark.parametrize("depth", [validate.MAX_DEPTH + 1, 5_000, 30_000])
def test_deeply_nested_toml_is_refused_before_parsing(depth, tmp_path):
    path = tmp_path / "deep.toml"
    path.write_text(TITLE + "description = " + "[" * depth + "]" * depth + "\n")
    with pytest.raises(ModelError, match="deep.toml: nested more than 16 levels deep"):
        scenario_spec("cae", path)


def test_deep_dotted_keys_are_refused(tmp_path):
    path = tmp_path / "dotted.toml"
    path.write_text(TITLE + "x." * 500 + "y = 1\n")
    with pytest.raises(ModelError, match="nested more than 16 levels deep"):
        scenario_spec("cae", path)


def test_brackets_inside_strings_and_comments_do_not_count_as_nesting():
    text = 'title = "[[[[[[[[[[[[[[[[[[[[["\ndescription = """{{{{{{{{{{{{{{{{{{{{{{"""\n# [[[[[[[[[[[[[[[[[[[[[[[\n'
    data = validate.parse_toml(text, "ok.toml")
    assert data["title"].startswith("[[[")
    assert validate.parse_json('{"a": "[[[[[[[[[[[[[[[[[[[[[[[[[[[\\"[[[["}', "ok.json") == {
        "a": '[[[[[[[[[[[[[[[[[[[[[[[[[[["[[[['
    }


JSON_VALUES = st.recursive(
    st.one_of(st.text(alphabet="[]{}\"\\#' ax", max_size=8), st.integers(), st.booleans()),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(alphabet='[]{}"\\ ab', max_size=4), inner, max_size=3)
    ),
    max_leaves=12,
)


def _depth(value) -> int:
    children = value.values() if isinstance(value, dict) else value if isinstance(value, list) else None
    return 0 if children is None else 1 + max(map(_depth, children), default=0)


@pytest.mark.slow
@settings(max_examples=300, deadline=None)
@given(JSON_VALUES)
def test_nesting_measured_on_the_text_is_the_depth_of_the_data(value):
    """Brackets inside strings (with escaped quotes and backslashes) never count; every real level does."""
    assert validate.nesting(json.dumps(value), toml=False) == _depth(value)


@pytest.mark.parametrize("depth", [validate.MAX_DEPTH + 1, 100_000])
def test_deeply_nested_json_is_refused_before_parsing(depth, tmp_path):
    path = tmp_path / "deep.json"
    path.write_text('{"parameters": ' + "[" * depth + "]" * depth + "}")
    with pytest.raises(ModelError, match="deep.json: nested more than 16 levels deep"):
        Estimates.load(path, "cae")


# ---------------------------------------------------------------- calibration files applied by the CLI


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"parameters": {}}, "'parameters' is empty"),
        ({"parameters": {"contribution rate": {"estimate": "0.2"}}}, "must be a number, got '0.2'"),
        ({"parameters": {"contribution rate": {"estimate": True}}}, "must be a number, got true"),
        ({"parameters": {"contribution rate": {"estimate": None}}}, "must be a number, got null"),
        ({"parameters": {"contribution rate": 0.2}}, "parameters.contribution rate needs an 'estimate'"),
        ({"parameters": []}, "expected an object with 'parameters'"),
    ],
)
def test_calibration_file_values_are_typed(data, message, tmp_path):
    path = tmp_path / "c.json"
    path.write_text(json.dumps(data))
    with pytest.raises(ModelError) as err:
        from models.cli import build_spec

        build_spec("cae", calibration=path)
    assert message in str(err.value) and "c.json" in str(err.value)


def test_bundled_scenarios_pass_the_stricter_checks():
    from tests.conftest import MODEL_SCENARIOS

    for model, name in MODEL_SCENARIOS:
        spec = scenario_spec(model, name)
        assert set(spec.constants) <= set(parameters(model))
