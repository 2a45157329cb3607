"""The Route map's records through time (AppTest): month steps, empty months, comparison, link."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from geo.records.importer import import_file
from geo.records.store import RecordStore
from pages.record_controls import CHOSEN
from pages.records_overlay import COMPARE, MONTHLY
from tests.records.helpers import csv_bytes, row

APP = str(Path(__file__).resolve().parents[2] / "app.py")

# 2023-02 has no records; in 2023-03 Chaman's 2 is small, so Gwadar's 7 is hidden with it.
ROWS = [
    ("2023-01-05", "Taftan", "9"),
    ("2023-01-09", "Quetta", "12"),
    ("2023-03-02", "Taftan", "30"),
    ("2023-03-03", "Gwadar", "7"),
    ("2023-03-04", "Chaman", "2"),
    ("2023-04-01", "Quetta", "6"),
]


@pytest.fixture
def seeded(tmp_path, monkeypatch):
    monkeypatch.setenv("ROUTE_ATLAS_VAR_DIR", str(tmp_path))
    monkeypatch.delenv("DATABASE_URL", raising=False)
    monkeypatch.delenv("ROUTE_ATLAS_SUPPRESS_BELOW", raising=False)
    store = RecordStore(tmp_path / "records.sqlite")
    rows = [row(date=d, place=p, count=c, note=f"r{i}") for i, (d, p, c) in enumerate(ROWS)]
    import_file(store, csv_bytes(rows), file_name="months.csv", user="alice")
    return store


GROUP_END = re.compile(r"window\.feature_group\.push\(\w+\);")
RECORDS_MARK = "ra-records-legend"  # the class of the legend that travels with a records layer


def records_part(feature_groups: str | None) -> str | None:
    """The records layer's part of the map component's overlays script, if it is there.

    The live map's overlays arrive as one script, each group ending with its push onto
    ``window.feature_group``; the records layer is the group whose script builds its legend.
    """
    parts = [p for p in GROUP_END.split(feature_groups or "") if RECORDS_MARK in p]
    assert len(parts) <= 1, "more than one records layer sent to the map"
    return parts[0] if parts else None


def layer_of(at: AppTest) -> str:
    """The records layer's script as sent to the browser.

    Month by month it travels in the injector that puts it on the live map; otherwise it is
    its group among the map component's ``feature_group_to_add``.
    """
    for node in at.get("iframe"):
        srcdoc = node.proto.srcdoc
        start = srcdoc.index("var code = ") + len("var code = ")
        return json.JSONDecoder().raw_decode(srcdoc, start)[0]
    part = records_part(map_component(at)["feature_group"])
    assert part is not None, "no records layer among the map's overlays"
    return part


def map_component(at: AppTest) -> dict:
    return next(
        json.loads(n.proto.json_args)
        for n in at.get("component_instance")
        if "script" in json.loads(n.proto.json_args)
    )


def circles(layer: str) -> dict[str, list]:
    found = re.search(r"(\[(?:\[.*?\])?(?:,\[.*?\])*\])\.forEach", layer, re.S)
    assert found, "no records data in the layer"
    return {r[4]: r for r in json.loads(found.group(1))}


def public(count: int) -> str:
    """The public text of a count at or above the threshold: the nearest multiple of 5."""
    return str((count + 2) // 5 * 5)


def monthly(at: AppTest) -> AppTest:
    return at.radio(key="route_rec_view").set_value(MONTHLY).run()


def test_the_time_control_steps_months_and_the_layer_changes(seeded):
    at = monthly(AppTest.from_file(APP, default_timeout=180).run())
    assert not at.exception
    assert at.select_slider(key="route_rec_month").value == "2023-01"
    january = circles(layer_of(at))
    assert {n: r[5] for n, r in january.items()} == {"Taftan": public(9), "Quetta": public(12)}
    # One scale for every month: the top is March's 30, not January's 12 (drawn as published).
    assert january["Quetta"][2] == pytest.approx(4 + 26 * (int(public(12)) / 30) ** 0.5, abs=0.05)
    assert "Period: 2023-01" in layer_of(at)
    map_args = map_component(at)
    # Month by month the records go through the injector, not among the map's own overlays.
    assert len(GROUP_END.findall(map_args["feature_group"])) > 1  # the Route map's overlays
    assert records_part(map_args["feature_group"]) is None

    at.button(key="route_rec_step").click().run()
    assert map_component(at) == map_args  # the map is not sent again, only the layer
    assert not at.exception
    assert at.select_slider(key="route_rec_month").value == "2023-02"
    assert circles(layer_of(at)) == {}
    assert any("No records in 2023-02" in i.value for i in at.info)
    assert "No records in 2023-02 for these filters." in layer_of(at)

    at.button(key="route_rec_step").click().run()
    march = circles(layer_of(at))
    assert {n: r[5] for n, r in march.items()} == {
        "Taftan": public(30), "Gwadar": public(7), "Chaman": "&lt;5",
    }  # fmt: skip
    assert march["Taftan"][2] == 30.0
    assert at.query_params["recview"] == MONTHLY and at.query_params["recmonth"] == "2023-03"


def test_play_starts_the_playback_and_the_last_month_stops_it(seeded):
    at = monthly(AppTest.from_file(APP, default_timeout=180).run())
    at.button(key="route_rec_play").click().run()
    assert not at.exception
    assert at.session_state["route_rec_playing"] is True
    assert any("Playing" in c.value for c in at.caption)
    at.select_slider(key="route_rec_month").set_value("2023-04").run()
    assert at.button(key="route_rec_step").disabled


def test_the_month_comes_back_from_the_link(seeded):
    at = AppTest.from_file(APP, default_timeout=180)
    at.query_params["recview"] = MONTHLY
    at.query_params["recmonth"] = "2023-04"
    at.run()
    assert not at.exception
    assert at.select_slider(key="route_rec_month").value == "2023-04"
    assert {n: r[5] for n, r in circles(layer_of(at)).items()} == {"Quetta": public(6)}


def test_a_month_from_an_old_link_outside_the_data_falls_back(seeded):
    at = AppTest.from_file(APP, default_timeout=180)
    at.query_params["recview"] = MONTHLY
    at.query_params["recmonth"] = "1999-01"
    at.run()
    assert not at.exception
    assert at.select_slider(key="route_rec_month").value == "2023-01"


def test_comparing_two_chosen_periods_is_suppressed_for_the_public(seeded):
    at = AppTest.from_file(APP, default_timeout=180).run()
    at.radio(key="route_rec_view").set_value(COMPARE).run()
    at.radio(key="route_rec_cmp").set_value(CHOSEN).run()
    at.select_slider(key="route_rec_a").set_range("2023-01", "2023-01").run()
    at.select_slider(key="route_rec_b").set_range("2023-03", "2023-03").run()
    assert not at.exception
    layer = layer_of(at)
    changes = {n: r[5] for n, r in circles(layer).items()}
    assert changes == {
        "Taftan": "+" + public(21), "Quetta": "-" + public(12), "Gwadar": "+" + public(7),
        "Chaman": "suppressed",
    }  # fmt: skip
    assert "2023-01 compared with 2023-03" in layer
    assert at.query_params["reca"] == "2023-01..2023-01"


def test_every_records_view_carries_the_agency_record_class(seeded):
    at = AppTest.from_file(APP, default_timeout=180).run()
    for view in (None, MONTHLY, COMPARE):
        if view:
            at.radio(key="route_rec_view").set_value(view).run()
        layer = layer_of(at)
        assert "Agency record, imported on " in layer and "an agency administrator" in layer
        assert "alice" not in layer  # account names are not shown to the public
        assert "Reported figure" not in layer


def district_labels(layer: str) -> dict[str, str]:
    """District -> tooltip of the records district layer, as the browser parses its spec.

    The shapes are the live map's fetched districts file; the layer carries, per district, its
    style and escaped tooltip (``each``) and which districts to draw (``only``).
    """
    for found in re.finditer(r"window\.raRemote\([^,]+, (\{.*?\})\);\n", layer):
        spec = json.loads(found.group(1))
        if spec["id"] == "records_districts":
            assert sorted(spec["each"][1]) == spec["only"][1]
            assert '"coordinates"' not in layer  # no shapes travel with the view
            return {name: texts[1] for name, texts in spec["each"][1].items()}
    raise AssertionError("no records district layer in the view")


def test_comparing_by_district_sends_shaded_districts_not_circles(seeded):
    at = AppTest.from_file(APP, default_timeout=180).run()
    at.radio(key="route_records_by").set_value("by district").run()
    at.radio(key="route_rec_view").set_value(COMPARE).run()
    at.radio(key="route_rec_cmp").set_value(CHOSEN).run()
    at.select_slider(key="route_rec_a").set_range("2023-01", "2023-01").run()
    at.select_slider(key="route_rec_b").set_range("2023-03", "2023-03").run()
    assert not at.exception
    layer = layer_of(at)
    assert circles(layer) == {}  # no circle: the districts carry the change
    assert "change in persons, by district" in layer
    labels = district_labels(layer)
    # Public counts, January against March: Chagai (Taftan) 10 -> 30, Quetta 10 -> none,
    # Gwadar none -> 5 (7), Qilla Abdullah (Chaman) none -> <5 (2): its change hidden.
    assert set(labels) == {"Chagai", "Quetta", "Gwadar", "Qilla Abdullah"}
    assert "Change: +" + str(int(public(30)) - int(public(9))) in labels["Chagai"]
    assert "Change: -" + public(12) in labels["Quetta"]
    assert "2023-03: no records<br>" in labels["Quetta"]
    assert "Change: suppressed" in labels["Qilla Abdullah"] and "&lt;5" in labels["Qilla Abdullah"]
    assert "Agency record, imported on " in layer and "alice" not in layer
    assert not any("drawn by place" in c.value for c in at.caption)
    assert at.query_params["recby"] == "by district"
