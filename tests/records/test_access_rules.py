"""Small rules of the access and escaping modules, pinned one by one (found by ``make mutate``)."""

from __future__ import annotations

import datetime as dt

import pytest

from geo import disclosure
from geo.confidence import Confidence
from geo.records.access import (
    PUBLIC,
    AccountError,
    AuthSettings,
    Forbidden,
    LockedOut,
    Role,
    Session,
    UnknownUser,
    create_user,
    delete_user,
    list_users,
    login,
    logout,
    require,
    session_from_token,
    suppression_threshold,
    valid_username,
)
from layers.popups import block, confidence_badge, escape_text, short_quote

FAST = AuthSettings(bcrypt_rounds=4)
PASSWORD = "correct horse battery"
MOMENT = dt.datetime(2026, 3, 1, 12, 0, tzinfo=dt.UTC)


@pytest.fixture
def users(store):
    create_user(store, "ana", PASSWORD, role="analyst", settings=FAST)
    create_user(store, "root", PASSWORD, role="admin", settings=FAST)
    return store


def test_locked_out_says_until_when_in_utc():
    err = LockedOut(MOMENT)
    assert str(err) == (
        "too many failed log-ins: try again after 2026-03-01 12:00 UTC or ask an administrator"
    )
    assert err.until == MOMENT


def test_roles_rank_and_require_at_the_boundary():
    assert [r.rank for r in Role] == [0, 1, 2]
    analyst = Session(Role.ANALYST, "ana")
    require(analyst, Role.ANALYST, action="reading")  # equal rank is enough
    with pytest.raises(Forbidden, match="writing needs the admin role; this session is analyst"):
        require(analyst, Role.ADMIN, action="writing")
    assert PUBLIC.is_public and not analyst.is_public


def test_session_from_token_keeps_the_token_and_is_public_without_one(users):
    session = login(users, "ana", PASSWORD, settings=FAST, now=MOMENT)
    again = session_from_token(users, session.token, now=MOMENT)
    assert again == Session(Role.ANALYST, "ana", session.token, session.expires_at)
    assert session_from_token(users, None) is PUBLIC
    assert session_from_token(users, "") is PUBLIC
    assert session_from_token(users, "not-a-token", now=MOMENT) is PUBLIC
    end = session.expires_at
    assert session_from_token(users, session.token, now=end) is PUBLIC  # expiry is exclusive
    assert users.auth.query("SELECT COUNT(*) FROM sessions")[0][0] == 0


def test_logout_ends_only_that_session(users):
    one = login(users, "ana", PASSWORD, settings=FAST, now=MOMENT)
    two = login(users, "ana", PASSWORD, settings=FAST, now=MOMENT)
    logout(users, one.token)
    logout(users, None)
    assert session_from_token(users, one.token, now=MOMENT) is PUBLIC
    assert session_from_token(users, two.token, now=MOMENT).username == "ana"


def test_list_users_shows_a_lock_only_while_it_lasts(users):
    for i in range(FAST.max_failures):
        with pytest.raises(Exception):  # noqa: B017 - AuthError, then LockedOut
            login(users, "ana", f"wrong {i}", client="c", settings=FAST, now=MOMENT)
    until = (MOMENT + FAST.lockout).isoformat()
    assert list_users(users, now=MOMENT) == [("ana", "analyst", until), ("root", "admin", None)]
    later = MOMENT + FAST.lockout
    assert list_users(users, now=later) == [("ana", "analyst", None), ("root", "admin", None)]


def test_delete_user_removes_sessions_and_failures(users):
    session = login(users, "ana", PASSWORD, settings=FAST, now=MOMENT)
    with pytest.raises(Exception):  # noqa: B017
        login(users, "ana", "wrong one", client="c", settings=FAST, now=MOMENT)
    delete_user(users, "ana")
    assert session_from_token(users, session.token, now=MOMENT) is PUBLIC
    counts = [
        users.auth.query(f"SELECT COUNT(*) FROM {t} WHERE username = 'ana'")[0][0]
        for t in ("users", "sessions", "login_failures")
    ]
    assert counts == [0, 0, 0]
    with pytest.raises(UnknownUser) as err:
        delete_user(users, "ana")
    assert str(err.value) == "no user 'ana'" and isinstance(err.value, KeyError)
    assert str(UnknownUser()) == "no such user"


def test_create_user_refuses_an_unknown_role(users):
    with pytest.raises(AccountError, match="unknown role 'boss'"):
        create_user(users, "bob", PASSWORD, role="boss", settings=FAST)


@pytest.mark.parametrize(
    ("name", "ok"),
    [("ab", True), ("a", False), ("x" * 64, True), ("x" * 65, False), ("a.b_c@d-e", True),
     ("a b", False), ("ab\n", False), ("\nab", False), ("ab\x00", False), (5, False)],
)  # fmt: skip
def test_valid_username_at_its_limits(name, ok):
    assert valid_username(name) is ok


def test_suppression_threshold_is_the_disclosure_setting(monkeypatch):
    monkeypatch.setenv(disclosure.ENV_VAR, "7")
    assert suppression_threshold() == 7


def test_statement_says_method_and_parameters_exactly():
    assert disclosure.statement(disclosure.DisclosureRule(5)) == (
        "Public counts are rounded to a multiple of 5 (so perturbed by up to ±2); counts below 5 "
        "are shown as '<5'. Totals are rounded on their own and need not equal the sum of the "
        "rounded parts."
    )
    assert disclosure.statement(disclosure.DisclosureRule(1)) == (
        "Public counts are exact: the disclosure threshold is set to 1."
    )


def test_escape_text_of_nothing_and_of_quotes():
    assert escape_text(None) == ""
    assert escape_text("a'b\"c") == "a&#x27;b&quot;c"
    assert escape_text(5) == "5"


def test_short_quote_cuts_at_a_word_boundary_at_the_limit():
    assert short_quote("a b  c") == "a b c"
    assert short_quote("abcd efgh", limit=9) == "abcd efgh"  # exactly at the limit: kept
    assert short_quote("abcd efgh ijkl", limit=9) == "abcd …"
    assert short_quote("ab cd ef gh", limit=7) == "ab cd …"


def test_block_and_badge_markup():
    assert block("T", []) == "<div class='ra-block' style='margin-bottom:6px'><b>T</b></div>"
    html = block("T", [("k", "v"), ("empty", "")], quote="q", section="§1")
    assert "<tr><th style='text-align:left;padding-right:6px'>k</th><td>v</td></tr>" in html
    assert "empty" not in html
    assert "<i>“q”</i> (§1)" in html
    assert "<i>“q”</i><" not in block("T", [], quote="q").replace("</i></div>", "")
    badge = confidence_badge(Confidence.REPORTED)
    assert f">{Confidence.REPORTED.label}</span>" in badge
    assert f"background:{Confidence.REPORTED.colour};" in badge


@pytest.mark.parametrize("column", ["place", "origin_district"])
def test_the_public_cannot_list_places_or_origin_districts(users, column):
    from geo.records import service

    with pytest.raises(Forbidden, match="listing individual places"):
        service.categories(users, PUBLIC, column)
    analyst = login(users, "ana", PASSWORD, settings=FAST)
    assert service.categories(users, analyst, column) == []
    assert service.categories(users, PUBLIC, "agency") == []


def test_the_public_note_names_the_method_and_the_analyst_note_says_exact(users):
    from geo.records import service

    assert "multiple of 5" in service.disclosure_note(PUBLIC)
    assert "multiple of 10" in service.disclosure_note(PUBLIC, threshold=10)
    analyst = login(users, "ana", PASSWORD, settings=FAST)
    assert service.disclosure_note(analyst).startswith("Exact counts")
