"""Records layers as the browser receives them: circles, fixed scale, class badge, legend."""

from __future__ import annotations

import json
import re

import folium
import pandas as pd
import pytest

from geo.provenance import Provenance
from layers.records import (
    COLOUR,
    SUPPRESSED_COLOUR,
    persons_circle_radius,
    records_change_layer,
    records_place_layer,
)

STAMPED = Provenance(first_import="2026-11-02", last_import="2026-11-30", imported_by=("alice",))


def place_frame(names, persons, suppressed=None) -> pd.DataFrame:
    suppressed = suppressed or [False] * len(names)
    pairs = list(zip(persons, suppressed, strict=True))
    return pd.DataFrame(
        {
            "place_key": [f"k{i}" for i in range(len(names))],
            "place_name": names,
            "lat": [25.0 + i / 10 for i in range(len(names))],
            "lon": [62.0 + i / 10 for i in range(len(names))],
            "persons": pd.array([None if s else p for p, s in pairs], "Int64"),
            "persons_shown": ["<5" if s else str(p) for p, s in pairs],
            "suppressed": suppressed,
        }
    )


def render(layer) -> str:
    fmap = folium.Map(location=(28, 65), zoom_start=4, tiles=None)
    layer.add_to(fmap)
    return fmap.get_root().render()


def circles(page: str) -> list[list]:
    """The circle rows the layer's script turns into markers, parsed as the browser would."""
    found = re.search(r"(\[(?:\[.*?\])?(?:,\[.*?\])*\])\.forEach", page, re.S)
    assert found, "no records data in the page"
    return json.loads(found.group(1))


def colours(page: str) -> list[str]:
    return json.loads(re.search(r"var colours = (\[.*?\]);", page).group(1))


def test_radius_has_area_proportional_to_persons_with_clamps():
    full = persons_circle_radius(100, 100, min_radius=4, max_radius=30)
    quarter = persons_circle_radius(25, 100, min_radius=4, max_radius=30)
    assert full == 30 and quarter == pytest.approx(4 + 26 * 0.5)
    assert persons_circle_radius(400, 100, min_radius=4, max_radius=30) == 30  # above the top
    assert persons_circle_radius(float("nan"), 10, min_radius=4, max_radius=30) == 4
    assert persons_circle_radius(0, 10, min_radius=4, max_radius=30) == 4
    assert persons_circle_radius(5, 0, min_radius=4, max_radius=30) == 4


def test_one_circle_per_place_suppressed_smallest_and_grey():
    page = render(
        records_place_layer(place_frame(["A", "B", "C"], [100, 25, 2], [0, 0, 1]), period="2023")
    )
    rows = circles(page)
    assert [r[4] for r in rows] == ["A", "B", "C"]
    assert [r[2] for r in rows] == [30.0, 17.0, 4.0]
    palette = colours(page)
    assert [palette[r[3]] for r in rows] == [COLOUR, COLOUR, SUPPRESSED_COLOUR]
    assert rows[2][5] == "&lt;5" and "suppressed" in rows[2][6]


def test_a_fixed_scale_keeps_sizes_comparable_across_months():
    frame = place_frame(["A"], [100])
    alone = circles(render(records_place_layer(frame, period="2023-01")))
    fixed = circles(render(records_place_layer(frame, period="2023-01", largest=400)))
    assert alone[0][2] == 30.0
    assert fixed[0][2] == pytest.approx(4 + 26 * 0.5, abs=0.05)  # a quarter of the top


def test_every_circle_carries_the_agency_record_class_never_reported_figure():
    page = render(
        records_place_layer(place_frame(["A", "B"], [9, 7]), period="2023", provenance=STAMPED)
    )
    statement = "Agency record, imported on 2026-11-02 to 2026-11-30 by alice"
    assert statement in page and "ra-agency-record" in page
    assert "Reported figure" not in page
    tail = json.loads(re.search(r"var tail = (\".*?\");", page).group(1))
    assert statement in tail  # the popup tail every circle's popup ends with


def test_legend_states_unit_period_and_class():
    page = render(records_place_layer(place_frame(["A"], [40]), period="2023-04"))
    legend = json.loads(re.search(r"div.innerHTML = (\".*?\");", page).group(1))
    assert "Unit: persons counted in the records" in legend
    assert "Period: 2023-04" in legend and "Agency record" in legend
    assert "40 persons" in legend


def test_an_empty_month_says_so():
    empty = place_frame([], [])
    page = render(records_place_layer(empty, period="2023-04", largest=50))
    assert circles(page) == []
    assert "No records in 2023-04 for these filters." in page


def test_layer_caps_the_number_of_circles_largest_first():
    frame = place_frame([f"P{i}" for i in range(30)], list(range(1, 31)))
    page = render(records_place_layer(frame, period="2023", max_places=10))
    rows = circles(page)
    assert len(rows) == 10 and "Largest 10 of 30 places drawn." in page
    assert {r[4] for r in rows} == {f"P{i}" for i in range(20, 30)}


def test_hostile_names_stay_text_and_cannot_close_the_script():
    hostile = "</script><img src=x onerror=alert(1)>`${1}`"
    page = render(records_place_layer(place_frame([hostile], [3]), period=hostile))
    assert "<img src=x" not in page and "</script><img" not in page
    assert "${1}" not in page
    assert circles(page)[0][4].startswith("&lt;/script&gt;&lt;img")


def change_table() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "place_key": ["q", "t", "c", "g"],
            "place_name": ["Quetta", "Taftan", "Chaman", "Gwadar"],
            "lat": [30.2, 29.0, 30.9, 25.1],
            "lon": [67.0, 61.6, 66.4, 62.3],
            "shown_before": ["7", "10", "no records", "4"],
            "shown_after": ["20", "hidden", "<5", "4"],
            "change": pd.array([13, None, None, 0], "Int64"),
            "change_shown": ["+13", "suppressed", "suppressed", "0"],
            "suppressed": [False, True, True, False],
        }
    )


def test_change_layer_colours_increase_suppressed_and_unchanged():
    page = render(records_change_layer(change_table(), before="2023-01", after="2023-03"))
    rows = {r[4]: r for r in circles(page)}
    palette = colours(page)
    assert palette[rows["Quetta"][3]] == "#b35806" and rows["Quetta"][2] == 30.0
    assert palette[rows["Taftan"][3]] == SUPPRESSED_COLOUR and rows["Taftan"][2] == 4.0
    assert rows["Gwadar"][5] == "0"
    assert "2023-01: 7" in rows["Quetta"][6] and "2023-03: 20" in rows["Quetta"][6]
    assert "2023-01 compared with 2023-03" in page and "Agency record" in page


def test_live_layer_script_targets_the_live_map_and_the_injector_cannot_be_closed():
    from layers.records_live import layer_injector_html, live_layer_script

    hostile = "</script><script>alert(1)</script>"
    script = live_layer_script(records_place_layer(place_frame([hostile], [3]), period="2023"))
    assert ".addTo(map_div)" in script and "var map = map_div;" in script
    assert not re.search(r"\bmap_[0-9a-f]{32}\b", script)  # no reference to a throwaway map
    page = layer_injector_html(script, key="k1", map_frame="iframe[title='x']")
    assert page.count("</script>") == 1 and page.endswith("</script>")
    code = json.JSONDecoder().raw_decode(page, page.index("var code = ") + 11)[0]
    assert code == script  # the injector runs exactly the layer script
    clear = layer_injector_html(None, key="off", map_frame="iframe")
    assert "map_div.removeLayer(window.__raRecords)" in clear
