"""The report's figures: value or range, unit, period, place, section, quote and confidence.

A figure is only comparable with figures of the same ``measure`` (same unit and period basis).
The map sizes symbols per measure and never across measures, so a cumulative count over sixteen
years is never drawn on the same scale as a head-count "at any one time".
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from geo.confidence import Confidence, parse_confidence
from geo.tables import DataTableError, read_table

COLUMNS = (
    "figure_id", "label", "category", "measure", "value", "value_high", "qualifier", "unit",
    "period", "place_id", "section", "quote", "confidence", "source", "note",
)  # fmt: skip

QUALIFIERS = frozenset({"", "approximately", "more than", "fewer than", "up to"})


@dataclass(frozen=True)
class Figure:
    """One number (or range) stated in, or cited by, the source report."""

    figure_id: str
    label: str
    category: str
    measure: str
    value: float
    value_high: float | None
    qualifier: str
    unit: str
    period: str
    place_id: str
    section: str
    quote: str
    confidence: Confidence
    source: str
    note: str

    @property
    def midpoint(self) -> float:
        """Middle of the range (or the value): used only to size symbols, never shown as data."""
        return self.value if self.value_high is None else (self.value + self.value_high) / 2

    def display(self) -> str:
        """The figure as the report states it, e.g. 'more than 500' or '15,000–20,000'."""
        text = format_number(self.value)
        if self.value_high is not None:
            text = f"{text}–{format_number(self.value_high)}"
        return f"{self.qualifier} {text}".strip()


def format_number(value: float) -> str:
    """Format a count or amount with thousands separators and no spurious decimals."""
    if float(value).is_integer():
        return f"{int(value):,}"
    return f"{value:,.2f}".rstrip("0").rstrip(".")


def _figure_from_row(row: dict[str, Any]) -> Figure:
    qualifier = row["qualifier"].strip()
    if qualifier not in QUALIFIERS:
        raise DataTableError(f"figure {row['figure_id']!r}: unknown qualifier {qualifier!r}")
    high = row["value_high"]
    high = None if high != high else float(high)  # NaN check without numpy
    if high is not None and high < row["value"]:
        raise DataTableError(f"figure {row['figure_id']!r}: range upper bound below lower bound")
    return Figure(
        figure_id=row["figure_id"].strip(),
        label=row["label"].strip(),
        category=row["category"].strip(),
        measure=row["measure"].strip(),
        value=float(row["value"]),
        value_high=high,
        qualifier=qualifier,
        unit=row["unit"].strip(),
        period=row["period"].strip(),
        place_id=row["place_id"].strip(),
        section=row["section"].strip(),
        quote=row["quote"].strip(),
        confidence=parse_confidence(row["confidence"]),
        source=row["source"].strip(),
        note=row["note"].strip(),
    )


def figures_from_table(data_dir: Path | None = None) -> list[Figure]:
    """Read and check ``figures.csv``."""
    frame = read_table(
        "figures",
        required=COLUMNS,
        non_empty=(
            "figure_id",
            "label",
            "measure",
            "value",
            "unit",
            "period",
            "section",
            "quote",
            "confidence",
            "source",
        ),  # fmt: skip
        numeric=("value", "value_high"),
        data_dir=data_dir,
    )
    figures = [_figure_from_row(row) for row in frame.to_dict("records")]
    ids = [f.figure_id for f in figures]
    duplicates = {i for i in ids if ids.count(i) > 1}
    if duplicates:
        raise DataTableError(f"figures.csv: duplicate figure_id {sorted(duplicates)}")
    return figures


@lru_cache(maxsize=1)
def load_figures() -> tuple[Figure, ...]:
    """All figures of the project, read once per process."""
    return tuple(figures_from_table())


def figure(figure_id: str) -> Figure:
    """Return one figure by id; ``KeyError`` names the missing id."""
    for item in load_figures():
        if item.figure_id == figure_id:
            return item
    raise KeyError(f"no figure {figure_id!r} in figures.csv")


def figures_by_measure(figures: tuple[Figure, ...] | list[Figure]) -> dict[str, list[Figure]]:
    """Group figures by measure: only figures within one group may share a symbol scale."""
    groups: dict[str, list[Figure]] = {}
    for item in figures:
        groups.setdefault(item.measure, []).append(item)
    return groups


@dataclass(frozen=True)
class Measure:
    """What a group of comparable figures measures, in words, and whether maps show it first."""

    measure: str
    label: str
    drawn_by_default: bool


def measures_from_table(data_dir: Path | None = None) -> dict[str, Measure]:
    """Read ``measures.csv``: one label per measure used in ``figures.csv``."""
    frame = read_table(
        "measures",
        required=("measure", "label", "drawn_by_default", "source", "note"),
        non_empty=("measure", "label", "drawn_by_default"),
        data_dir=data_dir,
    )
    bad = sorted(set(frame["drawn_by_default"]) - {"yes", "no"})
    if bad:
        raise DataTableError(f"measures.csv: drawn_by_default must be yes or no, found {bad}")
    return {
        row["measure"]: Measure(row["measure"], row["label"], row["drawn_by_default"] == "yes")
        for row in frame.to_dict("records")
    }


@lru_cache(maxsize=1)
def load_measures() -> dict[str, Measure]:
    """The project's measure labels, read once per process (treat as read-only)."""
    return measures_from_table()
