"""Database plumbing shared by the records and the accounts: one URL parser, one DB-API wrapper.

``database_location`` is the one parser of ``DATABASE_URL`` (and of ``--database``);
``Database`` speaks plain DB-API to SQLite or PostgreSQL (connections, transactions, one-off
statements, schema on first use); ``AuthDatabase`` holds the accounts, sessions and log-in
failures, on SQLite in a file of its own so that no import's write lock delays a log-in.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from geo.errors import UserInputError
from geo.paths import var_dir
from geo.records.writer import auth_ddl

__all__ = ["AuthDatabase", "Database", "DatabaseLocation", "DatabaseURLError", "database_location"]

_SQLITE_CACHE_KB = 200_000
"""Page cache per SQLite connection (KiB): a million-row import keeps its indexes in memory."""


class DatabaseURLError(UserInputError, ValueError):
    """``DATABASE_URL`` (or a ``--database`` option) names a database this app cannot use."""


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
