"""A public pack holds no count below the threshold and no record-level data."""

from __future__ import annotations

import subprocess

import pandas as pd
import pytest
from pptx import Presentation

from geo.briefing.content import BriefingOptions
from geo.briefing.disclosure import (
    DisclosureError,
    count_columns,
    is_record_level,
    public_table,
    small_counts,
    suppress_counts,
)
from geo.briefing.pack import build_pack
from tests.briefing.conftest import THRESHOLD, require_or_skip, target_districts


def _deck_tables(path):
    tables = {}
    for slide in Presentation(str(path)).slides:
        title = next((s.text_frame.text for s in slide.shapes if s.has_text_frame), "")
        for shape in slide.shapes:
            if shape.has_table:
                rows = [[c.text for c in row.cells] for row in shape.table.rows]
                title = title.removesuffix(" (continued)")
                if title in tables:
                    tables[title].extend(rows[1:])  # a continuation repeats the header
                else:
                    tables[title] = rows
    return tables


def _column(rows, name):
    index = rows[0].index(name)
    return [r[index] for r in rows[1:]]


def _is_small(cell: str) -> bool:
    try:
        return float(cell.replace(",", "")) < THRESHOLD
    except ValueError:
        return False


def test_public_deck_suppresses_small_counts(public_pack):
    tables = _deck_tables(public_pack.deck)
    districts = tables["Target districts"]
    deportees = _column(districts, "deportees")
    assert deportees == ["23", f"<{THRESHOLD}", f"<{THRESHOLD}", "11", f"<{THRESHOLD}"]
    plan = tables["Checkpoint plan"]
    assert _column(plan, "intercepted_records") == [f"<{THRESHOLD}", "17", "9"]
    # shares and ranks are not counts and stay as given
    assert _column(plan, "rank") == ["1", "2", "3"]
    assert not any(_is_small(c) for c in deportees)


def test_public_pdf_suppresses_small_counts(public_pack):
    require_or_skip("/usr/bin/pdftotext", "pdftotext (Debian poppler-utils)")
    text = subprocess.run(
        ["pdftotext", "-layout", str(public_pack.pdf), "-"],
        check=True,
        capture_output=True,
        text=True,
        timeout=60,
    ).stdout
    line = next(row for row in text.splitlines() if "Rahim Yar Khan" in row)
    assert f"<{THRESHOLD}" in line
    assert line.split()[-1] == f"<{THRESHOLD}"


def test_analyst_pack_keeps_exact_counts(analyst_pack):
    tables = _deck_tables(analyst_pack.deck)
    assert _column(tables["Target districts"], "deportees") == ["23", "3", "0", "11", "4"]
    text = "\n".join(
        s.text_frame.text
        for slide in Presentation(str(analyst_pack.deck)).slides
        for s in slide.shapes
        if s.has_text_frame
    )
    assert "not for public distribution" in text


def test_record_level_data_never_reaches_a_public_pack(tmp_path, route_map):
    records = pd.DataFrame(
        {
            "record_id": ["r1", "r2"],
            "district": ["Gujrat", "Jhelum"],
            "event_date": ["2011-01-02", "2011-02-03"],
        }
    )
    options = BriefingOptions(
        sections=("title", "target_districts"), public=True, target_districts=records
    )
    with pytest.raises(DisclosureError, match="record-level"):
        build_pack(options, tmp_path / "pack", route_map=route_map)
    assert not list((tmp_path / "pack").glob("*.pptx"))
    assert not list((tmp_path / "pack").glob("*.pdf"))
    flagged = target_districts()
    flagged.attrs["level"] = "record"
    assert is_record_level(flagged)


def test_suppression_rules():
    frame = pd.DataFrame(
        {"district": ["a", "b", "c"], "n_cases": [0, 4, 5], "share": [0.1, 0.2, 0.7]}
    )
    assert count_columns(frame) == ["n_cases"]
    out = suppress_counts(frame, columns=["n_cases"], threshold=5)
    assert list(out["n_cases"]) == ["<5", "<5", 5]
    assert list(frame["n_cases"]) == [0, 4, 5]  # the input is not changed
    assert small_counts(frame, threshold=5) == [("n_cases", 0), ("n_cases", 4)]
    assert small_counts(out, threshold=5, declared=["n_cases"]) == []
    assert list(public_table(frame, title="t", threshold=3)["n_cases"]) == ["<3", 4, 5]
    with pytest.raises(DisclosureError, match="not in the table"):
        count_columns(frame, ["missing"])
    with pytest.raises(ValueError):
        suppress_counts(frame, columns=["n_cases"], threshold=0)
