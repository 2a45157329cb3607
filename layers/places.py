"""Markers for border crossings and sea launch or receiving points."""

from __future__ import annotations

from collections.abc import Iterator, Sequence

import folium
import pandas as pd

from geo.confidence import Confidence
from geo.figures import Figure
from layers.popups import block, figure_block, wrap
from layers.popups import escape_text as escape
from layers.remote import RemoteGeoJson
from layers.style import MARKER_COLOURS

CROSSING_COLOUR = MARKER_COLOURS["crossing"]
LAUNCH_COLOURS = {role: MARKER_COLOURS[role] for role in ("launch", "receiving", "risk")}


def _statements(rows: pd.DataFrame) -> list[str]:
    return [
        block(r.fact, [], quote=r.quote, section=r.section, confidence=Confidence(r.confidence))
        for r in rows.itertuples()
    ]


def point_layer(
    statements: pd.DataFrame,
    figures: Sequence[Figure],
    *,
    name: str,
    colour_of: dict[str, str] | str,
    extra_note: str = "",
    show: bool = True,
) -> folium.FeatureGroup:
    """One marker per place: every statement about it and every figure located there.

    ``statements`` has columns place_id, name, lat, lon, fact, section, quote, confidence and
    optionally role; ``colour_of`` is one colour or a colour per role.
    """
    group = folium.FeatureGroup(name=name, show=show)
    for lat, lon, label, body, colour in _points(statements, figures, colour_of, extra_note):
        folium.CircleMarker(
            location=(lat, lon),
            radius=8,
            color="#222222",
            weight=1.5,
            fill=True,
            fill_color=colour,
            fill_opacity=0.95,
            tooltip=label,
            popup=folium.Popup(body, max_width=400),
        ).add_to(group)
    return group


POINT_RADIUS = 8
POINT_STYLE = {"color": "#222222", "weight": 1.5, "fill": True, "fillOpacity": 0.95}


def _points(
    statements: pd.DataFrame,
    figures: Sequence[Figure],
    colour_of: dict[str, str] | str,
    extra_note: str,
) -> Iterator[tuple[float, float, str, str, str]]:
    """(lat, lon, name, popup, colour) of each place: its statements and its figures."""
    for place_id, rows in statements.groupby("place_id", sort=False):
        first = rows.iloc[0]
        here = [f for f in figures if f.place_id == place_id and f.category != "cost"]
        body = wrap(
            f"<h4 style='margin:2px 0'>{escape(str(first['name']))}</h4>",
            *_statements(rows),
            *(figure_block(f) for f in here),
            f"<i>{escape(extra_note)}</i>" if extra_note else "",
        )
        colour = colour_of if isinstance(colour_of, str) else colour_of[first.get("role", "")]
        yield round(first["lat"], 4), round(first["lon"], 4), str(first["name"]), body, colour


def point_features(
    statements: pd.DataFrame,
    figures: Sequence[Figure],
    *,
    colour_of: dict[str, str] | str,
    extra_note: str = "",
) -> dict:
    """The markers of :func:`point_layer` as GeoJSON points for the browser to fetch once."""
    features = [
        {
            "type": "Feature",
            "properties": {
                "tooltip": escape(label),
                "popup": body,
                "style": {"fillColor": colour},
            },
            "geometry": {"type": "Point", "coordinates": [lon, lat]},
        }
        for lat, lon, label, body, colour in _points(statements, figures, colour_of, extra_note)
    ]
    return {"type": "FeatureCollection", "features": features}


def remote_point_layer(
    url: str, *, name: str, layer_id: str, show: bool = True
) -> folium.FeatureGroup:
    """Markers drawn from a :func:`point_features` file (crossings, launch points)."""
    group = folium.FeatureGroup(name=name, show=show)
    RemoteGeoJson(
        url, layer_id=layer_id, style=POINT_STYLE, rank=10, point_radius=POINT_RADIUS
    ).add_to(group)
    return group


def crossings_layer(
    crossings: pd.DataFrame, figures: Sequence[Figure], *, exit_points_note: str, show: bool = True
) -> folium.FeatureGroup:
    """Border crossings; popups add the count of legal exit points the report never lists."""
    return point_layer(
        crossings,
        figures,
        name="Border crossings",
        colour_of=CROSSING_COLOUR,
        extra_note=exit_points_note,
        show=show,
    )


def launch_points_layer(
    launches: pd.DataFrame, figures: Sequence[Figure], *, show: bool = True
) -> folium.FeatureGroup:
    """Sea launch points, receiving ports and the sea-risk estimate."""
    return point_layer(
        launches,
        figures,
        name="Sea launch points and receiving ports",
        colour_of=LAUNCH_COLOURS,
        show=show,
    )


CROSSINGS_NAME = "Border crossings"
LAUNCHES_NAME = "Sea launch points and receiving ports"


def crossing_features(
    crossings: pd.DataFrame, figures: Sequence[Figure], *, exit_points_note: str
) -> dict:
    """Border crossings as a file for the live map (see :func:`crossings_layer`)."""
    return point_features(
        crossings, figures, colour_of=CROSSING_COLOUR, extra_note=exit_points_note
    )


def launch_point_features(launches: pd.DataFrame, figures: Sequence[Figure]) -> dict:
    """Sea launch points and receiving ports as a file for the live map."""
    return point_features(launches, figures, colour_of=LAUNCH_COLOURS)
