"""Reading the curated CSV tables in ``data/`` with their schema checked on the way in.

Every curated table is a plain CSV that a reviewer can read in a diff. The loaders here refuse a
table whose columns, sources or confidence classes are wrong, naming the file, row and column, so
that a bad edit fails loudly in Python rather than as a silent gap on the map.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import pandas as pd

from geo.confidence import parse_confidence
from geo.errors import CuratedDataError
from geo.paths import DATA_DIR


class DataTableError(CuratedDataError, ValueError):
    """A curated table does not match its documented schema."""


def read_table(
    name: str,
    *,
    required: Iterable[str],
    non_empty: Iterable[str] = (),
    numeric: Iterable[str] = (),
    data_dir: Path | None = None,
) -> pd.DataFrame:
    """Read ``data/<name>.csv`` as strings, checking columns and mandatory values.

    Parameters
    ----------
    name
        Table name without extension.
    required
        Columns that must be present.
    non_empty
        Columns that must hold a value in every row.
    numeric
        Columns converted to floats (blank stays NaN); a non-number is an error.
    data_dir
        Directory to read from; defaults to the project's ``data/``.
    """
    path = (data_dir or DATA_DIR) / f"{name}.csv"
    if not path.exists():
        raise DataTableError(f"{path}: file not found")
    frame = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
    missing = [c for c in required if c not in frame.columns]
    if missing:
        raise DataTableError(f"{path.name}: missing column(s) {', '.join(missing)}")
    for column in non_empty:
        blank = frame.index[frame[column].str.strip() == ""].tolist()
        if blank:
            rows = ", ".join(str(i + 2) for i in blank[:5])
            raise DataTableError(f"{path.name}: column {column!r} is empty in row(s) {rows}")
    for column in numeric:
        values = pd.to_numeric(frame[column].replace("", None), errors="coerce")
        bad = frame.index[(frame[column] != "") & values.isna()].tolist()
        if bad:
            row = bad[0]
            raise DataTableError(
                f"{path.name}: row {row + 2}, column {column!r}: "
                f"{frame.at[row, column]!r} is not a number"
            )
        frame[column] = values.astype(float)
    if "confidence" in frame.columns:
        for i, value in frame["confidence"].items():
            try:
                parse_confidence(value)
            except ValueError as err:
                raise DataTableError(f"{path.name}: row {i + 2}: {err}") from None
    return frame
