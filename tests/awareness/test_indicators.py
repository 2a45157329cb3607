"""Indicators from report roles, interception records and user files."""

from __future__ import annotations

import io

import numpy as np
import pandas as pd
import pytest

from geo.awareness.indicators import combine, role_indicators
from geo.awareness.records import from_record_rows, record_indicators
from geo.awareness.uploads import IndicatorFileError, read_indicator_file, user_indicators


def test_roles_binary_and_sections(matcher, roles):
    binary = role_indicators(roles, matcher=matcher)
    v = binary.values
    assert v.loc["Jhelum", "role:migrant_source"] == 1.0
    assert v.loc["Lahore", "role:migrant_source"] == 0.0  # not named -> 0, not missing
    assert not v.isna().any().any()
    assert v.loc["Dera Ghazi Khan", "role:child_trafficking_source"] == 1.0
    two = pd.concat([roles, roles.iloc[[0]].assign(section="§4.2.2")], ignore_index=True)
    graded = role_indicators(two, matcher=matcher, mode="sections").values
    assert graded.loc["Jhelum", "role:migrant_source"] == 2.0
    assert graded.loc["Gujrat", "role:migrant_source"] == 1.0


def test_roles_unmatched_district_is_listed(matcher, roles):
    table = role_indicators(roles, matcher=matcher)
    assert table.unmatched["input"].tolist() == ["Atlantis"]
    assert table.values["role:migrant_source"].sum() == 2.0  # Jhelum, Gujrat; not Atlantis


def test_role_evidence_carries_citation_and_detail(matcher, roles):
    ev = role_indicators(roles, matcher=matcher).evidence
    row = ev[(ev["district"] == "Gujrat") & (ev["indicator"] == "role:destination_affinity")]
    assert row["detail"].tolist() == ["Greece"]
    assert row["section"].tolist() == ["§4.2.2"]
    assert "Greece" in row["statement"].iloc[0]


def test_roles_indicator_confidence_is_weakest(matcher, roles):
    meta = role_indicators(roles, matcher=matcher).indicators
    assert meta["role:migrant_source"].confidence.value == "estimate"
    assert meta["role:camel_jockey_source"].confidence.value == "reported"


def records_frame() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "origin_district": ["Gujrat", "Gujarat", "Gujrat", "Jhellum", "Narnia", "Gujrat"],
            "period": ["2009", "2010", "2011", "2011", "2011", "2011"],
            "persons": [10, 20, 25, 4, 7, 5],
            "category": ["deported", "deportees", "deportee", "deportee", "deportee", "offloaded"],
        }
    )


def test_record_counts_and_trend(matcher):
    table = record_indicators(records_frame(), matcher=matcher)
    v = table.values
    assert v.loc["Gujrat", "records:deportee:count"] == 55.0
    assert v.loc["Jhelum", "records:deportee:count"] == 4.0
    assert v.loc["Lahore", "records:deportee:count"] == 0.0
    # Gujrat deportees 10, 20, 25 over three periods: slope 7.5 persons per period
    assert v.loc["Gujrat", "records:deportee:trend"] == pytest.approx(7.5)
    # Jhelum 0, 0, 4: slope 2
    assert v.loc["Jhelum", "records:deportee:trend"] == pytest.approx(2.0)
    assert v.loc["Gujrat", "records:offloadee:count"] == 5.0
    assert table.indicators["records:deportee:trend"].unit == "persons per period"
    assert table.indicators["records:deportee:count"].period == "2009 to 2011"
    assert table.unmatched["input"].tolist() == ["Narnia"]


def test_records_single_period_has_no_trend(matcher):
    frame = records_frame().assign(period="2011")
    table = record_indicators(frame, matcher=matcher)
    assert "records:deportee:trend" not in table.values.columns


def test_records_bad_input_is_refused(matcher):
    with pytest.raises(ValueError, match="persons"):
        record_indicators(records_frame().assign(persons=[1, 2, -3, 4, 5, 6]), matcher=matcher)
    with pytest.raises(ValueError, match="unknown category"):
        record_indicators(records_frame().assign(category="lost"), matcher=matcher)
    with pytest.raises(ValueError, match="missing column"):
        record_indicators(records_frame().drop(columns="period"), matcher=matcher)


CSV = """district,indicator,value,year,source,unit
Muzafargarh,Poverty headcount,0.41,2015,Survey X,share
Muzaffargarh,Poverty headcount,0.44,2019,Survey X,share
Gujrat,Poverty headcount,0.12,2019,Survey X,share
DG Khan,Poverty headcount,0.38,2019,Survey X,share
Narnia,Poverty headcount,0.99,2019,Survey X,share
Multan,Flood exposure,3,2010,Agency Y,events
"""


def test_user_csv_matches_names_and_keeps_latest_year(matcher):
    frame = read_indicator_file(CSV.encode(), filename="mine.csv")
    table = user_indicators(frame, matcher=matcher)
    v = table.values
    assert v.loc["Muzaffargarh", "user:poverty_headcount"] == 0.44
    assert v.loc["Dera Ghazi Khan", "user:poverty_headcount"] == 0.38
    assert np.isnan(v.loc["Lahore", "user:poverty_headcount"])  # missing, not zero
    meta = table.indicators["user:poverty_headcount"]
    assert meta.period == "2019" and "1 older row" in meta.note and meta.unit == "share"
    report = table.matches.set_index("input")
    assert report.loc["Muzafargarh", "method"] == "fuzzy"
    assert report.loc["Muzafargarh", "district"] == "Muzaffargarh"
    assert report.loc["Narnia", "method"] == "unknown"
    assert table.indicators["user:flood_exposure"].unit == "events"


def test_user_excel_is_read(matcher, tmp_path):
    frame = pd.read_csv(io.StringIO(CSV))
    path = tmp_path / "mine.xlsx"
    frame.to_excel(path, index=False)
    table = user_indicators(read_indicator_file(path), matcher=matcher)
    assert table.values.loc["Gujrat", "user:poverty_headcount"] == 0.12


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("district,indicator,value,year\nGujrat,x,1,2019\n", "missing column"),
        ("district,indicator,value,year,source\nGujrat,x,abc,2019,s\n", "row\\(s\\) 2"),
        ("district,indicator,value,year,source\nGujrat,x,1,2019,\n", "empty 'source'"),
        (
            "district,indicator,value,year,source\nGujrat,x,1,2019,s\nGujarat,x,2,2019,s\n",
            "more than once",
        ),
        (
            "district,indicator,value,year,source,unit\nGujrat,x,1,2019,s,kg\nJhelum,x,2,2019,s,t\n",
            "several units",
        ),
    ],
)
def test_user_file_errors_name_the_rows(matcher, text, message):
    with pytest.raises(IndicatorFileError, match=message):
        user_indicators(read_indicator_file(text.encode(), filename="bad.csv"), matcher=matcher)


def test_combine_refuses_duplicate_keys(matcher, roles):
    table = role_indicators(roles, matcher=matcher)
    with pytest.raises(ValueError, match="defined twice"):
        combine([table, table], districts=matcher.districts)
    both = combine(
        [table, record_indicators(records_frame(), matcher=matcher)], districts=matcher.districts
    )
    assert len(both.values) == len(matcher.districts)
    assert set(both.unmatched["input"]) == {"Atlantis", "Narnia"}


def test_record_store_rows_are_adapted(matcher):
    rows = pd.DataFrame(
        {
            "date": ["2010-03-01", "2011-05", "2011-07-09"],
            "count": [3, 4, 2],
            "event_type": ["deported", "intercepted_sea", "deported"],
            "origin_district": ["Gujrat", "Gwadar", None],
        }
    )
    frame = from_record_rows(rows)
    assert frame["period"].tolist() == ["2010", "2011", "2011"]
    table = record_indicators(frame, matcher=matcher)
    assert table.values.loc["Gujrat", "records:deportee:count"] == 3.0
    assert table.values.loc["Gwadar", "records:intercepted:count"] == 4.0
    assert table.unmatched["input"].tolist() == [""]  # unknown origin is listed, not dropped
    with pytest.raises(ValueError, match="period"):
        from_record_rows(rows, period="week")
