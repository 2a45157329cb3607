"""Districts coloured by the role the report gives them, with the report's words in popups."""

from __future__ import annotations

import folium
import geopandas as gpd
import pandas as pd

from geo.confidence import Confidence
from geo.gazetteer import load_gazetteer
from layers.popups import block, wrap
from layers.popups import escape_text as escape
from layers.remote import RemoteGeoJson
from layers.style import DESTINATION_COLOURS, ROLE_COLOURS, ROLE_LABELS

NEUTRAL = "#ffffff"
OFF_STYLE = {"fillColor": NEUTRAL, "fillOpacity": 0.0, "color": "#9e9e9e", "weight": 0.4}


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
    highlighted, colour = role_highlight(roles, role=role, detail=detail)
    frame = districts[["district", "province", "geometry"]].copy()
    frame["has_role"] = frame["district"].isin(highlighted)
    frame["popup"] = _popups(frame, roles)
    frame["tooltip"] = _tooltips(frame)
    on_style = _on_style(colour)

    def style(feature: dict) -> dict:
        return on_style if feature["properties"]["has_role"] else OFF_STYLE

    group = folium.FeatureGroup(name=name, show=show)
    folium.GeoJson(
        frame.drop(columns=["district", "province"]).to_geo_dict(show_bbox=False, drop_id=True),
        name=name,
        style_function=style,
        highlight_function=lambda _f: {"weight": 2.5, "color": "#000000"},
        tooltip=folium.GeoJsonTooltip(["tooltip"], labels=False),
        popup=folium.GeoJsonPopup(["popup"], labels=False, max_width=380),
        smooth_factor=1.0,
    ).add_to(group)
    return group


def role_highlight(
    roles: pd.DataFrame, *, role: str, detail: str | None = None
) -> tuple[set[str], str]:
    """The districts the report gives ``role`` (and ``detail``) and the colour they get."""
    chosen = roles[roles["role"] == role]
    if detail:
        chosen = chosen[chosen["detail"] == detail]
    colour = DESTINATION_COLOURS.get(detail or "", ROLE_COLOURS.get(role, "#d73027"))
    return set(chosen["boundary_name"]), colour


def _on_style(colour: str) -> dict:
    return {"fillColor": colour, "fillOpacity": 0.65, "color": "#444444", "weight": 1.2}


def _popups(frame: pd.DataFrame, roles: pd.DataFrame) -> list[str]:
    named = set(roles["boundary_name"])
    return [
        _popup(d, p, roles[roles["boundary_name"] == d])
        if d in named
        else f"<b>{escape(d)}</b> ({escape(p)})<br>The report names no role for this district."
        for d, p in zip(frame["district"], frame["province"], strict=True)
    ]


def district_features(districts: gpd.GeoDataFrame, roles: pd.DataFrame) -> dict:
    """Every district with its tooltip and popup, as GeoJSON for the browser to fetch once.

    The popup lists every role the report gives the district, whichever role colours the map,
    so one file serves every view.
    """
    frame = districts[["district", "province", "geometry"]].copy()
    frame["popup"] = _popups(frame, roles)
    frame["tooltip"] = _tooltips(frame)
    return frame.to_geo_dict(show_bbox=False, drop_id=True)


def _tooltips(frame: pd.DataFrame) -> list[str]:
    """Escaped tooltip HTML per district: boundary names reach the browser only as text."""
    return [
        f"<b>District</b> {escape(d)}<br><b>Province</b> {escape(p)}"
        for d, p in zip(frame["district"], frame["province"], strict=True)
    ]


def remote_district_roles_layer(
    url: str,
    roles: pd.DataFrame,
    *,
    role: str,
    detail: str | None = None,
    name: str = "Source districts",
    show: bool = True,
) -> folium.FeatureGroup:
    """The districts layer of :func:`district_roles_layer`, its geometry fetched from ``url``.

    ``url`` serves :func:`district_features`; only the names of the coloured districts and
    their colour travel with a view.
    """
    highlighted, colour = role_highlight(roles, role=role, detail=detail)
    group = folium.FeatureGroup(name=name, show=show)
    RemoteGeoJson(
        url,
        layer_id="districts",
        style=OFF_STYLE,
        match=("district", sorted(highlighted), _on_style(colour)),
        rank=0,
        hover_weight=2.5,
    ).add_to(group)
    return group
