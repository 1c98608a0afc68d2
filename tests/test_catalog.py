"""The catalogue of each model's variables (roles, names, one "did you mean") and each model's declaration
(``model.toml``), checked against the .mdl."""

from __future__ import annotations

import math

import pytest

from models.catalog import CONSTANT_ROLES, OUTPUT_ROLES, STANDARD_INDICATORS, catalog, suggest
from models.declaration import FIXED_VIEWS, LOWER_IS_BETTER, declaration
from models.errors import ModelError
from models.registry import ModelInfo, get_model
from tests.conftest import MODELS
from ui.workshop import load_workshop


@pytest.mark.parametrize("model", MODELS)
def test_every_variable_has_one_role_and_the_roles_agree(model):
    book = catalog(model)
    assert {v.role for v in book} <= {*OUTPUT_ROLES, "lookup", "control"}
    assert set(book.outputs) == {v.py_name for v in book if v.role not in ("lookup", "control")}
    for v in book:
        if v.role == "uncertainty":
            assert math.isfinite(v.min) and math.isfinite(v.max) and v.max > v.min, v.name
        if v.role in CONSTANT_ROLES:
            assert math.isfinite(v.default), v.name
    assert {v.py_name for v in book.levers} == set(book.names("lever"))
    assert [v.position for v in book.levers] == sorted(v.position for v in book.levers)  # the .mdl's order
    assert set(STANDARD_INDICATORS) <= {v.py_name for v in book if v.indicator}
    assert set(book.report) == set(book.stocks) | set(book.indicators)
    assert set(book.times) == {"initial_time", "final_time", "time_step", "saveper"}


def test_names_resolve_in_any_spelling_with_one_suggestion():
    book = catalog("cae")
    assert book.resolve("Contribution rate").py_name == book.resolve("CONTRIBUTION_RATE").py_name == "contribution_rate"
    with pytest.raises(ModelError) as err:
        book.resolve("contribution rte", where="--set", roles=CONSTANT_ROLES, what="parameter")
    message = str(err.value)
    assert message.startswith("--set: unknown parameter 'contribution rte' for model 'cae' (did you mean:")
    assert "contribution_rate" in message and "\n" not in message
    with pytest.raises(ModelError, match="unknown parameter"):  # an output is not a parameter
        book.resolve("employment_fte", roles=CONSTANT_ROLES, what="parameter")
    assert suggest("entrepreneur", ["entrepreneurs", "associates", "cae"])[0] == "entrepreneurs"
    assert suggest("subsidy_xyz", ["subsidy_dependence", "cae"]) == ["subsidy_dependence"]  # same first word
    assert suggest("zzz", ["cae"]) == []


@pytest.mark.parametrize("model", MODELS)
def test_the_declaration_matches_the_mdl(model):
    """Every name model.toml gives is a variable of the .mdl; the charts, cards and workshop are usable."""
    book, declared = catalog(model), declaration(model)
    assert not declared.problems, declared.problems
    assert declared.title.fr and declared.title.en and declared.short.fr and declared.short.en
    for chart in declared.charts:
        assert chart.id not in FIXED_VIEWS and chart.variables and chart.tab.fr and chart.tab.en, chart
        assert {book[v].units for v in chart.variables} == {chart.unit}, f"{chart.id} stacks other units"
    assert declared.headline and all(book.is_output(n) for n in declared.headline)
    assert declared.watch in book.indicators or declared.watch in book.report
    assert set(LOWER_IS_BETTER) <= declared.lower_is_better
    for text in declared.labels.values():
        assert text.fr.strip() and text.en.strip()
    for name in (*declared.spending, *declared.returns, *declared.balances, *declared.dependence):
        assert book.is_output(name), name
    assert declared.workshop is not None and not load_workshop(model).problems


def _declared(monkeypatch, tmp_path, text: str):
    path = tmp_path / "model.toml"
    path.write_text(text, encoding="utf-8")
    monkeypatch.setattr(ModelInfo, "declaration", property(lambda self: path))
    return declaration("cae")


def test_a_declaration_naming_what_the_mdl_lacks_is_reported(monkeypatch, tmp_path):
    declared = _declared(
        monkeypatch,
        tmp_path,
        'title = { fr = "T", en = "T" }\nheadline = ["employment_fte", "jobs"]\n'
        '[labels]\nnope = { fr = "a", en = "b" }\ncae = { fr = "Coops", en = "Coops" }\n',
    )
    assert declared.headline == ("employment_fte",) and set(declared.labels) == {"cae"}
    assert len(declared.problems) == 2 and all("not a variable of cae.mdl" in p for p in declared.problems)


def test_lever_groups_naming_what_is_not_a_lever_are_reported(monkeypatch, tmp_path):
    declared = _declared(
        monkeypatch,
        tmp_path,
        '[[levers]]\ngroup = { fr = "A", en = "A" }\nnames = ["entry_fee", "employment_fte", "entry_fee"]\n',
    )
    assert [g.levers for g in declared.lever_groups] == [("entry_fee",)]
    assert len(declared.problems) == 2
    assert "'employment_fte' is not a lever" in declared.problems[0] and "already in" in declared.problems[1]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('titel = { fr = "T", en = "T" }\n', "unknown key(s) titel"),
        ('title = "T"\n', 'title must be { fr = "...", en = "..." }'),
        ('title = { fr = "T" }\n', 'title must be { fr = "...", en = "..." }'),
        ('[[chart]]\nid = "data"\n', "id must be a lower-case name other than"),
        ('[[chart]]\nid = "x"\ncolour = "red"\n', "unknown key(s) colour"),
        ('workshop = "../../etc/passwd"\n', "is not a file of the sector's folder"),
        ("headline = 3\n", "headline must be a list of variable names"),
        ('[[levers]]\ngroup = { fr = "A", en = "A" }\nnames = "entry_fee"\n', "names must be a list of lever names"),
        ('[[levers]]\ngroupe = "A"\nnames = []\n', "[[levers]] #1: keys must be group, names"),
        ('[[levers]]\nnames = ["entry_fee"]\n', 'group must be { fr = "...", en = "..." }'),
    ],
)
def test_a_malformed_declaration_is_one_line_naming_the_key(monkeypatch, tmp_path, text, message):
    with pytest.raises(ModelError) as err:
        _declared(monkeypatch, tmp_path, text)
    assert message in str(err.value) and "model.toml" in str(err.value) and "\n" not in str(err.value)


def test_a_sector_without_declaration_gets_plain_defaults(monkeypatch, tmp_path):
    monkeypatch.setattr(ModelInfo, "declaration", property(lambda self: tmp_path / "none.toml"))
    declared = declaration("cae")
    assert declared.title.fr == "CAE" and not declared.labels and not declared.charts and declared.workshop is None
    assert get_model("cae").declaration == tmp_path / "none.toml"
