"""The dashboard's whole state as data, and its round trip through the URL's query parameters.

A copied link reopens the same view: language, page, sector, scenario (bundled, or an uploaded one carried in the
link), moved levers with their start years, reading year, watched indicator, compared scenarios and window,
workshop step, calibration estimates in use. Pure functions, no Streamlit.

Query parameters (all optional)::

    lang=fr|en  page=explore  tab=<tab of the page>  model=<sector>  scenario=baseline  year=2030  watch=employment_fte
    p.<lever>=<value>[@<year>]          a moved lever (from <year>; whole run when no year)
    upl=<base64url(zlib(TOML))>         an uploaded scenario, validated again on load
    cmp=baseline,contribution-12pct,current,k1   win=2026-2040   step=3
    k1=<name>|<scenario>|<lever>=<v>[@<y>];...   scenarios kept to compare (k1..k4)
    cal=<result file stem> | est=<parameter>=<value>;...   calibration estimates in use

Nothing in a link is trusted: names must be known identifiers (a model, page, bundled scenario, lever, committed
calibration: looked up, never joined into a path), numbers finite and bounded, an uploaded scenario passes the
same checks as a scenario file (:mod:`models.validate`). What fails is left at its default and reported.
"""

from __future__ import annotations

import base64
import zlib
from collections.abc import Mapping
from dataclasses import dataclass, field, replace

from calibration.result import committed_results
from models import validate
from models.catalog import catalog
from models.errors import ModelError
from models.parameters import Parameter
from models.registry import model_names
from models.scenarios import Scenario, list_scenarios, parse_scenario
from models.validate import MAX_SCENARIO_BYTES
from ui import tabs
from ui.i18n import DEFAULT_LANG, LANGS
from ui.levers import Move
from ui.link_text import Problem, format_move, format_moves, num, parse_move, parse_moves

PAGES = ("explore", "compare", "calibration", "uncertainty", "model", "workshop", "validity")
CURRENT = "current"  # the Explore settings, as a scenario to compare
UPLOAD = "upload"  # the uploaded scenario
MAX_KEPT = 4
MAX_UPLOAD_CHARS = 12_000  # encoded scenario in a link
MAX_STEP = 100  # workshop steps (a sequence has a dozen)


@dataclass(frozen=True)
class Kept:
    """Settings kept under a name to compare: a base scenario and moved levers."""

    name: str
    scenario: str
    moves: Mapping[str, Move] = field(default_factory=dict)


@dataclass(frozen=True)
class AppState:
    lang: str = DEFAULT_LANG
    page: str = "explore"
    tab: str = ""  # the page's open tab ("" the first: see ui.tabs)
    model: str = ""
    scenario: str = "baseline"
    moves: Mapping[str, Move] = field(default_factory=dict)
    upload: str | None = None  # encoded TOML of an uploaded scenario
    year: int | None = None
    watch: str | None = None
    compare: tuple[str, ...] = ()
    window: tuple[int, int] | None = None
    kept: tuple[Kept, ...] = ()
    step: int = 0
    calibration: str | None = None  # committed result file stem
    estimates: Mapping[str, float] = field(default_factory=dict)  # inline estimates (session fits)

    def with_(self, **changes) -> AppState:
        return replace(self, **changes)


def switch_model(state: AppState, model: str) -> AppState:
    """The state on switching to sector ``model``: language, page, its tab, reading year and watched indicator kept
    (each when the new model has it); its levers, scenario, comparison and calibration start afresh."""
    book = catalog(model)
    span = (book.times["initial_time"], book.times["final_time"])
    year = state.year if state.year is not None and span[0] <= state.year <= span[1] else None
    watch = state.watch if state.watch and state.watch in book else None
    tab = tabs.valid(model, state.page, state.tab)
    return AppState(lang=state.lang, page=state.page, tab=tab, model=model, year=year, watch=watch)


# ---------------------------------------------------------------- uploaded scenarios carried in links


def pack_toml(text: str) -> str:
    return base64.urlsafe_b64encode(zlib.compress(text.encode("utf-8"), 9)).decode("ascii")


def unpack_toml(code: str) -> str:
    """The TOML text of an encoded scenario; ModelError when it is not one."""
    if len(code) > MAX_UPLOAD_CHARS:
        raise ModelError(f"encoded scenario too long ({len(code)} characters)")
    try:
        raw = zlib.decompressobj().decompress(base64.urlsafe_b64decode(code.encode("ascii")), MAX_SCENARIO_BYTES + 1)
    except (ValueError, zlib.error, UnicodeError) as exc:
        raise ModelError(f"encoded scenario unreadable ({exc.__class__.__name__})") from None
    return validate.decode(raw, "upl", "scenario file", MAX_SCENARIO_BYTES)


def scenario_from_toml(model: str, text: str, name: str = UPLOAD, where: str = "scenario") -> Scenario:
    """Validate a scenario TOML text for ``model`` (ModelError naming ``where`` and the key otherwise): the same
    checks, and the same messages, as ``python -m models run --scenario FILE``."""
    return parse_scenario(model, validate.parse_toml(text, where), name, where)


# ---------------------------------------------------------------- URL round trip


def encode(state: AppState) -> dict[str, str]:
    """The query parameters of ``state`` (defaults left out)."""
    out: dict[str, str] = {"lang": state.lang, "page": state.page, "model": state.model}
    if state.tab:
        out["tab"] = state.tab
    if state.scenario != "baseline":
        out["scenario"] = state.scenario
    if state.upload:
        out["upl"] = state.upload
    for py_name, move in sorted(state.moves.items()):
        out[f"p.{py_name}"] = format_move(py_name, move).split("=", 1)[1]
    if state.year is not None:
        out["year"] = str(state.year)
    if state.watch:
        out["watch"] = state.watch
    if state.compare:
        out["cmp"] = ",".join(state.compare)
    if state.window:
        out["win"] = f"{state.window[0]}-{state.window[1]}"
    for i, kept in enumerate(state.kept[:MAX_KEPT], start=1):
        out[f"k{i}"] = f"{kept.name}|{kept.scenario}|{format_moves(kept.moves)}"
    if state.step:
        out["step"] = str(state.step)
    if state.calibration:
        out["cal"] = state.calibration
    if state.estimates:
        out["est"] = ";".join(f"{k}={num(v)}" for k, v in sorted(state.estimates.items()))
    return out


def _int(text: str, name: str, problems: list[Problem], low: float, high: float, outside: str = "bad_value"):
    """A whole number from ``low`` to ``high`` written in a link; None and a Problem (``outside`` when it is a
    number out of bounds) otherwise."""
    try:
        number = validate.number_text(text, name)
    except ModelError:
        problems.append(("bad_number", {"name": name, "value": text}))
        return None
    if not low <= number <= high:
        problems.append((outside, {"name": name, "value": text}))
        return None
    return int(number)


def decode(query: Mapping[str, str], span_of=None) -> tuple[AppState, list[Problem]]:
    """State from query parameters; anything invalid is left at its default and reported as a Problem.

    ``span_of(model, scenario_state) -> (initial, final)`` gives the years a lever may start in (defaults to the
    model's own time settings)."""
    problems: list[Problem] = []
    models = model_names()
    lang = query.get("lang", DEFAULT_LANG)
    if lang not in LANGS:
        problems.append(("bad_value", {"name": "lang", "value": lang}))
        lang = DEFAULT_LANG
    page = query.get("page", "explore") or "explore"
    if page not in PAGES:
        problems.append(("bad_value", {"name": "page", "value": page}))
        page = "explore"
    model = query.get("model", models[0] if models else "")
    if model not in models:
        problems.append(("bad_value", {"name": "model", "value": model}))
        model = models[0]
    tab = tabs.valid(model, page, query.get("tab") or "")
    if query.get("tab") and not tab:
        problems.append(("bad_value", {"name": "tab", "value": query["tab"]}))
    state = AppState(lang=lang, page=page, tab=tab, model=model)
    book = catalog(model)
    span = span_of(model) if span_of else (book.times["initial_time"], book.times["final_time"])
    state, problems = _decode_scenario(query, state, problems)
    params = {p.py_name: p for p in book.levers}
    moves: dict[str, Move] = {}
    for key, value in query.items():
        if key.startswith("p."):
            move, problem = parse_move(params, key[2:], str(value), span)
            if move is not None:
                moves[key[2:]] = move
            if problem is not None:
                problems.append(problem)
    year = _int(query["year"], "year", problems, *span, outside="bad_year") if "year" in query else None
    watch = query.get("watch") or None
    if watch is not None and watch not in book:
        problems.append(("bad_value", {"name": "watch", "value": watch}))
        watch = None
    kept = tuple(_decode_kept(query, model, params, span, problems))
    compare = _decode_compare(query.get("cmp", ""), model, kept, problems)
    window = _decode_window(query.get("win", ""), span, problems)
    step = _int(query["step"], "step", problems, 0, MAX_STEP) if "step" in query else 0
    calibration = _decode_calibration(query.get("cal") or None, model, problems)
    estimates, est_problems = _decode_estimates(query.get("est", ""), book.constants)
    problems += est_problems
    state = state.with_(moves=moves, year=year, watch=watch, compare=compare, window=window, kept=kept)
    state = state.with_(step=step or 0, calibration=calibration, estimates=estimates)
    return state, problems


def _decode_calibration(name: str | None, model: str, problems: list[Problem]) -> str | None:
    """The name of a committed calibration of ``model`` (looked up among the files, never joined into a path)."""
    if name is None or name in committed_results(model):
        return name
    problems.append(("bad_value", {"name": "cal", "value": name}))
    return None


def _decode_scenario(query: Mapping[str, str], state: AppState, problems: list[Problem]):
    scenario = query.get("scenario", "baseline") or "baseline"
    upload = query.get("upl") or None
    if scenario == UPLOAD or upload:
        try:
            scenario_from_toml(state.model, unpack_toml(upload or ""), where="upl")
            return state.with_(scenario=UPLOAD, upload=upload), problems
        except ModelError as exc:
            problems.append(("bad_upload_link", {"detail": str(exc)}))
            return state.with_(scenario="baseline"), problems
    if scenario not in list_scenarios(state.model) and scenario != "baseline":
        problems.append(("bad_value", {"name": "scenario", "value": scenario}))
        scenario = "baseline"
    return state.with_(scenario=scenario), problems


def _decode_kept(query, model, params, span, problems):
    known = set(list_scenarios(model)) | {"baseline", UPLOAD}
    for i in range(1, MAX_KEPT + 1):
        text = query.get(f"k{i}")
        if not text:
            continue
        parts = text.split("|")
        if len(parts) != 3 or not parts[0].strip() or parts[1] not in known:
            problems.append(("bad_value", {"name": f"k{i}", "value": text}))
            continue
        moves, more = parse_moves(params, parts[2], span)
        problems += more
        yield Kept(parts[0].strip()[:40], parts[1], moves)


def _decode_compare(text: str, model: str, kept: tuple[Kept, ...], problems: list[Problem]) -> tuple[str, ...]:
    known = set(list_scenarios(model)) | {"baseline", CURRENT} | {f"k{i}" for i in range(1, len(kept) + 1)}
    out = []
    for item in filter(None, text.split(",")):
        if item in known and item not in out:
            out.append(item)
        else:
            problems.append(("bad_value", {"name": "cmp", "value": item}))
    return tuple(out[:4])


def _decode_window(text: str, span: tuple[float, float], problems: list[Problem]) -> tuple[int, int] | None:
    if not text:
        return None
    try:
        start, end = (int(x) for x in text.split("-"))
    except ValueError:
        problems.append(("bad_value", {"name": "win", "value": text}))
        return None
    if not span[0] <= start < end <= span[1]:
        problems.append(("bad_value", {"name": "win", "value": text}))
        return None
    return start, end


def _decode_estimates(text: str, params: Mapping[str, Parameter]) -> tuple[dict[str, float], list[Problem]]:
    out, problems = {}, []
    for item in filter(None, text.split(";")):
        name, _, value = item.partition("=")
        param = params.get(name.strip())
        try:
            number = validate.number_text(value, name)
        except ModelError:
            problems.append(("bad_number", {"name": name, "value": value}))
            continue
        if param is None:
            problems.append(("bad_lever", {"name": name}))
        elif not param.in_range(number):
            problems.append(("bad_range", {"name": param.name, "value": value, "range": param.range_text}))
        else:
            out[param.py_name] = number
    return out, problems
