"""A figure the report takes from another document is labelled with that document.

Data test: every figure whose text (quote, period, note, and the footnote it cites when the
report is beside the project) names another document has that document as its ``source``, and
the other way round. Label test: what the Sources page and the pack show for a figure is never
the report alone when its source is another document. The phrases that name each document are
written here by hand, from the report's notes 9 and 25.
"""

from __future__ import annotations

import csv
import re

import pytest

from geo.briefing.blocks import key_figures_block
from geo.catalog import figure_citation, figures_frame
from geo.figures import load_figures
from geo.gazetteer import load_gazetteer
from geo.paths import DATA_DIR
from tests.atlas.report import load_report

OTHER_DOCUMENTS: dict[str, tuple[str, ...]] = {
    "ustip2011": ("Trafficking in Persons Report",),
    "ti_cpi2011": ("Corruption Perception", "cpi.transparency.org", "Transparency International"),
}
"""Bibliography id -> the words by which the report names that document."""


def _rows(name: str) -> list[dict[str, str]]:
    with open(DATA_DIR / name, encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def _named(text: str) -> set[str]:
    return {doc for doc, words in OTHER_DOCUMENTS.items() if any(w in text for w in words)}


def _own_text(row: dict[str, str]) -> str:
    return " ".join((row["quote"], row["period"], row["note"]))


@pytest.mark.parametrize("row", _rows("figures.csv"), ids=lambda r: r["figure_id"])
def test_a_figure_naming_another_document_has_it_as_source(row):
    named = _named(_own_text(row))
    if named:
        assert row["source"] in named, row["figure_id"]
    else:
        assert row["source"] not in OTHER_DOCUMENTS, row["figure_id"]


def test_the_footnotes_cited_agree_with_the_sources():
    report = load_report()
    if report is None:
        pytest.skip("the source report is not beside the project")
    checked = 0
    for row in _rows("figures.csv"):
        note = re.search(r"note (\d+)", row["section"])
        if not note:
            continue
        named = _named(report.note(int(note.group(1)))) if int(note.group(1)) in (9, 25) else set()
        if named:
            checked += 1
            assert row["source"] in named, row["figure_id"]
    assert checked >= 2


def test_every_cited_document_is_in_the_bibliography_as_cited_by_the_report():
    bibliography = {r["source_id"]: r for r in _rows("bibliography.csv")}
    for row in _rows("figures.csv"):
        if row["source"] == "unodc2011":
            continue
        entry = bibliography[row["source"]]
        note = re.search(r"note (\d+)", row["section"])
        assert note, f"{row['figure_id']}: a cited figure names the report's note"
        assert f"as cited in UNODC (2011) note {note.group(1)}" in entry["citation"]


def _label_rule(label: str, row: dict[str, str], short: dict[str, str]) -> None:
    report = f"UNODC 2011, {row['section']}"
    if row["source"] == "unodc2011":
        assert label == report, row["figure_id"]
    else:
        assert label != report, f"{row['figure_id']} is labelled with the report alone"
        assert label.startswith(short[row["source"]] + ", as cited in "), row["figure_id"]
        assert label.endswith(report), row["figure_id"]


def test_figure_labels_name_their_own_source():
    short = {r["source_id"]: r["short"] for r in _rows("bibliography.csv")}
    rows = {r["figure_id"]: r for r in _rows("figures.csv")}
    for item in load_figures():
        _label_rule(figure_citation(item), rows[item.figure_id], short)


def test_the_sources_page_table_names_the_cited_document():
    short = {r["source_id"]: r["short"] for r in _rows("bibliography.csv")}
    rows = {r["figure_id"]: r for r in _rows("figures.csv")}
    frame = figures_frame(load_figures(), load_gazetteer())
    assert set(frame["figure_id"]) == set(rows)
    for figure_id, source in zip(frame["figure_id"], frame["Source"], strict=True):
        _label_rule(source, rows[figure_id], short)


def test_the_pack_key_figures_name_the_cited_document():
    short = {r["source_id"]: r["short"] for r in _rows("bibliography.csv")}
    rows = {r["figure_id"]: r for r in _rows("figures.csv")}
    ids = ("bonded_labour", "cpi_rank", "turkey_intercepted_pakistanis")
    block = key_figures_block(ids)
    assert block.table is not None
    source_column = block.table.columns.index("Source")
    for figure_id, row in zip(ids, block.table.rows, strict=True):
        _label_rule(row[source_column], rows[figure_id], short)
    assert "US TIP Report 2011, as cited in UNODC 2011, §2.6 note 9" in block.citations
