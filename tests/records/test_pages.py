"""The Interceptions and Data pages, driven with Streamlit's AppTest."""

from __future__ import annotations

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from geo.paths import PROJECT_DIR
from geo.records.access import AuthSettings, create_user, list_users, login
from geo.records.importer import import_file
from geo.records.store import RecordStore
from tests.records.helpers import csv_bytes, many_rows, row

SECRET = "SECRET-NOTE-4711"
PASSWORD = "a long enough password"


@pytest.fixture
def store():
    st.cache_resource.clear()
    st.cache_data.clear()
    store = RecordStore()  # the page's own default location (isolated var dir)
    settings = AuthSettings(bcrypt_rounds=4)
    create_user(store, "ana", PASSWORD, role="analyst", settings=settings)
    create_user(store, "root", PASSWORD, role="admin", settings=settings)
    return store


def loaded(store):
    rows = many_rows(200) + [row(place="Jiwani", count="2", note=SECRET)]
    import_file(store, csv_bytes(rows), file_name="seed.csv", user="t")
    return store


def page(name: str) -> AppTest:
    return AppTest.from_file(str(PROJECT_DIR / "pages" / f"{name}.py"), default_timeout=60)


def all_text(at: AppTest) -> str:
    """Every element's protobuf as text: what the browser would receive."""
    parts: list[str] = []

    def walk(node):
        proto = getattr(node, "proto", None)
        if proto is not None:
            parts.append(str(proto))
        for child in getattr(node, "children", {}).values():
            walk(child)

    walk(at._tree)
    return "\n".join(parts)


def test_interceptions_public_without_records(store):
    at = page("interceptions").run()
    assert not at.exception
    assert len(at.get("plotly_chart")) == 1  # the report's load-per-officer chart
    text = all_text(at)
    assert "more than 12.5" in text and "71,503" in text
    assert "No records have been imported yet" in text


def test_interceptions_public_sees_suppressed_aggregates_only(store):
    loaded(store)
    at = page("interceptions").run()
    assert not at.exception
    assert len(at.get("plotly_chart")) == 8
    text = all_text(at)
    assert "&lt;5" in text or "<5" in text
    assert SECRET not in text
    assert "Record-level data" not in text
    assert at.session_state["records_filter"]["start_month"] == "2018-01"


def test_interceptions_filters_reach_shared_state(store):
    loaded(store)
    at = page("interceptions").run()
    at.multiselect(key="rec_crime").set_value(["TIP"]).run()
    assert not at.exception
    assert at.session_state["records_filter"]["crime_types"] == ["TIP"]


def test_interceptions_analyst_sees_records(store):
    loaded(store)
    token = login(store, "ana", PASSWORD).token
    at = page("interceptions")
    at.session_state["auth"] = token
    at.run()
    assert not at.exception
    assert "Record-level data" in all_text(at)
    assert SECRET in all_text(at)


def test_data_page_login_wrong_then_right(store):
    at = page("data").run()
    assert not at.exception and len(at.text_input) == 2
    at.text_input[0].input("ana")
    at.text_input[1].input("wrong password!")
    at.button[0].click().run()
    assert "wrong user name or password" in all_text(at)
    assert "auth" not in at.session_state
    at.text_input[1].input(PASSWORD)
    at.button[0].click().run()
    assert not at.exception
    assert at.session_state["auth"]
    assert "Logged in as ana (analyst)" in all_text(at)
    assert not at.get("file_uploader")  # analysts cannot import


def test_data_page_admin_upload_drop_bad_rows_log_and_undo(store):
    at = page("data")
    at.session_state["auth"] = login(store, "root", PASSWORD).token
    at.run()
    assert not at.exception
    rows = many_rows(20)
    rows[4]["place"] = "Karachee"
    hostile = "<img src=x onerror=alert(1)>.csv"
    at.get("file_uploader")[0].upload(hostile, csv_bytes(rows), "text/csv")
    at.run()
    assert not at.exception
    text = all_text(at)
    assert "unknown place" in text and "Karachi" in text
    assert at.radio[0].value == "Reject the whole file"
    at.radio[0].set_value(at.radio[0].options[1]).run()
    at.button(key="do_import").click().run()
    assert not at.exception
    assert "19 records added" in all_text(at)
    assert store.count_records() == 19
    log = store.import_log()
    assert log[0].file_name == hostile and log[0].rejected == 1
    markdown = " ".join(m.value for m in at.markdown)
    assert "<img" not in markdown  # file name only ever shown as code/table text
    at.checkbox[0].check()
    next(b for b in at.button if b.label == "Undo").click().run()
    assert not at.exception
    assert store.count_records() == 0 and store.import_log()[0].status == "undone"


def test_data_page_reject_whole_file_is_logged(store):
    at = page("data")
    at.session_state["auth"] = login(store, "root", PASSWORD).token
    at.run()
    rows = many_rows(5)
    rows[0]["count"] = "-1"
    at.get("file_uploader")[0].upload("bad.csv", csv_bytes(rows), "text/csv")
    at.run()
    at.button(key="do_import").click().run()
    assert not at.exception
    assert store.count_records() == 0
    assert store.import_log()[0].status == "refused"


def test_data_page_admin_manages_users(store):
    at = page("data")
    at.session_state["auth"] = login(store, "root", PASSWORD).token
    at.run()
    assert not at.exception
    users = at.dataframe[-1].value
    assert set(users["user"]) == {"ana", "root"}
    name, password = (t for t in at.text_input if t.label in ("User name", "Password"))
    name.input("bea")
    password.input("short")
    next(b for b in at.button if b.label == "Add user").click().run()
    assert "at least" in all_text(at)  # a weak password is refused with a reason
    name, password = (t for t in at.text_input if t.label in ("User name", "Password"))
    name.input("bea")
    password.input(PASSWORD)
    next(b for b in at.button if b.label == "Add user").click().run()
    assert not at.exception
    assert "bea" in {u for u, _r, _l in list_users(store)}
    remove = next(s for s in at.selectbox if s.label == "Remove user")
    assert "root" not in remove.options  # never one's own account
    remove.select("bea")
    next(b for b in at.button if b.label == "Remove").click().run()
    assert "bea" not in {u for u, _r, _l in list_users(store)}


def test_user_management_needs_an_admin(store):
    from geo.records import service

    analyst = login(store, "ana", PASSWORD)
    with pytest.raises(PermissionError):
        service.users(store, analyst)
    with pytest.raises(PermissionError):
        service.add_user(store, analyst, "eve", PASSWORD, role="admin")


def test_data_page_undo_confirms_after_the_refresh_and_log_keeps_counts_in_view(store):
    import_file(store, csv_bytes(many_rows(7)), file_name="seven.csv", user="root")
    at = page("data")
    at.session_state["auth"] = login(store, "root", PASSWORD).token
    at.run()
    log = at.dataframe[0].value
    columns = list(log.columns)
    assert columns.index("status") < 3 and columns[-1] == "checksum"
    assert columns.index("accepted") < columns.index("checksum")
    assert all(len(c) <= 13 for c in log["checksum"])  # shortened, not 64 characters
    at.checkbox[0].check()
    next(b for b in at.button if b.label == "Undo").click().run()
    assert not at.exception
    assert store.count_records() == 0
    assert "Import 1 undone: 7 records removed." in [s.value for s in at.success]
    at.run()  # the message is shown once, not on every later run
    assert "Import 1 undone" not in " ".join(s.value for s in at.success)


def test_data_page_shows_a_malformed_file_as_one_line_without_a_traceback(store):
    at = page("data")
    at.session_state["auth"] = login(store, "root", PASSWORD).token
    at.run()
    deep = b'{"type": "FeatureCollection", "features": ' + b"[" * 200_000 + b"]" * 200_000 + b"}"
    at.get("file_uploader")[0].upload("deep.geojson", deep, "application/geo+json")
    at.run()
    assert not at.exception
    text = all_text(at)
    assert "nested deeper than" in text
    assert "Traceback" not in text and "/geo/" not in text
