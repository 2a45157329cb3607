"""Campaign sheets as PowerPoint slides: one slide per district, right to left where needed.

Arabic-script paragraphs are written as right-to-left paragraphs (``a:pPr rtl="1"``, aligned
right) whose runs name the complex-script font (``a:cs``: Noto Nastaliq Urdu for Urdu and
Punjabi, Noto Naskh Arabic for Sindhi) and the language (``lang``), so PowerPoint and
LibreOffice shape them with the right font. PPTX files cannot carry fonts here: the fonts are
in ``data/fonts/`` to install on the presenting machine, and each slide's notes say so.
"""

from __future__ import annotations

import io
from collections.abc import Iterable

from pptx import Presentation
from pptx.dml.color import RGBColor
from pptx.enum.text import MSO_AUTO_SIZE, PP_ALIGN
from pptx.oxml.ns import qn
from pptx.text.text import _Paragraph
from pptx.util import Emu, Pt

from geo.awareness.campaign import CampaignSheet
from geo.i18n import LANGUAGES, Direction, LanguageInfo
from render.campaign_pdf import ltr_sections

_LANG_TAGS = {"en": "en-GB", "ur": "ur-PK", "pa": "pa-Arab-PK", "sd": "sd-Arab-PK"}
_FONT_NAMES = {"Nastaliq": "Noto Nastaliq Urdu", "Naskh": "Noto Naskh Arabic", "sans": "Noto Sans"}
LATIN_FONT = "Noto Sans"


def font_name(info: LanguageInfo) -> str:
    """The font a slide names for the language's script."""
    return _FONT_NAMES[info.style]


def _write(
    paragraph: _Paragraph,
    text: str,
    info: LanguageInfo,
    *,
    size: float,
    bold: bool = False,
    colour: tuple[int, int, int] | None = None,
) -> None:
    rtl = info.direction is Direction.RTL
    paragraph.alignment = PP_ALIGN.RIGHT if rtl else PP_ALIGN.LEFT
    if rtl:
        paragraph._p.get_or_add_pPr().set("rtl", "1")
    run = paragraph.add_run()
    run.text = ltr_sections(text, info)
    run.font.size = Pt(size)
    run.font.bold = bold
    run.font.name = LATIN_FONT
    if colour:
        run.font.color.rgb = RGBColor(*colour)
    rpr = run._r.get_or_add_rPr()
    rpr.set("lang", _LANG_TAGS[info.code])
    if rtl:
        rpr.set("altLang", "en-GB")
        cs = rpr.find(qn("a:cs"))
        if cs is None:
            cs = rpr.makeelement(qn("a:cs"), {})
            rpr.append(cs)
        cs.set("typeface", font_name(info))


def add_sheet_slide(deck: Presentation, sheet: CampaignSheet) -> None:  # type: ignore[valid-type]
    """Append one slide for one district's sheet."""
    slide = deck.slides.add_slide(deck.slide_layouts[6])  # type: ignore[attr-defined]
    margin = Emu(360000)
    width = deck.slide_width - 2 * margin  # type: ignore[attr-defined]
    height = deck.slide_height - 2 * margin  # type: ignore[attr-defined]
    frame = slide.shapes.add_textbox(margin, margin, width, height).text_frame
    frame.word_wrap = True
    frame.auto_size = MSO_AUTO_SIZE.TEXT_TO_FIT_SHAPE
    info = sheet.language
    latin = LANGUAGES["en"]
    first = True

    def para(text: str, lang: LanguageInfo, size: float, **style: object) -> None:
        nonlocal first
        paragraph = frame.paragraphs[0] if first else frame.add_paragraph()
        first = False
        _write(paragraph, text, lang, size=size, **style)  # type: ignore[arg-type]

    if sheet.draft_notice:
        local, _, english = sheet.draft_notice.rpartition(" / ")
        if local:
            para(local, info, 11, colour=(176, 0, 32))
        para(english, latin, 11, colour=(176, 0, 32))
    para(sheet.headings["title"], info, 14, bold=True)
    if sheet.name_in_script and info.code != "en":
        para(sheet.name_in_script, info, 24, bold=True)
    para(f"{sheet.district} ({sheet.province})", latin, 20, bold=True)
    if not sheet.name_in_script and info.code != "en":
        para(sheet.headings["latin_only"], info, 9)
    para(sheet.rank_line, info, 10)
    para(sheet.headings["why"], info, 13, bold=True)
    if not sheet.reasons:
        para(sheet.headings["not_named"], info, 10)
    for reason in sheet.reasons:
        label = "" if info.code == "en" else f"{sheet.headings['gist']}: "
        para(f"{label}{reason.gist} ({reason.citation}; {reason.confidence})", info, 10)
        para(f"\u201c{reason.quote}\u201d ({reason.citation})", latin, 8, colour=(80, 80, 80))
    if sheet.others:
        para(sheet.headings["others"], info, 9)
    for line in sheet.others:
        para(line, info, 10)
    para(sheet.headings["themes"], info, 13, bold=True)
    if not sheet.themes:
        para(sheet.headings["no_themes"], info, 10)
    for theme in sheet.themes:
        level = f" ({sheet.headings['province_level']})" if theme.province_level else ""
        para(f"{theme.theme}: {theme.message} ({theme.section}){level}", info, 10)
    para(sheet.headings["languages"], info, 13, bold=True)
    for lang in sheet.languages:
        para(f"{lang.language}: {lang.confidence} ({lang.basis})", info, 10)
    para(sheet.source_line, info, 8)
    para(sheet.prepared, info, 8)
    notes = slide.notes_slide.notes_text_frame
    notes.text = (
        f"Campaign sheet for {sheet.district}, in {info.name}. Fonts: install {font_name(info)} "
        "and Noto Sans (SIL Open Font License, shipped with Route Atlas) before presenting."
        + (f" {sheet.draft_notice}" if sheet.draft_notice else "")
    )


def campaign_pptx(sheets: Iterable[CampaignSheet]) -> bytes:
    """A 16:9 deck with one slide per sheet."""
    deck = Presentation()
    deck.slide_width, deck.slide_height = Emu(12192000), Emu(6858000)
    count = 0
    for sheet in sheets:
        add_sheet_slide(deck, sheet)
        count += 1
    if not count:
        raise ValueError("no campaign sheets to write")
    buffer = io.BytesIO()
    deck.save(buffer)
    return buffer.getvalue()
