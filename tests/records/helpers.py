"""Small fictitious record files for the records tests (never real data)."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from geo.records.schema import COLUMN_NAMES

PLACES = ["Taftan", "Karachi port", "Quetta", "Gwadar", "Islamabad airport", "Chaman"]
EVENTS = ["deported", "offloaded", "intercepted_checkpoint", "intercepted_sea", "rescued"]
CRIMES = ["TIP", "SOM", "undetermined"]


def row(**values: str) -> dict[str, str]:
    """One valid row; keyword arguments override fields."""
    base = {
        "date": "2023-05-14",
        "place": "Taftan",
        "lat": "",
        "lon": "",
        "count": "3",
        "event_type": "deported",
        "crime_type": "SOM",
        "agency": "FIA",
        "nationality": "Pakistani",
        "origin_district": "Gujrat",
        "sex": "male",
        "age_group": "18_29",
        "corridor": "",
        "reference": "",
        "note": "fictitious test row",
        "source": "test fixture",
    }
    base.update(values)
    return base


def many_rows(n: int, *, seed: int = 0) -> list[dict[str, str]]:
    """``n`` distinct valid rows (distinct because each carries a unique note)."""
    rows = []
    for i in range(n):
        k = i + seed
        rows.append(
            row(
                date=f"20{18 + k % 5}-{1 + k % 12:02d}-{1 + k % 28:02d}",
                place=PLACES[k % len(PLACES)],
                count=str(1 + k % 9),
                event_type=EVENTS[k % len(EVENTS)],
                crime_type=CRIMES[k % len(CRIMES)],
                sex=["female", "male", "unknown"][k % 3],
                note=f"fictitious row {seed}-{i}",
            )
        )
    return rows


def csv_bytes(rows: list[dict[str, str]], *, columns: tuple[str, ...] = COLUMN_NAMES) -> bytes:
    """The rows as a UTF-8 CSV file."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(columns), extrasaction="ignore")
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8")


def write_csv(path: Path, rows: list[dict[str, str]]) -> Path:
    """Write the rows to ``path`` and return it."""
    path.write_bytes(csv_bytes(rows))
    return path
