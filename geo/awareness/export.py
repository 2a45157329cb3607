"""CSV and Excel exports of the take-away table, safe to open in a spreadsheet.

Text cells that begin with ``=``, ``+``, ``-``, ``@`` (or a tab or carriage return) would be read
as formulas by spreadsheet programs; they are prefixed with an apostrophe. Numbers are left as
numbers (a negative z-score stays a number). The Excel workbook holds the same rows and columns
as the CSV on its first sheet, and a second sheet with the settings and indicator sources.
"""

from __future__ import annotations

import io
from collections.abc import Mapping

import pandas as pd

DANGEROUS_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: object) -> object:
    """Prefix a text value that a spreadsheet would read as a formula with an apostrophe."""
    if isinstance(value, str) and value.startswith(DANGEROUS_PREFIXES):
        return "'" + value
    return value


def neutralise_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy of ``frame`` with every text cell (and column name) neutralised."""
    out = frame.copy()
    out.columns = [neutralise(str(c)) for c in out.columns]
    for column in out.columns:
        if out[column].dtype == object or pd.api.types.is_string_dtype(out[column]):
            out[column] = out[column].map(neutralise).astype(object)
    return out


def to_csv_bytes(frame: pd.DataFrame) -> bytes:
    """The table as UTF-8 CSV (with a byte-order mark so spreadsheet programs read the accents)."""
    return neutralise_frame(frame).to_csv(index=False).encode("utf-8-sig")


def to_excel_bytes(
    frame: pd.DataFrame,
    *,
    sheet: str = "Awareness targeting",
    about: Mapping[str, str] | None = None,
    indicators: pd.DataFrame | None = None,
) -> bytes:
    """The table as an .xlsx workbook (openpyxl).

    Parameters
    ----------
    frame
        The take-away table; written on the first sheet with the same rows as the CSV.
    sheet
        Name of the first sheet (at most 31 characters).
    about
        Settings and notes written as two columns on an "About" sheet.
    indicators
        Indicator metadata (label, unit, source, section, period, confidence) on its own sheet.
    """
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        neutralise_frame(frame).to_excel(writer, sheet_name=sheet[:31], index=False)
        if indicators is not None:
            neutralise_frame(indicators).to_excel(writer, sheet_name="Indicators", index=False)
        if about:
            notes = pd.DataFrame({"item": list(about), "value": [str(v) for v in about.values()]})
            neutralise_frame(notes).to_excel(writer, sheet_name="About", index=False)
    return buffer.getvalue()
