"""Lock-out rules: failed log-ins counted per user name and client, with back-off.

Log-in failures are counted per user name *and client* (the browser's address), in the database
under a row lock, so concurrent tries are all counted. After ``max_failures`` failures that pair
is locked for ``lockout``; each further lock-out of the same pair doubles the time, up to
``max_lockout`` (back-off). A stranger guessing from elsewhere therefore locks only themselves
out, never the administrator at their own desk. Names that do not exist are counted and locked
in the same way (malformed ones under one shared key). :class:`AuthSettings` holds these rules
with the session and password rules that ``geo.records.access`` applies.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from dataclasses import dataclass
from typing import Any

from geo.errors import AccessError
from geo.records.store import AuthDatabase, RecordStore

log = logging.getLogger(__name__)

_CLIENT_UNSAFE = re.compile(r"[^A-Za-z0-9.:_\-\[\]]")
_INVALID_NAME = "(invalid name)"
"""The key under which failures with a malformed user name are counted."""


@dataclass(frozen=True)
class AuthSettings:
    """Lock-out and session rules; the defaults suit an office deployment."""

    max_failures: int = 5
    """Failed log-ins of one user name from one client before that pair is locked."""
    lockout: dt.timedelta = dt.timedelta(minutes=15)
    """First lock-out; each further one of the same pair doubles it."""
    max_lockout: dt.timedelta = dt.timedelta(hours=24)
    """Longest lock-out the back-off reaches."""
    session_length: dt.timedelta = dt.timedelta(hours=8)
    bcrypt_rounds: int = 12
    min_password_length: int = 10
    min_distinct_characters: int = 6


class AuthError(AccessError):
    """Log-in refused; the message never says whether the user name exists."""


class LockedOut(AuthError):
    """Too many failed log-ins from this client; locked until ``until``."""

    def __init__(self, until: dt.datetime):
        self.until = until
        super().__init__(
            f"too many failed log-ins: try again after {until:%Y-%m-%d %H:%M} UTC "
            "or ask an administrator"
        )


def _now(now: dt.datetime | None) -> dt.datetime:
    return now or dt.datetime.now(dt.UTC)


def _client_key(client: str | None) -> str:
    return _CLIENT_UNSAFE.sub("_", str(client or "unknown"))[:100]


def _lock_of(auth: AuthDatabase, name: str, client: str, moment: dt.datetime) -> dt.datetime | None:
    rows = auth.query(
        "SELECT locked_until FROM login_failures WHERE username = ? AND client = ?", (name, client)
    )
    if rows and rows[0][0]:
        until = dt.datetime.fromisoformat(rows[0][0])
        if until > moment:
            return until
    return None


def _locked_row(auth: AuthDatabase, cur: Any, name: str, client: str) -> tuple[Any, ...]:
    """The failure row of ``(name, client)``, created if needed and locked until commit."""
    cur.execute(
        auth.sql(
            "INSERT INTO login_failures (username, client) VALUES (?, ?) "
            "ON CONFLICT (username, client) DO NOTHING"
        ),
        (name, client),
    )
    lock = " FOR UPDATE" if auth.kind == "postgresql" else ""  # SQLite: BEGIN IMMEDIATE
    cur.execute(
        auth.sql(
            "SELECT failures, lockouts, locked_until FROM login_failures "
            f"WHERE username = ? AND client = ?{lock}"
        ),
        (name, client),
    )
    return tuple(cur.fetchone())


def record_failure(
    store: RecordStore,
    name: str,
    client: str,
    *,
    settings: AuthSettings,
    now: dt.datetime | None = None,
) -> dt.datetime | None:
    """Count one failed log-in of ``(name, client)`` atomically; return the lock's end if locked.

    Read, decision and write happen in one transaction holding the row's lock, so concurrent
    failures are all counted. Failures during a lock-out still count towards the next one.
    """
    moment = _now(now)
    auth = store.auth
    with auth.transaction() as conn:
        cur = conn.cursor()
        failures, lockouts, locked_until = _locked_row(auth, cur, name, client)
        failures += 1
        current = dt.datetime.fromisoformat(locked_until) if locked_until else None
        if current is not None and current > moment:
            until: dt.datetime | None = current
        elif failures >= settings.max_failures:
            lockouts += 1
            span = min(settings.lockout * 2 ** (lockouts - 1), settings.max_lockout)
            until, failures = moment + span, 0
            log.warning("log-in locked for %s from %s until %s", name, client, until)
        else:
            until = None
        cur.execute(
            auth.sql(
                "UPDATE login_failures SET failures = ?, lockouts = ?, locked_until = ?, "
                "last_failure = ? WHERE username = ? AND client = ?"
            ),
            (failures, lockouts, until.isoformat() if until else locked_until,
             moment.isoformat(), name, client),
        )  # fmt: skip
        cur.close()
    return until
