"""Figure popups name each figure's own source, as relayed by the report, in the HTML sent.

The expected labels are built here from the CSV files with the ``csv`` module (the bibliography's
short names and the figures' ``source`` and ``section`` columns), not through ``geo.catalog``.
"""

from __future__ import annotations

import csv
import dataclasses
import re
from html import unescape

import folium
import pytest

from geo.figures import load_figures
from geo.gazetteer import load_gazetteer
from geo.paths import DATA_DIR
from layers.figures import figure_layers
from layers.route_map import build_route_map

BLOCK = re.compile(r"<div class='ra-block'[^>]*><b>(?P<label>[^<]+)</b>(?P<body>.*?)</div>", re.S)
SOURCE_ROW = re.compile(r">Source</th><td>(?P<source>[^<]*)</td>")


def _csv(name: str) -> list[dict[str, str]]:
    with open(DATA_DIR / name, encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def _expected() -> dict[str, str]:
    """Figure label -> the source line its popup must show."""
    short = {r["source_id"]: r["short"] for r in _csv("bibliography.csv")}
    expected = {}
    for row in _csv("figures.csv"):
        report = f"UNODC 2011, {row['section']}"
        if row["source"] == "unodc2011":
            expected[row["label"]] = report
        else:
            expected[row["label"]] = f"{short[row['source']]}, as cited in {report}"
    return expected


def _popup_sources(html: str) -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    for block in BLOCK.finditer(html):
        row = SOURCE_ROW.search(block.group("body"))
        if row:
            found.setdefault(unescape(block.group("label")), set()).add(unescape(row["source"]))
    return found


def test_every_figure_popup_on_the_route_map_names_its_own_source():
    html = build_route_map().get_root().render()
    expected = _expected()
    shown = {k: v for k, v in _popup_sources(html).items() if k in expected}
    assert len(shown) > 10
    for label, sources in shown.items():
        assert sources == {expected[label]}, label


@pytest.fixture(scope="module")
def cited_html() -> str:
    """The figures the report takes from other documents, drawn as popups at Lahore."""
    cited = [f for f in load_figures() if f.source != "unodc2011"]
    assert {f.figure_id for f in cited} >= {"bonded_labour", "cpi_rank"}
    placed = [dataclasses.replace(f, place_id="lahore", category="population") for f in cited]
    page = folium.Map(location=(30, 70), zoom_start=5, tiles=None)
    for _measure, layer, _colour in figure_layers(placed, load_gazetteer()):
        layer.add_to(page)
    return page.get_root().render()


def test_a_figure_from_another_document_names_that_document(cited_html):
    sources = _popup_sources(cited_html)
    assert sources["People in bonded labour"] == {
        "US TIP Report 2011, as cited in UNODC 2011, §2.6 note 9"
    }
    assert sources["Corruption Perception Index rank"] == {
        "TI CPI 2011, as cited in UNODC 2011, §8.4 note 25"
    }


def test_no_popup_cites_the_report_alone_for_a_cited_figure(cited_html):
    text = unescape(cited_html)
    for section in ("§2.6 note 9", "§8.4 note 25"):
        alone = [m.start() for m in re.finditer(f"UNODC 2011, {section}", text)]
        assert alone
        for start in alone:
            assert text[max(0, start - 12) : start] == "as cited in ", section
