"""The briefing pack as a PDF (fpdf2), the same blocks as the deck on A4 landscape pages.

The report's text needs characters outside Latin-1 ('§', '–', curly quotes), so the PDF embeds
DejaVu Sans, the Unicode TrueType font shipped inside matplotlib: no system font is needed.
Every page header names the pack; every footer carries the data vintage, the sources line and
the page number.
"""

from __future__ import annotations

from pathlib import Path

import matplotlib
from fpdf import FPDF
from fpdf.fonts import FontFace

from geo.briefing.model import Block, BriefingContent

FONT_DIR = Path(matplotlib.get_data_path()) / "fonts" / "ttf"
FONT = "DejaVu"


class _PackPDF(FPDF):
    def __init__(self, content: BriefingContent):
        super().__init__(orientation="L", unit="mm", format="A4")
        self.content = content
        regular, bold = FONT_DIR / "DejaVuSans.ttf", FONT_DIR / "DejaVuSans-Bold.ttf"
        for path in (regular, bold):
            if not path.is_file():
                raise FileNotFoundError(f"font {path} not found (it ships with matplotlib)")
        self.add_font(FONT, "", str(regular))
        self.add_font(FONT, "B", str(bold))
        self.set_auto_page_break(auto=True, margin=22)
        self.set_margins(14, 16, 14)

    def header(self) -> None:
        self.set_font(FONT, "", 8)
        self.set_text_color(90, 90, 90)
        mode = "Public pack" if self.content.public else "Analyst pack: not for public distribution"
        self.cell(0, 5, f"{self.content.title} · {mode}", new_x="LMARGIN", new_y="NEXT")
        self.set_text_color(0, 0, 0)

    def footer(self) -> None:
        self.set_y(-18)
        self.set_font(FONT, "", 7)
        self.set_text_color(90, 90, 90)
        self.multi_cell(
            0, 3.5, f"{self.content.vintage} · page {self.page_no()}\n{self.content.sources_line}"
        )
        self.set_text_color(0, 0, 0)


def _heading(pdf: _PackPDF, text: str) -> None:
    pdf.set_font(FONT, "B", 16)
    pdf.multi_cell(0, 8, text, new_x="LMARGIN", new_y="NEXT")
    pdf.ln(1)


def _paragraphs(pdf: _PackPDF, paragraphs, *, size: int = 10) -> None:
    pdf.set_font(FONT, "", size)
    for text in paragraphs:
        pdf.multi_cell(0, size * 0.5, text, new_x="LMARGIN", new_y="NEXT")
        pdf.ln(1.5)


def _image(pdf: _PackPDF, path: Path, *, max_height: float) -> None:
    from PIL import Image  # Pillow comes with matplotlib

    with Image.open(path) as img:
        ratio = img.height / img.width
    width = min(pdf.epw, max_height / ratio)
    x = pdf.l_margin + (pdf.epw - width) / 2
    pdf.image(str(path), x=x, w=width)
    pdf.ln(2)


def _table(pdf: _PackPDF, block: Block) -> None:
    table = block.table
    lengths = [
        max([len(table.columns[j])] + [len(r[j]) for r in table.rows])
        for j in range(len(table.columns))
    ]
    widths = tuple(min(max(n, 6), 60) for n in lengths)
    pdf.set_font(FONT, "", 8)
    with pdf.table(
        col_widths=widths,
        headings_style=FontFace(emphasis="BOLD"),
        line_height=4.2,
        text_align="LEFT",
    ) as grid:
        grid.row(list(table.columns))
        for row in table.rows:
            grid.row(list(row))
    if table.note:
        pdf.set_font(FONT, "", 8)
        pdf.multi_cell(0, 4, table.note, new_x="LMARGIN", new_y="NEXT")


def _block(pdf: _PackPDF, block: Block) -> None:
    pdf.add_page()
    _heading(pdf, block.title)
    if block.key == "title":
        pdf.ln(20)
        _paragraphs(pdf, [*block.paragraphs, f"Prepared {pdf.content.generated}."], size=14)
        return
    if block.image is not None:
        room = 40 if block.table is not None else 18
        _image(pdf, block.image, max_height=pdf.eph - 20 - room)
    if block.paragraphs:
        _paragraphs(pdf, block.paragraphs, size=9 if block.image else 10)
    if block.table is not None:
        _table(pdf, block)
    if block.citations:
        pdf.set_font(FONT, "", 8)
        pdf.multi_cell(0, 4, "Cited: " + "; ".join(block.citations), new_x="LMARGIN", new_y="NEXT")


def write_pdf(content: BriefingContent, path: Path) -> Path:
    """Write the pack as a PDF at ``path`` and return the path."""
    if not content.blocks:
        raise ValueError("the pack has no sections to write")
    pdf = _PackPDF(content)
    pdf.set_title(content.title)
    pdf.set_subject(content.vintage)
    for block in content.blocks:
        _block(pdf, block)
    pdf.output(str(path))
    return Path(path)
