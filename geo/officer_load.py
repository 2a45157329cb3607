"""Interception load per officer from the report's own figures (§8.1), bounds kept as bounds.

The report compares officers with deportees at three places: Karachi port (more than 500 at one
time, 40 officers), Quetta (500–600 at one time, fewer than 10 officials) and Islamabad airport
(30–40 deportees every two days, "minimal staff"). A ratio is computed only where both numbers
exist and only as the bound the qualifiers allow: "more than 500" over 40 is *more than* 12.5.
Islamabad gives no staff number, so no ratio is computed there, and its count is per two days,
a different unit from "at one time": it is never put on the same scale.

Every load carries the FIA's statement that the volume of deportees and offloadees has fallen
over the years (§8.1 note 23, ``report_facts.csv``): the report's numbers are snapshots of a
falling volume, with no figures for the fall, so no load may be read as a current rate or trend.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from geo.catalog import ReportFact, report_fact
from geo.confidence import Confidence
from geo.figures import Figure, figure, format_number, load_figures

UNIT = "persons to process per officer, at any one time"

LOAD_PAIRS: tuple[tuple[str, str, str | None], ...] = (
    ("Karachi port", "karachi_port_deportees_at_once", "karachi_port_officers"),
    ("Quetta", "quetta_processed_at_once", "quetta_officials"),
    ("Islamabad airport", "islamabad_airport_deportees", None),
)
"""(place, people figure, staff figure or ``None`` when the report gives no staff number)."""

TREND_FACT = "load_trend"
"""Id in ``report_facts.csv`` of the FIA's statement that the volume has fallen (§8.1 note 23)."""

_LOWER = {"more than"}
_UPPER = {"fewer than", "up to"}


@dataclass(frozen=True)
class OfficerLoad:
    """People to process per officer at one place, or the reason none can be computed."""

    place: str
    people: Figure
    staff: Figure | None
    low: float | None
    high: float | None
    bound: str
    """"exact", "more than", "fewer than", "approximately" or "" when not computable."""
    reason: str
    """Why no ratio is given (empty when one is)."""

    @property
    def computable(self) -> bool:
        return self.low is not None

    @property
    def caveat(self) -> str:
        """The FIA's trend statement every load carries (§8.1 note 23)."""
        return trend_caveat()

    @property
    def sections(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(f.section for f in (self.people, self.staff) if f))

    @property
    def confidence(self) -> Confidence:
        """The weakest class of the inputs (a ratio is no stronger than its parts)."""
        order = list(Confidence)
        inputs = [f.confidence for f in (self.people, self.staff) if f]
        return max(inputs, key=order.index)

    def display(self) -> str:
        """E.g. 'more than 12.5 per officer' or the reason no ratio is given."""
        if self.low is None:
            return self.reason
        text = _round(self.low)
        if self.high is not None and self.high != self.low:
            text = f"{text}–{_round(self.high)}"
        prefix = "" if self.bound == "exact" else f"{self.bound} "
        return f"{prefix}{text} per officer"


def trend_fact() -> ReportFact:
    """The FIA's statement that deportees and offloadees have fallen over the years."""
    return report_fact(TREND_FACT)


def trend_caveat() -> str:
    """The caveat shown with every load-per-officer figure, table and chart."""
    fact = trend_fact()
    return (
        "According to the FIA, the volume of deportees and offloadees has decreased over the "
        f"years ({fact.citation()}; {fact.confidence.label}); the report gives no figures for "
        "the fall, so these loads are snapshots, not a trend."
    )


def _round(value: float) -> str:
    return format_number(round(value, 1))


def _side(qualifier: str) -> str:
    if qualifier in _LOWER:
        return "lower"
    if qualifier in _UPPER:
        return "upper"
    return "approx" if qualifier == "approximately" else "exact"


def ratio_bound(people: Figure, staff: Figure) -> tuple[float | None, float | None, str]:
    """Divide people by staff and say which bound the qualifiers allow.

    A lower bound on people or an upper bound on staff makes the ratio a lower bound ("more
    than"); the reverse makes it an upper bound; bounds pulling both ways leave it unknown.
    """
    if staff.value_high is not None:
        raise ValueError(f"staff figure {staff.figure_id!r} is a range; a ratio is not defined")
    if staff.value <= 0:
        raise ValueError(f"staff figure {staff.figure_id!r} must be positive")
    top, bottom = _side(people.qualifier), _side(staff.qualifier)
    ways = set()
    if top == "lower" or bottom == "upper":
        ways.add("more than")
    if top == "upper" or bottom == "lower":
        ways.add("fewer than")
    low = people.value / staff.value
    high = None if people.value_high is None else people.value_high / staff.value
    if len(ways) > 1:
        return None, None, ""
    if ways:
        return low, high, ways.pop()
    if "approx" in (top, bottom):
        return low, high, "approximately"
    return low, high, "exact"


def officer_loads(figures: tuple[Figure, ...] | None = None) -> tuple[OfficerLoad, ...]:
    """The load per officer at each place the report compares (§8.1)."""
    by_id = {f.figure_id: f for f in (figures or load_figures())}
    loads = []
    for place, people_id, staff_id in LOAD_PAIRS:
        people = by_id[people_id]
        if staff_id is None:
            loads.append(
                OfficerLoad(
                    place,
                    people,
                    None,
                    None,
                    None,
                    "",
                    "no ratio: the report gives no staff number ('minimal staff')",
                )
            )
            continue
        staff = by_id[staff_id]
        if people.measure != "persons_at_one_time":
            raise ValueError(f"{people_id}: expected a count of people at one time")
        low, high, bound = ratio_bound(people, staff)
        reason = "" if low is not None else "no ratio: the qualifiers bound it both ways"
        loads.append(OfficerLoad(place, people, staff, low, high, bound, reason))
    return tuple(loads)


def loads_table(loads: tuple[OfficerLoad, ...] | None = None) -> pd.DataFrame:
    """The loads as a table with their inputs and provenance (also the CSV behind a chart)."""
    rows: list[dict[str, object]] = []
    for item in loads if loads is not None else officer_loads():
        rows.append(
            {
                "place": item.place,
                "load_per_officer": item.display(),
                "low": item.low,
                "high": item.high,
                "unit": UNIT if item.computable else "",
                "persons_stated": f"{item.people.display()} {item.people.unit}",
                "officers_stated": (
                    f"{item.staff.display()} {item.staff.unit}"
                    if item.staff
                    else "not stated ('minimal staff')"
                ),
                "period": item.people.period,
                "section": "UNODC 2011, " + "; ".join(item.sections),
                "confidence": item.confidence.label,
                "note": item.reason,
                "caveat": item.caveat,
            }
        )
    return pd.DataFrame(rows)


def turkey_interceptions() -> Figure:
    """Turkey's cumulative count of Pakistanis intercepted (§4.2.1): a different unit."""
    return figure("turkey_intercepted_pakistanis")
