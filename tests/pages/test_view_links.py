"""A page's view lives in its address: restored before the widgets, written after them."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from geo.corridors import load_corridors
from pages.state import LinkParam, bounded_int, choice, positive_float

ALL_SHOWN = f"{len(load_corridors())} of {len(load_corridors())}"
"""The caption when no filter hides a corridor, counted from the data."""

APP = str(Path(__file__).resolve().parents[2] / "app.py")


@pytest.fixture
def app(tmp_path, monkeypatch) -> AppTest:
    monkeypatch.setenv("ROUTE_ATLAS_VAR_DIR", str(tmp_path))
    return AppTest.from_file(APP, default_timeout=180)


def _caption(at: AppTest) -> str:
    return next(c.value for c in at.caption if "corridors shown" in c.value)


def test_the_address_sets_the_route_map_view(app):
    app.query_params["mode"] = ["sea", "air"]
    app.query_params["currency"] = "EUR"
    at = app.run()
    assert not at.exception
    assert at.multiselect(key="route_modes").value == ["sea", "air"]
    assert at.session_state["currency"] == "EUR"
    assert not _caption(at).startswith(ALL_SHOWN)
    assert not at.toast


def test_a_malformed_address_gives_the_default_view_and_one_notice(app):
    app.query_params["mode"] = "boat"
    app.query_params["k"] = "-3"
    app.query_params["currency"] = "<script>alert(1)</script>"
    at = app.run()
    assert not at.exception
    assert at.multiselect(key="route_modes").value == []
    assert at.session_state["currency"] == "PKR"
    assert _caption(at).startswith(ALL_SHOWN)
    assert [t.value for t in at.toast] == [
        "3 parameter(s) in the address were not understood and were ignored."
    ]
    assert dict(at.query_params) == {}  # the address now holds the clean default view


def test_the_view_is_written_back_with_defaults_left_out(app):
    at = app.run()
    assert dict(at.query_params) == {}
    at.multiselect(key="route_modes").select("land").run()
    assert at.query_params["mode"] == "land"
    assert "role" not in at.query_params and "basemap" not in at.query_params
    at.multiselect(key="route_measures").set_value([]).run()
    assert at.query_params["layers"] == ""  # no figure layer, unlike the default


def test_a_repeated_or_unknown_value_of_a_list_is_refused():
    param = LinkParam("mode", "k", choice(["land", "sea"]), many=True, default=[])
    assert param.value(["land", "sea"]) == ["land", "sea"]
    assert param.value([""]) == []
    for bad in (["land", "land"], ["boat"]):
        with pytest.raises(ValueError):
            param.value(bad)
    assert param.texts([]) is None and param.texts(["sea"]) == ["sea"]


def test_number_parsers_accept_their_bounds_and_refuse_beyond():
    assert bounded_int(1, 20)("1") == 1 and bounded_int(1, 20)("20") == 20
    for bad in ("0", "21", "-3", "2.5"):
        with pytest.raises(ValueError):
            bounded_int(1, 20)(bad)
    assert positive_float("0.0001") == pytest.approx(0.0001)
    for bad in ("0", "-1", "inf", "nan", "x"):
        with pytest.raises(ValueError):
            positive_float(bad)
