"""Record-based and uploaded indicators carry their own class, never "Reported figure".

The expected statements are written out by hand from the issue's wording ("Agency record,
imported on … by …"), not built with the code under test.
"""

from __future__ import annotations

import dataclasses
import io
import json

import openpyxl
import pandas as pd
import pytest

from geo.awareness.context import load_languages, load_themes
from geo.awareness.export import joined, table_csv, to_excel_bytes
from geo.awareness.indicators import Indicator, district_classes
from geo.awareness.pipeline import (
    assemble,
    default_weights,
    indicator_metadata,
    targets_source,
)
from geo.awareness.records import record_indicators
from geo.awareness.scoring import score_districts
from geo.awareness.takeaway import CLASS_COLUMN, build_takeaway
from geo.awareness.uploads import read_indicator_file, upload_provenance, user_indicators
from geo.briefing.supplied import targets_block
from geo.confidence import Confidence
from geo.provenance import ImportStamp, Provenance, ProvenanceKind, from_imports
from layers.awareness import awareness_layer, awareness_map

REPORTED = "Reported figure"
STAMPS = [
    ImportStamp("2026-11-30T09:00:00+00:00", "bob"),
    ImportStamp("2026-11-02T10:00:00+00:00", "alice"),
]
ANALYST = "Agency record, imported on 2026-11-02 to 2026-11-30 by alice, bob"
PUBLIC = "Agency record, imported on 2026-11-02 to 2026-11-30 by an agency administrator"
UPLOADED = "User-uploaded indicator, uploaded on 2026-12-01 by carol"
UPLOADED_PUBLIC = "User-uploaded indicator, uploaded on 2026-12-01 by an unnamed user"
FILE = (
    "district,indicator,value,year,source,confidence\n"
    "Gujrat,Youth unemployment,12,2010,Labour survey,reported\n"
    "Quetta,Youth unemployment,30,2010,Labour survey,reported\n"
)


def records() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "origin_district": ["Gujrat", "Gujrat", "Jhelum"],
            "period": ["2010", "2011", "2011"],
            "persons": [10, 20, 4],
            "category": ["deportee", "deportee", "offloadee"],
        }
    )


def upload(matcher, provenance: Provenance):
    frame = read_indicator_file(FILE.encode(), filename="survey.csv")
    return user_indicators(frame, matcher=matcher, filename="survey.csv", provenance=provenance)


@pytest.mark.parametrize(("show_names", "expected"), [(True, ANALYST), (False, PUBLIC)])
def test_record_indicators_carry_the_agency_record_class(matcher, show_names, expected):
    prov = from_imports(STAMPS, show_names=show_names)
    table = record_indicators(records(), matcher=matcher, provenance=prov)
    assert set(table.indicators) == {
        "records:deportee:count", "records:deportee:trend",
        "records:offloadee:count", "records:offloadee:trend",
    }  # fmt: skip
    for meta in table.indicators.values():
        assert meta.confidence is None
        assert meta.class_label == "Agency record"
        assert meta.class_statement == expected
    assert set(table.evidence["confidence"]) == {"agency_record"}
    if not show_names:
        assert "alice" not in json.dumps([m.class_statement for m in table.indicators.values()])


def test_records_without_a_known_import_still_say_agency_record(matcher):
    table = record_indicators(records(), matcher=matcher)
    meta = table.indicators["records:deportee:count"]
    assert meta.class_statement == "Agency record (not a figure of the report)"


@pytest.mark.parametrize(("user", "expected"), [("carol", UPLOADED), (None, UPLOADED_PUBLIC)])
def test_uploaded_indicators_carry_the_user_indicator_class(matcher, user, expected):
    table = upload(matcher, upload_provenance("2026-12-01", user))
    meta = table.indicators["user:youth_unemployment"]
    assert meta.confidence is None
    assert meta.class_label == "User-uploaded indicator"
    assert meta.class_statement == expected
    # the file's own column is kept as the file states it, not adopted as a report class
    assert "confidence column says: reported" in meta.note
    assert REPORTED not in meta.note
    assert set(table.evidence["confidence"]) == {"user_indicator"}


def test_a_non_report_indicator_cannot_take_a_report_class(matcher):
    meta = record_indicators(records(), matcher=matcher).indicators["records:deportee:count"]
    with pytest.raises(ValueError, match="no confidence class"):
        dataclasses.replace(meta, confidence=Confidence.REPORTED)
    with pytest.raises(ValueError, match="provenance"):
        dataclasses.replace(meta, provenance=None)
    with pytest.raises(ValueError, match="User-uploaded indicator"):
        dataclasses.replace(meta, origin="user")
    with pytest.raises(ValueError, match="confidence class and no provenance"):
        Indicator("role:x", "X", "u", "report", "s", "§1", None, "2011")
    with pytest.raises(ValueError, match="records"):
        record_indicators(
            records(), matcher=matcher, provenance=Provenance(ProvenanceKind.USER_INDICATOR)
        )


@pytest.fixture()
def ranked(matcher, roles, districts):
    table = assemble(
        matcher=matcher,
        roles=roles,
        records=records(),
        uploads=[upload(matcher, upload_provenance("2026-12-01", "carol"))],
        records_provenance=from_imports(STAMPS, show_names=True),
    )
    result = score_districts(table.values, default_weights(table))
    takeaway = build_takeaway(
        result,
        table,
        provinces=dict(zip(districts["district"], districts["province"], strict=True)),
        languages=load_languages(),
        themes=load_themes(),
        matcher=matcher,
    )
    return takeaway, table


def _non_report_lines(lines: list[str]) -> list[str]:
    starts = ("Deportees", "Offloadees", "Youth unemployment")
    return [line for line in lines if line.startswith(starts)]


def test_takeaway_says_the_class_and_never_reported_figure(ranked):
    takeaway, _table = ranked
    gujrat = takeaway.set_index("district").loc["Gujrat"]
    assert gujrat[CLASS_COLUMN] == [
        f"Deportees (total): {ANALYST}",
        f"Deportees (trend): {ANALYST}",
        f"Youth unemployment: {UPLOADED}",
    ]  # Gujrat has deportees and the upload, no offloadees
    why = _non_report_lines(gujrat["why"])
    assert why, "Gujrat's records and upload should be among its reasons"
    for line in why:
        assert REPORTED not in line
        assert line.endswith(f"; {ANALYST})") or line.endswith(f"; {UPLOADED})")
    # Jhelum has offloadees only: no line for its 0 deportees (the boundary of the rule)
    assert takeaway.set_index("district").loc["Jhelum", CLASS_COLUMN] == [
        f"Offloadees (total): {ANALYST}",
        f"Offloadees (trend): {ANALYST}",
    ]
    # a district no record or upload covers has no class lines
    assert takeaway.set_index("district").loc["Karachi", CLASS_COLUMN] == []


def test_csv_excel_and_pack_table_carry_the_class(ranked):
    takeaway, table = ranked
    frame = pd.read_csv(io.BytesIO(table_csv(takeaway)))
    row = frame.set_index("district").loc["Gujrat"]
    assert f"Youth unemployment: {UPLOADED}" in row[CLASS_COLUMN]
    assert f"Deportees (total): {ANALYST}" in row[CLASS_COLUMN]
    for line in _non_report_lines(row["why"].split(" | ")):
        assert REPORTED not in line
    meta = indicator_metadata(table)
    book = openpyxl.load_workbook(
        io.BytesIO(to_excel_bytes(takeaway, indicators=meta)), read_only=True
    )
    sheet = list(book["Indicators"].values)
    header, rows = list(sheet[0]), [dict(zip(sheet[0], r, strict=True)) for r in sheet[1:]]
    assert "provenance" in header
    by_key = {r["key"]: r for r in rows}
    assert by_key["records:deportee:count"]["confidence"] == "Agency record"
    assert by_key["records:deportee:count"]["provenance"] == ANALYST
    assert by_key["user:youth_unemployment"]["confidence"] == "User-uploaded indicator"
    assert by_key["user:youth_unemployment"]["provenance"] == UPLOADED
    assert all(r["confidence"] != REPORTED for r in rows if not str(r["key"]).startswith("role:"))
    pack = joined(takeaway.head(3))  # what the page hands to the briefing pack
    assert pack[CLASS_COLUMN].map(lambda v: isinstance(v, str)).all()
    assert any(ANALYST in v for v in pack[CLASS_COLUMN])
    pack.attrs["source"] = targets_source(table)
    block = targets_block(pack)
    assert block.paragraphs == (
        "Awareness targeting (weights set by the user; UNODC 2011 roles); "
        f"interception records: {ANALYST}; uploaded indicators: {UPLOADED}",
    )


def test_map_tooltips_carry_the_class_escaped(polygons_for_classes):
    gdf, ranked_table = polygons_for_classes
    hostile = Provenance(ProvenanceKind.AGENCY_RECORD, "2026-11-30", None, ("<b>eve</b>`${x}",))
    classes = {"Alpha": [f"Deportees (total): {hostile.statement}"]}
    html = (
        awareness_map(gdf, ranked_table, top_n=1, method="minmax", classes=classes)
        .get_root()
        .render()
    )
    # folium writes the GeoJSON with <, > and & as \u escapes; decoded, the name is escaped text
    decoded = html.replace("\\u0026", "&").replace("\\u003c", "<").replace("\\u003e", ">")
    assert "Deportees (total): Agency record, imported on 2026-11-30 by &lt;b&gt;eve" in decoded
    assert "<b>eve</b>" not in decoded
    assert REPORTED not in html
    layer, _ = awareness_layer(gdf, ranked_table, top_n=1, classes=classes)
    tips = [
        f["properties"]["tooltip"] for f in next(iter(layer._children.values())).data["features"]
    ]
    assert sum("Agency record" in t for t in tips) == 1  # Alpha's only


def test_district_classes_lists_only_districts_with_a_value(matcher):
    table = upload(matcher, upload_provenance("2026-12-01", None))
    assert district_classes(table) == {
        "Gujrat": [f"Youth unemployment: {UPLOADED_PUBLIC}"],
        "Quetta": [f"Youth unemployment: {UPLOADED_PUBLIC}"],
    }


@pytest.fixture()
def polygons_for_classes():
    import geopandas as gpd
    from shapely.geometry import box

    gdf = gpd.GeoDataFrame(
        {"district": ["Alpha", "Beta"], "province": ["P", "P"]},
        geometry=[box(0, 0, 1, 1), box(1, 0, 2, 1)],
        crs="EPSG:4326",
    )
    return gdf, pd.DataFrame({"district": ["Alpha", "Beta"], "rank": [1, 2], "score": [2.0, 1.0]})
