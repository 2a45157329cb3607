"""Readers that turn a CSV, Excel (.xlsx) or GeoJSON file into one stream of rows.

Each reader yields ``(row_number, values)`` pairs where ``values`` maps a normalised column name
to the cell's value, and the row number is the one a user sees: the spreadsheet line (header is
line 1) for CSV and Excel, the feature's position (from 1) for GeoJSON. File-level problems
(wrong encoding, not a table, too large) raise ``ImportFileError`` with a one-line message meant
for the person who made the file.

Every reader is bounded by what the file expands to, not only by its size on disk, and checks
its limits while it reads (``schema.Limits``): rows, cells, columns and line length for every
type; the declared unpacked size and the expansion ratio of each member of a workbook (a zip
bomb is refused before it is unpacked), which openpyxl then reads in read-only, streaming mode;
and the nesting depth of a GeoJSON file, which is parsed as a stream of events (``ijson``) so
that only one feature is held in memory at a time.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any, BinaryIO

from geo.errors import UserInputError
from geo.records.schema import Limits

SUFFIXES = (".csv", ".xlsx", ".geojson", ".json")


class ImportFileError(UserInputError, ValueError):
    """The file as a whole cannot be read as a table of records."""


def normalise_header(name: Any) -> str:
    """Fold a header cell to the schema's spelling (``Event type`` -> ``event_type``)."""
    text = str(name if name is not None else "").strip().lower()
    return re.sub(r"[^a-z0-9]+", "_", text).strip("_")


Row = tuple[int, dict[str, Any]]


class RowStream:
    """The header of a file plus an iterator over its data rows."""

    def __init__(self, columns: list[str], rows: Iterator[Row]):
        self.columns = columns
        self._rows = rows

    def __iter__(self) -> Iterator[Row]:
        return self._rows

    def close(self) -> None:
        """Stop reading and release the file (when the rows are not read to the end)."""
        close = getattr(self._rows, "close", None)
        if close is not None:
            close()


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
            stream = _csv_rows(handle, file_name, limits)
        elif suffix == ".xlsx":
            stream = _xlsx_rows(handle, file_name, limits)
        else:
            from geo.records.geojson import geojson_rows  # it builds on this module

            stream = geojson_rows(handle, file_name, limits)
    except BaseException:
        handle.close()
        raise
    if len(stream.columns) > limits.max_columns:
        stream.close()
        handle.close()
        raise ImportFileError(
            f"{file_name}: {len(stream.columns)} columns; at most {limits.max_columns} are read"
        )
    return RowStream(stream.columns, _limit_rows(stream, limits, file_name))


def _limit_rows(stream: RowStream, limits: Limits, file_name: str) -> Iterator[Row]:
    cells = 0
    rows = iter(stream)
    try:
        for count, item in enumerate(rows, start=1):
            if count > limits.max_rows:
                raise ImportFileError(
                    f"{file_name}: more than {limits.max_rows:,} rows; "
                    "split the file into smaller ones"
                )
            cells += len(item[1])
            if cells > limits.max_cells:
                raise ImportFileError(
                    f"{file_name}: more than {limits.max_cells:,} cells; "
                    "split the file into smaller ones"
                )
            yield item
    finally:
        stream.close()


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


MAX_LINE_CHARS = 131_072
"""Longest line of a CSV file (characters, as the csv module's own field limit): a longer one is
not a row of records, and is refused before it is split into values."""


def _bounded_lines(text: io.TextIOWrapper, file_name: str) -> Iterator[str]:
    """The lines of ``text``, refusing one longer than ``MAX_LINE_CHARS`` before it is split."""
    number = 0
    while True:
        line = text.readline(MAX_LINE_CHARS + 1)
        if not line:
            return
        number += 1
        if len(line) > MAX_LINE_CHARS:
            raise ImportFileError(
                f"{file_name}: line {number} is longer than {MAX_LINE_CHARS:,} characters"
            )
        yield line


def _csv_rows(handle: BinaryIO, file_name: str, limits: Limits) -> RowStream:
    head = handle.read(65536)
    handle.seek(0)
    if b"\x00" in head:
        handle.close()
        raise ImportFileError(f"{file_name}: not a table: the file holds binary data, not text")
    first_line = head.split(b"\n", 1)[0]
    delimiter = max((",", ";", "\t"), key=lambda d: first_line.count(d.encode()))
    text = io.TextIOWrapper(handle, encoding="utf-8-sig", errors="strict", newline="")
    reader = csv.reader(_bounded_lines(text, file_name), delimiter=delimiter)
    try:
        header = next(reader)
    except ImportFileError:
        text.close()
        raise
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

    def rows() -> Iterator[Row]:
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


def _check_workbook_zip(handle: BinaryIO, file_name: str, limits: Limits) -> None:
    """Refuse a workbook that would expand beyond the limits, before anything is unpacked.

    The sizes checked are the ones the zip directory declares; Python's ``zipfile`` never
    unpacks more than a member declares, so the check bounds what openpyxl can read.
    """
    try:
        with zipfile.ZipFile(handle) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        raise ImportFileError(f"{file_name}: not a table: not a valid .xlsx workbook") from None
    total = 0
    for member in members:
        total += member.file_size
        ratio = member.file_size / max(member.compress_size, 1)
        if member.file_size > 1 << 20 and ratio > limits.max_ratio:
            raise ImportFileError(
                f"{file_name}: refused: a part of the workbook expands {ratio:,.0f} times "
                f"(at most {limits.max_ratio} is accepted), as a zip bomb does"
            )
    if total > limits.max_unpacked_bytes:
        raise ImportFileError(
            f"{file_name}: refused: the workbook expands to {total / 1e6:,.0f} MB; "
            f"the limit is {limits.max_unpacked_bytes / 1e6:,.0f} MB. Split it into smaller files."
        )


def _xlsx_rows(handle: BinaryIO, file_name: str, limits: Limits) -> RowStream:
    import openpyxl

    if not zipfile.is_zipfile(handle):
        raise ImportFileError(f"{file_name}: not a table: not a valid .xlsx workbook")
    handle.seek(0)
    _check_workbook_zip(handle, file_name, limits)
    handle.seek(0)
    try:
        book = openpyxl.load_workbook(handle, read_only=True, data_only=True)
        sheet = book["records"] if "records" in book.sheetnames else book.worksheets[0]
    except Exception as err:  # openpyxl raises many types for damaged files
        reason = str(err).splitlines()[0][:200] if str(err) else type(err).__name__
        raise ImportFileError(f"{file_name}: not a valid .xlsx workbook ({reason})") from None
    header: list[str] = []
    header_row = 0
    try:
        for values in sheet.iter_rows(values_only=True, max_col=limits.max_columns + 1):
            header_row += 1
            if any(v not in (None, "") for v in values):
                header = [normalise_header(v) for v in values]
                break
            if header_row >= 100:
                break
    except Exception as err:  # a damaged sheet
        book.close()
        raise ImportFileError(f"{file_name}: not a valid .xlsx workbook ({err})") from None
    while header and header[-1] == "":
        header.pop()
    if len(header) < 2:
        book.close()
        raise ImportFileError(f"{file_name}: not a table: no header row with column names")
    width = len(header)
    # One column past the header is enough to see that a row has too many values; reading no
    # further keeps every row short, whatever size the sheet declares.
    cells = sheet.iter_rows(min_row=header_row + 1, max_col=width + 1, values_only=True)

    def rows() -> Iterator[Row]:
        try:
            for number, values in enumerate(cells, start=header_row + 1):
                if all(v in (None, "") for v in values):
                    continue
                if len(values) > width and values[width] not in (None, ""):
                    yield number, {"__width__": (len(values), width)}
                    continue
                padded = list(values[:width]) + [None] * (width - len(values))
                cells_of_row = zip(header, padded, strict=True)
                yield number, {h: ("" if v is None else v) for h, v in cells_of_row}
        except ImportFileError:
            raise
        except Exception as err:  # a damaged sheet part
            raise ImportFileError(f"{file_name}: not a valid .xlsx workbook ({err})") from None
        finally:
            book.close()
            handle.close()

    return RowStream(header, rows())
