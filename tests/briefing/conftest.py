"""Shared fixtures: one public and one analyst pack, built once per test session."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pandas as pd
import pytest

from geo.briefing.content import BriefingOptions
from geo.briefing.pack import build_pack

THRESHOLD = 5


def require_or_skip(path: str, what: str) -> None:
    """Skip when a Debian tool is missing, unless the environment requires it."""
    if Path(path).exists():
        return
    message = f"{what} ({path}) is not installed"
    if os.environ.get("ROUTE_ATLAS_REQUIRE_BROWSER") == "1":
        pytest.fail(message + " and ROUTE_ATLAS_REQUIRE_BROWSER=1")
    pytest.skip(message)


def target_districts() -> pd.DataFrame:
    """An aggregate table as the awareness page would hand it over, with small counts in it."""
    frame = pd.DataFrame(
        {
            "district": ["Gujrat", "Jhelum", "Rahim Yar Khan", "Multan", "Mandi Bahauddin"],
            "score": [0.91, 0.84, 0.77, 0.52, 0.43],
            "deportees": [23, 3, 0, 11, 4],
        }
    )
    frame.attrs["source"] = "Scores from the awareness targeting page (weights chosen there)."
    frame.attrs["citations"] = ("UNODC 2011, §4.1", "UNODC 2011, §9.2")
    return frame


def checkpoint_plan() -> pd.DataFrame:
    """A plan as the checkpoint planner would hand it over."""
    frame = pd.DataFrame(
        {
            "rank": [1, 2, 3],
            "place": ["Mand Balo", "Taftan", "Gwadar"],
            "flow_captured_share": [0.41, 0.27, 0.12],
            "intercepted_records": [2, 17, 9],
        }
    )
    frame.attrs["source"] = "Checkpoint planner, flow assumptions made there."
    return frame


@pytest.fixture(scope="session")
def route_map():
    from layers.basemap import OFFLINE_NAME
    from layers.route_map import RouteMapOptions, build_route_map

    return build_route_map(RouteMapOptions(basemap=OFFLINE_NAME))


@pytest.fixture(scope="session")
def public_pack(tmp_path_factory, route_map):
    out = tmp_path_factory.mktemp("public_pack")
    options = BriefingOptions(
        currency="EUR",
        public=True,
        threshold=THRESHOLD,
        checkpoint_plan=checkpoint_plan(),
        target_districts=target_districts(),
    )
    pack = build_pack(options, out, route_map=route_map)
    yield pack
    shutil.rmtree(out, ignore_errors=True)


@pytest.fixture(scope="session")
def analyst_pack(tmp_path_factory, route_map):
    out = tmp_path_factory.mktemp("analyst_pack")
    options = BriefingOptions(
        sections=("title", "target_districts", "checkpoint_plan", "sources"),
        public=False,
        target_districts=target_districts(),
        checkpoint_plan=checkpoint_plan(),
    )
    return build_pack(options, out, route_map=route_map)
