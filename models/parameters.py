"""The model's constants as data: defaults, ranges, units and sources, all read from the .mdl (the catalogue).

Nothing here restates a value: change the .mdl and every caller sees the change. A *parameter* is a catalogue
:class:`~models.catalog.Variable` whose role is a constant's (``lever``, ``uncertainty`` or ``constant``).
"""

from __future__ import annotations

from collections.abc import Mapping

from models.catalog import CONSTANT_ROLES, Variable, catalog
from models.errors import ModelError
from models.validate import number as validate_number
from models.validate import number_text

Parameter = Variable


def parameters(model: str) -> dict[str, Parameter]:
    """Every constant of ``model`` keyed by identifier, in documentation order."""
    return dict(catalog(model).constants)


def is_lever(param: Parameter) -> bool:
    """True for a policy or governance decision: shown as a lever in the dashboard, never sampled as uncertain."""
    return param.role == "lever"


def resolve(model: str, name: str, where: str = "") -> Parameter:
    """The constant called ``name`` (Vensim name or identifier, any case); ModelError naming it otherwise."""
    return catalog(model).resolve(name, where, CONSTANT_ROLES, "parameter")


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
