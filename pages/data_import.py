"""Import of interception records on the Data page: upload, validation report, import, log, undo.

All checks and writes happen in ``geo.records``; these sections only show them. Text from a file
is shown in tables, never as markup.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

import pandas as pd
import streamlit as st

from geo.errors import AccessError, UserInputError
from geo.paths import DATA_DIR
from geo.records import service
from geo.records.access import Session
from geo.records.importer import ImportReport
from geo.records.schema import ImportStatus
from geo.records.store import RecordStore

log = logging.getLogger(__name__)

TEMPLATE = DATA_DIR / "records_template.csv"
SCHEMA_DOC = DATA_DIR / "records_schema.md"


def guarded(action: Callable[[], Any], what: str) -> Any:
    """Run ``action``; show a user's error as text, log anything unexpected; None on failure."""
    try:
        return action()
    except (UserInputError, AccessError) as err:
        st.error(f"{what} failed:")
        st.code(str(err), language=None)
    except Exception:
        log.exception("%s failed", what)
        st.error(f"{what} failed because of an internal error; it has been logged.")
    return None


def errors_table(report: ImportReport) -> pd.DataFrame:
    """The validation report as a table (row, column, value, reason)."""
    return pd.DataFrame(
        [(e.row, e.column, e.value, e.reason) for e in report.errors],
        columns=["row", "column", "value", "reason"],
    )


def upload_section(store: RecordStore, session: Session) -> None:
    """Upload, validation report, choice, progress bar and result."""
    st.subheader("Import records")
    cols = st.columns(2)
    cols[0].download_button(
        "Template (CSV)", TEMPLATE.read_bytes(), file_name=TEMPLATE.name, mime="text/csv"
    )
    with cols[1].expander("Columns and rules"):
        st.markdown(SCHEMA_DOC.read_text(encoding="utf-8"))
    upload = st.file_uploader(
        "File to import", type=["csv", "xlsx", "geojson", "json"], key="upload"
    )
    if upload is None:
        st.session_state.pop("upload_report", None)
        return
    data = upload.getvalue()
    cached = st.session_state.get("upload_report")
    if cached is None or cached[0] != (upload.name, len(data), upload.file_id):
        bar = st.progress(0.0, text="Checking the file…")
        guess = max(len(data) // 100, 1)  # about 100 bytes a row: only to move the bar
        report = guarded(
            lambda: service.check_upload(
                session,
                data,
                file_name=upload.name,
                progress=lambda done, total: bar.progress(
                    1.0 if total else min(done / guess, 0.99), text=f"Checked {done:,} rows"
                ),
            ),
            "Checking the file",
        )
        bar.empty()
        if report is None:
            return
        st.session_state["upload_report"] = ((upload.name, len(data), upload.file_id), report)
    else:
        report = cached[1]
    st.write("File:")
    st.code(upload.name, language=None)
    if report.file_error:
        st.error("The file cannot be imported:")
        st.code(report.file_error, language=None)
        return
    summary = pd.DataFrame(
        {"rows read": [report.rows_read], "valid": [report.valid_rows], "bad": [report.rejected]}
    )
    st.dataframe(summary, hide_index=True)
    drop = False
    if report.rejected:
        st.warning(f"{report.rejected:,} rows have problems ({report.error_count:,} in all).")
        st.dataframe(errors_table(report), hide_index=True)
        choice = st.radio(
            "What to do with this file",
            ["Reject the whole file", f"Import without the {report.rejected:,} bad rows"],
            key="bad_rows_choice",
        )
        drop = choice != "Reject the whole file"
    label = "Import" if drop or not report.rejected else "Reject the file"
    if st.button(label, type="primary", key="do_import"):
        bar = st.progress(0.0, text="Importing…")
        result = guarded(
            lambda: service.import_upload(
                store,
                session,
                data,
                file_name=upload.name,
                drop_bad_rows=drop,
                expected_rows=report.rows_read,
                progress=lambda done, total: bar.progress(
                    min(done / total, 1.0) if total else 0.5, text=f"Imported {done:,} rows"
                ),
            ),
            "The import",
        )
        if result is None:
            return
        if result.status is ImportStatus.COMMITTED and result.entry is not None:
            st.success(
                f"Import {result.entry.import_id}: {result.accepted:,} records added, "
                f"{result.duplicates:,} already present, {result.rejected:,} bad rows left out."
            )
        elif result.status is ImportStatus.REFUSED:
            st.info(
                "Nothing was imported; the refusal is in the import log. Fix the rows listed "
                "above and upload the file again."
            )
        else:
            st.error(f"Nothing was imported ({result.status}).")
            if result.file_error:
                st.code(result.file_error, language=None)
        st.session_state.pop("upload_report", None)


def log_section(store: RecordStore, session: Session) -> None:
    """The import log and undo."""
    st.subheader("Import log")
    done = st.session_state.pop("data_undo_done", None)
    if done:  # set before the refresh that redraws the log without the undone import
        st.success(done)
    entries = service.import_log(store, session)
    if entries.empty:
        st.caption("No imports yet.")
        return
    shown = entries.assign(checksum=entries["checksum"].str[:12] + "…")
    st.dataframe(
        shown,
        hide_index=True,
        column_config={"checksum": st.column_config.TextColumn("sha256 (start)", width="small")},
    )
    committed = entries.loc[entries["status"] == ImportStatus.COMMITTED, "import_id"].tolist()
    if not committed:
        return
    with st.form("undo"):
        import_id = st.selectbox("Undo import", committed)
        sure = st.checkbox("Remove every record this import added")
        pressed = st.form_submit_button("Undo")
    if pressed:
        if not sure:
            st.warning("Tick the box to confirm.")
            return
        removed = guarded(lambda: service.undo(store, session, int(import_id)), "Undo")
        if removed is None:
            return
        st.session_state["data_undo_done"] = (
            f"Import {import_id} undone: {removed:,} records removed."
        )
        st.rerun()
