"""Where the bundled models live: one folder per sector under ``models/``.

A sector folder ``models/<name>/`` holds ``<name>.mdl`` (the single source of equations), an optional
``policy_timeline.csv`` (dated values of the model's constants: the policy history) and ``golden_baseline.csv``.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from models.errors import ModelError
from models.mdl_file import split_sketch

MODELS_DIR = Path(__file__).resolve().parent
REPO_DIR = MODELS_DIR.parent
SCENARIOS_DIR = REPO_DIR / "scenarios"


@dataclass(frozen=True)
class ModelInfo:
    """Files of one bundled model."""

    name: str
    folder: Path

    @property
    def mdl(self) -> Path:
        return self.folder / f"{self.name}.mdl"

    @property
    def timeline(self) -> Path:
        return self.folder / "policy_timeline.csv"

    @property
    def golden(self) -> Path:
        return self.folder / "golden_baseline.csv"

    @property
    def scenarios_dir(self) -> Path:
        return SCENARIOS_DIR / self.name

    def mdl_hash(self) -> str:
        """SHA-256 of the .mdl's equations and the policy timeline: changes whenever the model's behaviour may (not
        when only its views change)."""
        stamps = tuple(
            (p.stat().st_mtime_ns, p.stat().st_size) if p.exists() else None for p in (self.mdl, self.timeline)
        )
        return _hash_files(self.mdl, self.timeline, stamps)


@lru_cache(maxsize=32)
def _hash_files(mdl: Path, timeline: Path, stamps: tuple) -> str:
    """Hash of the files, recomputed only when their modification stamps change."""
    equations, _ = split_sketch(mdl.read_bytes().decode("utf-8"))
    digest = hashlib.sha256(equations.encode("utf-8"))
    if timeline.exists():
        digest.update(timeline.read_bytes())
    return digest.hexdigest()


@lru_cache(maxsize=1)
def model_names() -> tuple[str, ...]:
    """Names of the bundled models, sorted."""
    return tuple(sorted(p.parent.name for p in MODELS_DIR.glob("*/*.mdl") if p.stem == p.parent.name))


def get_model(name: str) -> ModelInfo:
    """The bundled model called ``name``; a ModelError listing the known ones otherwise."""
    if name not in model_names():
        raise ModelError(f"unknown model {name!r}; known models: {', '.join(model_names())}")
    return ModelInfo(name=name, folder=MODELS_DIR / name)
