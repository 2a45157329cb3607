"""The awareness-targeting map: districts coloured by score, the top N outlined.

Each district's fill colour, outline and tooltip are computed here and written into the GeoJSON
feature's properties; the style function only reads them back ("style as data"), so the colours
can be checked in tests without a browser. All text in tooltips is escaped, and raw names are not
embedded in the page at all, so a hostile district name or indicator label shows as text.

The score has no unit: it is a weighted sum of normalised indicators. The legend says so and names
the normalisation, so the colours are never read as a count of people.
"""

from __future__ import annotations

import branca.colormap as cm
import folium
import geopandas as gpd
import pandas as pd

from layers.basemap import OSM_NAME, add_basemaps
from layers.legend import Legend
from layers.popups import escape_text as escape
from layers.tile_fallback import add_tile_fallback

NO_SCORE = "#f0f0f0"
TOP_OUTLINE = "#000000"
COLOURS = ("#ffffcc", "#fed976", "#fd8d3c", "#e31a1c", "#800026")
"""Sequential colour ramp from low to high score (ColorBrewer YlOrRd)."""


def score_colormap(scores: pd.Series) -> cm.LinearColormap:
    """Linear colour scale over the observed score range (a flat range still gets a scale)."""
    finite = scores.dropna()
    low = float(finite.min()) if len(finite) else 0.0
    high = float(finite.max()) if len(finite) else 1.0
    if high <= low:
        high = low + 1.0
    return cm.LinearColormap(list(COLOURS), vmin=low, vmax=high)


def _tooltip(row: pd.Series, rank: int | None, top: bool, extra: str) -> str:
    head = f"<b>{escape(str(row['district']))}</b> ({escape(str(row.get('province', '')))})"
    if rank is None:
        return head + "<br>Not scored"
    lines = [head, f"Rank {rank}, score {row['score']:.3f}" + (" (top N)" if top else "")]
    if extra:
        lines.append(escape(extra))
    return "<br>".join(lines)


def awareness_layer(
    districts: gpd.GeoDataFrame,
    ranked: pd.DataFrame,
    *,
    top_n: int,
    name: str = "Awareness score",
    notes: dict[str, str] | None = None,
    simplify: float = 0.005,
) -> tuple[folium.FeatureGroup, cm.LinearColormap]:
    """A choropleth of the score with the top ``top_n`` districts outlined.

    Parameters
    ----------
    districts
        Boundary districts with ``district``, ``province`` and geometry (EPSG:4326).
    ranked
        ``ScoreResult.table`` (or the take-away table): ``district``, ``rank``, ``score``.
    top_n
        How many of the best-ranked districts to outline.
    notes
        Optional one-line text per district added to its tooltip (e.g. its languages).
    simplify
        Geometry simplification tolerance in degrees, to keep the page light; 0 keeps all detail.

    Returns
    -------
    (folium.FeatureGroup, branca.colormap.LinearColormap)
        The layer and the colour scale used (for the legend).
    """
    for column in ("district", "rank", "score"):
        if column not in ranked.columns:
            raise ValueError(f"ranked table needs a {column!r} column")
    if top_n < 0:
        raise ValueError("top_n must not be negative")
    scores = ranked.set_index("district")
    cmap = score_colormap(scores["score"])
    frame = districts[["district", "province", "geometry"]].copy()
    if simplify:
        frame["geometry"] = frame.geometry.simplify(simplify, preserve_topology=True)
    notes = notes or {}
    tooltips, styles = [], []
    for _, row in frame.iterrows():
        district = row["district"]
        if district in scores.index:
            rank = int(scores.at[district, "rank"])
            score = float(scores.at[district, "score"])
            top = rank <= top_n
            row = row.copy()
            row["score"] = score
            tooltips.append(_tooltip(row, rank, top, notes.get(district, "")))
            styles.append(
                {
                    "fillColor": cmap(score),
                    "fillOpacity": 0.75,
                    "color": TOP_OUTLINE if top else "#737373",
                    "weight": 3.0 if top else 0.5,
                }
            )
        else:
            tooltips.append(_tooltip(row, None, False, ""))
            styles.append(
                {"fillColor": NO_SCORE, "fillOpacity": 0.4, "color": "#bdbdbd", "weight": 0.4}
            )
    frame["tooltip"] = tooltips
    frame["style"] = styles
    # Draw the outlined districts last so their thick borders are not covered by neighbours.
    frame["_top"] = [s["weight"] == 3.0 for s in styles]
    frame = frame.sort_values("_top", kind="stable").drop(columns=["_top", "district", "province"])
    group = folium.FeatureGroup(name=name, show=True)
    folium.GeoJson(
        frame.to_json(drop_id=True),
        name=name,
        style_function=lambda feature: feature["properties"]["style"],
        highlight_function=lambda _f: {"weight": 3.5, "color": "#2166ac"},
        tooltip=folium.GeoJsonTooltip(["tooltip"], labels=False, sticky=True),
        smooth_factor=1.0,
    ).add_to(group)
    return group, cmap


def awareness_legend(cmap: cm.LinearColormap, *, method: str, top_n: int) -> Legend:
    """Legend: the colour ramp with its range, the top-N outline and what the score means."""
    stops = "".join(
        f"<span style='display:inline-block;width:22px;height:12px;background:{c}'></span>"
        for c in COLOURS
    )
    html = (
        "<b>Awareness score</b><br>"
        f"<div>{stops}</div>"
        f"<div>{cmap.vmin:.2f} (low) to {cmap.vmax:.2f} (high)</div>"
        f"<div>No unit: weighted sum of indicators normalised by {escape(method)}; "
        "weights set on this page (assumption made here).</div>"
        "<div><span style='display:inline-block;width:12px;height:12px;border:3px solid "
        f"{TOP_OUTLINE};margin-right:5px;vertical-align:middle'></span>"
        f"Top {int(top_n)} districts</div>"
        f"<div><span style='display:inline-block;width:12px;height:12px;background:{NO_SCORE};"
        "border:1px solid #bdbdbd;margin-right:5px'></span>Not scored</div>"
        "<div>Source: UNODC 2011 (district roles) and any files loaded.</div>"
    )
    return Legend(html, position="bottomright")


def awareness_map(
    districts: gpd.GeoDataFrame,
    ranked: pd.DataFrame,
    *,
    top_n: int,
    method: str,
    notes: dict[str, str] | None = None,
    basemap: str = OSM_NAME,
) -> folium.Map:
    """A map centred on Pakistan with the score layer, its legend and the basemap choices
    (falling back to the offline basemap when tiles cannot load)."""
    m = folium.Map(location=[30.0, 69.5], zoom_start=5, tiles=None, prefer_canvas=True)
    add_basemaps(m, default=basemap)
    add_tile_fallback(m)
    layer, cmap = awareness_layer(districts, ranked, top_n=top_n, notes=notes)
    layer.add_to(m)
    awareness_legend(cmap, method=method, top_n=top_n).add_to(m)
    folium.LayerControl(collapsed=True).add_to(m)
    return m
