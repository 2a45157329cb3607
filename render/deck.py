"""The briefing pack as a PowerPoint deck (python-pptx), one or more slides per block.

Each slide carries a footer with the data vintage, the sources line and the citations of what
the slide shows, so a slide lifted out of the deck still says where its numbers come from.
Table columns are sized from their content (measured in DejaVu Sans, wider than the fonts a
viewer substitutes) so no word breaks; wide tables are split into parts, long ones run on.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any

import matplotlib
from PIL import ImageFont
from pptx import Presentation
from pptx.dml.color import RGBColor
from pptx.enum.text import PP_ALIGN
from pptx.util import Emu, Inches, Pt

from geo.briefing.model import Block, BriefingContent, Table
from render.tables import layout, part_table

FONT_DIR = Path(matplotlib.get_data_path()) / "fonts" / "ttf"
TABLE_PT = 10

WIDTH, HEIGHT = Inches(13.333), Inches(7.5)
MARGIN = Inches(0.5)
BODY_TOP = Inches(1.05)
FOOTER_TOP = Inches(6.85)
LINE_EMU = int(Pt(TABLE_PT * 1.2))
"""Height of one line of table text."""
CELL_V_PAD = int(Inches(0.1))
"""Top and bottom cell margins together (python-pptx's defaults)."""
CHARS_PER_LINE = 170
"""About how many characters of 10 pt text fit on one line across the slide."""
DARK = RGBColor(0x22, 0x22, 0x22)
GREY = RGBColor(0x55, 0x55, 0x55)


def _text(
    slide: Any,
    left: int,
    top: int,
    width: int,
    height: int,
    paragraphs: Sequence[str],
    *,
    size: int,
    bold: bool = False,
    colour: RGBColor = DARK,
) -> None:
    box = slide.shapes.add_textbox(left, top, width, height)
    frame = box.text_frame
    frame.word_wrap = True
    for i, text in enumerate(paragraphs):
        para = frame.paragraphs[0] if i == 0 else frame.add_paragraph()
        para.text = text
        para.space_after = Pt(4)
        for run in para.runs:
            run.font.size = Pt(size)
            run.font.bold = bold
            run.font.color.rgb = colour


def _slide(deck: Any, content: BriefingContent, title: str, citations: tuple[str, ...]) -> Any:
    slide = deck.slides.add_slide(deck.slide_layouts[6])
    _text(slide, MARGIN, Inches(0.3), WIDTH - 2 * MARGIN, Inches(0.7), [title], size=24, bold=True)
    cited = "Cited: " + "; ".join(citations) if citations else ""
    mode = content.audience
    _text(
        slide,
        MARGIN,
        FOOTER_TOP,
        WIDTH - 2 * MARGIN,
        Inches(0.6),
        [f"{content.vintage} · {mode} · {cited}", content.sources_line],
        size=8,
        colour=GREY,
    )
    return slide


@lru_cache(maxsize=2)
def _font(bold: bool) -> ImageFont.FreeTypeFont:
    name = "DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf"
    return ImageFont.truetype(str(FONT_DIR / name), size=TABLE_PT * 10)


def _width_emu(text: str, bold: bool) -> float:
    """Width of ``text`` at the table's point size, in EMU (measured at 10x, scaled back)."""
    points = _font(bold).getlength(text) / 10
    return float(points * 12700)


def _lines(text: str, width: float, bold: bool) -> int:
    """Lines ``text`` wraps to in a column ``width`` wide (words never broken)."""
    room = width - 2 * PAD_EMU
    lines, used = 1, 0.0
    space = _width_emu(" ", bold)
    for word in text.split():
        size = _width_emu(word, bold)
        if used and used + space + size > room:
            lines, used = lines + 1, size
        else:
            used += (space if used else 0.0) + size
    return lines


def _row_height(row: Sequence[str], widths: Sequence[float], *, bold: bool = False) -> int:
    lines = max(_lines(text, width, bold) for text, width in zip(row, widths, strict=True))
    return lines * LINE_EMU + CELL_V_PAD


def _chunks(
    rows: Sequence[tuple[str, ...]], widths: Sequence[float], room: int, header: int
) -> list[tuple[tuple[str, ...], ...]]:
    """Rows cut into slides whose table (header repeated) fits ``room`` in height."""
    chunks: list[tuple[tuple[str, ...], ...]] = []
    current: list[tuple[str, ...]] = []
    used = header
    for row in rows:
        height = _row_height(row, widths)
        if current and used + height > room:
            chunks.append(tuple(current))
            current, used = [], header
        current.append(row)
        used += height
    chunks.append(tuple(current))
    return chunks


def _table(slide: Any, table: Table, widths: Sequence[float], top: int) -> int:
    """Add ``table`` at ``top``; return the bottom of the table."""
    rows = table.rows
    heights = [_row_height(table.columns, widths, bold=True)]
    heights += [_row_height(row, widths) for row in rows]
    shape = slide.shapes.add_table(
        len(rows) + 1, len(table.columns), MARGIN, top, int(sum(widths)), sum(heights)
    )
    grid = shape.table
    for j, width in enumerate(widths):
        grid.columns[j].width = Emu(int(width))
    for i, height in enumerate(heights):
        grid.rows[i].height = Emu(height)
    for j, name in enumerate(table.columns):
        _cell(grid.cell(0, j), name, bold=True, right=j in table.numeric)
    for i, row in enumerate(rows, start=1):
        for j, value in enumerate(row):
            _cell(grid.cell(i, j), value, right=j in table.numeric)
    return top + sum(heights)


def _cell(cell: Any, text: str, *, bold: bool = False, right: bool = False) -> None:
    cell.text = text
    cell.margin_left = cell.margin_right = Emu(PAD_EMU)
    for para in cell.text_frame.paragraphs:
        para.alignment = PP_ALIGN.RIGHT if right else PP_ALIGN.LEFT
        for run in para.runs:
            run.font.size = Pt(TABLE_PT)
            run.font.bold = bold


PAD_EMU = int(Inches(0.05))


def _image(slide: Any, path: Path, *, max_height: int) -> int:
    """Place ``path`` centred under the title, at most ``max_height`` tall; return its bottom."""
    picture = slide.shapes.add_picture(str(path), MARGIN, BODY_TOP)
    max_width = WIDTH - 2 * MARGIN
    scale = min(max_width / picture.width, max_height / picture.height)
    picture.width, picture.height = int(picture.width * scale), int(picture.height * scale)
    picture.left = int((WIDTH - picture.width) / 2)
    return int(picture.top + picture.height)


def _block_slides(deck: Any, content: BriefingContent, block: Block, image: Path | None) -> None:
    body_height = FOOTER_TOP - BODY_TOP - Inches(0.1)
    if block.key == "title":
        slide = _slide(deck, content, block.title, block.citations)
        _text(
            slide,
            MARGIN,
            Inches(2.2),
            WIDTH - 2 * MARGIN,
            Inches(3.5),
            [*block.paragraphs, f"Prepared {content.generated}."],
            size=18,
        )
        return
    paragraphs_done = False
    if image is not None:
        slide = _slide(deck, content, block.title, block.citations)
        lines = sum(1 + len(text) // CHARS_PER_LINE for text in block.paragraphs)
        room = int(Inches(0.2) * lines + Inches(0.1)) if block.paragraphs else 0
        bottom = _image(slide, image, max_height=body_height - room)
        if block.paragraphs:
            _text(
                slide,
                MARGIN,
                bottom + Inches(0.05),
                WIDTH - 2 * MARGIN,
                room,
                list(block.paragraphs),
                size=10,
            )
        paragraphs_done = True
    if block.table is None:
        if not paragraphs_done:
            slide = _slide(deck, content, block.title, block.citations)
            _text(
                slide,
                MARGIN,
                BODY_TOP,
                WIDTH - 2 * MARGIN,
                body_height,
                list(block.paragraphs),
                size=14,
            )
        return
    table = block.table
    usable = int(WIDTH - 2 * MARGIN)
    parts = layout(table, usable=usable, measure=_width_emu, pad=2 * PAD_EMU + Inches(0.08))
    intro = 0
    if not paragraphs_done and block.paragraphs:
        lines = sum(1 + len(t) // CHARS_PER_LINE for t in block.paragraphs)
        intro = int(Inches(0.22) * lines + Inches(0.1))
    notes = int(Inches(0.25) * len(table.notes) + Inches(0.1)) if table.notes else 0
    room = int(FOOTER_TOP - BODY_TOP) - intro - notes - int(Inches(0.1))
    first = True
    for p, part in enumerate(parts):
        shown = part_table(table, part)
        header = _row_height(shown.columns, part.widths, bold=True)
        chunks = _chunks(shown.rows, part.widths, room, header)
        for n, chunk in enumerate(chunks):
            title = block.title if first else f"{block.title} (continued)"
            if len(parts) > 1:
                title += f", part {p + 1} of {len(parts)}"
            slide = _slide(deck, content, title, block.citations)
            top = int(BODY_TOP)
            if intro and first:
                _text(slide, MARGIN, top, WIDTH - 2 * MARGIN, intro, list(block.paragraphs),
                      size=11)  # fmt: skip
                top += intro
            first = False
            piece = Table(shown.columns, chunk, shown.kind, numeric=shown.numeric)
            bottom = _table(slide, piece, part.widths, top)
            if p == len(parts) - 1 and n == len(chunks) - 1 and table.notes:
                _text(
                    slide,
                    MARGIN,
                    bottom + int(Inches(0.1)),
                    WIDTH - 2 * MARGIN,
                    notes,
                    list(table.notes),
                    size=9,
                    colour=GREY,
                )


def write_deck(content: BriefingContent, path: Path, images: Sequence[Path | None]) -> Path:
    """Write the pack as a .pptx at ``path``; ``images[i]`` is the picture of block ``i``."""
    if not content.blocks:
        raise ValueError("the pack has no sections to write")
    deck = Presentation()
    deck.slide_width, deck.slide_height = WIDTH, HEIGHT
    deck.core_properties.title = content.title
    deck.core_properties.subject = content.vintage
    for block, image in zip(content.blocks, images, strict=True):
        _block_slides(deck, content, block, image)
    deck.save(str(path))
    return Path(path)
