"""Which variables each Explore chart shows, chosen from what the model defines (pages stay generic over models).

* ledger instruments: the right-hand sides of the ``public_spending`` / ``public_returns`` identities in the model's
  ``checks.toml`` (the accounting identities the tests check), else the two totals;
* operating balance by legal form: ``operating_balance_<form>`` variables, else ``operating_balance``;
* hours by form of production: ``hours_emploi_direct``, ``hours_mandataire``, ``hours_prestataire`` when present;
* people chain: the right-hand side of the identity marked ``chart = "people"`` in ``checks.toml`` when there is one
  (parts that add up to a whole), else the stocks counted in persons (cumulative accounting stocks left out).
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import lru_cache

from models import runtime
from models.registry import get_model
from models.results import STANDARD_INDICATORS, indicator_names, stock_names

HOURS_BY_FORM = ("hours_emploi_direct", "hours_mandataire", "hours_prestataire")
LOWER_IS_BETTER = ("net_public_cost", "public_spending", "subsidy_dependence", "worker_turnover_rate")
HEADLINE = ("employment_headcount", "employment_fte", "net_public_cost", "subsidy_dependence", "operating_balance")


@dataclass(frozen=True)
class SectorCharts:
    employment: tuple[str, ...]
    spending: tuple[str, ...]
    returns: tuple[str, ...]
    balances: tuple[str, ...]
    dependence: tuple[str, ...]
    mix: tuple[str, ...]
    people: tuple[str, ...]
    hours: tuple[str, ...]
    headline: tuple[str, ...]
    watch_default: str


def _identities(model: str) -> list[dict]:
    path = get_model(model).folder / "checks.toml"
    if not path.exists():
        return []
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError):
        return []
    return [i for i in data.get("identity", []) if isinstance(i, dict)]


def _terms(identity: dict) -> tuple[str, ...]:
    return tuple(str(x) for x in identity.get("rhs", []) if isinstance(x, str))


def _identity_terms(model: str, total: str) -> tuple[str, ...]:
    return next((_terms(i) for i in _identities(model) if i.get("lhs") == [total]), ())


def _chart_terms(model: str, chart: str) -> tuple[str, ...]:
    """Right-hand side of the identity marked ``chart = "<chart>"`` (parts of a whole, for a stacked chart)."""
    return next((_terms(i) for i in _identities(model) if i.get("chart") == chart), ())


@lru_cache(maxsize=16)
def _mdl_positions(model: str, mdl_hash: str) -> dict[str, int]:
    """Where each variable is defined in the .mdl text (read as text only; never translated here)."""
    text = get_model(model).mdl.read_text(encoding="utf-8").lower()
    first: dict[str, int] = {}
    for match in re.finditer(r"(?:^|\n)[ \t]*([^\s=~|{}*][^=~|\n]*?)[ \t]*=", text):
        first.setdefault(re.sub(r"\s+", " ", match.group(1)), match.start())
    doc = runtime.model_doc(model)
    names = (re.sub(r"\s+", " ", n.lower()) for n in doc["name"])
    return {py: first.get(name, len(text)) for name, py in zip(names, doc["py_name"], strict=True)}


def mdl_order(model: str, names) -> list[str]:
    """``names`` sorted as the .mdl defines them (the modeller's reading order)."""
    positions = _mdl_positions(model, get_model(model).mdl_hash())
    return sorted(names, key=lambda n: positions.get(n, 1 << 30))


@lru_cache(maxsize=16)
def _charts(model: str, mdl_hash: str) -> SectorCharts:
    doc = runtime.model_doc(model)
    names = set(doc["py_name"])
    units = dict(zip(doc["py_name"], doc["units"].str.replace(" ", "").str.lower(), strict=True))
    spending = tuple(v for v in _identity_terms(model, "public_spending") if v in names) or ("public_spending",)
    returns = tuple(v for v in _identity_terms(model, "public_returns") if v in names) or ("public_returns",)
    balances = tuple(sorted(n for n in names if n.startswith("operating_balance_") and units[n] == "eur/year"))
    dependence = tuple(sorted(n for n in names if n.startswith("subsidy_dependence_")))
    people = tuple(v for v in _chart_terms(model, "people") if v in names) or tuple(
        mdl_order(
            model,
            [n for n in stock_names(model) if units[n] == "person" and not n.startswith("cumulative")],
        )
    )
    own = mdl_order(model, [n for n in indicator_names(model) if n not in STANDARD_INDICATORS])
    return SectorCharts(
        employment=("employment_headcount", "employment_fte"),
        spending=spending,
        returns=returns,
        balances=balances or ("operating_balance",),
        dependence=("subsidy_dependence", *dependence),
        mix=("resource_share_market", "resource_share_members", "resource_share_public"),
        people=people,
        hours=tuple(n for n in HOURS_BY_FORM if n in names),
        headline=tuple(n for n in HEADLINE if n in names),
        watch_default=own[0] if own else "employment_fte",
    )


def sector_charts(model: str) -> SectorCharts:
    return _charts(model, get_model(model).mdl_hash())


def lower_is_better(py_name: str) -> bool:
    return py_name in LOWER_IS_BETTER or py_name.startswith("net_public_cost")


def chart_variables(charts: SectorCharts) -> tuple[str, ...]:
    """Every variable the Explore charts read."""
    groups = (charts.employment, charts.spending, charts.returns, charts.balances, charts.dependence, charts.mix)
    extra = ("public_spending", "public_returns", "net_public_cost")
    return tuple(dict.fromkeys(sum(groups, ()) + charts.people + charts.hours + charts.headline + extra))
