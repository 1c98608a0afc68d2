"""``python -m models export MODEL --format xmile|mdl --out PATH``: the model for Stella/iThink users (XMILE,
written by Simlin from the .mdl, with its views) or for Vensim users (the bundled .mdl itself, views included).

Registered in :data:`models.cli.EXTRA_COMMANDS`. ``--out`` is checked before any work (its suffix must match the
format; never a directory, never a file of the bundled models); the file is written atomically.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from models import cli, structure
from models.errors import ModelError
from models.io import atomic_write
from models.registry import MODELS_DIR, get_model

SUFFIXES = {"xmile": (".xmile", ".stmx", ".xml"), "mdl": (".mdl",)}
MAX_PATH = 4096


def check_out(text: str, fmt: str) -> Path:
    """``--out`` as a path, or a ModelError naming what is wrong with it."""
    if not text or len(text) > MAX_PATH or "\0" in text:
        raise ModelError(f"--out must be a file path (1 to {MAX_PATH} characters)")
    path = Path(text)
    if path.suffix.lower() not in SUFFIXES[fmt]:
        raise ModelError(f"--out {text}: an {fmt.upper()} file must end in {' or '.join(SUFFIXES[fmt])}")
    if path.is_dir():
        raise ModelError(f"--out {text}: is a directory")
    if path.resolve().is_relative_to(MODELS_DIR):
        raise ModelError(f"--out {text}: refusing to write inside {MODELS_DIR.name}/ (the bundled models)")
    return path


def exported(model: str, fmt: str) -> bytes:
    """The bytes ``export`` writes for ``model`` in format ``fmt``."""
    info = get_model(model)
    return structure.to_xmile(model) if fmt == "xmile" else info.mdl.read_bytes()


def _cmd_export(args: argparse.Namespace) -> int:
    get_model(args.model)
    out = check_out(args.out, args.format)
    data = exported(args.model, args.format)
    atomic_write(out, lambda tmp: tmp.write_bytes(data))
    print(f"wrote {out}: {args.model} as {args.format} ({len(data) // 1024} kB)", file=sys.stderr)
    return 0


def register(sub) -> None:
    parser = sub.add_parser("export", help="the model with its diagrams as XMILE (Stella, iThink) or Vensim .mdl")
    parser.add_argument("model")
    parser.add_argument("--format", choices=sorted(SUFFIXES), required=True)
    parser.add_argument("--out", required=True, help="output file (.xmile/.stmx/.xml or .mdl)")
    parser.set_defaults(func=_cmd_export)


cli.EXTRA_COMMANDS.append(register)
