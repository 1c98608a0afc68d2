"""Golden baseline outputs: ``python -m models.golden [MODEL ...]`` regenerates ``models/<m>/golden_baseline.csv``.

Run it only on purpose, after a reviewed model change, and review the diff (``git diff models/*/golden_baseline.csv``)
before committing: the golden tests fail whenever a baseline output moves.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence

import pandas as pd

from models.io import atomic_write
from models.registry import get_model, model_names
from models.results import run_long
from models.scenarios import scenario_spec

GOLDEN_ENGINE = "pysd"  # the reference engine writes the golden files


def golden_table(model: str, engine: str = GOLDEN_ENGINE) -> pd.DataFrame:
    """The baseline's stocks and indicators, long form, yearly."""
    return run_long(scenario_spec(model), engine=engine)


def write_golden(model: str) -> None:
    table = golden_table(model)
    atomic_write(get_model(model).golden, lambda tmp: table.to_csv(tmp, index=False, float_format="%.12g"))


def main(argv: Sequence[str] | None = None) -> int:
    names = list(argv if argv is not None else sys.argv[1:]) or list(model_names())
    for name in names:
        write_golden(name)
        print(f"wrote {get_model(name).golden}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
