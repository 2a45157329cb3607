"""The route map as a PNG, drawn with matplotlib from the vendored boundaries: no internet needed.

The briefing deck and PDF need the route map as a picture. Tiles cannot be fetched offline, so
this draws the same geography as the web map's offline basemap (sea, countries, Pakistan's
provinces and outline) and the same overlays (corridor legs coloured and dashed by mode with
direction arrows, border crossings, sea launch and receiving points) with the colours of
:mod:`geo.style`, and a legend that reads like the web map's.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
from matplotlib.lines import Line2D  # noqa: E402
from matplotlib.patches import Patch  # noqa: E402

from geo.arrows import arrowhead  # noqa: E402
from geo.borders import iran_barrier  # noqa: E402
from geo.boundaries import (  # noqa: E402
    load_countries,
    load_districts,
    load_outline,
    load_provinces,
)
from geo.corridors import load_legs  # noqa: E402
from geo.places import load_crossings, load_launch_points  # noqa: E402
from geo.roles import districts_with_role, load_district_roles  # noqa: E402
from geo.style import (  # noqa: E402
    BASEMAP_COLOURS,
    MARKER_COLOURS,
    MODE_COLOURS,
    MODE_LABELS,
    ROLE_COLOURS,
    ROLE_LABELS,
    mpl_dashes,
)


@dataclass(frozen=True)
class Extent:
    """A lon/lat window with its title."""

    name: str
    title: str
    lon: tuple[float, float]
    lat: tuple[float, float]
    arrow_deg: float
    labels: tuple[str, ...]


EXTENTS: dict[str, Extent] = {
    "overview": Extent(
        "overview",
        "Corridors out of, into and through Pakistan",
        (-20.0, 115.0),
        (-14.0, 58.0),
        1.4,
        (
            "Karachi",
            "Mand Balo",
            "Tehran",
            "Istanbul",
            "Athens",
            "Rome",
            "London",
            "Dubai",
            "Muscat",
            "Jakarta",
            "Christmas Island",
            "Dhaka",
        ),
    ),
    "pakistan": Extent(
        "pakistan",
        "Pakistan and its borders",
        (55.0, 79.0),
        (21.5, 37.5),
        0.45,
        (
            "Karachi",
            "Quetta",
            "Lahore",
            "Islamabad airport",
            "Gwadar",
            "Jiwani",
            "Mand Balo",
            "Taftan",
            "Torkham",
            "Chaman",
            "Multan",
            "Bandar Abbas",
            "Muscat",
        ),
    ),
}
"""The map windows the pack offers: the whole corridor box and a zoom on Pakistan."""


def _legend_handles(role: str) -> list:
    handles = [
        Patch(
            facecolor=ROLE_COLOURS[role],
            alpha=0.65,
            edgecolor="#444444",
            label=f"District: {ROLE_LABELS[role].lower()}",
        ),
        Line2D(
            [0],
            [0],
            color="#252525",
            lw=2.2,
            linestyle=(0, (1, 2)),
            label="Iran's barrier, Taftan to Mand (§3.2)",
        ),
    ]
    for mode, colour in MODE_COLOURS.items():
        handles.append(
            Line2D(
                [0],
                [0],
                color=colour,
                lw=2.2,
                linestyle=mpl_dashes(mode, linewidth=2.2),
                label=MODE_LABELS[mode],
            )
        )
    handles.append(
        Line2D(
            [0],
            [0],
            color="#666666",
            lw=1.6,
            alpha=0.55,
            label="Paler: path through waypoints chosen here",
        )
    )
    for key, label in (
        ("crossing", "Border crossing"),
        ("launch", "Sea launch point"),
        ("receiving", "Receiving port"),
    ):
        handles.append(
            Line2D(
                [0],
                [0],
                marker="o",
                linestyle="none",
                markersize=8,
                markerfacecolor=MARKER_COLOURS[key],
                markeredgecolor="#222222",
                label=label,
            )
        )
    return handles


def _points():
    crossings = load_crossings().drop_duplicates("place_id")
    launches = load_launch_points()
    launches = launches[launches["role"].isin(["launch", "receiving"])].drop_duplicates("place_id")
    return crossings, launches


def render_route_map(
    path: Path,
    *,
    extent: str = "overview",
    corridor_ids: frozenset[str] | None = None,
    footer: str = "",
    dpi: int = 150,
    district_role: str = "migrant_source",
) -> Path:
    """Draw the route map for ``extent`` and write it as a PNG to ``path``.

    Parameters
    ----------
    path
        Where to write the PNG (its folder must exist).
    extent
        A key of ``EXTENTS``.
    corridor_ids
        Corridors to draw; ``None`` draws every corridor.
    footer
        Text under the map (data vintage and sources).
    dpi
        Resolution of the PNG.
    district_role
        The district role that colours districts, as on the web map's default.

    Returns
    -------
    pathlib.Path
        ``path``, for chaining.
    """
    if extent not in EXTENTS:
        raise ValueError(f"unknown map extent {extent!r}; choose one of {sorted(EXTENTS)}")
    if not Path(path).parent.is_dir():
        raise FileNotFoundError(f"folder {Path(path).parent} does not exist")
    box = EXTENTS[extent]
    legs = load_legs()
    if corridor_ids is not None:
        unknown = sorted(set(corridor_ids) - set(legs["corridor_id"]))
        if unknown:
            raise ValueError(f"unknown corridor(s): {', '.join(unknown)}")
        legs = legs[legs["corridor_id"].isin(corridor_ids)]

    fig, ax = plt.subplots(figsize=(12, 6.4), dpi=dpi)
    try:
        ax.set_facecolor(BASEMAP_COLOURS["water"])
        load_countries().plot(
            ax=ax,
            color=BASEMAP_COLOURS["land"],
            edgecolor=BASEMAP_COLOURS["country_edge"],
            linewidth=0.4,
        )
        load_provinces().plot(
            ax=ax,
            color=BASEMAP_COLOURS["pakistan"],
            edgecolor=BASEMAP_COLOURS["province_edge"],
            linewidth=0.5,
        )
        districts = load_districts()
        named = set(districts_with_role(load_district_roles(), district_role)["boundary_name"])
        districts[districts["district"].isin(named)].plot(
            ax=ax, color=ROLE_COLOURS[district_role], alpha=0.65, edgecolor="#444444", linewidth=0.5
        )
        load_outline().plot(
            ax=ax, facecolor="none", edgecolor=BASEMAP_COLOURS["pakistan_edge"], linewidth=1.1
        )
        for part in iran_barrier().geoms:
            bx, by = part.xy
            ax.plot(bx, by, color="#252525", linewidth=2.2, linestyle=(0, (1, 2)), zorder=4)

        width = 1.8 if extent == "overview" else 2.4
        for row in legs.itertuples():
            alpha = 0.6 if row.assumed else 0.95
            xs, ys = row.geometry.xy
            ax.plot(
                xs,
                ys,
                color=MODE_COLOURS[row.mode],
                linewidth=width,
                alpha=alpha,
                linestyle=mpl_dashes(row.mode, linewidth=width),
                solid_capstyle="round",
                zorder=3,
            )
            head = arrowhead(row.geometry, size_deg=box.arrow_deg)
            hx, hy = head.exterior.xy
            ax.fill(hx, hy, color=MODE_COLOURS[row.mode], alpha=alpha, zorder=4, linewidth=0)

        crossings, launches = _points()
        ax.scatter(
            crossings["lon"],
            crossings["lat"],
            s=46,
            c=MARKER_COLOURS["crossing"],
            edgecolors="#222222",
            linewidths=0.8,
            zorder=5,
        )
        for role in ("launch", "receiving"):
            rows = launches[launches["role"] == role]
            ax.scatter(
                rows["lon"],
                rows["lat"],
                s=46,
                c=MARKER_COLOURS[role],
                edgecolors="#222222",
                linewidths=0.8,
                zorder=5,
            )

        _label_places(ax, legs, crossings, launches, box)

        ax.set_xlim(*box.lon)
        ax.set_ylim(*box.lat)
        mid = sum(box.lat) / 2
        ax.set_aspect(1 / max(0.2, math.cos(math.radians(mid))))
        ax.set_xticks([])
        ax.set_yticks([])
        ax.set_title(box.title, fontsize=13, loc="left")
        ax.set_xlabel("")
        ax.set_ylabel("")
        ax.legend(
            handles=_legend_handles(district_role),
            loc="upper left",
            bbox_to_anchor=(1.01, 1.0),
            fontsize=7.5,
            framealpha=0.92,
            borderaxespad=0,
            title="Corridors (arrows show direction)",
            title_fontsize=8,
        )
        if footer:
            fig.text(0.01, 0.005, footer, fontsize=7, color="#444444", ha="left", va="bottom")
        fig.tight_layout(rect=(0, 0.03, 1, 1))
        fig.savefig(path, dpi=dpi, facecolor="white")
    finally:
        plt.close(fig)
    return Path(path)


def _label_places(ax, legs, crossings, launches, box: Extent) -> None:
    """Label the named places of ``box`` that lie on the drawn legs or points."""
    positions: dict[str, tuple[float, float]] = {}
    for row in legs.itertuples():
        start, end = row.geometry.coords[0], row.geometry.coords[-1]
        positions.setdefault(row.from_name, start)
        positions.setdefault(row.to_name, end)
    for frame in (crossings, launches):
        for name, lon, lat in zip(frame["name"], frame["lon"], frame["lat"], strict=True):
            positions.setdefault(name, (lon, lat))
    for name in box.labels:
        if name not in positions:
            continue
        lon, lat = positions[name]
        if not (box.lon[0] <= lon <= box.lon[1] and box.lat[0] <= lat <= box.lat[1]):
            continue
        ax.annotate(
            name,
            (lon, lat),
            xytext=(4, 3),
            textcoords="offset points",
            fontsize=7.5,
            color="#222222",
            zorder=6,
            bbox={"boxstyle": "round,pad=0.15", "fc": "white", "ec": "none", "alpha": 0.7},
        )
