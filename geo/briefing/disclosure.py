"""Disclosure control for the briefing pack: what a public pack may carry.

A public pack (donor briefings, the awareness team) obeys the same rule as the app's public
mode: the report's own published figures and aggregates of records only, with every count below
the suppression threshold (default 5) shown as ``"<5"``, and no record-level rows at all. Tables
that other features hand to the pack (a checkpoint plan, target districts) pass through
:func:`public_table`, which refuses record-level data and suppresses small counts.
"""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

DEFAULT_THRESHOLD = 5

RECORD_LEVEL_COLUMNS = frozenset(
    {
        "record_id", "person_id", "case_id", "name", "full_name", "first_name", "last_name",
        "father_name", "cnic", "passport", "passport_no", "passport_number", "date_of_birth",
        "dob", "birth_date", "phone", "address", "event_date",
    }
)  # fmt: skip
"""Columns that identify a person or an event: a table holding one is record-level."""

COUNT_HINTS = (
    "count", "records", "persons", "people", "deportees", "offloadees", "intercepted",
    "interceptions", "victims", "cases", "arrests", "n_",
)  # fmt: skip
"""Column-name fragments that mark a count of people or events."""


class DisclosureError(ValueError):
    """A table cannot be put in a public pack."""


def is_record_level(frame: pd.DataFrame) -> bool:
    """True when ``frame`` says it is record-level or holds an identifying column."""
    if frame.attrs.get("level") == "record":
        return True
    return any(str(c).strip().lower() in RECORD_LEVEL_COLUMNS for c in frame.columns)


def count_columns(frame: pd.DataFrame, declared: Iterable[str] | None = None) -> list[str]:
    """Columns holding counts: those ``declared`` plus numeric ones whose name marks a count."""
    found = list(declared or ())
    missing = [c for c in found if c not in frame.columns]
    if missing:
        raise DisclosureError(f"declared count column(s) not in the table: {missing}")
    for column in frame.columns:
        name = str(column).lower()
        numeric = pd.api.types.is_numeric_dtype(frame[column])
        if numeric and any(hint in name for hint in COUNT_HINTS) and column not in found:
            found.append(column)
    return found


def suppress_counts(
    frame: pd.DataFrame, *, columns: Iterable[str], threshold: int = DEFAULT_THRESHOLD
) -> pd.DataFrame:
    """A copy with every count below ``threshold`` (zero included) replaced by ``"<threshold"``."""
    if threshold < 1:
        raise ValueError("the suppression threshold must be at least 1")
    out = frame.copy()
    marker = f"<{threshold}"
    for column in columns:
        values = pd.to_numeric(out[column], errors="coerce")
        small = values.notna() & (values < threshold)
        cells = out[column].astype(object)
        cells[small] = marker
        out[column] = cells
    return out


def public_table(
    frame: pd.DataFrame,
    *,
    title: str,
    threshold: int = DEFAULT_THRESHOLD,
    declared_counts: Iterable[str] | None = None,
) -> pd.DataFrame:
    """``frame`` made fit for a public pack, or ``DisclosureError`` if it is record-level."""
    if is_record_level(frame):
        raise DisclosureError(
            f"{title}: record-level data cannot go into a public pack; pass an aggregate"
        )
    return suppress_counts(
        frame, columns=count_columns(frame, declared_counts), threshold=threshold
    )


def small_counts(
    frame: pd.DataFrame, *, threshold: int, declared: Iterable[str] | None = None
) -> list[tuple[str, object]]:
    """(column, value) of every count below ``threshold`` still in ``frame``; used by checks."""
    found = []
    for column in count_columns(frame, declared):
        values = pd.to_numeric(frame[column], errors="coerce")
        for value in values[values.notna() & (values < threshold)]:
            found.append((str(column), value))
    return found
