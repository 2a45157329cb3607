"""Safe exports of tables: CSV and Excel without formula injection, HTML-escaped text.

Place names, notes and file names come from imported files and may be hostile. A spreadsheet
executes a cell that starts with ``=``, ``+``, ``-`` or ``@`` (also tab or carriage return) as a
formula, so every such text cell is prefixed with an apostrophe. Every CSV and XLSX the app
writes goes through this module (``to_csv_bytes``, ``to_csv_text``, ``to_xlsx_bytes`` or
``neutralise_frame``). Anything shown as HTML goes through ``escape_html``; text from a file or
a user placed in a Streamlit message (which renders Markdown) goes through ``escape_markdown``.
"""

from __future__ import annotations

import html
import io
import re
from typing import Any

import pandas as pd

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: Any) -> Any:
    """Return ``value`` made inert for a spreadsheet (text only; numbers pass unchanged)."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def neutralise_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """Copy of ``frame`` with every text cell (and column name) neutralised."""
    out = frame.copy()
    for column in out.columns:
        series = out[column]
        if not (pd.api.types.is_numeric_dtype(series) or pd.api.types.is_bool_dtype(series)):
            out[column] = out[column].map(neutralise)
    out.columns = [neutralise(str(c)) for c in out.columns]
    return out


def to_csv_text(frame: pd.DataFrame) -> str:
    """CSV text of a neutralised copy (for callers that choose their own encoding).

    Lines end in CRLF (RFC 4180), which also makes the writer quote any field holding a carriage
    return: otherwise a spreadsheet would start a new row inside the field, at a ``=``.
    """
    return str(neutralise_frame(frame).to_csv(index=False, lineterminator="\r\n"))


def to_csv_bytes(frame: pd.DataFrame) -> bytes:
    """CSV (UTF-8 with BOM, so spreadsheets detect the encoding) of a neutralised copy."""
    return to_csv_text(frame).encode("utf-8-sig")


def to_xlsx_bytes(frame: pd.DataFrame, *, sheet: str = "data") -> bytes:
    """Excel workbook of a neutralised copy; every text cell is written as a string cell."""
    from openpyxl import Workbook

    safe = neutralise_frame(frame)
    book = Workbook()
    ws = book.active
    ws.title = sheet[:31]
    ws.append(list(safe.columns))
    for row in safe.itertuples(index=False):
        values = [None if _missing(v) else v for v in row]
        ws.append(values)
    for cells in ws.iter_rows():
        for cell in cells:
            if isinstance(cell.value, str):
                cell.data_type = "s"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _missing(value: Any) -> bool:
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def escape_html(value: Any) -> str:
    """Text made safe to place inside HTML (``<img ...>`` shows as text)."""
    return html.escape("" if value is None else str(value), quote=True)


_MARKDOWN_SPECIAL = re.compile(r"([!-/:-@\[-`{-~])")


def escape_markdown(value: Any) -> str:
    """Text shown literally by a Markdown renderer (links, emphasis, colours, maths inert).

    Every ASCII punctuation character is backslash-escaped, as CommonMark allows, and line
    breaks become spaces, so a record value such as ``[x](http://…)`` or ``:red[…]`` stays text
    in ``st.error`` and similar messages.
    """
    text = " ".join(("" if value is None else str(value)).splitlines())
    return _MARKDOWN_SPECIAL.sub(r"\\\1", text)
