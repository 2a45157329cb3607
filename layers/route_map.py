"""The route map: every atlas layer assembled on one folium map.

Pages, the briefing pack's standalone HTML and the benchmarks all build the map here, so what a
donor takes away is the map the analyst saw.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from functools import lru_cache

import folium

from geo.borders import iran_barrier
from geo.boundaries import load_districts, load_provinces
from geo.corridors import load_corridors, load_legs, select_corridors
from geo.costs import load_cost_steps, rate_line
from geo.currency import CURRENCIES, RateTable, load_rates
from geo.figures import figures_by_measure, load_figures
from geo.gazetteer import load_gazetteer
from geo.places import load_crossings, load_launch_points
from geo.roles import ROLES, load_district_roles, load_region_statements
from layers.barrier import barrier_layer
from layers.basemap import BASEMAP_NAMES, add_basemaps
from layers.corridors import corridor_features, corridors_layer, remote_corridors_layer
from layers.costs import costs_layer
from layers.districts import (
    district_features,
    district_roles_layer,
    remote_district_roles_layer,
    role_label,
)
from layers.figures import figure_layers, largest_label, symbol_figures
from layers.legend import Legend, route_map_legend
from layers.places import (
    CROSSINGS_NAME,
    LAUNCHES_NAME,
    crossing_features,
    crossings_layer,
    launch_point_features,
    launch_points_layer,
    remote_point_layer,
)
from layers.regions import (
    region_features,
    region_statements_layer,
    remote_region_statements_layer,
)
from layers.remote import DrawnStamp, RemoteRuntime, write_data_file
from layers.screen import (
    BaseLayerChoice,
    BaseLayerRegistry,
    GroupLegend,
    add_screen_rules,
)
from layers.style import DESTINATION_COLOURS, ROLE_COLOURS
from layers.tile_fallback import add_tile_fallback

CENTER = (28.5, 63.0)
ZOOM = 5


@dataclass(frozen=True)
class RouteMapOptions:
    """What the user chose: colouring role, filters, figure measures, currency and basemap."""

    role: str = "migrant_source"
    detail: str | None = None
    corridor_ids: frozenset[str] | None = None
    measures: frozenset[str] | None = None
    currency: str = "PKR"
    basemap: str = BASEMAP_NAMES[0]
    show_regions: bool = True

    def __post_init__(self) -> None:
        if self.role not in ROLES:
            raise ValueError(f"unknown role {self.role!r}")
        if self.currency not in CURRENCIES:
            raise ValueError(f"unknown currency {self.currency!r}")
        if self.basemap not in BASEMAP_NAMES:
            raise ValueError(f"unknown basemap {self.basemap!r}")


def exit_points_note() -> str:
    """What the report says, and does not say, about Pakistan's legal exit points."""
    return (
        "The report counts 26 legal exit points (§3.2, §8.1) but does not list them; "
        "none is drawn here."
    )


def build_route_map(
    options: RouteMapOptions | None = None, *, rates: RateTable | None = None
) -> folium.Map:
    """A folium map with basemaps, districts, regions, crossings, ports, corridors, figures,
    costs, a legend and a layer control."""
    opts = options or RouteMapOptions()
    rates = rates or load_rates()
    gaz = load_gazetteer()
    figures = load_figures()
    corridors = load_corridors()
    chosen = (
        list(corridors)
        if opts.corridor_ids is None
        else select_corridors(corridors, ids=set(opts.corridor_ids))
    )

    m = folium.Map(
        location=CENTER, zoom_start=ZOOM, tiles=None, prefer_canvas=True, control_scale=True
    )
    add_basemaps(m, default=opts.basemap)
    add_tile_fallback(m)

    roles = load_district_roles()
    district_roles_layer(load_districts(), roles, role=opts.role, detail=opts.detail).add_to(m)
    if opts.show_regions:
        region_statements_layer(load_provinces(), load_region_statements(), show=True).add_to(m)
    barrier_layer(iran_barrier()).add_to(m)
    corridors_layer(chosen, load_legs()).add_to(m)

    measures = None if opts.measures is None else list(opts.measures)
    built = figure_layers(figures, gaz, measures=measures)
    for _measure, group, _colour in built:
        group.add_to(m)
    # Small point markers last, so lines and figure circles never cover them.
    crossings_layer(load_crossings(), figures, exit_points_note=exit_points_note()).add_to(m)
    launch_points_layer(load_launch_points(), figures).add_to(m)

    chosen_ids = {c.corridor_id for c in chosen}
    costs_layer(
        load_cost_steps(),
        gaz,
        currency=opts.currency,
        rates=rates,
        corridor_ids=chosen_ids,
    ).add_to(m)

    Legend(_legend_html(opts, built, figures, rates)).add_to(m)
    folium.LayerControl(collapsed=True, position="topright").add_to(m)
    return m


# The live map: one frame built once, overlays sent per view ------------------------------------


@lru_cache(maxsize=1)
def _remote_urls() -> dict[str, str]:
    """The Route map's unchanging geometry, written once per process for the browser to fetch."""
    figures = load_figures()
    legs, arrows = corridor_features(load_corridors(), load_legs())
    outlines, points = region_features(load_provinces(), load_region_statements())
    return {
        "districts": write_data_file(
            "districts", district_features(load_districts(), load_district_roles())
        ),
        "legs": write_data_file("corridor-legs", legs),
        "arrows": write_data_file("corridor-arrows", arrows),
        "regions": write_data_file("region-outlines", outlines),
        "region_points": write_data_file("region-points", points),
        "crossings": write_data_file(
            "crossings",
            crossing_features(load_crossings(), figures, exit_points_note=exit_points_note()),
        ),
        "launches": write_data_file(
            "launch-points", launch_point_features(load_launch_points(), figures)
        ),
    }


def districts_url() -> str:
    """Where the live Route map fetches the districts' geometry; records by district are drawn
    on the same file, so a view sends their colours only."""
    return _remote_urls()["districts"]


def live_base_map() -> folium.Map:
    """The frame of the live Route map: panes, base layers, tile fallback, screen rules.

    It is the same for every view (no base layer is shown until a view picks one), so the
    browser keeps it, and the map object in it, while the user changes filters. It embeds no
    heavy geometry: every change of view resends it, and it stays a few kilobytes.
    """
    m = folium.Map(
        location=CENTER, zoom_start=ZOOM, tiles=None, prefer_canvas=True, control_scale=True
    )
    RemoteRuntime().add_to(m)  # first: the base layers below already use it
    add_basemaps(m, default=None, remote=True)
    add_tile_fallback(m)
    bases = [
        (str(child.layer_name), child)
        for child in m._children.values()
        if isinstance(child, folium.map.Layer) and child.layer_name in BASEMAP_NAMES
    ]
    BaseLayerRegistry(bases).add_to(m)
    return add_screen_rules(m)


def live_overlays(options: RouteMapOptions, *, rates: RateTable) -> list[folium.FeatureGroup]:
    """The overlays of one view, in drawing order, for ``st_folium(feature_group_to_add=...)``.

    The last group holds the legend, the base-layer choice and the drawn stamp (not listed in
    the layer control). Heavy geometry is fetched by the browser (see :mod:`layers.remote`).
    """
    opts = options
    urls = _remote_urls()
    gaz = load_gazetteer()
    figures = load_figures()
    corridors = load_corridors()
    ids = (
        {c.corridor_id for c in corridors} if opts.corridor_ids is None else set(opts.corridor_ids)
    )
    roles = load_district_roles()
    groups = [
        remote_district_roles_layer(urls["districts"], roles, role=opts.role, detail=opts.detail)
    ]
    if opts.show_regions:
        groups.append(remote_region_statements_layer(urls["regions"], urls["region_points"]))
    groups.append(barrier_layer(iran_barrier()))
    groups.append(remote_corridors_layer(urls["legs"], urls["arrows"], ids))
    measures = None if opts.measures is None else list(opts.measures)
    built = figure_layers(figures, gaz, measures=measures)
    groups.extend(group for _measure, group, _colour in built)
    groups.append(remote_point_layer(urls["crossings"], name=CROSSINGS_NAME, layer_id="crossings"))
    groups.append(remote_point_layer(urls["launches"], name=LAUNCHES_NAME, layer_id="launches"))
    groups.append(
        costs_layer(load_cost_steps(), gaz, currency=opts.currency, rates=rates, corridor_ids=ids)
    )
    view = folium.FeatureGroup(name="View", control=False)
    GroupLegend(_legend_html(opts, built, figures, rates)).add_to(view)
    BaseLayerChoice(opts.basemap).add_to(view)
    DrawnStamp(view_token(opts, rates)).add_to(view)
    groups.append(view)
    return groups


def view_token(options: RouteMapOptions, rates: RateTable) -> str:
    """A short digest of a view and its rates, written into the page once the view is drawn."""
    text = repr((options, rates.rate("PKR").per_usd, rates.rate("EUR").per_usd))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]


def _legend_html(
    opts: RouteMapOptions,
    built: list[tuple[str, folium.FeatureGroup, str]],
    figures: tuple | list,
    rates: RateTable,
) -> str:
    groups = figures_by_measure(symbol_figures(figures))
    legend_measures = [
        (group.layer_name, colour, largest_label(groups[measure]))
        for measure, group, colour in built
    ]
    return route_map_legend(
        role_label=role_label(opts.role, opts.detail),
        role_colour=DESTINATION_COLOURS.get(opts.detail or "", ROLE_COLOURS[opts.role]),
        figure_measures=legend_measures,
        currency=opts.currency,
        rate_line="; ".join(rate_line(native, opts.currency, rates) for native in ("PKR", "EUR")),
    )
