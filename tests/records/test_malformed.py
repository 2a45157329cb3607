"""Malformed and oversized files: a one-line reason each, at and just over every limit, refused
before anything is written, and memory bounded by what the reader holds, not by the file."""

from __future__ import annotations

import io
import json
import subprocess
import sys
import textwrap
import zipfile
from pathlib import Path

import pytest
from openpyxl import Workbook

from geo.records.importer import check_file, import_file
from geo.records.readers import MAX_LINE_CHARS, ImportFileError, open_rows
from geo.records.schema import COLUMN_NAMES, Limits
from tests.records.helpers import csv_bytes, many_rows, row

ROOT = Path(__file__).resolve().parents[2]


def _feature(**overrides: object) -> dict[str, object]:
    props = {k: v for k, v in row(place="Taftan").items() if k not in ("lat", "lon")}
    feature: dict[str, object] = {"type": "Feature", "properties": props, "geometry": None}
    feature.update(overrides)
    return feature


def _collection(*features: object, **top: object) -> bytes:
    doc = {"type": "FeatureCollection", "features": list(features), **top}
    return json.dumps(doc).encode()


def _one_line(report_error: str | None) -> str:
    assert report_error is not None
    assert "\n" not in report_error and "Traceback" not in report_error
    assert "/work" not in report_error and "site-packages" not in report_error
    return report_error


FILE_ERRORS = {
    "number": (b"5", "not a table"),
    "string": (b'"FeatureCollection"', "not a table"),
    "array": (b"[1, 2]", "not a table"),
    "null": (b"null", "not a table"),
    "true": (b"true", "not a table"),
    "not json": (b"{'type': 1}", "not valid GeoJSON"),
    "truncated": (b'{"type": "FeatureCollection", "features": [', "not valid GeoJSON"),
    "wrong type": (_collection(_feature(), type="Feature"), "expected a GeoJSON"),
    "type a number": (b'{"type": 5, "features": []}', "expected a GeoJSON"),
    "features an object": (b'{"type": "FeatureCollection", "features": {}}', "must be an array"),
    "features a number": (b'{"type": "FeatureCollection", "features": 5}', "must be an array"),
    "features text": (b'{"type": "FeatureCollection", "features": "x"}', "must be an array"),
    "features null": (b'{"type": "FeatureCollection", "features": null}', "must be an array"),
    "no features key": (b'{"type": "FeatureCollection"}', "must be an array"),
    "no features": (_collection(), "no features"),
    "deep": (
        b'{"type": "FeatureCollection", "features": ' + b"[" * 200_000 + b"]" * 200_000 + b"}",
        "nested deeper than",
    ),
    "deep objects": (b'{"a":' * 100_000 + b"1" + b"}" * 100_000, "nested deeper than"),
    "not utf-8": (b'{"type": "FeatureCollection", "features": ["\xff"]}', "GeoJSON|UTF-8"),
}


@pytest.mark.parametrize("case", FILE_ERRORS)
def test_every_wrong_geojson_document_gets_a_one_line_reason(case):
    data, reason = FILE_ERRORS[case]
    report = check_file(data, file_name="x.geojson")
    assert __import__("re").search(reason, _one_line(report.file_error)), report.file_error
    assert report.valid_rows == 0


ROW_ERRORS = {
    "feature a number": (5, "not a GeoJSON Feature"),
    "feature text": ("Feature", "not a GeoJSON Feature"),
    "feature an array": ([1, 2], "not a GeoJSON Feature"),
    "feature null": (None, "not a GeoJSON Feature"),
    "feature type wrong": (_feature(type="Point"), "not a GeoJSON Feature"),
    "properties a list": (_feature(properties=[1, 2]), "must be an object"),
    "properties text": (_feature(properties="x"), "must be an object"),
    "property an object": (_feature(properties={**row(), "count": {"n": 3}}), "text or a number"),
    "property a list": (_feature(properties={**row(), "note": [1]}), "text or a number"),
    "geometry text": (_feature(geometry="Point"), "must be an object"),
    "geometry a list": (_feature(geometry=[66, 30]), "must be an object"),
    "geometry a polygon": (_feature(geometry={"type": "Polygon", "coordinates": []}), "Point"),
    "coordinates a number": (_feature(geometry={"type": "Point", "coordinates": 5}), "lon, lat"),
    "coordinates short": (_feature(geometry={"type": "Point", "coordinates": [66]}), "lon, lat"),
    "coordinates text": (
        _feature(geometry={"type": "Point", "coordinates": ["66", "30"]}),
        "not a number",
    ),
    "coordinates bool": (
        _feature(geometry={"type": "Point", "coordinates": [True, 30]}),
        "not a number",
    ),
    "coordinates nested": (
        _feature(geometry={"type": "Point", "coordinates": [[66, 30], [67, 31]]}),
        "not a number",
    ),
}


@pytest.mark.parametrize("case", ROW_ERRORS)
def test_every_wrong_feature_is_a_row_error_in_a_later_feature_too(case):
    bad, reason = ROW_ERRORS[case]
    report = check_file(_collection(_feature(), _feature(), bad), file_name="x.geojson")
    assert report.file_error is None, report.file_error
    assert report.valid_rows == 2 and report.rejected == 1
    (error,) = report.errors
    assert error.row == 3 and reason in error.reason and "\n" not in error.reason


def test_a_valid_geojson_with_point_geometry_imports(store):
    point = _feature(
        properties={k: v for k, v in row(place="").items() if k not in ("lat", "lon")},
        geometry={"type": "Point", "coordinates": [66.97, 24.85]},
    )
    report = import_file(store, _collection(point, _feature()), file_name="p.geojson", user="t")
    assert report.status == "committed" and report.accepted == 2


def _xlsx(rows: list[list[object]]) -> bytes:
    book = Workbook()
    sheet = book.active
    for values in rows:
        sheet.append(values)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


HEADER = list(COLUMN_NAMES)


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("empty.csv", b""),
        ("header.csv", csv_bytes([])),
        ("header-blank-lines.csv", csv_bytes([]) + b"\r\n,,,\r\n\r\n"),
        ("header.xlsx", _xlsx([HEADER])),
        ("empty.geojson", b""),
    ],
)
def test_empty_and_header_only_files_are_refused(store, name, data):
    report = import_file(store, data, file_name=name, user="t")
    assert report.status == "failed"
    assert "no data rows" in _one_line(report.file_error) or "empty" in report.file_error
    assert store.count_records() == 0 and store.import_log()[0].status == "failed"


def _zip_bomb(path: Path, *, unpacked_mb: int) -> Path:
    """A .xlsx-named zip whose shared strings expand from a few kB to ``unpacked_mb`` MB."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        with archive.open("xl/sharedStrings.xml", "w") as member:
            chunk = b"<si><t>a</t></si>" * 65536
            for _ in range(unpacked_mb * (1 << 20) // len(chunk)):
                member.write(chunk)
    return path


def test_a_zip_bomb_disguised_as_xlsx_is_refused_before_unpacking(tmp_path, store):
    bomb = _zip_bomb(tmp_path / "agency.xlsx", unpacked_mb=64)
    assert bomb.stat().st_size < 1 << 20
    report = import_file(store, bomb, file_name=bomb.name, user="t")
    assert report.status == "failed" and "zip bomb" in _one_line(report.file_error)
    assert store.count_records() == 0


def test_xlsx_unpacked_size_at_and_just_over_the_limit():
    data = _xlsx([HEADER, list(row().values())])
    total = sum(i.file_size for i in zipfile.ZipFile(io.BytesIO(data)).infolist())
    at_limit = check_file(data, file_name="a.xlsx", limits=Limits(max_unpacked_bytes=total))
    assert at_limit.file_error is None and at_limit.valid_rows == 1
    over = check_file(data, file_name="a.xlsx", limits=Limits(max_unpacked_bytes=total - 1))
    assert "expands to" in _one_line(over.file_error)


def test_a_sheet_that_declares_a_huge_size_reads_only_its_columns():
    values = list(row().values())
    data = _xlsx([HEADER, values, [None] * 30 + ["far away"]])
    report = check_file(data, file_name="wide.xlsx")
    assert report.file_error is None and report.valid_rows == 1 and report.rejected == 0


def test_an_xlsx_row_with_an_extra_value_is_a_row_error():
    data = _xlsx([HEADER, [*row().values(), "extra"]])
    report = check_file(data, file_name="extra.xlsx")
    assert report.rejected == 1 and "values but the header has" in report.errors[0].reason


@pytest.mark.parametrize("suffix", ["csv", "xlsx", "geojson"])
def test_rows_at_and_just_over_the_row_limit(suffix):
    rows = many_rows(10)
    if suffix == "csv":
        data = csv_bytes(rows)
    elif suffix == "xlsx":
        data = _xlsx([HEADER, *[list(r.values()) for r in rows]])
    else:
        data = _collection(
            *[_feature(properties={**r, "note": f"n{i}"}) for i, r in enumerate(rows)]
        )
    ok = check_file(data, file_name=f"f.{suffix}", limits=Limits(max_rows=10))
    assert ok.file_error is None and ok.valid_rows == 10
    over = check_file(data, file_name=f"f.{suffix}", limits=Limits(max_rows=9))
    assert "more than 9 rows" in _one_line(over.file_error)


def test_cells_and_columns_at_and_just_over_their_limits():
    data = csv_bytes(many_rows(5))
    width = len(COLUMN_NAMES)
    assert (
        check_file(data, file_name="c.csv", limits=Limits(max_cells=5 * width)).file_error is None
    )
    over = check_file(data, file_name="c.csv", limits=Limits(max_cells=5 * width - 1))
    assert "cells" in _one_line(over.file_error)
    assert check_file(data, file_name="c.csv", limits=Limits(max_columns=width)).file_error is None
    over = check_file(data, file_name="c.csv", limits=Limits(max_columns=width - 1))
    assert "columns" in _one_line(over.file_error)


def test_file_size_at_and_just_over_the_limit():
    data = csv_bytes(many_rows(3))
    assert (
        check_file(data, file_name="s.csv", limits=Limits(max_bytes=len(data))).file_error is None
    )
    over = check_file(data, file_name="s.csv", limits=Limits(max_bytes=len(data) - 1))
    assert "file too large" in _one_line(over.file_error)
    doc = _collection(_feature())
    limit = Limits(max_geojson_bytes=len(doc))
    assert check_file(doc, file_name="s.geojson", limits=limit).file_error is None
    over = check_file(doc, file_name="s.geojson", limits=Limits(max_geojson_bytes=len(doc) - 1))
    assert "file too large" in _one_line(over.file_error)


def _nested(depth: int) -> bytes:
    """A valid collection whose deepest point is ``depth`` levels down (in a property)."""
    # collection (1) > features (2) > feature (3) > properties (4) > note's arrays (5...)
    inner = "[" * (depth - 4) + "]" * (depth - 4)
    feature = json.dumps(_feature()).replace('"note": "fictitious test row"', f'"note": {inner}')
    return b'{"type": "FeatureCollection", "features": [' + feature.encode() + b"]}"


def test_depth_at_and_just_over_the_limit():
    at = check_file(_nested(8), file_name="d.geojson", limits=Limits(max_depth=8))
    assert at.file_error is None and at.rejected == 1  # a list is not a note, but it parses
    over = check_file(_nested(9), file_name="d.geojson", limits=Limits(max_depth=8))
    assert "nested deeper than 8" in _one_line(over.file_error)


def test_line_length_at_and_just_over_the_limit():
    header = csv_bytes([])
    base = csv_bytes([row(note="")])[len(header) :]
    pad = MAX_LINE_CHARS - len(base.decode())  # the line, CRLF included, at the limit
    at = header + csv_bytes([row(note="x" * pad)])[len(header) :]
    report = check_file(at, file_name="l.csv")
    assert report.file_error is None and report.rejected == 1  # the note is too long, no more
    over = header + csv_bytes([row(note="x" * (pad + 1))])[len(header) :]
    assert "longer than" in _one_line(check_file(over, file_name="l.csv").file_error)


def test_a_refused_file_is_refused_before_anything_is_written(store, monkeypatch):
    import_file(store, csv_bytes(many_rows(3)), file_name="first.csv", user="t")

    def no_write(*_args: object, **_kwargs: object) -> None:
        raise AssertionError("records were written for a refused file")

    monkeypatch.setattr("geo.records.writer.ImportTransaction.add", no_write)
    rows = many_rows(30, seed=50)
    rows[-1]["count"] = "-4"  # the last row is bad: the whole file is refused
    report = import_file(store, csv_bytes(rows), file_name="bad.csv", user="t")
    assert report.status == "refused"
    over = import_file(
        store, csv_bytes(many_rows(12, seed=90)), file_name="big.csv", user="t",
        limits=Limits(max_rows=11),
    )  # fmt: skip
    assert over.status == "failed" and "more than 11 rows" in over.file_error
    monkeypatch.undo()
    assert store.count_records() == 3
    assert [e.status for e in store.import_log()] == ["failed", "refused", "committed"]


def test_open_rows_refuses_an_unknown_suffix_with_one_line():
    with pytest.raises(ImportFileError, match="unsupported file type"):
        open_rows(b"a,b\n1,2\n", "x.txt", limits=Limits())


MEMORY_BOUND_MB = 50
"""Peak memory a check may add to the process (MB), whatever the file's size: the stated bound.
Reading the 22 MB GeoJSON below whole (``json.loads``, as before) adds about 110 MB."""


def _write_big_geojson(path: Path, features: int) -> Path:
    props = {k: v for k, v in row(place="Taftan").items() if k not in ("lat", "lon")}
    with path.open("w", encoding="utf-8") as out:
        out.write('{"type": "FeatureCollection", "features": [\n')
        for i in range(features):
            item = {"type": "Feature", "properties": {**props, "reference": f"R{i}"},
                    "geometry": None}  # fmt: skip
            out.write(("," if i else "") + json.dumps(item) + "\n")
        out.write("]}\n")
    return path


def test_memory_stays_bounded_for_a_large_geojson_and_a_zip_bomb(tmp_path):
    big = _write_big_geojson(tmp_path / "big.geojson", 60_000)
    assert big.stat().st_size > 20e6
    bomb = _zip_bomb(tmp_path / "bomb.xlsx", unpacked_mb=300)
    script = textwrap.dedent(
        """
        import re, sys
        from pathlib import Path
        from geo.records.importer import check_file
        from geo.records.validate import Validator

        def status(key):
            text = Path("/proc/self/status").read_text()
            return int(re.search(key + r":\\s+(\\d+)", text).group(1)) // 1024

        validator = Validator()
        check_file(b"date,count\\n", file_name="warm.csv", validator=validator)
        grown, out = 0, []
        for name in sys.argv[1:]:
            Path("/proc/self/clear_refs").write_text("5")  # reset the peak (VmHWM)
            base = status("VmRSS")
            report = check_file(Path(name), file_name=Path(name).name, validator=validator)
            grown = max(grown, status("VmHWM") - base)
            out.append(f"{report.valid_rows}:{report.file_error}")
        print(grown)
        print("|".join(out))
        """
    )
    done = subprocess.run(
        [sys.executable, "-c", script, str(big), str(bomb)],
        cwd=ROOT, capture_output=True, text=True, timeout=300, check=True,
    )  # fmt: skip
    grown, outcomes = done.stdout.strip().splitlines()
    big_outcome, bomb_outcome = outcomes.split("|")
    assert big_outcome == "60000:None"
    assert "zip bomb" in bomb_outcome
    assert int(grown) < MEMORY_BOUND_MB, f"checking grew the process by {grown} MB"
