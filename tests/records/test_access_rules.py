"""Small rules of the access and escaping modules, pinned one by one (found by ``make mutate``)."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from geo import disclosure
from geo.catalog import figure_citation
from geo.confidence import Confidence
from geo.figures import load_figures
from geo.records.access import (
    PUBLIC,
    AccountError,
    AuthError,
    AuthSettings,
    Forbidden,
    LockedOut,
    Role,
    Session,
    UnknownUser,
    check_password,
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
from layers.popups import block, confidence_badge, escape_text, figure_block, short_quote, wrap
from layers.style import confidence_colour

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
    assert f"background:{confidence_colour(Confidence.REPORTED)};" in badge


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


def test_protect_keeps_the_index_and_types_and_refuses_text_counts():
    frame = pd.DataFrame({"g": ["a", "b", "c"], "persons": [2, 7, 13]}, index=[10, 11, 12])
    out = disclosure.protect(frame, disclosure.DisclosureRule(5))
    assert out.index.tolist() == [10, 11, 12]
    assert out.loc[10, "suppressed"] and not out.loc[11, "suppressed"]
    assert out["suppressed"].dtype == bool and str(out["persons"].dtype) == "Int64"
    assert out["persons"].tolist()[1:] == [5, 15]
    with pytest.raises(KeyError, match="no count column 'n' in the table"):
        disclosure.protect(frame, disclosure.DisclosureRule(5), column="n")
    with pytest.raises(ValueError):
        disclosure.protect(frame.assign(persons=["1", "x", "3"]), disclosure.DisclosureRule(5))
    exact = disclosure.exact(frame)
    assert exact["persons_shown"].tolist() == ["2", "7", "13"]


def test_login_times_are_utc_and_the_session_lasts_its_length(users):
    session = login(users, "ana", PASSWORD, settings=FAST)
    assert session.expires_at is not None and session.expires_at.tzinfo is dt.UTC
    fixed = login(users, "ana", PASSWORD, settings=FAST, now=MOMENT)
    assert fixed.expires_at == MOMENT + FAST.session_length
    assert fixed.token is not None and len(fixed.token) == 43  # 32 random bytes


@pytest.mark.parametrize(
    ("password", "message"),
    [
        ("é" * 36 + "x", "password must be at most 72 bytes (a bcrypt limit)"),
        ("abcdefghij\x7f", "password must not contain control characters"),
        ("          ", "password must not be only spaces"),
        ("abcdeabcde", "password must use at least 6 different characters"),
        ("password123", "password is one of the most common ones; choose another"),
        ("my bob password", "password must not contain the user name"),
    ],
)
def test_password_refusals_say_why(password, message):
    with pytest.raises(AccountError) as err:
        check_password(password, username="bob")
    assert str(err.value) == message


@pytest.mark.parametrize(
    "password",
    ["éàüöçñ" * 6, "abcdefabcd", "my bo password", "abcXXXXdefgh", "abcdefghij\x80"],
)  # 72 bytes; 6 distinct; a 2-letter user name is not looked for; no user name given
def test_passwords_just_inside_the_rules(password):
    check_password(password, username="bo" if "bo " in password else "")


def test_create_user_uses_the_settings_it_is_given(users):
    strict = AuthSettings(bcrypt_rounds=4, min_password_length=25)
    with pytest.raises(AccountError, match="at least 25"):
        create_user(users, "bob", PASSWORD, role="analyst", settings=strict)
    with pytest.raises(AccountError) as err:
        create_user(users, "bob", PASSWORD, role="boss", settings=FAST)
    assert str(err.value) == "unknown role 'boss'; choose analyst or admin"
    with pytest.raises(AccountError) as err:
        create_user(users, "bob", PASSWORD, role="public", settings=FAST)
    assert str(err.value) == "public needs no account; choose analyst or admin"


def _failure_rows(store):
    return store.auth.query("SELECT username, client, failures, lockouts FROM login_failures")


def test_clients_and_malformed_names_are_keyed_safely(users):
    with pytest.raises(AuthError):
        login(users, "bad name\x00", "whatever pw", client="10.0.0.1 <x>", settings=FAST)
    with pytest.raises(AuthError):
        login(users, "ana", "whatever pw", client=None, settings=FAST)
    with pytest.raises(AuthError):
        login(users, "ana", "whatever pw", client="y" * 150, settings=FAST)
    assert sorted(_failure_rows(users)) == [
        ("(invalid name)", "10.0.0.1__x_", 1, 0),
        ("ana", "unknown", 1, 0),
        ("ana", "y" * 100, 1, 0),
    ]


def test_tries_during_a_lock_out_are_refused_before_they_are_checked(users, caplog):
    with caplog.at_level("WARNING", logger="geo.records.lockout"):
        for i in range(FAST.max_failures):
            with pytest.raises(AuthError):
                login(users, "ana", f"wrong {i}", client="c", settings=FAST, now=MOMENT)
    until = MOMENT + FAST.lockout
    assert f"log-in locked for ana from c until {until}" in caplog.text
    for password in (PASSWORD, "wrong during", "wrong again during"):
        with pytest.raises(LockedOut) as err:
            login(users, "ana", password, client="c", settings=FAST, now=MOMENT)
        assert err.value.until == until
    assert _failure_rows(users) == [("ana", "c", 0, 1)]  # not counted again
    # the lock ends exactly at its time: a failure then starts a new count, a success works
    with pytest.raises(AuthError) as failed:
        login(users, "ana", "wrong again", client="c", settings=FAST, now=until)
    assert type(failed.value) is AuthError
    assert _failure_rows(users) == [("ana", "c", 1, 1)]
    assert login(users, "ana", PASSWORD, client="c", settings=FAST, now=until).username == "ana"
    assert _failure_rows(users) == []  # a success clears the pair


def test_a_lock_taken_while_the_password_was_checked_still_refuses(users, monkeypatch):
    from geo.records import access

    for i in range(FAST.max_failures):
        with pytest.raises(AuthError):
            login(users, "ana", f"wrong {i}", client="c", settings=FAST, now=MOMENT)
    monkeypatch.setattr(access, "_lock_of", lambda *_args: None)  # the race: not yet locked
    with pytest.raises(LockedOut) as err:
        login(users, "ana", PASSWORD, client="c", settings=FAST, now=MOMENT)
    assert err.value.until == MOMENT + FAST.lockout
    assert users.auth.query("SELECT COUNT(*) FROM sessions")[0][0] == 0


@pytest.mark.parametrize("password", ["x" * 80, "\ud800 lone surrogate", "é" * 40])
def test_any_password_text_is_refused_cleanly(users, password):
    with pytest.raises(AuthError, match="wrong user name or password"):
        login(users, "ana", password, client="c", settings=FAST)


def test_long_passwords_compare_on_their_first_72_bytes(store):
    password = "k" * 60 + "abcdefghijkl"  # exactly 72 bytes
    create_user(store, "kim", password, role="analyst", settings=FAST)
    assert login(store, "kim", password + "ignored", settings=FAST).username == "kim"


def test_wrap_and_figure_block_markup():
    assert wrap("<p>a</p>", "<p>b</p>", width=200) == (
        "<div style='max-width:200px;max-height:320px;overflow:auto;font-size:12px'>"
        "<p>a</p><p>b</p></div>"
    )
    assert "max-width:360px;" in wrap("x")
    figure = next(iter(load_figures()))
    html = figure_block(figure)
    for text in (figure.label, figure.unit, figure.period, f"UNODC 2011, {figure.section}"):
        assert escape_text(text) in html
    assert f"<td>{escape_text(figure.display())}</td>" in html
    assert "<td>7 persons</td>" in figure_block(figure, value_text="7 persons")
    assert escape_text(figure.confidence.label) in html


def test_block_markup_exactly():
    head = "<div class='ra-block' style='margin-bottom:6px'>"
    assert block("T", [], quote="q") == f"{head}<b>T</b><br><i>“q”</i></div>"
    rows = block("T", [("a", "1"), ("b", "2")])
    th = "<th style='text-align:left;padding-right:6px'>"
    assert rows == (
        f"{head}<b>T</b><br><table style='font-size:12px'><tr>{th}a</th><td>1</td></tr>"
        f"<tr>{th}b</th><td>2</td></tr></table></div>"
    )


def test_figure_block_labels_each_row():
    figure = next(f for f in load_figures() if f.note and f.quote and f.section)
    html = figure_block(figure)
    th = "<th style='text-align:left;padding-right:6px'>"
    for label in ("Figure", "Unit", "Period", "Source", "Note"):
        assert f"{th}{label}</th>" in html
    cited = escape_text(figure_citation(figure))
    assert f"“{escape_text(short_quote(figure.quote))}”</i> ({cited})" in html


def test_the_lock_out_is_logged_with_who_where_and_until(users, caplog):
    with caplog.at_level("WARNING", logger="geo.records.lockout"):
        for i in range(FAST.max_failures):
            with pytest.raises(AuthError):
                login(users, "ana", f"wrong {i}", client="c", settings=FAST, now=MOMENT)
    (record,) = [r for r in caplog.records if r.name == "geo.records.lockout"]
    until = MOMENT + FAST.lockout
    assert record.getMessage() == f"log-in locked for ana from c until {until}"


def test_exact_tables_say_nothing_is_suppressed():
    out = disclosure.exact(pd.DataFrame({"persons": [1, 2]}))
    assert out["suppressed"].dtype == bool and not out["suppressed"].any()


def test_all_suppressed_still_gives_whole_numbers_and_a_bad_name_says_why(users):
    out = disclosure.protect(pd.DataFrame({"persons": [1, 2]}), disclosure.DisclosureRule(5))
    assert str(out["persons"].dtype) == "Int64" and out["persons"].isna().all()
    with pytest.raises(AccountError) as err:
        create_user(users, "a b", PASSWORD, role="analyst", settings=FAST)
    assert str(err.value) == "user name: 2-64 letters, digits or . _ @ -"


def test_without_a_user_name_any_text_may_be_in_the_password():
    check_password("abcXXXXdefgh")  # the default user name is empty: nothing to look for
