"""Campaign sheets over the project's own report roles, for the i18n tests."""

from __future__ import annotations

import datetime as dt

import pytest

from geo.awareness.campaign import campaign_sheets
from geo.awareness.context import load_languages, load_themes
from geo.awareness.matching import DistrictMatcher
from geo.awareness.pipeline import assemble, default_weights
from geo.awareness.scoring import score_districts
from geo.awareness.takeaway import build_takeaway
from geo.boundaries import load_districts
from geo.gazetteer import load_gazetteer
from geo.roles import load_district_roles


@pytest.fixture(scope="session")
def ranked_top():
    districts = load_districts()
    matcher = DistrictMatcher(districts["district"], gazetteer=load_gazetteer())
    table = assemble(matcher=matcher, roles=load_district_roles())
    result = score_districts(table.values, default_weights(table))
    provinces = dict(zip(districts["district"], districts["province"], strict=True))
    takeaway = build_takeaway(
        result, table, provinces=provinces, languages=load_languages(), themes=load_themes(),
        matcher=matcher,
    )  # fmt: skip
    return takeaway, table, matcher


@pytest.fixture()
def make_sheets(ranked_top):
    takeaway, table, matcher = ranked_top

    def make(districts, choices, translators=None):
        rows = takeaway[takeaway["district"].isin(districts)]
        return campaign_sheets(
            rows, choices=choices, translators=translators, table=table,
            languages=load_languages(), themes=load_themes(), matcher=matcher,
            today=dt.date(2026, 12, 1),
        )  # fmt: skip

    return make
