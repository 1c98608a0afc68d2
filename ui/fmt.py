"""Numbers and units written for the page's language: ``1 234,5 €`` (French) vs ``€1,234.5`` (English); user text
made plain for Markdown.

Pure functions, no Streamlit. Units are the .mdl's unit strings (``EUR/year``, ``person``, ``FTE``, ``dmnl``…).
"""

from __future__ import annotations

import math
import re
import string

NNBSP = "\u202f"  # narrow no-break space: French thousands separator
NBSP = "\u00a0"  # no-break space: before units in French

UNIT_WORDS: dict[str, tuple[str, str]] = {
    # .mdl unit (spaces removed, lower case) -> (French, English)
    "person": ("pers.", "persons"),
    "fte": ("ETP", "FTE"),
    "cooperative": ("coop.", "coops"),
    "organisation": ("org.", "orgs"),
    "organization": ("org.", "orgs"),
    "hour/year": ("h/an", "h/yr"),
    "hour/person": ("h/pers.", "h/person"),
    "hour/(person*year)": ("h/pers./an", "h/person/yr"),
    "hour": ("h", "h"),
    "person/fte": ("pers./ETP", "persons/FTE"),
    "year": ("ans", "years"),
    "1/year": ("/an", "/yr"),
    "household": ("ménages", "households"),
    "person/year": ("pers./an", "persons/yr"),
    "fte/year": ("ETP/an", "FTE/yr"),
    "cooperative/year": ("coop./an", "coops/yr"),
    "household/person": ("ménages/pers.", "households/person"),
    "hour/(household*year*year)": ("h/ménage/an²", "h/household/yr²"),
    "fte/person": ("ETP/pers.", "FTE/person"),
    "hour/(fte*year)": ("h/ETP/an", "h/FTE/yr"),
    "person/(cooperative*year)": ("pers./coop./an", "persons/coop/yr"),
    "organisation/year": ("org./an", "orgs/yr"),
    "month/year": ("mois/an", "months/yr"),
    "household/year": ("ménages/an", "households/yr"),
    "fte/organisation": ("ETP/org.", "FTE/org"),
    "fte/cooperative": ("ETP/coop.", "FTE/coop"),
    "hour/(household*year)": ("h/ménage/an", "h/household/yr"),
    "hour/(year*organisation)": ("h/org./an", "h/org/yr"),
    "hour/(organisation*year)": ("h/org./an", "h/org/yr"),
    "person/cooperative": ("pers./coop.", "persons/coop"),
    "hour/fte": ("h/ETP", "h/FTE"),
    "hour/(year*year)": ("h/an²", "h/yr²"),
}

MONEY_SUFFIX: dict[str, tuple[str, str]] = {
    "eur": ("", ""),
    "eur/year": ("/an", "/yr"),
    "eur/(fte*year)": ("/ETP/an", "/FTE/yr"),
    "eur/(person*year)": ("/pers./an", "/person/yr"),
    "eur/(cooperative*year)": ("/coop./an", "/coop/yr"),
    "eur/cooperative": ("/coop.", "/coop"),
    "eur/hour": ("/h", "/h"),
    "eur/fte": ("/ETP", "/FTE"),
    "eur/(hour*year)": ("/h/an", "/h/yr"),
    "eur/(person*year*year)": ("/pers./an²", "/person/yr²"),
    "eur/(person*month)": ("/pers./mois", "/person/month"),
    "eur/(organisation*year)": ("/org./an", "/org/yr"),
    "eur/(year*year)": ("/an²", "/yr²"),
    "eur/(household*year)": ("/ménage/an", "/household/yr"),
    "eur/person": ("/pers.", "/person"),
}

SCALES = ((1e9, ("Md", "bn")), (1e6, ("M", "M")), (1e3, ("k", "k")))


def _norm(unit: str) -> str:
    return unit.replace(" ", "").lower()


def is_money(unit: str) -> bool:
    return _norm(unit).startswith("eur")


def is_share(py_name: str, unit: str) -> bool:
    """Dimensionless shares shown as percentages (resource shares, dependence, rates of a whole)."""
    return _norm(unit) in ("dmnl", "") and any(word in py_name for word in ("share", "dependence", "rate"))


def number(x: float, lang: str, decimals: int | None = None, sign: bool = False) -> str:
    """``x`` with the language's separators; ``decimals`` chosen from the magnitude when None."""
    if x is None or (isinstance(x, float) and not math.isfinite(x)):
        return "–"
    if decimals is None:
        size = abs(x)
        decimals = 0 if size >= 100 or size == 0 else 1 if size >= 10 else 2 if size >= 0.01 else 3
    text = f"{x:{'+' if sign else ''},.{decimals}f}"
    if sign and x == 0:
        text = text.replace("+", "±", 1)
    if lang == "fr":
        text = text.replace(",", "\x00").replace(".", ",").replace("\x00", NNBSP)
    return text


def year(x: float, lang: str) -> str:
    """A (possibly fractional) year as readers write it: ``2013``, ``2013.5`` / ``2013,5`` (no thousands separator)."""
    text = f"{float(x):g}"
    return text.replace(".", ",") if lang == "fr" else text


def size(n_bytes: int, lang: str) -> str:
    """A file size in decimal units, the language's way: ``64 ko``, ``1,6 Mo`` (fr); ``64 kB``, ``1.6 MB`` (en)."""
    units = ("octets", "ko", "Mo") if lang == "fr" else ("bytes", "kB", "MB")
    power = 0 if n_bytes < 1000 else 1 if n_bytes < 1_000_000 else 2
    value = n_bytes / 1000**power
    return f"{number(value, lang, 0 if power == 0 or value >= 10 or value == int(value) else 1)}{NBSP}{units[power]}"


def scale_for(max_abs: float, lang: str, smallest: float = 1e6) -> tuple[float, str]:
    """Divisor and prefix (``Md``/``bn``, ``M``, ``k``) for values up to ``max_abs``; none below ``smallest``."""
    for factor, (fr, en) in SCALES:
        if max_abs >= factor and factor >= smallest:
            return factor, fr if lang == "fr" else en
    return 1.0, ""


def money(x: float, lang: str, suffix: str = "", decimals: int | None = None, sign: bool = False) -> str:
    """Euros: ``12,3 M€/an`` (fr) or ``€12.3M/yr`` (en); large values scaled."""
    if x is None or not math.isfinite(x):
        return "–"
    factor, prefix = scale_for(abs(x), lang, smallest=1e3 if abs(x) >= 1e5 else 1e6)
    value = x / factor
    if decimals is None and factor > 1:
        decimals = 1 if abs(value) < 100 else 0
    body = number(value, lang, decimals, sign)
    if lang == "fr":
        return f"{body}{NBSP}{prefix}€{suffix}"
    if body[0] in "+-±":
        return f"{body[0]}€{body[1:]}{prefix}{suffix}"
    return f"€{body}{prefix}{suffix}"


def percent(x: float, lang: str, decimals: int = 1, sign: bool = False, points: bool = False) -> str:
    """Share as percent: ``12,3 %`` (fr) vs ``12.3%`` (en); ``points`` for differences of shares (pts)."""
    if x is None or not math.isfinite(x):
        return "–"
    body = number(100 * x, lang, decimals, sign)
    if points:
        return f"{body}{NBSP}pt" if lang == "fr" else f"{body} pp"
    return f"{body}{NBSP}%" if lang == "fr" else f"{body}%"


def duration(seconds: float, lang: str) -> str:
    """A wait as people say it: ``40 s``, ``2 min 10 s``, ``1 h 05 min``, rounded up (to the second under a minute,
    to 10 s under an hour, to the minute beyond: an estimate is not written more precisely than it is)."""
    if seconds is None or not math.isfinite(seconds) or seconds < 0:
        return "–"
    whole = max(1, math.ceil(seconds))
    if whole < 60:
        return f"{whole}{NBSP}s"
    if 10 * math.ceil(whole / 10) < 3600:
        minutes, rest = divmod(10 * math.ceil(whole / 10), 60)
        return f"{minutes}{NBSP}min {rest:02d}{NBSP}s" if rest else f"{minutes}{NBSP}min"
    hours, rest = divmod(math.ceil(whole / 60), 60)
    return f"{number(hours, lang, 0)}{NBSP}h {rest:02d}{NBSP}min" if rest else f"{number(hours, lang, 0)}{NBSP}h"


def unit_label(unit: str, lang: str) -> str:
    """The unit written for readers (``EUR/year`` -> ``€/an``)."""
    key = _norm(unit)
    if key in MONEY_SUFFIX:
        fr, en = MONEY_SUFFIX[key]
        return "€" + (fr if lang == "fr" else en)
    if key in UNIT_WORDS:
        fr, en = UNIT_WORDS[key]
        return fr if lang == "fr" else en
    if key in ("dmnl", ""):
        return ""
    return unit


def quantity(x: float, unit: str, lang: str, py_name: str = "", sign: bool = False) -> str:
    """A value with its unit, formatted for ``lang`` (money scaled, shares in %, rates per year in %)."""
    key = _norm(unit)
    if is_money(unit):
        fr, en = MONEY_SUFFIX.get(key, ("", ""))
        return money(x, lang, fr if lang == "fr" else en, sign=sign)
    if is_share(py_name, unit):
        return percent(x, lang, sign=sign, points=sign)
    if key == "1/year":
        return percent(x, lang, sign=sign, points=sign) + ("/an" if lang == "fr" else "/yr")
    label = unit_label(unit, lang)
    factor, prefix = scale_for(abs(x), lang) if math.isfinite(x) else (1.0, "")
    body = number(x / factor, lang, 2 if factor > 1 and abs(x / factor) < 10 else None, sign=sign)
    body = f"{body}{NBSP}{prefix}" if prefix and lang == "fr" else f"{body}{prefix}"
    return f"{body}{NBSP}{label}" if label else body


def quantity_at(x: float, unit: str, lang: str, py_name: str, decimals: int) -> str:
    """:func:`quantity` with ``decimals`` decimals (of the number shown: points of a percentage), not scaled: the
    labels of a slider whose neighbouring values :func:`quantity` would write alike."""
    key = _norm(unit)
    if is_money(unit):
        fr, en = MONEY_SUFFIX.get(key, ("", ""))
        body = number(x, lang, decimals)
        return f"{body}{NBSP}€{fr}" if lang == "fr" else f"€{body}{en}"
    if is_share(py_name, unit) or key == "1/year":
        text = percent(x, lang, max(0, decimals - 2))
        return text + ("/an" if lang == "fr" else "/yr") if key == "1/year" else text
    label = unit_label(unit, lang)
    body = number(x, lang, decimals)
    return f"{body}{NBSP}{label}" if label else body


def compact(x: float, unit: str, lang: str, py_name: str = "", sign: bool = False) -> str:
    """A short form for cards and narrow columns, three or four significant digits: ``744 k ETP``, ``1,39 M pers.``,
    ``8,5 Md€/an``; money, shares and rates as :func:`quantity` (already short)."""
    if x is None or not math.isfinite(x):
        return "–"
    if is_money(unit) or is_share(py_name, unit) or _norm(unit) == "1/year" or abs(x) < 1e4:
        return quantity(x, unit, lang, py_name, sign=sign)
    factor, prefix = scale_for(abs(x), lang, smallest=1e3)
    value = x / factor
    body = number(value, lang, 0 if abs(value) >= 100 else 1 if abs(value) >= 10 else 2, sign=sign)
    label = unit_label(unit, lang)
    text = f"{body}{NBSP}{prefix}" if lang == "fr" else f"{body}{prefix}"
    return f"{text}{NBSP}{label}" if label else text


def vega_locale(lang: str) -> dict:
    """Vega-Lite ``config.locale`` so axes and tooltips use the language's separators."""
    if lang == "fr":
        return {
            "number": {"decimal": ",", "thousands": NBSP, "grouping": [3], "currency": ["", f"{NBSP}€"]},
        }
    return {"number": {"decimal": ".", "thousands": ",", "grouping": [3], "currency": ["€", ""]}}


_MARKDOWN = re.compile("[" + re.escape(string.punctuation) + "]")
_AUTOLINK = re.compile(r"(?i)(?<=:)(?=//)|(?<=www)(?=\.)|(?=@)")
WORD_JOINER = "\u2060"  # invisible


def plain(text: object) -> str:
    """``text`` to show as it is in Streamlit's Markdown (captions, messages): every ASCII punctuation sign becomes a
    numeric character reference (``[`` -> ``&#91;``), which Markdown shows as the sign but never reads as syntax, and
    an invisible word joiner breaks ``://``, ``www.`` and ``@``, which GitHub-style autolinking would turn into links
    whatever the escaping. So user text (a scenario's title or description, a value from a link, a file name in an
    error) forms no link, image, emphasis, HTML, LaTeX, colour or icon."""
    broken = _AUTOLINK.sub(WORD_JOINER, str(text))
    return _MARKDOWN.sub(lambda match: f"&#{ord(match.group())};", broken)
