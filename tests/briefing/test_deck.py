"""The deck opens with python-pptx and holds the sections, images and citations it should."""

from __future__ import annotations

import re

from pptx import Presentation
from pptx.enum.shapes import MSO_SHAPE_TYPE

from geo.briefing.model import SECTIONS, VINTAGE
from geo.figures import figure


def _slides(pack):
    deck = Presentation(str(pack.deck))
    out = []
    for slide in deck.slides:
        texts, pictures, tables = [], 0, []
        for shape in slide.shapes:
            if shape.shape_type == MSO_SHAPE_TYPE.PICTURE:
                pictures += 1
            if shape.has_text_frame:
                texts.append(shape.text_frame.text)
            if shape.has_table:
                rows = [[c.text for c in row.cells] for row in shape.table.rows]
                tables.append(rows)
                texts.extend(" | ".join(r) for r in rows)
        out.append(
            {
                "title": texts[0] if texts else "",
                "text": "\n".join(texts),
                "pictures": pictures,
                "tables": tables,
            }
        )
    return out


def test_every_section_has_a_slide_in_order(public_pack):
    slides = _slides(public_pack)
    titles = [s["title"] for s in slides]
    expected = [b.title for b in public_pack.content.blocks]
    # every block opens at least one slide, in block order
    positions = [titles.index(t) for t in expected]
    assert positions == sorted(positions)
    for key in (
        "route_map",
        "key_figures",
        "officer_load",
        "cost_ladders",
        "checkpoint_plan",
        "target_districts",
        "records",
        "sources",
    ):
        assert any(t.startswith(SECTIONS[key]) for t in titles), key


def test_every_slide_carries_vintage_and_sources(public_pack):
    for slide in _slides(public_pack):
        assert VINTAGE in slide["text"], slide["title"]
        assert "Sources: UNODC (2011)" in slide["text"], slide["title"]
        assert "Public pack" in slide["text"]


def test_map_and_chart_images_are_embedded(public_pack):
    slides = _slides(public_pack)
    maps = [s for s in slides if s["title"].startswith(SECTIONS["route_map"])]
    assert len(maps) == 2 and all(s["pictures"] == 1 for s in maps)
    total = sum(s["pictures"] for s in slides)
    # 2 maps + load chart + 2 ladders + cost-by-mode chart + the plan's map
    assert total == 7


def test_key_figures_are_cited_with_their_section(public_pack):
    slide = next(s for s in _slides(public_pack) if s["title"] == SECTIONS["key_figures"])
    rows = slide["tables"][0]
    header, body = rows[0], rows[1:]
    assert header[-1] == "Source"
    for row in body:
        assert re.fullmatch(r"UNODC 2011, §[\d.]+.*", row[-1]), row
    turkey = figure("turkey_intercepted_pakistanis")
    assert any(r[1] == "71,503" and r[-1] == f"UNODC 2011, {turkey.section}" for r in body)


def test_officer_load_slide_gives_bounds_and_says_why_islamabad_has_none(public_pack):
    text = "\n".join(
        s["text"] for s in _slides(public_pack) if s["title"].startswith(SECTIONS["officer_load"])
    )
    assert "more than 12.5 per officer" in text
    assert "more than 50–60 per officer" in text
    assert "no staff number" in text
    assert "UNODC 2011, §8.1" in text


def test_cost_slides_state_rate_ranges_and_silences(public_pack):
    text = "\n".join(
        s["text"] for s in _slides(public_pack) if s["title"].startswith(SECTIONS["cost_ladders"])
    )
    assert "1 EUR = " in text and "2011" in text
    assert "1,000–10,000 EUR" in text  # the air range stays a range
    assert "Australia" in text  # the report's silence on sea and Australia costs
    assert "Mand Balo" in text and "§6.1" in text
    assert "Hawala / IVTS" in text


def test_plan_slides_name_sites_state_share_and_spread(public_pack, planning_result):
    slides = [s for s in _slides(public_pack) if s["title"].startswith(SECTIONS["checkpoint_plan"])]
    text = "\n".join(s["text"] for s in slides)
    assert slides[0]["pictures"] == 1  # the plan's own map
    names = {planning_result.network.graph.nodes[s]["name"] for s in planning_result.plan.sites}
    for name in names:
        assert name in text
    assert f"{planning_result.plan.share:.1%}" in text
    assert "P10" in text and "P90" in text and "seed 7" in text and "30 sampled" in text
    plan = planning_result.plan
    gap = (plan.bound - plan.captured) / plan.bound
    closeness = f"within {gap:.1%} of the best possible" if gap > 0 else "best possible (proven)"
    assert f"{plan.share:.1%} (optimal)" in text and closeness in text
    assert "Method: exact (mixed-integer programme, solver HiGHS" in text
    assert "Diversion alternatives on" in text
    for internal in ("marginal_gain_share", "flow_through", "model_note", "objective="):
        assert internal not in text


def test_deck_table_columns_hold_their_longest_word(public_pack):
    from PIL import ImageFont

    from render.deck import FONT_DIR, TABLE_PT

    font = ImageFont.truetype(str(FONT_DIR / "DejaVuSans-Bold.ttf"), size=TABLE_PT * 10)
    deck = Presentation(str(public_pack.deck))
    for slide in deck.slides:
        for shape in slide.shapes:
            if not shape.has_table:
                continue
            for j, column in enumerate(shape.table.columns):
                words = [w for row in shape.table.rows for w in row.cells[j].text.split()]
                # an independent measure: the bold face, wider than the regular one
                longest = max((font.getlength(w) / 10 * 12700 for w in words), default=0)
                assert column.width >= longest * 0.999, (j, max(words, key=len))


def _table_shapes(path):
    for slide in Presentation(str(path)).slides:
        for shape in slide.shapes:
            if shape.has_table:
                yield shape


def test_every_table_ends_above_the_footer(public_pack):
    from render.deck import FOOTER_TOP

    shapes = list(_table_shapes(public_pack.deck))
    assert shapes
    for shape in shapes:
        assert shape.top + sum(r.height for r in shape.table.rows) <= FOOTER_TOP


def test_long_cells_wrap_into_taller_rows_and_run_on_to_more_slides(tmp_path):
    from geo.briefing.model import Block, BriefingContent, Table, TableKind
    from render.deck import FOOTER_TOP, write_deck

    long = " ".join(["interviewee estimate of the crossings"] * 12)
    rows = tuple((str(i), long if i % 2 else "short", "Gwadar") for i in range(24))
    table = Table(("No.", "What the report says", "Place"), rows, TableKind.REPORT)
    content = BriefingContent("T", "V", "S", True, "PKR", "2011-12-01",
                              (Block("sources", "Sources", table=table),))  # fmt: skip
    shapes = list(_table_shapes(write_deck(content, tmp_path / "d.pptx", [None])))
    assert len(shapes) > 1  # run on to a second slide rather than past the footer
    for shape in shapes:
        assert shape.top + sum(r.height for r in shape.table.rows) <= FOOTER_TOP
        for r in list(shape.table.rows)[1:]:
            column = shape.table.columns[1].width
            # independent lower bound: at 10 pt a character is at least 0.4 em = 4 pt wide
            lines = max(1, -(-len(r.cells[1].text) * 4 * 12700 // column))
            assert r.height >= lines * 10 * 12700, r.cells[0].text
