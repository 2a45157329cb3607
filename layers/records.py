"""Map layers of interception records: circles per place, changes between periods, districts.

Records are always aggregated before they reach the map (one circle per place, never one marker
per record). The input frames come from ``geo.records.service`` or ``geo.records.timeline`` so
public maps carry suppressed counts (``"<5"``), drawn at the smallest size in grey.

Three rules make the records a layer *beside* the report's own:

- **The report stays clickable.** Records are drawn above the district polygons but below the
  report's points and lines: when the layer is added, every other marker and line on the map is
  brought back in front of it (the map draws on one canvas, where a pane of its own would catch
  every click meant for the report).
- **Their own class.** Popups and the legend say "Agency record, imported on … by …"
  (:mod:`geo.provenance`), never one of the report's confidence classes.
- **Small frames.** A layer is sent as one compact array (position, radius, colour, text) that a
  short script turns into circles, so a month of a playback costs tens of kilobytes, not the
  kilobyte per circle that one folium marker with its popup costs. The legend travels with the
  layer and leaves the map with it.

Every text from an import is escaped before it reaches the browser, including the characters
that would end a JavaScript template string.
"""

from __future__ import annotations

import math
from typing import Any

import folium
import pandas as pd

from geo.gazetteer import load_gazetteer
from geo.provenance import Provenance
from layers.popups import escape_text
from layers.records_live import RecordCircles, add_district_shapes
from layers.style import DECREASE_COLOUR, INCREASE_COLOUR

SOURCE_NOTE = "Interception records imported by IATF agencies (not figures from UNODC 2011)"
UNIT = "persons counted in the records"
COLOUR = "#d95f0e"
SUPPRESSED_COLOUR = "#777777"
UNCHANGED_COLOUR = "#999999"
BADGE_COLOUR = "#5b4a3f"
"""The agency-record badge: a colour none of the report's four confidence classes uses."""
_PLACE_COLUMNS = ("place_key", "place_name", "lat", "lon", "persons", "persons_shown", "suppressed")
_CHANGE_COLUMNS = ("place_key", "place_name", "lat", "lon", "change", "change_shown", "suppressed")


def persons_circle_radius(
    persons: float | None, largest: float, *, min_radius: float, max_radius: float
) -> float:
    """Radius in pixels of a circle whose area above the smallest circle is proportional to
    ``persons`` out of ``largest`` (the scale's top, fixed across the frames of a playback).

    A missing, suppressed or non-positive count gets the smallest circle; a count above
    ``largest`` is drawn at the largest size.
    """
    if largest <= 0 or persons is None or pd.isna(persons) or persons <= 0:
        return min_radius
    return min_radius + (max_radius - min_radius) * math.sqrt(min(persons / largest, 1.0))


def provenance_badge(provenance: Provenance) -> str:
    """The agency-record badge with the class statement ("Agency record, imported on … by …")."""
    return (
        f'<span class="ra-badge ra-agency-record" style="background:{BADGE_COLOUR};color:#fff;'
        f'padding:1px 6px;border-radius:8px;font-size:11px">{escape_text(provenance.statement)}'
        "</span>"
    )


def _size_row(title: str, colour: str, radius: float) -> str:
    size = 2 * radius
    return (
        f"<div><span style='display:inline-block;width:{size:.0f}px;height:{size:.0f}px;"
        f"border-radius:50%;background:{colour};opacity:0.7;vertical-align:middle;"
        f"margin-right:5px'></span>{title}</div>"
    )


def records_legend(
    *, title: str, period: str, provenance: Provenance, rows: list[str], note: str = ""
) -> str:
    """Legend markup of a records layer: what, unit, period, class, then the layer's rows."""
    parts = [
        f"<b>{escape_text(title)}</b>",
        f"<div>Unit: {UNIT}. Period: {escape_text(period)}.</div>",
        *rows,
        f"<div style='margin-top:3px'>{provenance_badge(provenance)}</div>",
    ]
    if note:
        parts.append(f"<div><i>{escape_text(note)}</i></div>")
    return "".join(parts)


def _tail(period: str, provenance: Provenance, extra: str = "") -> str:
    return (
        f"{extra}<br>Period: {escape_text(period)}<br>Unit: {UNIT}<br>"
        f"Source: {escape_text(SOURCE_NOTE)}<br>{provenance_badge(provenance)}"
    )


def _largest_first(frame: pd.DataFrame, column: str, max_places: int) -> pd.DataFrame:
    order = pd.to_numeric(frame[column], errors="coerce").abs().fillna(0)
    return frame.loc[order.sort_values(ascending=False, kind="stable").index[:max_places]]


def _checked(frame: pd.DataFrame, columns: tuple[str, ...]) -> None:
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise ValueError(f"place summary lacks column(s): {', '.join(missing)}")
    if frame["place_key"].duplicated().any():
        raise ValueError("one row per place expected: aggregate the records before mapping")


def records_place_layer(
    frame: pd.DataFrame,
    *,
    period: str,
    provenance: Provenance | None = None,
    largest: float | None = None,
    name: str = "Interception records (persons, by place)",
    min_radius: float = 4.0,
    max_radius: float = 30.0,
    max_places: int = 1000,
    show: bool = True,
) -> folium.FeatureGroup:
    """One circle per place, its area proportional to persons.

    Parameters
    ----------
    frame
        One row per place (``service.summary(..., by="place")`` or one month of
        ``timeline.monthly``); records located by coordinates are already grouped in cells.
    period
        Human-readable period shown in every popup and in the legend (e.g. "2023-04").
    provenance
        The records' class ("Agency record, imported on … by …"), shown in popups and legend;
        without one, the class alone.
    largest
        The count drawn at ``max_radius``. Give the same value to every month of a playback
        (``timeline.fixed_scale``) so frames compare; by default the largest count of ``frame``.
    max_places
        At most this many circles, the largest first; the legend says when some are left out.
    """
    _checked(frame, _PLACE_COLUMNS)
    provenance = provenance or Provenance()
    note = ""
    if len(frame) > max_places:
        note = f"Largest {max_places:,} of {len(frame):,} places drawn."
        frame = _largest_first(frame, "persons", max_places)
    numbers = pd.to_numeric(frame["persons"], errors="coerce").astype("float64")
    if largest is None:
        largest = float(numbers.max()) if numbers.notna().any() else 0.0
    if frame.empty:
        note = f"No records in {period} for these filters."
    rows = []
    for rec, persons in zip(frame.itertuples(index=False), numbers, strict=True):
        suppressed = bool(rec.suppressed)
        radius = persons_circle_radius(
            persons, largest, min_radius=min_radius, max_radius=max_radius
        )
        rows.append(
            [
                round(float(rec.lat), 4), round(float(rec.lon), 4), round(radius, 1),
                1 if suppressed else 0, escape_text(rec.place_name), escape_text(rec.persons_shown),
                " (small count suppressed)" if suppressed else "",
            ]
        )  # fmt: skip
    sizes = [
        _size_row(f"{largest:,.0f} persons", COLOUR, max_radius) if largest > 0 else "",
        _size_row("suppressed (small count)", SUPPRESSED_COLOUR, min_radius),
    ]
    legend = records_legend(title=name, period=period, provenance=provenance, rows=sizes, note=note)
    group = folium.FeatureGroup(name=name, show=show)
    RecordCircles(
        rows,
        colours=[COLOUR, SUPPRESSED_COLOUR],
        label="Persons",
        tail=_tail(period, provenance),
        legend=legend,
    ).add_to(group)
    return group


def records_change_layer(
    table: pd.DataFrame,
    *,
    before: str,
    after: str,
    provenance: Provenance | None = None,
    name: str = "Interception records (change in persons, by place)",
    min_radius: float = 4.0,
    max_radius: float = 30.0,
    max_places: int = 1000,
    show: bool = True,
) -> folium.FeatureGroup:
    """One circle per place sized by the change from ``before`` to ``after`` (period labels).

    ``table`` is ``timeline.compare_periods(..., by="place")``: orange for more persons, purple for
    fewer, grey for a change hidden because one of its counts is suppressed.
    """
    _checked(table, _CHANGE_COLUMNS)
    provenance = provenance or Provenance()
    note = ""
    if len(table) > max_places:
        note = f"Largest {max_places:,} of {len(table):,} changes drawn."
        table = _largest_first(table, "change", max_places)
    changes = pd.to_numeric(table["change"], errors="coerce").astype("float64")
    largest = float(changes.abs().max()) if changes.notna().any() else 0.0
    if table.empty:
        note = "No records in either period for these filters."
    rows = []
    for rec, change in zip(table.itertuples(index=False), changes, strict=True):
        colour = 3 if pd.isna(change) else 0 if change > 0 else 1 if change < 0 else 2
        radius = persons_circle_radius(
            abs(change), largest, min_radius=min_radius, max_radius=max_radius
        )
        detail = (
            f"<br>{escape_text(before)}: {escape_text(rec.shown_before)}"
            f"<br>{escape_text(after)}: {escape_text(rec.shown_after)}"
        )
        rows.append(
            [
                round(float(rec.lat), 4), round(float(rec.lon), 4), round(radius, 1), colour,
                escape_text(rec.place_name), escape_text(rec.change_shown), detail,
            ]
        )  # fmt: skip
    period = f"{before} compared with {after}"
    keys = [
        _size_row(f"more persons (largest change {largest:,.0f})", INCREASE_COLOUR, max_radius),
        _size_row("fewer persons", DECREASE_COLOUR, max_radius / 2),
        _size_row("suppressed: a small count in either period", SUPPRESSED_COLOUR, min_radius),
    ]
    legend = records_legend(title=name, period=period, provenance=provenance, rows=keys, note=note)
    group = folium.FeatureGroup(name=name, show=show)
    RecordCircles(
        rows,
        colours=[INCREASE_COLOUR, DECREASE_COLOUR, UNCHANGED_COLOUR, SUPPRESSED_COLOUR],
        label=f"Change, {escape_text(before)} to {escape_text(after)}",
        tail=_tail(period, provenance),
        legend=legend,
    ).add_to(group)
    return group


def boundary_names(names: pd.Series) -> list[str]:
    """Each district name resolved through the gazetteer to its boundary-file name.

    "Jhellum" and "Jhelum" both land on one polygon; a name the gazetteer does not know is kept.
    """
    gazetteer = load_gazetteer()

    def boundary(name: str) -> str:
        place = gazetteer.find(name)
        return place.boundary_name if place is not None and place.boundary_name else name

    return [boundary(str(name)) for name in names]


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
    data = frame[frame[column].astype(str).str.strip() != ""].copy()
    data["boundary_name"] = boundary_names(data[column])
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
    districts: Any,
    totals: pd.DataFrame,
    *,
    period: str,
    provenance: Provenance | None = None,
    largest: float | None = None,
    name: str = "Interception records (persons, by district)",
    show: bool = True,
    remote_url: str | None = None,
) -> folium.FeatureGroup:
    """Districts shaded by persons in the records, suppressed districts grey.

    ``districts`` has columns district and geometry (``geo.boundaries.load_districts``);
    ``totals`` is the output of :func:`district_totals`; ``largest`` fixes the top of the
    colour scale across the frames of a playback. Districts without records are not drawn.
    ``remote_url``: the same districts' geometry as a file the live map has fetched, so only
    colours and tooltips are sent (see :func:`layers.records_live.add_district_shapes`).
    """
    from branca.colormap import LinearColormap

    provenance = provenance or Provenance()
    numbers = pd.to_numeric(totals["persons"], errors="coerce")
    top = largest if largest else float(numbers.max()) if numbers.notna().any() else 1.0
    scale = LinearColormap(["#fee5d9", "#fb6a4a", "#a50f15"], vmin=0, vmax=max(top, 1.0))
    keys = [
        _size_row("0 persons", scale(0.0), 6),
        _size_row(f"{max(top, 1.0):,.0f} persons or more", scale(max(top, 1.0)), 6),
        _size_row("suppressed (small count)", SUPPRESSED_COLOUR, 6),
    ]
    note = "" if len(totals) else f"No records in {period} for these filters."
    legend = records_legend(title=name, period=period, provenance=provenance, rows=keys, note=note)
    group = folium.FeatureGroup(name=name, show=show)
    if len(totals):
        frame = districts.merge(totals, left_on="district", right_on="boundary_name", how="inner")
        frame["label"] = [
            f"{escape_text(d)}: {escape_text(s)} persons ({escape_text(period)}); "
            f"{escape_text(provenance.statement)}"
            for d, s in zip(frame["district"], frame["persons_shown"], strict=True)
        ]
        styles: list[dict[str, Any]] = [
            {
                "fillColor": SUPPRESSED_COLOUR if sup or pd.isna(p) else scale(min(float(p), top)),
                "fillOpacity": 0.75,
                "color": "#555555",
                "weight": 0.8,
            }
            for p, sup in zip(frame["persons"], frame["suppressed"], strict=True)
        ]
        add_district_shapes(
            group, frame, styles=styles, labels=list(frame["label"]), remote_url=remote_url
        )
    RecordCircles([], colours=[], label="", tail="", legend=legend).add_to(group)
    return group
