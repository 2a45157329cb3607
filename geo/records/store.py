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
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from geo.paths import var_dir
from geo.records.schema import RECORD_FIELDS
from geo.records.validate import cell_centre_of_key

STORED_FIELDS: tuple[str, ...] = ("import_id", "dedupe_key", *RECORD_FIELDS)

FACT_DIMS: tuple[str, ...] = (
    "place", "district", "event_type", "crime_type", "agency", "nationality",
    "origin_district", "sex", "age_group", "corridor",
)  # fmt: skip
"""Category columns of ``facts``; each holds a code from ``dims``."""

_SQLITE_CACHE_KB = 200_000
"""Page cache per SQLite connection (KiB): a million-row import keeps its indexes in memory."""

_POS = {name: i + 1 for i, name in enumerate(RECORD_FIELDS)}  # +1: dedupe key comes first
_DIM_POS = {dim: _POS["place_key" if dim == "place" else dim] for dim in FACT_DIMS}
_FACT_COLUMNS = ("month", *FACT_DIMS)


def _ddl(kind: str) -> list[str]:
    serial = "INTEGER PRIMARY KEY AUTOINCREMENT" if kind == "sqlite" else "BIGSERIAL PRIMARY KEY"
    real = "REAL" if kind == "sqlite" else "DOUBLE PRECISION"
    record_columns = []
    for name in RECORD_FIELDS:
        kind_of = real if name in ("lat", "lon") else "INTEGER" if name == "persons" else "TEXT"
        record_columns.append(f"{name} {kind_of} NOT NULL")
    return [
        f"""CREATE TABLE IF NOT EXISTS imports (
            import_id {serial},
            user_name TEXT NOT NULL,
            started_at TEXT NOT NULL,
            finished_at TEXT,
            file_name TEXT NOT NULL,
            checksum TEXT NOT NULL,
            mode TEXT NOT NULL,
            status TEXT NOT NULL,
            rows_read INTEGER NOT NULL DEFAULT 0,
            accepted INTEGER NOT NULL DEFAULT 0,
            duplicates INTEGER NOT NULL DEFAULT 0,
            rejected INTEGER NOT NULL DEFAULT 0,
            undone_by TEXT,
            undone_at TEXT
        )""",
        f"""CREATE TABLE IF NOT EXISTS records (
            record_id {serial},
            import_id INTEGER NOT NULL REFERENCES imports(import_id),
            dedupe_key TEXT NOT NULL UNIQUE,
            {", ".join(record_columns)}
        )""",
        "CREATE INDEX IF NOT EXISTS records_import ON records (import_id)",
        "CREATE INDEX IF NOT EXISTS records_date ON records (event_date)",
        f"""CREATE TABLE IF NOT EXISTS dims (
            code {serial},
            dim TEXT NOT NULL,
            value TEXT NOT NULL,
            label TEXT NOT NULL,
            lat {real},
            lon {real},
            UNIQUE (dim, value)
        )""",
        f"""CREATE TABLE IF NOT EXISTS facts (
            record_id BIGINT PRIMARY KEY,
            import_id INTEGER NOT NULL,
            {", ".join(f"{c} INTEGER NOT NULL" for c in _FACT_COLUMNS)},
            persons INTEGER NOT NULL
        )""",
        "CREATE INDEX IF NOT EXISTS facts_import ON facts (import_id)",
        *(
            # SQLite sorts to group; a covering index per category lets it group in index order.
            # PostgreSQL hashes instead and needs none of these.
            _grouping_index(c)
            for c in _FACT_COLUMNS
            if kind == "sqlite"
        ),
        """CREATE TABLE IF NOT EXISTS users (
            username TEXT PRIMARY KEY,
            password_hash TEXT NOT NULL,
            role TEXT NOT NULL,
            failed_logins INTEGER NOT NULL DEFAULT 0,
            locked_until TEXT,
            created_at TEXT NOT NULL
        )""",
        """CREATE TABLE IF NOT EXISTS sessions (
            token_hash TEXT PRIMARY KEY,
            username TEXT NOT NULL REFERENCES users(username) ON DELETE CASCADE,
            created_at TEXT NOT NULL,
            expires_at TEXT NOT NULL
        )""",
    ]


def _grouping_index(column: str) -> str:
    return f"CREATE INDEX IF NOT EXISTS facts_by_{column} ON facts ({column}, month, persons)"


BULK_MIN_ROWS = 50_000
"""On SQLite, an import expected to add more rows than this and than the store already holds
drops the grouping indexes and rebuilds them once at its end (inside its transaction): sorting
once is several times faster than updating eleven indexes row by row."""


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
    mode: str
    status: str
    rows_read: int
    accepted: int
    duplicates: int
    rejected: int
    undone_by: str | None
    undone_at: str | None


_LOG_FIELDS = tuple(ImportEntry.__dataclass_fields__)


class ImportTransaction:
    """An open import: records added here become visible only when the store commits them.

    Each batch goes to a temporary ``staging`` table first; from there one statement inserts
    the records that are not duplicates, and the next inserts their ``facts`` rows, so the two
    tables always describe exactly the same records.
    """

    def __init__(
        self, conn: Any, kind: str, import_id: int, sql: Any, *, expected_rows: int | None = None
    ):
        self._conn = conn
        self._kind = kind
        self._sql = sql
        self.import_id = import_id
        self.added = 0
        self.offered = 0
        self._codes: dict[tuple[str, str], int] = {}
        cur = conn.cursor()
        self.bulk = False
        if kind == "sqlite" and expected_rows and expected_rows > BULK_MIN_ROWS:
            cur.execute("SELECT COUNT(*) FROM facts")
            if expected_rows > cur.fetchone()[0]:
                self.bulk = True
                for column in _FACT_COLUMNS:
                    cur.execute(f"DROP INDEX IF EXISTS facts_by_{column}")
        cur.execute("SELECT dim, value, code FROM dims")
        for dim, value, code in cur.fetchall():
            self._codes[(dim, value)] = int(code)
        code_cols = [f"f_{c}" for c in _FACT_COLUMNS]
        self._staging_cols = (*STORED_FIELDS, *code_cols)
        columns = []
        for name in self._staging_cols:
            kind_of = "TEXT"
            if name in ("lat", "lon"):
                kind_of = "DOUBLE PRECISION" if kind == "postgresql" else "REAL"
            elif name in ("import_id", "persons") or name.startswith("f_"):
                kind_of = "INTEGER"
            columns.append(f"{name} {kind_of}")
        tail = " ON COMMIT DROP" if kind == "postgresql" else ""
        cur.execute(f"CREATE TEMP TABLE IF NOT EXISTS staging ({', '.join(columns)}){tail}")
        cur.execute("DELETE FROM staging")
        stored = ", ".join(STORED_FIELDS)
        facts = ", ".join(_FACT_COLUMNS)
        s_codes = ", ".join(f"s.{c}" for c in code_cols)
        if kind == "sqlite":
            self._insert_records = (
                f"INSERT INTO records ({stored}) SELECT {stored} FROM staging WHERE true "
                "ON CONFLICT (dedupe_key) DO NOTHING"
            )
            self._insert_facts = (
                f"INSERT INTO facts (record_id, import_id, {facts}, persons) "
                f"SELECT r.record_id, s.import_id, {s_codes}, s.persons FROM staging s "
                "JOIN records r ON r.dedupe_key = s.dedupe_key WHERE r.import_id = s.import_id"
            )
        else:
            self._insert_records = (
                f"WITH ins AS (INSERT INTO records ({stored}) SELECT {stored} FROM staging "
                "ON CONFLICT (dedupe_key) DO NOTHING RETURNING record_id, dedupe_key) "
                f"INSERT INTO facts (record_id, import_id, {facts}, persons) "
                f"SELECT ins.record_id, s.import_id, {s_codes}, s.persons FROM ins "
                "JOIN staging s ON s.dedupe_key = ins.dedupe_key"
            )
        cur.close()

    def close(self) -> None:
        """Rebuild the grouping indexes a bulk import dropped (still inside the transaction)."""
        if self.bulk:
            cur = self._conn.cursor()
            for column in _FACT_COLUMNS:
                cur.execute(_grouping_index(column))
            cur.close()
            self.bulk = False

    def _code(self, dim: str, value: str, label: str, lat: Any, lon: Any) -> int:
        code = self._codes.get((dim, value))
        if code is None:
            cur = self._conn.cursor()
            cur.execute(
                self._sql(
                    "INSERT INTO dims (dim, value, label, lat, lon) VALUES (?, ?, ?, ?, ?) "
                    "ON CONFLICT (dim, value) DO NOTHING"
                ),
                (dim, value, label, lat, lon),
            )
            cur.execute(
                self._sql("SELECT code FROM dims WHERE dim = ? AND value = ?"), (dim, value)
            )
            code = int(cur.fetchone()[0])
            cur.close()
            self._codes[(dim, value)] = code
        return code

    def _staged(self, row: tuple) -> tuple:
        codes = self._codes
        month = row[_POS["month"]]
        out = [int(month[:4]) * 100 + int(month[5:7])]
        for dim, pos in _DIM_POS.items():
            value = row[pos]
            code = codes.get((dim, value))
            if code is None:
                if dim == "place" and value.startswith("cell:"):
                    extra = (row[_POS["place_name"]], *cell_centre_of_key(value))
                elif dim == "place":
                    extra = (row[_POS["place_name"]], row[_POS["lat"]], row[_POS["lon"]])
                else:
                    extra = (value, None, None)
                code = self._code(dim, value, *extra)
            out.append(code)
        return (self.import_id, *row, *out)

    def add(self, rows: Sequence[tuple]) -> int:
        """Add validated rows ``(dedupe_key, *record)`` with keys unique within the import.

        Returns how many were new (the others are already in the store).
        """
        if not rows:
            return 0
        self.offered += len(rows)
        staged = [self._staged(row) for row in rows]
        cur = self._conn.cursor()
        if self._kind == "sqlite":
            marks = ", ".join("?" * len(self._staging_cols))
            cur.executemany(
                f"INSERT INTO staging ({', '.join(self._staging_cols)}) VALUES ({marks})", staged
            )
            cur.execute(self._insert_records)
            added = cur.rowcount
            cur.execute(self._insert_facts)
            if cur.rowcount != added:
                raise RuntimeError("records and facts disagree; the import is rolled back")
        else:
            with cur.copy(f"COPY staging ({', '.join(self._staging_cols)}) FROM STDIN") as copy:
                for item in staged:
                    copy.write_row(item)
            cur.execute(self._insert_records)
            added = cur.rowcount
        cur.execute("DELETE FROM staging")
        cur.close()
        self.added += added
        return added


class RecordStore:
    """Interception records, import log, users and sessions in one database.

    Parameters
    ----------
    url
        ``postgresql://...`` for PostgreSQL, ``sqlite:///path`` or a plain path for SQLite.
        Defaults to ``DATABASE_URL`` when it names PostgreSQL, else
        ``var_dir()/records.sqlite``.
    """

    def __init__(self, url: str | os.PathLike[str] | None = None):
        if url is None:
            env = os.environ.get("DATABASE_URL", "").strip()
            url = env if env.startswith(("postgres://", "postgresql://")) else None
        if url is None:
            url = var_dir() / "records.sqlite"
        text = str(url)
        if text.startswith(("postgres://", "postgresql://")):
            self.kind = "postgresql"
            self.url = text
        elif "://" in text and not text.startswith("sqlite://"):
            raise ValueError(f"unsupported database URL {text.split('://')[0]}://...")
        else:
            self.kind = "sqlite"
            path = Path(text.removeprefix("sqlite:///")) if "://" in text else Path(text)
            path.parent.mkdir(parents=True, exist_ok=True)
            self.url = str(path)
        self._ready = False

    def __repr__(self) -> str:
        where = self.url if self.kind == "sqlite" else self.url.split("@")[-1]
        return f"RecordStore({self.kind}: {where})"

    # -- connections --------------------------------------------------------------------------

    def _connect(self) -> Any:
        if self.kind == "sqlite":
            conn = sqlite3.connect(self.url, timeout=600, isolation_level=None)
            conn.execute("PRAGMA journal_mode=WAL")
            conn.execute("PRAGMA synchronous=FULL")
            conn.execute("PRAGMA foreign_keys=ON")
            conn.execute("PRAGMA temp_store=MEMORY")
            conn.execute(f"PRAGMA cache_size=-{_SQLITE_CACHE_KB}")
            return conn
        import psycopg

        return psycopg.connect(self.url, autocommit=False)

    def sql(self, text: str) -> str:
        """Adapt a query written with ``?`` placeholders to the store's driver."""
        return text if self.kind == "sqlite" else text.replace("?", "%s")

    @contextmanager
    def transaction(self, *, write: bool = True) -> Iterator[Any]:
        """A connection inside one transaction, committed on success, rolled back otherwise."""
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

    def query(self, text: str, params: Sequence[Any] = ()) -> list[tuple]:
        """Run one read query and return all its rows."""
        with self.transaction(write=False) as conn:
            cur = conn.cursor()
            cur.execute(self.sql(text), tuple(params))
            rows = cur.fetchall()
            cur.close()
            return rows

    def execute(self, text: str, params: Sequence[Any] = ()) -> int:
        """Run one write statement in its own transaction; return the affected row count."""
        with self.transaction() as conn:
            cur = conn.cursor()
            cur.execute(self.sql(text), tuple(params))
            count = cur.rowcount
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
                for statement in _ddl("sqlite"):
                    conn.execute(statement)
            else:
                with conn.cursor() as cur:
                    cur.execute("SELECT pg_advisory_xact_lock(72619)")
                    for statement in _ddl("postgresql"):
                        cur.execute(statement)
            conn.commit()
        except BaseException:
            conn.rollback()
            raise
        finally:
            conn.close()
        self._ready = True

    # -- imports ------------------------------------------------------------------------------

    @contextmanager
    def import_transaction(
        self,
        *,
        user: str,
        file_name: str,
        checksum: str,
        mode: str,
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
                    "status) VALUES (?, ?, ?, ?, ?, 'running') RETURNING import_id"
                ),
                (user, utc_now(), file_name, checksum, mode),
            )
            import_id = int(cur.fetchone()[0])
            cur.close()
            tx = ImportTransaction(
                conn, self.kind, import_id, self.sql, expected_rows=expected_rows
            )
            yield tx
            cur = conn.cursor()
            cur.execute(self.sql("SELECT status FROM imports WHERE import_id = ?"), (import_id,))
            if cur.fetchone()[0] == "running":
                raise RuntimeError("import_transaction closed without finish_import")
            cur.close()

    def finish_import(
        self,
        tx: ImportTransaction,
        *,
        rows_read: int,
        rejected: int,
        status: str = "committed",
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
                status,
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
        entry = ImportEntry(*cur.fetchone())
        cur.close()
        return entry

    def log_refused(
        self,
        *,
        user: str,
        file_name: str,
        checksum: str,
        mode: str,
        rows_read: int,
        rejected: int,
        status: str = "refused",
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
                raise KeyError(f"no import with id {import_id}")
            if row[0] != "committed":
                raise ValueError(f"import {import_id} cannot be undone: its status is {row[0]!r}")
            cur.execute(self.sql("DELETE FROM facts WHERE import_id = ?"), (int(import_id),))
            cur.execute(self.sql("DELETE FROM records WHERE import_id = ?"), (int(import_id),))
            removed = cur.rowcount
            cur.execute(
                self.sql(
                    "UPDATE imports SET status = 'undone', undone_by = ?, undone_at = ? "
                    "WHERE import_id = ?"
                ),
                (user, utc_now(), int(import_id)),
            )
            cur.close()
            return removed

    def import_log(self, *, limit: int = 200) -> list[ImportEntry]:
        """The most recent imports, newest first."""
        rows = self.query(
            f"SELECT {', '.join(_LOG_FIELDS)} FROM imports ORDER BY import_id DESC LIMIT ?",
            (int(limit),),
        )
        return [ImportEntry(*row) for row in rows]

    def count_records(self) -> int:
        """Number of stored records."""
        return int(self.query("SELECT COUNT(*) FROM records")[0][0])
