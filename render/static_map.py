"""The route map as a PNG, drawn with matplotlib from the vendored boundaries: no internet needed.

The briefing deck and PDF need the route map as a picture. Tiles cannot be fetched offline, so
this draws the same geography as the web map's offline basemap (sea, countries, Pakistan's
provinces and outline) and the same overlays (corridor legs coloured and dashed by mode with
direction arrows, border crossings, sea launch and receiving points) with the colours of
:mod:`layers.style`, and a legend that reads like the web map's.

The legend sits in its own column right of the map (constrained layout reserves its room, so it
is never clipped); place labels are moved apart with ``adjustText`` and any label that still
overlaps one placed before it is dropped, in the order of ``Extent.labels``, so no two labels
ever collide. :func:`draw_map` returns the figure so tests can check the drawn artists.
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import pandas as pd
from adjustText import adjust_text
from matplotlib.artist import Artist
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch
from matplotlib.text import Text

from geo.borders import iran_barrier
from geo.boundaries import load_countries, load_districts, load_outline, load_provinces
from geo.briefing.model import MapPicture
from geo.corridors import load_legs
from geo.errors import UserInputError
from geo.places import load_crossings, load_launch_points
from geo.roles import districts_with_role, load_district_roles
from layers.arrows import arrowhead
from layers.style import (
    BASEMAP_COLOURS,
    DESTINATION_COLOURS,
    MARKER_COLOURS,
    MODE_COLOURS,
    MODE_LABELS,
    ROLE_COLOURS,
    ROLE_LABELS,
    mpl_dashes,
)
from render.extents import EXTENTS, Extent

SITE_COLOURS = {"new": "#ffd92f", "existing": "#ffffff"}
"""Fill of a checkpoint site on the plan's map (edged black, star-shaped)."""


def _role_colour(role: str, detail: str | None) -> str:
    return DESTINATION_COLOURS.get(detail or "", ROLE_COLOURS.get(role, "#d73027"))


def _legend_handles(picture: MapPicture) -> list[Artist]:
    role = picture.role
    label = ROLE_LABELS.get(role, role.replace("_", " ")).lower()
    if picture.detail:
        label += f": {picture.detail}"
    handles: list[Artist] = [
        Patch(
            facecolor=_role_colour(role, picture.detail),
            alpha=0.65,
            edgecolor="#444444",
            label=f"District: {label}",
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
                linestyle=mpl_dashes(mode, linewidth=2.2),  # type: ignore[arg-type]
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
    for existing, text in ((False, "Checkpoint site (new, plan)"), (True, "Existing checkpoint")):
        if any(site.existing is existing for site in picture.sites):
            handles.append(
                Line2D(
                    [0],
                    [0],
                    marker="*",
                    linestyle="none",
                    markersize=13,
                    markerfacecolor=SITE_COLOURS["existing" if existing else "new"],
                    markeredgecolor="#111111",
                    label=text,
                )
            )
    return handles


def _points() -> tuple[pd.DataFrame, pd.DataFrame]:
    crossings = load_crossings().drop_duplicates("place_id")
    launches = load_launch_points()
    launches = launches[launches["role"].isin(["launch", "receiving"])].drop_duplicates("place_id")
    return crossings, launches


class MapPictureError(UserInputError, ValueError):
    """A map picture asks for an unknown window or corridor."""


def draw_map(picture: MapPicture, *, footer: str = "", dpi: int = 150) -> Figure:
    """Draw ``picture`` and return the figure (not yet saved).

    Parameters
    ----------
    picture
        Window (a key of ``EXTENTS``), corridors (``None``: all), district colouring and the
        checkpoint sites to mark.
    footer
        Text under the map (data vintage and sources).
    dpi
        Resolution the figure is laid out for.
    """
    box = _window(picture)
    legs = load_legs()
    if picture.corridor_ids is not None:
        unknown = sorted(set(picture.corridor_ids) - set(legs["corridor_id"]))
        if unknown:
            raise MapPictureError(f"unknown corridor(s): {', '.join(unknown)}")
        legs = legs[legs["corridor_id"].isin(picture.corridor_ids)]

    fig = Figure(figsize=(12, 6.4), dpi=dpi, layout="constrained")
    FigureCanvasAgg(fig)
    ax = fig.add_subplot()
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
    roles = districts_with_role(load_district_roles(), picture.role, picture.detail)
    named = set(roles["boundary_name"])
    shaded = districts[districts["district"].isin(named)]
    if not shaded.empty:
        shaded.plot(
            ax=ax,
            color=_role_colour(picture.role, picture.detail),
            alpha=0.65,
            edgecolor="#444444",
            linewidth=0.5,
        )
    load_outline().plot(
        ax=ax, facecolor="none", edgecolor=BASEMAP_COLOURS["pakistan_edge"], linewidth=1.1
    )
    for part in iran_barrier().geoms:
        bx, by = part.xy
        ax.plot(bx, by, color="#252525", linewidth=2.2, linestyle=(0, (1, 2)), zorder=4)

    width = 1.8 if box.name == "overview" else 2.4
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
            gid=f"leg:{row.corridor_id}",
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
    for site in picture.sites:
        ax.scatter(
            [site.lon],
            [site.lat],
            s=190,
            marker="*",
            c=SITE_COLOURS["existing" if site.existing else "new"],
            edgecolors="#111111",
            linewidths=0.9,
            zorder=7,
        )

    ax.set_xlim(*box.lon)
    ax.set_ylim(*box.lat)
    mid = sum(box.lat) / 2
    ax.set_aspect(1 / max(0.2, math.cos(math.radians(mid))))
    ax.set_xticks([])
    ax.set_yticks([])
    ax.set_xlabel("")
    ax.set_ylabel("")
    ax.set_title(picture.title or box.title, fontsize=13, loc="left")
    fig.legend(
        handles=_legend_handles(picture),
        loc="outside right upper",
        fontsize=8,
        framealpha=0.92,
        title="Corridors (arrows show direction)",
        title_fontsize=8.5,
    )
    if footer:
        fig.supxlabel(footer, fontsize=7, color="#444444", x=0.01, ha="left")
    fig.draw_without_rendering()  # settle the layout, then freeze it before placing labels
    fig.set_layout_engine("none")
    _label_places(ax, legs, crossings, launches, box, picture)
    return fig


def _window(picture: MapPicture) -> Extent:
    """The window of ``picture``; for ``"fit"``, the first (smallest) that holds every site."""
    if picture.extent == "fit":
        for box in sorted(EXTENTS.values(), key=lambda b: b.lon[1] - b.lon[0]):
            if all(
                box.lon[0] <= s.lon <= box.lon[1] and box.lat[0] <= s.lat <= box.lat[1]
                for s in picture.sites
            ):
                return box
        return max(EXTENTS.values(), key=lambda b: b.lon[1] - b.lon[0])
    if picture.extent not in EXTENTS:
        raise MapPictureError(f"unknown map extent {picture.extent!r}; one of {sorted(EXTENTS)}")
    return EXTENTS[picture.extent]


def render_map(picture: MapPicture, path: Path, *, footer: str = "", dpi: int = 150) -> Path:
    """Draw ``picture`` and write it as a PNG to ``path`` (its folder must exist)."""
    if not Path(path).parent.is_dir():
        raise FileNotFoundError(f"folder {Path(path).parent} does not exist")
    fig = draw_map(picture, footer=footer, dpi=dpi)
    fig.savefig(path, dpi=dpi, facecolor="white")
    return Path(path)


def label_texts(fig: Figure) -> list[Text]:
    """The place labels drawn on the map of ``fig`` (for checks)."""
    return [t for t in fig.axes[0].texts if t.get_gid() == "place-label" and t.get_visible()]


def _label_places(
    ax: Axes,
    legs: pd.DataFrame,
    crossings: pd.DataFrame,
    launches: pd.DataFrame,
    box: Extent,
    picture: MapPicture,
) -> None:
    """Label the named places of ``box`` on the drawn legs or points, and the plan's sites,
    moved apart, dropping any that would still overlap one placed before it."""
    positions: dict[str, tuple[float, float]] = {}
    for site in picture.sites:
        positions.setdefault(site.name, (site.lon, site.lat))
    for row in legs.itertuples():
        start, end = row.geometry.coords[0], row.geometry.coords[-1]
        positions.setdefault(str(row.from_name), (start[0], start[1]))
        positions.setdefault(str(row.to_name), (end[0], end[1]))
    for frame in (crossings, launches):
        for name, lon, lat in zip(frame["name"], frame["lon"], frame["lat"], strict=True):
            positions.setdefault(str(name), (float(lon), float(lat)))
    wanted = [site.name for site in picture.sites] + [n for n in box.labels if n in positions]
    texts: list[Text] = []
    for name in dict.fromkeys(wanted):
        lon, lat = positions[name]
        if not (box.lon[0] <= lon <= box.lon[1] and box.lat[0] <= lat <= box.lat[1]):
            continue
        text = ax.text(
            lon,
            lat,
            name,
            fontsize=8,
            color="#111111",
            zorder=8,
            gid="place-label",
            bbox={"boxstyle": "round,pad=0.15", "fc": "white", "ec": "none", "alpha": 0.8},
        )
        texts.append(text)
    if not texts:
        return
    xs = [positions[t.get_text()][0] for t in texts]
    ys = [positions[t.get_text()][1] for t in texts]
    adjust_text(
        texts,
        x=xs,
        y=ys,
        ax=ax,
        ensure_inside_axes=True,
        expand=(1.15, 1.35),
    )
    _drop_overlaps(ax, texts)


def _drop_overlaps(ax: Axes, texts: list[Text]) -> None:
    """Hide every label whose box meets a label kept before it or leaves the axes."""
    figure: Any = ax.figure
    renderer = figure.canvas.get_renderer()
    figure.draw_without_rendering()
    frame = ax.get_window_extent(renderer)
    kept: list[Any] = []
    for text in texts:
        bbox = text.get_window_extent(renderer)
        patch = text.get_bbox_patch()
        if patch is not None:
            bbox = patch.get_window_extent(renderer)
        inside = (
            frame.x0 <= bbox.x0 and bbox.x1 <= frame.x1 and frame.y0 <= bbox.y0
            and bbox.y1 <= frame.y1
        )  # fmt: skip
        if not inside or any(bbox.overlaps(other) for other in kept):
            text.set_visible(False)
            continue
        kept.append(bbox)
