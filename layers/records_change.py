"""The change in persons between two periods, district by district, as a shaded map layer.

Districts are shaded on a diverging scale symmetric about zero: more persons in the second
period orange, fewer purple, no change a neutral near-white, the depth of the colour the size of the
change against the largest change shown. A change hidden because one of its two counts is
suppressed (public sessions) is drawn grey with a dashed outline and its own legend entry: never
a colour of the scale, so it cannot be read as a value.

The layer goes the way of the other records layers (:mod:`layers.records`): its legend travels
with it (unit, both periods, the records' class), it sits above the district polygons and below
the report's points and lines (so the report's markers stay clickable), and every text from an
import is escaped (:func:`layers.popups.escape_text`) before it reaches the browser.
"""

from __future__ import annotations

from typing import Any

import folium
import pandas as pd

from geo.provenance import Provenance
from layers.popups import escape_text
from layers.records import SUPPRESSED_COLOUR, boundary_names, records_legend
from layers.records_live import RecordCircles, add_district_shapes
from layers.style import DECREASE_COLOUR, INCREASE_COLOUR

NO_CHANGE_COLOUR = "#f7f7f7"
"""The middle of the diverging scale: the same number of persons in both periods."""
SUPPRESSED_DASH = "4 3"
"""Outline of a district whose change is hidden, so grey is never mistaken for a shade."""
_NO_RECORDS = "no records"
_COLUMNS = ("district", "persons_before", "shown_before", "persons_after", "shown_after")


def _rgb(colour: str) -> tuple[int, int, int]:
    text = colour.lstrip("#")
    return int(text[0:2], 16), int(text[2:4], 16), int(text[4:6], 16)


def _between(start: str, end: str, share: float) -> str:
    low, high = _rgb(start), _rgb(end)
    mixed = (round(a + (b - a) * share) for a, b in zip(low, high, strict=True))
    return "#" + "".join(f"{c:02x}" for c in mixed)


def change_colour(change: float | None, largest: float) -> str:
    """The fill of a district whose persons changed by ``change`` (``None``: hidden).

    Symmetric about zero: ``+largest`` is :data:`~layers.style.INCREASE_COLOUR`,
    ``-largest`` :data:`~layers.style.DECREASE_COLOUR`, 0 :data:`NO_CHANGE_COLOUR`; a change
    beyond ``largest`` is drawn at the end of the scale.
    """
    if change is None or pd.isna(change):
        return SUPPRESSED_COLOUR
    if change == 0 or largest <= 0:
        return NO_CHANGE_COLOUR
    share = min(abs(float(change)) / largest, 1.0)
    return _between(NO_CHANGE_COLOUR, INCREASE_COLOUR if change > 0 else DECREASE_COLOUR, share)


def _side(part: pd.DataFrame, side: str) -> tuple[Any, str]:
    """One period's count of a boundary district made of ``part``'s rows, and its text."""
    persons, shown = part[f"persons_{side}"], part[f"shown_{side}"]
    if len(part) == 1:
        return persons.iloc[0], str(shown.iloc[0])
    if persons.isna().any():
        return pd.NA, "suppressed"
    if (shown == _NO_RECORDS).all():
        return 0, _NO_RECORDS
    total = int(pd.to_numeric(persons).sum())
    return total, f"{total:,}"


def district_changes(table: pd.DataFrame) -> pd.DataFrame:
    """One row per boundary-file district from ``timeline.compare_periods(..., by="district")``.

    Names are resolved through the gazetteer (two spellings of one district are one polygon)
    and blank districts (records located by coordinates only) are left out. A district made of
    several names shows a count only when all of its counts are shown, and a change only when
    none of its changes is hidden, so a merged figure gives nothing suppressed away.

    Returns
    -------
    pandas.DataFrame
        ``boundary_name``, ``shown_before``, ``shown_after``, ``change`` (``Int64``, missing
        where hidden), ``change_shown`` and ``suppressed``.
    """
    for needed in (*_COLUMNS, "change", "suppressed"):
        if needed not in table.columns:
            raise ValueError(f"district comparison lacks column {needed!r}")
    data = table[table["district"].astype(str).str.strip() != ""].copy()
    data["boundary_name"] = boundary_names(data["district"])
    rows = []
    for name, part in data.groupby("boundary_name", sort=True):
        before, shown_before = _side(part, "before")
        after, shown_after = _side(part, "after")
        hidden = bool(part["suppressed"].any())
        change = pd.NA if hidden else int(pd.to_numeric(part["change"]).sum())
        text = "suppressed" if hidden else f"{change:+,}" if change else "0"
        rows.append((name, shown_before, shown_after, change, text, hidden))
    columns = ["boundary_name", "shown_before", "shown_after", "change", "change_shown"]
    out = pd.DataFrame(rows, columns=[*columns, "suppressed"])
    out["change"] = out["change"].astype("Int64")
    return out


def _count(shown: object) -> str:
    text = escape_text(shown)
    return text if str(shown) == _NO_RECORDS else f"{text} persons"


def _swatch(title: str, colour: str, *, dashed: bool = False) -> str:
    border = "1px dashed #333" if dashed else "1px solid #555"
    return (
        f"<div><span style='display:inline-block;width:14px;height:10px;background:{colour};"
        f"border:{border};vertical-align:middle;margin-right:5px'></span>{title}</div>"
    )


def records_district_change_layer(
    districts: Any,
    changes: pd.DataFrame,
    *,
    before: str,
    after: str,
    provenance: Provenance | None = None,
    name: str = "Interception records (change in persons, by district)",
    show: bool = True,
    remote_url: str | None = None,
) -> folium.FeatureGroup:
    """Districts shaded by the change in persons from ``before`` to ``after`` (period labels).

    ``districts`` has columns district and geometry (``geo.boundaries.load_districts``);
    ``changes`` is the output of :func:`district_changes`. Districts without records in either
    period are not drawn.
    ``remote_url`` as in :func:`layers.records.records_district_layer`.
    """
    provenance = provenance or Provenance()
    numbers = pd.to_numeric(changes["change"], errors="coerce").abs()
    largest = float(numbers.max()) if numbers.notna().any() else 0.0
    top = f"{largest:,.0f}" if largest else "the largest change"
    keys = [
        _swatch(f"{top} more persons or more", INCREASE_COLOUR),
        _swatch("no change", NO_CHANGE_COLOUR),
        _swatch(f"{top} fewer persons or more", DECREASE_COLOUR),
        _swatch("change hidden: a small count in either period (not a value)",
                SUPPRESSED_COLOUR, dashed=True),
    ]  # fmt: skip
    note = "" if len(changes) else "No records in either period for these filters."
    period = f"{before} compared with {after}"
    legend = records_legend(title=name, period=period, provenance=provenance, rows=keys, note=note)
    group = folium.FeatureGroup(name=name, show=show)
    frame = districts.merge(changes, left_on="district", right_on="boundary_name", how="inner")
    if len(frame):
        frame["label"] = [
            f"<b>{escape_text(d)}</b><br>{escape_text(before)}: {_count(b)}<br>"
            f"{escape_text(after)}: {_count(a)}<br>Change: {escape_text(c)}"
            f"<br>{escape_text(provenance.statement)}"
            for d, b, a, c in zip(
                frame["district"],
                frame["shown_before"],
                frame["shown_after"],
                frame["change_shown"],
                strict=True,
            )
        ]
        styles: list[dict[str, Any]] = [
            {
                "fillColor": change_colour(None if hidden else change, largest),
                "fillOpacity": 0.8,
                "color": "#333333" if hidden else "#555555",
                "dashArray": SUPPRESSED_DASH if hidden else None,
                "weight": 1.2 if hidden else 0.8,
            }
            for change, hidden in zip(frame["change"], frame["suppressed"], strict=True)
        ]
        add_district_shapes(
            group, frame, styles=styles, labels=list(frame["label"]), remote_url=remote_url
        )
    RecordCircles([], colours=[], label="", tail="", legend=legend).add_to(group)
    return group
