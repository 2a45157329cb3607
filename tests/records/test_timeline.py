"""Months, monthly series and period comparisons, checked against counts worked out by hand."""

from __future__ import annotations

import pandas as pd
import pytest

from geo.provenance import ProvenanceKind, with_provenance
from geo.records import timeline
from geo.records.access import PUBLIC, Role, Session
from geo.records.aggregate import RecordFilter
from geo.records.importer import import_file
from geo.records.timeline import Period, PeriodError
from tests.records.helpers import csv_bytes, row

ANALYST = Session(Role.ANALYST, "ana")

# (date, place, count): the whole store, small enough to add up by hand.
ROWS = [
    ("2023-01-03", "Taftan", "6"),
    ("2023-01-20", "Taftan", "4"),
    ("2023-01-09", "Quetta", "7"),
    ("2023-02-11", "Taftan", "3"),
    ("2023-02-12", "Gwadar", "2"),
    ("2023-03-01", "Taftan", "12"),
    ("2023-03-02", "Quetta", "20"),
    ("2023-03-05", "Chaman", "1"),
    ("2023-05-07", "Quetta", "9"),
]


@pytest.fixture
def small(store):
    rows = [row(date=d, place=p, count=c, note=f"row {i}") for i, (d, p, c) in enumerate(ROWS)]
    import_file(store, csv_bytes(rows), file_name="small.csv", user="alice")
    return store


def by_key(frame: pd.DataFrame, key: str, column: str) -> dict:
    return dict(zip(frame[key], frame[column], strict=True))


def test_months_and_periods():
    assert timeline.months_between("2023-11", "2024-02") == [
        "2023-11", "2023-12", "2024-01", "2024-02",
    ]  # fmt: skip
    assert Period.parse("2023-03").months == ["2023-03"]
    assert Period.parse("2023-02..2023-03").previous() == Period("2022-12", "2023-01")
    assert Period("2023-03", "2023-03").previous() == Period("2023-02", "2023-02")
    assert str(Period.parse("2023-01..2023-06")) == "2023-01..2023-06"
    assert Period("2023-01", "2023-06").label == "2023-01 to 2023-06"
    for bad in ("2023-13", "2023-1", "23-01", "2023-04..2023-01", "x"):
        with pytest.raises(PeriodError):
            Period.parse(bad)


def test_monthly_by_place_analyst_is_exact(small):
    frame = timeline.monthly(small, ANALYST)
    assert sorted(set(frame["month"])) == ["2023-01", "2023-02", "2023-03", "2023-05"]
    jan = timeline.month_frame(frame, "2023-01")
    assert by_key(jan, "place_name", "persons") == {"Taftan": 10, "Quetta": 7}
    assert list(jan["place_name"]) == ["Taftan", "Quetta"]  # largest first
    assert timeline.month_frame(frame, "2023-04").empty  # a month with no records
    assert timeline.fixed_scale(frame) == 20.0


def test_monthly_public_suppresses_each_month_on_its_own(small):
    frame = timeline.monthly(small, PUBLIC)
    feb = timeline.month_frame(frame, "2023-02")
    assert by_key(feb, "place_name", "persons_shown") == {"Taftan": "<5", "Gwadar": "<5"}
    assert feb["persons"].isna().all()
    mar = timeline.month_frame(frame, "2023-03")
    # Chaman's 1 is small; the others are rounded to a multiple of 5 (Taftan's 12 shows as 10).
    assert by_key(mar, "place_name", "persons_shown") == {
        "Quetta": "20", "Taftan": "10", "Chaman": "<5",
    }  # fmt: skip
    assert "records" not in frame.columns
    assert timeline.fixed_scale(frame) == 20.0


def test_month_series_fills_empty_months_and_keeps_the_threshold_boundary(small):
    series = timeline.month_series(small, PUBLIC)
    assert list(series["month"]) == ["2023-01", "2023-02", "2023-03", "2023-04", "2023-05"]
    # exact totals 17, 5, 33, -, 9, each rounded to the nearest multiple of 5 (halves up)
    assert list(series["persons_shown"]) == ["15", "5", "35", timeline.NO_RECORDS, "10"]
    assert list(series["persons"]) == [15, 5, 35, 0, 10]  # 5 is not below the threshold of 5
    limited = timeline.month_series(small, PUBLIC, threshold=6)
    assert limited.loc[1, "persons_shown"] == "<6" and pd.isna(limited.loc[1, "persons"])


def test_compare_two_chosen_periods_analyst(small):
    table = timeline.compare_periods(
        small, ANALYST, Period.parse("2023-01"), Period.parse("2023-03")
    )
    assert list(table["place_name"]) == ["Quetta", "Taftan", "Chaman"]
    assert by_key(table, "place_name", "change") == {"Quetta": 13, "Taftan": 2, "Chaman": 1}
    assert by_key(table, "place_name", "change_shown") == {
        "Quetta": "+13", "Taftan": "+2", "Chaman": "+1",
    }  # fmt: skip
    chaman = table.set_index("place_name").loc["Chaman"]
    assert chaman["shown_before"] == timeline.NO_RECORDS and chaman["persons_before"] == 0


def test_compare_against_the_previous_period_counts_decreases(small):
    after = Period.parse("2023-02")
    table = timeline.compare_periods(small, ANALYST, after.previous(), after)
    # January: Taftan 10, Quetta 7; February: Taftan 3, Gwadar 2.
    assert by_key(table, "place_name", "change") == {"Taftan": -7, "Quetta": -7, "Gwadar": 2}
    assert by_key(table, "place_name", "change_shown")["Quetta"] == "-7"


def test_compare_public_hides_a_change_when_either_count_is_hidden(small):
    table = timeline.compare_periods(
        small, PUBLIC, Period.parse("2023-01"), Period.parse("2023-03")
    )
    shown = by_key(table, "place_name", "change_shown")
    # January: Taftan 10, Quetta 7 (public 10, 5); March: Quetta 20, Taftan 12, Chaman 1
    # (public 20, 10, <5): changes of the public counts, Chaman's hidden with its small count.
    assert shown == {"Quetta": "+15", "Taftan": "0", "Chaman": "suppressed"}
    hidden = table[table["suppressed"]]
    assert hidden["change"].isna().all()
    assert set(hidden["shown_after"]) == {"<5"}
    assert list(table["place_name"])[0] == "Quetta"  # shown changes first


def test_compare_keeps_category_filters(small):
    none = RecordFilter(crime_types=("TIP",))  # every fixture row is SOM
    table = timeline.compare_periods(
        small, ANALYST, Period.parse("2023-01"), Period.parse("2023-03"), none
    )
    assert table.empty


def test_monthly_by_district(small):
    frame = timeline.monthly(small, ANALYST, by=timeline.BY_DISTRICT)
    assert set(frame.columns) >= {"month", "district", "persons", "persons_shown", "suppressed"}
    assert int(frame["persons"].sum()) == sum(int(c) for _d, _p, c in ROWS)
    with pytest.raises(ValueError, match="choose"):
        timeline.monthly(small, ANALYST, by="agency")


def test_provenance_names_the_import_and_hides_accounts_from_the_public(small):
    analyst = timeline.records_provenance(small, ANALYST)
    public = timeline.records_provenance(small, PUBLIC)
    assert analyst.kind is ProvenanceKind.AGENCY_RECORD
    assert analyst.statement.startswith("Agency record, imported on 20")
    assert analyst.statement.endswith(" by alice")
    assert "alice" not in public.statement and "an agency administrator" in public.statement
    assert "Reported figure" not in analyst.statement
    table = with_provenance(pd.DataFrame({"persons": [1]}), public)
    assert list(table.columns) == ["persons", "class", "provenance"]
    assert table.loc[0, "class"] == "Agency record"


def test_data_version_changes_on_import_and_undo(small):
    first = timeline.data_version(small)
    entry = small.import_log()[0]
    small.undo_import(entry.import_id, user="alice")
    assert timeline.data_version(small) != first
    assert timeline.records_provenance(small, ANALYST).when == ""


def test_provenance_statements_by_hand():
    from geo.provenance import ImportStamp, Provenance, from_imports

    stamps = [
        ImportStamp("2026-11-30T10:00:00+00:00", "bob"),
        ImportStamp("2026-11-02T09:00:00+00:00", "alice"),
        ImportStamp("2026-11-30T11:00:00+00:00", "bob"),
    ]
    shown = from_imports(stamps, show_names=True)
    assert shown.statement == "Agency record, imported on 2026-11-02 to 2026-11-30 by alice, bob"
    hidden = from_imports(stamps[:1], show_names=False)
    assert hidden.statement == "Agency record, imported on 2026-11-30 by an agency administrator"
    assert from_imports([], show_names=True).statement == (
        "Agency record (not a figure of the report)"
    )
    upload = from_imports(stamps[1:2], show_names=True, kind=ProvenanceKind.USER_INDICATOR)
    assert upload.statement == "User-uploaded indicator, uploaded on 2026-11-02 by alice"
    assert Provenance().label != "Reported figure"


# Two more places in each of two districts: Jiwani is in Gwadar district, Mand Balo and Turbat
# in Kech, so a district's count adds up places the by-place comparison keeps apart.
DISTRICT_ROWS = [
    ("2023-01-04", "Jiwani", "4"),
    ("2023-03-08", "Jiwani", "6"),
    ("2023-01-15", "Mand Balo", "3"),
    ("2023-03-18", "Turbat", "8"),
]


@pytest.fixture
def districted(small):
    rows = [
        row(date=d, place=p, count=c, note=f"d{i}") for i, (d, p, c) in enumerate(DISTRICT_ROWS)
    ]
    import_file(small, csv_bytes(rows), file_name="districts.csv", user="bob")
    return small


def test_compare_by_district_adds_up_the_places_of_each_district(districted):
    table = timeline.compare_periods(
        districted, ANALYST, Period.parse("2023-01"), Period.parse("2023-03"),
        by=timeline.BY_DISTRICT,
    )  # fmt: skip
    # January: Quetta 7, Chagai (Taftan) 10, Gwadar (Jiwani) 4, Kech (Mand Balo) 3.
    # March: Quetta 20, Chagai 12, Qilla Abdullah (Chaman) 1, Gwadar (Jiwani) 6, Kech (Turbat) 8.
    assert by_key(table, "district", "change") == {
        "Quetta": 13, "Kech": 5, "Chagai": 2, "Gwadar": 2, "Qilla Abdullah": 1,
    }  # fmt: skip
    kech = table.set_index("district").loc["Kech"]
    assert (kech["shown_before"], kech["shown_after"]) == ("3", "8")
    assert list(table["district"])[:2] == ["Quetta", "Kech"]  # largest change first


def test_compare_by_district_public_is_suppressed(districted):
    table = timeline.compare_periods(
        districted, PUBLIC, Period.parse("2023-01"), Period.parse("2023-03"),
        by=timeline.BY_DISTRICT,
    )  # fmt: skip
    # Public counts: January Quetta 5, Chagai 10, Gwadar <5, Kech <5; March Quetta 20,
    # Chagai 10 (12 rounded), Gwadar 5 (6), Kech 10 (8), Qilla Abdullah <5.
    assert by_key(table, "district", "change_shown") == {
        "Quetta": "+15", "Chagai": "0", "Gwadar": "suppressed", "Kech": "suppressed",
        "Qilla Abdullah": "suppressed",
    }  # fmt: skip
    hidden = table.set_index("district").loc[["Gwadar", "Kech"]]
    assert list(hidden["shown_before"]) == ["<5", "<5"] and hidden["change"].isna().all()
    assert "3" not in set(table["shown_before"]) | set(table["shown_after"])


def test_each_period_of_a_comparison_states_how_its_count_was_disclosed(districted):
    table = timeline.compare_periods(
        districted, PUBLIC, Period.parse("2023-01"), Period.parse("2023-03"),
        by=timeline.BY_DISTRICT,
    ).set_index("district")  # fmt: skip
    assert "disclosure" not in table.columns  # one method for two counts would be wrong
    # Gwadar: January's 4 suppressed, March's 6 rounded; Qilla Abdullah: no January records.
    assert tuple(table.loc["Gwadar", ["disclosure_before", "disclosure_after"]]) == (
        "suppressed", "rounded",
    )  # fmt: skip
    assert table.loc["Qilla Abdullah", "disclosure_before"] == timeline.NO_RECORDS
