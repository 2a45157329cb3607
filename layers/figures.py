"""Proportional symbols for the report's located figures: one layer and one scale per measure.

Figures of different measures (a cumulative count over sixteen years, a head-count at one time,
a daily crossing estimate) never share a scale: each measure is its own layer with its own
legend entry, and circle areas are proportional only within it.
"""

from __future__ import annotations

import math

import folium

from geo.catalog import ReportFact, facts_for_figure, facts_for_place
from geo.figures import Figure, figures_by_measure, load_measures
from geo.gazetteer import Gazetteer
from layers.popups import block, figure_block, wrap
from layers.popups import escape_text as escape

MAX_RADIUS = 28.0
MIN_RADIUS = 5.0
PALETTE = ("#e08214", "#8073ac", "#d6604d", "#4393c3", "#1a9850", "#c51b7d", "#762a83")

SYMBOL_CATEGORIES = (
    "interception", "deportation", "crossing", "enforcement", "population", "child_trafficking",
    "risk",
)  # fmt: skip


def radius_for(value: float, largest: float) -> float:
    """Circle radius in pixels with area proportional to ``value`` within one measure."""
    if largest <= 0:
        raise ValueError("the largest value of a measure must be positive")
    return max(MIN_RADIUS, MAX_RADIUS * math.sqrt(max(value, 0) / largest))


def measure_title(measure: str) -> str:
    """Layer name of a measure, from ``measures.csv``."""
    return "Figures: " + load_measures()[measure].label


def largest_label(items: list[Figure] | tuple[Figure, ...]) -> str:
    """The figure a layer's largest circle stands for, as stated, with its unit."""
    biggest = max(items, key=lambda f: f.midpoint)
    return f"{biggest.display()} {biggest.unit}"


def fact_blocks(facts: tuple[ReportFact, ...] | list[ReportFact]) -> str:
    """Popup blocks for the report's further facts that qualify a figure or its place."""
    return "".join(
        block(
            fact.label,
            [("Detail", fact.detail), ("Date", fact.date), ("Note", fact.note)],
            quote=fact.quote,
            section=fact.citation(),
            confidence=fact.confidence,
        )
        for fact in facts
    )


def related_facts(item: Figure) -> tuple[ReportFact, ...]:
    """Facts linked to the figure, then facts placed where it is drawn, each once."""
    found = {f.fact_id: f for f in facts_for_figure(item.figure_id)}
    for fact in facts_for_place(item.place_id):
        found.setdefault(fact.fact_id, fact)
    return tuple(found.values())


def symbol_figures(
    figures: list[Figure] | tuple[Figure, ...],
    *,
    categories: tuple[str, ...] = SYMBOL_CATEGORIES,
) -> list[Figure]:
    """Figures that have a place and belong to a category drawn as symbols."""
    return [f for f in figures if f.place_id and f.category in categories]


def figure_layers(
    figures: list[Figure] | tuple[Figure, ...],
    gazetteer: Gazetteer,
    *,
    measures: list[str] | None = None,
    show: bool = True,
) -> list[tuple[str, folium.FeatureGroup, str]]:
    """One (measure, layer, colour) per measure, each sized on its own scale.

    The symbol is sized by the range's midpoint or the stated bound ("more than 500" at 500),
    only to draw it; popups show the figure exactly as the report states it.
    """
    layers: list[tuple[str, folium.FeatureGroup, str]] = []
    groups = figures_by_measure(symbol_figures(figures))
    for index, (measure, items) in enumerate(sorted(groups.items())):
        if measures is not None and measure not in measures:
            continue
        colour = PALETTE[index % len(PALETTE)]
        largest = max(f.midpoint for f in items)
        largest_text = largest_label(items)
        group = folium.FeatureGroup(name=measure_title(measure), show=show)
        for item in items:
            place = gazetteer.get(item.place_id)
            folium.CircleMarker(
                location=(round(place.lat, 4), round(place.lon, 4)),
                radius=radius_for(item.midpoint, largest),
                color=colour,
                weight=2,
                fill=True,
                fill_color=colour,
                fill_opacity=0.45,
                tooltip=escape(f"{item.label}: {item.display()} {item.unit}"),
                popup=folium.Popup(
                    wrap(
                        f"<h4 style='margin:2px 0'>{escape(place.name)}</h4>",
                        figure_block(item),
                        fact_blocks(related_facts(item)),
                        "<i>This layer has its own scale: its largest circle stands for "
                        f"{escape(largest_text)}. Circle area is proportional only among "
                        "figures of this measure.</i>",
                    ),
                    max_width=400,
                ),
                class_name="ra-figure",
            ).add_to(group)
        layers.append((measure, group, colour))
    return layers
