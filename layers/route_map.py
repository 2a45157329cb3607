"""The route map: every atlas layer assembled on one folium map.

Pages, the briefing pack's standalone HTML and the benchmarks all build the map here, so what a
donor takes away is the map the analyst saw.
"""

from __future__ import annotations

from dataclasses import dataclass

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
from layers.corridors import corridors_layer
from layers.costs import costs_layer
from layers.districts import district_roles_layer, role_label
from layers.figures import figure_layers, largest_label, symbol_figures
from layers.legend import Legend, route_map_legend
from layers.places import crossings_layer, launch_points_layer
from layers.regions import region_statements_layer
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

    groups = figures_by_measure(symbol_figures(figures))
    legend_measures = [
        (group.layer_name, colour, largest_label(groups[measure]))
        for measure, group, colour in built
    ]
    Legend(
        route_map_legend(
            role_label=role_label(opts.role, opts.detail),
            role_colour=DESTINATION_COLOURS.get(opts.detail or "", ROLE_COLOURS[opts.role]),
            figure_measures=legend_measures,
            currency=opts.currency,
            rate_line="; ".join(
                rate_line(native, opts.currency, rates) for native in ("PKR", "EUR")
            ),
        )
    ).add_to(m)
    folium.LayerControl(collapsed=True, position="topright").add_to(m)
    return m
