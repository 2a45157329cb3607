"""The top-N table of the Awareness targeting page, with each district's reasons and languages.

Every text comes through the page's translator ``_``; report statements and sources stay in
English, as written.
"""

from __future__ import annotations

import streamlit as st

from geo.awareness.campaign import reasons
from geo.awareness.indicators import IndicatorTable, district_classes
from geo.awareness.scoring import tie_at_cut_off
from geo.awareness.takeaway import CLASS_COLUMN, CONTEXT_COLUMN
from geo.i18n import N_, Translator, format_number
from pages.awareness_sections import Ranked, shown_name, translated_list

NONE_MATCHED = N_("none matched")


def top_table(result: Ranked, table: IndicatorTable, _: Translator) -> None:
    """The top-N table with its tie notice and, per district, why and in which languages."""
    top, code = result.top, _.language
    st.subheader(_("Top {n} districts", n=format_number(result.top_n, code)))
    if tie_at_cut_off(result.takeaway["score"], result.top_n):
        st.info(
            _(
                "Districts tie at the cut-off: equal scores are ordered A–Z, so the last places "
                "of the top N are a tie-break, not a difference. Tied districts are marked."
            )
        )
    shown = top[
        [
            "rank",
            "district",
            "district note",
            "province",
            "score",
            "tied",
            "share_in_top",
            "languages",
            "destinations",
            "themes",
            "missing indicators",
        ]
    ].copy()
    classes = district_classes(table, _)
    shown[CLASS_COLUMN] = [" | ".join(classes.get(d, [])) for d in shown["district"]]
    if code != "en":
        shown.insert(2, "name", [shown_name(d, _) for d in shown["district"]])
        for column in ("languages", "destinations", "themes", "missing indicators"):
            shown[column] = shown[column].map(lambda v: translated_list(v, _))
    st.dataframe(
        shown,
        hide_index=True,
        column_config={
            "rank": _("Rank"),
            "name": _("Name"),
            "district": _("District"),
            "district note": _("District note"),
            "province": _("Province"),
            "score": st.column_config.NumberColumn(_("Score (no unit)"), format="%.3f"),
            "tied": st.column_config.CheckboxColumn(
                _("Tied score"), help=_("Ordered A–Z among equals")
            ),
            "share_in_top": st.column_config.ProgressColumn(
                _("Share of draws in top {n}", n=result.top_n),
                min_value=0.0,
                max_value=1.0,
                format="%.2f",
            ),
            "languages": _("Languages"),
            "destinations": _("Destinations"),
            "themes": _("Message themes"),
            "missing indicators": _("Missing indicators"),
            CLASS_COLUMN: _("Agency records and uploads (not report figures)"),
        },
    )
    for row in top.to_dict("records"):
        title = _(
            "{rank}. {district}: why, languages and context",
            rank=row["rank"],
            district=shown_name(row["district"], _),
        )
        with st.expander(title):
            st.markdown("**" + _("Why") + "**")
            lines = row["why"]
            if code != "en":
                found = reasons(row["district"], table, _)
                lines = [f"{r.gist} ({r.citation}; {r.confidence})" for r in found] or lines
                lines = [*lines, *classes.get(row["district"], [])]
            st.markdown("\n".join(f"- {line}" for line in lines))
            st.markdown("**" + _("Campaign languages") + "**")
            st.markdown("\n".join(f"- {line}" for line in row["language basis"]))
            st.markdown(
                "**"
                + _("Message themes")
                + f"**: {translated_list(row['themes'], _) or _(NONE_MATCHED)}"
            )
            st.caption("; ".join(row["theme sources"]))
            if row[CONTEXT_COLUMN]:
                st.markdown("**" + _("Province context (not a finding about this district)") + "**")
                st.markdown("\n".join(f"- {line}" for line in row[CONTEXT_COLUMN]))
    if code != "en":
        st.caption(_("Report statements, quotes and sources are shown in English, as written."))
