"""Cost ladders per corridor, air against land and sea, and the report on risk and payment.

The report gives few costs (§4.3): cumulative totals by land and sea from Pakistan to Turkey,
Greece and Italy, a cost to reach Karachi, and a range for an air visa and ticket to Europe.
``data/costs.csv`` places each cost figure on a corridor at the place it refers to. This module
orders those figures along their corridor into a ladder, converts them with the stated exchange
rate (keeping ranges as ranges and qualifiers such as "approximately" attached), and re-exports
from :mod:`geo.cost_statements` the risk the report attaches to each mode and what it says of
how migrants pay. It invents nothing: where the report is silent (sea routes, the Australia
route) the silence is returned as text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import pandas as pd

from geo.corridors import Corridor, load_corridors
from geo.cost_statements import (  # noqa: F401  (re-exported)
    SOURCE,
    Statement,
    cost_silences,
    mode_risks,
    payment_statements,
)
from geo.currency import CURRENCIES, RateTable
from geo.errors import CuratedDataError
from geo.figures import Figure, format_number, load_figures
from geo.tables import read_table


class CostDataError(CuratedDataError, ValueError):
    """``costs.csv`` does not match the figures, corridors or ordering it refers to."""


@dataclass(frozen=True)
class CostStep:
    """One cost figure placed on a corridor at the place it refers to."""

    figure: Figure
    corridor_id: str
    place_id: str
    place_name: str
    position: int
    """Index of the place along the corridor (0 is where it starts)."""
    cumulative: bool
    """True when the figure is the total from the start of the journey to this place."""
    mode: str
    currency: str
    """Currency the report states the figure in."""

    @property
    def low(self) -> float:
        return self.figure.value

    @property
    def stop(self) -> str:
        """Where the cost takes the traveller, in the report's words ("Turkey", "Europe")."""
        found = re.findall(r"\bto ([A-Z][A-Za-z ]*?)(?= by |$)", self.figure.label)
        return found[-1].strip() if found else self.place_name

    @property
    def journey(self) -> str:
        """ "air" or "land and sea": the report prices land-and-sea journeys as one total."""
        return "air" if self.mode == "air" else "land and sea"

    @property
    def high(self) -> float | None:
        return self.figure.value_high

    def amounts(self, currency: str, rates: RateTable) -> tuple[float, float | None]:
        """(low, high) in ``currency``; ``high`` stays ``None`` for a single value."""
        return convert_range(self.low, self.high, self.currency, currency, rates)

    def display(self, currency: str, rates: RateTable) -> str:
        """The figure as stated (qualifier, range) in ``currency``, rounded when converted."""
        low, high = self.amounts(currency, rates)
        converted = currency != self.currency
        text = format_money(low, converted=converted)
        if high is not None:
            text = f"{text}–{format_money(high, converted=converted)}"
        qualifier = self.figure.qualifier
        if converted and not qualifier:
            qualifier = "about"
        return f"{qualifier} {text} {currency}".strip()


@dataclass(frozen=True)
class CostLadder:
    """The cost figures of one corridor in travel order."""

    corridor: Corridor
    steps: tuple[CostStep, ...]

    @property
    def cumulative_steps(self) -> tuple[CostStep, ...]:
        return tuple(s for s in self.steps if s.cumulative)

    def frame(self, currency: str, rates: RateTable) -> pd.DataFrame:
        """One row per step with amounts in ``currency`` and full provenance."""
        return steps_frame(self.steps, currency, rates)


def currency_of_unit(unit: str) -> str:
    """The currency code a cost unit starts with (``"PKR per person"`` gives ``"PKR"``)."""
    code = unit.split()[0] if unit.strip() else ""
    if code not in CURRENCIES:
        raise CostDataError(f"cost unit {unit!r} does not start with one of {CURRENCIES}")
    return code


def convert_range(
    low: float, high: float | None, source: str, target: str, rates: RateTable
) -> tuple[float, float | None]:
    """Convert a value or a range; a range stays a range, a single value stays single."""
    if high is not None and high < low:
        raise ValueError(f"range upper bound {high} is below its lower bound {low}")
    converted_high = None if high is None else rates.convert(high, source, target)
    return rates.convert(low, source, target), converted_high


def rate_line(native: str, currency: str, rates: RateTable) -> str:
    """The rate between a stated and a shown currency, written so that the number is >= 1.

    "1 EUR = 120.08 PKR" reads better, and loses less precision, than "1 PKR = 0.01 EUR".
    """
    if native == currency:
        return f"Amounts stated in {native} are shown as stated"
    if rates.convert(1, currency, native) >= 1:
        return rates.describe(native, currency)
    return rates.describe(currency, native)


def stated_currencies(steps: tuple[CostStep, ...] | None = None) -> tuple[str, ...]:
    """The currencies the report states costs in, in order of first use."""
    return tuple(dict.fromkeys(s.currency for s in (steps or load_cost_steps())))


def format_money(value: float, *, converted: bool) -> str:
    """A stated amount as written; a converted one rounded to three significant figures.

    Conversion cannot add precision the report does not have, so converted amounts are rounded.
    """
    if not converted or value == 0:
        return format_number(value)
    digits = len(str(int(abs(value)))) if abs(value) >= 1 else 1
    return format_number(round(value, 3 - digits))


def cost_steps_from_table(
    *,
    figures: tuple[Figure, ...] | None = None,
    corridors: tuple[Corridor, ...] | None = None,
    data_dir: Path | None = None,
) -> tuple[CostStep, ...]:
    """Read ``costs.csv`` and check every row against the figures and the corridors."""
    frame = read_table(
        "costs",
        required=("figure_id", "corridor_id", "place_id", "cumulative", "mode", "source"),
        non_empty=("figure_id", "corridor_id", "place_id", "cumulative", "mode"),
        data_dir=data_dir,
    )
    by_figure = {f.figure_id: f for f in (figures or load_figures())}
    by_corridor = {c.corridor_id: c for c in (corridors or load_corridors())}
    steps = []
    for i, row in enumerate(frame.to_dict("records"), start=2):
        where = f"costs.csv row {i}"
        fig = by_figure.get(row["figure_id"])
        if fig is None:
            raise CostDataError(f"{where}: no figure {row['figure_id']!r} in figures.csv")
        if fig.category != "cost":
            raise CostDataError(f"{where}: figure {fig.figure_id!r} is not a cost")
        corridor = by_corridor.get(row["corridor_id"])
        if corridor is None:
            raise CostDataError(f"{where}: unknown corridor {row['corridor_id']!r}")
        place_ids = [p.place_id for p in corridor.places]
        if row["place_id"] not in place_ids:
            raise CostDataError(
                f"{where}: place {row['place_id']!r} is not on corridor {corridor.corridor_id!r}"
            )
        flag = row["cumulative"].strip().lower()
        if flag not in ("yes", "no"):
            raise CostDataError(f"{where}: cumulative must be 'yes' or 'no', not {flag!r}")
        position = place_ids.index(row["place_id"])
        steps.append(
            CostStep(
                figure=fig,
                corridor_id=corridor.corridor_id,
                place_id=row["place_id"],
                place_name=corridor.places[position].name,
                position=position,
                cumulative=flag == "yes",
                mode=row["mode"].strip(),
                currency=currency_of_unit(fig.unit),
            )
        )
    return tuple(steps)


def build_ladders(
    steps: tuple[CostStep, ...] | list[CostStep],
    *,
    corridors: tuple[Corridor, ...] | None = None,
) -> tuple[CostLadder, ...]:
    """Group steps by corridor in travel order and check that cumulative totals never fall."""
    by_id = {c.corridor_id: c for c in (corridors or load_corridors())}
    ladders = []
    for corridor_id in dict.fromkeys(s.corridor_id for s in steps):
        ordered = tuple(
            sorted((s for s in steps if s.corridor_id == corridor_id), key=lambda s: s.position)
        )
        check_cumulative_order(ordered)
        ladders.append(CostLadder(by_id[corridor_id], ordered))
    return tuple(ladders)


def check_cumulative_order(steps: tuple[CostStep, ...] | list[CostStep]) -> None:
    """Raise ``CostDataError`` if a cumulative total is below an earlier one on the corridor.

    A ladder mixing currencies is refused: its order would depend on the exchange rate chosen.
    """
    cumulative = [s for s in sorted(steps, key=lambda s: s.position) if s.cumulative]
    currencies = {s.currency for s in cumulative}
    if len(currencies) > 1:
        raise CostDataError(f"cumulative costs in several currencies: {sorted(currencies)}")
    for before, after in zip(cumulative, cumulative[1:], strict=False):
        if before.position == after.position:
            raise CostDataError(f"two cumulative costs at {after.place_id!r}")
        if after.low < before.low:
            raise CostDataError(
                f"cumulative cost at {after.place_id!r} ({format_number(after.low)}) is below "
                f"the earlier total at {before.place_id!r} ({format_number(before.low)})"
            )


@lru_cache(maxsize=1)
def load_cost_steps() -> tuple[CostStep, ...]:
    """The project's cost steps, read once per process."""
    return cost_steps_from_table()


@lru_cache(maxsize=1)
def load_ladders() -> tuple[CostLadder, ...]:
    """The project's cost ladders, built once per process."""
    return build_ladders(load_cost_steps())


def steps_frame(
    steps: tuple[CostStep, ...] | list[CostStep], currency: str, rates: RateTable
) -> pd.DataFrame:
    """Cost steps as a table: amounts in ``currency`` beside the stated amounts and provenance."""
    if currency not in CURRENCIES:
        raise ValueError(f"unknown currency {currency!r}; expected one of {CURRENCIES}")
    rows = []
    for s in steps:
        low, high = s.amounts(currency, rates)
        rows.append(
            {
                "corridor_id": s.corridor_id,
                "stop": s.stop,
                "place": s.place_name,
                "position": s.position,
                "journey": s.journey,
                "label": s.figure.label,
                "mode": s.mode,
                "cumulative": s.cumulative,
                "qualifier": s.figure.qualifier,
                "low": low,
                "high": high,
                "currency": currency,
                "shown_as": s.display(currency, rates),
                "stated": s.figure.display(),
                "stated_currency": s.currency,
                "unit": s.figure.unit,
                "period": s.figure.period,
                "section": s.figure.section,
                "confidence": s.figure.confidence.label,
                "quote": s.figure.quote,
                "rate": rate_line(s.currency, currency, rates),
            }
        )
    return pd.DataFrame(rows)


def mode_comparison(
    currency: str, rates: RateTable, *, steps: tuple[CostStep, ...] | None = None
) -> pd.DataFrame:
    """Journey costs to destinations by mode (air range against land-and-sea totals).

    The cost of reaching the starting city (the first place of a corridor) is left out: it is a
    stage, not a journey to a destination.
    """
    chosen = [s for s in (steps or load_cost_steps()) if s.position > 0 or s.mode == "air"]
    frame = steps_frame(chosen, currency, rates)
    return frame.sort_values(["journey", "low"], kind="stable").reset_index(drop=True)


def comparison_note(currency: str, rates: RateTable) -> str:
    """Whether the land-and-sea totals fall inside the air range once converted, said plainly."""
    frame = mode_comparison(currency, rates)
    air = frame[frame["journey"] == "air"]
    land = frame[frame["journey"] != "air"]
    if air.empty or land.empty:
        return "The report does not give both an air cost and a land-and-sea cost."
    lo, hi = float(air["low"].min()), float(air["high"].fillna(air["low"]).max())
    inside = land[(land["low"] >= lo) & (land["low"] <= hi)]
    below = land[land["low"] < lo]
    parts = [
        "The report says land and sea routes are significantly less expensive than air routes "
        f"({SOURCE}, §4.3)."
    ]
    if not inside.empty:
        names = ", ".join(f"{r.stop} ({r.shown_as})" for r in inside.itertuples())
        parts.append(
            f"Converted at the stated rate, the land-and-sea totals to {names} fall inside the "
            "air range for a visa and ticket; the air figure covers only the visa and ticket, "
            "so the report's figures alone neither confirm nor contradict the statement."
        )
    elif len(below) == len(land):
        parts.append(
            "Converted at the stated rate, every land-and-sea total is below the air range."
        )
    return " ".join(parts)
