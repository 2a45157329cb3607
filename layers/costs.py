"""Smuggling cost estimates placed along their corridors, in the user's chosen currency.

Each label shows the cost as the report states it (ranges stay ranges), converted at a stated
rate; the popup gives the original figure, the rate, its year and its source.
"""

from __future__ import annotations

from html import escape

import folium
import pandas as pd

from geo.currency import RateTable
from geo.figures import Figure, format_number
from geo.gazetteer import Gazetteer
from layers.popups import block, figure_block, wrap

NATIVE = {"cost_pkr_per_person": "PKR", "cost_eur_per_person": "EUR"}


def converted_text(figure: Figure, currency: str, rates: RateTable) -> str:
    """The cost in ``currency``, keeping the report's qualifier and range."""
    native = NATIVE[figure.measure]
    low = rates.convert(figure.value, native, currency)
    text = format_number(round(low, -1 if currency == "PKR" else 0))
    if figure.value_high is not None:
        high = rates.convert(figure.value_high, native, currency)
        text += f"–{format_number(round(high, -1 if currency == 'PKR' else 0))}"
    return f"{figure.qualifier} {text} {currency}".strip()


def costs_layer(
    costs: pd.DataFrame,
    figures: dict[str, Figure],
    gazetteer: Gazetteer,
    *,
    currency: str,
    rates: RateTable,
    corridor_ids: set[str] | None = None,
    show: bool = True,
) -> folium.FeatureGroup:
    """Labels with the cost to reach each priced place of the selected corridors."""
    group = folium.FeatureGroup(name=f"Cost estimates ({currency})", show=show)
    for row in costs.itertuples():
        if corridor_ids is not None and row.corridor_id not in corridor_ids:
            continue
        item = figures[row.figure_id]
        place = gazetteer.get(row.place_id)
        text = converted_text(item, currency, rates)
        native = NATIVE[item.measure]
        rate_line = rates.describe(native, currency)
        body = wrap(
            figure_block(item, value_text=f"{item.display()} {native}"),
            block(
                f"Shown as {text}",
                [
                    ("Rate used", rate_line),
                    (
                        "Cumulative",
                        "from the start of the journey"
                        if row.cumulative == "yes"
                        else "visa and ticket",
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
            tooltip=f"{item.label}: {text}",
            popup=folium.Popup(body, max_width=400),
        ).add_to(group)
    return group
