"""Where Route Atlas finds its curated data and keeps its runtime state.

Curated, reviewable files live in ``data/`` inside the project. Runtime state (the records
database, saved plans) lives in a separate, writable directory so the curated data are never
modified by the app. ``ROUTE_ATLAS_VAR_DIR`` overrides that directory.
"""

from __future__ import annotations

import os
from pathlib import Path

PROJECT_DIR: Path = Path(__file__).resolve().parent.parent
DATA_DIR: Path = PROJECT_DIR / "data"
BOUNDARIES_DIR: Path = DATA_DIR / "boundaries"


def var_dir() -> Path:
    """Return the writable runtime directory, creating it on first use."""
    path = Path(os.environ.get("ROUTE_ATLAS_VAR_DIR", PROJECT_DIR / "var"))
    path.mkdir(parents=True, exist_ok=True)
    return path
