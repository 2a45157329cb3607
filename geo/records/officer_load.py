"""Load per officer at processing points, derived from the report's own figures (§8.1).

The report illustrates the lack of resources by the ratio of officers to deportees or
offloadees (UNODC 2011, §8.1): Karachi port, Quetta and Islamabad airport. Only Karachi port and
Quetta state both a head-count "at any one time" and a number of officers, so only they yield a
load per officer, and both are bounds ("more than 500" persons, "fewer than 10" officials), not
point values. Islamabad airport gives a flow (30-40 deportees every two days) and "minimal staff"
with no number, so no ratio exists. Turkey's 71,503 interceptions are a cumulative count over
sixteen years: a different unit, never put on the same scale. The figures are read from
``data/figures.csv`` through ``geo.figures``.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from geo.confidence import Confidence
from geo.figures import Figure, figure, format_number

UNIT = "persons to process per officer, at any one time"


@dataclass(frozen=True)
class OfficerLoad:
    """Persons per officer at one processing point, with the figures it comes from."""

    place: str
    persons: Figure
    officers: Figure | None
    low: float | None
    high: float | None
    qualifier: str
    confidence: Confidence
    section: str
    note: str

    def display(self) -> str:
        """The load as words, e.g. 'more than 12.5' or 'more than 50–60'."""
        if self.low is None:
            return "not stated"
        text = format_number(self.low)
        if self.high is not None and self.high != self.low:
            text += f"–{format_number(self.high)}"
        return f"{self.qualifier} {text}".strip()


def _weaker(a: Confidence, b: Confidence) -> Confidence:
    order = list(Confidence)
    return a if order.index(a) >= order.index(b) else b


def _ratio(place: str, persons: Figure, officers: Figure) -> OfficerLoad:
    if persons.measure != "persons_at_one_time" or officers.measure != "officers_available":
        raise ValueError(f"{place}: figures of the wrong measure for a load per officer")
    if persons.qualifier in ("fewer than", "up to") or officers.qualifier == "more than":
        raise ValueError(f"{place}: the qualifiers give no lower bound for the load")
    lower_bound = persons.qualifier == "more than" or officers.qualifier == "fewer than"
    high = persons.value_high / officers.value if persons.value_high is not None else None
    return OfficerLoad(
        place=place,
        persons=persons,
        officers=officers,
        low=persons.value / officers.value,
        high=high,
        qualifier="more than" if lower_bound else "",
        confidence=_weaker(persons.confidence, officers.confidence),
        section=persons.section,
        note=(
            f"{persons.display()} {persons.unit} / {officers.display()} {officers.unit}; "
            + ("a lower bound, since the report gives bounds" if lower_bound else "")
        ),
    )


def officer_loads() -> list[OfficerLoad]:
    """Load per officer for every processing point the report describes (§8.1)."""
    islamabad = figure("islamabad_airport_deportees")
    return [
        _ratio("Karachi port", figure("karachi_port_deportees_at_once"),
               figure("karachi_port_officers")),
        _ratio("Quetta (FIA)", figure("quetta_processed_at_once"), figure("quetta_officials")),
        OfficerLoad(
            place="Islamabad airport",
            persons=islamabad,
            officers=None,
            low=None,
            high=None,
            qualifier="",
            confidence=islamabad.confidence,
            section=islamabad.section,
            note=(
                f"{islamabad.display()} {islamabad.unit}, 'with minimal staff': the report "
                "gives no number of officers, so no load per officer can be computed"
            ),
        ),
    ]  # fmt: skip


def loads_table(loads: list[OfficerLoad] | None = None) -> pd.DataFrame:
    """The loads as a table (also the CSV behind the chart)."""
    rows = []
    for item in loads if loads is not None else officer_loads():
        rows.append(
            {
                "place": item.place,
                "load_per_officer": item.display(),
                "low": item.low,
                "high": item.high,
                "unit": UNIT if item.low is not None else "",
                "persons_stated": f"{item.persons.display()} {item.persons.unit}",
                "officers_stated": (
                    f"{item.officers.display()} {item.officers.unit}" if item.officers else
                    "not stated ('minimal staff')"
                ),
                "period": item.persons.period,
                "section": f"UNODC 2011, {item.section}",
                "confidence": item.confidence.label,
                "note": item.note,
            }
        )  # fmt: skip
    return pd.DataFrame(rows)


def turkey_interceptions() -> Figure:
    """Turkey's cumulative count of Pakistanis intercepted (§4.2.1): a separate unit."""
    return figure("turkey_intercepted_pakistanis")
