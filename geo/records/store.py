"""Storage of interception records: SQLite by default, PostgreSQL when ``DATABASE_URL`` says so.

One class, ``RecordStore``, speaks plain DB-API to either database so that the importer, the
aggregations and the access control run the same code in a single-office install (a SQLite file
in ``var_dir()``, created on first use, nothing to install) and in a shared deployment
(PostgreSQL). Each import is one transaction: a power cut or ``kill -9`` midway leaves the store
exactly as it was. Duplicates are refused by a unique key, so re-importing a file adds nothing.

Besides the ``records`` table (every field as imported, for record-level views), each import
fills a narrow ``facts`` table in the same transaction: one row of integer codes per record
(month as YYYYMM, every category as a code from ``dims``). The aggregations scan only ``facts``,
which keeps them well under a second on a million records.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from geo.errors import UserInputError
from geo.records.database import (
    AuthDatabase,
    Database,
    DatabaseLocation,
    DatabaseURLError,
    database_location,
)
from geo.records.schema import ImportMode, ImportStatus
from geo.records.writer import BULK_MIN_ROWS, ImportTransaction, ddl

__all__ = [
    "BULK_MIN_ROWS",
    "AuthDatabase",
    "DatabaseURLError",
    "Database",
    "DatabaseLocation",
    "ImportEntry",
    "ImportTransaction",
    "RecordStore",
    "UndoError",
    "UnknownImport",
    "database_location",
    "utc_now",
]


class UnknownImport(UserInputError, KeyError):
    """No import has the id given."""

    def __str__(self) -> str:
        return str(self.args[0]) if self.args else "no such import"


class UndoError(UserInputError, ValueError):
    """The import cannot be undone (it was refused, failed or is already undone)."""


def utc_now() -> str:
    """Current UTC time as ISO 8601 text (the store keeps times as text in both databases)."""
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


@dataclass(frozen=True)
class ImportEntry:
    """One line of the import log."""

    import_id: int
    user_name: str
    started_at: str
    finished_at: str | None
    file_name: str
    checksum: str
    mode: ImportMode
    status: ImportStatus
    rows_read: int
    accepted: int
    duplicates: int
    rejected: int
    undone_by: str | None
    undone_at: str | None


_LOG_FIELDS = tuple(ImportEntry.__dataclass_fields__)


def _entry(row: Sequence[Any]) -> ImportEntry:
    values = dict(zip(_LOG_FIELDS, row, strict=True))
    values["mode"] = ImportMode(values["mode"])
    values["status"] = ImportStatus(values["status"])
    return ImportEntry(**values)


class RecordStore(Database):
    """Interception records and the import log, with the accounts beside them (``auth``).

    Parameters
    ----------
    url
        ``postgresql://...`` for PostgreSQL, ``sqlite:///path`` or a plain path for SQLite.
        Defaults to ``DATABASE_URL`` when it names PostgreSQL, else
        ``var_dir()/records.sqlite`` (see :func:`database_location`).
    """

    def __init__(self, url: str | os.PathLike[str] | None = None):
        location = database_location(url)
        super().__init__(location, ddl)
        if location.kind == "sqlite":
            path = Path(location.url)
            auth = DatabaseLocation("sqlite", str(path.with_name(f"{path.stem}-auth.sqlite")))
            self.auth = AuthDatabase(auth, records_file=location.url)
        else:
            self.auth = AuthDatabase(location)

    def __repr__(self) -> str:
        where = self.url if self.kind == "sqlite" else self.url.split("@")[-1]
        return f"RecordStore({self.kind}: {where})"

    # -- imports ------------------------------------------------------------------------------

    @contextmanager
    def import_transaction(
        self,
        *,
        user: str,
        file_name: str,
        checksum: str,
        mode: ImportMode,
        expected_rows: int | None = None,
    ) -> Iterator[ImportTransaction]:
        """Open one import as one transaction; commit only if the block finishes.

        The caller adds rows with ``ImportTransaction.add`` and then calls ``finish_import`` on
        the same object inside the block. An exception anywhere rolls everything back: neither
        records nor the log line are written. ``expected_rows`` (a rough estimate) lets a large
        import on SQLite rebuild its indexes once instead of row by row.
        """
        with self.transaction() as conn:
            cur = conn.cursor()
            cur.execute(
                self.sql(
                    "INSERT INTO imports (user_name, started_at, file_name, checksum, mode, "
                    "status) VALUES (?, ?, ?, ?, ?, ?) RETURNING import_id"
                ),
                (user, utc_now(), file_name, checksum, str(mode), str(ImportStatus.RUNNING)),
            )
            import_id = int(cur.fetchone()[0])
            cur.close()
            tx = ImportTransaction(
                conn, self.kind, import_id, self.sql, expected_rows=expected_rows
            )
            yield tx
            cur = conn.cursor()
            cur.execute(self.sql("SELECT status FROM imports WHERE import_id = ?"), (import_id,))
            if cur.fetchone()[0] == ImportStatus.RUNNING:
                raise RuntimeError("import_transaction closed without finish_import")
            cur.close()

    def finish_import(
        self,
        tx: ImportTransaction,
        *,
        rows_read: int,
        rejected: int,
        status: ImportStatus = ImportStatus.COMMITTED,
        repeated: int = 0,
    ) -> ImportEntry:
        """Write the counts of an open import into its log line (still inside its transaction).

        ``repeated`` counts rows the importer dropped because an earlier row of the same file
        has the same key (same agency and reference); they are logged as duplicates.
        """
        tx.close()
        cur = tx._conn.cursor()
        cur.execute(
            self.sql(
                "UPDATE imports SET finished_at = ?, status = ?, rows_read = ?, accepted = ?, "
                "duplicates = ?, rejected = ? WHERE import_id = ?"
            ),
            (
                utc_now(),
                str(status),
                rows_read,
                tx.added,
                tx.offered - tx.added + repeated,
                rejected,
                tx.import_id,
            ),
        )
        cur.execute(
            self.sql(f"SELECT {', '.join(_LOG_FIELDS)} FROM imports WHERE import_id = ?"),
            (tx.import_id,),
        )
        entry = _entry(cur.fetchone())
        cur.close()
        return entry

    def log_refused(
        self,
        *,
        user: str,
        file_name: str,
        checksum: str,
        mode: ImportMode,
        rows_read: int,
        rejected: int,
        status: ImportStatus = ImportStatus.REFUSED,
    ) -> ImportEntry:
        """Log an import that wrote no record: ``refused`` (bad rows) or ``failed`` (bad file)."""
        with self.import_transaction(
            user=user, file_name=file_name, checksum=checksum, mode=mode
        ) as tx:
            return self.finish_import(tx, rows_read=rows_read, rejected=rejected, status=status)

    def undo_import(self, import_id: int, *, user: str) -> int:
        """Remove every record an import added and mark it undone; return how many were removed."""
        with self.transaction() as conn:
            cur = conn.cursor()
            cur.execute(
                self.sql("SELECT status FROM imports WHERE import_id = ?"), (int(import_id),)
            )
            row = cur.fetchone()
            if row is None:
                raise UnknownImport(f"no import with id {import_id}")
            if row[0] != ImportStatus.COMMITTED:
                raise UndoError(f"import {import_id} cannot be undone: its status is {row[0]!r}")
            cur.execute(self.sql("DELETE FROM facts WHERE import_id = ?"), (int(import_id),))
            cur.execute(self.sql("DELETE FROM records WHERE import_id = ?"), (int(import_id),))
            removed = cur.rowcount
            cur.execute(
                self.sql(
                    "UPDATE imports SET status = ?, undone_by = ?, undone_at = ? "
                    "WHERE import_id = ?"
                ),
                (str(ImportStatus.UNDONE), user, utc_now(), int(import_id)),
            )
            cur.close()
            return removed

    def import_log(self, *, limit: int = 200) -> list[ImportEntry]:
        """The most recent imports, newest first."""
        rows = self.query(
            f"SELECT {', '.join(_LOG_FIELDS)} FROM imports ORDER BY import_id DESC LIMIT ?",
            (int(limit),),
        )
        return [_entry(row) for row in rows]

    def count_records(self) -> int:
        """Number of stored records."""
        return int(self.query("SELECT COUNT(*) FROM records")[0][0])
