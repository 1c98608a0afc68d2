"""Where the models live: a sector is a folder.

A sector folder ``<name>/`` (a name of letters, digits, ``_`` and ``-``) holds exactly one ``.mdl`` file, the single
source of equations, defaults, units and ranges, and beside it:

* ``model.toml`` — the declaration the dashboard reads: labels in French and English, chart groups, headline
  indicators, the workshop file (:mod:`models.declaration`);
* ``policy_timeline.csv`` — dated values of the model's constants, the policy history (:mod:`models.timeline`);
* ``checks.toml`` — the accounting identities the tests check; ``golden_baseline.csv`` — the golden baseline;
* ``workshop.toml`` and ``README.md``.

The bundled sectors are the folders of ``models/``. More folders of sectors can be given in the environment variable
``ESS_MODELS_PATH`` (folders separated by ``:``), e.g. a sector being developed outside the repository: whoever starts
the process trusts them as the bundled ones (PySD translates a .mdl into Python and runs it). Scenarios stay in
``scenarios/<name>/`` of the repository.
"""

from __future__ import annotations

import hashlib
import os
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from models import validate
from models.errors import ModelError
from models.mdl_file import split_sketch

MODELS_DIR = Path(__file__).resolve().parent
REPO_DIR = MODELS_DIR.parent
SCENARIOS_DIR = REPO_DIR / "scenarios"
CACHE_DIR = MODELS_DIR / ".cache"
PATH_VARIABLE = "ESS_MODELS_PATH"
FOLDER_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]{0,39}$")


@dataclass(frozen=True)
class ModelInfo:
    """Files of one sector."""

    name: str
    folder: Path
    mdl: Path

    @property
    def timeline(self) -> Path:
        return self.folder / "policy_timeline.csv"

    @property
    def golden(self) -> Path:
        return self.folder / "golden_baseline.csv"

    @property
    def checks(self) -> Path:
        return self.folder / "checks.toml"

    @property
    def declaration(self) -> Path:
        return self.folder / "model.toml"

    @property
    def scenarios_dir(self) -> Path:
        return SCENARIOS_DIR / self.name

    def mdl_hash(self) -> str:
        """SHA-256 of the .mdl's equations and the policy timeline: changes whenever the model's behaviour may (not
        when only its views change)."""
        return _hash_files(self.mdl, self.timeline, (validate.stamp(self.mdl), validate.stamp(self.timeline)))


@lru_cache(maxsize=32)
def _hash_files(mdl: Path, timeline: Path, stamps: tuple) -> str:
    """Hash of the files, recomputed only when their modification stamps change."""
    equations, _ = split_sketch(mdl.read_bytes().decode("utf-8"))
    digest = hashlib.sha256(equations.encode("utf-8"))
    if timeline.exists():
        digest.update(timeline.read_bytes())
    return digest.hexdigest()


def roots() -> tuple[Path, ...]:
    """Folders holding sector folders: ``models/``, then those of ``ESS_MODELS_PATH``."""
    return _roots(os.environ.get(PATH_VARIABLE, ""))


@lru_cache(maxsize=8)
def _roots(extra: str) -> tuple[Path, ...]:
    return (MODELS_DIR, *(Path(p).expanduser().resolve() for p in extra.split(os.pathsep) if p.strip()))


@lru_cache(maxsize=8)
def _sectors(folders: tuple[Path, ...]) -> dict[str, ModelInfo]:
    found: dict[str, ModelInfo] = {}
    for root in folders:
        for folder in sorted(p for p in root.glob("*") if p.is_dir() and FOLDER_NAME.match(p.name)):
            mdls = sorted(folder.glob("*.mdl"))
            if len(mdls) == 1:
                found.setdefault(folder.name, ModelInfo(folder.name, folder, mdls[0]))  # models/ wins a name
    return dict(sorted(found.items()))


def model_names() -> tuple[str, ...]:
    """Names of the sectors, sorted."""
    return tuple(_sectors(roots()))


def get_model(name: str) -> ModelInfo:
    """The sector called ``name``; a ModelError listing the known ones otherwise."""
    sectors = _sectors(roots())
    if name not in sectors:
        raise ModelError(f"unknown model {name!r}; known models: {', '.join(sectors)}")
    return sectors[name]
