"""Accounts on the Data page: log in, who is logged in and log out, and the users (admins only).

Log-in, sessions and accounts are checked and kept by ``geo.records``; errors never say whether
the user name or the password was wrong.
"""

from __future__ import annotations

import logging

import streamlit as st

from geo.errors import AccessError, UserInputError
from geo.records import service
from geo.records.access import Session, login, logout
from geo.records.clients import ProxySettingError, client_address, trusted_proxies
from geo.records.store import RecordStore
from pages.data_import import guarded

log = logging.getLogger(__name__)


def _client() -> str:
    """Where this log-in comes from, through a proxy only if the deployment trusts it."""
    try:
        proxies = trusted_proxies()
    except ProxySettingError as err:
        log.warning("%s; no proxy is trusted", err)
        proxies = ()
    peer = getattr(st.context, "ip_address", None)
    return client_address(peer, st.context.headers.get("X-Forwarded-For"), proxies=proxies)


def login_form(store: RecordStore) -> None:
    """User name and password; errors never say which of the two was wrong."""
    st.info(
        "Public mode: aggregates only. Analysts and administrators log in here. Reloading the "
        "page or opening a new tab logs you out: the log-in lives only in this tab's "
        "connection, never in the address or the browser's storage."
    )
    with st.form("login"):
        username = st.text_input("User name")
        password = st.text_input("Password", type="password")
        submitted = st.form_submit_button("Log in")
    if submitted:
        try:
            session = login(store, username.strip(), password, client=_client())
        except AccessError as err:
            st.error(str(err))
            return
        st.session_state["auth"] = session.token
        st.rerun()


def account_bar(store: RecordStore, session: Session) -> None:
    """Who is logged in, until when, and a log-out button."""
    until = f"{session.expires_at:%Y-%m-%d %H:%M} UTC" if session.expires_at else "?"
    cols = st.columns([4, 1])
    who = f"{session.username} ({session.role.value})"
    cols[0].success(f"Logged in as {who}; session ends {until}.")
    if cols[1].button("Log out"):
        logout(store, session.token)
        st.session_state.pop("auth", None)
        st.session_state.pop("upload_report", None)
        st.rerun()


def users_section(store: RecordStore, session: Session) -> None:
    """Accounts: list, add an analyst or admin, remove one (admins only)."""
    st.subheader("Users")
    st.dataframe(service.users(store, session), hide_index=True)
    with st.form("add_user", clear_on_submit=True):
        c1, c2, c3 = st.columns(3)
        name = c1.text_input("User name")
        password = c2.text_input("Password", type="password")
        role = c3.selectbox("Role", ["analyst", "admin"])
        added = st.form_submit_button("Add user")
    if added:
        try:
            service.add_user(store, session, name.strip(), password, role=role)
        except UserInputError as err:
            st.error(str(err))
        else:
            st.success(f"User {name.strip()!r} added as {role}.")
    others = [u for u in service.users(store, session)["user"] if u != session.username]
    if others:
        with st.form("remove_user"):
            who = st.selectbox("Remove user", others)
            removed = st.form_submit_button("Remove")

        def remove() -> bool:
            service.remove_user(store, session, who)
            return True

        if removed and guarded(remove, "Removing the user"):
            st.rerun()
