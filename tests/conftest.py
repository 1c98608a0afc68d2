"""Shared fixtures: the bundled models and scenarios, and cached runs."""

from __future__ import annotations

import re
import sys
from functools import lru_cache
from pathlib import Path

import pandas as pd
import pytest

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))  # the packages; the code resolves every path from the project root, not from here

from models import runtime  # noqa: E402
from models.registry import model_names  # noqa: E402
from models.scenarios import list_scenarios, scenario_spec  # noqa: E402

MODELS = list(model_names())
MODEL_SCENARIOS = [(m, s) for m in MODELS for s in list_scenarios(m)]


@lru_cache(maxsize=64)
def cached_run(model: str, scenario: str | None = None, engine: str = "simlin") -> pd.DataFrame:
    """One run per (model, scenario, engine) for the whole session (tests must not modify it)."""
    return runtime.simulate(scenario_spec(model, scenario), engine=engine)


@pytest.fixture(params=MODELS)
def model(request) -> str:
    return request.param


@pytest.fixture(autouse=True, scope="session")
def _elsewhere(tmp_path_factory):
    """Every test runs from an empty folder: a path the code resolved against the working directory, not the project
    root, would fail here (the tests used to run from the repository, which hid such paths)."""
    import os

    before = os.getcwd()
    os.chdir(tmp_path_factory.mktemp("cwd"))
    yield
    os.chdir(before)


def pytest_ignore_collect(collection_path: Path, config) -> bool | None:
    """With ``-m "not slow"``, a module whose every test is slow (``pytestmark = ... slow``) is not even imported: the
    dashboard's, Dask's and the browser's imports take seconds of the fast subset."""
    if " ".join(str(config.getoption("markexpr", "") or "").split()) != "not slow":
        return None
    if collection_path.suffix != ".py" or not collection_path.name.startswith("test_"):
        return None
    text = collection_path.read_text(encoding="utf-8")
    return True if re.search(r"^pytestmark = .*pytest\.mark\.slow", text, re.MULTILINE) else None
