"""Disclosure control for the briefing pack, decided by what a table is, never by its columns.

Every :class:`~geo.briefing.model.Table` carries its kind from where it was made. A public pack
(donor briefings, the awareness team) carries report figures and model outputs as they are,
record aggregates only with small counts suppressed by the app's one public rule, and no
record-level rows. Suppression itself is not written here: :func:`suppress_record_counts` is
the one call into the app's rule in ``geo.disclosure``, so the pack and the app's public mode
cannot drift.
"""

from __future__ import annotations

import re

import pandas as pd

from geo.briefing.model import Table, TableKind
from geo.disclosure import DisclosureRule, protect
from geo.errors import AccessError

_SUPPRESSED = re.compile(r"^<\d+$")
_HIDDEN = "hidden"


class DisclosureError(AccessError, ValueError):
    """A table cannot be put in a public pack."""


def suppress_record_counts(frame: pd.DataFrame, threshold: int) -> pd.DataFrame:
    """Record aggregates (``persons`` per group) made public by the app's one public rule.

    A frame that already went through the rule (it has ``persons_shown``) is returned as it is.
    """
    if threshold < 1:
        raise ValueError("the suppression threshold must be at least 1")
    if "persons_shown" in frame.columns:
        return frame
    return protect(frame, DisclosureRule(threshold))  # the one public rule of the app


def refusal(kind: TableKind, title: str) -> str | None:
    """The sentence that explains why a table of ``kind`` stays out of a public pack, or None."""
    if kind is TableKind.RECORDS:
        return (
            f"{title}: left out, because record-level rows never go into a public pack "
            "(log in as an analyst for an analyst pack)."
        )
    return None


def small_counts(table: Table, *, threshold: int) -> list[str]:
    """Count cells of ``table`` that would disclose a count below ``threshold``."""
    found = []
    for row in table.rows:
        for index in table.counts:
            cell = row[index].strip()
            if not cell or _SUPPRESSED.match(cell) or cell == _HIDDEN:
                continue
            try:
                value = float(cell.replace(",", "").split()[0])
            except (ValueError, IndexError):
                found.append(cell)
                continue
            if value < threshold:
                found.append(cell)
    return found


def check_public(table: Table, *, title: str, threshold: int) -> None:
    """Raise :class:`DisclosureError` unless ``table`` may go into a public pack as it is."""
    reason = refusal(table.kind, title)
    if reason:
        raise DisclosureError(reason)
    if table.kind is TableKind.AGGREGATE:
        leaked = small_counts(table, threshold=threshold)
        if leaked:
            raise DisclosureError(
                f"{title}: {len(leaked)} count(s) below {threshold} were not suppressed"
            )
