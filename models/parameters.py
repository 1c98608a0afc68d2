"""The model's constants as data: defaults, ranges, units and sources, all read from the .mdl (``model.doc``).

Nothing here restates a value: change the .mdl and every caller sees the change.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache

from models import runtime
from models.errors import ModelError
from models.registry import get_model
from models.validate import number as validate_number
from models.validate import number_text


@dataclass(frozen=True)
class Parameter:
    """One constant of a model."""

    name: str  # Vensim name, as written in the .mdl
    py_name: str  # identifier used in run specs and output tables
    default: float
    min: float  # NaN when open
    max: float  # NaN when open
    step: float  # NaN when not given
    units: str
    comment: str  # what it is and where its value comes from

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
        """The source part of the comment (after 'Source', or the sentence naming FIGURES.md/assumption)."""
        match = re.search(r"(FIGURES\.md[^.]*|DESIGN-NOTES\.md|[Aa]ssumption[^.]*|[Ss]eed[^.]*)", self.comment)
        return match.group(0).strip() if match else ""


LEVER_TAG = re.compile(r"^\s*(policy|governance)(\s*/\s*\w+)?(\s+(lever|switch)\b|\s*:)", re.IGNORECASE)
"""A constant is a policy lever (a decision, not an uncertainty) when its .mdl comment starts with "Policy lever",
"Policy switch", "Governance lever", "Policy/governance lever" or "Policy:" (the .mdl convention)."""


def is_lever(param: Parameter) -> bool:
    """True for a policy or governance decision: shown as a lever in the dashboard, never sampled as uncertain."""
    return bool(LEVER_TAG.match(param.comment))


def snake(name: str) -> str:
    """Python identifier of a Vensim name, as PySD and Simlin write it ('Contribution rate' -> 'contribution_rate')."""
    return re.sub(r"\s+", "_", name.strip()).lower()


@lru_cache(maxsize=8)
def _parameters(model: str, mdl_hash: str) -> dict[str, Parameter]:
    doc = runtime.model_doc(model)
    constants = doc[(doc["type"] == "Constant") & ~doc["py_name"].isin(runtime.CONTROL_NAMES)]
    return {
        row.py_name: Parameter(
            name=row.name,
            py_name=row.py_name,
            default=float(row.default),
            min=float(row.min),
            max=float(row.max),
            step=float(row.step),
            units=row.units,
            comment=row.comment,
        )
        for row in constants.itertuples()
    }


def parameters(model: str) -> dict[str, Parameter]:
    """Every constant of ``model`` keyed by identifier, in .mdl order."""
    return dict(_parameters(model, get_model(model).mdl_hash()))


def resolve(model: str, name: str, where: str = "") -> Parameter:
    """The constant called ``name`` (Vensim name or identifier, any case); ModelError naming it otherwise."""
    params = parameters(model)
    key = snake(name)
    if key in params:
        return params[key]
    prefix = f"{where}: " if where else ""
    close = [p.name for p in params.values() if key.split("_")[0] in p.py_name][:5]
    hint = f" (did you mean: {', '.join(close)}?)" if close else ""
    raise ModelError(f"{prefix}unknown parameter {name!r} for model {model!r}{hint}")


def check_value(param: Parameter, value: object, where: str = "") -> float:
    """``value`` as a float inside the parameter's range; ModelError naming parameter and range otherwise. Only real
    numbers are values: a text (``"0.12"``) or a boolean is refused (text sources parse first, see
    :func:`models.validate.number_text`)."""
    prefix = f"{where}: " if where else ""
    number = validate_number(value, f"{prefix}{param.name!r}")
    if not param.in_range(number):
        raise ModelError(f"{prefix}{param.name!r} = {number:g} is outside its range {param.range_text} {param.units}")
    return number


def validate(model: str, values: Mapping[str, object], where: str = "") -> dict[str, float]:
    """User-written ``{name: value}`` as ``{identifier: float}``, every name known and every value in range."""
    out: dict[str, float] = {}
    for name, value in values.items():
        param = resolve(model, name, where)
        out[param.py_name] = check_value(param, value, where)
    return out


def parse_assignment(text: str) -> tuple[str, float]:
    """``"Name=value"`` -> ``("Name", value)``; ModelError when there is no '=' or the value is not a number."""
    if "=" not in text:
        raise ModelError(f"--set {text!r}: expected Name=value")
    name, value = text.split("=", 1)
    return name.strip(), number_text(value.strip(), f"--set {name.strip()!r}")
