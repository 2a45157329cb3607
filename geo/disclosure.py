"""The one disclosure rule for public figures: small counts suppressed, every count rounded.

Method (stated on the Sources page and beside public figures through :func:`statement`):

- **Suppression.** A count below the threshold ``T`` (``ROUTE_ATLAS_SUPPRESS_BELOW``, default 5)
  is not published: it is shown as ``"<T"`` and its value is missing from the returned data.
- **Rounding.** Every other public count, cells and totals alike, is rounded to the nearest
  multiple of the base ``B = T`` (halves upwards), so a published count differs from the true
  one by at most ``B // 2`` (±2 at the default). A count at or above ``T`` never rounds below
  ``B``, so nothing shown is zero.

Why this protects against differencing: every published number is a multiple of ``B``, so the
difference of *any* two published figures (two totals under filters that differ in one value,
a total minus the sum of its breakdown, two periods) is a multiple of ``B`` as well, while a
suppressed count lies between 1 and ``B - 1``; no subtraction of public figures can equal it.
The rounding is deterministic (the same cell always shows the same value, so asking again
reveals nothing new), needs no extra stored data, and is the conventional rounding that
statistical offices apply to flexible tables. The threshold and the base are one setting.

Analysts and administrators see exact counts; their tables are marked ``exact``.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from enum import StrEnum

import pandas as pd

from geo.errors import UserInputError

__all__ = [
    "ENV_VAR",
    "CellStatus",
    "DisclosureRule",
    "exact",
    "protect",
    "rule",
    "statement",
    "threshold_from_env",
]

ENV_VAR = "ROUTE_ATLAS_SUPPRESS_BELOW"
DEFAULT_THRESHOLD = 5


class CellStatus(StrEnum):
    """How one published count relates to the true one (the ``disclosure`` column)."""

    EXACT = "exact"
    """Not protected: an analyst's or administrator's view."""
    ROUNDED = "rounded"
    """Public: rounded to a multiple of the base (within ± base // 2 of the true count)."""
    SUPPRESSED = "suppressed"
    """Public: below the threshold, not shown (``"<T"``)."""


class ThresholdError(UserInputError, ValueError):
    """The configured threshold is not a whole number of at least 1."""


@dataclass(frozen=True)
class DisclosureRule:
    """Suppression below ``threshold`` and rounding to a multiple of it.

    Parameters
    ----------
    threshold
        Smallest count shown; also the rounding base. 1 turns both off (every count exact).
    """

    threshold: int = DEFAULT_THRESHOLD

    def __post_init__(self) -> None:
        if isinstance(self.threshold, bool) or not isinstance(self.threshold, int):
            raise ThresholdError(f"the threshold must be a whole number, not {self.threshold!r}")
        if self.threshold < 1:
            raise ThresholdError(f"the threshold must be at least 1, not {self.threshold}")

    @property
    def base(self) -> int:
        """Every public count is a multiple of this."""
        return self.threshold

    @property
    def max_change(self) -> int:
        """Largest difference between a published count and the true one."""
        return self.base // 2

    def is_small(self, count: int) -> bool:
        """True when ``count`` is below the threshold and must not be published."""
        return count < self.threshold

    def rounded(self, count: int) -> int:
        """``count`` rounded to the nearest multiple of the base, halves upwards."""
        return (int(count) + self.base // 2) // self.base * self.base

    def publish(self, count: int) -> int | None:
        """The public value of ``count``: None when suppressed, else rounded."""
        return None if self.is_small(count) else self.rounded(count)

    @property
    def marker(self) -> str:
        """Text shown in place of a suppressed count."""
        return f"<{self.threshold}"

    def shown(self, count: int) -> str:
        """The public text of ``count`` (``"<5"`` or the rounded value with thousands commas)."""
        value = self.publish(count)
        return self.marker if value is None else f"{value:,}"


def threshold_from_env() -> int:
    """The one threshold setting: ``ROUTE_ATLAS_SUPPRESS_BELOW`` (default 5), at least 1."""
    value = os.environ.get(ENV_VAR, str(DEFAULT_THRESHOLD)).strip()
    try:
        threshold = int(value)
    except ValueError:
        raise ThresholdError(f"{ENV_VAR} must be a whole number, not {value!r}") from None
    if threshold < 1:
        raise ThresholdError(f"{ENV_VAR} must be at least 1, not {threshold}")
    return threshold


def rule(threshold: int | None = None) -> DisclosureRule:
    """The rule for ``threshold``, or for the configured setting when it is None."""
    return DisclosureRule(threshold_from_env() if threshold is None else threshold)


def statement(disclosure: DisclosureRule | None = None) -> str:
    """One sentence stating the method and its parameters, for pages, captions and the pack."""
    current = disclosure or rule()
    if current.base == 1:
        return "Public counts are exact: the disclosure threshold is set to 1."
    return (
        f"Public counts are rounded to a multiple of {current.base} (so perturbed by up to "
        f"±{current.max_change}); counts below {current.threshold} are shown as "
        f"'{current.marker}'. Totals are rounded on their own and need not equal the sum of "
        "the rounded parts."
    )


def protect(
    frame: pd.DataFrame, disclosure: DisclosureRule, *, column: str = "persons"
) -> pd.DataFrame:
    """A public copy of an aggregate table: each count suppressed or rounded, and labelled.

    Returns a copy where ``column`` holds the public value (``Int64``, missing when suppressed),
    ``{column}_shown`` the text to display, ``suppressed`` a boolean and ``disclosure`` a
    :class:`CellStatus` value per row. The ``records`` column (a count of records that could
    itself reveal a small number) is dropped. The true counts are not in the result.
    """
    if column not in frame.columns:
        raise KeyError(f"no count column {column!r} in the table")
    out = frame.drop(columns=["records"], errors="ignore").copy()
    counts = pd.to_numeric(out[column])  # text that is not a number raises ValueError
    published = [disclosure.publish(int(n)) for n in counts]
    small = pd.Series([value is None for value in published], index=out.index)
    out[column] = pd.array(published, dtype="Int64")
    out[f"{column}_shown"] = [
        disclosure.marker if value is None else str(value) for value in published
    ]
    out["suppressed"] = small
    out["disclosure"] = [
        str(CellStatus.SUPPRESSED if hidden else CellStatus.ROUNDED) for hidden in small
    ]
    return out


def exact(frame: pd.DataFrame, *, column: str = "persons") -> pd.DataFrame:
    """An analyst's copy with the same extra columns as :func:`protect`, every count exact."""
    out = frame.copy()
    out[f"{column}_shown"] = out[column].astype(str)
    out["suppressed"] = False
    out["disclosure"] = str(CellStatus.EXACT)
    return out
