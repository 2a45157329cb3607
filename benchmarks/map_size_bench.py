"""How many bytes the districts layer adds to the page, derived file versus raw source.

The issue's budget is 400 KB for the districts layer and 1.5 MB for the whole map. This
benchmark renders a folium map holding only one layer and subtracts the size of the same map
without it, for

- the derived ``data/boundaries/districts.geojson`` (simplified, rounded, three fields), and
- the naive approach: the raw geoBoundaries ADM2 TopoJSON read with GeoPandas and handed to
  folium as it is (only EPSG:4326 declared, which folium needs to accept it),

with the same style and tooltip, and times building plus rendering each. It also sizes the
offline basemap, which every page carries whichever base layer is shown.

Run from the project root: ``python -m benchmarks.map_size_bench [--source DIR] [--repeat N]``.
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import folium
import geopandas as gpd

from geo import boundaries
from geo.paths import PROJECT_DIR
from layers import basemap

RAW_ADM2 = "geoBoundaries-PAK-ADM2_simplified.topojson"
DEFAULT_SOURCE = PROJECT_DIR.parent / "shared" / "geodata"


def measure_html_size(m: folium.Map) -> int:
    """Return the size in bytes (UTF-8) of the HTML page folium renders for ``m``.

    This is what a standalone page sends to the browser; ``st_folium`` sends the same scripts
    and data inside its component message.
    """
    return len(m.get_root().render().encode("utf-8"))


def layer_html_size(make_layer: Callable[[], folium.map.Layer]) -> int:
    """Bytes one layer adds to an otherwise empty map (no tiles, same settings)."""
    empty = folium.Map(tiles=None, prefer_canvas=True)
    with_layer = folium.Map(tiles=None, prefer_canvas=True)
    make_layer().add_to(with_layer)
    return measure_html_size(with_layer) - measure_html_size(empty)


def _style(_feature: dict[str, Any]) -> dict[str, Any]:
    return {"color": "#555555", "weight": 0.6, "fillColor": "#f4a261", "fillOpacity": 0.35}


def derived_districts_layer() -> folium.GeoJson:
    """The districts layer built from the derived file."""
    return folium.GeoJson(
        boundaries.load_districts(),
        name="Districts",
        style_function=_style,
        tooltip=folium.GeoJsonTooltip(["district", "province"]),
    )


def derived_districts_layer_compact() -> folium.GeoJson:
    """The same, handed over as a dict without the per-feature bounding boxes GeoPandas adds."""
    return folium.GeoJson(
        boundaries.load_districts().to_geo_dict(show_bbox=False, drop_id=True),
        name="Districts",
        style_function=_style,
        tooltip=folium.GeoJsonTooltip(["district", "province"]),
    )


def naive_districts_layer(source: Path) -> folium.GeoJson:
    """The districts layer built from the raw source file handed to folium as it is."""
    raw = gpd.read_file(source / RAW_ADM2, engine="pyogrio").set_crs("EPSG:4326")
    return folium.GeoJson(
        raw, name="Districts", style_function=_style, tooltip=folium.GeoJsonTooltip(["shapeName"])
    )


def _timed(make_layer: Callable[[], folium.map.Layer], *, repeat: int, cold: bool) -> float:
    """Median milliseconds to build the layer and render a map holding it."""
    times = []
    for _ in range(repeat):
        if cold:
            boundaries._cached.cache_clear()
            basemap._offline_data.cache_clear()
        start = time.perf_counter()
        m = folium.Map(tiles=None, prefer_canvas=True)
        make_layer().add_to(m)
        m.get_root().render()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def run(source: Path, *, repeat: int = 5) -> list[tuple[str, int, float, float]]:
    """Measure every variant; rows of (name, bytes, cold ms, warm ms)."""
    if not (source / RAW_ADM2).is_file():
        raise FileNotFoundError(f"raw source {source / RAW_ADM2} not found (use --source DIR)")
    variants: list[tuple[str, Callable[[], folium.map.Layer]]] = [
        ("districts, derived file", derived_districts_layer),
        ("districts, derived file, dict without bbox", derived_districts_layer_compact),
        ("districts, raw ADM2 TopoJSON as is", lambda: naive_districts_layer(source)),
        ("offline basemap (whole layer)", lambda: basemap.offline_basemap(show=True)),
    ]
    rows = []
    for name, make in variants:
        size = layer_html_size(make)
        cold = _timed(make, repeat=repeat, cold=True)
        warm = _timed(make, repeat=repeat, cold=False)
        rows.append((name, size, cold, warm))
    return rows


def main(argv: list[str] | None = None) -> None:
    """Print the results as a Markdown table for ``benchmarks/README.md``."""
    parser = argparse.ArgumentParser(description="Size and time of the districts layer.")
    parser.add_argument("--source", type=Path, default=DEFAULT_SOURCE, help="raw source folder")
    parser.add_argument("--repeat", type=int, default=5, help="runs per timing (median)")
    args = parser.parse_args(argv)
    rows = run(args.source, repeat=args.repeat)
    print("| Layer | HTML added (KB) | Build + render, cold (ms) | Build + render, warm (ms) |")
    print("|---|---:|---:|---:|")
    for name, size, cold, warm in rows:
        print(f"| {name} | {size / 1000:.1f} | {cold:.0f} | {warm:.0f} |")
    derived, naive = rows[0][1], rows[2][1]
    print(f"\nDerived districts layer: {derived / naive:.0%} of the naive layer's size.")


if __name__ == "__main__":
    main()
