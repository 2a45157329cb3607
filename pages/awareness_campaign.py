"""The campaign-sheet section of the Awareness targeting page: a language per target district,
and the sheets as PDF (one per district and one for all) and PPTX."""

from __future__ import annotations

from functools import partial

import pandas as pd
import streamlit as st

from geo.awareness.campaign import (
    CampaignSheet,
    campaign_sheets,
    default_sheet_language,
    sheet_languages,
)
from geo.awareness.indicators import IndicatorTable
from geo.i18n import (
    CATALOGUE_LANGUAGES,
    DRAFT_NOTICE,
    LANGUAGES,
    Translator,
    catalogue,
    format_number,
)
from pages.awareness_sections import Ranked, shown_name
from render.campaign_pdf import campaign_pdf
from render.campaign_pptx import campaign_pptx


def catalogue_status(_: Translator) -> str:
    """How many entries of each language's catalogue a translator has reviewed."""
    parts = []
    for code in CATALOGUE_LANGUAGES:
        entries = catalogue(code).entries.values()
        done = [e for e in entries if e.text]
        reviewed = sum(1 for e in done if not e.draft)
        parts.append(
            _(
                "{language}: {reviewed} of {total} translations reviewed",
                language=_(LANGUAGES[code].name),
                reviewed=format_number(reviewed, _.language),
                total=format_number(len(done), _.language),
            )
        )
    return "; ".join(parts)


def sheet_choices(top: pd.DataFrame, _: Translator) -> dict[str, str]:
    """One language choice per target district, among those with a script here."""
    choices: dict[str, str] = {}
    columns = st.columns(3)
    for i, row in enumerate(top.to_dict("records")):
        names = [n.strip() for n in str(row["languages"]).split(";") if n.strip()]
        options = sheet_languages(names)
        default = default_sheet_language(names)
        choices[row["district"]] = columns[i % 3].selectbox(
            f"{row['rank']}. {shown_name(row['district'], _)}",
            options,
            index=options.index(default),
            format_func=lambda c: f"{LANGUAGES[c].endonym} ({LANGUAGES[c].name})",
            key=f"aw_sheet_{row['district']}",
        )
    return choices


def campaign_section(
    result: Ranked,
    table: IndicatorTable,
    *,
    languages: pd.DataFrame,
    themes: pd.DataFrame,
    matcher: object,
    _: Translator,
) -> None:
    """Campaign sheets for the top N: a language per district, PDF and PPTX downloads."""
    st.subheader(_("Campaign sheets"))
    st.caption(
        _(
            "One sheet per target district in one of its languages with a script here (Urdu "
            "and Punjabi in Shahmukhi, Sindhi in its Arabic-script alphabet) or English: why "
            "it was chosen, message themes and languages, each with the report's section."
        )
    )
    st.caption(catalogue_status(_))
    choices = sheet_choices(result.top, _)
    if not st.toggle(_("Prepare the sheets"), key="aw_sheets_on"):
        return
    sheets = _sheets(result.top, choices, table, languages, themes, matcher)
    drafts = [s.district for s in sheets if s.draft]
    if drafts:
        st.warning(
            _("Draft translation on the sheets of: {districts}", districts=", ".join(drafts))
            + f" / {DRAFT_NOTICE}"
        )
    st.download_button(
        _("All sheets (PDF)"),
        lambda: campaign_pdf(sheets),  # rendered when clicked
        "campaign_sheets.pdf",
        "application/pdf",
        key="aw_sheets_pdf",
    )
    columns = st.columns(3)
    for i, sheet in enumerate(sheets):
        box = columns[i % 3]
        slug = sheet.district.lower().replace(" ", "_")
        box.download_button(
            _("{district} (PDF)", district=shown_name(sheet.district, _)),
            partial(campaign_pdf, [sheet]),
            f"campaign_{slug}_{sheet.language.code}.pdf",
            "application/pdf",
            key=f"aw_pdf_{slug}",
        )
        box.download_button(
            _("{district} (PPTX)", district=shown_name(sheet.district, _)),
            partial(campaign_pptx, [sheet]),
            f"campaign_{slug}_{sheet.language.code}.pptx",
            "application/vnd.openxmlformats-officedocument.presentationml.presentation",
            key=f"aw_pptx_{slug}",
        )


def _sheets(
    top: pd.DataFrame,
    choices: dict[str, str],
    table: IndicatorTable,
    languages: pd.DataFrame,
    themes: pd.DataFrame,
    matcher: object,
) -> list[CampaignSheet]:
    return campaign_sheets(
        top, choices=choices, table=table, languages=languages, themes=themes, matcher=matcher
    )
