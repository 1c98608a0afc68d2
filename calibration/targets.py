"""Calibration targets: published figures as a long table, validated.

A targets CSV has one row per figure (lines starting with ``#`` are comments)::

    variable,time,value,sigma,source[,weight,scenario,transform,mark,note,counterfactual,time_end,source_fr]
    cae,2011,86,12,"CPE 68 + Copea 18 (Banque des territoires, Nov 2011)",1,,level,B,perimeter: two networks
    employment_fte,2013,-14250,2250,"FIGURES.md 2.3: 12,000-16,500 FTE lost",1,,effect,B,,no-2012-2013-changes,2015

* ``variable`` — a model variable, by its Python name (``snake_case`` of the .mdl name);
* ``time`` [year] — when the figure applies (model output is interpolated between saved years);
* ``value`` — the figure, in the variable's units (a growth row: the yearly relative change, 0.05 = +5%);
* ``sigma`` (> 0, at least a millionth of the value) — its standard uncertainty in the same units: it carries the
  reliability mark (A/B/C/D of FIGURES.md) and any perimeter or vintage problem. A log-error objective uses
  ``sigma/value`` as relative error;
* ``source`` — where the figure comes from (required, non-empty);
* ``weight`` (0 to 1e6, default 1) — multiplies the squared residual (e.g. 0.5 for each of two years sharing one
  figure); at least one target of a fit must weigh more than 0;
* ``scenario`` — the scenario the figure belongs to (e.g. ``case-coopaname``); blank = baseline (sector scale);
* ``transform`` — ``level`` (default), ``growth`` (the model's yearly relative change ``x(t)/x(t-1) - 1``:
  use it for series whose levels differ between publication vintages, as DARES's) or ``effect`` (the model's value in
  the row's scenario minus its value in the ``counterfactual`` scenario: a published estimate of what a measure did);
* ``mark`` — the reliability mark A/B/C/D (informative); ``note`` — free text;
* ``counterfactual`` — for ``effect`` rows only: the bundled scenario that matches the study's question (e.g.
  ``no-reduction``); the same parameter values are applied to both runs;
* ``time_end`` [year] — a window: the row is the mean of the yearly values from ``time`` to ``time_end`` (level and
  effect rows). A published range is given as its midpoint, with a sigma from its width;
* ``source_fr`` — the source in French, shown by the French dashboard where it quotes sources (blank: ``source``).

A targets file is a regular UTF-8 file of at most 2 MB and 10,000 rows. Every problem is a
:class:`CalibrationError` naming file, line and column.
"""

from __future__ import annotations

import hashlib
import io
import math
import re
from pathlib import Path

import pandas as pd

from calibration.errors import CalibrationError, as_calibration_error
from models import validate
from models.catalog import catalog

REQUIRED = ("variable", "time", "value", "sigma", "source")
OPTIONAL = ("weight", "scenario", "transform", "mark", "note", "counterfactual", "time_end", "source_fr")
TRANSFORMS = ("level", "growth", "effect")
MARKS = ("", "A", "B", "C", "D")
MAX_ROWS = 10_000
MAX_BYTES = 2_000_000
MIN_RELATIVE_SIGMA = 1e-6
MAX_WEIGHT = 1e6
MAX_WINDOW = 100
SCENARIO_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,99}")
BASELINE = "baseline"
IN_MEMORY = "(table given in memory)"
"""What a result records as its targets' path when they were given as a table (no file to compare with)."""


def series_name(variable: str, transform: str = "level", counterfactual: str = "") -> str:
    """Label of a target series: the variable, ``variable:growth`` for growth rows, ``variable:effect:<scenario>`` for
    effect rows (the difference from that counterfactual)."""
    if transform == "effect":
        return f"{variable}:effect:{counterfactual}"
    return variable if transform == "level" else f"{variable}:{transform}"


def load_targets(source: str | Path | pd.DataFrame | io.IOBase, model: str | None = None) -> pd.DataFrame:
    """Validated targets from a CSV path, a file-like object or a DataFrame.

    Returns a DataFrame with columns ``variable, time, value, sigma, source, weight, scenario, transform, mark,
    note, line`` (``line`` = where the row came from, for messages). With ``model``, every variable must exist in it.
    """
    if isinstance(source, pd.DataFrame) and {"line", "series"} <= set(source.columns):  # already validated
        table = source.copy()
        if "counterfactual" not in table:
            table["counterfactual"] = ""
        if "time_end" not in table:
            table["time_end"] = table["time"]
        if model is not None:
            check_variables(table, model)
        return table
    where, raw, lines = _read(source)
    table = _validate(raw, [f"{where} {label}" for label in lines], where)
    if model is not None:
        check_variables(table, model)
    table.attrs["where"] = where
    return table


def _read(source) -> tuple[str, pd.DataFrame, list[str]]:
    """``(name for messages, raw string table, label of each row)``."""
    if isinstance(source, pd.DataFrame):
        raw = source.copy()
        raw.columns = [str(c).strip() for c in raw.columns]
        raw = raw.astype(object).where(raw.notna(), "").astype(str)
        return "targets", raw, [f"row {i + 1}" for i in range(len(raw))]
    if isinstance(source, str | Path):
        where = str(source)
        with as_calibration_error():
            text = validate.read_text(source, "targets file", MAX_BYTES)
    else:
        where = getattr(source, "name", "targets") or "targets"
        data = source.read(MAX_BYTES + 1)
        with as_calibration_error():
            text = validate.decode(
                data.encode("utf-8") if isinstance(data, str) else data, where, "targets file", MAX_BYTES
            )
    return (where, *_parse_csv(text, where))


def _parse_csv(text: str, where: str) -> tuple[pd.DataFrame, list[str]]:
    numbered = [(i + 1, line) for i, line in enumerate(text.splitlines()) if line.strip()]
    numbered = [(n, line) for n, line in numbered if not line.lstrip().startswith("#")]
    if not numbered:
        raise CalibrationError(f"{where}: empty targets file (expected a header {','.join(REQUIRED)})")
    body = "\n".join(line for _, line in numbered)
    try:
        raw = pd.read_csv(io.StringIO(body), dtype=str, keep_default_na=False, skipinitialspace=True)
    except (pd.errors.ParserError, pd.errors.EmptyDataError) as exc:
        raise CalibrationError(f"{where}: not a valid CSV ({str(exc).strip().splitlines()[-1]})") from None
    raw.columns = [str(c).strip() for c in raw.columns]
    rows = numbered[1:]
    labels = [f"line {n}" for n, _ in rows] if len(rows) == len(raw) else [f"row {i + 1}" for i in range(len(raw))]
    return raw, labels


def _validate(raw: pd.DataFrame, labels: list[str], where: str) -> pd.DataFrame:
    columns = list(raw.columns)
    missing = [c for c in REQUIRED if c not in columns]
    if missing:
        raise CalibrationError(
            f"{where}: missing column(s) {', '.join(missing)}; expected {','.join(REQUIRED)} "
            f"(+ optional {', '.join(OPTIONAL)})"
        )
    unknown = [c for c in columns if c not in REQUIRED + OPTIONAL]
    if unknown:
        raise CalibrationError(
            f"{where}: unknown column(s) {', '.join(unknown)}; allowed: {', '.join(REQUIRED + OPTIONAL)}"
        )
    if raw.empty:
        raise CalibrationError(f"{where}: no target rows")
    if len(raw) > MAX_ROWS:
        raise CalibrationError(f"{where}: {len(raw)} rows; at most {MAX_ROWS} targets")
    text = {
        c: raw[c].astype(str).str.strip() if c in columns else pd.Series([""] * len(raw)) for c in REQUIRED + OPTIONAL
    }
    out = pd.DataFrame(
        {
            "variable": text["variable"].to_numpy(),
            "time": _numbers(text["time"], labels, "time"),
            "value": _numbers(text["value"], labels, "value"),
            "sigma": _numbers(text["sigma"], labels, "sigma"),
            "source": text["source"].to_numpy(),
            "source_fr": text["source_fr"].to_numpy(),
            "weight": _numbers(text["weight"], labels, "weight", default=1.0),
            "scenario": text["scenario"].replace("", BASELINE).to_numpy(),
            "transform": text["transform"].str.lower().replace("", "level").to_numpy(),
            "mark": text["mark"].str.upper().to_numpy(),
            "note": text["note"].to_numpy(),
            "counterfactual": text["counterfactual"].to_numpy(),
            "time_end": _numbers(text["time_end"], labels, "time_end", default=math.nan),
            "line": labels,
        }
    )
    out["time_end"] = out["time_end"].where(out["time_end"].notna(), out["time"])
    for row in out.itertuples():
        here = row.line
        if not row.variable:
            raise CalibrationError(f"{here}: empty variable")
        if row.sigma <= 0:
            raise CalibrationError(f"{here}: sigma must be > 0, got {row.sigma:g} (for {row.variable})")
        if row.sigma < MIN_RELATIVE_SIGMA * max(abs(row.value), 1e-6):
            raise CalibrationError(
                f"{here}: sigma {row.sigma:g} is too small for value {row.value:g} (for {row.variable}; at least "
                f"{MIN_RELATIVE_SIGMA:g} x |value|: no figure is known better)"
            )
        if not 0 <= row.weight <= MAX_WEIGHT:
            raise CalibrationError(
                f"{here}: weight must be from 0 to {MAX_WEIGHT:g}, got {row.weight:g} (for {row.variable})"
            )
        if not row.source:
            raise CalibrationError(f"{here}: empty source for {row.variable} (every target needs its source)")
        if row.transform not in TRANSFORMS:
            raise CalibrationError(f"{here}: transform {row.transform!r} unknown; use one of {', '.join(TRANSFORMS)}")
        if row.mark not in MARKS:
            raise CalibrationError(f"{here}: mark {row.mark!r} unknown; use one of A, B, C, D (or leave blank)")
        _check_effect(row)
    _check_duplicates(out)
    out["series"] = [
        series_name(v, t, c) for v, t, c in zip(out["variable"], out["transform"], out["counterfactual"], strict=True)
    ]
    return out


def _check_effect(row) -> None:
    """Effect rows name a counterfactual scenario (other than their own); windows run forward; growth has none."""
    here = row.line
    if row.transform == "effect":
        if not SCENARIO_NAME.fullmatch(row.counterfactual):
            raise CalibrationError(
                f"{here}: an effect row needs a counterfactual scenario name (letters, digits, '-', '_', '.'), "
                f"got {row.counterfactual!r}"
            )
        if row.counterfactual == row.scenario:
            raise CalibrationError(f"{here}: the counterfactual {row.counterfactual!r} is the row's own scenario")
    elif row.counterfactual:
        raise CalibrationError(f"{here}: counterfactual {row.counterfactual!r} is only for transform = effect")
    if row.time_end < row.time:
        raise CalibrationError(f"{here}: time_end {row.time_end:g} is before time {row.time:g}")
    if row.transform == "growth" and row.time_end != row.time:
        raise CalibrationError(f"{here}: a growth row has no window (time_end)")
    if row.time_end - row.time > MAX_WINDOW:
        raise CalibrationError(f"{here}: window {row.time:g}-{row.time_end:g} longer than {MAX_WINDOW} years")


def _numbers(column: pd.Series, labels: list[str], name: str, default: float | None = None) -> list[float]:
    values = []
    for text, label in zip(column, labels, strict=True):
        if text == "" and default is not None:
            values.append(default)
            continue
        with as_calibration_error():
            values.append(validate.number_text(text, f"{label}: {name}"))
    return values


def _check_duplicates(table: pd.DataFrame) -> None:
    keys = ["scenario", "variable", "transform", "counterfactual", "time", "time_end"]
    dup = table[table.duplicated(keys, keep=False)]
    if not dup.empty:
        first = dup.iloc[0]
        same = dup[(dup[keys] == first[keys]).all(axis=1)]["line"].tolist()
        prefix = same[0].rsplit(" ", 1)[0]  # "<file> line" or "targets row"
        numbers = " and ".join(label.rsplit(" ", 1)[-1] for label in same)
        raise CalibrationError(
            f"{prefix}s {numbers}: duplicate target "
            f"{series_name(first['variable'], first['transform'], first['counterfactual'])} "
            f"at {first['time']:g} (scenario {first['scenario']}); combine them into one row"
        )


def check_variables(table: pd.DataFrame, model: str) -> None:
    """Every target variable exists in ``model``; CalibrationError naming the first that does not."""
    book = catalog(model)
    for row in table.itertuples():
        if not book.is_output(row.variable):
            raise CalibrationError(str(book.unknown([row.variable], row.line)))


def select(table: pd.DataFrame, scenario: str | None = None, variables: tuple[str, ...] = ()) -> pd.DataFrame:
    """Rows of ``scenario`` (baseline when None) and, when given, of ``variables`` only; sorted."""
    wanted = scenario or BASELINE
    rows = table[table["scenario"] == wanted]
    if variables:
        rows = rows[rows["variable"].isin(variables) | rows["series"].isin(variables)]
    return rows.sort_values(["series", "time"]).reset_index(drop=True)


def split_until(table: pd.DataFrame, until: float | None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """``(fit rows with time <= until, holdout rows after)``; every row is fitted when ``until`` is None."""
    if until is None:
        return table.reset_index(drop=True), table.iloc[0:0].reset_index(drop=True)
    later = table["time"] > until + 1e-9
    return table[~later].reset_index(drop=True), table[later].reset_index(drop=True)


def targets_hash(table: pd.DataFrame) -> str:
    """SHA-256 of the rows' content (not of the file layout): changes when a figure, sigma or source changes."""
    cols = ["scenario", "variable", "transform", "time", "value", "sigma", "weight", "source"]
    order = ["scenario", "variable", "transform", "time"]
    if (table["transform"] == "effect").any() or (table["time_end"] != table["time"]).any():
        cols, order = cols + ["counterfactual", "time_end"], order + ["counterfactual", "time_end"]
    canonical = table[cols].sort_values(order).to_csv(index=False)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()
