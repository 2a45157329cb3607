"""The data functions the pages call, each checking the caller's role itself.

Pages never query the store directly: they pass the current ``Session`` to these functions.
A public session gets aggregates only, protected by the one disclosure rule of
``geo.disclosure``: every count below the threshold replaced by ``"<N"`` (the exact value is not
in the returned frame at all) and every other count, totals included, rounded to a multiple of
the threshold, so no two public figures can be subtracted to recover a small count. Every
aggregate carries, per cell, ``suppressed`` (bool) and ``disclosure`` (``exact``, ``rounded`` or
``suppressed``) so charts and tables can label what they show. Record-level rows, the import
log, imports and undo raise ``access.Forbidden`` (a ``PermissionError``) for anyone without the
right role.
"""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path

import pandas as pd

from geo import disclosure
from geo.records import aggregate as agg
from geo.records.access import (
    AccountError,
    Role,
    Session,
    create_user,
    delete_user,
    list_users,
    require,
)
from geo.records.importer import ImportReport, Progress, check_file, import_file
from geo.records.store import RecordStore

HIDDEN = "hidden"
"""Kept for callers of older versions: rounding made complementary hiding unnecessary."""


def suppress(frame: pd.DataFrame, threshold: int) -> pd.DataFrame:
    """The public form of an aggregate (``geo.disclosure.protect`` with ``threshold``).

    ``persons`` becomes the rounded public value (missing when suppressed), ``persons_shown``
    its text (``"<N"`` when suppressed); ``suppressed`` and ``disclosure`` label each cell; the
    ``records`` column is dropped, since a record count can reveal a small number.
    """
    return disclosure.protect(frame, disclosure.DisclosureRule(threshold))


def _exact(frame: pd.DataFrame) -> pd.DataFrame:
    return disclosure.exact(frame)


def _rule(threshold: int | None) -> disclosure.DisclosureRule:
    return disclosure.rule(threshold if threshold is None else int(threshold))


def disclosure_note(session: Session, *, threshold: int | None = None) -> str:
    """The sentence to show beside figures: the method and its parameters, or "exact"."""
    if not session.is_public:
        return "Exact counts (analyst view): not for public distribution."
    return disclosure.statement(_rule(threshold))


def summary(
    store: RecordStore,
    session: Session,
    by: str,
    filt: agg.RecordFilter | None = None,
    *,
    threshold: int | None = None,
) -> pd.DataFrame:
    """Persons per group (see ``aggregate.DIMENSIONS``), suppressed for the public."""
    frame = agg.aggregate(store, by, filt)
    if session.is_public:
        return disclosure.protect(frame, _rule(threshold))
    return _exact(frame)


def cross_summary(
    store: RecordStore,
    session: Session,
    dims: tuple[str, ...],
    filt: agg.RecordFilter | None = None,
    *,
    threshold: int | None = None,
) -> pd.DataFrame:
    """Persons per combination of groupings, each cell suppressed for the public."""
    frame = agg.cross_tabulate(store, dims, filt)
    if session.is_public:
        return disclosure.protect(frame, _rule(threshold))
    return _exact(frame)


def period_total(
    store: RecordStore,
    session: Session,
    filt: agg.RecordFilter | None = None,
    *,
    threshold: int | None = None,
) -> str:
    """Total persons the filter selects, as text: for the public ``"<5"`` or a rounded total."""
    persons, _ = agg.total(store, filt)
    if session.is_public:
        return _rule(threshold).shown(persons)
    return f"{persons:,}"


def month_range(store: RecordStore, session: Session) -> tuple[str, str] | None:
    """First and last month with records (needed to draw the period filter)."""
    return agg.month_range(store)


def categories(store: RecordStore, session: Session, column: str) -> list[str]:
    """Distinct values of a category column, for filter widgets."""
    if session.is_public and column in ("place", "origin_district"):
        require(session, Role.ANALYST, action="listing individual places")
    return agg.distinct_values(store, column)


def records(
    store: RecordStore,
    session: Session,
    filt: agg.RecordFilter | None = None,
    *,
    limit: int = 5000,
) -> pd.DataFrame:
    """Record-level rows; analysts and admins only."""
    require(session, Role.ANALYST, action="reading record-level data")
    return agg.record_rows(store, filt, limit=limit)


def check_upload(
    session: Session, source: Path | bytes, *, file_name: str, progress: Progress | None = None
) -> ImportReport:
    """Validate a file before importing it; admins only."""
    require(session, Role.ADMIN, action="checking an import")
    return check_file(source, file_name=file_name, progress=progress)


def import_upload(
    store: RecordStore,
    session: Session,
    source: Path | bytes,
    *,
    file_name: str,
    drop_bad_rows: bool,
    progress: Progress | None = None,
    expected_rows: int | None = None,
) -> ImportReport:
    """Import a file through the common importer; admins only."""
    require(session, Role.ADMIN, action="importing records")
    return import_file(
        store,
        source,
        file_name=file_name,
        user=session.username or "?",
        drop_bad_rows=drop_bad_rows,
        progress=progress,
        expected_rows=expected_rows,
    )


def undo(store: RecordStore, session: Session, import_id: int) -> int:
    """Undo an import; admins only. Returns the number of records removed."""
    require(session, Role.ADMIN, action="undoing an import")
    return store.undo_import(import_id, user=session.username or "?")


def import_log(store: RecordStore, session: Session, *, limit: int = 200) -> pd.DataFrame:
    """The import log as a table; admins only."""
    require(session, Role.ADMIN, action="reading the import log")
    entries = store.import_log(limit=limit)
    columns = [  # what a reader looks for first; the long checksum last
        "import_id", "status", "file_name", "accepted", "duplicates", "rejected", "rows_read",
        "started_at", "user_name", "mode", "undone_by", "undone_at", "checksum",
    ]  # fmt: skip
    rows = [{c: _plain(getattr(e, c)) for c in columns} for e in entries]
    return pd.DataFrame(rows, columns=columns)


def _plain(value: object) -> object:
    return value.value if isinstance(value, StrEnum) else value


def users(store: RecordStore, session: Session) -> pd.DataFrame:
    """Every account with its role and any lock-out; admins only."""
    require(session, Role.ADMIN, action="managing users")
    return pd.DataFrame(list_users(store), columns=["user", "role", "locked_until"])


def add_user(
    store: RecordStore, session: Session, username: str, password: str, *, role: str
) -> None:
    """Create an analyst or admin account; admins only."""
    require(session, Role.ADMIN, action="managing users")
    create_user(store, username, password, role=role)


def remove_user(store: RecordStore, session: Session, username: str) -> None:
    """Delete an account and its sessions; admins only, and never one's own account."""
    require(session, Role.ADMIN, action="managing users")
    if username == session.username:
        raise AccountError("you cannot remove your own account while signed in with it")
    delete_user(store, username)
