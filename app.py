"""ESS policy lab dashboard: ``streamlit run app.py`` from the repository root."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))  # `models`, `calibration`, `ui` importable from anywhere

from ui.shell import main  # noqa: E402

main()
