"""Smuggling cost estimates placed along their corridors, in the user's chosen currency.

Each label shows the cost as the report states it (ranges stay ranges), converted at a stated
rate; the popup gives the original figure, the rate, its year and its source.
"""

from __future__ import annotations

import folium

from geo.costs import CostStep, rate_line
from geo.currency import RateTable
from geo.gazetteer import Gazetteer
from layers.popups import block, figure_block, wrap
from layers.popups import escape_text as escape


def costs_layer(
    steps: tuple[CostStep, ...] | list[CostStep],
    gazetteer: Gazetteer,
    *,
    currency: str,
    rates: RateTable,
    corridor_ids: set[str] | None = None,
    show: bool = True,
) -> folium.FeatureGroup:
    """Labels with the cost to reach each priced place of the selected corridors."""
    group = folium.FeatureGroup(name=f"Cost estimates ({currency})", show=show)
    for step in steps:
        if corridor_ids is not None and step.corridor_id not in corridor_ids:
            continue
        item = step.figure
        place = gazetteer.get(step.place_id)
        text = step.display(currency, rates)
        body = wrap(
            figure_block(item, value_text=f"{item.display()} {step.currency}"),
            block(
                f"Shown as {text}",
                [
                    ("Rate used", rate_line(step.currency, currency, rates)),
                    (
                        "Counts",
                        "from the start of the journey" if step.cumulative else "visa and ticket",
                    ),
                ],
            ),
        )
        folium.Marker(
            location=(round(place.lat, 4), round(place.lon, 4)),
            icon=folium.DivIcon(
                html=(
                    "<div class='ra-cost' style='background:#fff8e1;border:1px solid #8c510a;"
                    "border-radius:4px;padding:1px 4px;font-size:11px;white-space:nowrap'>"
                    f"{escape(text)}</div>"
                ),
                icon_size=(150, 18),
                icon_anchor=(-6, 9),
            ),
            tooltip=escape(f"{item.label}: {text}"),
            popup=folium.Popup(body, max_width=400),
        ).add_to(group)
    return group
