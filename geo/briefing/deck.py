"""The briefing pack as a PowerPoint deck (python-pptx), one or more slides per block.

Each slide carries a footer with the data vintage, the sources line and the citations of what
the slide shows, so a slide lifted out of the deck still says where its numbers come from.
"""

from __future__ import annotations

from pathlib import Path

from pptx import Presentation
from pptx.dml.color import RGBColor
from pptx.util import Emu, Inches, Pt

from geo.briefing.model import Block, BriefingContent, Table

WIDTH, HEIGHT = Inches(13.333), Inches(7.5)
MARGIN = Inches(0.5)
BODY_TOP = Inches(1.05)
FOOTER_TOP = Inches(6.85)
ROWS_PER_SLIDE = 10
LONG_TEXT = 90
DARK = RGBColor(0x22, 0x22, 0x22)
GREY = RGBColor(0x55, 0x55, 0x55)


def _text(
    slide,
    left,
    top,
    width,
    height,
    paragraphs,
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


def _slide(deck, content: BriefingContent, title: str, citations: tuple[str, ...]):
    slide = deck.slides.add_slide(deck.slide_layouts[6])
    _text(slide, MARGIN, Inches(0.3), WIDTH - 2 * MARGIN, Inches(0.7), [title], size=24, bold=True)
    cited = "Cited: " + "; ".join(citations) if citations else ""
    mode = "Public pack" if content.public else "Analyst pack: not for public distribution"
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


def _table(slide, table: Table, rows, top, height) -> None:
    n_cols = len(table.columns)
    shape = slide.shapes.add_table(len(rows) + 1, n_cols, MARGIN, top, WIDTH - 2 * MARGIN, height)
    grid = shape.table
    lengths = [max([len(table.columns[j])] + [len(r[j]) for r in rows]) for j in range(n_cols)]
    weights = [min(max(n, 6), 60) for n in lengths]
    total = sum(weights)
    usable = int(WIDTH - 2 * MARGIN)
    for j, weight in enumerate(weights):
        grid.columns[j].width = Emu(int(usable * weight / total))
    long_text = max(lengths) > LONG_TEXT
    size = 9 if long_text else 11
    for j, name in enumerate(table.columns):
        _cell(grid.cell(0, j), name, size=size, bold=True)
    for i, row in enumerate(rows, start=1):
        for j, value in enumerate(row):
            _cell(grid.cell(i, j), value, size=size)


def _cell(cell, text: str, *, size: int, bold: bool = False) -> None:
    cell.text = text
    for para in cell.text_frame.paragraphs:
        for run in para.runs:
            run.font.size = Pt(size)
            run.font.bold = bold


def _image(slide, path: Path, *, max_height) -> int:
    """Place ``path`` centred under the title, at most ``max_height`` tall; return its bottom."""
    picture = slide.shapes.add_picture(str(path), MARGIN, BODY_TOP)
    max_width = WIDTH - 2 * MARGIN
    scale = min(max_width / picture.width, max_height / picture.height)
    picture.width, picture.height = int(picture.width * scale), int(picture.height * scale)
    picture.left = int((WIDTH - picture.width) / 2)
    return picture.top + picture.height


def _block_slides(deck, content: BriefingContent, block: Block) -> None:
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
            size=20,
        )
        return
    paragraphs_done = False
    if block.image is not None:
        slide = _slide(deck, content, block.title, block.citations)
        room = Inches(0.9) if block.paragraphs else 0
        bottom = _image(slide, block.image, max_height=body_height - room)
        if block.paragraphs:
            _text(
                slide,
                MARGIN,
                bottom + Inches(0.05),
                WIDTH - 2 * MARGIN,
                room,
                list(block.paragraphs),
                size=11,
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
    rows = block.table.rows
    chunks = [rows[i : i + ROWS_PER_SLIDE] for i in range(0, len(rows), ROWS_PER_SLIDE)] or [()]
    for n, chunk in enumerate(chunks):
        title = block.title if n == 0 else f"{block.title} (continued)"
        slide = _slide(deck, content, title, block.citations)
        top = BODY_TOP
        if not paragraphs_done and n == 0 and block.paragraphs:
            height = Inches(0.35 * (1 + sum(len(p) // 150 for p in block.paragraphs)))
            _text(slide, MARGIN, top, WIDTH - 2 * MARGIN, height, list(block.paragraphs), size=12)
            top = top + height + Inches(0.1) * len(block.paragraphs)
        note = block.table.note if n == len(chunks) - 1 else ""
        _table(slide, block.table, chunk, top, Inches(0.3) * (len(chunk) + 1))
        if note:
            _text(
                slide,
                MARGIN,
                FOOTER_TOP - Inches(0.35),
                WIDTH - 2 * MARGIN,
                Inches(0.3),
                [note],
                size=9,
                colour=GREY,
            )


def write_deck(content: BriefingContent, path: Path) -> Path:
    """Write the pack as a .pptx at ``path`` and return the path."""
    if not content.blocks:
        raise ValueError("the pack has no sections to write")
    deck = Presentation()
    deck.slide_width, deck.slide_height = WIDTH, HEIGHT
    deck.core_properties.title = content.title
    deck.core_properties.subject = content.vintage
    for block in content.blocks:
        _block_slides(deck, content, block)
    deck.save(str(path))
    return Path(path)
