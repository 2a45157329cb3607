"""Readers that turn a CSV, Excel (.xlsx) or GeoJSON file into one stream of rows.

Each reader yields ``(row_number, values)`` pairs where ``values`` maps a normalised column name
to the cell's value, and the row number is the one a user sees: the spreadsheet line (header is
line 1) for CSV and Excel, the feature's position (from 1) for GeoJSON. File-level problems
(wrong encoding, not a table, too large) raise ``ImportFileError`` with a message meant for the
person who made the file.
"""

from __future__ import annotations

import codecs
import csv
import io
import json
import re
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any, BinaryIO

from geo.records.schema import Limits

SUFFIXES = (".csv", ".xlsx", ".geojson", ".json")


class ImportFileError(ValueError):
    """The file as a whole cannot be read as a table of records."""


def normalise_header(name: Any) -> str:
    """Fold a header cell to the schema's spelling (``Event type`` -> ``event_type``)."""
    text = str(name if name is not None else "").strip().lower()
    return re.sub(r"[^a-z0-9]+", "_", text).strip("_")


class RowStream:
    """The header of a file plus an iterator over its data rows."""

    def __init__(self, columns: list[str], rows: Iterator[tuple[int, dict[str, Any]]]):
        self.columns = columns
        self._rows = rows

    def __iter__(self) -> Iterator[tuple[int, dict[str, Any]]]:
        return self._rows


def _open_binary(source: Path | bytes, limits: Limits) -> BinaryIO:
    if isinstance(source, bytes | bytearray):
        size = len(source)
        handle: BinaryIO = io.BytesIO(source)
    else:
        path = Path(source)
        if not path.is_file():
            raise ImportFileError(f"{path.name}: file not found")
        size = path.stat().st_size
        handle = path.open("rb")
    if size > limits.max_bytes:
        handle.close()
        raise ImportFileError(_too_large(size, limits))
    if size == 0:
        handle.close()
        raise ImportFileError("the file is empty")
    return handle


def _too_large(size: int, limits: Limits) -> str:
    return (
        f"file too large: {size / 1e6:.1f} MB; the limit is {limits.max_bytes / 1e6:.0f} MB. "
        "Split the file into smaller ones."
    )


def open_rows(source: Path | bytes, file_name: str, *, limits: Limits) -> RowStream:
    """Open ``source`` (a path or the file's bytes) according to the suffix of ``file_name``.

    Raises
    ------
    ImportFileError
        Unknown file type, file too large, wrong encoding, or content that is not a table.
    """
    suffix = Path(file_name).suffix.lower()
    if suffix not in SUFFIXES:
        raise ImportFileError(
            f"{file_name}: unsupported file type {suffix or '(none)'!r}; "
            "use .csv, .xlsx or .geojson"
        )
    handle = _open_binary(source, limits)
    try:
        if suffix == ".csv":
            stream = _csv_rows(handle, file_name)
        elif suffix == ".xlsx":
            stream = _xlsx_rows(handle, file_name)
        else:
            stream = _geojson_rows(handle.read(), file_name)
            handle.close()
    except BaseException:
        handle.close()
        raise
    return RowStream(stream.columns, _limit_rows(iter(stream), limits, file_name))


def _limit_rows(rows, limits: Limits, file_name: str):
    for count, item in enumerate(rows, start=1):
        if count > limits.max_rows:
            raise ImportFileError(
                f"{file_name}: more than {limits.max_rows:,} rows; split the file into smaller ones"
            )
        yield item


# --- CSV -------------------------------------------------------------------------------------


def _encoding_error(file_name: str, handle: BinaryIO) -> ImportFileError:
    """Locate the first byte that is not UTF-8 (line and value) for the error message."""
    handle.seek(0)
    decoder = codecs.getincrementaldecoder("utf-8")("strict")
    line, byte = 1, 0
    while chunk := handle.read(1 << 20):
        try:
            decoder.decode(chunk)
        except UnicodeDecodeError as err:
            # the decoder may hold up to 3 bytes of an unfinished sequence from the last chunk
            position = max(err.start - len(err.object) + len(chunk), 0)
            line += chunk.count(b"\n", 0, position)
            byte = chunk[position]
            break
        line += chunk.count(b"\n")
    return ImportFileError(
        f"{file_name}: wrong encoding: byte 0x{byte:02x} on line {line} is not UTF-8. "
        "Save the file as 'CSV UTF-8' and import it again."
    )


def _csv_rows(handle: BinaryIO, file_name: str) -> RowStream:
    head = handle.read(65536)
    handle.seek(0)
    if b"\x00" in head:
        handle.close()
        raise ImportFileError(f"{file_name}: not a table: the file holds binary data, not text")
    first_line = head.split(b"\n", 1)[0]
    delimiter = max((",", ";", "\t"), key=lambda d: first_line.count(d.encode()))
    text = io.TextIOWrapper(handle, encoding="utf-8-sig", errors="strict", newline="")
    reader = csv.reader(text, delimiter=delimiter)
    try:
        header = next(reader)
    except UnicodeDecodeError:
        error = _encoding_error(file_name, handle)
        text.close()
        raise error from None
    except (StopIteration, csv.Error) as err:
        text.close()
        raise ImportFileError(f"{file_name}: not a table: {err}") from None
    columns = [normalise_header(h) for h in header]
    if len(columns) < 2:
        text.close()
        raise ImportFileError(
            f"{file_name}: not a table: the first line has no comma-separated column names"
        )

    def rows() -> Iterator[tuple[int, dict[str, Any]]]:
        width = len(columns)
        try:
            for values in reader:
                line = reader.line_num
                if not values or all(not v.strip() for v in values):
                    continue
                if len(values) != width:
                    yield line, {"__width__": (len(values), width)}
                    continue
                yield line, dict(zip(columns, values, strict=True))
        except UnicodeDecodeError:
            raise _encoding_error(file_name, handle) from None
        except csv.Error as err:
            raise ImportFileError(f"{file_name}: line {reader.line_num}: {err}") from None
        finally:
            text.close()

    return RowStream(columns, rows())


# --- Excel -----------------------------------------------------------------------------------


def _xlsx_rows(handle: BinaryIO, file_name: str) -> RowStream:
    import openpyxl

    if not zipfile.is_zipfile(handle):
        raise ImportFileError(f"{file_name}: not a table: not a valid .xlsx workbook")
    handle.seek(0)
    try:
        book = openpyxl.load_workbook(handle, read_only=True, data_only=True)
    except Exception as err:  # openpyxl raises many types for damaged files
        raise ImportFileError(f"{file_name}: not a valid .xlsx workbook ({err})") from None
    sheet = book["records"] if "records" in book.sheetnames else book.worksheets[0]
    cells = sheet.iter_rows(values_only=True)
    header: list[str] = []
    header_row = 0
    for values in cells:
        header_row += 1
        if any(v not in (None, "") for v in values):
            header = [normalise_header(v) for v in values]
            break
    while header and header[-1] == "":
        header.pop()
    if len(header) < 2:
        book.close()
        raise ImportFileError(f"{file_name}: not a table: no header row with column names")

    def rows() -> Iterator[tuple[int, dict[str, Any]]]:
        width = len(header)
        try:
            for number, values in enumerate(cells, start=header_row + 1):
                if all(v in (None, "") for v in values):
                    continue
                extra = [v for v in values[width:] if v not in (None, "")]
                if extra:
                    yield number, {"__width__": (width + len(extra), width)}
                    continue
                padded = list(values[:width]) + [None] * (width - len(values))
                cells_of_row = zip(header, padded, strict=True)
                yield number, {h: ("" if v is None else v) for h, v in cells_of_row}
        finally:
            book.close()
            handle.close()

    return RowStream(header, rows())


# --- GeoJSON ---------------------------------------------------------------------------------


def _geojson_rows(data: bytes, file_name: str) -> RowStream:
    try:
        doc = json.loads(data.decode("utf-8-sig"))
    except UnicodeDecodeError as err:
        raise ImportFileError(
            f"{file_name}: wrong encoding: byte 0x{data[err.start]:02x} is not UTF-8"
        ) from None
    except json.JSONDecodeError as err:
        raise ImportFileError(f"{file_name}: not valid GeoJSON: {err}") from None
    if not isinstance(doc, dict) or doc.get("type") != "FeatureCollection":
        raise ImportFileError(f"{file_name}: not a table: expected a GeoJSON FeatureCollection")
    features = doc.get("features")
    if not isinstance(features, list) or not features:
        raise ImportFileError(f"{file_name}: the FeatureCollection has no features")
    columns: list[str] = []
    for feature in features:
        props = feature.get("properties") if isinstance(feature, dict) else None
        for key in props or {}:
            name = normalise_header(key)
            if name not in columns:
                columns.append(name)
    for name in ("lat", "lon"):
        if name not in columns:
            columns.append(name)

    def rows() -> Iterator[tuple[int, dict[str, Any]]]:
        for number, feature in enumerate(features, start=1):
            if not isinstance(feature, dict) or feature.get("type") != "Feature":
                yield number, {"__error__": ("type", "not a GeoJSON Feature")}
                continue
            props = feature.get("properties") or {}
            values = {normalise_header(k): ("" if v is None else v) for k, v in props.items()}
            geometry = feature.get("geometry")
            if geometry:
                if geometry.get("type") != "Point":
                    yield number, {"__error__": ("geometry", "only Point geometries are accepted")}
                    continue
                coords = geometry.get("coordinates") or []
                if len(coords) < 2:
                    yield number, {"__error__": ("geometry", "Point without coordinates")}
                    continue
                values.setdefault("lon", coords[0])
                values.setdefault("lat", coords[1])
            yield number, values

    return RowStream(columns, rows())
