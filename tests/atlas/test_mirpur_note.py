"""Mirpur stands for AJK: the gazetteer says so, and so do the awareness table and its exports."""

from __future__ import annotations

import io

import openpyxl
import pandas as pd
import pytest

from geo.awareness.context import load_languages, load_themes
from geo.awareness.export import to_csv_bytes, to_excel_bytes
from geo.awareness.matching import DistrictMatcher
from geo.awareness.pipeline import assemble, default_weights
from geo.awareness.scoring import score_districts
from geo.awareness.takeaway import build_takeaway
from geo.boundaries import load_districts
from geo.gazetteer import load_gazetteer
from geo.roles import load_district_roles


@pytest.fixture(scope="module")
def takeaway() -> pd.DataFrame:
    districts = load_districts()
    matcher = DistrictMatcher(districts["district"], gazetteer=load_gazetteer())
    table = assemble(matcher=matcher, roles=load_district_roles())
    result = score_districts(table.values, default_weights(table))
    return build_takeaway(
        result,
        table,
        provinces=dict(zip(districts["district"], districts["province"], strict=True)),
        languages=load_languages(),
        themes=load_themes(),
        matcher=matcher,
    )


def test_the_gazetteer_says_mirpur_stands_for_ajk():
    gaz = load_gazetteer()
    assert [p.place_id for p in gaz.stands_for("Azad Kashmir")] == ["mirpur"]
    assert "stands for Azad Jammu and Kashmir" in gaz.boundary_note("Azad Kashmir")
    # A district drawn on its own boundary unit stands for nothing else.
    assert gaz.boundary_note("Jhelum") == ""


def test_the_targets_table_notes_that_mirpur_stands_for_ajk(takeaway):
    notes = takeaway.set_index("district")["district note"]
    assert "Mirpur stands for" in notes["Azad Kashmir"]
    assert (notes.drop("Azad Kashmir") == "").all()


def test_the_exports_carry_the_note(takeaway):
    csv_text = to_csv_bytes(takeaway).decode("utf-8-sig")
    assert "Mirpur stands for Azad Jammu and Kashmir" in csv_text
    book = openpyxl.load_workbook(io.BytesIO(to_excel_bytes(takeaway)))
    sheet = book.worksheets[0]
    header = [c.value for c in sheet[1]]
    column = header.index("district note")
    values = [row[column] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert any(v and "Mirpur stands for" in v for v in values)
