"""The awareness-targeting map: districts coloured by score, the top N outlined.

Each district's fill colour, outline and tooltip are computed here and written into the GeoJSON
feature's properties; the style function only reads them back ("style as data"), so the colours
can be checked in tests without a browser. All text in tooltips is escaped, and raw names are not
embedded in the page at all, so a hostile district name or indicator label shows as text.

The score has no unit: it is a weighted sum of normalised indicators. The legend says so and names
the normalisation, so the colours are never read as a count of people.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import branca.colormap as cm
import folium
import geopandas as gpd
import pandas as pd

from geo.i18n import N_, Translator, format_number
from layers.basemap import OSM_NAME, add_basemaps
from layers.legend import Legend
from layers.popups import escape_text as escape
from layers.remote import RemoteRuntime
from layers.tile_fallback import add_tile_fallback

NO_SCORE = "#f0f0f0"
TOP_OUTLINE = "#000000"
HOVER_OUTLINE = "#2166ac"
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


def district_features(districts: gpd.GeoDataFrame, *, simplify: float = 0.005) -> list[dict]:
    """GeoJSON features (district, province, geometry) of the boundary districts, simplified.

    Build them once and pass them to :func:`awareness_layer` to redraw the scores without
    simplifying and serialising the geometry again.
    """
    frame = districts[["district", "province", "geometry"]].copy()
    if simplify:
        frame["geometry"] = frame.geometry.simplify(simplify, preserve_topology=True)
    return list(frame.to_geo_dict(drop_id=True, show_bbox=False)["features"])


def _tooltip(
    row: dict[str, object],
    rank: int | None,
    top: bool,
    extra: str,
    tr: Translator,
    name: str,
    classes: Sequence[str] = (),
) -> str:
    head = f"<b>{escape(name)}</b> ({escape(str(row.get('province', '')))})"
    if rank is None:
        return head + "<br>" + escape(tr("Not scored"))
    code = tr.language
    line = tr(
        "Rank {rank}, score {score}",
        rank=format_number(rank, code),
        score=format_number(float(str(row["score"])), code, digits=3),
    )
    lines = [head, escape(line + (" " + tr("(top N)") if top else ""))]
    if extra:
        lines.append(escape(extra))
    lines.extend(f"<i>{escape(line)}</i>" for line in classes)
    return "<br>".join(lines)


@dataclass(frozen=True)
class DistrictStyle:
    """How one district is drawn: its fill and outline, its tooltip, and whether it is in the
    top N (drawn last, so its thick outline is not covered by its neighbours)."""

    district: str
    style: dict[str, object]
    tooltip: str
    top: bool


def district_styles(
    districts: Sequence[Mapping[str, object]],
    ranked: pd.DataFrame,
    *,
    top_n: int,
    notes: Mapping[str, str] | None = None,
    tr: Translator | None = None,
    names: Mapping[str, str] | None = None,
    classes: Mapping[str, Sequence[str]] | None = None,
) -> tuple[list[DistrictStyle], cm.LinearColormap]:
    """The style and tooltip of every district, and the colour scale they use.

    Parameters
    ----------
    districts
        Properties of the boundary districts: ``district`` and ``province``.
    ranked
        ``ScoreResult.table`` (or the take-away table): ``district``, ``rank``, ``score``.
    top_n
        How many of the best-ranked districts to outline.
    notes
        Optional one-line text per district added to its tooltip (e.g. its languages).
    tr
        Translator for the tooltip's words and number format (English when omitted).
    names
        District name to show instead of the Latin one (for example in Urdu script).
    classes
        Per district, the indicators from agency records or user files behind its score with
        their class ("Deportees (total): Agency record, imported on … by …";
        ``geo.awareness.indicators.district_classes``), one tooltip line each.
    """
    for column in ("district", "rank", "score"):
        if column not in ranked.columns:
            raise ValueError(f"ranked table needs a {column!r} column")
    if top_n < 0:
        raise ValueError("top_n must not be negative")
    cmap = score_colormap(ranked.set_index("district")["score"])
    notes, names, classes = notes or {}, names or {}, classes or {}
    tr = tr or Translator("en")
    rank_of = dict(zip(ranked["district"], ranked["rank"], strict=True))
    score_of = dict(zip(ranked["district"], ranked["score"], strict=True))
    styles: list[DistrictStyle] = []
    for props in districts:
        district = str(props["district"])
        row: dict[str, object] = {"province": props.get("province", "")}
        shown = names.get(district, district)
        if district in rank_of:
            rank, score = int(rank_of[district]), float(score_of[district])
            top = rank <= top_n
            row["score"] = score
            tooltip = _tooltip(
                row, rank, top, notes.get(district, ""), tr, shown, classes.get(district, ())
            )
            style: dict[str, object] = {
                "fillColor": cmap(score),
                "fillOpacity": 0.75,
                "color": TOP_OUTLINE if top else "#737373",
                "weight": 3.0 if top else 0.5,
            }
        else:
            top = False
            tooltip = _tooltip(row, None, False, "", tr, shown)
            style = {"fillColor": NO_SCORE, "fillOpacity": 0.4, "color": "#bdbdbd", "weight": 0.4}
        styles.append(DistrictStyle(district, style, tooltip, top))
    return styles, cmap


def awareness_layer(
    districts: gpd.GeoDataFrame | list[dict],
    ranked: pd.DataFrame,
    *,
    top_n: int,
    name: str = N_("Awareness score"),
    notes: dict[str, str] | None = None,
    simplify: float = 0.005,
    tr: Translator | None = None,
    names: dict[str, str] | None = None,
    classes: Mapping[str, Sequence[str]] | None = None,
) -> tuple[folium.FeatureGroup, cm.LinearColormap]:
    """A choropleth of the score with the top ``top_n`` districts outlined, geometry embedded
    (a standalone map; the page's live map fetches it, see :mod:`layers.awareness_live`).

    ``districts`` are boundary districts with ``district``, ``province`` and geometry
    (EPSG:4326), or the features :func:`district_features` made of them; ``simplify`` is the
    simplification tolerance in degrees (0 keeps all detail). The other parameters are those of
    :func:`district_styles`.

    Returns
    -------
    (folium.FeatureGroup, branca.colormap.LinearColormap)
        The layer and the colour scale used (for the legend).
    """
    if isinstance(districts, gpd.GeoDataFrame):
        districts = district_features(districts, simplify=simplify)
    styles, cmap = district_styles(
        [f["properties"] for f in districts], ranked, top_n=top_n, notes=notes, tr=tr,
        names=names, classes=classes,
    )  # fmt: skip
    drawn = [
        (
            s.top,
            {
                "type": "Feature",
                "geometry": f["geometry"],
                "properties": {"tooltip": s.tooltip, "style": s.style},
            },
        )  # fmt: skip
        for f, s in zip(districts, styles, strict=True)
    ]
    # Draw the outlined districts last so their thick borders are not covered by neighbours.
    collection = {
        "type": "FeatureCollection",
        "features": [f for top, f in drawn if not top] + [f for top, f in drawn if top],
    }
    group = folium.FeatureGroup(name=name, show=True)
    folium.GeoJson(
        collection,
        name=name,
        style_function=lambda feature: feature["properties"]["style"],
        highlight_function=lambda _f: {"weight": 3.5, "color": HOVER_OUTLINE},
        tooltip=folium.GeoJsonTooltip(["tooltip"], labels=False, sticky=True),
        smooth_factor=1.0,
    ).add_to(group)
    return group, cmap


def awareness_legend(
    cmap: cm.LinearColormap, *, method: str, top_n: int, tr: Translator | None = None
) -> Legend:
    """Legend: the colour ramp with its range, the top-N outline and what the score means."""
    return Legend(legend_html(cmap, method=method, top_n=top_n, tr=tr), position="bottomright")


def legend_html(
    cmap: cm.LinearColormap, *, method: str, top_n: int, tr: Translator | None = None
) -> str:
    """The legend's HTML (also drawn under the map on the page, where the map stays as built)."""
    tr = tr or Translator("en")
    code = tr.language
    stops = "".join(
        f"<span style='display:inline-block;width:22px;height:12px;background:{c}'></span>"
        for c in COLOURS
    )
    direction = "rtl" if tr.rtl else "ltr"
    low, high = format_number(cmap.vmin, code, digits=2), format_number(cmap.vmax, code, digits=2)
    title = tr("Awareness score")
    scale = tr("{low} (low) to {high} (high)", low=low, high=high)
    top = tr("Top {n} districts", n=format_number(int(top_n), code))
    unscored = tr("Not scored")
    source = tr("Source: UNODC 2011 (district roles) and any files loaded.")
    html = (
        f"<div dir='{direction}'><b>{escape(title)}</b><br>"
        f"<div dir='ltr'>{stops}</div>"
        f"<div>{escape(scale)}</div>"
        "<div>"
        + escape(
            tr(
                "No unit: weighted sum of indicators normalised by {method}; weights set on this "
                "page (assumption made here).",
                method=tr(METHOD_NAMES.get(method, method)),
            )
        )
        + "</div><div><span style='display:inline-block;width:12px;height:12px;border:3px solid "
        f"{TOP_OUTLINE};margin:0 5px;vertical-align:middle'></span>"
        f"{escape(top)}</div>"
        f"<div><span style='display:inline-block;width:12px;height:12px;background:{NO_SCORE};"
        f"border:1px solid #bdbdbd;margin:0 5px'></span>{escape(unscored)}</div>"
        f"<div>{escape(source)}</div>"
        "</div>"
    )
    return html


METHOD_NAMES = {"rank": N_("rank"), "minmax": N_("min–max"), "zscore": N_("z-score")}


def awareness_base_map(
    *, basemap: str = OSM_NAME, script_font: str | None = None, remote: bool = False
) -> folium.Map:
    """The map without the score layer: centred on Pakistan, basemap choices and the fallback
    to the offline basemap. Built once; the score layer is added to it or sent beside it.

    ``script_font`` is the URL of an Arabic-script font served by the app: tooltips then show
    Urdu names in it (the browser loads it only when such text is shown). With ``remote`` the
    offline basemap's geometry is fetched from the app's static files instead of embedded (the
    page's live map, :mod:`layers.awareness_live`; a standalone file must embed it).
    """
    m = folium.Map(location=[30.0, 69.5], zoom_start=5, tiles=None, prefer_canvas=True)
    if remote:
        RemoteRuntime().add_to(m)  # first: the offline basemap uses it
    add_basemaps(m, default=basemap, remote=remote)
    add_tile_fallback(m)
    if script_font:
        m.get_root().header.add_child(folium.Element(script_font_css(script_font)))  # type: ignore[attr-defined]
    return m


def script_font_css(url: str) -> str:
    """A ``<style>`` that shows tooltips' Arabic-script text in the font served at ``url``."""
    return (
        "<style>@font-face{font-family:'RA Script';src:url('" + escape(url) + "') "
        "format('truetype');}.leaflet-tooltip{font-family:'Helvetica Neue',Arial,"
        "'RA Script',sans-serif;line-height:1.9}</style>"
    )


def awareness_map(
    districts: gpd.GeoDataFrame,
    ranked: pd.DataFrame,
    *,
    top_n: int,
    method: str,
    notes: dict[str, str] | None = None,
    basemap: str = OSM_NAME,
    tr: Translator | None = None,
    names: dict[str, str] | None = None,
    classes: Mapping[str, Sequence[str]] | None = None,
) -> folium.Map:
    """A map centred on Pakistan with the score layer, its legend and the basemap choices
    (falling back to the offline basemap when tiles cannot load); ``classes`` as in
    :func:`awareness_layer`."""
    m = awareness_base_map(basemap=basemap)
    layer, cmap = awareness_layer(
        districts, ranked, top_n=top_n, notes=notes, tr=tr, names=names, classes=classes
    )
    layer.add_to(m)
    awareness_legend(cmap, method=method, top_n=top_n, tr=tr).add_to(m)
    folium.LayerControl(collapsed=True).add_to(m)
    return m
