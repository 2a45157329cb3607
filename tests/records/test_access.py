"""Roles, passwords, lock-out, session expiry, and what a public session can read."""

from __future__ import annotations

import datetime as dt

import bcrypt
import pandas as pd
import pytest

from geo import disclosure
from geo.records import service
from geo.records.access import (
    PUBLIC,
    AuthError,
    AuthSettings,
    LockedOut,
    Role,
    create_user,
    login,
    logout,
    session_from_token,
)
from geo.records.aggregate import RecordFilter
from geo.records.importer import import_file
from tests.records.helpers import csv_bytes, many_rows, row

FAST = AuthSettings(bcrypt_rounds=4)
PASSWORD = "correct horse battery"


@pytest.fixture
def users(store):
    create_user(store, "ana", PASSWORD, role="analyst", settings=FAST)
    create_user(store, "root", PASSWORD, role=Role.ADMIN, settings=FAST)
    return store


def test_passwords_are_stored_only_as_salted_bcrypt_hashes(users):
    create_user(users, "ana2", PASSWORD, role="analyst", settings=FAST)
    hashes = dict(users.auth.query("SELECT username, password_hash FROM users"))
    assert PASSWORD not in "".join(hashes.values())
    assert hashes["ana"] != hashes["ana2"]  # same password, different salt
    assert bcrypt.checkpw(PASSWORD.encode(), hashes["ana"].encode())


@pytest.mark.parametrize(
    ("name", "password", "role", "message"),
    [
        ("bob", "short", "analyst", "at least 10"),
        ("bob", PASSWORD, "public", "public needs no account"),
        ("b o b", PASSWORD, "analyst", "user name"),
        ("ana", PASSWORD, "analyst", "already exists"),
        ("bob", "x" * 80, "analyst", "72 bytes"),
    ],
)
def test_create_user_refuses_bad_input(users, name, password, role, message):
    with pytest.raises(ValueError, match=message):
        create_user(users, name, password, role=role, settings=FAST)


def test_login_and_logout(users):
    session = login(users, "ana", PASSWORD, settings=FAST)
    assert session.role is Role.ANALYST and session.token
    assert session_from_token(users, session.token).username == "ana"
    logout(users, session.token)
    assert session_from_token(users, session.token) is PUBLIC
    assert session_from_token(users, "forged-token") is PUBLIC
    assert session_from_token(users, None) is PUBLIC


def test_wrong_password_and_unknown_user_give_the_same_message(users):
    with pytest.raises(AuthError) as wrong:
        login(users, "ana", "not the password", settings=FAST)
    with pytest.raises(AuthError) as unknown:
        login(users, "nobody", "not the password", settings=FAST)
    assert str(wrong.value) == str(unknown.value) == "wrong user name or password"


def test_lock_out_after_repeated_failures_then_release(users):
    now = dt.datetime(2030, 1, 1, 12, tzinfo=dt.UTC)
    for _ in range(FAST.max_failures - 1):
        with pytest.raises(AuthError):
            login(users, "ana", "wrong password", settings=FAST, now=now)
    with pytest.raises(LockedOut):
        login(users, "ana", "wrong password", settings=FAST, now=now)
    with pytest.raises(LockedOut):  # even the right password is refused while locked
        login(users, "ana", PASSWORD, settings=FAST, now=now + dt.timedelta(minutes=5))
    later = now + FAST.lockout + dt.timedelta(seconds=1)
    assert login(users, "ana", PASSWORD, settings=FAST, now=later).role is Role.ANALYST


def test_sessions_expire(users):
    start = dt.datetime.now(dt.UTC)
    session = login(users, "root", PASSWORD, settings=FAST, now=start)
    assert session_from_token(users, session.token, now=start).role is Role.ADMIN
    after = start + FAST.session_length + dt.timedelta(seconds=1)
    assert session_from_token(users, session.token, now=after) is PUBLIC
    assert session_from_token(users, session.token, now=start) is PUBLIC  # deleted on expiry


def test_role_change_applies_to_open_sessions(users):
    session = login(users, "root", PASSWORD, settings=FAST)
    users.auth.execute("UPDATE users SET role = 'analyst' WHERE username = 'root'")
    assert session_from_token(users, session.token).role is Role.ANALYST


def _loaded(store):
    rows = many_rows(60)
    rows.append(row(place="Jiwani", count="2", note="small"))
    import_file(store, csv_bytes(rows), file_name="x.csv", user="t")
    return store


def test_public_cannot_read_record_level_data_or_admin_functions(users, tmp_path):
    store = _loaded(users)
    with pytest.raises(PermissionError, match="analyst"):
        service.records(store, PUBLIC)
    for call in (
        lambda: service.import_log(store, PUBLIC),
        lambda: service.undo(store, PUBLIC, 1),
        lambda: service.check_upload(PUBLIC, b"", file_name="x.csv"),
        lambda: service.import_upload(
            store, PUBLIC, csv_bytes([row()]), file_name="x.csv", drop_bad_rows=False
        ),
        lambda: service.categories(store, PUBLIC, "place"),
    ):
        with pytest.raises(PermissionError):
            call()
    analyst = login(store, "ana", PASSWORD, settings=FAST)
    assert len(service.records(store, analyst)) == 61
    with pytest.raises(PermissionError, match="admin"):
        service.undo(store, analyst, 1)
    admin = login(store, "root", PASSWORD, settings=FAST)
    assert len(service.import_log(store, admin)) == 1
    assert store.count_records() == 61


def _nearest_multiple(n: int, base: int) -> int:
    """Oracle: the multiple of ``base`` closest to ``n``, the larger one on a tie."""
    return min(range(0, n + base + 1, base), key=lambda m: (abs(m - n), -m))


def test_public_aggregates_suppress_small_counts_and_round_the_rest(users):
    store = _loaded(users)
    exact = service.summary(store, login(store, "ana", PASSWORD, settings=FAST), "place")
    public = service.summary(store, PUBLIC, "place")
    assert set(exact["disclosure"]) == {"exact"}
    small_exact = exact.set_index("place_name").loc["Jiwani", "persons"]
    assert small_exact < 5  # the fixture holds a small count to suppress
    row_ = public.set_index("place_name").loc["Jiwani"]
    assert row_["persons_shown"] == "<5" and bool(row_["suppressed"])
    assert row_["disclosure"] == "suppressed"
    assert "records" not in public.columns
    assert str(small_exact) not in public.loc[public.place_name == "Jiwani"].astype(str).values
    large = public[~public.suppressed]
    assert set(large["disclosure"]) == {"rounded"}
    merged = large.merge(exact, on="place_key", suffixes=("", "_exact"))
    expected = [_nearest_multiple(int(n), 5) for n in merged["persons_exact"]]
    assert merged["persons"].astype(int).tolist() == expected
    assert (merged["persons_shown"] == merged["persons"].astype(str)).all()
    assert service.summary(store, PUBLIC, "place", threshold=1000)["suppressed"].all()


def test_public_total_and_threshold_setting(users, monkeypatch):
    store = _loaded(users)
    tiny = RecordFilter(place_keys=("jiwani",))
    assert service.period_total(store, PUBLIC, tiny) == "<5"
    monkeypatch.setenv("ROUTE_ATLAS_SUPPRESS_BELOW", "2")
    assert service.period_total(store, PUBLIC, tiny) not in ("<5", "<2")
    monkeypatch.setenv("ROUTE_ATLAS_SUPPRESS_BELOW", "many")
    with pytest.raises(ValueError, match="whole number"):
        service.summary(store, PUBLIC, "month")


def test_a_lone_small_count_cannot_be_recovered_from_its_table():
    frame = pd.DataFrame({"place_name": ["A", "B", "C"], "persons": [3, 40, 12], "records": 1})
    public = service.suppress(frame, 5).set_index("place_name")
    assert public.loc["A", "persons_shown"] == "<5"
    assert public.loc["B", "persons_shown"] == "40"
    assert public.loc["C", "persons_shown"] == "10"
    assert public["persons"].isna().sum() == 1
    total = disclosure.DisclosureRule(5).publish(3 + 40 + 12)
    assert total == 55
    assert total - 40 - 10 != 3


def test_two_small_counts_are_both_suppressed():
    frame = pd.DataFrame({"place_name": ["A", "B", "C"], "persons": [3, 2, 12]})
    public = service.suppress(frame, 5).set_index("place_name")
    assert public.loc["C", "persons_shown"] == "10"
    assert public.loc[["A", "B"], "suppressed"].all()
