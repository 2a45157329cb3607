"""CSV and Excel exports of the take-away table, safe to open in a spreadsheet.

Text cells that begin with ``=``, ``+``, ``-``, ``@`` (or a tab or carriage return) would be read
as formulas by spreadsheet programs; they are prefixed with an apostrophe. Numbers are left as
numbers (a negative z-score stays a number). The Excel workbook holds the same rows and columns
as the CSV on its first sheet, and a second sheet with the settings and indicator sources.

Columns that hold lists (several statements in one cell of the take-away table) are joined with
``" | "`` here, at the export, and nowhere else.
"""

from __future__ import annotations

import io
from collections.abc import Mapping

import pandas as pd

from geo.exports import neutralise_frame, to_csv_bytes

__all__ = ["JOIN", "joined", "table_csv", "neutralise_frame", "to_csv_bytes", "to_excel_bytes"]

JOIN = " | "


def joined(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy of ``frame`` with every list (or tuple) cell joined into one text with ``JOIN``."""
    out = frame.copy()
    for column in out.columns:
        if out[column].map(lambda v: isinstance(v, list | tuple)).any():
            out[column] = out[column].map(
                lambda v: JOIN.join(map(str, v)) if isinstance(v, list | tuple) else v
            )
    return out


def table_csv(frame: pd.DataFrame) -> bytes:
    """The take-away table as neutralised CSV, list cells joined."""
    return to_csv_bytes(joined(frame))


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
        neutralise_frame(joined(frame)).to_excel(writer, sheet_name=sheet[:31], index=False)
        if indicators is not None:
            neutralise_frame(indicators).to_excel(writer, sheet_name="Indicators", index=False)
        if about:
            notes = pd.DataFrame({"item": list(about), "value": [str(v) for v in about.values()]})
            neutralise_frame(notes).to_excel(writer, sheet_name="About", index=False)
    return buffer.getvalue()
