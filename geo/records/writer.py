"""The tables of the records store and the writer of one import's batches.

``records`` keeps every field as imported (for record-level views). ``facts`` keeps one row of
integer codes per record (month as YYYYMM, every category as a code from ``dims``) for the
aggregations; on SQLite each category also has a covering index ``(category, month, persons)``
so grouping reads an index in order instead of sorting a million rows. The writer fills
``records`` and ``facts`` from the same staged batch inside the import's transaction, so the two
always describe exactly the same records.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from geo.records.schema import RECORD_FIELDS, cell_centre_of_key

STORED_FIELDS: tuple[str, ...] = ("import_id", "dedupe_key", *RECORD_FIELDS)

FACT_DIMS: tuple[str, ...] = (
    "place", "district", "event_type", "crime_type", "agency", "nationality",
    "origin_district", "sex", "age_group", "corridor",
)  # fmt: skip
"""Category columns of ``facts``; each holds a code from ``dims``."""

_POS = {name: i + 1 for i, name in enumerate(RECORD_FIELDS)}  # +1: dedupe key comes first
_DIM_POS = {dim: _POS["place_key" if dim == "place" else dim] for dim in FACT_DIMS}
_FACT_COLUMNS = ("month", *FACT_DIMS)


def ddl(kind: str) -> list[str]:
    """CREATE statements of the record tables and indexes, for ``sqlite`` or ``postgresql``."""
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
    ]


def auth_ddl(kind: str) -> list[str]:
    """CREATE statements of the accounts, sessions and log-in failure tables.

    On SQLite they live in a database file of their own, so that a log-in never waits for the
    write lock an import holds on the records file; on PostgreSQL, in the same database (row
    locks do not conflict there).
    """
    return [
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
        # Failed log-ins per user name (known or not) and client: the lock-out and its back-off.
        """CREATE TABLE IF NOT EXISTS login_failures (
            username TEXT NOT NULL,
            client TEXT NOT NULL,
            failures INTEGER NOT NULL DEFAULT 0,
            lockouts INTEGER NOT NULL DEFAULT 0,
            locked_until TEXT,
            last_failure TEXT,
            PRIMARY KEY (username, client)
        )""",
    ]


def _grouping_index(column: str) -> str:
    return f"CREATE INDEX IF NOT EXISTS facts_by_{column} ON facts ({column}, month, persons)"


BULK_MIN_ROWS = 50_000
"""On SQLite, an import expected to add more rows than this and than the store already holds
drops the grouping indexes and rebuilds them once at its end (inside its transaction): sorting
once is several times faster than updating eleven indexes row by row."""


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
            cur.execute("PRAGMA cache_size")
            cache = cur.fetchone()[0]
            cur.execute("PRAGMA cache_size=-2000")  # index builds sort faster with a small cache
            for column in _FACT_COLUMNS:
                cur.execute(_grouping_index(column))
            cur.execute(f"PRAGMA cache_size={int(cache)}")
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
                extra: tuple[Any, Any, Any]
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
