"""Every kind of bad input is reported with row, column and an actionable reason."""

from __future__ import annotations

import datetime as dt
import io
import json

import pytest
from openpyxl import Workbook

from geo.paths import DATA_DIR
from geo.records.importer import check_file
from geo.records.schema import COLUMN_NAMES, Limits
from geo.records.validate import Validator
from tests.records.helpers import csv_bytes, many_rows, row


def check(rows, **kwargs):
    return check_file(csv_bytes(rows), file_name="upload.csv", **kwargs)


def only_error(report):
    assert report.file_error is None, report.file_error
    assert report.rejected == 1, report.errors
    assert len(report.errors) == 1, report.errors
    return report.errors[0]


def test_valid_rows_pass_and_are_counted():
    report = check(many_rows(25))
    assert report.ok and report.rows_read == 25 and report.valid_rows == 25


def test_unknown_place_suggests_closest_gazetteer_names():
    error = only_error(check([row(), row(place="Taftaan")]))
    assert (error.row, error.column) == (3, "place")
    assert "unknown place 'Taftaan'" in error.reason
    assert "Taftan" in error.reason.split("closest gazetteer matches:")[1]


def test_coordinates_outside_region_refused_inside_accepted():
    report = check([row(place="", lat="25.1", lon="62.3"), row(place="", lat="51.5", lon="-0.1")])
    error = only_error(report)
    assert error.row == 3 and error.column == "lat/lon" and "outside the region" in error.reason


@pytest.mark.parametrize(
    ("lat", "lon", "reason"),
    [("", "62.3", "lat is required"), ("north", "62.3", "not a number"), ("nan", "62", "finite")],
)
def test_bad_coordinates(lat, lon, reason):
    error = only_error(check([row(place="", lat=lat, lon=lon)]))
    assert reason in error.reason


def test_future_day_and_future_month_refused():
    tomorrow = dt.date.today() + dt.timedelta(days=1)
    next_month = (dt.date.today().replace(day=1) + dt.timedelta(days=32)).strftime("%Y-%m")
    report = check([row(date=tomorrow.isoformat()), row(date=next_month), row(date="2020-01")])
    assert report.rejected == 2
    assert all(e.column == "date" and "in the future" in e.reason for e in report.errors)
    assert [e.row for e in report.errors] == [2, 3]


@pytest.mark.parametrize(
    ("value", "reason"),
    [
        ("14/05/2023", "not a date"),
        ("2023-02-30", "not a valid date"),
        ("1890-01-01", "before"),
        ("", "a date is required"),
    ],
)
def test_bad_dates(value, reason):
    error = only_error(check([row(date=value)]))
    assert error.column == "date" and reason in error.reason


@pytest.mark.parametrize(
    ("value", "reason"),
    [
        ("-4", "negative count"),
        ("2.5", "not a whole number"),
        ("three", "not a number"),
        ("0", "at least 1"),
        ("", "required"),
        ("5000000", "above"),
    ],
)
def test_bad_counts(value, reason):
    error = only_error(check([row(count=value)]))
    assert error.column == "count" and reason in error.reason


@pytest.mark.parametrize(
    ("column", "value", "reason"),
    [
        ("event_type", "arrested", "unknown event type"),
        ("crime_type", "trafficking/smuggling", "never both"),
        ("crime_type", "TIP and SOM", "never both"),
        ("crime_type", "fraud", "unknown crime type"),
        ("sex", "x", "unknown sex"),
        ("age_group", "elderly", "unknown age group"),
        ("agency", "", "agency holding the record is required"),
        ("source", "", "source of the record is required"),
        ("origin_district", "Gujratt town", "unknown district"),
        ("note", "EXAMPLE ROW - copied from the template", "example row"),
        ("note", "bell\x07", "control character"),
        ("note", "x" * 501, "longer than 500"),
    ],
)
def test_bad_categories_and_text(column, value, reason):
    error = only_error(check([row(**{column: value})]))
    assert error.column == column and reason in error.reason


def test_enum_aliases_and_agency_names_are_canonicalised():
    validator = Validator()
    record, errors = validator.check_row(
        2,
        row(crime_type="Smuggling of migrants", event_type="Deportee", sex="F", agency="fc"),
    )
    assert errors == []
    assert (record[11], record[10], record[15], record[12]) == (
        "SOM",
        "deported",
        "female",
        "Frontier Corps",
    )


def test_origin_district_resolves_to_boundary_name():
    record, errors = Validator().check_row(2, row(origin_district="Jhellum"))
    assert errors == [] and record[14] == "Jhelum"


def test_every_error_in_a_row_is_reported():
    report = check([row(count="-1", sex="?", place="Nowhere-on-earth")])
    assert report.rejected == 1
    assert {e.column for e in report.errors} == {"count", "sex", "place"}


def test_wrong_encoding_is_a_file_error():
    data = csv_bytes([row(note="Café")]).replace("Café".encode(), "Café".encode("latin-1"))
    report = check_file(data, file_name="latin1.csv")
    assert report.file_error and "wrong encoding" in report.file_error
    assert "line 2" in report.file_error and "UTF-8" in report.file_error


def test_missing_column_is_a_file_error():
    columns = tuple(c for c in COLUMN_NAMES if c != "crime_type")
    report = check_file(csv_bytes([row()], columns=columns), file_name="x.csv")
    assert report.file_error and "missing column(s): crime_type" in report.file_error


def test_place_or_coordinates_column_required():
    columns = tuple(c for c in COLUMN_NAMES if c not in ("place", "lat"))
    report = check_file(csv_bytes([row()], columns=columns), file_name="x.csv")
    assert "place (or lat and lon)" in report.file_error


def test_row_with_wrong_number_of_values():
    data = csv_bytes([row()]) + b"2023-01-01,Taftan,extra\n"
    error = only_error(check_file(data, file_name="x.csv"))
    assert error.row == 3 and "has 3 values but the header has 16" in error.reason


def test_size_and_row_limits():
    data = csv_bytes(many_rows(5))
    too_big = check_file(data, file_name="x.csv", limits=Limits(max_bytes=100))
    assert "file too large" in too_big.file_error
    too_long = check_file(data, file_name="x.csv", limits=Limits(max_rows=3))
    assert "more than 3 rows" in too_long.file_error


@pytest.mark.parametrize(
    ("data", "name", "message"),
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "photo.csv", "binary data"),
        (b"just one line of prose without commas\n", "notes.csv", "not a table"),
        (b"", "empty.csv", "empty"),
        (b"PK\x03\x04 not really a zip", "book.xlsx", "not a valid .xlsx"),
        (b'{"type": "Point", "coordinates": [1, 2]}', "x.geojson", "FeatureCollection"),
        (b"{not json", "x.geojson", "not valid GeoJSON"),
        (b"a,b\n1,2\n", "table.txt", "unsupported file type"),
    ],
)
def test_not_a_table(data, name, message):
    report = check_file(data, file_name=name)
    assert report.file_error and message in report.file_error


def test_semicolon_separated_csv_is_read():
    data = csv_bytes([row()]).decode().replace(",", ";").encode()
    assert check_file(data, file_name="x.csv").ok


def _xlsx(rows) -> bytes:
    book = Workbook()
    ws = book.active
    ws.append(list(COLUMN_NAMES))
    for r in rows:
        ws.append([r[c] for c in COLUMN_NAMES])
    ws.append([None] * len(COLUMN_NAMES))
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def test_xlsx_rows_with_native_types():
    rows = [row(), row(count="2.5")]
    data = _xlsx(rows)
    book = Workbook()
    ws = book.active
    ws.append(list(COLUMN_NAMES))
    good = row()
    values = [good[c] for c in COLUMN_NAMES]
    values[COLUMN_NAMES.index("date")] = dt.datetime(2023, 5, 14)
    values[COLUMN_NAMES.index("count")] = 4.0
    ws.append(values)
    buffer = io.BytesIO()
    book.save(buffer)
    assert check_file(buffer.getvalue(), file_name="native.xlsx").ok
    report = check_file(data, file_name="book.xlsx")
    error = only_error(report)
    assert error.row == 3 and error.column == "count"


def test_geojson_points_and_bad_geometry():
    props = {k: v for k, v in row(place="").items() if k not in ("lat", "lon")}
    doc = {
        "type": "FeatureCollection",
        "features": [
            {"type": "Feature", "geometry": {"type": "Point", "coordinates": [62.3, 25.1]},
             "properties": props},
            {"type": "Feature", "geometry": {"type": "LineString", "coordinates": [[1, 2]]},
             "properties": props},
            {"type": "Feature", "geometry": None, "properties": row()},
        ],
    }  # fmt: skip
    report = check_file(json.dumps(doc).encode(), file_name="points.geojson")
    error = only_error(report)
    assert error.row == 2 and error.column == "geometry" and "Point" in error.reason
    assert report.valid_rows == 2


def test_template_matches_schema_and_its_examples_are_refused():
    path = DATA_DIR / "records_template.csv"
    header = path.read_text(encoding="utf-8").splitlines()[0].split(",")
    assert tuple(header) == COLUMN_NAMES
    report = check_file(path, file_name=path.name)
    assert report.file_error is None
    assert report.rows_read >= 2 and report.rejected == report.rows_read
    assert {e.column for e in report.errors} == {"note"}
    fixed = path.read_bytes().replace(b"EXAMPLE ROW", b"Edited row")
    assert check_file(fixed, file_name=path.name).ok


def test_origin_district_from_boundary_file():
    pytest.importorskip("geo.boundaries")
    from geo.boundaries import district_names

    name = next(n for n in district_names() if Validator().gazetteer.find(n) is None)
    record, errors = Validator().check_row(2, row(origin_district=name.upper()))
    assert errors == [] and record[14] == name


def test_a_record_located_by_coordinates_gets_its_district():
    from geo.records.validate import _district_of_point

    assert _district_of_point(31.55, 74.35) == "Lahore"
    assert _district_of_point(23.6, 58.4) == ""  # Muscat: outside Pakistan's districts
