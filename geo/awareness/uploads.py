"""District indicators from files the user loads (CSV or Excel).

A file has one row per value: ``district, indicator, value, year, source`` and optionally ``unit``
and ``confidence``. District names are matched through the gazetteer and the boundary names;
every distinct name appears in the match report, misspellings with the name they were matched
to, unknown names with suggestions. Rows whose district matches nothing are kept out of the
values but listed. Bad rows (no number, no source, the same district, indicator and year twice)
stop the load with an error naming the rows, so nothing is lost without the user knowing.

When a district has the same indicator for several years, the latest year is used and the
indicator's note says how many older rows were set aside.

The values are the user's, not the report's: every indicator carries the user-indicator class
(``geo.provenance``: "User-uploaded indicator, uploaded on … by …"), whatever the file's own
``confidence`` column says; that column is checked and quoted in the indicator's note.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import BinaryIO

import pandas as pd

from geo.awareness.indicators import EVIDENCE_COLUMNS, Indicator, IndicatorTable
from geo.awareness.matching import DistrictMatcher
from geo.confidence import parse_confidence
from geo.errors import UserInputError
from geo.gazetteer import normalise_name
from geo.provenance import Provenance, ProvenanceKind

REQUIRED = ("district", "indicator", "value", "year", "source")
OPTIONAL = ("unit", "confidence")
EXCEL_SUFFIXES = (".xlsx", ".xlsm")


class IndicatorFileError(UserInputError, ValueError):
    """A user indicator file cannot be used as it is; the message names the rows.

    A ``UserInputError`` (the page shows its message); still a ``ValueError`` for older callers.
    """


def read_indicator_file(
    data: bytes | str | Path | BinaryIO, *, filename: str | None = None
) -> pd.DataFrame:
    """Read a CSV or Excel indicator file into a table of strings with lower-case column names.

    Parameters
    ----------
    data
        A path, the file's bytes, or a binary file object (e.g. a Streamlit upload).
    filename
        Used to tell Excel from CSV when ``data`` is not a path; defaults to ``data.name``.
    """
    name = str(
        filename or getattr(data, "name", "") or (data if isinstance(data, str | Path) else "")
    )
    raw = data
    if isinstance(data, bytes):
        raw = io.BytesIO(data)
    is_excel = name.lower().endswith(EXCEL_SUFFIXES)
    try:
        if is_excel:
            frame = pd.read_excel(raw, dtype=str, engine="openpyxl").fillna("")
        else:
            frame = pd.read_csv(raw, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    except (ValueError, OSError, UnicodeDecodeError, pd.errors.ParserError) as err:
        kind = "Excel" if is_excel else "CSV"
        shown = Path(name).name or "file"  # never a server path in a message
        reason = type(err).__name__ if isinstance(err, OSError) else str(err)
        raise IndicatorFileError(f"{shown}: cannot be read as {kind}: {reason}") from err
    frame.columns = [str(c).strip().lower() for c in frame.columns]
    missing = [c for c in REQUIRED if c not in frame.columns]
    if missing:
        raise IndicatorFileError(
            f"{name or 'file'}: missing column(s) {', '.join(missing)}; "
            f"expected {', '.join(REQUIRED)} (optional: {', '.join(OPTIONAL)})"
        )
    return frame.astype(str).apply(lambda col: col.str.strip())


def _rows(index: list[int]) -> str:
    """File row numbers (header is row 1) of the given 0-based data rows."""
    shown = ", ".join(str(i + 2) for i in index[:8])
    return shown + (" …" if len(index) > 8 else "")


def upload_provenance(day: str, user_name: str | None) -> Provenance:
    """The user-indicator class of a file uploaded on ``day`` (YYYY-MM-DD).

    ``user_name`` is the logged-in account, or None for a public session (no name is shown).
    """
    names = (user_name,) if user_name else ()
    return Provenance(ProvenanceKind.USER_INDICATOR, day, day, names)


def user_indicators(
    frame: pd.DataFrame,
    *,
    matcher: DistrictMatcher,
    filename: str = "uploaded file",
    provenance: Provenance | None = None,
) -> IndicatorTable:
    """Indicators from a table read by ``read_indicator_file``.

    Every indicator carries the user-indicator class (``provenance``; see
    :func:`upload_provenance`), never one of the report's confidence classes: a file's own
    ``confidence`` column is checked and kept in the indicator's note as the file states it.

    Returns
    -------
    IndicatorTable
        One indicator per distinct ``indicator`` name, keyed ``user:<normalised name>``, with NaN
        for districts the file does not cover (handled by the scoring's missing rule).
    """
    provenance = provenance or Provenance(ProvenanceKind.USER_INDICATOR)
    if provenance.kind is not ProvenanceKind.USER_INDICATOR:
        raise ValueError(f"uploads: provenance must be {ProvenanceKind.USER_INDICATOR.label!r}")
    frame = frame.reset_index(drop=True)
    for column in ("district", "indicator", "source"):
        blank = frame.index[frame[column] == ""].tolist()
        if blank:
            raise IndicatorFileError(f"{filename}: empty {column!r} in row(s) {_rows(blank)}")
    values = pd.to_numeric(frame["value"].str.replace(",", "", regex=False), errors="coerce")
    bad = frame.index[values.isna()].tolist()
    if bad:
        raise IndicatorFileError(f"{filename}: 'value' is not a number in row(s) {_rows(bad)}")
    years = pd.to_numeric(frame["year"].replace("", None), errors="coerce")
    bad = frame.index[(frame["year"] != "") & years.isna()].tolist()
    if bad:
        raise IndicatorFileError(f"{filename}: 'year' is not a year in row(s) {_rows(bad)}")
    stated = [""] * len(frame)  # the file's own class, as it states it (checked, not adopted)
    if "confidence" in frame.columns:
        for i, text in frame["confidence"].items():
            if text:
                try:
                    stated[i] = parse_confidence(text).value
                except ValueError as err:
                    raise IndicatorFileError(f"{filename}: row {i + 2}: {err}") from None
    work = frame.assign(_value=values.astype(float), _year=years, _conf=stated)
    work["_key"] = "user:" + work["indicator"].map(normalise_name).str.replace(" ", "_")
    if "unit" not in work.columns:
        work["unit"] = ""
    for _key, group in work.groupby("_key"):
        units = sorted(set(group["unit"]) - {""})
        if len(units) > 1:
            raise IndicatorFileError(
                f"{filename}: indicator {group['indicator'].iloc[0]!r} has several units "
                f"({', '.join(units)}); one indicator must have one unit"
            )
    report = matcher.match_all(work["district"])
    lookup = dict(zip(report["input"], report["district"], strict=True))
    work["_district"] = work["district"].map(lambda n: lookup.get(n))
    matched = work[work["_district"].notna()]
    dup = matched[matched.duplicated(["_district", "_key", "_year"], keep=False)]
    if len(dup):
        raise IndicatorFileError(
            f"{filename}: the same district, indicator and year appear more than once "
            f"(names may differ but match the same district) in row(s) {_rows(dup.index.tolist())}"
        )
    latest_year = matched.groupby(["_district", "_key"])["_year"].transform("max")
    keep = matched[matched["_year"].isna() | (matched["_year"] == latest_year)]
    keep = keep.sort_values("_year", na_position="first").drop_duplicates(
        ["_district", "_key"], keep="last"
    )
    set_aside = matched.drop(keep.index)
    index = pd.Index(matcher.districts, name="district")
    columns: dict[str, pd.Series] = {}
    meta: dict[str, Indicator] = {}
    for key, group in work.groupby("_key", sort=True):
        kept = keep[keep["_key"] == key]
        columns[key] = kept.set_index("_district")["_value"].reindex(index)
        years_used = sorted({int(y) for y in kept["_year"].dropna()})
        older = int((set_aside["_key"] == key).sum())
        notes = [f"{older} older row(s) set aside for a later year"] if older else []
        own = sorted(set(group["_conf"]) - {""})
        if own:
            notes.append(f"the file's own confidence column says: {', '.join(own)}")
        notes.append("values as given in the file, not figures of the report")
        note = "; ".join(notes)
        meta[key] = Indicator(
            key=key,
            label=str(group["indicator"].iloc[0]),
            unit=next(iter(set(group["unit"]) - {""}), "as given in the file"),
            origin="user",
            source="; ".join(sorted(set(group["source"]))),
            section="",
            confidence=None,
            period=_span(years_used),
            note=note,
            provenance=provenance,
        )
    evidence = [
        {
            "district": row["_district"],
            "indicator": row["_key"],
            "statement": f"{row['indicator']} = {row['_value']:g}"
            + (f" {row['unit']}" if row["unit"] else "")
            + (f" ({int(row['_year'])})" if pd.notna(row["_year"]) else ""),
            "detail": "",
            "section": "",
            "quote": "",
            "confidence": provenance.kind.value,
            "source": row["source"],
        }
        for row in keep.to_dict("records")
    ]
    return IndicatorTable(
        values=pd.DataFrame(columns, index=index),
        indicators=meta,
        evidence=pd.DataFrame(evidence, columns=list(EVIDENCE_COLUMNS)),
        matches=report,
    )


def _span(years: list[int]) -> str:
    if not years:
        return "year not given"
    return str(years[0]) if years[0] == years[-1] else f"{years[0]} to {years[-1]}"
