"""Border crossings and sea launch or receiving points, with what the report says of each."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import pandas as pd

from geo.gazetteer import Gazetteer, load_gazetteer
from geo.tables import DataTableError, read_table

CROSSING_COLUMNS = (
    "crossing_id", "place_id", "border", "fact", "section", "quote", "confidence", "source",
)  # fmt: skip
LAUNCH_COLUMNS = (
    "launch_id", "place_id", "role", "destination", "fact", "section", "quote", "confidence",
    "source",
)  # fmt: skip


def _with_places(frame: pd.DataFrame, gaz: Gazetteer, table: str) -> pd.DataFrame:
    places = []
    for place_id in frame["place_id"]:
        try:
            places.append(gaz.get(place_id))
        except KeyError as err:
            raise DataTableError(f"{table}.csv: {err}") from None
    frame["name"] = [p.name for p in places]
    frame["lat"] = [p.lat for p in places]
    frame["lon"] = [p.lon for p in places]
    return frame


def crossings_from_table(
    gazetteer: Gazetteer | None = None, data_dir: Path | None = None
) -> pd.DataFrame:
    """One row per statement about a border crossing, with the crossing's position."""
    frame = read_table(
        "crossings",
        required=CROSSING_COLUMNS,
        non_empty=("crossing_id", "place_id", "fact", "section", "quote", "confidence", "source"),
        data_dir=data_dir,
    )
    return _with_places(frame, gazetteer or load_gazetteer(), "crossings")


def launch_points_from_table(
    gazetteer: Gazetteer | None = None, data_dir: Path | None = None
) -> pd.DataFrame:
    """One row per statement about a sea launch, receiving or risk point, with its position."""
    frame = read_table(
        "launch_points",
        required=LAUNCH_COLUMNS,
        non_empty=("launch_id", "place_id", "role", "fact", "section", "quote", "confidence"),
        data_dir=data_dir,
    )
    bad = sorted(set(frame["role"]) - {"launch", "receiving", "risk"})
    if bad:
        raise DataTableError(f"launch_points.csv: unknown role(s) {', '.join(bad)}")
    return _with_places(frame, gazetteer or load_gazetteer(), "launch_points")


@lru_cache(maxsize=1)
def load_crossings() -> pd.DataFrame:
    """The project's crossing statements (treat as read-only)."""
    return crossings_from_table()


@lru_cache(maxsize=1)
def load_launch_points() -> pd.DataFrame:
    """The project's launch and receiving point statements (treat as read-only)."""
    return launch_points_from_table()
