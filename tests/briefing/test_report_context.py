"""The pack states the report's context, the atlas's own cost order, the AJK note and the trend.

Expectations are read here from the CSV files with the ``csv`` module (``report_facts.csv``,
``costs.csv``), not through the loaders the pack uses; the PDF and the deck are read back
(pdftotext, python-pptx), the load chart's caption from the drawn matplotlib text.
"""

from __future__ import annotations

import csv
import re
import subprocess

import pytest
from pptx import Presentation
from pptx.enum.shapes import MSO_SHAPE_TYPE

from geo.briefing.content import build_content
from geo.briefing.model import SECTIONS, ChartPicture
from geo.paths import DATA_DIR
from render.charts import save_png
from render.pictures import chart_figure
from tests.briefing.conftest import AJK_NOTE, options, require_or_skip, target_districts

TOPIC_ORDER = ("destinations", "interception", "profile", "enforcement", "law",
               "child_trafficking")  # fmt: skip
"""The context page's order of topics, as the pack's design states it."""


def _rows(name: str) -> list[dict[str, str]]:
    with open(DATA_DIR / name, encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def _dated(row: dict[str, str]) -> bool:
    return re.fullmatch(r"\d{4}(-\d{2}){0,2}", row["date"]) is not None


def _squash(text: str) -> str:
    return " ".join(text.split())


@pytest.fixture(scope="module")
def context_blocks():
    opts, _ = options(sections=("title", "context"))
    return [b for b in build_content(opts).blocks if b.key == "context"]


def test_the_context_page_lists_the_facts_by_topic_with_their_sections(context_blocks):
    facts = [r for r in _rows("report_facts.csv") if not _dated(r)]
    expected = [
        (r["label"], r["detail"], f"UNODC 2011, {r['section']}")
        for topic in TOPIC_ORDER
        for r in facts
        if r["topic"] == topic
    ]
    table = context_blocks[0].table
    assert context_blocks[0].title == SECTIONS["context"]
    assert table is not None
    got = [(row[1], row[2], row[-1]) for row in table.rows]
    assert got == expected
    assert len(got) == len(facts)  # no undated fact of another topic is dropped


def test_the_milestones_are_in_date_order_with_their_sections(context_blocks):
    dated = sorted((r for r in _rows("report_facts.csv") if _dated(r)), key=lambda r: r["date"])
    table = context_blocks[1].table
    assert table is not None
    assert [row[0] for row in table.rows] == [r["date"] for r in dated]
    assert [row[-1] for row in table.rows] == [f"UNODC 2011, {r['section']}" for r in dated]
    # The milestones of the report-fidelity issue, each once.
    dates = [row[0] for row in table.rows]
    for date in ("2000-07-10", "1978", "2002", "2005", "2006", "2008", "2010-04"):
        assert dates.count(date) == 1, date


@pytest.fixture(scope="module")
def pdf_text(public_pack) -> str:
    require_or_skip("/usr/bin/pdftotext", "pdftotext (Debian poppler-utils)")
    result = subprocess.run(
        ["pdftotext", str(public_pack.pdf), "-"],
        check=True,
        capture_output=True,
        text=True,
        timeout=60,
    )
    return _squash(result.stdout)


def test_the_pdf_has_the_context_page_and_its_milestones(pdf_text):
    assert "Context from the report: dated milestones" in pdf_text
    for row in _rows("report_facts.csv"):
        assert row["section"] in pdf_text, row["fact_id"]
        if _dated(row):
            assert row["date"] in pdf_text, row["fact_id"]


def _ladder_notes() -> dict[str, list[str]]:
    notes: dict[str, list[str]] = {}
    for row in _rows("costs.csv"):
        if row["note"] and row["note"] not in notes.setdefault(row["corridor_id"], []):
            notes[row["corridor_id"]].append(row["note"])
    return notes


def test_each_ladder_states_its_costs_order_as_the_atlas_own(public_pack):
    notes = _ladder_notes()
    ladders = [
        b
        for b in public_pack.content.blocks
        if b.key == "cost_ladders" and b.picture is not None and b.picture.chart == "ladder"
    ]
    assert {b.picture.corridor_id for b in ladders} == set(notes)
    for block in ladders:
        first = block.paragraphs[0]
        assert first.startswith("Where the costs sit on this route is the atlas's own")
        for note in notes[block.picture.corridor_id]:
            assert note.rstrip(".") in first


def _deck_slides(pack):
    for slide in Presentation(str(pack.deck)).slides:
        yield list(slide.shapes)


def test_the_ladder_note_sits_under_the_chart_on_its_slide(public_pack):
    notes = _ladder_notes()
    seen = 0
    for shapes in _deck_slides(public_pack):
        pictures = [s for s in shapes if s.shape_type == MSO_SHAPE_TYPE.PICTURE]
        texts = [s for s in shapes if s.has_text_frame]
        if not pictures or not texts or not texts[0].text_frame.text.startswith("Cost ladders: "):
            continue
        bottom = max(p.top + p.height for p in pictures)
        under = " ".join(t.text_frame.text for t in texts if t.top >= bottom)
        matched = [c for c, n in notes.items() if all(x.rstrip(".") in under for x in n)]
        if matched:
            seen += 1
    assert seen == len(notes)


def test_the_target_table_carries_the_district_note(public_pack):
    found = []
    for shapes in _deck_slides(public_pack):
        for shape in shapes:
            if not shape.has_table:
                continue
            rows = [[c.text for c in row.cells] for row in shape.table.rows]
            if "District note" not in rows[0]:
                continue
            district = rows[0].index("District")
            note = rows[0].index("District note")
            found.extend((r[district], r[note]) for r in rows[1:])
    names = list(target_districts()["district"])
    assert [d for d, _n in found] == names
    for district, note in found:
        assert _squash(note) == (AJK_NOTE if district == "Azad Kashmir" else ""), district


def test_the_pdf_target_page_carries_the_district_note(pdf_text):
    assert "District note" in pdf_text
    # the note's opening words on one line of its cell
    assert "Mirpur stands" in pdf_text


@pytest.fixture(scope="module")
def load_chart():
    fig = chart_figure(ChartPicture("officer_load"))
    fig.draw_without_rendering()
    return fig


def test_the_load_chart_carries_the_trend_caveat_inside_the_image(load_chart):
    trend = next(r for r in _rows("report_facts.csv") if r["fact_id"] == "load_trend")
    caption = [t for t in load_chart.texts if t.get_gid() == "caption"]
    assert len(caption) == 1
    text = _squash(caption[0].get_text())
    assert "decreased over the years" in text
    assert f"UNODC 2011, {trend['section']}" in text
    assert "snapshots, not a trend" in text
    renderer = load_chart.canvas.get_renderer()
    box = caption[0].get_window_extent(renderer)
    page = load_chart.bbox
    assert page.x0 <= box.x0 and box.x1 <= page.x1 and page.y0 <= box.y0 and box.y1 <= page.y1
    axes = load_chart.axes[0].get_tightbbox(renderer)
    assert box.y1 <= axes.y0  # under the axes and their label, not over the bars


def test_the_saved_chart_keeps_the_caveat_above_the_footer(tmp_path):
    load_chart = chart_figure(ChartPicture("officer_load"))
    save_png(load_chart, tmp_path / "load.png", "FOOTER LINE")
    lines = load_chart.get_supxlabel().split("\n")
    assert lines[-1] == "FOOTER LINE"
    assert "decreased over the years" in " ".join(lines[:-1])
    load_chart.draw_without_rendering()
    box = load_chart.texts[0].get_window_extent(load_chart.canvas.get_renderer())
    assert load_chart.bbox.y0 <= box.y0
