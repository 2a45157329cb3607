"""Uncertain quantities as ranges: a low, a point and a high value with their provenance.

The planner never works with a single unqualified number for a flow. The source report gives at
most one interviewee's estimate (UNODC 2011, §4.1 note 13) and is silent on most weights, so every
weight is a range whose width is itself stated and labelled, and whose confidence class says how
much weight it can bear.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from geo.confidence import Confidence
from geo.planner.errors import PlanInputError


@dataclass(frozen=True)
class Range:
    """A quantity known only within ``[low, high]``, with a most likely value ``point``.

    Parameters
    ----------
    low, point, high
        Non-negative finite numbers with ``low <= point <= high``.
    confidence
        How much weight the point value can bear (see ``geo.confidence``).
    source
        Where the value comes from, for example ``"UNODC 2011, §4.1 note 13"``.
    width_note
        Where the *width* of the range comes from. The report gives points, never ranges, so the
        width is almost always an assumption made here; this text says so.
    """

    low: float
    point: float
    high: float
    confidence: Confidence = Confidence.ASSUMPTION
    source: str = ""
    width_note: str = ""

    def __post_init__(self) -> None:
        values = (self.low, self.point, self.high)
        for name, value in zip(("low", "point", "high"), values, strict=True):
            if not isinstance(value, int | float) or not math.isfinite(value):
                raise PlanInputError(f"range {name} must be a finite number, got {value!r}")
            if value < 0:
                raise PlanInputError(f"range {name} must not be negative, got {value!r}")
        if not self.low <= self.point <= self.high:
            raise PlanInputError(
                "range must satisfy low <= point <= high, "
                f"got {self.low}, {self.point}, {self.high}"
            )

    @classmethod
    def exact(cls, value: float, **kwargs: object) -> Range:
        """A degenerate range (``low == point == high``)."""
        return cls(value, value, value, **kwargs)  # type: ignore[arg-type]

    def scaled(self, factor: float) -> Range:
        """The same range multiplied by a non-negative ``factor`` (provenance kept)."""
        if factor < 0 or not math.isfinite(factor):
            raise PlanInputError(
                f"scale factor must be a non-negative finite number, got {factor!r}"
            )
        return Range(
            self.low * factor,
            self.point * factor,
            self.high * factor,
            confidence=self.confidence,
            source=self.source,
            width_note=self.width_note,
        )

    @property
    def is_exact(self) -> bool:
        """True when the range has no width."""
        return self.low == self.high

    def as_text(self, *, digits: int = 2, percent: bool = False) -> str:
        """Short human-readable form such as ``"20% (10–30%)"``."""
        if percent:
            fmt = f"{{:.{max(digits - 2, 0)}f}}"
            low, point, high = (fmt.format(v * 100) for v in (self.low, self.point, self.high))
            return f"{point}%" if self.is_exact else f"{point}% ({low}–{high}%)"
        fmt = f"{{:.{digits}g}}"
        low, point, high = (fmt.format(v) for v in (self.low, self.point, self.high))
        return point if self.is_exact else f"{point} ({low}–{high})"
