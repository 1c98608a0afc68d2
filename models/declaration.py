"""What the dashboard shows of a model, declared beside its .mdl in ``model.toml`` (a sector is a folder).

The .mdl stays the single source of equations, values, units, ranges and sources; the declaration only says how to
present the model, in French and English::

    title = { fr = "CAE – coopératives d'activités et d'emploi", en = "CAE – business and employment cooperatives" }
    short = { fr = "CAE", en = "CAE" }          # optional: page titles (default: the title before " – ")
    workshop = "workshop.toml"                  # optional: the Workshop page's sequence, in this folder
    headline = ["employment_fte", ...]          # optional: the Explore page's cards (default: HEADLINE)
    watch = "entrepreneurs"                     # optional: the indicator watched by default
    focus = "entrepreneurs_salaries"            # optional: the Model page's first variable of loop dominance
    lower_is_better = ["net_public_cost_per_fte"]   # besides the standard LOWER_IS_BETTER

    [labels]                                    # readers' names of variables (else the .mdl's own name)
    cae = { fr = "Nombre de CAE", en = "Number of CAE" }

    [[levers]]                                  # the Explore page's lever groups, by instrument, most used first
    group = { fr = "Crédit d'impôt", en = "Income-tax credit" }
    names = ["tax_aid_rate", ...]               # levers of the .mdl; those no group lists come last, together

    [[chart]]                                   # an Explore tab: stacked parts of a whole
    id = "people"
    tab = { fr = "Parcours", en = "People chain" }
    title = { fr = "Chaîne des personnes (stocks)", en = "People chain (stocks)" }
    variables = ["entrepreneurs_in_test_phase", ...]

The other Explore charts follow from the model itself: the public ledger by instrument from the ``public_spending`` and
``public_returns`` identities of ``checks.toml``, balances and dependence by legal form from ``operating_balance_*`` and
``subsidy_dependence_*`` variables. A key not listed here is refused (a typo is an error, not a silent default); names
of variables that the .mdl does not define are left out and listed in :attr:`Declaration.problems`, which the
dashboard shows and a test requires empty for every bundled model. To declare more (plausible bounds of
indicators...): parse the key in :func:`_parse`, check its names in :func:`_known`, and test it.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from types import MappingProxyType

from models import validate
from models.catalog import STANDARD_INDICATORS, catalog, snake
from models.errors import ModelError
from models.registry import get_model

NAMES_FR = "names_fr.toml"
TOP_KEYS = {
    "title", "short", "workshop", "headline", "watch", "focus", "lower_is_better", "labels", "chart", "levers",
}  # fmt: skip
GROUP_KEYS = {"group", "names"}
CHART_KEYS = {"id", "tab", "title", "variables", "unit"}
FIXED_VIEWS = ("employment", "finance", "orgs", "data")
"""The Explore tabs every model has; a declared chart's ``id`` must differ."""
HEADLINE = ("employment_headcount", "employment_fte", "net_public_cost", "subsidy_dependence", "operating_balance")
LOWER_IS_BETTER = ("net_public_cost", "public_spending", "subsidy_dependence", "worker_turnover_rate")
EMPLOYMENT = ("employment_headcount", "employment_fte")
MIX = ("resource_share_market", "resource_share_members", "resource_share_public")


@dataclass(frozen=True)
class Text:
    """A text in both languages of the dashboard."""

    fr: str
    en: str

    def __call__(self, lang: str) -> str:
        return self.en if lang == "en" else self.fr


@dataclass(frozen=True)
class Chart:
    """An Explore tab: ``variables`` stacked (parts of a whole), in ``unit``."""

    id: str
    tab: Text
    title: Text
    variables: tuple[str, ...]
    unit: str


@dataclass(frozen=True)
class LeverGroup:
    """Levers of one instrument, shown together on the Explore page."""

    title: Text
    levers: tuple[str, ...]


@dataclass(frozen=True, eq=False)
class Declaration:
    """What :func:`declaration` read (one object per version of the files: compared and hashed by identity)."""

    model: str
    title: Text
    short: Text
    labels: Mapping[str, Text]
    charts: tuple[Chart, ...]
    headline: tuple[str, ...]
    watch: str
    focus: str
    lower_is_better: frozenset[str]
    workshop: Path | None
    spending: tuple[str, ...]  # the ledger's instruments
    returns: tuple[str, ...]
    balances: tuple[str, ...]  # operating balance by legal form
    dependence: tuple[str, ...]
    employment: tuple[str, ...] = EMPLOYMENT
    mix: tuple[str, ...] = MIX
    problems: tuple[str, ...] = ()
    names_fr: Mapping[str, str] = field(default_factory=dict)  # French names of the .mdl's variables (names_fr.toml)
    lever_groups: tuple[LeverGroup, ...] = ()  # by instrument, most used first; a lever is in one group at most


def declaration(model: str) -> Declaration:
    """The declaration of ``model`` (read again when ``model.toml``, ``checks.toml`` or the .mdl changes); ModelError
    naming the file and the key when ``model.toml`` is malformed."""
    info = get_model(model)
    names = validate.stamp(info.folder / NAMES_FR)
    return _declaration(model, info.mdl_hash(), validate.stamp(info.declaration), validate.stamp(info.checks), names)


@lru_cache(maxsize=16)
def _declaration(
    model: str, mdl_hash: str, declared: tuple | None, checks: tuple | None, french: tuple | None = None
) -> Declaration:
    info = get_model(model)
    where = str(info.declaration)
    data = _read(info.declaration, "model declaration") if declared else {}
    unknown = set(data) - TOP_KEYS
    if unknown:
        raise ModelError(
            f"{where}: unknown key(s) {', '.join(sorted(unknown))}; allowed: {', '.join(sorted(TOP_KEYS))}"
        )
    book = catalog(model)
    names = _Names(book, where)
    title = _text(data["title"], f"{where}: title") if "title" in data else Text(model.upper(), model.upper())
    short = Text(title.fr.split(" – ")[0], title.en.split(" – ")[0])
    own = [v.py_name for v in book.in_mdl_order(n for n in book.indicators if n not in STANDARD_INDICATORS)]
    ledger = _ledger(info.checks, book) if checks else {}
    return Declaration(
        model=model,
        title=title,
        short=_text(data["short"], f"{where}: short") if "short" in data else short,
        labels=MappingProxyType(_labels(data.get("labels", {}), where, names)),
        charts=tuple(_chart(item, i, where, names) for i, item in enumerate(_tables(data.get("chart", []), where))),
        headline=names.keep(data["headline"], "headline") if "headline" in data else HEADLINE,
        watch=names.one(data.get("watch"), "watch") or (own[0] if own else "employment_fte"),
        focus=names.one(data.get("focus"), "focus"),
        lower_is_better=frozenset((*LOWER_IS_BETTER, *names.keep(data.get("lower_is_better", []), "lower_is_better"))),
        workshop=_workshop(data.get("workshop"), where, info.folder),
        spending=ledger.get("public_spending") or ("public_spending",),
        returns=ledger.get("public_returns") or ("public_returns",),
        balances=_by_form(book, "operating_balance", euros=True) or ("operating_balance",),
        dependence=("subsidy_dependence", *_by_form(book, "subsidy_dependence")),
        lever_groups=_lever_groups(data.get("levers", []), where, book, names.problems),
        problems=tuple(names.problems),
        names_fr=MappingProxyType(_names_fr(info.folder / NAMES_FR) if french else {}),
    )


def _names_fr(path: Path) -> dict[str, str]:
    """``{identifier: French name}`` from a ``names_fr.toml`` keyed by .mdl name (the .mdl's names are English)."""
    data = _read(path, "French names")
    bad = [k for k, v in data.items() if not isinstance(v, str)]
    if bad:
        raise ModelError(f"{path}: French names must be text; not for {', '.join(bad[:5])}")
    return {snake(name): text for name, text in data.items()}


class _Names:
    """Checks declared names against the catalogue: unknown ones are left out and listed as problems."""

    def __init__(self, book, where: str) -> None:
        self.book, self.where, self.problems = book, where, []

    def keep(self, value: object, key: str) -> tuple[str, ...]:
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise ModelError(f"{self.where}: {key} must be a list of variable names, got {validate.show(value)}")
        return tuple(name for name in value if self.known(name, key))

    def one(self, value: object, key: str) -> str:
        if value is None:
            return ""
        if not isinstance(value, str):
            raise ModelError(f"{self.where}: {key} must be a variable name, got {validate.show(value)}")
        return value if self.known(value, key) else ""

    def known(self, name: str, key: str) -> bool:
        if self.book.is_output(name):
            return True
        self.problems.append(f"{self.where}: {key} names {name!r}, not a variable of {self.book.model}.mdl")
        return False


def _read(path: Path, what: str) -> dict:
    return validate.read_toml(path, what, validate.MAX_SECTOR_FILE_BYTES)


def _text(value: object, where: str) -> Text:
    if not isinstance(value, dict) or set(value) != {"fr", "en"}:
        raise ModelError(f'{where} must be {{ fr = "...", en = "..." }}, got {validate.show(value)}')
    return Text(validate.text(value["fr"], f"{where}.fr", 400), validate.text(value["en"], f"{where}.en", 400))


def _labels(table: object, where: str, names: _Names) -> dict[str, Text]:
    if not isinstance(table, dict):
        raise ModelError(f"{where}: [labels] must be a table of name = {{ fr, en }}")
    texts = {name: _text(value, f"{where}: labels.{name}") for name, value in table.items()}
    return {name: text for name, text in texts.items() if names.known(name, "labels")}


def _tables(value: object, where: str, key: str = "chart") -> list[dict]:
    if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
        raise ModelError(f"{where}: '{key}' must be an array of tables ([[{key}]])")
    return value


def _chart(item: dict, index: int, where: str, names: _Names) -> Chart:
    here = f"{where}: [[chart]] #{index + 1}"
    unknown = set(item) - CHART_KEYS
    if unknown:
        raise ModelError(
            f"{here}: unknown key(s) {', '.join(sorted(unknown))}; allowed: {', '.join(sorted(CHART_KEYS))}"
        )
    ident = item.get("id")
    if not isinstance(ident, str) or not re.fullmatch(r"[a-z][a-z0-9_]{0,30}", ident) or ident in FIXED_VIEWS:
        raise ModelError(f"{here}: id must be a lower-case name other than {', '.join(FIXED_VIEWS)}, got {ident!r}")
    variables = names.keep(item.get("variables"), f"chart {ident} variables")
    unit = item.get("unit") or (names.book[variables[0]].units if variables else "")
    return Chart(
        ident,
        _text(item.get("tab"), f"{here}: tab"),
        _text(item.get("title"), f"{here}: title"),
        variables,
        validate.text(unit, f"{here}: unit", 60),
    )


def _lever_groups(value: object, where: str, book, problems: list[str]) -> tuple[LeverGroup, ...]:
    """``[[levers]]`` groups; names that are not levers of the .mdl, or already in a group, are left out and listed
    in ``problems``."""
    groups, seen = [], set()
    for index, item in enumerate(_tables(value, where, "levers")):
        here = f"{where}: [[levers]] #{index + 1}"
        unknown = set(item) - GROUP_KEYS
        if unknown or "names" not in item:
            raise ModelError(f"{here}: keys must be {', '.join(sorted(GROUP_KEYS))}, got {', '.join(sorted(item))}")
        names = item["names"]
        if not isinstance(names, list) or not all(isinstance(n, str) for n in names):
            raise ModelError(f"{here}: names must be a list of lever names, got {validate.show(names)}")
        levers = {p.py_name for p in book.levers}
        kept = []
        for name in names:
            if name not in levers:
                problems.append(f"{here}: {name!r} is not a lever of {book.model}.mdl")
            elif name in seen:
                problems.append(f"{here}: {name!r} is already in an earlier group")
            else:
                kept.append(name)
                seen.add(name)
        groups.append(LeverGroup(_text(item.get("group"), f"{here}: group"), tuple(kept)))
    return tuple(g for g in groups if g.levers)


def _workshop(name: object, where: str, folder: Path) -> Path | None:
    if name is None:
        return None
    if not isinstance(name, str) or Path(name).name != name or not (folder / name).is_file():
        raise ModelError(f"{where}: workshop {validate.show(name)} is not a file of the sector's folder")
    return folder / name


def _ledger(path: Path, book) -> dict[str, tuple[str, ...]]:
    """``{total: its terms}`` for the totals that ``checks.toml`` breaks down (``lhs = [total]``)."""
    identities = _read(path, "checks file").get("identity", [])
    out: dict[str, tuple[str, ...]] = {}
    for identity in identities if isinstance(identities, list) else ():
        lhs, rhs = (identity.get("lhs"), identity.get("rhs")) if isinstance(identity, dict) else (None, None)
        if isinstance(lhs, list) and len(lhs) == 1 and isinstance(rhs, list):
            out.setdefault(str(lhs[0]), tuple(v for v in rhs if isinstance(v, str) and book.is_output(v)))
    return out


def _by_form(book, prefix: str, euros: bool = False) -> tuple[str, ...]:
    """``<prefix>_<legal form>`` variables (in euros per year when ``euros``), sorted."""
    found = (n for n in book.outputs if n.startswith(f"{prefix}_"))
    return tuple(sorted(n for n in found if not euros or book[n].units.replace(" ", "").lower() == "eur/year"))
