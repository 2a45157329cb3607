"""Campaign sheets as PDF: one A4 page per district, shaped right to left where the script is.

fpdf2 shapes text with HarfBuzz (``uharfbuzz``) when text shaping is on, which joins the letters
of Arabic-script text and orders a line right to left (numbers and Latin words inside it keep
their own order). Urdu and Punjabi use Noto Nastaliq Urdu, Sindhi Noto Naskh Arabic, and Latin
text Noto Sans, all carried in ``data/fonts/`` and embedded (subset) in the file. The report's
quotes stay in English, verbatim, left to right.
"""

from __future__ import annotations

from collections.abc import Iterable

from fpdf import FPDF

from geo.awareness.campaign import CampaignSheet
from geo.i18n import LANGUAGES, Direction, LanguageInfo

LATIN = "latin"
_SCRIPT_TAGS = {"ur": ("arab", "urd"), "pa": ("arab", "pnb"), "sd": ("arab", "snd")}
_SIZES = {"Nastaliq": 10.0, "Naskh": 11.0, "sans": 10.5}
_DRAFT_RED = (176, 0, 32)


def ltr_sections(text: str, info: LanguageInfo) -> str:
    """Keep "§3.1" reading left to right inside right-to-left text (a left-to-right mark
    before each section sign; without it the sign lands after the number)."""
    if info.direction is Direction.RTL:
        return text.replace("§", "\u200e§")
    return text


def _family(info: LanguageInfo) -> str:
    return LATIN if info.direction is Direction.LTR else info.style.lower()


class SheetWriter:
    """Writes campaign sheets into one PDF; fonts are registered once per document."""

    def __init__(self, *, shaping: bool = True) -> None:
        self.pdf = FPDF(format="A4", unit="mm")
        self.pdf.set_auto_page_break(auto=True, margin=14)
        self.pdf.set_margins(16, 14, 16)
        self.shaping = shaping
        self.pdf.add_font(LATIN, fname=str(LANGUAGES["en"].font_path))
        for code in ("ur", "sd"):
            info = LANGUAGES[code]
            self.pdf.add_font(_family(info), fname=str(info.font_path))
        self.pdf.set_fallback_fonts([LATIN])

    def _script(self, info: LanguageInfo, size: float | None = None) -> None:
        """Switch to the script's font and shaping (right to left for Arabic script)."""
        self.pdf.set_font(_family(info), size=size or _SIZES[info.style])
        if info.direction is Direction.RTL and self.shaping:
            script, language = _SCRIPT_TAGS[info.code]
            self.pdf.set_text_shaping(
                use_shaping_engine=True, direction="rtl", script=script, language=language
            )
        else:
            self.pdf.set_text_shaping(False)

    def _latin(self, size: float = 9.0) -> None:
        self.pdf.set_font(LATIN, size=size)
        self.pdf.set_text_shaping(False)

    def _para(self, info: LanguageInfo, text: str, *, size: float | None = None) -> None:
        """A paragraph in the sheet's language, aligned to the side its script starts from."""
        self._script(info, size)
        text = ltr_sections(text, info)
        align = "R" if info.direction is Direction.RTL else "L"
        height = (size or _SIZES[info.style]) * (0.75 if info.style == "Nastaliq" else 0.55)
        self.pdf.multi_cell(0, height, text, align=align, new_x="LMARGIN", new_y="NEXT")

    def _english(self, text: str, *, size: float = 8.5, italic_grey: bool = True) -> None:
        self._latin(size)
        if italic_grey:
            self.pdf.set_text_color(80, 80, 80)
        self.pdf.multi_cell(0, size * 0.5, text, align="L", new_x="LMARGIN", new_y="NEXT")
        if italic_grey:
            self.pdf.set_text_color(0, 0, 0)

    def _heading(self, info: LanguageInfo, text: str) -> None:
        self.pdf.ln(2)
        self._para(info, text, size=_SIZES[info.style] + 3)

    def add(self, sheet: CampaignSheet) -> None:
        """One page for one district."""
        info = sheet.language
        pdf = self.pdf
        pdf.add_page()
        if sheet.draft_notice:
            local, _, english = sheet.draft_notice.rpartition(" / ")
            pdf.set_text_color(*_DRAFT_RED)
            if local:
                self._para(info, local, size=_SIZES[info.style] - 1)
            self._english(english, size=9, italic_grey=False)
            pdf.set_text_color(0, 0, 0)
        self._para(info, sheet.headings["title"], size=_SIZES[info.style] + 2)
        if sheet.name_in_script and info.code != "en":
            self._para(info, sheet.name_in_script, size=_SIZES[info.style] + 9)
        self._latin(18)
        pdf.cell(0, 9, f"{sheet.district} ({sheet.province})", new_x="LMARGIN", new_y="NEXT")
        if not sheet.name_in_script and info.code != "en":
            self._para(info, sheet.headings["latin_only"], size=_SIZES[info.style] - 2)
        self._para(info, sheet.rank_line, size=_SIZES[info.style] - 1)

        self._heading(info, sheet.headings["why"])
        if not sheet.reasons:
            self._para(info, sheet.headings["not_named"])
        else:
            self._para(info, sheet.headings["quote"], size=_SIZES[info.style] - 2)
        for reason in sheet.reasons:
            label = "" if info.code == "en" else f"{sheet.headings['gist']}: "
            self._para(info, f"{label}{reason.gist} ({reason.citation}; {reason.confidence})")
            self._english(f"\u201c{reason.quote}\u201d ({reason.citation})")
        if sheet.others:
            self._para(info, sheet.headings["others"], size=_SIZES[info.style] - 2)
        for line in sheet.others:
            self._para(info, line)

        self._heading(info, sheet.headings["themes"])
        if not sheet.themes:
            self._para(info, sheet.headings["no_themes"])
        for theme in sheet.themes:
            level = f" ({sheet.headings['province_level']})" if theme.province_level else ""
            self._para(info, f"{theme.theme}: {theme.message} ({theme.section}){level}")

        self._heading(info, sheet.headings["languages"])
        for lang in sheet.languages:
            self._para(info, f"{lang.language}: {lang.confidence} ({lang.basis})")

        pdf.ln(2)
        self._para(info, sheet.source_line, size=_SIZES[info.style] - 2)
        self._para(info, sheet.prepared, size=_SIZES[info.style] - 2)

    def output(self) -> bytes:
        """The PDF file's bytes."""
        return bytes(self.pdf.output())


def campaign_pdf(sheets: Iterable[CampaignSheet], *, shaping: bool = True) -> bytes:
    """One PDF with a page per sheet (one district, or all target districts)."""
    writer = SheetWriter(shaping=shaping)
    count = 0
    for sheet in sheets:
        writer.add(sheet)
        count += 1
    if not count:
        raise ValueError("no campaign sheets to write")
    return writer.output()


def word_image_width(text: str, *, code: str = "ur", shaping: bool = True) -> float:
    """The width in mm the PDF writer gives ``text`` in the language's font (shaped or not)."""
    writer = SheetWriter(shaping=shaping)
    writer.pdf.add_page()
    writer._script(LANGUAGES[code])
    return float(writer.pdf.get_string_width(text))
