"""Log-in that holds: concurrent failures all counted, equal-time refusals, back-off per client,
password strength and user-name validation, on SQLite and on the real PostgreSQL server."""

from __future__ import annotations

import datetime as dt
import statistics
import threading
import time

import pytest

from geo.records.access import (
    AccountError,
    AuthError,
    AuthSettings,
    LockedOut,
    check_password,
    create_user,
    list_users,
    login,
)
from geo.records.importer import import_file
from tests.records.helpers import csv_bytes, many_rows

FAST = AuthSettings(bcrypt_rounds=4)
PASSWORD = "correct horse battery"


@pytest.fixture
def admin(store):
    create_user(store, "root", PASSWORD, role="admin", settings=FAST)
    return store


def _failures(store, name="root"):
    return store.auth.query(
        "SELECT client, failures, lockouts, locked_until FROM login_failures WHERE username = ?",
        (name,),
    )


def test_twelve_concurrent_wrong_passwords_are_all_counted_and_lock(admin):
    start = dt.datetime.now(dt.UTC)
    barrier = threading.Barrier(12)
    outcomes: list[str] = []

    def guess(i: int) -> None:
        barrier.wait()
        try:
            login(admin, "root", f"wrong guess {i}", client="10.0.0.9", settings=FAST, now=start)
        except LockedOut:
            outcomes.append("locked")
        except AuthError:
            outcomes.append("refused")

    threads = [threading.Thread(target=guess, args=(i,)) for i in range(12)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert len(outcomes) == 12
    ((client, failures, lockouts, until),) = _failures(admin)
    assert client == "10.0.0.9"
    assert lockouts == 1  # one lock-out, not a lost update leaving the counter at 1
    assert failures + FAST.max_failures * lockouts == 12  # every try counted
    assert outcomes.count("refused") == FAST.max_failures - 1
    with pytest.raises(LockedOut):
        login(admin, "root", PASSWORD, client="10.0.0.9", settings=FAST, now=start)
    just_before = dt.datetime.fromisoformat(until) - dt.timedelta(seconds=1)
    with pytest.raises(LockedOut):
        login(admin, "root", PASSWORD, client="10.0.0.9", settings=FAST, now=just_before)
    after = dt.datetime.fromisoformat(until) + dt.timedelta(seconds=1)
    assert login(admin, "root", PASSWORD, client="10.0.0.9", settings=FAST, now=after).token


def test_a_right_password_racing_wrong_ones_never_gets_in_once_locked(admin):
    start = dt.datetime.now(dt.UTC)
    for i in range(FAST.max_failures):
        with pytest.raises(AuthError):
            login(admin, "root", f"no {i}", client="tab", settings=FAST, now=start)
    barrier = threading.Barrier(10)
    results: list[object] = []

    def attempt(i: int) -> None:
        barrier.wait()
        try:
            password = PASSWORD if i == 0 else f"wrong {i}"
            results.append(login(admin, "root", password, client="tab", settings=FAST, now=start))
        except AuthError as err:
            results.append(err)

    threads = [threading.Thread(target=attempt, args=(i,)) for i in range(10)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert len(results) == 10 and all(isinstance(r, LockedOut) for r in results)


def test_a_stranger_cannot_lock_the_administrator_out(admin):
    start = dt.datetime.now(dt.UTC)
    for i in range(3 * FAST.max_failures):
        with pytest.raises(AuthError):
            login(admin, "root", f"guess {i}", client="203.0.113.5", settings=FAST, now=start)
    session = login(admin, "root", PASSWORD, client="192.0.2.10", settings=FAST, now=start)
    assert session.username == "root"
    assert list_users(admin, now=start)[0][2] is not None  # the admin list shows the lock


def test_back_off_doubles_each_lock_out_up_to_the_cap(admin):
    settings = AuthSettings(bcrypt_rounds=4, max_lockout=dt.timedelta(minutes=40))
    moment = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    spans = []
    for _ in range(4):
        for i in range(settings.max_failures):
            try:
                login(admin, "root", f"x{i}", client="c", settings=settings, now=moment)
            except LockedOut as err:
                until = err.until
            except AuthError:
                pass
        spans.append(until - moment)
        moment = until + dt.timedelta(seconds=1)
    assert spans == [dt.timedelta(minutes=m) for m in (15, 30, 40, 40)]


def test_unknown_names_are_locked_like_known_ones(admin):
    start = dt.datetime.now(dt.UTC)
    for name in ("root", "nobody"):
        for i in range(FAST.max_failures - 1):
            with pytest.raises(AuthError) as err:
                login(admin, name, f"g{i}", client="c", settings=FAST, now=start)
            assert type(err.value) is AuthError
        with pytest.raises(LockedOut):
            login(admin, name, "last", client="c", settings=FAST, now=start)


def _refusal_times(store, names: list[str], settings: AuthSettings, tries: int = 9) -> list[float]:
    """Median refusal time per name, the names interleaved so that load drift hits all alike."""
    times: dict[str, list[float]] = {name: [] for name in names}
    for i in range(tries):
        for name in names:
            begin = time.perf_counter()
            with pytest.raises(AuthError):
                login(store, name, "wrong password!", client=f"t{i}", settings=settings)
            times[name].append(time.perf_counter() - begin)
    return [statistics.median(times[name]) for name in names]


def test_refusal_takes_the_same_time_for_unknown_and_known_users(store):
    settings = AuthSettings(bcrypt_rounds=10, max_failures=100)
    create_user(store, "known", PASSWORD, role="analyst", settings=settings)
    _refusal_times(store, ["warm"], settings, tries=1)
    known, unknown, invalid = _refusal_times(store, ["known", "unknown", "bad\x00name"], settings)
    for other in (unknown, invalid):
        assert 0.5 < other / known < 2.0, (known, unknown, invalid)


@pytest.mark.parametrize(
    "name", ["ro\x00ot", "root\n", "ro ot", "r\x1bt", "a", "x" * 65, "", "rööt"]
)
def test_malformed_user_names_are_refused_cleanly(admin, name):
    with pytest.raises(AuthError, match="wrong user name or password"):
        login(admin, name, PASSWORD, client="c", settings=FAST)
    with pytest.raises(AccountError, match="user name"):
        create_user(admin, name, PASSWORD, role="analyst", settings=FAST)


@pytest.mark.parametrize(
    ("password", "reason"),
    [
        (" " * 10, "only spaces"),
        (" " * 12, "only spaces"),
        ("a" * 12, "different characters"),
        ("ababababab", "different characters"),
        ("password123", "common"),
        ("Password123", "common"),
        ("1234567890", "different characters|common"),
        ("my-root-account", "user name"),
        ("tab\there ok!", "control"),
        ("short1!", "at least 10"),
        ("é" * 37, "72 bytes"),
    ],
)
def test_weak_passwords_are_refused(admin, password, reason):
    with pytest.raises(AccountError, match=reason):
        create_user(admin, "root2x", password.replace("root", "root2x"), role="analyst",
                    settings=FAST)  # fmt: skip


@pytest.mark.parametrize("password", ["abcdef7890", "correct horse battery", "Zq8!vL2@pw"])
def test_passwords_at_the_limits_are_accepted(password):
    check_password(password, username="root")


def test_log_ins_do_not_wait_for_an_import(store, monkeypatch):
    """An import holding the records' write lock does not delay a log-in (accounts apart)."""
    create_user(store, "root", PASSWORD, role="admin", settings=FAST)
    entered, release = threading.Event(), threading.Event()
    original = store.import_transaction

    def slow_import_transaction(**kwargs):
        class Slow:
            def __enter__(self_inner):
                self_inner.cm = original(**kwargs)
                tx = self_inner.cm.__enter__()
                entered.set()
                release.wait(30)
                return tx

            def __exit__(self_inner, *exc):
                return self_inner.cm.__exit__(*exc)

        return Slow()

    monkeypatch.setattr(store, "import_transaction", slow_import_transaction)
    worker = threading.Thread(
        target=import_file,
        args=(store, csv_bytes(many_rows(20))),
        kwargs={"file_name": "a.csv", "user": "root"},
    )
    worker.start()
    assert entered.wait(30)
    try:
        begin = time.perf_counter()
        session = login(store, "root", PASSWORD, client="c", settings=FAST)
        with pytest.raises(AuthError):
            login(store, "root", "wrong password", client="c", settings=FAST)
        elapsed = time.perf_counter() - begin
    finally:
        release.set()
        worker.join(60)
    assert session.token and elapsed < 5
    assert store.count_records() == 20
