"""Data: log in, import interception records, read the import log and undo an import.

The app runs in public mode without any log-in; analysts and administrators log in here (the
session token is kept in ``st.session_state["auth"]`` and expires). Administrators upload a
.csv, .xlsx or .geojson file, read the validation report, choose to refuse the whole file or
import it without its bad rows, and follow a progress bar. All checks and writes happen in
``geo.records``; this page only shows them. Text from a file is shown in tables, never as markup.
"""

from __future__ import annotations

import streamlit as st

from geo.records.access import Role
from pages.common import current_session, records_store
from pages.data_accounts import account_bar, login_form, users_section
from pages.data_import import log_section, upload_section

store = records_store()
session = current_session(store)
if session.is_public and st.session_state.get("auth"):
    st.session_state.pop("auth")  # expired or revoked
st.title("Data: interception records")
if session.is_public:
    login_form(store)
else:
    account_bar(store, session)
    if session.role is Role.ADMIN:
        upload_section(store, session)
        log_section(store, session)
        users_section(store, session)
    else:
        st.info(
            "Analysts see record-level data on the Interceptions page. Imports, undo and the "
            "import log need an administrator."
        )
