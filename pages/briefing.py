"""Briefing pack: pick sections, build a deck, a PDF and an offline HTML map in one click.

The checkpoint plan and target districts come from their own pages through
``st.session_state["checkpoint_plan"]`` and ``st.session_state["target_districts"]`` (plain
DataFrames). A public session gets a public pack: small counts suppressed, no record-level data.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import pandas as pd
import streamlit as st

from geo.briefing.content import SECTIONS, VINTAGE, BriefingOptions
from geo.briefing.disclosure import DisclosureError
from geo.briefing.pack import DECK_NAME, HTML_NAME, PDF_NAME, build_pack
from geo.currency import CURRENCIES
from geo.paths import var_dir
from geo.records.access import suppression_threshold
from layers.basemap import OFFLINE_NAME
from layers.route_map import RouteMapOptions, build_route_map
from pages.common import current_rates, current_session, records_store

SUPPLIED = {"checkpoint_plan": "Checkpoint planner", "target_districts": "Awareness targeting"}
MIME = {
    DECK_NAME: "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    PDF_NAME: "application/pdf",
    HTML_NAME: "text/html",
}


def is_public_session() -> bool:
    """Public unless the session is signed in (Data page) as an analyst or admin."""
    return current_session(records_store()).is_public


def supplied_table(key: str) -> pd.DataFrame | None:
    """A table another page left in the session, if it is a non-empty DataFrame."""
    value = st.session_state.get(key)
    return value if isinstance(value, pd.DataFrame) and not value.empty else None


def main() -> None:
    st.title("Briefing pack")
    st.caption(
        f"A slide deck, a PDF and an offline interactive map to take into the room. "
        f"Every page carries the data vintage ({VINTAGE}) and its sources."
    )
    currency = st.session_state.get("currency", "PKR")
    if currency not in CURRENCIES:
        st.error(f"Unknown currency {currency!r}; choose one of {', '.join(CURRENCIES)}.")
        st.stop()
    public = is_public_session()
    threshold = suppression_threshold()
    if public:
        st.info(
            f"Public pack: the report's figures and aggregates only; counts below {threshold} "
            f"are shown as '<{threshold}' and no record-level data is included."
        )
    else:
        st.warning("Analyst pack: it may hold exact small counts. Not for public distribution.")

    tables = {key: supplied_table(key) for key in SUPPLIED}
    available = [k for k in SECTIONS if k not in SUPPLIED or tables[k] is not None]
    for key, page in SUPPLIED.items():
        if tables[key] is None:
            st.caption(f"{SECTIONS[key]}: none yet. Make one on the {page} page to include it.")
    chosen = st.multiselect(
        "Sections",
        options=available,
        default=available,
        format_func=lambda key: SECTIONS[key],
        key="briefing_sections",
    )
    st.caption(f"Costs in {currency} (change the currency in the sidebar).")

    if st.button("Build the pack", type="primary", disabled=not chosen, key="build_pack"):
        bar = st.progress(0.0, text="Starting")
        try:
            options = BriefingOptions(
                sections=tuple(chosen),
                currency=currency,
                public=public,
                threshold=threshold,
                checkpoint_plan=tables["checkpoint_plan"],
                target_districts=tables["target_districts"],
                rates=current_rates(),
            )
            route_map = None
            if "route_map" in chosen:
                bar.progress(0.02, text="Building the web map")
                route_map = build_route_map(
                    RouteMapOptions(basemap=OFFLINE_NAME, currency=currency),
                    rates=current_rates(),
                )
            out = Path(tempfile.mkdtemp(prefix="briefing_", dir=var_dir()))
            pack = build_pack(
                options,
                out,
                route_map=route_map,
                progress=lambda done, text: bar.progress(min(max(done, 0.0), 1.0), text=text),
            )
        except (DisclosureError, ValueError, TypeError) as err:
            bar.empty()
            st.error(f"The pack was not built: {err}")
            st.stop()
        files = [p for p in (pack.deck, pack.pdf, pack.html) if p is not None]
        st.session_state["briefing_files"] = {p.name: p.read_bytes() for p in files}
        shutil.rmtree(out, ignore_errors=True)
        for note in pack.content.withheld:
            st.caption(note)

    files = st.session_state.get("briefing_files")
    if files:
        st.success("Pack ready.")
        columns = st.columns(3)
        labels = {
            DECK_NAME: "Download the deck (.pptx)",
            PDF_NAME: "Download the PDF",
            HTML_NAME: "Download the offline map (.html)",
        }
        for column, name in zip(columns, (DECK_NAME, PDF_NAME, HTML_NAME), strict=True):
            if name in files:
                with column:
                    st.download_button(
                        labels[name],
                        files[name],
                        file_name=name,
                        mime=MIME[name],
                        key=f"download_{name}",
                    )


main()
