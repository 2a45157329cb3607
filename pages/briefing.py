"""Briefing pack: pick sections, build a deck, a PDF and an offline HTML map in one click.

A short driver of section functions. Everything comes from the shared state (``pages.state``),
so the pack shows what was on screen; a public session gets a public pack; the build never shows
a traceback (``render.pack.try_build_pack``); a pack built while logged in is dropped once the
session that built it has ended.
"""

from __future__ import annotations

import logging
import shutil
import tempfile
from dataclasses import replace
from pathlib import Path
from typing import Any

import pandas as pd
import streamlit as st

from geo.briefing.content import SUPPLIED, BriefingOptions
from geo.briefing.model import SECTIONS, VINTAGE
from geo.briefing.plan import plan_summary
from geo.errors import AccessError, UserInputError
from geo.paths import var_dir
from geo.records import service, timeline
from geo.records.access import Session, suppression_threshold
from layers.basemap import OFFLINE_NAME
from pages import state
from pages.common import current_session, records_store
from render.pack import DECK_NAME, HTML_NAME, MIME_TYPES, PDF_NAME, try_build_pack
from render.view import pack_view

logger = logging.getLogger(__name__)

FILES_KEY = "briefing_files"
RECORD_GROUPINGS = ("crime_type", "event_type", "month")
LABELS = {DECK_NAME: "Download the deck (.pptx)", PDF_NAME: "Download the PDF",
          HTML_NAME: "Download the offline map (.html)"}  # fmt: skip


def stored_records(session: Session) -> tuple[dict[str, pd.DataFrame] | None, Any]:
    """Persons by each grouping (suppressed for the public, by the records service) and, for
    an analyst, the latest rows. A store that cannot be read leaves both out (logged)."""
    try:
        store = records_store()
        filt = state.records_filter()
        if service.month_range(store, session) is None:
            return None, None
        frames = {by: service.summary(store, session, by, filt) for by in RECORD_GROUPINGS}
        rows = None if session.is_public else service.records(store, session, filt, limit=200)
    except Exception:
        logger.exception("records could not be read for the briefing pack")
        st.caption("Interception records could not be read, so they are left out of the pack.")
        return None, None
    aggregates = {by: frame for by, frame in frames.items() if not frame.empty} or None
    return aggregates, rows if rows is not None and not rows.empty else None


def supplied_inputs(session: Session) -> dict[str, Any]:
    """What the other pages handed over, keyed by the option of ``BriefingOptions``."""
    try:
        plan = plan_summary(state.checkpoint_plan())
    except UserInputError as err:
        st.caption(str(err))
        plan = None
    targets = state.target_districts()
    targets = targets if isinstance(targets, pd.DataFrame) and not targets.empty else None
    records, rows = stored_records(session)
    made = timeline.records_provenance(records_store(), session) if records else None  # class
    return {"plan": plan, "targets": targets, "records": records, "record_rows": rows,
            "records_provenance": made}  # fmt: skip


def drop_stale_pack(session: Session) -> None:
    """Forget a pack built while logged in once the session that built it has ended."""
    stored: dict[str, Any] | None = st.session_state.get(FILES_KEY)
    if not stored or stored.get("token") is None:
        return
    if session.is_public or state.auth_token() != stored["token"]:
        st.session_state.pop(FILES_KEY, None)
        st.caption("The pack built while logged in was removed: that session has ended.")


def intro(session: Session, threshold: int) -> None:
    """Title, what the pack holds and which kind of pack this session gets."""
    st.title("Briefing pack")
    st.caption(
        f"A slide deck, a PDF and an offline interactive map to take into the room. "
        f"Every page carries the data vintage ({VINTAGE}) and its sources."
    )
    if session.is_public:
        st.info(
            f"Public pack: the report's figures, model outputs and aggregates only; counts "
            f"below {threshold} are shown as '<{threshold}' and no record-level data is included."
        )
    else:
        st.warning("Analyst pack: it may hold exact small counts. Not for public distribution.")


def pick_sections(supplied: dict[str, Any], session: Session) -> list[str]:
    """The sections to build, among those that can be filled; says where the others come from."""
    for key, (option, page) in SUPPLIED.items():
        if supplied[option] is None and not (key == "record_rows" and session.is_public):
            st.caption(f"{SECTIONS[key]}: none yet (see the {page} page).")
    available = [k for k in SECTIONS if k not in SUPPLIED or supplied[SUPPLIED[k][0]] is not None]
    chosen = st.multiselect("Sections", options=available, default=available,
                            format_func=SECTIONS.__getitem__, key="briefing_sections")  # fmt: skip
    return list(chosen)


def offer_downloads() -> None:
    """The files of the last pack built in this session, with what was left out."""
    stored = st.session_state.get(FILES_KEY)
    if not stored:
        return
    st.success("Pack ready.")
    for note in stored["withheld"]:
        st.caption(note)
    files = stored["files"]
    for column, name in zip(st.columns(3), (DECK_NAME, PDF_NAME, HTML_NAME), strict=True):
        if name in files:
            with column:
                st.download_button(LABELS[name], files[name], file_name=name,
                                   mime=MIME_TYPES[name], key=f"download_{name}")  # fmt: skip


def screen_view() -> tuple[Any, Any]:
    """The Route map's view as the pack draws it (and its map options), said in a caption."""
    currency = state.currency()
    view, route_options = pack_view(state.route_map_view(), currency=currency,
                                    records_filter=state.records_filter())  # fmt: skip
    origin = "Drawn from the Route map as on screen" if view.from_screen else (
        "The Route map was not opened: its default view is used")  # fmt: skip
    st.caption(f"{origin}; costs in {currency} (change the currency in the sidebar).")
    return view, route_options


def main() -> None:
    """The page: intro, sections, view, build, downloads."""
    session = current_session(records_store())
    drop_stale_pack(session)
    threshold = suppression_threshold()
    intro(session, threshold)
    supplied = supplied_inputs(session)
    chosen = pick_sections(supplied, session)
    view, route_options = screen_view()
    if st.button("Build the pack", type="primary", disabled=not chosen, key="build_pack"):
        options = pack_options(chosen, session, threshold, supplied, view)
        if options is not None:
            build(options, route_options, session)
    offer_downloads()


def pack_options(chosen: list[str], session: Session, threshold: int,
                 supplied: dict[str, Any], view: Any) -> BriefingOptions | None:  # fmt: skip
    """The user's choices as pack options, or ``None`` after saying why they cannot be used."""
    try:
        return BriefingOptions(sections=tuple(chosen), currency=state.currency(),
                               role=session.role.value, threshold=threshold, view=view,
                               rates=state.rates(), **supplied)  # fmt: skip
    except (UserInputError, AccessError) as err:
        st.error(f"The pack was not built: {err}")
        return None


def build(options: BriefingOptions, route_options: Any, session: Session) -> None:
    """Build the pack and keep its files (with the session that built them) for download."""
    bar = st.progress(0.0, text="Starting")
    out = Path(tempfile.mkdtemp(prefix="briefing_", dir=var_dir()))
    try:
        outcome = try_build_pack(
            options,
            out,
            route_map=replace(route_options, basemap=OFFLINE_NAME),
            progress=lambda done, text: _show(bar, done, text),
        )
        pack = outcome.pack
        if pack is None:
            bar.empty()
            st.session_state.pop(FILES_KEY, None)
            st.error(outcome.message)
            return
        files = [p for p in (pack.deck, pack.pdf, pack.html) if p is not None]
        st.session_state[FILES_KEY] = {
            "files": {p.name: p.read_bytes() for p in files},
            "withheld": pack.content.withheld,
            "token": None if session.is_public else state.auth_token(),
        }
    finally:
        shutil.rmtree(out, ignore_errors=True)


def _show(bar: Any, done: float, text: str) -> None:
    bar.progress(min(max(done, 0.0), 1.0), text=text)


main()
