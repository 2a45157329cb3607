"""The live awareness map: a frame the browser keeps, district geometry fetched once.

The page's score map changes with every weight, method or top-N setting. Embedding the
districts (about 230 KB) and the offline basemap (about 390 KB) would send them again on every
change and make a new visitor wait while the browser parses them inside the page. Instead the
frame (:func:`awareness_frame`) holds no geometry and is the same on every run, so the browser
keeps it; the geometry is a file of the app's static folder fetched once per page load
(:func:`districts_url`, :mod:`layers.remote`); and a change sends only each district's colour,
outline and tooltip (:func:`live_score_layer`, a few tens of kilobytes).
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence

import branca.colormap as cm
import folium
import pandas as pd

from geo.i18n import N_, Translator
from layers.awareness import HOVER_OUTLINE, awareness_base_map, district_styles
from layers.basemap import OSM_NAME
from layers.remote import DrawnStamp, RemoteGeoJson, write_data_file
from layers.screen import add_screen_rules

LAYER_ID = "awareness"
"""Name of the score layer in the browser (``window.raLayers``), for tests and benchmarks."""


def awareness_frame(*, basemap: str = OSM_NAME, script_font: str | None = None) -> folium.Map:
    """The map without scores: centred on Pakistan, base layers, the fallback to the offline
    basemap (fetched, not embedded), and the small-screen rules shared with the Route map.

    ``script_font`` is the URL of an Arabic-script font served by the app: tooltips then show
    Urdu names in it (the browser loads it only when such text is shown).
    """
    return add_screen_rules(
        awareness_base_map(basemap=basemap, script_font=script_font, remote=True)
    )


def districts_url(features: Sequence[Mapping[str, object]]) -> str:
    """Write the districts' geometry (and names only) as a static file; return its URL.

    ``features`` are those of :func:`layers.awareness.district_features`. The file is named by
    a hash of its content, so it is written once and a browser never keeps a stale copy.
    """
    collection = {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "geometry": feature["geometry"],
                "properties": {"district": _properties(feature)["district"]},
            }
            for feature in features
        ],
    }
    return write_data_file("awareness-districts", collection)


def _properties(feature: Mapping[str, object]) -> Mapping[str, object]:
    props = feature.get("properties")
    if not isinstance(props, Mapping) or "district" not in props:
        raise ValueError("each district feature needs properties with a 'district'")
    return props


def live_score_layer(
    url: str,
    features: Sequence[Mapping[str, object]],
    ranked: pd.DataFrame,
    *,
    top_n: int,
    name: str = N_("Awareness score"),
    notes: Mapping[str, str] | None = None,
    tr: Translator | None = None,
    names: Mapping[str, str] | None = None,
    classes: Mapping[str, Sequence[str]] | None = None,
) -> tuple[folium.FeatureGroup, cm.LinearColormap]:
    """The score layer for ``st_folium(feature_group_to_add=...)``, its geometry at ``url``.

    ``features`` are the districts written to ``url`` (their properties name each district);
    the other parameters are those of :func:`layers.awareness.district_styles`. Only the
    districts' styles and tooltips travel with the layer; when its data are drawn the map sets
    ``window.raDrawn`` to a digest of them (see :class:`layers.remote.DrawnStamp`).

    Returns
    -------
    (folium.FeatureGroup, branca.colormap.LinearColormap)
        The layer and the colour scale used (for the legend).
    """
    styles, cmap = district_styles(
        [_properties(f) for f in features], ranked, top_n=top_n, notes=notes, tr=tr,
        names=names, classes=classes,
    )  # fmt: skip
    each = {s.district: (s.style, s.tooltip, s.top) for s in styles}
    group = folium.FeatureGroup(name=name, show=True)
    remote = RemoteGeoJson(
        url,
        layer_id=LAYER_ID,
        each=("district", each),
        rank=0,
        hover_weight=3.5,
        hover_colour=HOVER_OUTLINE,
    )
    remote.add_to(group)
    DrawnStamp(hashlib.sha256(remote.spec.encode("utf-8")).hexdigest()[:16]).add_to(group)
    return group, cmap
