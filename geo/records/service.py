"""The data functions the pages call, each checking the caller's role itself.

Pages never query the store directly: they pass the current ``Session`` to these functions.
A public session gets aggregates only, with every count below the suppression threshold replaced
by ``"<N"`` (the exact value is not in the returned frame at all); record-level rows, the
import log, imports and undo raise ``PermissionError`` for anyone without the right role.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from geo.records import aggregate as agg
from geo.records.access import (
    Role,
    Session,
    create_user,
    delete_user,
    list_users,
    require,
    suppression_threshold,
)
from geo.records.importer import ImportReport, Progress, check_file, import_file
from geo.records.store import RecordStore

HIDDEN = "hidden"
"""Shown for a count hidden only so that a suppressed one cannot be worked out by subtraction."""


def suppress(frame: pd.DataFrame, threshold: int) -> pd.DataFrame:
    """Hide counts below ``threshold``: ``persons`` becomes missing, ``persons_shown`` ``"<N"``.

    When exactly one count of a breakdown is small, the smallest other count is hidden too
    (shown as ``"hidden"``): otherwise the small one would follow from the period total minus
    the counts shown. The ``records`` column is dropped as well, since a record count can
    reveal a small number.
    """
    out = frame.drop(columns=["records"], errors="ignore").copy()
    small = out["persons"] < threshold
    out["persons_shown"] = out["persons"].astype(str).where(~small, f"<{threshold}")
    complementary = pd.Series(False, index=out.index)
    if int(small.sum()) == 1 and len(out) > 1:
        complementary[out.loc[~small, "persons"].idxmin()] = True
        out.loc[complementary, "persons_shown"] = HIDDEN
    hidden = small | complementary
    out["persons"] = out["persons"].astype("Int64").mask(hidden)
    out["suppressed"] = hidden
    return out


def _exact(frame: pd.DataFrame) -> pd.DataFrame:
    out = frame.copy()
    out["persons_shown"] = out["persons"].astype(str)
    out["suppressed"] = False
    return out


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
        return suppress(frame, threshold or suppression_threshold())
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
        return suppress(frame, threshold or suppression_threshold())
    return _exact(frame)


def period_total(
    store: RecordStore,
    session: Session,
    filt: agg.RecordFilter | None = None,
    *,
    threshold: int | None = None,
) -> str:
    """Total persons the filter selects, as text (``"<5"`` for a small public total)."""
    persons, _ = agg.total(store, filt)
    limit = threshold or suppression_threshold()
    if session.is_public and persons < limit:
        return f"<{limit}"
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
    columns = [
        "import_id", "started_at", "user_name", "file_name", "checksum", "mode", "status",
        "rows_read", "accepted", "duplicates", "rejected", "undone_by", "undone_at",
    ]  # fmt: skip
    return pd.DataFrame([{c: getattr(e, c) for c in columns} for e in entries], columns=columns)


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
        raise ValueError("you cannot remove your own account while signed in with it")
    delete_user(store, username)
