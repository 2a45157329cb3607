"""The one code path that imports an interception file, used by the Data page and the CLI.

``check_file`` validates without writing (the Data page shows its report first).
``import_file`` first reads and validates the whole file without opening a write transaction,
so a file that is refused (unreadable, over a limit, empty, or with bad rows when the user
chose to refuse it) is refused before anything is written and never holds the write lock. Only
then does it read the file again and write the rows it keeps, in one transaction. With bad rows
the user chooses: refuse the whole file (default) or import it without them. Either way nothing
is half-written, every attempt is logged, and rows already in the store are counted as
duplicates rather than added twice.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from geo.records.readers import ImportFileError, open_rows
from geo.records.schema import ImportMode, ImportStatus, Limits, Record
from geo.records.store import ImportEntry, RecordStore
from geo.records.validate import RowError, Validator, missing_columns

Progress = Callable[[int, int | None], object]
"""Called as ``progress(rows_done, rows_total_or_None)`` after each batch."""

BATCH_ROWS = 20_000

log = logging.getLogger(__name__)


@dataclass
class ImportReport:
    """What an import (or a dry run) found and did."""

    file_name: str
    checksum: str
    rows_read: int = 0
    valid_rows: int = 0
    rejected: int = 0
    accepted: int = 0
    duplicates: int = 0
    status: ImportStatus = ImportStatus.CHECKED
    """``checked`` (dry run), ``committed``, ``refused`` (bad rows) or ``failed`` (bad file)."""
    repeated: int = 0
    """Rows dropped because an earlier row of the same file has the same reference."""
    errors: list[RowError] = field(default_factory=list)
    error_count: int = 0
    file_error: str | None = None
    entry: ImportEntry | None = None

    @property
    def ok(self) -> bool:
        """True when the file could be read and no row was bad."""
        return self.file_error is None and self.rejected == 0


def file_checksum(source: Path | bytes) -> str:
    """SHA-256 of the file's bytes, as logged with each import."""
    digest = hashlib.sha256()
    if isinstance(source, bytes | bytearray):
        digest.update(source)
    else:
        if not Path(source).is_file():
            raise ImportFileError(f"{Path(source).name}: file not found")
        with Path(source).open("rb") as handle:
            for chunk in iter(lambda: handle.read(1 << 20), b""):
                digest.update(chunk)
    return digest.hexdigest()


def _estimated_rows(source: Path | bytes, file_name: str) -> int:
    """Rough row count from the file size (about 100 bytes a row; a workbook compresses)."""
    size = len(source) if isinstance(source, bytes | bytearray) else Path(source).stat().st_size
    return size // (30 if file_name.lower().endswith(".xlsx") else 100)


def _keyed(records: Iterator[Record], report: ImportReport) -> Iterator[tuple[Any, ...]]:
    """Prefix each record with its duplicate-detection key.

    A record with an agency reference is identified by agency + reference. Otherwise it is
    identified by its content and by how many identical records came before it in the same file:
    two persons deported the same day from the same place with the same attributes are two
    records, yet importing the same (or an overlapping) file again adds nothing. A reference
    repeated within one file keeps its first row; the others count as duplicates.
    """
    seen: dict[bytes, int] = {}
    references: set[str] = set()
    blake = hashlib.blake2b
    for rec in records:
        reference = rec.reference
        if reference:
            text = f"{rec.agency}\x1f{reference}"
            key = "r:" + blake(text.encode(), digest_size=16).hexdigest()
            if key in references:
                report.repeated += 1
                continue
            references.add(key)
        else:
            content = blake("\x1f".join(map(str, rec)).encode(), digest_size=16).digest()
            occurrence = seen.get(content, 0)
            seen[content] = occurrence + 1
            key = f"c:{content.hex()}:{occurrence}"
        yield (key, *rec)


def _validated(
    source: Path | bytes,
    file_name: str,
    report: ImportReport,
    validator: Validator,
    limits: Limits,
    stop_at_error: bool,
) -> Iterator[Record]:
    stream = open_rows(source, file_name, limits=limits)
    missing = missing_columns(stream.columns)
    if missing:
        stream.close()
        raise ImportFileError(f"{file_name}: missing column(s): {', '.join(missing)}")
    check = validator.check_row
    cap = limits.max_reported_errors
    for number, row in stream:
        report.rows_read += 1
        record, errors = check(number, row)
        if errors:
            report.rejected += 1
            report.error_count += len(errors)
            if len(report.errors) < cap:
                report.errors.extend(errors[: cap - len(report.errors)])
            continue
        report.valid_rows += 1
        if record is not None and not (stop_at_error and report.rejected):
            yield record
    if report.rows_read == 0:
        raise ImportFileError(f"{file_name}: no data rows: the file holds only a header")


def check_file(
    source: Path | bytes,
    *,
    file_name: str,
    limits: Limits | None = None,
    validator: Validator | None = None,
    progress: Progress | None = None,
) -> ImportReport:
    """Validate a file without writing anything; return the report shown before an import."""
    report = ImportReport(file_name=file_name, checksum=file_checksum(source))
    try:
        for _ in _validated(
            source, file_name, report, validator or Validator(), limits or Limits(), False
        ):
            if progress and report.rows_read % BATCH_ROWS == 0:
                progress(report.rows_read, None)
    except ImportFileError as err:
        report.file_error = str(err)
    if progress:
        progress(report.rows_read, report.rows_read)
    return report


def import_file(
    store: RecordStore,
    source: Path | bytes,
    *,
    file_name: str,
    user: str,
    drop_bad_rows: bool = False,
    limits: Limits | None = None,
    validator: Validator | None = None,
    progress: Progress | None = None,
    expected_rows: int | None = None,
) -> ImportReport:
    """Validate and import one file in one transaction.

    Parameters
    ----------
    store
        Where the records go.
    source
        Path of the file, or its bytes (an upload).
    file_name
        Name shown in the log; its suffix chooses the reader (.csv, .xlsx, .geojson).
    user
        Who imports, for the log.
    drop_bad_rows
        False (default): any bad row refuses the whole file. True: import the good rows only.
    progress
        Optional callback ``progress(rows_done, expected_rows)``.
    expected_rows
        Row count from an earlier ``check_file``, passed back to ``progress``.

    Returns
    -------
    ImportReport
        With ``status`` ``committed``, ``refused`` or ``failed`` and the log ``entry``.
    """
    name = Path(file_name).name
    limits = limits or Limits()
    validator = validator or Validator()
    mode = ImportMode.DROP_BAD_ROWS if drop_bad_rows else ImportMode.REJECT_FILE
    # Pass 1, no write transaction: the whole file is read and validated, so a refusal (bad
    # file, a limit, bad rows) is known before anything is written or locked.
    report = check_file(source, file_name=name, limits=limits, validator=validator)
    if report.file_error is not None:
        report.status = ImportStatus.FAILED
    elif report.rejected and not drop_bad_rows:
        report.status = ImportStatus.REFUSED
    else:
        checked = ImportReport(file_name=name, checksum=report.checksum)
        try:
            _write(store, source, name, checked, validator, limits, user, mode, progress,
                   expected_rows, report.rows_read)  # fmt: skip
        except ImportFileError as err:  # the file changed between the two passes
            report.status = ImportStatus.FAILED
            report.file_error = str(err)
        else:
            report.status = ImportStatus.COMMITTED
            report.entry = checked.entry
            report.repeated = checked.repeated
            report.accepted = checked.accepted
            report.duplicates = checked.duplicates
    if report.status is not ImportStatus.COMMITTED:
        log.info("import of %s by %s %s: %s", name, user, report.status, report.file_error or
                 f"{report.rejected} bad rows")  # fmt: skip
        report.entry = store.log_refused(
            user=user,
            file_name=name,
            checksum=report.checksum,
            mode=mode,
            rows_read=report.rows_read,
            rejected=report.rejected,
            status=report.status,
        )
    if progress:
        progress(report.rows_read, report.rows_read)
    return report


def _write(
    store: RecordStore,
    source: Path | bytes,
    name: str,
    report: ImportReport,
    validator: Validator,
    limits: Limits,
    user: str,
    mode: ImportMode,
    progress: Progress | None,
    expected_rows: int | None,
    rows_checked: int,
) -> None:
    """Pass 2: read the file again and write the rows it keeps in one transaction."""
    rows = _validated(source, name, report, validator, limits, False)
    with store.import_transaction(
        user=user,
        file_name=name,
        checksum=report.checksum,
        mode=mode,
        expected_rows=expected_rows or rows_checked,
    ) as tx:
        batch: list[Any] = []
        for item in _keyed(rows, report):
            batch.append(item)
            if len(batch) >= BATCH_ROWS:
                tx.add(batch)
                batch = []
                if progress:
                    progress(report.rows_read, expected_rows)
        tx.add(batch)
        report.entry = store.finish_import(
            tx, rows_read=report.rows_read, rejected=report.rejected, repeated=report.repeated
        )
    report.accepted = report.entry.accepted
    report.duplicates = report.entry.duplicates
