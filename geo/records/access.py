"""Who may see what: roles, users with salted password hashes, lock-out and expiring sessions.

Three roles. ``public`` is what a donor briefing may show (the report's own figures and
aggregates of records with small counts suppressed); it needs no log-in. ``analyst`` sees
record-level data and exact aggregates. ``admin`` also imports, undoes imports and manages users.
Passwords are stored only as bcrypt hashes (salted, deliberately slow) and must pass a minimum
strength check; user names are letters, digits and ``. _ @ -`` only (no control character, no
NUL byte, which PostgreSQL would refuse).

Log-in failures are counted and locked out per user name *and client* (``geo.records.lockout``,
whose names are importable from here too); every refusal costs one bcrypt check at the
accounts' cost, so neither the answer nor its timing tells whether a user name exists. A session
token expires. The functions that serve data (``geo.records.service``) check the role
themselves; hiding a page is never the only barrier.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import re
import secrets
from dataclasses import dataclass
from enum import StrEnum

import bcrypt

from geo import disclosure
from geo.errors import AccessError, UserInputError
from geo.records.lockout import _INVALID_NAME, _client_key, _lock_of, _locked_row, _now
from geo.records.lockout import AuthError as AuthError
from geo.records.lockout import AuthSettings as AuthSettings
from geo.records.lockout import LockedOut as LockedOut
from geo.records.lockout import record_failure as record_failure
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


class Forbidden(AccessError, PermissionError):
    """The session's role does not allow this."""


class AccountError(UserInputError, ValueError):
    """An account cannot be created as asked (name, password, role or a taken name)."""


class UnknownUser(UserInputError, KeyError):
    """No account has this name."""

    def __str__(self) -> str:
        return str(self.args[0]) if self.args else "no such user"


def require(session: Session, role: Role, *, action: str) -> None:
    """Raise ``Forbidden`` (a ``PermissionError``) unless ``session`` has at least ``role``."""
    if session.role.rank < role.rank:
        raise Forbidden(
            f"{action} needs the {role.value} role; this session is {session.role.value}"
        )


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


_USERNAME = re.compile(r"[A-Za-z0-9._@-]{2,64}")
COMMON_PASSWORDS = frozenset(
    {
        "password", "password1", "password12", "password123", "password1234", "passw0rd",
        "1234567890", "12345678910", "0123456789", "9876543210", "qwertyuiop", "qwertyuiop1",
        "asdfghjkl1", "1q2w3e4r5t", "iloveyou12", "letmein123", "welcome123", "admin12345",
        "administrator", "changeme12", "abcdefghij", "abcd123456", "pakistan123",
    }
)  # fmt: skip
"""Passwords refused whatever their length: the first ones a guesser tries."""


def valid_username(username: str) -> bool:
    """True for 2-64 letters, digits or ``. _ @ -`` (no space, control character or NUL)."""
    return isinstance(username, str) and _USERNAME.fullmatch(username) is not None


def check_password(
    password: str, *, username: str = "", settings: AuthSettings | None = None
) -> None:
    """Raise ``AccountError`` saying why ``password`` is too weak; return quietly if it is not."""
    settings = settings or AuthSettings()
    if len(password) < settings.min_password_length:
        raise AccountError(f"password must have at least {settings.min_password_length} characters")
    if len(password.encode()) > 72:
        raise AccountError("password must be at most 72 bytes (a bcrypt limit)")
    if any(ord(c) < 32 or ord(c) == 127 for c in password):
        raise AccountError("password must not contain control characters")
    if not password.strip():
        raise AccountError("password must not be only spaces")
    if len(set(password)) < settings.min_distinct_characters:
        raise AccountError(
            f"password must use at least {settings.min_distinct_characters} different characters"
        )
    if password.lower() in COMMON_PASSWORDS:
        raise AccountError("password is one of the most common ones; choose another")
    if len(username) >= 3 and username.lower() in password.lower():
        raise AccountError("password must not contain the user name")


@functools.cache
def _dummy_hash(rounds: int) -> bytes:
    """A valid hash of the accounts' cost, checked when the user does not exist (equal time)."""
    return bcrypt.hashpw(secrets.token_bytes(16), bcrypt.gensalt(rounds=rounds))


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
    try:
        role = Role(role)
    except ValueError:
        raise AccountError(f"unknown role {role!r}; choose analyst or admin") from None
    if role is Role.PUBLIC:
        raise AccountError("public needs no account; choose analyst or admin")
    if not valid_username(username):
        raise AccountError("user name: 2-64 letters, digits or . _ @ -")
    check_password(password, username=username, settings=settings)
    hashed = bcrypt.hashpw(password.encode(), bcrypt.gensalt(rounds=settings.bcrypt_rounds))
    added = store.auth.execute(
        "INSERT INTO users (username, password_hash, role, created_at) VALUES (?, ?, ?, ?) "
        "ON CONFLICT (username) DO NOTHING",
        (username, hashed.decode(), role.value, _now(None).isoformat()),
    )
    if not added:
        raise AccountError(f"user {username!r} already exists")


def delete_user(store: RecordStore, username: str) -> None:
    """Remove a user, all their sessions and their failure counts."""
    auth = store.auth
    with auth.transaction() as conn:
        cur = conn.cursor()
        cur.execute(auth.sql("DELETE FROM sessions WHERE username = ?"), (username,))
        cur.execute(auth.sql("DELETE FROM login_failures WHERE username = ?"), (username,))
        cur.execute(auth.sql("DELETE FROM users WHERE username = ?"), (username,))
        removed = cur.rowcount
        cur.close()
    if not removed:
        raise UnknownUser(f"no user {username!r}")


def list_users(
    store: RecordStore, *, now: dt.datetime | None = None
) -> list[tuple[str, str, str | None]]:
    """``(username, role, locked_until)`` of every user; the lock is the latest of any client."""
    moment = _now(now).isoformat()
    return [
        (u, r, lock)
        for u, r, lock in store.auth.query(
            "SELECT u.username, u.role, (SELECT MAX(f.locked_until) FROM login_failures f "
            "WHERE f.username = u.username AND f.locked_until > ?) FROM users u ORDER BY 1",
            (moment,),
        )
    ]


def login(
    store: RecordStore,
    username: str,
    password: str,
    *,
    client: str | None = None,
    settings: AuthSettings | None = None,
    now: dt.datetime | None = None,
) -> Session:
    """Check a password and open a session; count failures and lock out per user and client.

    Every refusal (unknown name, malformed name, wrong password, locked out) costs one bcrypt
    check at ``settings.bcrypt_rounds``, so its time does not tell whether the name exists.
    ``client`` identifies where the try comes from (the browser's address); tries without one
    share the client ``unknown``.
    """
    settings = settings or AuthSettings()
    moment = _now(now)
    auth = store.auth
    client_key = _client_key(client)
    secret = password.encode(errors="replace")[:72]  # UTF-8; bcrypt reads 72 bytes
    name = username if valid_username(username) else _INVALID_NAME
    until = _lock_of(auth, name, client_key, moment)
    if until is not None:
        bcrypt.checkpw(secret, _dummy_hash(settings.bcrypt_rounds))
        raise LockedOut(until)
    # no account can be named _INVALID_NAME, so that key finds nothing
    rows = auth.query("SELECT password_hash, role FROM users WHERE username = ?", (name,))
    hashed = rows[0][0].encode() if rows else _dummy_hash(settings.bcrypt_rounds)
    if not bcrypt.checkpw(secret, hashed) or not rows:
        until = record_failure(store, name, client_key, settings=settings, now=moment)
        if until is not None:
            raise LockedOut(until)
        raise AuthError("wrong user name or password")
    role = rows[0][1]
    token = secrets.token_urlsafe()  # 32 random bytes
    expires = moment + settings.session_length
    with auth.transaction() as conn:
        cur = conn.cursor()
        _, _, locked_until = _locked_row(auth, cur, name, client_key)
        if locked_until and dt.datetime.fromisoformat(locked_until) > moment:
            # concurrent failures locked this pair while the password was being checked
            cur.close()
            locked = dt.datetime.fromisoformat(locked_until)
        else:
            locked = None
            cur.execute(
                auth.sql("DELETE FROM login_failures WHERE username = ? AND client = ?"),
                (name, client_key),
            )
            cur.execute(
                auth.sql("DELETE FROM sessions WHERE expires_at < ?"), (moment.isoformat(),)
            )
            cur.execute(
                auth.sql(
                    "INSERT INTO sessions (token_hash, username, created_at, expires_at) "
                    "VALUES (?, ?, ?, ?)"
                ),
                (_token_hash(token), name, moment.isoformat(), expires.isoformat()),
            )
            cur.close()
    if locked is not None:
        raise LockedOut(locked)
    return Session(Role(role), name, token, expires)


def session_from_token(
    store: RecordStore, token: str | None, *, now: dt.datetime | None = None
) -> Session:
    """The session a token stands for, or ``PUBLIC`` if it is unknown or expired.

    The role is read from the users table on every call, so a changed or deleted account takes
    effect at once.
    """
    if not token:
        return PUBLIC
    rows = store.auth.query(
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
        store.auth.execute("DELETE FROM sessions WHERE token_hash = ?", (_token_hash(token),))


def suppression_threshold() -> int:
    """Counts below this are shown to the public as ``<N`` (see ``geo.disclosure``)."""
    return disclosure.threshold_from_env()
