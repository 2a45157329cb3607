"""Campaign sheets name the agency-record and user-indicator classes, never "Reported figure"."""

from __future__ import annotations

import datetime as dt
import io
import re
import subprocess
import zipfile
from pathlib import Path

import pandas as pd
import pytest

from geo.awareness.campaign import campaign_sheets
from geo.awareness.context import load_languages, load_themes
from geo.awareness.matching import DistrictMatcher
from geo.awareness.pipeline import assemble, default_weights
from geo.awareness.scoring import score_districts
from geo.awareness.takeaway import build_takeaway
from geo.awareness.uploads import read_indicator_file, upload_provenance, user_indicators
from geo.boundaries import load_districts
from geo.gazetteer import load_gazetteer
from geo.provenance import ImportStamp, from_imports
from geo.roles import load_district_roles
from render.campaign_pdf import campaign_pdf
from render.campaign_pptx import campaign_pptx

RECORDED = "Agency record, imported on 2026-11-30 by an agency administrator"
UPLOADED = "User-uploaded indicator, uploaded on 2026-12-01 by an unnamed user"
URDU_RECORD = "ادارے کا ریکارڈ"  # the draft entry of "Agency record"
URDU_REPORTED = "رپورٹ شدہ عدد"  # the entry of "Reported figure"


@pytest.fixture(scope="module")
def ranked():
    districts = load_districts()
    matcher = DistrictMatcher(districts["district"], gazetteer=load_gazetteer())
    records = pd.DataFrame(
        {
            "origin_district": ["Gujrat"],
            "period": ["2011"],
            "persons": [9],
            "category": ["deportee"],
        }
    )
    upload = user_indicators(
        read_indicator_file(
            b"district,indicator,value,year,source\nGujrat,Youth unemployment,12,2010,Survey\n",
            filename="survey.csv",
        ),
        matcher=matcher,
        provenance=upload_provenance("2026-12-01", None),
    )
    table = assemble(
        matcher=matcher,
        roles=load_district_roles(),
        records=records,
        uploads=[upload],
        records_provenance=from_imports(
            [ImportStamp("2026-11-30T08:00:00+00:00", "alice")], show_names=False
        ),
    )
    result = score_districts(table.values, default_weights(table))
    provinces = dict(zip(districts["district"], districts["province"], strict=True))
    takeaway = build_takeaway(
        result, table, provinces=provinces, languages=load_languages(), themes=load_themes(),
        matcher=matcher,
    )  # fmt: skip
    return takeaway, table, matcher


def sheet(ranked, code: str):
    takeaway, table, matcher = ranked
    (out,) = campaign_sheets(
        takeaway[takeaway["district"] == "Gujrat"], choices={"Gujrat": code}, table=table,
        languages=load_languages(), themes=load_themes(), matcher=matcher,
        today=dt.date(2026, 12, 1),
    )  # fmt: skip
    return out


def pdftext(pdf: bytes, tmp_path: Path) -> str:
    path = tmp_path / "sheet.pdf"
    path.write_bytes(pdf)
    out = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True)
    return " ".join(re.sub("[\u200e\u200f\u202a-\u202e\u2066-\u2069]", "", out.stdout).split())


def test_english_sheet_states_the_classes_in_pdf_and_deck(ranked, tmp_path):
    english = sheet(ranked, "en")
    assert english.others == (
        f"Deportees (total): {RECORDED}",
        f"Youth unemployment: {UPLOADED}",
    )
    text = pdftext(campaign_pdf([english]), tmp_path)
    assert "Deportees (total): Agency record, imported on 2026-11-30" in text
    assert "User-uploaded indicator, uploaded on 2026-12-01" in text
    assert "alice" not in text  # a public session's provenance names nobody
    deck = zipfile.ZipFile(io.BytesIO(campaign_pptx([english]))).read("ppt/slides/slide1.xml")
    assert RECORDED.encode() in deck and UPLOADED.encode() in deck


def test_urdu_sheet_translates_the_class_and_never_says_reported(ranked):
    urdu = sheet(ranked, "ur")
    assert len(urdu.others) == 2
    assert URDU_RECORD in urdu.others[0] and "2026-11-30" in urdu.others[0]
    for line in urdu.others:
        assert URDU_REPORTED not in line and "Reported figure" not in line
    assert urdu.draft  # the new entries are drafts, so the sheet says so
