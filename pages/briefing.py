"""Briefing pack: pick sections, build a deck, a PDF and an offline HTML map in one click.

Everything comes from the shared state (``pages.state``): the Route map's view, the currency
and its rate, the records filter, the checkpoint plan and the target districts, so the pack
shows what was on screen. A public session gets a public pack. The build never shows a
traceback: ``render.pack.try_build_pack`` returns a pack or one sentence. A pack built while
logged in is dropped as soon as the session that built it has ended.
"""

from __future__ import annotations

import logging
import shutil
import tempfile
from pathlib import Path
from typing import Any

import pandas as pd
import streamlit as st

from geo.briefing.content import BriefingOptions
from geo.briefing.model import SECTIONS, VINTAGE
from geo.briefing.plan import plan_summary
from geo.errors import AccessError, UserInputError
from geo.paths import var_dir
from geo.records import service
from geo.records.access import Session, suppression_threshold
from layers.basemap import OFFLINE_NAME
from pages import state
from pages.common import current_session, records_store
from render.pack import DECK_NAME, HTML_NAME, PDF_NAME, try_build_pack
from render.view import pack_view

logger = logging.getLogger(__name__)

FILES_KEY = "briefing_files"
SUPPLIED = {
    "checkpoint_plan": "Checkpoint planner",
    "target_districts": "Awareness targeting",
    "records": "Data",
}
RECORD_GROUPINGS = ("crime_type", "event_type", "month")
MIME = {
    DECK_NAME: "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    PDF_NAME: "application/pdf",
    HTML_NAME: "text/html",
}
LABELS = {
    DECK_NAME: "Download the deck (.pptx)",
    PDF_NAME: "Download the PDF",
    HTML_NAME: "Download the offline map (.html)",
}


def record_aggregates(session: Session) -> dict[str, pd.DataFrame] | None:
    """Persons by each grouping, through the records service (suppressed for the public).

    A records store that cannot be read leaves the section out (logged), never the page.
    """
    try:
        store = records_store()
        filt = state.records_filter()
        if service.month_range(store, session) is None:
            return None
        frames = {by: service.summary(store, session, by, filt) for by in RECORD_GROUPINGS}
    except Exception:
        logger.exception("records could not be read for the briefing pack")
        st.caption("Interception records could not be read, so they are left out of the pack.")
        return None
    return {by: frame for by, frame in frames.items() if not frame.empty} or None


def drop_stale_pack(session: Session) -> None:
    """Forget a pack built while logged in once the session that built it has ended."""
    stored: dict[str, Any] | None = st.session_state.get(FILES_KEY)
    if not stored or stored.get("token") is None:
        return
    if session.is_public or state.auth_token() != stored["token"]:
        st.session_state.pop(FILES_KEY, None)
        st.caption("The pack built while logged in was removed: that session has ended.")


def main() -> None:
    st.title("Briefing pack")
    st.caption(
        f"A slide deck, a PDF and an offline interactive map to take into the room. "
        f"Every page carries the data vintage ({VINTAGE}) and its sources."
    )
    session = current_session(records_store())
    drop_stale_pack(session)
    threshold = suppression_threshold()
    currency = state.currency()
    if session.is_public:
        st.info(
            f"Public pack: the report's figures, model outputs and aggregates only; counts "
            f"below {threshold} are shown as '<{threshold}' and no record-level data is included."
        )
    else:
        st.warning("Analyst pack: it may hold exact small counts. Not for public distribution.")

    try:
        plan = plan_summary(state.checkpoint_plan())
    except UserInputError as err:
        st.caption(str(err))
        plan = None
    targets = state.target_districts()
    targets = targets if isinstance(targets, pd.DataFrame) and not targets.empty else None
    records = record_aggregates(session)
    present = {"checkpoint_plan": plan, "target_districts": targets, "records": records}
    for key, page in SUPPLIED.items():
        if present[key] is None:
            st.caption(f"{SECTIONS[key]}: none yet (see the {page} page).")
    available = [k for k in SECTIONS if k not in SUPPLIED or present[k] is not None]
    chosen = st.multiselect(
        "Sections",
        options=available,
        default=available,
        format_func=lambda key: SECTIONS[key],
        key="briefing_sections",
    )
    view, route_options = pack_view(
        state.route_map_view(), currency=currency, records_filter=state.records_filter()
    )
    st.caption(
        (
            "Drawn from the Route map as on screen"
            if view.from_screen
            else "The Route map was not opened: its default view is used"
        )  # fmt: skip
        + f"; costs in {currency} (change the currency in the sidebar)."
    )

    if st.button("Build the pack", type="primary", disabled=not chosen, key="build_pack"):
        build(chosen, session, currency, threshold, plan, targets, records, view, route_options)

    stored = st.session_state.get(FILES_KEY)
    if stored:
        st.success("Pack ready.")
        for note in stored["withheld"]:
            st.caption(note)
        files = stored["files"]
        for column, name in zip(st.columns(3), (DECK_NAME, PDF_NAME, HTML_NAME), strict=True):
            if name in files:
                with column:
                    st.download_button(
                        LABELS[name], files[name], file_name=name, mime=MIME[name],
                        key=f"download_{name}",
                    )  # fmt: skip


def build(
    chosen: list[str],
    session: Session,
    currency: str,
    threshold: int,
    plan: Any,
    targets: pd.DataFrame | None,
    records: dict[str, pd.DataFrame] | None,
    view: Any,
    route_options: Any,
) -> None:
    """Build the pack and keep its files (with the session that built them) for download."""
    bar = st.progress(0.0, text="Starting")
    try:
        options = BriefingOptions(
            sections=tuple(chosen),
            currency=currency,
            role=session.role.value,
            threshold=threshold,
            plan=plan,
            targets=targets,
            records=records,
            view=view,
            rates=state.rates(),
        )
    except (UserInputError, AccessError) as err:
        bar.empty()
        st.error(f"The pack was not built: {err}")
        return
    out = Path(tempfile.mkdtemp(prefix="briefing_", dir=var_dir()))
    try:
        outcome = try_build_pack(
            options,
            out,
            route_map=_offline(route_options),
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


def _offline(options: Any) -> Any:
    from dataclasses import replace

    return replace(options, basemap=OFFLINE_NAME)


main()
