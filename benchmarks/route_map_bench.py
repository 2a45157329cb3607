"""Route map: size of what the browser receives and the server time of a warm rerun.

Run from the project root: ``python -m benchmarks.route_map_bench [--repeat N]``. Compares the
project's map with the naive approach (the raw ADM2 TopoJSON handed to folium as is) in the
same run. Numbers are written in ``benchmarks/README.md`` under "Route map".
"""

from __future__ import annotations

import argparse
import copy
import statistics
import time
from pathlib import Path
from unittest import mock

import folium
import geopandas as gpd

from geo.boundaries import load_districts, province_of
from geo.roles import load_district_roles
from layers.districts import district_roles_layer
from layers.route_map import build_route_map

PROJECT = Path(__file__).resolve().parent.parent
RAW_ADM2 = PROJECT.parent / "shared" / "geodata" / "geoBoundaries-PAK-ADM2_simplified.topojson"


def html_size(m: folium.Map) -> int:
    """Bytes of the rendered page."""
    return len(m.get_root().render().encode("utf-8"))


def raw_districts() -> gpd.GeoDataFrame:
    """The source district file as read, with the two columns the layer needs."""
    raw = gpd.read_file(RAW_ADM2).set_crs(4326, allow_override=True)
    raw["district"] = raw["shapeName"]
    raw["province"] = [province_of(name) for name in raw["district"]]
    return raw


def districts_layer_size(districts: gpd.GeoDataFrame) -> int:
    """Bytes the districts layer adds to an empty map."""
    import folium

    empty = folium.Map(tiles=None)
    base = html_size(empty)
    with_layer = folium.Map(tiles=None)
    district_roles_layer(districts, load_district_roles(), role="migrant_source").add_to(with_layer)
    return html_size(with_layer) - base


def warm_rerun_ms(repeat: int) -> list[float]:
    """Server time of reruns of the Route map page after the first run (AppTest)."""
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(PROJECT / "app.py"), default_timeout=300).run()
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        at.run()
        times.append((time.perf_counter() - start) * 1000)
        assert not at.exception
    return times


def timed_build_ms(repeat: int, *, naive: bool) -> list[float]:
    """Build and render the whole map, with the project's or the raw districts."""
    raw = raw_districts() if naive else None
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        if naive:
            assert raw is not None
            with mock.patch("layers.route_map.load_districts", return_value=raw.copy()):
                m = build_route_map()
        else:
            m = build_route_map()
        copy.deepcopy(m).get_root().render()
        times.append((time.perf_counter() - start) * 1000)
    return times


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args(argv)

    whole = html_size(build_route_map())
    with mock.patch("layers.route_map.load_districts", return_value=raw_districts()):
        naive_whole = html_size(build_route_map())
    layer = districts_layer_size(load_districts())
    naive_layer = districts_layer_size(raw_districts())
    build = statistics.median(timed_build_ms(args.repeat, naive=False))
    naive_build = statistics.median(timed_build_ms(args.repeat, naive=True))
    rerun = warm_rerun_ms(args.repeat)

    print("| Measure | Project | Naive (raw ADM2 as is) | Target |")
    print("|---|---:|---:|---:|")
    print(f"| whole map HTML, all layers (KB) | {whole / 1024:,.0f} | {naive_whole / 1024:,.0f} "
          "| ≤ 1,536 |")  # fmt: skip
    print(f"| districts layer (KB) | {layer / 1024:,.0f} | {naive_layer / 1024:,.0f} | ≤ 400 |")
    print(f"| build + render of the map (ms, median) | {build:,.0f} | {naive_build:,.0f} | |")
    print(
        f"| warm rerun of the Route map page (ms, median of {args.repeat}) | "
        f"{statistics.median(rerun):,.0f} | | ≤ 300 |"
    )
    print(f"warm reruns (ms): {', '.join(f'{t:.0f}' for t in rerun)}")


if __name__ == "__main__":
    main()
