"""Where each cost figure sits on which corridor (``costs.csv``)."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import pandas as pd

from geo.tables import read_table


def cost_points_from_table(data_dir: Path | None = None) -> pd.DataFrame:
    """Rows of figure_id, corridor_id, place_id, cumulative (yes/no), mode, source."""
    frame = read_table(
        "costs",
        required=("figure_id", "corridor_id", "place_id", "cumulative", "mode", "source"),
        non_empty=("figure_id", "corridor_id", "place_id", "cumulative", "source"),
        data_dir=data_dir,
    )
    bad = sorted(set(frame["cumulative"]) - {"yes", "no"})
    if bad:
        raise ValueError(f"costs.csv: 'cumulative' must be yes or no, found {bad}")
    return frame


@lru_cache(maxsize=1)
def load_cost_points() -> pd.DataFrame:
    """The project's cost placements (treat as read-only)."""
    return cost_points_from_table()
