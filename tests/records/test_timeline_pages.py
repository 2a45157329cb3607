"""The Interceptions page through time (AppTest): trend, comparison, link and the records' class."""

from __future__ import annotations

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from geo.paths import PROJECT_DIR
from geo.records.access import AuthSettings, create_user, login
from geo.records.importer import import_file
from geo.records.store import RecordStore
from pages.record_controls import CHOSEN
from tests.records.helpers import csv_bytes, row
from tests.records.test_timeline import ROWS

PASSWORD = "a long enough password"


@pytest.fixture
def store():
    st.cache_resource.clear()
    st.cache_data.clear()
    store = RecordStore()  # the page's own default location (isolated var dir)
    create_user(store, "ana", PASSWORD, role="analyst", settings=AuthSettings(bcrypt_rounds=4))
    rows = [row(date=d, place=p, count=c, note=f"row {i}") for i, (d, p, c) in enumerate(ROWS)]
    import_file(store, csv_bytes(rows), file_name="small.csv", user="alice")
    return store


def page() -> AppTest:
    return AppTest.from_file(str(PROJECT_DIR / "pages" / "interceptions.py"), default_timeout=60)


def comparing(at: AppTest) -> AppTest:
    for name, value in {
        "period": "2023-01..2023-05", "cmpon": "1", "cmp": CHOSEN,
        "ca": "2023-01..2023-01", "cb": "2023-03..2023-03",
    }.items():  # fmt: skip
        at.query_params[name] = value
    return at


def test_public_comparison_from_the_link_is_suppressed(store):
    at = comparing(page()).run()
    assert not at.exception
    assert at.toggle(key="rec_cmp_on").value is True
    assert at.select_slider(key="rec_b").value == ("2023-03", "2023-03")
    table = at.dataframe[0].value.set_index("place_name")
    assert table.loc["Quetta", "change_shown"] == "+15"  # public 5 -> 20 (exact 7 -> 20)
    assert table.loc["Taftan", "change_shown"] == "0"  # public 10 -> 10 (exact 10 -> 12)
    assert table.loc["Chaman", "change_shown"] == "suppressed"
    assert table.loc["Chaman", "shown_after"] == "<5"
    assert set(table["class"]) == {"Agency record"}
    assert "alice" not in " ".join(table["provenance"])
    assert len(at.get("plotly_chart")) == 9  # load, trend, change, six breakdowns
    assert at.query_params["ca"] == "2023-01..2023-01"


def test_the_trend_covers_every_month_of_the_period(store):
    at = page()
    at.query_params["period"] = "2023-02..2023-05"
    at.run()
    assert not at.exception
    assert at.select_slider(key="rec_period").value == ("2023-02", "2023-05")
    assert at.session_state["records_filter"]["start_month"] == "2023-02"
    assert at.metric[1].value == "45"  # 5 + 33 + 9 = 47, rounded to a multiple of 5 by hand


def test_analyst_tables_carry_the_agency_record_class_with_names(store):
    at = page()
    at.session_state["auth"] = login(store, "ana", PASSWORD).token
    at.run()
    assert not at.exception
    rows = at.dataframe[-1].value
    assert len(rows) == len(ROWS)
    assert set(rows["class"]) == {"Agency record"}
    assert all(p.startswith("Agency record, imported on ") for p in rows["provenance"])
    assert all(p.endswith(" by alice") for p in rows["provenance"])
    assert not (rows["class"] == "Reported figure").any()


def test_a_broken_link_is_ignored_with_a_notice(store):
    at = page()
    at.query_params["period"] = "2023-13..2023-01"
    at.query_params["crime"] = "not-a-crime"
    at.run()
    assert not at.exception
    assert at.select_slider(key="rec_period").value == ("2023-01", "2023-05")
    assert at.multiselect(key="rec_crime").value == []
    assert any("not understood" in i.value for i in at.info)


def test_public_figures_state_the_disclosure_method_beside_them(store):
    at = page().run()
    assert not at.exception
    captions = " ".join(c.value for c in at.caption)
    # the method and its parameters, written out here rather than taken from geo.disclosure
    assert "rounded to a multiple of 5" in captions and "up to ±2" in captions
    assert "counts below 5 are shown as '<5'" in captions


def test_public_comparison_by_district_from_the_link(store):
    more = [("2023-01-04", "Jiwani", "4"), ("2023-03-08", "Jiwani", "6"),
            ("2023-01-15", "Mand Balo", "3"), ("2023-03-18", "Turbat", "8")]  # fmt: skip
    rows = [row(date=d, place=p, count=c, note=f"d{i}") for i, (d, p, c) in enumerate(more)]
    import_file(store, csv_bytes(rows), file_name="districts.csv", user="bob")
    at = comparing(page())
    at.query_params["cmpby"] = "district"
    at.run()
    assert not at.exception
    assert at.radio(key="rec_cmp_by").value == "district"
    table = at.dataframe[0].value.set_index("district")
    # Public counts by district, January against March: Quetta 5 -> 20, Chagai (Taftan)
    # 10 -> 10 (exact 12), Gwadar (Jiwani) <5 -> 5, Kech (Mand Balo, Turbat) <5 -> 10,
    # Qilla Abdullah (Chaman) none -> <5.
    assert dict(table["change_shown"]) == {
        "Quetta": "+15", "Chagai": "0", "Gwadar": "suppressed", "Kech": "suppressed",
        "Qilla Abdullah": "suppressed",
    }  # fmt: skip
    assert table.loc["Kech", "shown_before"] == "<5" and table.loc["Kech", "shown_after"] == "10"
    assert set(table["class"]) == {"Agency record"}
    assert not {"alice", "bob"} & set(" ".join(table["provenance"]).split())
    labels = [b.proto.label for b in at.get("download_button")]
    assert "CSV: change per district" in labels
    assert any("Change per district" in m.value for m in at.markdown)
    assert at.query_params["cmpby"] == "district"
