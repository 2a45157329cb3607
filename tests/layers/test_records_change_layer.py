"""The district change layer as the browser receives it: shades per sign, grey when hidden."""

from __future__ import annotations

import json
import re

import folium
import geopandas as gpd
import pandas as pd
import pytest
from shapely.geometry import box

from geo.provenance import Provenance
from layers.records_change import district_changes, records_district_change_layer

STAMPED = Provenance(first_import="2026-11-02", last_import="2026-11-30", imported_by=("alice",))
HOSTILE = "</script><img src=x onerror=alert(1)>`${1}`"


def districts(names: list[str]) -> gpd.GeoDataFrame:
    return gpd.GeoDataFrame(
        {"district": names, "geometry": [box(60 + i, 25, 60.9 + i, 26) for i in range(len(names))]},
        crs="EPSG:4326",
    )


def compared(rows: list[tuple[str, int | None, str, int | None, str, bool]]) -> pd.DataFrame:
    """A ``compare_periods(..., by="district")`` table written out by hand."""
    frame = pd.DataFrame(
        rows,
        columns=["district", "persons_before", "shown_before", "persons_after", "shown_after",
                 "suppressed"],
    )  # fmt: skip
    for side in ("persons_before", "persons_after"):
        frame[side] = frame[side].astype("Int64")
    frame["change"] = (frame["persons_after"] - frame["persons_before"]).mask(frame["suppressed"])
    frame["change_shown"] = [
        "suppressed" if pd.isna(c) else f"{int(c):+}" if c else "0" for c in frame["change"]
    ]
    return frame


TABLE = compared(
    [
        ("Quetta", 10, "10", 30, "30", False),  # +20: the largest change
        ("Chagai", 25, "25", 15, "15", False),  # -10
        ("Gwadar", 5, "5", 5, "5", False),  # no change
        ("Kech", None, "<5", 20, "20", True),  # hidden: a small count before
        (HOSTILE, 0, "no records", 8, "8", False),  # +8
    ]
)


def render(layer: folium.FeatureGroup) -> str:
    fmap = folium.Map(location=(28, 65), zoom_start=4, tiles=None)
    layer.add_to(fmap)
    return fmap.get_root().render()


def features(page: str) -> dict[str, dict]:
    """The district features of the page's GeoJSON, by district name, as the browser parses it."""
    start = page.find('_add({"features"')
    assert start >= 0, "no GeoJSON in the page"
    data = json.JSONDecoder().raw_decode(page, start + len("_add("))[0]
    named = {}
    for feature in data["features"]:
        props = feature["properties"]
        assert set(props) == {"label", "style"}  # only escaped text travels
        style = props["style"]
        named[re.match(r"<b>(.*?)</b>", props["label"]).group(1)] = {
            "label": props["label"], "fill": style["fillColor"], "dash": style["dashArray"]
        }  # fmt: skip
    return named


def legend(page: str) -> str:
    found = re.search(r"div\.innerHTML = (\".*?\");", page)
    assert found, "no legend in the page"
    return json.loads(found.group(1))


def rgb(colour: str) -> tuple[int, int, int]:
    return tuple(int(colour[i : i + 2], 16) for i in (1, 3, 5))


@pytest.fixture
def page() -> str:
    names = ["Quetta", "Chagai", "Gwadar", "Kech", HOSTILE, "Lahore"]
    layer = records_district_change_layer(
        districts(names), district_changes(TABLE), before="2023-01", after="2023-03",
        provenance=STAMPED,
    )  # fmt: skip
    return render(layer)


def test_shades_follow_the_sign_of_the_change_symmetric_about_zero(page):
    shown = features(page)
    assert shown["Quetta"]["fill"] == "#b35806"  # +20 is the top of the scale: full orange
    red, green, blue = rgb(shown["Chagai"]["fill"])  # -10: half-way to purple
    assert blue > red and (red, green, blue) != rgb("#542788")
    assert shown["Gwadar"]["fill"] == "#f7f7f7"  # no change: neutral
    # The hostile district's +8 is red, lighter than Quetta's +20 (the same scale both ways).
    hostile = [k for k in shown if k.startswith("&lt;/script")]
    assert len(hostile) == 1
    r8, _g8, b8 = rgb(shown[hostile[0]]["fill"])
    assert r8 > b8 and rgb(shown[hostile[0]]["fill"])[1] > rgb("#b35806")[1]
    assert "Lahore" not in shown  # no records in either period: not drawn


def test_a_hidden_change_is_grey_dashed_and_never_a_shade(page):
    kech = features(page)["Kech"]
    assert kech["fill"] == "#777777" and kech["dash"]
    assert "Change: suppressed" in kech["label"] and "&lt;5" in kech["label"]
    assert all(not f["dash"] for k, f in features(page).items() if k != "Kech")
    assert "change hidden" in legend(page) and "not a value" in legend(page)


def test_tooltips_give_both_periods_the_change_and_the_class(page):
    quetta = features(page)["Quetta"]["label"]
    assert "2023-01: 10 persons" in quetta and "2023-03: 30 persons" in quetta
    assert "Change: +20" in quetta
    assert "Agency record, imported on 2026-11-02 to 2026-11-30 by alice" in quetta


def test_hostile_district_text_stays_text(page):
    assert "<img src=x" not in page and "</script><img" not in page
    assert "${1}" not in page


def test_legend_states_unit_both_periods_and_class(page):
    text = legend(page)
    assert "Unit: persons counted in the records" in text
    assert "2023-01 compared with 2023-03" in text
    assert "Agency record, imported on 2026-11-02 to 2026-11-30 by alice" in text
    assert "20 more persons" in text and "20 fewer persons" in text and "no change" in text


def test_two_spellings_of_one_district_are_one_polygon_and_hide_together():
    exact = district_changes(
        compared([("Jhelum", 10, "10", 14, "14", False), ("Jhellum", 3, "3", 5, "5", False)])
    )
    row = exact.set_index("boundary_name").loc["Jhelum"]
    assert len(exact) == 1
    assert (row["shown_before"], row["shown_after"], row["change"]) == ("13", "19", 6)
    hidden = district_changes(
        compared([("Jhelum", 10, "10", 14, "14", False), ("Jhellum", None, "<5", 5, "5", True)])
    )
    row = hidden.set_index("boundary_name").loc["Jhelum"]
    assert row["suppressed"] and pd.isna(row["change"]) and row["shown_before"] == "suppressed"
    assert row["shown_after"] == "19"


def test_an_empty_comparison_says_so():
    empty = compared([])
    page = render(
        records_district_change_layer(
            districts(["Quetta"]), district_changes(empty), before="2023-01", after="2023-02"
        )
    )
    assert "No records in either period for these filters." in legend(page)


def test_on_the_live_map_only_styles_and_tooltips_travel():
    names = ["Quetta", "Chagai", "Gwadar", "Kech", HOSTILE, "Lahore"]
    url = "/app/static/vendor/data-districts-000000000000.json"
    embedded = render(
        records_district_change_layer(
            districts(names), district_changes(TABLE), before="2023-01", after="2023-03"
        )
    )
    fetched = render(
        records_district_change_layer(
            districts(names),
            district_changes(TABLE),
            before="2023-01",
            after="2023-03",
            remote_url=url,
        )  # fmt: skip
    )
    found = re.search(r"window\.raRemote\([^,]+, (\{.*?\})\);\n", fetched)
    assert found and url in fetched
    spec = json.loads(found.group(1))
    assert spec["id"] == "records_districts" and "Lahore" not in spec["only"][1]
    each = spec["each"][1]
    by_label = {re.match(r"<b>(.*?)</b>", v[1]).group(1): v[0] for v in each.values()}
    assert {k: v["fillColor"] for k, v in by_label.items()} == {
        k: v["fill"] for k, v in features(embedded).items()
    }  # the same shades as the embedded layer
    assert by_label["Kech"]["dashArray"] and not by_label["Quetta"]["dashArray"]
    assert '"coordinates"' not in fetched and "</script><img" not in fetched
    assert "`" not in found.group(1)
