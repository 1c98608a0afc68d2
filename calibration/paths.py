"""Where the calibration package keeps its data: targets, specs and committed results."""

from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
REPO_DIR = PACKAGE_DIR.parent
TARGETS_DIR = PACKAGE_DIR / "targets"
SPECS_DIR = PACKAGE_DIR / "specs"
RESULTS_DIR = PACKAGE_DIR / "results"


def display_path(path: Path | str) -> str:
    """``path`` relative to the repository when inside it (stable in result files), else as given."""
    resolved = Path(path).resolve()
    try:
        return resolved.relative_to(REPO_DIR).as_posix()
    except ValueError:
        return str(path)


def resolve_path(text: str | Path) -> Path:
    """A path as written in a spec or result: absolute, relative to the working directory, or to the repository."""
    path = Path(text)
    if path.is_absolute() or path.exists():
        return path
    return REPO_DIR / path
