"""Who may see what: roles, users with salted password hashes, lock-out and expiring sessions.

Three roles. ``public`` is what a donor briefing may show (the report's own figures and
aggregates of records with small counts suppressed); it needs no log-in. ``analyst`` sees
record-level data and exact aggregates. ``admin`` also imports, undoes imports and manages users.
Passwords are stored only as bcrypt hashes (salted, deliberately slow). Repeated failures lock an
account for a while, and a session token expires. The functions that serve data
(``geo.records.service``) check the role themselves; hiding a page is never the only barrier.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import re
import secrets
from dataclasses import dataclass
from enum import StrEnum

import bcrypt

from geo.records.store import RecordStore


class Role(StrEnum):
    """Access roles, from least to most privileged."""

    PUBLIC = "public"
    ANALYST = "analyst"
    ADMIN = "admin"

    @property
    def rank(self) -> int:
        """0 for public, 1 for analyst, 2 for admin."""
        return list(Role).index(self)


@dataclass(frozen=True)
class AuthSettings:
    """Lock-out and session rules; the defaults suit an office deployment."""

    max_failures: int = 5
    lockout: dt.timedelta = dt.timedelta(minutes=15)
    session_length: dt.timedelta = dt.timedelta(hours=8)
    bcrypt_rounds: int = 12
    min_password_length: int = 10


@dataclass(frozen=True)
class Session:
    """Who is asking. The public session has no user and no token."""

    role: Role
    username: str | None = None
    token: str | None = None
    expires_at: dt.datetime | None = None

    @property
    def is_public(self) -> bool:
        """True for the anonymous, public session."""
        return self.role is Role.PUBLIC


PUBLIC = Session(Role.PUBLIC)


class AuthError(Exception):
    """Log-in refused; the message never says whether the user name exists."""


class LockedOut(AuthError):
    """Too many failed log-ins; the account is locked until ``until``."""

    def __init__(self, until: dt.datetime):
        self.until = until
        super().__init__(
            f"too many failed log-ins: try again after {until:%Y-%m-%d %H:%M} UTC "
            "or ask an administrator"
        )


def require(session: Session, role: Role, *, action: str) -> None:
    """Raise ``PermissionError`` unless ``session`` has at least ``role``."""
    if session.role.rank < role.rank:
        raise PermissionError(
            f"{action} needs the {role.value} role; this session is {session.role.value}"
        )


def _now(now: dt.datetime | None) -> dt.datetime:
    return now or dt.datetime.now(dt.UTC)


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


_USERNAME = re.compile(r"^[A-Za-z0-9._@-]{2,64}$")
# A valid hash to compare against when the user does not exist, so timing does not tell.
_DUMMY_HASH = bcrypt.hashpw(b"route-atlas-no-such-user", bcrypt.gensalt(rounds=4))


def create_user(
    store: RecordStore,
    username: str,
    password: str,
    *,
    role: Role | str,
    settings: AuthSettings | None = None,
) -> None:
    """Add a user with a bcrypt-hashed password; refuse weak passwords and taken names."""
    settings = settings or AuthSettings()
    role = Role(role)
    if role is Role.PUBLIC:
        raise ValueError("public needs no account; choose analyst or admin")
    if not _USERNAME.match(username):
        raise ValueError("user name: 2-64 letters, digits or . _ @ -")
    if len(password) < settings.min_password_length:
        raise ValueError(f"password must have at least {settings.min_password_length} characters")
    if len(password.encode()) > 72:
        raise ValueError("password must be at most 72 bytes (a bcrypt limit)")
    hashed = bcrypt.hashpw(password.encode(), bcrypt.gensalt(rounds=settings.bcrypt_rounds))
    if store.query("SELECT 1 FROM users WHERE username = ?", (username,)):
        raise ValueError(f"user {username!r} already exists")
    store.execute(
        "INSERT INTO users (username, password_hash, role, created_at) VALUES (?, ?, ?, ?)",
        (username, hashed.decode(), role.value, _now(None).isoformat()),
    )


def delete_user(store: RecordStore, username: str) -> None:
    """Remove a user and all their sessions."""
    store.execute("DELETE FROM sessions WHERE username = ?", (username,))
    if not store.execute("DELETE FROM users WHERE username = ?", (username,)):
        raise KeyError(f"no user {username!r}")


def list_users(store: RecordStore) -> list[tuple[str, str, str | None]]:
    """``(username, role, locked_until)`` of every user."""
    return [
        (u, r, lock)
        for u, r, lock in store.query("SELECT username, role, locked_until FROM users ORDER BY 1")
    ]


def login(
    store: RecordStore,
    username: str,
    password: str,
    *,
    settings: AuthSettings | None = None,
    now: dt.datetime | None = None,
) -> Session:
    """Check a password and open a session; count failures and lock the account if needed."""
    settings = settings or AuthSettings()
    moment = _now(now)
    rows = store.query(
        "SELECT password_hash, role, failed_logins, locked_until FROM users WHERE username = ?",
        (username,),
    )
    if not rows:
        bcrypt.checkpw(password.encode()[:72], _DUMMY_HASH)
        raise AuthError("wrong user name or password")
    hashed, role, failures, locked_until = rows[0]
    if locked_until and dt.datetime.fromisoformat(locked_until) > moment:
        raise LockedOut(dt.datetime.fromisoformat(locked_until))
    if not bcrypt.checkpw(password.encode()[:72], hashed.encode()):
        failures += 1
        lock = None
        if failures >= settings.max_failures:
            lock = (moment + settings.lockout).isoformat()
            failures = 0
        store.execute(
            "UPDATE users SET failed_logins = ?, locked_until = ? WHERE username = ?",
            (failures, lock, username),
        )
        if lock:
            raise LockedOut(dt.datetime.fromisoformat(lock))
        raise AuthError("wrong user name or password")
    token = secrets.token_urlsafe(32)
    expires = moment + settings.session_length
    with store.transaction() as conn:
        cur = conn.cursor()
        cur.execute(
            store.sql("UPDATE users SET failed_logins = 0, locked_until = NULL WHERE username = ?"),
            (username,),
        )
        cur.execute(store.sql("DELETE FROM sessions WHERE expires_at < ?"), (moment.isoformat(),))
        cur.execute(
            store.sql(
                "INSERT INTO sessions (token_hash, username, created_at, expires_at) "
                "VALUES (?, ?, ?, ?)"
            ),
            (_token_hash(token), username, moment.isoformat(), expires.isoformat()),
        )
        cur.close()
    return Session(Role(role), username, token, expires)


def session_from_token(
    store: RecordStore, token: str | None, *, now: dt.datetime | None = None
) -> Session:
    """The session a token stands for, or ``PUBLIC`` if it is unknown or expired.

    The role is read from the users table on every call, so a changed or deleted account takes
    effect at once.
    """
    if not token:
        return PUBLIC
    rows = store.query(
        "SELECT s.expires_at, u.username, u.role FROM sessions s "
        "JOIN users u ON u.username = s.username WHERE s.token_hash = ?",
        (_token_hash(token),),
    )
    if not rows:
        return PUBLIC
    expires_at, username, role = rows[0]
    expires = dt.datetime.fromisoformat(expires_at)
    if expires <= _now(now):
        logout(store, token)
        return PUBLIC
    return Session(Role(role), username, token, expires)


def logout(store: RecordStore, token: str | None) -> None:
    """End a session (its token stops working)."""
    if token:
        store.execute("DELETE FROM sessions WHERE token_hash = ?", (_token_hash(token),))


def suppression_threshold() -> int:
    """Counts below this are shown to the public as ``<N``; ``ROUTE_ATLAS_SUPPRESS_BELOW``."""
    value = os.environ.get("ROUTE_ATLAS_SUPPRESS_BELOW", "5")
    try:
        threshold = int(value)
    except ValueError:
        message = f"ROUTE_ATLAS_SUPPRESS_BELOW must be a whole number, not {value!r}"
        raise ValueError(message) from None
    if threshold < 1:
        raise ValueError("ROUTE_ATLAS_SUPPRESS_BELOW must be at least 1")
    return threshold
