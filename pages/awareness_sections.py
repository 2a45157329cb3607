"""Sections of the Awareness targeting page, each drawing one part from prepared results.

``pages/awareness.py`` reads the widgets and calls these in order (the top-N table is in
``pages/awareness_table.py``). Every text comes through the
page's translator ``_`` so the page reads in English or Urdu; district names show in Urdu
script where a source gives them (``data/locale/place_names.csv``).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import pandas as pd
import streamlit as st
from streamlit_folium import st_folium

from charts.awareness import breakdown_figure, chart_config, download_names, stability_figure
from geo.awareness.export import table_csv, to_excel_bytes
from geo.awareness.indicators import IndicatorTable, district_classes
from geo.awareness.takeaway import points_column
from geo.i18n import LANGUAGES, N_, Translator, format_number, place_name
from layers.awareness import legend_html
from layers.awareness_live import awareness_frame, live_score_layer
from pages import state
from pages.common import offline_ready
from pages.language import served_fonts

NORMALISATION_HELP = {
    "rank": N_("Rank: position among districts, 0 (lowest) to 1 (highest); ties share a rank."),
    "minmax": N_("Min–max: (value − min) / (max − min), 0 to 1."),
    "zscore": N_("z-score: distance from the mean in standard deviations; can be negative."),
}
NORMALISATION_NAMES = {"rank": N_("Rank"), "minmax": N_("Min–max"), "zscore": N_("z-score")}
MISSING_HELP = {
    "zero": N_("A missing value adds nothing (0); the district is flagged."),
    "renormalise": N_("Score over the indicators the district has, scaled up to the full weight."),
}
MISSING_NAMES = {"zero": N_("Zero"), "renormalise": N_("Renormalise")}
META_HEADERS = {
    "label": N_("Indicator"), "unit": N_("Unit"), "origin": N_("Origin"), "source": N_("Source"),
    "section": N_("Section"), "period": N_("Period"), "confidence": N_("Confidence"),
    "provenance": N_("Provenance (not the report's)"), "note": N_("Note"),
}  # fmt: skip
ROLE_MODES = {
    "binary": N_("Named or not (1/0)"),
    "sections": N_("Number of report sections naming it"),
}


@dataclass(frozen=True)
class Ranked:
    """What the result sections draw: the take-away table, its top rows and the stability."""

    takeaway: pd.DataFrame
    top: pd.DataFrame
    stable: pd.DataFrame
    ranked: pd.DataFrame
    top_n: int
    method: str


def shown_name(district: str, _: Translator) -> str:
    """The district's name in the page's script when a source gives it, else in Latin."""
    return place_name(district, _.language) or district


def translated_list(text: str, _: Translator) -> str:
    """A "; "-separated list of curated names (languages, themes, destinations), translated."""
    if _.language == "en":
        return text
    out = []
    for item in (part.strip() for part in str(text).split(";")):
        if item.endswith(PROVINCE_LEVEL):
            out.append(f"{_(item.removesuffix(PROVINCE_LEVEL))} {_(PROVINCE_LEVEL_TEXT)}")
        elif item:
            out.append(_(item))
    return "؛ ".join(out)


PROVINCE_LEVEL = " (province-level)"
PROVINCE_LEVEL_TEXT = N_("(province-level)")


TABS_KEY = "aw_tab"
"""The tabs under the map (top districts, score breakdown, stability, indicators and their
sources); the open one is in the page's link."""
TAB_CODES = ("table", "breakdown", "stability", "sources")
TAB_LABELS = (
    N_("Top districts"),
    N_("Score breakdown"),
    N_("How stable is the top N?"),
    N_("Indicators and sources"),
)


def tab_labels(_: Translator) -> list[str]:
    """The tabs' labels in the page's language."""
    return [_(label) for label in TAB_LABELS]


def tab_param(_: Translator) -> state.LinkParam:
    """The open tab in the link, by a code that does not depend on the language."""
    labels = dict(zip(TAB_CODES, tab_labels(_), strict=True))
    codes = {label: code for code, label in labels.items()}
    return state.LinkParam(
        "tab", TABS_KEY, parse=labels.__getitem__, dump=lambda label: codes.get(label, "table")
    )


def breakdown_chart(result: Ranked, labels: Mapping[str, str], _: Translator) -> None:
    """Each top district's score split into its indicators' points."""
    names = {d: shown_name(d, _) for d in result.top["district"]}
    points = {points_column(label): _(label) for label in labels.values()}
    files = download_names(method=result.method, top_n=result.top_n)
    fig = breakdown_figure(result.top, points, tr=_, names=names)
    st.plotly_chart(fig, width="stretch", key="aw_breakdown", config=chart_config(files[0]))


def stability_chart(result: Ranked, draws: int, _: Translator) -> None:
    """The share of weight draws in which each district stays in the top N."""
    st.caption(
        _(
            "Each weight multiplied by a random factor between 0.75 and 1.25, {draws} draws "
            "(seeded): the share of draws in which each district stays in the top {n}. "
            "Equal scores are ordered at random in each draw, so a tie at the cut-off shows as a "
            "share below 1.",
            draws=format_number(draws, _.language),
            n=format_number(result.top_n, _.language),
        )
    )
    files = download_names(method=result.method, top_n=result.top_n)
    all_names = {d: shown_name(d, _) for d in result.stable["district"]}
    fig = stability_figure(result.stable, top_n=result.top_n, tr=_, names=all_names)
    st.plotly_chart(fig, width="stretch", key="aw_stability", config=chart_config(files[1]))


def score_map(
    districts: list[dict],
    districts_url: str,
    result: Ranked,
    _: Translator,
    table: IndicatorTable | None = None,
) -> None:
    """The score map: the base map, with the score layer sent beside it and the legend below.

    One container holds the heading, the map and its legend, so the print view can put them
    first (``layers.screen.PRINT_CSS``).
    """
    with st.container():
        st.subheader(_("Map"))
        # A fresh frame each run (a few milliseconds): st_folium adds the layer to the map it is
        # given, so a shared map would pile up layers. Its script is the same every run, so the
        # browser keeps the map's frame and only swaps the score layer (feature_group_to_add), whose
        # geometry it fetched once; a change sends only the districts' colours and tooltips.
        base = offline_ready(awareness_frame(script_font=served_fonts() + LANGUAGES["ur"].font))
        notes = {
            r["district"]: _("Languages: {languages}", languages=translated_list(r["languages"], _))
            for r in result.takeaway.to_dict("records")
        }
        names = {d: shown_name(d, _) for d in result.ranked["district"]}
        layer, cmap = live_score_layer(
            districts_url,
            districts,
            result.ranked,
            top_n=result.top_n,
            notes=notes,
            tr=_,
            names=names,
            name=_("Awareness score"),
            classes=district_classes(table, _) if table is not None else None,
        )
        st_folium(
            base,
            feature_group_to_add=layer,
            returned_objects=[],
            height=560,
            use_container_width=True,
            key="aw_map",
        )
        # The legend is drawn under the map, so the map's frame never changes with the weights.
        st.html(legend_html(cmap, method=result.method, top_n=result.top_n, tr=_))


def indicator_sources(meta: pd.DataFrame, _: Translator) -> None:
    """The indicators with their units, sources, sections, periods and confidence."""
    shown = meta.drop(columns=["key"]).copy()
    shown["label"] = shown["label"].map(_)
    st.dataframe(shown, hide_index=True, column_config={c: _(t) for c, t in META_HEADERS.items()})


def downloads(
    result: Ranked, *, about: Mapping[str, str], meta: pd.DataFrame, _: Translator
) -> None:
    """The take-away table as CSV and Excel (lists joined here, at the export)."""
    left, right = st.columns(2)
    left.download_button(
        _("Download table (CSV)"),
        lambda: table_csv(result.takeaway),  # built when clicked, not on every rerun
        "awareness_targeting.csv",
        "text/csv",
        key="aw_csv",
    )
    right.download_button(
        _("Download table (Excel)"),
        lambda: to_excel_bytes(result.takeaway, about=about, indicators=meta),
        "awareness_targeting.xlsx",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        key="aw_xlsx",
    )
