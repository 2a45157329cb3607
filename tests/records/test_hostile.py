"""Hostile strings from imports appear as text on the map and cannot run in spreadsheets."""

from __future__ import annotations

import csv
import io

import folium
import pandas as pd
import pytest
from openpyxl import load_workbook

from geo.exports import escape_html, neutralise, to_csv_bytes, to_xlsx_bytes
from geo.records import service
from geo.records.access import PUBLIC, AuthSettings, create_user, login
from geo.records.importer import import_file
from layers.records import district_totals, records_place_layer
from tests.records.helpers import csv_bytes, row

IMG = "<img src=x onerror=alert(1)>"
JS = "`${alert(document.cookie)}`\\"
FORMULAS = ['=HYPERLINK("http://x","y")', "+1+1", "-2+3", "@SUM(A1)", "\t=1", "\r=1"]


def place_frame(names, persons, suppressed=None):
    suppressed = suppressed or [False] * len(names)
    pairs = list(zip(persons, suppressed, strict=True))
    return pd.DataFrame(
        {
            "place_key": [f"k{i}" for i in range(len(names))],
            "place_name": names,
            "lat": [25.0 + i for i in range(len(names))],
            "lon": [62.0 + i for i in range(len(names))],
            "persons": pd.array([None if s else p for p, s in pairs], "Int64"),
            "persons_shown": ["<5" if s else str(p) for p, s in pairs],
            "suppressed": suppressed,
        }
    )


def render(layer) -> str:
    fmap = folium.Map(location=(28, 65), zoom_start=4, tiles=None)
    layer.add_to(fmap)
    return fmap.get_root().render()


def test_hostile_place_names_are_text_in_popups_and_tooltips():
    html = render(records_place_layer(place_frame([IMG, JS], [40, 3]), period=IMG))
    assert "<img src=x" not in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html
    assert "${alert" not in html and "`${" not in html
    assert html.count("&lt;img src=x onerror=alert(1)&gt;") >= 3  # popup, tooltip, period


def test_coordinates_are_grouped_in_cells(store):
    rows = [row(place="", lat=f"25.{i}", lon=f"62.{i}", note=str(i)) for i in range(1, 5)]
    import_file(store, csv_bytes(rows), file_name="pts.csv", user="t")
    places = service.summary(store, PUBLIC, "place", threshold=1)
    assert len(places) == 1
    assert places.loc[0, "place_key"] == "cell:25.25,62.25"
    assert (places.loc[0, "lat"], places.loc[0, "lon"]) == (25.25, 62.25)
    assert places.loc[0, "persons"] == 12


def test_layer_refuses_unaggregated_rows():
    frame = place_frame(["A", "A"], [1, 2])
    frame["place_key"] = "same"
    with pytest.raises(ValueError, match="one row per place"):
        records_place_layer(frame, period="2023")


def test_district_totals_resolve_spellings_to_boundaries():
    frame = pd.DataFrame(
        {
            "district": ["Jhelum", "Jhellum", "", "Quetta district", "Gujrat"],
            "persons": pd.array([10, 5, 7, 8, None], "Int64"),
            "persons_shown": ["10", "5", "7", "8", "<5"],
            "suppressed": [False, False, False, False, True],
        }
    )
    out = district_totals(frame).set_index("boundary_name")
    assert out.loc["Jhelum", "persons"] == 15
    assert out.loc["Quetta", "persons"] == 8
    assert out.loc["Gujrat", "persons_shown"] == "<5" and pd.isna(out.loc["Gujrat", "persons"])
    assert "" not in out.index


@pytest.mark.parametrize("value", FORMULAS)
def test_neutralise_formula_cells(value):
    assert neutralise(value) == "'" + value
    assert neutralise("Karachi") == "Karachi" and neutralise(-3) == -3


def test_csv_and_xlsx_exports_neutralise_formulas(store):
    rows = [row(note=f, agency=f"{f} agency", source=IMG) for f in FORMULAS]
    report = import_file(store, csv_bytes(rows), file_name="=evil().csv", user="t")
    assert report.accepted == len(FORMULAS)
    create_user(store, "ana", "long enough password", role="analyst",
                settings=AuthSettings(bcrypt_rounds=4))  # fmt: skip
    analyst = login(store, "ana", "long enough password")
    table = service.records(store, analyst)
    stored = {f.strip() for f in FORMULAS}  # stored as given (trimmed), neutralised on export
    assert set(table["note"]) == stored
    parsed = list(csv.DictReader(io.StringIO(to_csv_bytes(table).decode("utf-8-sig"))))
    assert {r["note"] for r in parsed} == {"'" + f for f in stored}
    assert all(r["persons"].isdigit() for r in parsed)
    book = load_workbook(io.BytesIO(to_xlsx_bytes(table)))
    sheet = book.active
    header = [c.value for c in sheet[1]]
    notes = [sheet.cell(row=i, column=header.index("note") + 1) for i in range(2, 8)]
    assert {c.value for c in notes} == {"'" + f for f in stored}
    assert all(c.data_type == "s" for c in notes)
    assert not any(c.data_type == "f" for r in sheet.iter_rows() for c in r)
    log = service.summary(store, PUBLIC, "agency")
    exported = csv.DictReader(io.StringIO(to_csv_bytes(log).decode("utf-8-sig")))
    agencies = [r["agency"] for r in exported]
    assert len(agencies) == 5 and all(a.startswith("'") for a in agencies)


def test_escape_html():
    assert escape_html(IMG) == "&lt;img src=x onerror=alert(1)&gt;"
    assert escape_html(None) == ""
