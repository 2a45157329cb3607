"""The briefing pack as a PDF (fpdf2), the same blocks as the deck on A4 landscape pages.

The report's text needs characters outside Latin-1 ('§', '–', curly quotes), so the PDF embeds
DejaVu Sans, the Unicode TrueType font shipped inside matplotlib: no system font is needed.
Every page header names the pack; every footer carries the data vintage, the sources line and
the page number. Table columns are as wide as their content asks (:mod:`render.tables`), so no
word is broken; a table too wide for the page is split into parts that repeat its first column.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import matplotlib
from fpdf import FPDF
from fpdf.enums import Align, MethodReturnValue
from fpdf.fonts import FontFace

from geo.briefing.model import Block, BriefingContent, Table
from render.tables import layout, part_table

FONT_DIR = Path(matplotlib.get_data_path()) / "fonts" / "ttf"
FONT = "DejaVu"
TABLE_SIZE = 8
PADDING = 1.0
PICTURE_SHARE = 0.55
"""Height of a section's picture above a table, as a share of the page's text height."""
MIN_PICTURE_SHARE = 0.3
"""The picture shrinks down to this share so that a short table stays on its page."""


class _PackPDF(FPDF):
    def __init__(self, content: BriefingContent) -> None:
        super().__init__(orientation="L", unit="mm", format="A4")
        self.content = content
        regular, bold = FONT_DIR / "DejaVuSans.ttf", FONT_DIR / "DejaVuSans-Bold.ttf"
        for path in (regular, bold):
            if not path.is_file():
                raise FileNotFoundError(f"font {path.name} not found (it ships with matplotlib)")
        self.add_font(FONT, "", str(regular))
        self.add_font(FONT, "B", str(bold))
        self.set_auto_page_break(auto=True, margin=22)
        self.set_margins(14, 16, 14)

    def header(self) -> None:
        self.set_font(FONT, "", 8)
        self.set_text_color(90, 90, 90)
        self.cell(
            0, 5, f"{self.content.title} · {self.content.audience}", new_x="LMARGIN", new_y="NEXT"
        )
        self.set_text_color(0, 0, 0)

    def footer(self) -> None:
        self.set_y(-18)
        self.set_font(FONT, "", 7)
        self.set_text_color(90, 90, 90)
        self.multi_cell(
            0, 3.5, f"{self.content.vintage} · page {self.page_no()}\n{self.content.sources_line}"
        )
        self.set_text_color(0, 0, 0)

    def width_of(self, text: str, bold: bool) -> float:
        """Width of ``text`` in mm at the table's font size."""
        self.set_font(FONT, "B" if bold else "", TABLE_SIZE)
        return float(self.get_string_width(text))


def _heading(pdf: _PackPDF, text: str) -> None:
    pdf.set_font(FONT, "B", 16)
    pdf.multi_cell(0, 8, text, new_x="LMARGIN", new_y="NEXT")
    pdf.ln(1)


def _paragraphs(pdf: _PackPDF, paragraphs: Sequence[str], *, size: int = 10) -> None:
    pdf.set_font(FONT, "", size)
    for text in paragraphs:
        if text:
            pdf.multi_cell(0, size * 0.5, text, new_x="LMARGIN", new_y="NEXT")
            pdf.ln(1.5)


def _text_height(pdf: _PackPDF, texts: Sequence[str], *, size: float, line: float) -> float:
    """Height in mm the ``texts`` take as full-width paragraphs (measured, nothing drawn)."""
    pdf.set_font(FONT, "", size)
    total = 0.0
    for text in texts:
        if text:
            height = pdf.multi_cell(0, line, text, dry_run=True, output=MethodReturnValue.HEIGHT)
            total += float(height) if isinstance(height, int | float) else 0.0
    return total


def _picture_limit(pdf: _PackPDF, block: Block, text_size: int) -> float:
    """Largest picture height that leaves the block's text and a short table on the page.

    A table too long for one page anyway keeps the usual picture height.
    """
    if block.table is None:
        return float(pdf.eph - 38)
    usual = float(pdf.eph * PICTURE_SHARE)
    text = _text_height(pdf, block.paragraphs, size=text_size, line=text_size * 0.5)
    text += 1.5 * len(block.paragraphs)
    rows = len(block.table.rows) + 2  # the header may take two lines
    table = rows * (4.2 + 2 * PADDING) + 1.5
    notes = _text_height(pdf, [*block.table.notes, "Cited"], size=8, line=4)
    used = pdf.get_y() - pdf.t_margin
    room = float(pdf.eph) - used - text - table - notes - 8  # 8 mm spare: below the picture
    if room >= usual:
        return usual
    return room if room >= pdf.eph * MIN_PICTURE_SHARE else usual


def _image(pdf: _PackPDF, path: Path, *, max_height: float) -> None:
    from PIL import Image  # Pillow comes with matplotlib

    with Image.open(path) as img:
        ratio = img.height / img.width
    width = min(pdf.epw, max_height / ratio)
    x = pdf.l_margin + (pdf.epw - width) / 2
    pdf.image(str(path), x=x, w=width)
    pdf.ln(2)


def _table(pdf: _PackPDF, table: Table) -> None:
    parts = layout(table, usable=pdf.epw, measure=pdf.width_of, pad=2 * PADDING + 1.2)
    for n, part in enumerate(parts):
        shown = part_table(table, part)
        if len(parts) > 1:
            pdf.set_font(FONT, "B", 8)
            pdf.cell(0, 5, f"Part {n + 1} of {len(parts)}", new_x="LMARGIN", new_y="NEXT")
        pdf.set_font(FONT, "", TABLE_SIZE)
        align = tuple(Align.R if j in shown.numeric else Align.L for j in range(len(shown.columns)))
        with pdf.table(
            col_widths=part.widths,
            width=min(sum(part.widths), pdf.epw),  # float sums may pass epw by 1e-13
            align="LEFT",
            headings_style=FontFace(emphasis="BOLD"),
            line_height=4.2,
            padding=PADDING,
            text_align=align,
        ) as grid:
            grid.row(list(shown.columns))
            for row in shown.rows:
                grid.row(list(row))
        pdf.ln(1.5)
    if table.notes:
        pdf.set_font(FONT, "", 8)
        for note in table.notes:
            pdf.multi_cell(0, 4, note, new_x="LMARGIN", new_y="NEXT")


def _block(pdf: _PackPDF, block: Block, image: Path | None) -> None:
    pdf.add_page()
    _heading(pdf, block.title)
    if block.key == "title":
        pdf.ln(20)
        _paragraphs(pdf, [*block.paragraphs, f"Prepared {pdf.content.generated}."], size=14)
        return
    if image is not None:
        _image(pdf, image, max_height=_picture_limit(pdf, block, 9))
    if block.paragraphs:
        _paragraphs(pdf, block.paragraphs, size=9 if image else 10)
    if block.table is not None:
        _table(pdf, block.table)
    if block.citations:
        pdf.set_font(FONT, "", 8)
        pdf.multi_cell(0, 4, "Cited: " + "; ".join(block.citations), new_x="LMARGIN", new_y="NEXT")


def write_pdf(content: BriefingContent, path: Path, images: Sequence[Path | None]) -> Path:
    """Write the pack as a PDF at ``path``; ``images[i]`` is the picture of block ``i``."""
    if not content.blocks:
        raise ValueError("the pack has no sections to write")
    pdf = _PackPDF(content)
    pdf.set_title(content.title)
    pdf.set_subject(content.vintage)
    for block, image in zip(content.blocks, images, strict=True):
        _block(pdf, block, image)
    pdf.output(str(path))
    return Path(path)
