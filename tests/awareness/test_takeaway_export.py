"""The take-away table and its CSV and Excel exports."""

from __future__ import annotations

import io

import openpyxl
import pandas as pd
import pytest

from geo.awareness.context import load_languages, load_themes
from geo.awareness.export import JOIN, table_csv, to_excel_bytes
from geo.awareness.pipeline import assemble, default_weights, indicator_metadata
from geo.awareness.scoring import score_districts
from geo.awareness.stability import top_n_stability
from geo.awareness.takeaway import build_takeaway
from geo.exports import neutralise


@pytest.fixture()
def takeaway(matcher, roles, districts):
    table = assemble(matcher=matcher, roles=roles)
    weights = default_weights(table)
    result = score_districts(table.values, weights)
    stab = top_n_stability(table.values, weights, n=3, draws=50)
    statements = pd.DataFrame(
        {
            "region": ["Punjab"],
            "province": ["Punjab"],
            "theme": ["bonded_labour"],
            "statement": ["Bonded labour is mostly concentrated in Sindh and Punjab"],
            "section": ["§2.6"],
            "quote": ["q"],
            "confidence": ["reported"],
            "source": ["unodc2011"],
        }
    )
    out = build_takeaway(
        result,
        table,
        provinces=dict(zip(districts["district"], districts["province"], strict=True)),
        languages=load_languages(),
        themes=load_themes(),
        statements=statements,
        stability=stab,
        matcher=matcher,
    )
    return out, table


def test_takeaway_rows_and_content(takeaway):
    out, table = takeaway
    assert len(out) == len(table.values)
    assert out["rank"].tolist() == list(range(1, len(out) + 1))
    dgk = out.set_index("district").loc["Dera Ghazi Khan"]
    assert dgk["languages"] == "Urdu; Punjabi; Saraiki"
    assert "Child trafficking" in dgk["themes"]
    assert "Bonded labour (province-level)" in dgk["themes"]
    assert isinstance(dgk["why"], list) and len(dgk["why"]) >= 2
    assert any("§9.2" in line and "UNODC 2011" in line for line in dgk["why"])
    assert all(" | " not in line for line in dgk["why"])
    context = dgk["province context (not a district finding)"]
    assert isinstance(context, list) and any("Bonded labour" in line for line in context)
    gujrat = out.set_index("district").loc["Gujrat"]
    assert gujrat["destinations"] == "Greece"
    assert "Deaths on sea routes" in gujrat["themes"]
    lahore = out.set_index("district").loc["Lahore"]
    assert len(lahore["why"]) == 1 and "does not name" in lahore["why"][0]
    points = [c for c in out.columns if c.startswith("points: ")]
    assert out[points].sum(axis=1).tolist() == pytest.approx(out["score"].tolist())


def test_neutralise():
    assert neutralise("=HYPERLINK(1)") == "'=HYPERLINK(1)"
    assert neutralise("+1") == "'+1" and neutralise("-x") == "'-x" and neutralise("@a") == "'@a"
    assert neutralise("Lahore") == "Lahore"
    assert neutralise(-1.5) == -1.5


def test_csv_and_excel_hold_the_same_rows(takeaway):
    out, table = takeaway
    out = out.copy()
    out.at[0, "why"] = ["=cmd|' /C calc'!A0", "second reason"]
    csv = pd.read_csv(io.BytesIO(table_csv(out)), encoding="utf-8-sig", keep_default_na=False)
    book = openpyxl.load_workbook(
        io.BytesIO(
            to_excel_bytes(
                out, about={"normalisation": "minmax"}, indicators=indicator_metadata(table)
            )
        )
    )
    assert book.sheetnames == ["Awareness targeting", "Indicators", "About"]
    rows = list(book["Awareness targeting"].iter_rows(values_only=True))
    header, body = list(rows[0]), rows[1:]
    assert header == list(csv.columns)
    assert len(body) == len(csv) == len(out)
    for xl_row, (_, csv_row) in zip(body, csv.iterrows(), strict=True):
        for value, expected in zip(xl_row, csv_row.tolist(), strict=True):
            if isinstance(value, float) or isinstance(expected, float):
                assert float(value) == pytest.approx(float(expected))
            else:
                assert str("" if value is None else value) == str(expected)
    assert csv.loc[0, "why"] == "'=cmd|' /C calc'!A0" + JOIN + "second reason"
    basis = out.loc[1, "language basis"]
    assert csv.loc[1, "language basis"] == JOIN.join(basis)
    assert body[0][header.index("why")].startswith("'=")
