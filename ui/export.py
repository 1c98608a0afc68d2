"""Downloads: the run as CSV (long form), charts as PNG/SVG (vl-convert) with a caption saying what they show
(scenario, moved levers, source, date, model version) and file names from the settings, the settings as a
scenario TOML.

Pure functions returning bytes or text. The TOML reproduces the exact run spec (scenario, calibration, moved
levers) in the ``models.scenarios`` format, so ``python -m models run MODEL --scenario file.toml`` gives the same
run as the dashboard.
"""

from __future__ import annotations

import hashlib
import textwrap
from collections.abc import Sequence

import altair as alt
import pandas as pd
import tomli_w
import vl_convert as vlc

from models.parameters import parameters
from models.scenarios import baseline_schedules
from models.spec import RunSpec
from models.timeline import value_at
from ui import fmt

EXPORT_WIDTH = 760
CAPTION_CHARS = 125  # a caption line at 10 px across EXPORT_WIDTH
CAPTION_LINES = 8
STEM_CHARS = 90


def run_csv(long: pd.DataFrame) -> bytes:
    """Long table ``time, variable, value[, scenario]`` as UTF-8 CSV."""
    return long.to_csv(index=False, float_format="%.10g").encode("utf-8")


def caption_lines(parts: Sequence[str]) -> list[str]:
    """``parts`` (scenario and levers, source, date and model) as lines short enough for the file's width."""
    lines = [line for part in parts if part for line in textwrap.wrap(part, CAPTION_CHARS)]
    if len(lines) > CAPTION_LINES:
        lines = [*lines[: CAPTION_LINES - 1], lines[CAPTION_LINES - 1][: CAPTION_CHARS - 1] + "…"]
    return lines


def _sized(chart: alt.TopLevelMixin, caption: Sequence[str] = ()) -> dict:
    """A copy with a fixed width (the page uses the container's width, which a file does not have) and ``caption``
    under its title."""
    spec = chart.to_dict()
    if spec.get("width") == "container":
        spec["width"] = EXPORT_WIDTH
    for layer in spec.get("layer", []):
        if layer.get("width") == "container":
            layer["width"] = EXPORT_WIDTH
    if caption:
        title = spec.get("title") or " "  # a subtitle needs a title: a blank one when the chart has none
        title = dict(title) if isinstance(title, dict) else {"text": title}
        style = {"subtitleFontSize": 10, "subtitleColor": "#555555", "subtitlePadding": 4, "anchor": "start"}
        spec["title"] = {**style, **title, "subtitle": list(caption)}
    return spec


def chart_svg(chart: alt.TopLevelMixin, lang: str, caption: Sequence[str] = ()) -> bytes:
    locale = "fr-FR" if lang == "fr" else "en-US"
    return vlc.vegalite_to_svg(_sized(chart, caption), format_locale=locale).encode("utf-8")


def chart_png(chart: alt.TopLevelMixin, lang: str, caption: Sequence[str] = (), scale: float = 2.0) -> bytes:
    locale = "fr-FR" if lang == "fr" else "en-US"
    return vlc.vegalite_to_png(_sized(chart, caption), scale=scale, format_locale=locale)


def settings_stem(model: str, scenario: str, moves: dict) -> str:
    """A file name's start from the settings: ``<sector>-<scenario>`` untouched, then each moved lever
    (``-<lever>-0.4-from-2027``), or ``-<n>-levers-<digest>`` when they would not fit in a name."""
    stem = f"{model}-{scenario}"
    if not moves:
        return stem
    items = [
        f"{py_name}-{move.value:g}" + ("" if move.start is None else f"-from-{move.start:g}")
        for py_name, move in sorted(moves.items())
    ]
    named = "-".join([stem, *items])
    if len(named) <= STEM_CHARS:
        return named
    digest = hashlib.sha256("|".join(items).encode("utf-8")).hexdigest()[:8]
    return f"{stem}-{len(items)}-levers-{digest}"


def _switches(spec: RunSpec) -> list[dict]:
    """``[[switch]]`` tables turning the baseline timeline into ``spec``'s schedules."""
    params = parameters(spec.model)
    base = baseline_schedules(spec.model)
    out = []
    for py_name in sorted(set(base) | set(spec.schedules)):
        want, have = tuple(spec.schedules.get(py_name, ())), tuple(base.get(py_name, ()))
        if want == have:
            continue
        same = 0
        while same < min(len(want), len(have)) and want[same] == have[same]:
            same += 1
        name = params[py_name].name
        for start, value in want[same:]:
            out.append({"parameter": name, "from": start, "value": value})
        if not want[same:] and same < len(have):  # later baseline values removed: hold the value then in force
            start = have[same][0]
            held = value_at(want, spec.constants.get(py_name, params[py_name].default), start - 1e-6)
            out.append({"parameter": name, "from": start, "value": held})
    return out


def scenario_toml(spec: RunSpec, title: str, title_fr: str, description: str) -> str:
    """A scenario file reproducing ``spec`` (constants in ``[set]``, dated values as ``[[switch]]``)."""
    params = parameters(spec.model)
    data: dict = {"title": title, "title_fr": title_fr, "description": description}
    time = {k: v for k, v in (("initial", spec.initial_time), ("final", spec.final_time), ("step", spec.time_step))}
    time = {k: v for k, v in time.items() if v is not None}
    if time:
        data["time"] = time
    if spec.constants:
        data["set"] = {params[k].name: v for k, v in sorted(spec.constants.items())}
    text = tomli_w.dumps(data)
    for item in _switches(spec):  # written as [[switch]] tables, one per dated value, as in the bundled files
        text += "\n[[switch]]\n" + tomli_w.dumps(item)
    return text


def moves_summary(moves: dict, lang: str) -> str:
    """One line per moved lever: ``name = value (from year)``."""
    lines = []
    for py_name, move in sorted(moves.items()):
        when = "" if move.start is None else (f" dès {move.start:g}" if lang == "fr" else f" from {move.start:g}")
        lines.append(f"{py_name} = {fmt.number(move.value, lang)}{when}")
    return "; ".join(lines)
