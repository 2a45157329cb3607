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
import sqlite3
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from geo.errors import UserInputError
from geo.paths import var_dir
from geo.records.schema import ImportMode, ImportStatus
from geo.records.writer import BULK_MIN_ROWS, ImportTransaction, auth_ddl, ddl

__all__ = [
    "BULK_MIN_ROWS",
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

_SQLITE_CACHE_KB = 200_000
"""Page cache per SQLite connection (KiB): a million-row import keeps its indexes in memory."""


class DatabaseURLError(UserInputError, ValueError):
    """``DATABASE_URL`` (or a ``--database`` option) names a database this app cannot use."""


class UnknownImport(UserInputError, KeyError):
    """No import has the id given."""

    def __str__(self) -> str:
        return str(self.args[0]) if self.args else "no such import"


class UndoError(UserInputError, ValueError):
    """The import cannot be undone (it was refused, failed or is already undone)."""


@dataclass(frozen=True)
class DatabaseLocation:
    """Where the records live: ``kind`` is ``sqlite`` or ``postgresql``; ``url`` the path or URL."""

    kind: str
    url: str


def database_location(url: str | os.PathLike[str] | None = None) -> DatabaseLocation:
    """The one parser of database locations (``DATABASE_URL``, ``--database``, a path).

    ``postgresql://`` (or ``postgres://``) names PostgreSQL; ``sqlite:///path`` or a plain path
    a SQLite file. None reads ``DATABASE_URL`` when it names PostgreSQL, else the SQLite file
    ``var_dir()/records.sqlite``. Any other scheme is refused.
    """
    if url is None:
        env = os.environ.get("DATABASE_URL", "").strip()
        url = env if env.startswith(("postgres://", "postgresql://")) else None
    if url is None:
        url = var_dir() / "records.sqlite"
    text = str(url)
    if text.startswith(("postgres://", "postgresql://")):
        return DatabaseLocation("postgresql", text)
    if "://" in text and not text.startswith("sqlite://"):
        raise DatabaseURLError(f"unsupported database URL {text.split('://')[0]}://...")
    path = Path(text.removeprefix("sqlite:///")) if "://" in text else Path(text)
    return DatabaseLocation("sqlite", str(path))


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


class Database:
    """One database spoken to in plain DB-API: connections, transactions, one-off statements.

    Parameters
    ----------
    location
        Where it is (see :func:`database_location`).
    schema
        The CREATE statements for a kind of database, run once on first use.
    """

    def __init__(self, location: DatabaseLocation, schema: Callable[[str], list[str]]):
        self.kind = location.kind
        self.url = location.url
        self._schema = schema
        self._ready = False
        if self.kind == "sqlite":
            Path(self.url).parent.mkdir(parents=True, exist_ok=True)

    def __repr__(self) -> str:
        where = self.url if self.kind == "sqlite" else self.url.split("@")[-1]
        return f"{type(self).__name__}({self.kind}: {where})"

    # -- connections --------------------------------------------------------------------------

    def _connect(self) -> Any:
        if self.kind == "sqlite":
            conn = sqlite3.connect(self.url, timeout=600, isolation_level=None)
            conn.execute("PRAGMA journal_mode=WAL")
            conn.execute("PRAGMA synchronous=FULL")
            conn.execute("PRAGMA foreign_keys=ON")
            conn.execute(f"PRAGMA cache_size=-{_SQLITE_CACHE_KB}")
            return conn
        import psycopg

        return psycopg.connect(self.url, autocommit=False)

    def sql(self, text: str) -> str:
        """Adapt a query written with ``?`` placeholders to the store's driver."""
        return text if self.kind == "sqlite" else text.replace("?", "%s")

    @contextmanager
    def transaction(self, *, write: bool = True) -> Iterator[Any]:
        """A connection inside one transaction, committed on success, rolled back otherwise.

        On SQLite a write transaction takes the database's write lock at once
        (``BEGIN IMMEDIATE``), so two writers are serialised rather than failing midway.
        """
        self.ensure_schema()
        conn = self._connect()
        try:
            if self.kind == "sqlite":
                conn.execute("BEGIN IMMEDIATE" if write else "BEGIN")
            yield conn
            conn.commit()
        except BaseException:
            conn.rollback()
            raise
        finally:
            conn.close()

    def query(self, text: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        """Run one read query and return all its rows."""
        with self.transaction(write=False) as conn:
            cur = conn.cursor()
            cur.execute(self.sql(text), tuple(params))
            rows = cur.fetchall()
            cur.close()
            return list(rows)

    def execute(self, text: str, params: Sequence[Any] = ()) -> int:
        """Run one write statement in its own transaction; return the affected row count."""
        with self.transaction() as conn:
            cur = conn.cursor()
            cur.execute(self.sql(text), tuple(params))
            count = int(cur.rowcount)
            cur.close()
            return count

    def ensure_schema(self) -> None:
        """Create the tables on first use (safe when several processes start at once)."""
        if self._ready:
            return
        conn = self._connect()
        try:
            if self.kind == "sqlite":
                conn.execute("BEGIN IMMEDIATE")
                for statement in self._schema("sqlite"):
                    conn.execute(statement)
            else:
                with conn.cursor() as cur:
                    cur.execute("SELECT pg_advisory_xact_lock(72619)")
                    for statement in self._schema("postgresql"):
                        cur.execute(statement)
            conn.commit()
        except BaseException:
            conn.rollback()
            raise
        finally:
            conn.close()
        self._ready = True
        self._after_schema()

    def _after_schema(self) -> None:
        """Hook for a subclass: runs once, after the tables exist."""


class AuthDatabase(Database):
    """Accounts, sessions and log-in failures (see ``writer.auth_ddl``).

    On SQLite a separate file beside the records (``records-auth.sqlite``), whose write lock
    no import ever takes; accounts kept in the records file by earlier versions are copied over
    once.
    """

    def __init__(self, location: DatabaseLocation, *, records_file: str | None = None):
        super().__init__(location, auth_ddl)
        self._records_file = records_file

    def _after_schema(self) -> None:
        if self.kind != "sqlite" or not self._records_file:
            return
        old = Path(self._records_file)
        if not old.exists():
            return
        conn = self._connect()
        try:
            conn.execute("ATTACH DATABASE ? AS old", (str(old),))
            found = conn.execute(
                "SELECT name FROM old.sqlite_master WHERE type = 'table' AND name = 'users'"
            ).fetchone()
            if found and conn.execute("SELECT COUNT(*) FROM old.users").fetchone()[0]:
                # Move (not copy) the accounts, so one deleted later does not come back.
                conn.execute("BEGIN IMMEDIATE")
                conn.execute(
                    "INSERT OR IGNORE INTO main.users (username, password_hash, role, "
                    "failed_logins, locked_until, created_at) SELECT username, password_hash, "
                    "role, 0, NULL, created_at FROM old.users"
                )
                conn.execute("DELETE FROM old.sessions")
                conn.execute("DELETE FROM old.users")
                conn.execute("COMMIT")
            conn.execute("DETACH DATABASE old")
        finally:
            conn.close()


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
