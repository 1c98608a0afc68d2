"""The catalogue of a model's variables: what each one is, built once from the .mdl's documentation.

Every variable has a **role**, one of:

* ``stock`` — a level (INTEG and the other stateful variables, not PySD's INITIAL values);
* ``lever`` — a constant that is a policy or governance decision: its comment starts with "Policy lever", "Policy
  switch", "Governance lever", "Policy/governance lever" or "Policy:" (the .mdl convention). Shown as a lever in the
  dashboard, never sampled as an uncertainty;
* ``uncertainty`` — any other constant with a finite ``[min, max]`` range, min < max: sampled by ensembles;
* ``constant`` — a constant with an open or degenerate range (conversion factors, ...);
* ``indicator`` — a standard indicator (same name and unit in every sector model) or one the comment tags
  ``Indicator:``; ``flow`` — a term of a stock's rate; ``output`` — any other computed variable;
* ``lookup`` (tables and data: not outputs) and ``control`` (the time settings).

A stock or a flow can also be an indicator (:attr:`Variable.indicator`). The catalogue answers every question about
the variables (what a run reports, which constants a user may set, which are levers, what a name means) and
:meth:`Catalog.resolve` is the one place that turns a user-written name into a variable, with one "did you mean".
It is read from a sidecar of PySD's translation (``models/.cache/<model>-<hash>.catalog.csv``), so a process that only
runs Simlin, like the dashboard, never imports PySD.
"""

from __future__ import annotations

import difflib
import math
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from types import MappingProxyType

import pandas as pd

from models.errors import ModelError
from models.io import atomic_write
from models.registry import CACHE_DIR, get_model

CONTROL_NAMES = ("initial_time", "final_time", "time_step", "saveper")
CONSTANT_ROLES = ("lever", "uncertainty", "constant")
OUTPUT_ROLES = ("stock", "flow", "indicator", "output", *CONSTANT_ROLES)
"""What a run can report: every variable but lookups and the time settings."""
STANDARD_INDICATORS: Mapping[str, str] = MappingProxyType(
    {
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
)
"""The indicators every sector model defines, with the same names and units (see README)."""
INDICATOR_TAG = "Indicator:"
LEVER_TAG = re.compile(r"^\s*(policy|governance)(\s*/\s*\w+)?(\s+(lever|switch)\b|\s*:)", re.IGNORECASE)
SOURCE_MARK = re.compile(
    r"FIGURES\.md|DESIGN-NOTES|[Aa]ssumption|[Ss]eed|data/|[Uu]nit conversion|[Ll]aw|[Ll]oi"
    r"|DREES|DARES|INSEE|CGI|CASF|LFSS|[Aa]rr[eê]t[eé] of"
)
"""What names a source in a comment: a FIGURES.md section, a data file, a law, a code article (CGI, CASF), a
ministerial order, a public series (INSEE, DREES, DARES), or "Assumption"."""
_NUMERIC = ("min", "max", "step", "default")


def snake(name: str) -> str:
    """Python identifier of a Vensim name, as PySD and Simlin write it ('Contribution rate' -> 'contribution_rate')."""
    return re.sub(r"\s+", "_", name.strip()).lower()


@dataclass(frozen=True)
class Variable:
    """One variable of a model, as its .mdl documents it."""

    name: str  # Vensim name, as written in the .mdl
    py_name: str  # identifier used in run specs and output tables
    role: str
    units: str
    min: float  # the .mdl's [min, max, step]; NaN when open
    max: float
    step: float
    default: float  # constants only (NaN otherwise)
    comment: str  # what it is and where its value comes from
    indicator: bool = False
    position: int = 0  # where the .mdl defines it (the modeller's reading order)

    def in_range(self, value: float) -> bool:
        low_ok = math.isnan(self.min) or value >= self.min - 1e-12 * max(1.0, abs(self.min))
        high_ok = math.isnan(self.max) or value <= self.max + 1e-12 * max(1.0, abs(self.max))
        return math.isfinite(value) and low_ok and high_ok

    @property
    def range_text(self) -> str:
        low = "?" if math.isnan(self.min) else f"{self.min:g}"
        high = "?" if math.isnan(self.max) else f"{self.max:g}"
        return f"[{low}, {high}]"

    @property
    def source(self) -> str:
        """The sentences of the comment that name a source (see :data:`SOURCE_MARK`); empty when none does."""
        parts = re.split(r"(?<=[.;])\s+", self.comment.strip())
        return " ".join(p for p in parts if SOURCE_MARK.search(p))


def suggest(key: str, candidates: Iterable[str], n: int = 5) -> list[str]:
    """Names close to ``key``: spelling neighbours first, then names containing its first word."""
    names = list(dict.fromkeys(candidates))
    close = difflib.get_close_matches(key, names, n=n, cutoff=0.6)
    first = key.split("_")[0]
    close += [c for c in names if len(first) > 2 and first in c and c not in close]
    return close[:n]


class Catalog:
    """The variables of one model version, in the documentation's order, with lookups by role and by name."""

    def __init__(self, model: str, variables: Iterable[Variable]) -> None:
        self.model = model
        self.variables = tuple(variables)
        self._by = {v.py_name: v for v in self.variables}
        roles: dict[str, list[str]] = {}
        for v in self.variables:
            roles.setdefault(v.role, []).append(v.py_name)
        self._roles = {k: tuple(v) for k, v in roles.items()}
        self.outputs = tuple(v.py_name for v in self.variables if v.role in OUTPUT_ROLES)
        self._outputs = frozenset(self.outputs)
        self.times = MappingProxyType({k: float(self._by[k].default) for k in CONTROL_NAMES})
        tagged = [v.py_name for v in self.variables if v.indicator and v.py_name not in STANDARD_INDICATORS]
        self.indicators = (*STANDARD_INDICATORS, *tagged)
        self.stocks = self.names("stock")
        self.report = (*self.stocks, *(n for n in self.indicators if n not in set(self.stocks)))
        self.constants: Mapping[str, Variable] = MappingProxyType({n: self._by[n] for n in self.names(*CONSTANT_ROLES)})
        """Every constant a user may set (levers, uncertainties, other constants), in documentation order."""
        self.levers = tuple(self.in_mdl_order(self.names("lever")))
        """The policy and governance levers, in .mdl order."""
        self.nonnegative_stocks = tuple(n for n in self.stocks if self._by[n].min >= 0)
        """Stocks declared with a range starting at zero or above (people, hours, euros held): never negative. Stocks
        declared without a range (reserves that may turn into debt, cumulated balances) are not checked."""

    def __getitem__(self, py_name: str) -> Variable:
        return self._by[py_name]

    def __contains__(self, py_name: object) -> bool:
        return py_name in self._by

    def __iter__(self):
        return iter(self.variables)

    def names(self, *roles: str) -> tuple[str, ...]:
        """Identifiers of the variables with one of ``roles``, in documentation order."""
        if len(roles) == 1:
            return self._roles.get(roles[0], ())
        return tuple(v.py_name for v in self.variables if v.role in roles)

    def is_output(self, py_name: str) -> bool:
        return py_name in self._outputs

    def in_mdl_order(self, names: Iterable[str]) -> list[Variable]:
        return sorted((self._by[n] for n in names if n in self._by), key=lambda v: v.position)

    def resolve(self, name: str, where: str = "", roles: tuple[str, ...] = (), what: str = "variable") -> Variable:
        """The variable called ``name`` (Vensim name or identifier, any case) among those with ``roles`` (all when
        empty); ModelError naming it, with the nearest names, otherwise."""
        key = snake(str(name))
        found = self._by.get(key)
        if found is not None and (not roles or found.role in roles):
            return found
        raise self.unknown([str(name)], where, roles, what)

    def unknown(self, names: list[str], where: str = "", roles: tuple[str, ...] = (), what: str = "variable"):
        """The ModelError for names that are not variables of the model (with roles): one line, one suggestion."""
        prefix = f"{where}: " if where else ""
        candidates = self.names(*roles) if roles else tuple(self._by)
        close = suggest(snake(names[0]), candidates) if len(names) == 1 else []
        hint = f" (did you mean: {', '.join(close)}?)" if close else ""
        listed = ", ".join(repr(n) for n in names) if len(names) > 1 else repr(names[0])
        plural = "s" if len(names) > 1 else ""
        return ModelError(f"{prefix}unknown {what}{plural} {listed} for model {self.model!r}{hint}")

    def table(self) -> pd.DataFrame:
        """The documentation as a table (no time settings): name, py_name, role, units, min, max, default, comment."""
        rows = [v for v in self.variables if v.role != "control"]
        columns = ("name", "py_name", "role", "units", "min", "max", "default", "comment")
        return pd.DataFrame([{c: getattr(v, c) for c in columns} for v in rows], columns=list(columns))


def catalog(model: str) -> Catalog:
    """The catalogue of ``model`` (built once per version of its .mdl and timeline)."""
    return _catalog(model, get_model(model).mdl_hash())


def warm(models: Iterable[str]) -> None:
    """Build the catalogues now (translating the .mdl with PySD first when needed), e.g. at dashboard start."""
    for model in models:
        catalog(model)


@lru_cache(maxsize=8)
def _catalog(model: str, mdl_hash: str) -> Catalog:
    info = get_model(model)
    doc = _documentation(model, mdl_hash)
    positions = _mdl_positions(info.mdl.read_text(encoding="utf-8"))
    variables = []
    for row in doc.itertuples(index=False):
        key = re.sub(r"\s+", " ", row.name.lower())
        indicator = row.py_name in STANDARD_INDICATORS or row.comment.startswith(INDICATOR_TAG)
        variables.append(
            Variable(
                name=row.name,
                py_name=row.py_name,
                role=_role(row, indicator),
                units=row.units,
                min=float(row.min),
                max=float(row.max),
                step=float(row.step),
                default=float(row.default),
                comment=row.comment,
                indicator=indicator,
                position=positions.get(key, 1 << 30),
            )
        )
    return Catalog(model, variables)


def _role(row, indicator: bool) -> str:
    if row.py_name in CONTROL_NAMES:
        return "control"
    if row.type in ("Lookup", "Data"):
        return "lookup"
    if row.type == "Stateful" and row.subtype != "Initial":
        return "stock"
    if row.type == "Constant":
        if LEVER_TAG.match(row.comment):
            return "lever"
        finite = math.isfinite(row.min) and math.isfinite(row.max)
        return "uncertainty" if finite and row.max > row.min else "constant"
    if indicator:
        return "indicator"
    return "flow" if row.flow else "output"


def _documentation(model: str, mdl_hash: str) -> pd.DataFrame:
    """PySD's documentation of the model, from the sidecar of its translation (written on first use)."""
    from models.engines import pysd

    info = get_model(model)
    sidecar = CACHE_DIR / f"{pysd.stem(info)}.catalog.csv"
    if sidecar.exists():
        table = pd.read_csv(sidecar, keep_default_na=False, na_values={c: [""] for c in _NUMERIC})
        return table.astype({**{c: float for c in _NUMERIC}, "flow": bool})
    table = pysd.documentation(info)
    atomic_write(sidecar, lambda tmp: table.to_csv(tmp, index=False, float_format="%.17g"))
    return table


def _mdl_positions(text: str) -> dict[str, int]:
    """Where each variable is first defined in the .mdl text (Vensim name in lower case, single spaces)."""
    first: dict[str, int] = {}
    for match in re.finditer(r"(?:^|\n)[ \t]*([^\s=~|{}*][^=~|\n]*?)[ \t]*=", text.lower()):
        first.setdefault(re.sub(r"\s+", " ", match.group(1)), match.start())
    return first
