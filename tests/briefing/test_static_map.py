"""Static maps read: the legend lies inside the figure, no two labels meet, the view is kept."""

from __future__ import annotations

import pytest

from geo.briefing.content import build_content
from geo.briefing.model import MapPicture, SiteMark
from geo.corridors import load_corridors, load_legs
from layers.route_map import RouteMapOptions
from render.static_map import EXTENTS, draw_map, label_texts
from tests.briefing.conftest import options

SITES = (SiteMark("Mand Balo", 61.99, 26.09), SiteMark("Gwadar", 62.325, 25.122, existing=True))


@pytest.fixture(scope="module", params=sorted(EXTENTS))
def figure(request):
    return draw_map(MapPicture(request.param, sites=SITES), footer="UNODC 2011 footer", dpi=150)


def test_legend_box_lies_inside_the_figure(figure):
    renderer = figure.canvas.get_renderer()
    legend = figure.legends[0].get_window_extent(renderer)
    frame = figure.bbox
    assert frame.x0 <= legend.x0 and legend.x1 <= frame.x1
    assert frame.y0 <= legend.y0 and legend.y1 <= frame.y1
    axes = figure.axes[0].get_window_extent(renderer)
    assert not axes.overlaps(legend)  # the legend covers no part of the map


def test_no_two_drawn_labels_intersect(figure):
    renderer = figure.canvas.get_renderer()
    texts = label_texts(figure)
    assert len(texts) >= 8
    boxes = [(t.get_text(), t.get_bbox_patch().get_window_extent(renderer)) for t in texts]
    for i, (name_a, a) in enumerate(boxes):
        for name_b, b in boxes[i + 1 :]:
            overlap_x = min(a.x1, b.x1) - max(a.x0, b.x0)
            overlap_y = min(a.y1, b.y1) - max(a.y0, b.y0)
            assert overlap_x <= 0 or overlap_y <= 0, (name_a, name_b)


def test_labels_are_legible_at_150_dpi(figure):
    renderer = figure.canvas.get_renderer()
    for text in label_texts(figure):
        # at least 7 pt and at least 14 pixels tall at 150 dpi
        assert text.get_fontsize() >= 7
        assert text.get_window_extent(renderer).height >= 14


def test_plan_sites_are_labelled(figure):
    names = {t.get_text() for t in label_texts(figure)}
    assert "Mand Balo" in names


def _drawn_corridors(fig) -> set[str]:
    gids = {line.get_gid() or "" for line in fig.axes[0].lines}
    return {gid.split(":", 1)[1] for gid in gids if gid.startswith("leg:")}


def test_a_pack_built_on_one_corridor_draws_that_corridor_only():
    corridors = load_corridors()
    assert len(corridors) > 1
    one = corridors[0].corridor_id
    opts, route = options(route=RouteMapOptions(corridor_ids=frozenset({one})))
    assert route.corridor_ids == frozenset({one})  # the HTML map gets the same view
    content = build_content(opts)
    pictures = [b.picture for b in content.blocks if isinstance(b.picture, MapPicture)]
    assert len(pictures) == 2
    for picture in pictures:
        assert _drawn_corridors(draw_map(picture)) == {one}
    assert corridors[0].name in content.view_note
    assert "as on screen" in content.view_note


def test_the_default_view_draws_every_corridor_with_legs():
    with_legs = set(load_legs()["corridor_id"])
    assert _drawn_corridors(draw_map(MapPicture("overview"))) == with_legs


def test_a_plan_map_fits_the_smallest_window_holding_its_sites():
    inside = draw_map(MapPicture("fit", sites=SITES))
    lon0, lon1 = inside.axes[0].get_xlim()
    assert (lon0, lon1) == EXTENTS["pakistan"].lon
    far = SITES + (SiteMark("Istanbul", 28.97, 41.01),)
    wide = draw_map(MapPicture("fit", sites=far))
    assert wide.axes[0].get_xlim() == EXTENTS["overview"].lon
