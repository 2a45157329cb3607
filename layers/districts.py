"""Districts coloured by the role the report gives them, with the report's words in popups."""

from __future__ import annotations

import folium
import geopandas as gpd
import pandas as pd

from geo.confidence import Confidence
from geo.gazetteer import load_gazetteer
from geo.style import DESTINATION_COLOURS, ROLE_COLOURS, ROLE_LABELS
from layers.popups import block, wrap
from layers.popups import escape_text as escape

NEUTRAL = "#ffffff"


def role_label(role: str, detail: str | None = None) -> str:
    """Legend text for a role, with the destination when one is chosen."""
    label = ROLE_LABELS.get(role, role)
    return f"{label}: {detail}" if detail else label


def _part_notes(rows: pd.DataFrame) -> list[str]:
    """Say when the report names a place inside the unit rather than the unit itself."""
    gaz = load_gazetteer()
    notes = []
    pairs = zip(rows["place_id"], rows["boundary_name"], strict=True)
    for place_id, boundary in sorted(set(pairs)):
        name = gaz.get(place_id).name
        if name != boundary:
            notes.append(
                f"<i>The report names {escape(name)}, which lies in {escape(boundary)}; the "
                f"boundary data hold {escape(boundary)} as one unit, so all of it is coloured."
                "</i>"
            )
    return notes


def _popup(district: str, province: str, rows: pd.DataFrame) -> str:
    blocks = [*_part_notes(rows)] + [
        block(
            role_label(r.role, r.detail or None),
            [("District", f"{district} ({province})"), ("Note", r.note)],
            quote=r.quote,
            section=r.section,
            confidence=Confidence(r.confidence),
        )
        for r in rows.itertuples()
    ]
    return wrap(*blocks)


def district_roles_layer(
    districts: gpd.GeoDataFrame,
    roles: pd.DataFrame,
    *,
    role: str,
    detail: str | None = None,
    name: str = "Source districts",
    show: bool = True,
) -> folium.FeatureGroup:
    """Every district outlined; those with ``role`` (and ``detail``) filled in its colour.

    ``districts`` has columns district, province, geometry; ``roles`` is the output of
    ``geo.roles.load_district_roles``. A district's popup lists every role the report gives it,
    so choosing one role for colour never hides the others.
    """
    chosen = roles[roles["role"] == role]
    if detail:
        chosen = chosen[chosen["detail"] == detail]
    highlighted = set(chosen["boundary_name"])
    colour = DESTINATION_COLOURS.get(detail or "", ROLE_COLOURS.get(role, "#d73027"))
    frame = districts[["district", "province", "geometry"]].copy()
    frame["has_role"] = frame["district"].isin(highlighted)
    named = set(roles["boundary_name"])
    frame["popup"] = [
        _popup(d, p, roles[roles["boundary_name"] == d])
        if d in named
        else f"<b>{escape(d)}</b> ({escape(p)})<br>The report names no role for this district."
        for d, p in zip(frame["district"], frame["province"], strict=True)
    ]

    def style(feature: dict) -> dict:
        on = feature["properties"]["has_role"]
        return {
            "fillColor": colour if on else NEUTRAL,
            "fillOpacity": 0.65 if on else 0.0,
            "color": "#444444" if on else "#9e9e9e",
            "weight": 1.2 if on else 0.4,
        }

    group = folium.FeatureGroup(name=name, show=show)
    folium.GeoJson(
        frame.to_geo_dict(show_bbox=False, drop_id=True),
        name=name,
        style_function=style,
        highlight_function=lambda _f: {"weight": 2.5, "color": "#000000"},
        tooltip=folium.GeoJsonTooltip(["district", "province"], aliases=["District", "Province"]),
        popup=folium.GeoJsonPopup(["popup"], labels=False, max_width=380),
        smooth_factor=1.0,
    ).add_to(group)
    return group
