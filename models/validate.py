"""One validation layer for what comes from outside: files, command-line arguments, URL parameters and uploads.

Every check is typed and bounded and runs before any work starts; a failure is one :class:`ModelError` line naming the
culprit, which the command line prints and the dashboard shows as it is.

* files: a regular file (never a directory, a device or a pipe), at most a given size, UTF-8;
* TOML and JSON: at most :data:`MAX_DEPTH` levels of nesting, measured on the text before the parser recurses;
* numbers: real numbers, finite, never a boolean or a text (``"0.12"``, ``true`` are refused in data files; text
  sources such as ``--set`` and URL parameters go through :func:`number_text`);
* text: a string of bounded length; names: identifiers of known things, never joined into paths unchecked;
* a scenario's ``[time]``: whole years inside the model's own span and a step of 1/n year (n from 1 to 64).
"""

from __future__ import annotations

import json
import math
import re
import stat
import tomllib
from numbers import Real
from pathlib import Path

from models.errors import ModelError

MAX_DEPTH = 16
"""Levels of tables and arrays allowed in a TOML or JSON document (the bundled files need at most 5)."""
MAX_SCENARIO_BYTES = 64_000
"""A scenario file, upload or link (the bundled ones are under 1 kB)."""
MAX_SECTOR_FILE_BYTES = 256_000
"""A sector's declaration files beside its .mdl: model.toml, checks.toml, names_fr.toml (the bundled ones under
30 kB)."""
MAX_JSON_BYTES = 4_000_000
"""A calibration result (the committed ones are under 50 kB)."""
MAX_TEXT_CHARS = 4_000
"""A title, description or note."""
MAX_SWITCHES = 1_000
"""Dated switches in one scenario."""
MAX_STEP_DIVISOR = 64
"""The finest time step a scenario may ask for is 1/64 year (the models use 1/16 and 1/8)."""
NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,79}$")
"""A bundled scenario, spec or result name: letters, digits, ``_ . -``; no path separator, no leading dot."""

_KINDS = {
    stat.S_IFDIR: "a directory",
    stat.S_IFCHR: "a character device",
    stat.S_IFBLK: "a block device",
    stat.S_IFIFO: "a named pipe",
    stat.S_IFSOCK: "a socket",
    stat.S_IFLNK: "a symbolic link",
}


def kind(mode: int) -> str:
    """What a file of ``mode`` is, in words ('a directory', 'a character device'...)."""
    return _KINDS.get(stat.S_IFMT(mode), "not a regular file")


def show(value: object) -> str:
    """A value as a user wrote it, for messages: TOML/JSON words for booleans and null, repr otherwise."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "null"
    if isinstance(value, dict):
        return "a table"
    if isinstance(value, list):
        return "an array"
    if isinstance(value, float) and not math.isfinite(value):
        return str(value)
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


# ---------------------------------------------------------------- files and documents


def stamp(path: Path | str) -> tuple[int, int] | None:
    """``(modification time [ns], size)`` of the file at ``path``, None when there is none: the key of a cache that
    reads it again when it changes."""
    try:
        info = Path(path).stat()
    except OSError:
        return None
    return info.st_mtime_ns, info.st_size


def read_text(path: Path | str, what: str, max_bytes: int) -> str:
    """The UTF-8 text of the regular file ``path`` of at most ``max_bytes``; ModelError naming the file otherwise."""
    source = Path(path)
    try:
        info = source.stat()
    except FileNotFoundError:
        raise ModelError(f"{source}: no such {what}") from None
    except OSError as exc:
        raise ModelError(f"{source}: cannot read the {what} ({exc.strerror or exc})") from None
    if not stat.S_ISREG(info.st_mode):
        raise ModelError(f"{source}: not a regular file ({kind(info.st_mode)}); give a {what}")
    if info.st_size > max_bytes:
        raise ModelError(f"{source}: {info.st_size:,} bytes; a {what} may have at most {max_bytes:,}")
    try:
        with source.open("rb") as handle:
            data = handle.read(max_bytes + 1)  # a file that grows while read is still bounded
    except OSError as exc:
        raise ModelError(f"{source}: cannot read the {what} ({exc.strerror or exc})") from None
    return decode(data, str(source), what, max_bytes)


def decode(data: bytes, where: str, what: str, max_bytes: int) -> str:
    """``data`` as text, at most ``max_bytes`` long and UTF-8 (a leading byte-order mark is dropped)."""
    if len(data) > max_bytes:  # callers read at most max_bytes + 1: the size beyond is unknown
        raise ModelError(f"{where}: more than {max_bytes:,} bytes; a {what} may have at most {max_bytes:,}")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ModelError(f"{where}: not UTF-8 text") from None


def parse_toml(text: str, where: str) -> dict:
    """A TOML document as a table, at most :data:`MAX_DEPTH` levels deep; ModelError naming ``where`` otherwise."""
    _check_nesting(text, where, toml=True)
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ModelError(f"{where}: not valid TOML ({exc})") from None
    except RecursionError:  # cannot happen after the nesting check; kept so that no input is a traceback
        raise ModelError(f"{where}: nested more than {MAX_DEPTH} levels deep") from None
    _check_depth(data, where)  # dotted keys (a.b.c = 1) nest without brackets
    return data


def read_toml(path: Path | str, what: str, max_bytes: int, where: str | None = None) -> dict:
    """The TOML file at ``path`` as a table: :func:`read_text` (size, UTF-8) then :func:`parse_toml` (nesting),
    errors naming ``where`` (default: the path)."""
    return parse_toml(read_text(path, what, max_bytes), str(path) if where is None else where)


def parse_json(text: str, where: str) -> object:
    """A JSON document, at most :data:`MAX_DEPTH` levels deep; ModelError naming ``where`` otherwise."""
    _check_nesting(text, where, toml=False)
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise ModelError(f"{where}: not valid JSON ({exc})") from None
    except RecursionError:
        raise ModelError(f"{where}: nested more than {MAX_DEPTH} levels deep") from None


_SPECIAL = {True: re.compile(r"[\[\]{}\"'#]"), False: re.compile(r'[\[\]{}"]')}
_STRINGS = {
    True: re.compile(r'''"""(?:[^\\]|\\.)*?"""|\'\'\'.*?\'\'\'|"(?:[^"\\\n]|\\.)*"|\'[^\'\n]*\'''', re.DOTALL),
    False: re.compile(r'"(?:[^"\\]|\\.)*"', re.DOTALL),
}


def nesting(text: str, toml: bool) -> int:
    """Deepest nesting of ``[ ]`` and ``{ }`` in a TOML or JSON text, outside strings and comments (one pass)."""
    depth = deepest = 0
    special, strings = _SPECIAL[toml].search, _STRINGS[toml].match
    i = 0
    while match := special(text, i):
        char, i = match.group(), match.end()
        if char in "[{":
            depth += 1
            deepest = max(deepest, depth)
        elif char in "]}":
            depth -= 1
        elif char == "#":  # a TOML comment, to the end of the line
            end = text.find("\n", i)
            i = len(text) if end < 0 else end
        else:  # a string: skip it whole (an unterminated one ends the text)
            string = strings(text, match.start())
            i = string.end() if string else len(text)
    return deepest


def _check_nesting(text: str, where: str, toml: bool) -> None:
    if nesting(text, toml) > MAX_DEPTH:
        raise ModelError(f"{where}: nested more than {MAX_DEPTH} levels deep")


def _check_depth(data: object, where: str) -> None:
    stack = [(data, 0)]
    while stack:
        item, depth = stack.pop()
        children = item.values() if isinstance(item, dict) else item if isinstance(item, list) else ()
        if children and depth >= MAX_DEPTH:
            raise ModelError(f"{where}: nested more than {MAX_DEPTH} levels deep")
        stack.extend((child, depth + 1) for child in children)


# ---------------------------------------------------------------- values


def number(value: object, where: str) -> float:
    """``value`` as a finite float: an int or a float, never a boolean or a text; ModelError otherwise."""
    if isinstance(value, bool) or not isinstance(value, Real):
        raise ModelError(f"{where} must be a number, got {show(value)}")
    try:
        result = float(value)
    except OverflowError:
        result = math.inf
    if not math.isfinite(result):
        raise ModelError(f"{where} must be a finite number, got {show(value) if math.isnan(result) else result}")
    return result


def number_text(text: str, where: str) -> float:
    """A number written as text (a command-line argument, a URL parameter, a CSV cell) as a finite float."""
    try:
        result = float(text)
    except (TypeError, ValueError):
        raise ModelError(f"{where} must be a number, got {show(text)}") from None
    if not math.isfinite(result):
        raise ModelError(f"{where} must be a finite number, got {show(text)}")
    return result


def integer_text(text: str, where: str, low: int, high: int) -> int:
    """A whole number written as text, from ``low`` to ``high``."""
    try:
        result = int(str(text).strip())
    except ValueError:
        raise ModelError(f"{where} must be an integer from {low:,} to {high:,}, got {show(text)}") from None
    if not low <= result <= high:
        raise ModelError(f"{where} must be an integer from {low:,} to {high:,}, got {result}")
    return result


def text(value: object, where: str, max_chars: int = MAX_TEXT_CHARS) -> str:
    """``value`` as a stripped string of at most ``max_chars`` characters; ModelError otherwise."""
    if not isinstance(value, str):
        raise ModelError(f"{where} must be text, got {show(value)}")
    if len(value) > max_chars:
        raise ModelError(f"{where} is too long ({len(value):,} characters; at most {max_chars:,})")
    return value.strip()


def name(value: str, what: str) -> str:
    """A name of a bundled thing (scenario, spec, result); ModelError when it could be read as a path."""
    if not isinstance(value, str) or not NAME.match(value) or ".." in value:
        raise ModelError(f"{show(value)} is not a {what} name (letters, digits, '-', '_' and '.')")
    return value


# ---------------------------------------------------------------- a scenario's [time] block

TIME_KEYS = {"initial": "initial_time", "final": "final_time", "step": "time_step"}


def time_block(table: object, span: tuple[float, float], where: str) -> dict[str, float]:
    """A scenario's ``[time]`` table as RunSpec time settings: ``initial`` and ``final`` whole years inside the
    model's own ``span`` (a scenario narrows the run, never extends it), initial before final, and ``step`` 1/n year
    for a whole n from 1 to :data:`MAX_STEP_DIVISOR`."""
    if not isinstance(table, dict):
        raise ModelError(f"{where}: [time] must be a table")
    out: dict[str, float] = {}
    for key, value in table.items():
        if key not in TIME_KEYS:
            raise ModelError(f"{where}: [time] unknown key {key!r}; allowed: {', '.join(TIME_KEYS)}")
        here = f"{where}: [time] {key}"
        year = number(value, here)
        if key == "step":
            divisor = 1 / year if year > 0 else 0
            if not (1 <= round(divisor) <= MAX_STEP_DIVISOR and abs(divisor - round(divisor)) < 1e-6):
                raise ModelError(
                    f"{here} = {year:g} must be 1/n year for a whole n from 1 to {MAX_STEP_DIVISOR} "
                    "(e.g. 0.25, 0.125, 0.0625)"
                )
        elif not span[0] <= year <= span[1]:
            raise ModelError(
                f"{here} = {year:g} is outside the model's span {span[0]:g}-{span[1]:g} "
                "(a [time] block narrows the run, it cannot extend it)"
            )
        elif year != round(year):
            raise ModelError(f"{here} = {year:g} must be a whole year")
        out[TIME_KEYS[key]] = year
    first, last = out.get("initial_time", span[0]), out.get("final_time", span[1])
    if not first < last:
        raise ModelError(f"{where}: [time] initial {first:g} must be before final {last:g}")
    return out
