"""Awareness targeting page: which districts to reach, why, and in which language.

A driver: it reads the widgets (restored from and written to the link), computes through cached
calls into ``geo.awareness`` and hands the results to ``pages.awareness_sections``. Every text
comes from the session's language (English or Urdu).
"""

from __future__ import annotations

import datetime as dt
import logging

import pandas as pd
import streamlit as st

from geo.awareness.context import load_languages, load_themes
from geo.awareness.export import joined
from geo.awareness.indicators import IndicatorTable
from geo.awareness.pipeline import default_weights, indicator_metadata, targets_source
from geo.awareness.records import from_cross_summary
from geo.awareness.scoring import MISSING_RULES, NORMALISATIONS
from geo.awareness.uploads import upload_provenance
from geo.errors import UserInputError
from geo.records import service, timeline
from pages import awareness_data as data
from pages import awareness_sections as sections
from pages import state
from pages.awareness_campaign import campaign_section
from pages.awareness_table import top_table
from pages.common import current_session, records_store
from pages.language import draft_banner, page_translator

log = logging.getLogger(__name__)


_ = page_translator()
banner = st.empty()
districts = data.boundary_districts()
LINK = [*data.link_params(len(districts)), sections.tab_param(_)]
for _notice in state.restore_view("awareness", LINK):
    st.info(_("Some settings in the address were not understood and were ignored."))

st.title(_("Awareness targeting"))
st.caption(
    _(
        "Which districts to reach with campaigns on the dangers of irregular migration, why, and "
        "in which language. The report asks for media and community campaigns with material in "
        "Urdu, Punjabi, Sindhi and other local languages (UNODC 2011, §3.1, §9.2, recommendation "
        "9). The score ranks districts by what the report says of them and any files you load; "
        "the weights are yours, not the report's."
    )
)

with st.container(border=True):
    left, middle, right = st.columns(3)
    role_mode = left.radio(
        _("Report roles count as"),
        list(sections.ROLE_MODES),
        format_func=lambda m: _(sections.ROLE_MODES[m]),
        key="aw_role_mode",
    )
    method = middle.selectbox(
        _("Normalisation"),
        NORMALISATIONS,
        index=1,
        key="aw_method",
        format_func=lambda m: _(sections.NORMALISATION_NAMES[m]),
    )
    middle.caption(_(sections.NORMALISATION_HELP[method]))
    missing = middle.radio(
        _("Missing values"),
        MISSING_RULES,
        key="aw_missing",
        format_func=lambda m: _(sections.MISSING_NAMES[m]),
    )
    middle.caption(_(sections.MISSING_HELP[missing]))
    top_n = int(right.number_input(_("Top N"), 1, len(districts), 10, key="aw_top_n"))
    draws = int(
        right.select_slider(_("Weight draws for stability"), data.DRAWS, 500, key="aw_draws")
    )
    files = right.file_uploader(
        _("Add district indicators (CSV or Excel: district, indicator, value, year, source)"),
        type=["csv", "xlsx"],
        accept_multiple_files=True,
        key="aw_files",
    )

store = records_store()
session = current_session(store)
uploaded = upload_provenance(
    dt.date.today().isoformat(), None if session.is_public else session.username
)
uploads: list[IndicatorTable] = []
usable: list[tuple[bytes, str]] = []
for upload in files or []:
    try:
        uploads.append(data.uploaded_table(upload.getvalue(), upload.name, uploaded))
        usable.append((upload.getvalue(), upload.name))
    except UserInputError as err:
        st.error(_("{name} was not used: {reason}", name=upload.name, reason=str(err)))

records, recorded = None, None
if service.month_range(store, session) is not None:
    summary = service.cross_summary(store, session, ("origin_district", "month", "event_type"))
    records, hidden = from_cross_summary(summary)
    recorded = timeline.records_provenance(store, session)
    st.caption(
        _("Interception records by origin district are included as indicators (per year).")
        + (
            " " + _("{n} small counts are hidden in a public session and left out.", n=hidden)
            if hidden
            else ""
        )
    )

try:
    table = data.indicators(role_mode, records, tuple(usable), (recorded, uploaded))
except (UserInputError, ValueError) as err:
    log.warning("awareness indicators could not be combined: %s", err)
    st.error(_("The indicators could not be combined: {reason}", reason=str(err)))
    st.stop()

if uploads:
    report = pd.concat([u.matches for u in uploads], ignore_index=True)
    fuzzy, unknown = report[report["method"] == "fuzzy"], report[report["method"] == "unknown"]
    with st.expander(
        _(
            "Name matching: {n} names, {fuzzy} matched by spelling, {unknown} not matched",
            n=len(report),
            fuzzy=len(fuzzy),
            unknown=len(unknown),
        ),
        expanded=bool(len(unknown) or len(fuzzy)),
    ):
        if len(unknown):
            st.warning(
                _(
                    "These names match no district; their rows are not used. Correct the file "
                    "and load it again."
                )
            )
            st.dataframe(unknown[["input", "suggestions"]], hide_index=True)
        if len(fuzzy):
            st.info(_("These names were matched by spelling; check each match."))
            st.dataframe(fuzzy[["input", "district", "score", "matched_spelling"]], hide_index=True)
        st.dataframe(report, hide_index=True)

meta = indicator_metadata(table)
labels = dict(zip(meta["key"], meta["label"], strict=True))
defaults = default_weights(table)
st.subheader(_("Weights"))
st.caption(
    _(
        "Starting weights are an assumption made here: roles that name where people leave from "
        "weigh 1, destinations of internal trafficking 0.5, staging and launch points 0."
    )
)
weight_cols = st.columns(3)
weights = {
    key: weight_cols[i % 3].slider(
        _(labels[key]), 0.0, 3.0, float(defaults[key]), 0.25, key=f"aw_w_{key}"
    )
    for i, key in enumerate(table.indicators)
}
state.write_view(LINK)
if not any(w > 0 for w in weights.values()):
    st.warning(_("Every weight is 0: set at least one weight above 0 to rank districts."))
    st.stop()

result = data.ranked(
    role_mode, records, tuple(usable), (recorded, uploaded), tuple(weights.items()), method,
    missing, top_n, draws,
)  # fmt: skip
targets = joined(result.top)  # the pack is an export: lists joined
targets.attrs["source"] = targets_source(table)
state.set_target_districts(targets)  # offered to the briefing pack

# First: the map is what users wait for.
sections.score_map(data.map_districts(), data.map_districts_url(), result, _, table)
# Charts and the indicator list in their own tabs, drawn when opened: the plotting library and
# the second table a new visitor's browser would otherwise start beside the map slowed its paint.
in_table, in_breakdown, in_stability, in_sources = st.tabs(
    sections.tab_labels(_),
    key=sections.TABS_KEY,
    on_change="rerun",
)
with in_table:
    top_table(result, table, _)
with in_breakdown:
    if in_breakdown.open:
        sections.breakdown_chart(result, labels, _)
with in_stability:
    if in_stability.open:
        sections.stability_chart(result, draws, _)
with in_sources:
    if in_sources.open:
        sections.indicator_sources(meta, _)
campaign_section(
    result, table, languages=load_languages(), themes=load_themes(), matcher=data.matcher(), _=_
)
about = {
    "normalisation": sections.NORMALISATION_HELP[method],
    "missing values": sections.MISSING_HELP[missing],
    "report roles": role_mode,
    "weights": "; ".join(f"{labels[k]} = {w:g}" for k, w in weights.items()),
    "stability": f"{draws} draws, each weight x U(0.75, 1.25), seed 0, top {top_n}",
    "ties": "equal scores (9 decimals) are ordered A-Z",
    "source": "UNODC 2011, Assessment of human trafficking and migrant smuggling into and out "
    "of Pakistan; languages: data/languages.csv; themes: data/message_themes.csv",
}
sections.downloads(result, about=about, meta=meta, _=_)
with banner.container():
    draft_banner(_)
