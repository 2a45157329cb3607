"""Colours and line styles shared by the web map, the static map and the charts.

The web map (Leaflet) and the static pictures of ``render`` (matplotlib) must look alike, so
both read their colours and dash patterns from here. Dash patterns are written as Leaflet's
``dashArray`` strings (lengths in screen pixels); :func:`mpl_dashes` turns one into the
matplotlib form. The badge colour of each confidence class is here too: the classes themselves
(:mod:`geo.confidence`) are domain, their colours are presentation.
"""

from __future__ import annotations

from geo.confidence import Confidence

CONFIDENCE_COLOURS: dict[Confidence, str] = {
    Confidence.REPORTED: "#1b7837",
    Confidence.ESTIMATE: "#2166ac",
    Confidence.UNCONFIRMED: "#b35806",
    Confidence.ASSUMPTION: "#762a83",
}
"""Badge colour of each confidence class, the same on the map, in tables, charts and exports."""


def confidence_colour(confidence: Confidence) -> str:
    """The badge colour of ``confidence``."""
    return CONFIDENCE_COLOURS[Confidence(confidence)]


MODE_COLOURS: dict[str, str] = {
    "land": "#8c510a",
    "sea": "#01665e",
    "air": "#5e3c99",
    "unspecified": "#636363",
}
"""Line colour of a corridor leg by its mode of travel."""

MODE_DASH: dict[str, str | None] = {
    "land": None,
    "sea": None,
    "air": "8 6",
    "unspecified": "2 6",
}
"""Leaflet ``dashArray`` of a leg by mode; ``None`` draws a solid line."""

MODE_LABELS: dict[str, str] = {
    "land": "Land",
    "sea": "Sea",
    "air": "Air",
    "unspecified": "Mode not given in the report",
}
"""Legend label of each mode."""

MARKER_COLOURS: dict[str, str] = {
    "crossing": "#b2182b",
    "launch": "#01665e",
    "receiving": "#35978f",
    "risk": "#8e0152",
    "place": "#252525",
}
"""Fill colour of point symbols: border crossings, boat launch points, receiving ports."""

BASEMAP_COLOURS: dict[str, str] = {
    "water": "#d5e5f2",
    "land": "#e6e6e6",
    "country_edge": "#a6a6a6",
    "pakistan": "#f8f8f4",
    "pakistan_edge": "#3a3a3a",
    "province_edge": "#7a7a7a",
}
"""Colours of the offline basemap drawn from the vendored boundaries."""


def mode_colour(mode: str) -> str:
    """Colour of ``mode``; ``ValueError`` names the known modes when it is unknown."""
    try:
        return MODE_COLOURS[mode]
    except KeyError:
        raise ValueError(
            f"unknown mode {mode!r}; expected one of {', '.join(MODE_COLOURS)}"
        ) from None


def mpl_dashes(mode: str, *, linewidth: float) -> str | tuple[int, tuple[float, ...]]:
    """Matplotlib linestyle for ``mode`` matching the Leaflet dash pattern.

    Matplotlib scales dash lengths by the line width, Leaflet does not; dividing by the width
    keeps the on-screen proportions of the web map.
    """
    mode_colour(mode)  # validates the mode
    if linewidth <= 0:
        raise ValueError("linewidth must be positive")
    pattern = MODE_DASH[mode]
    if pattern is None:
        return "solid"
    lengths = tuple(float(part) / linewidth for part in pattern.split())
    return (0, lengths)


ROLE_COLOURS: dict[str, str] = {
    "migrant_source": "#d73027",
    "destination_affinity": "#4575b4",
    "child_trafficking_source": "#f46d43",
    "camel_jockey_source": "#fdae61",
    "internal_trafficking_destination": "#74add1",
    "staging_city": "#984ea3",
    "sea_launch_district": "#01665e",
}
"""Fill colour of a district by the role the report gives it."""

ROLE_LABELS: dict[str, str] = {
    "migrant_source": "Named source of irregular migrants",
    "destination_affinity": "Destination affinity",
    "child_trafficking_source": "Child-trafficking source",
    "camel_jockey_source": "Camel-jockey source",
    "internal_trafficking_destination": "Internal-trafficking destination",
    "staging_city": "Staging city",
    "sea_launch_district": "Sea launch district",
}
"""Legend label of each district role."""

DESTINATION_COLOURS: dict[str, str] = {
    "United Kingdom": "#1b9e77",
    "Schengen countries": "#d95f02",
    "Greece": "#7570b3",
    "Spain": "#e7298a",
    "Australia": "#66a61e",
}
"""Fill colour of a district when the map is coloured by one destination affinity."""

INCREASE_COLOUR = "#b35806"
DECREASE_COLOUR = "#542788"
"""A change in persons between two periods: more, fewer (ColorBrewer PuOr, safe for colour
blindness), on the map and in the charts alike. Neither is the red of the districts the report
names as sources nor a confidence class's colour, so a change never reads as either."""
