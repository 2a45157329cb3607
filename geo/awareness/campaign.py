"""Campaign sheets: what to hand to a target district, in one of its languages.

Recommendation 9 of the report asks for awareness material "in Urdu, Punjabi, Sindhi, and other
local languages" reaching community leaders, town councils and students. A sheet holds, for one
district: its name in the chosen script and in Latin letters; why it was chosen (the report's
statements with their sections, each quote verbatim in English beside a translated gist marked
as a translation); the message themes for its destinations, each with its section; and its
campaign languages with the basis of each. Every piece of text comes through a
:class:`geo.i18n.Translator`, so a sheet knows whether it uses draft translations and then
carries the draft notice in the language and in English.

This module builds the content only; ``render/campaign_pdf.py`` and ``render/campaign_pptx.py``
lay it out.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import pandas as pd

from geo.awareness.context import LanguageIndex, themes_for
from geo.awareness.indicators import ROLE_STATEMENTS, IndicatorTable, district_classes
from geo.catalog import source_label
from geo.confidence import parse_confidence
from geo.i18n import (
    N_,
    LanguageInfo,
    Translator,
    format_date,
    format_number,
    place_name,
    writable_languages,
)

SOURCE_LINE = N_(
    "Source: UNODC (2011), Assessment of human trafficking and migrant smuggling into and out "
    "of Pakistan."
)
CONFIDENCE_LABELS = (
    N_("Reported figure"),
    N_("Interviewee estimate"),
    N_("Unconfirmed"),
    N_("Assumption made here"),
)
HEADINGS = {
    "title": N_("Awareness campaign sheet"),
    "why": N_("Why this district"),
    "themes": N_("Message themes"),
    "languages": N_("Campaign languages"),
    "quote": N_("Report, verbatim (English)"),
    "gist": N_("Translation of the gist"),
    "province_level": N_("Province-level: the report speaks of the province, not of the district"),
    "not_named": N_("The report does not name this district; it was ranked by other indicators."),
    "no_themes": N_("The report's statements match no message theme for this district."),
    "latin_only": N_("No spelling of this name in this script in the sources; Latin letters only."),
    "others": N_("Also ranked on (agency records and uploaded files, not figures of the report)"),
}
DATE_LINE = N_("Prepared on {date}")
RANK_LINE = N_("Rank {rank} of the districts scored on the Awareness targeting page.")


@dataclass(frozen=True)
class Reason:
    """One report statement about the district: a translated gist and the English quote."""

    gist: str
    quote: str
    citation: str
    confidence: str


@dataclass(frozen=True)
class ThemeLine:
    """One message theme, translated, with the report section it rests on."""

    theme: str
    message: str
    section: str
    province_level: bool


@dataclass(frozen=True)
class LanguageLine:
    """One campaign language and the basis for it (source and section, or an assumption)."""

    language: str
    confidence: str
    basis: str


@dataclass(frozen=True)
class CampaignSheet:
    """Everything one district's sheet says, already in its language."""

    district: str
    province: str
    language: LanguageInfo
    name_in_script: str | None
    headings: dict[str, str]
    reasons: tuple[Reason, ...]
    themes: tuple[ThemeLine, ...]
    languages: tuple[LanguageLine, ...]
    source_line: str
    prepared: str
    rank_line: str
    draft_notice: str
    """Empty when every entry the sheet uses is reviewed (or the sheet is in English)."""
    others: tuple[str, ...] = ()
    """Indicators from agency records or user files behind the rank, each with its own class
    ("Agency record, imported on … by …"): never badged as the report's figures."""

    @property
    def draft(self) -> bool:
        """True when the sheet carries draft translations."""
        return bool(self.draft_notice)


def default_sheet_language(languages: Sequence[str]) -> str:
    """The language code a district's sheet starts in: its most local language with a script.

    A district's languages run from the country's (Urdu) to its province's and its own; the last
    one the project can write (Punjabi in Punjab, Sindhi in Sindh) is the most local. Where only
    Urdu has a script here (Pashto, Balochi … have none yet), Urdu.
    """
    local = [info.code for info in writable_languages(languages) if info.code != "en"]
    return local[-1] if local else "en"


def sheet_languages(languages: Sequence[str]) -> list[str]:
    """Codes a sheet for a district with these languages can be written in (English last)."""
    return [info.code for info in writable_languages(languages)]


def _confidence(value: str, tr: Translator) -> str:
    return tr(parse_confidence(value).label)


def reasons(district: str, table: IndicatorTable, tr: Translator) -> list[Reason]:
    """The report's statements about a district, each as a translated gist with its quote."""
    rows = table.evidence[table.evidence["district"] == district]
    out: list[Reason] = []
    seen: set[tuple[str, str]] = set()
    for row in rows.to_dict("records"):
        key = str(row["indicator"])
        if not key.startswith("role:"):
            continue
        role = key.split(":", 1)[1]
        template = ROLE_STATEMENTS.get(role)
        if template is None:
            continue
        detail = str(row["detail"] or "")
        gist = tr(template, detail=tr(detail) if detail else tr("a destination"))
        if detail and "{detail}" not in template:
            gist += f" ({tr(detail)})"
        citation = source_label(row["source"]) + (f", {row['section']}" if row["section"] else "")
        if (gist, citation) in seen:
            continue
        seen.add((gist, citation))
        out.append(Reason(gist, str(row["quote"]), citation, _confidence(row["confidence"], tr)))
    return out


def campaign_sheet(
    district: str,
    *,
    province: str,
    rank: int,
    code: str,
    translator: Translator,
    table: IndicatorTable,
    languages: LanguageIndex,
    themes: pd.DataFrame,
    today: dt.date | None = None,
) -> CampaignSheet:
    """Build one district's sheet in language ``code`` (through ``translator``).

    Raises ``KeyError`` when ``code`` is not a language the district's sheet can be written in.
    """
    tr = translator
    langs = languages.for_district(district, province)
    if code not in sheet_languages([lang.language for lang in langs]):
        raise KeyError(f"{district}: no sheet in {code!r}")
    evidence = table.evidence[table.evidence["district"] == district]
    roles = [k.split(":", 1)[1] for k in evidence["indicator"] if str(k).startswith("role:")]
    destinations = sorted(
        {
            str(d)
            for d, k in zip(evidence["detail"], evidence["indicator"], strict=True)
            if k == "role:destination_affinity" and d
        }
    )
    fit = themes_for(roles=roles, destinations=destinations, province=province, themes=themes)
    theme_lines: list[ThemeLine] = []
    for row in fit.to_dict("records"):
        theme, message = str(row["theme"]), str(row["message"])
        line = ThemeLine(tr(theme), tr(message), str(row["section"]), bool(row["province_level"]))
        if line not in theme_lines:
            theme_lines.append(line)
    language_lines = tuple(
        LanguageLine(tr(lang.language), tr(lang.confidence.label), lang.basis) for lang in langs
    )
    headings = {key: tr(text) for key, text in HEADINGS.items()}
    when = today or dt.date.today()
    sheet = CampaignSheet(
        district=district,
        province=province,
        language=tr.info,
        name_in_script=place_name(district, code),
        headings=headings,
        reasons=tuple(reasons(district, table, tr)),
        themes=tuple(theme_lines),
        languages=language_lines,
        source_line=tr(SOURCE_LINE),
        prepared=tr(DATE_LINE, date=format_date(when, code)),
        rank_line=tr(RANK_LINE, rank=format_number(rank, code)),
        draft_notice="",
        others=tuple(district_classes(table, tr).get(district, [])),
    )
    notice = tr.draft_notice()
    return CampaignSheet(**{**sheet.__dict__, "draft_notice": notice})


def campaign_sheets(
    targets: pd.DataFrame,
    *,
    choices: dict[str, str],
    translators: dict[str, Translator] | None = None,
    table: IndicatorTable,
    languages: pd.DataFrame,
    themes: pd.DataFrame,
    matcher: object | None = None,
    today: dt.date | None = None,
) -> list[CampaignSheet]:
    """One sheet per row of ``targets`` (the take-away table's top N), in rank order.

    ``choices`` maps a district to its sheet's language code; a district not in it gets
    :func:`default_sheet_language`. Each sheet gets its own translator (from ``translators`` or
    a fresh one), so the draft notice is decided sheet by sheet.
    """
    from geo.i18n import translator as make_translator

    index = LanguageIndex(languages, matcher=matcher)  # type: ignore[arg-type]
    out = []
    for row in targets.to_dict("records"):
        district = str(row["district"])
        names = [lang.language for lang in index.for_district(district, str(row["province"]))]
        code = choices.get(district) or default_sheet_language(names)
        base = (translators or {}).get(code)
        tr = Translator(code, base.catalogue) if base is not None else make_translator(code)
        out.append(
            campaign_sheet(
                district,
                province=str(row["province"]),
                rank=int(row["rank"]),
                code=code,
                translator=tr,
                table=table,
                languages=index,
                themes=themes,
                today=today,
            )
        )
    return out


def all_languages_named(sheets: Iterable[CampaignSheet]) -> list[str]:
    """The sheet languages used, English names, each once (for a file's cover line)."""
    return list(dict.fromkeys(sheet.language.name for sheet in sheets))
