"""The content says which view it was built from and leaves out what it cannot fill, saying why."""

from __future__ import annotations

import pytest

from geo.briefing.content import BriefingInputError, BriefingOptions, build_content
from geo.currency import load_rates
from geo.records.aggregate import RecordFilter
from layers.route_map import RouteMapOptions
from render.view import pack_view
from tests.briefing.conftest import options


def test_the_cover_states_the_view_currency_rate_and_filter():
    rates = load_rates().with_override("EUR", 0.8, note="entered in the sidebar")
    view, _ = pack_view(
        RouteMapOptions(role="destination_affinity", detail="Greece", corridor_ids=frozenset()),
        currency="EUR",
        records_filter=RecordFilter(start_month="2011-01", crime_types=("TIP",)),
    )
    content = build_content(BriefingOptions(currency="EUR", rates=rates, view=view))
    cover = " ".join(content.blocks[0].paragraphs)
    assert "as on screen" in cover
    assert "no corridor" in cover
    assert "greece" in cover.lower()
    assert "0.80 EUR per US dollar (entered by the user)" in cover
    assert "2011-01" in cover and "TIP" in cover


def test_sections_without_input_are_withheld_with_a_sentence():
    opts, _ = options(sections=("key_figures", "checkpoint_plan", "target_districts", "records"))
    content = build_content(opts)
    assert [b.key for b in content.blocks] == ["key_figures"]
    assert len(content.withheld) == 3
    assert all(n.endswith(".") and "left out" in n for n in content.withheld)


def test_a_ranking_without_districts_is_withheld_not_raised():
    import pandas as pd

    opts, _ = options(sections=("target_districts",), targets=pd.DataFrame({"x": [1]}))
    with pytest.raises(BriefingInputError, match="Nothing is left"):
        build_content(opts)
    opts, _ = options(sections=("title", "target_districts"), targets=pd.DataFrame({"x": [1]}))
    content = build_content(opts)
    assert any("names no districts" in n for n in content.withheld)


@pytest.mark.parametrize(
    ("kwargs", "words"),
    [
        ({"sections": ("title", "weather")}, "Unknown section"),
        ({"currency": "GBP"}, "Unknown currency"),
        ({"role": "root"}, "Unknown role"),
        ({"sections": ()}, "at least one"),
        ({"threshold": 0}, "at least 1"),
    ],
)
def test_bad_choices_are_user_errors(kwargs, words):
    with pytest.raises(BriefingInputError, match=words):
        BriefingOptions(**kwargs)
