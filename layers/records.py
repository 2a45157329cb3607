"""Map layers of interception records: proportional circles per place, totals per district.

Records are always aggregated before they reach the map (one circle per place, never one marker
per record: thousands of markers make a folium map unusable). The input frames come from
``geo.records.service.summary`` so public maps carry suppressed counts (``"<5"``), drawn at the
smallest size. Every text from an import is escaped, including the characters that would end the
JavaScript template string folium wraps popups and tooltips in.
"""

from __future__ import annotations

import math

import folium
import pandas as pd

from geo.confidence import Confidence
from geo.gazetteer import load_gazetteer
from layers.popups import escape_text

SOURCE_NOTE = "Interception records imported by IATF agencies (not figures from UNODC 2011)"
COLOUR = "#d95f0e"
SUPPRESSED_COLOUR = "#777777"
_PLACE_COLUMNS = ("place_key", "place_name", "lat", "lon", "persons", "persons_shown", "suppressed")


def safe_text(value: object) -> str:
    """Escape text for HTML inside folium's JavaScript template strings."""
    return escape_text(value)


def radius_for(
    persons: float | None, largest: float, *, min_radius: float, max_radius: float
) -> float:
    """Circle radius in pixels with area proportional to ``persons`` (missing: smallest)."""
    if largest <= 0 or persons is None or pd.isna(persons) or persons <= 0:
        return min_radius
    return min_radius + (max_radius - min_radius) * math.sqrt(min(persons / largest, 1.0))


def records_place_layer(
    frame: pd.DataFrame,
    *,
    period: str,
    name: str = "Interception records (persons, by place)",
    min_radius: float = 4.0,
    max_radius: float = 30.0,
    max_places: int = 1000,
    show: bool = True,
) -> folium.FeatureGroup:
    """One proportional circle per place.

    Parameters
    ----------
    frame
        Output of ``service.summary(..., by="place")``: one row per place (records located by
        coordinates are already grouped in 0.5-degree cells).
    period
        Human-readable period shown in every popup (e.g. "2023-01 to 2023-12").
    max_places
        At most this many circles, the largest first; the layer name says when some are left
        out, so the map stays usable.
    """
    missing = [c for c in _PLACE_COLUMNS if c not in frame.columns]
    if missing:
        raise ValueError(f"place summary lacks column(s): {', '.join(missing)}")
    if frame["place_key"].duplicated().any():
        raise ValueError("one row per place expected: aggregate the records before mapping")
    if len(frame) > max_places:
        order = pd.to_numeric(frame["persons"], errors="coerce").fillna(0)
        name = f"{name} (largest {max_places:,} of {len(frame):,} places)"
        frame = frame.loc[order.sort_values(ascending=False).index[:max_places]]
    group = folium.FeatureGroup(name=name, show=show)
    numbers = pd.to_numeric(frame["persons"], errors="coerce").astype("float64")
    largest = float(numbers.max()) if numbers.notna().any() else 0.0
    label = Confidence.REPORTED.label
    for rec, persons in zip(frame.itertuples(index=False), numbers, strict=True):
        place, shown = safe_text(rec.place_name), safe_text(rec.persons_shown)
        suppressed = bool(rec.suppressed)
        popup_html = (
            f"<b>{place}</b><br>Persons: {shown}"
            f"{' (small count suppressed)' if suppressed else ''}<br>"
            f"Period: {safe_text(period)}<br>Unit: persons counted in the records<br>"
            f"Source: {safe_text(SOURCE_NOTE)}<br>Confidence: {label} (as recorded by the agency)"
        )
        folium.CircleMarker(
            location=(float(rec.lat), float(rec.lon)),
            radius=radius_for(persons, largest, min_radius=min_radius, max_radius=max_radius),
            color=SUPPRESSED_COLOUR if suppressed else COLOUR,
            weight=1,
            fill=True,
            fill_opacity=0.55,
            popup=folium.Popup(folium.Html(popup_html, script=True), max_width=320),
            tooltip=folium.Tooltip(f"{place}: {shown} persons"),
        ).add_to(group)
    return group


def district_totals(frame: pd.DataFrame, *, column: str = "district") -> pd.DataFrame:
    """Persons per boundary-file district, for a choropleth.

    Each name is resolved through the gazetteer to its ``boundary_name`` (so "Jhellum" and
    "Jhelum" land on one polygon); blank districts (records located by coordinates only) are
    left out. A district whose total includes a suppressed count is itself shown as suppressed.

    Parameters
    ----------
    frame
        Output of ``service.summary(..., by="district")`` (or ``by="origin_district"`` with
        ``column="origin_district"``).
    """
    for needed in (column, "persons", "persons_shown", "suppressed"):
        if needed not in frame.columns:
            raise ValueError(f"district summary lacks column {needed!r}")
    gazetteer = load_gazetteer()

    def boundary(name: str) -> str:
        place = gazetteer.find(name)
        return place.boundary_name if place is not None and place.boundary_name else name

    data = frame[frame[column].astype(str).str.strip() != ""].copy()
    data["boundary_name"] = data[column].astype(str).map(boundary)
    rows = []
    for name, part in data.groupby("boundary_name", sort=True):
        if part["suppressed"].any():
            shown = part["persons_shown"].iloc[0] if len(part) == 1 else "suppressed"
            rows.append((name, pd.NA, shown, True))
        else:
            persons = int(pd.to_numeric(part["persons"]).sum())
            rows.append((name, persons, str(persons), False))
    out = pd.DataFrame(rows, columns=["boundary_name", "persons", "persons_shown", "suppressed"])
    out["persons"] = out["persons"].astype("Int64")
    return out


def records_district_layer(
    districts,
    totals: pd.DataFrame,
    *,
    period: str,
    name: str = "Interception records (persons, by district)",
    show: bool = True,
) -> folium.FeatureGroup:
    """Districts shaded by persons in the records, suppressed districts hatched grey.

    ``districts`` has columns district and geometry (``geo.boundaries.load_districts``);
    ``totals`` is the output of :func:`district_totals`. Districts without records are not drawn.
    """
    from branca.colormap import LinearColormap

    group = folium.FeatureGroup(name=name, show=show)
    if totals.empty:
        return group
    numbers = pd.to_numeric(totals["persons"], errors="coerce")
    top = float(numbers.max()) if numbers.notna().any() else 1.0
    scale = LinearColormap(["#fee5d9", "#fb6a4a", "#a50f15"], vmin=0, vmax=max(top, 1.0))
    scale.caption = f"Persons in the records, {period}"
    frame = districts.merge(totals, left_on="district", right_on="boundary_name", how="inner")
    frame["label"] = [
        f"{safe_text(d)}: {safe_text(s)} persons ({safe_text(period)})"
        for d, s in zip(frame["district"], frame["persons_shown"], strict=True)
    ]
    frame["fill"] = [
        SUPPRESSED_COLOUR if sup or pd.isna(p) else scale(float(p))
        for p, sup in zip(frame["persons"], frame["suppressed"], strict=True)
    ]
    folium.GeoJson(
        frame[["district", "label", "fill", "geometry"]].to_geo_dict(show_bbox=False, drop_id=True),
        style_function=lambda f: {
            "fillColor": f["properties"]["fill"],
            "fillOpacity": 0.75,
            "color": "#555555",
            "weight": 0.8,
        },
        tooltip=folium.GeoJsonTooltip(["label"], labels=False),
    ).add_to(group)
    scale.add_to(group)
    return group
