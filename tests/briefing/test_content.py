"""Content model, load per officer, static map and options checks."""

from __future__ import annotations

import dataclasses

import numpy as np
import pandas as pd
import pytest
from PIL import Image

from geo.briefing.content import SECTIONS, BriefingOptions, build_content
from geo.briefing.static_map import render_route_map
from geo.figures import figure
from geo.officer_load import officer_loads, ratio_bound
from geo.style import MODE_COLOURS, mpl_dashes


def test_loads_follow_the_qualifiers():
    loads = {item.place: item for item in officer_loads()}
    karachi = loads["Karachi port"]
    assert karachi.low == pytest.approx(500 / 40) and karachi.bound == "more than"
    quetta = loads["Quetta"]
    assert (quetta.low, quetta.high, quetta.bound) == (50, 60, "more than")
    islamabad = loads["Islamabad airport"]
    assert not islamabad.computable and "no staff number" in islamabad.display()


def test_ratio_bound_directions():
    people = figure("karachi_port_deportees_at_once")
    staff = figure("karachi_port_officers")
    exact = dataclasses.replace(people, qualifier="")
    assert ratio_bound(exact, staff)[2] == "exact"
    up_to = dataclasses.replace(people, qualifier="up to")
    assert ratio_bound(up_to, staff)[2] == "fewer than"
    more_staff = dataclasses.replace(staff, qualifier="more than")
    assert ratio_bound(people, more_staff)[:2] == (None, None)  # bounds pull both ways
    with pytest.raises(ValueError, match="positive"):
        ratio_bound(people, dataclasses.replace(staff, value=0))


def test_options_are_checked():
    with pytest.raises(ValueError, match="unknown section"):
        BriefingOptions(sections=("title", "weather"))
    with pytest.raises(ValueError, match="currency"):
        BriefingOptions(currency="GBP")
    with pytest.raises(TypeError, match="DataFrame"):
        BriefingOptions(target_districts=[1, 2, 3])
    with pytest.raises(ValueError, match="at least one"):
        BriefingOptions(sections=())


def test_sections_the_user_leaves_out_are_left_out(tmp_path):
    content = build_content(BriefingOptions(sections=("key_figures", "checkpoint_plan")), tmp_path)
    assert [b.key for b in content.blocks] == ["key_figures"]
    assert any("Checkpoint plan" in note for note in content.withheld)
    assert not list(tmp_path.glob("*.png"))  # no picture drawn that is not used


def test_long_supplied_tables_are_cut_with_a_note(tmp_path):
    frame = pd.DataFrame({"district": [f"d{i}" for i in range(40)], "score": range(40)})
    content = build_content(
        BriefingOptions(sections=("target_districts",), public=False, target_districts=frame),
        tmp_path,
    )
    table = content.blocks[0].table
    assert len(table.rows) == 15 and "of 40 rows" in table.note
    assert content.blocks[0].title == SECTIONS["target_districts"]


def test_static_map_draws_modes_in_the_shared_colours(tmp_path):
    path = render_route_map(tmp_path / "map.png", extent="pakistan", footer="footer")
    pixels = np.asarray(Image.open(path).convert("RGB")).reshape(-1, 3)
    for mode in ("land", "sea"):
        colour = np.array([int(MODE_COLOURS[mode][i : i + 2], 16) for i in (1, 3, 5)])
        close = (np.abs(pixels.astype(int) - colour).sum(axis=1) < 30).sum()
        assert close > 200, f"{mode} colour barely present ({close} pixels)"
    with pytest.raises(ValueError, match="unknown map extent"):
        render_route_map(tmp_path / "x.png", extent="moon")
    with pytest.raises(ValueError, match="unknown corridor"):
        render_route_map(tmp_path / "x.png", corridor_ids=frozenset({"nowhere"}))


def test_dash_patterns_match_the_web_map():
    assert mpl_dashes("land", linewidth=2) == "solid"
    assert mpl_dashes("air", linewidth=2) == (0, (4.0, 3.0))
    with pytest.raises(ValueError):
        mpl_dashes("teleport", linewidth=2)


def test_static_map_colours_the_chosen_district_role(tmp_path):
    from PIL import Image

    from geo.style import ROLE_COLOURS

    def count(path, hex_colour):
        rgb = tuple(int(hex_colour[i : i + 2], 16) for i in (1, 3, 5))
        image = Image.open(path).convert("RGB")
        # the fill is drawn at 65% over the Pakistan fill: look for pixels near that blend
        base = (0xF8, 0xF8, 0xF4)
        blend = tuple(round(0.65 * c + 0.35 * b) for c, b in zip(rgb, base, strict=True))
        return sum(
            1
            for px in image.get_flattened_data()
            if all(abs(a - b) <= 6 for a, b in zip(px, blend, strict=True))
        )

    sources = render_route_map(tmp_path / "a.png", extent="pakistan", dpi=60)
    camel = render_route_map(
        tmp_path / "b.png", extent="pakistan", dpi=60, district_role="camel_jockey_source"
    )
    assert count(sources, ROLE_COLOURS["migrant_source"]) > 50
    assert count(camel, ROLE_COLOURS["camel_jockey_source"]) > 50
    assert count(camel, ROLE_COLOURS["migrant_source"]) < count(
        sources, ROLE_COLOURS["migrant_source"]
    )
