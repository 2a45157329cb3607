"""Where a number comes from when it is not from the report: agency records and user uploads.

The report's figures carry one of the four classes of :class:`geo.confidence.Confidence`
("Reported figure", "Interviewee estimate", "Unconfirmed", "Assumption made here"): every one of
them describes what the *report* says. Counts that agencies import, and indicators a user
uploads, are not the report's and must never be badged "Reported figure". They carry a class of
their own, :class:`Provenance`, with who imported them and when, in popups, tables, exports and
the briefing pack alike.

Pure model: no database, no rendering. ``geo.records.timeline.records_provenance`` builds one
from the store's import log; ``layers/`` and ``charts/`` decide how it looks.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

import pandas as pd

__all__ = [
    "CLASS_COLUMN",
    "PROVENANCE_COLUMN",
    "ImportStamp",
    "Provenance",
    "ProvenanceKind",
    "from_imports",
    "with_provenance",
]

CLASS_COLUMN = "class"
"""Column an export gets for the class of every row ("Agency record", never "Reported figure")."""
PROVENANCE_COLUMN = "provenance"
"""Column an export gets for the full statement ("Agency record, imported on … by …")."""


class ProvenanceKind(StrEnum):
    """Classes of numbers that come from outside the report."""

    AGENCY_RECORD = "agency_record"
    """Counts from interception records an agency imported into the atlas."""
    USER_INDICATOR = "user_indicator"
    """An indicator a user uploaded (for example on Awareness targeting)."""

    @property
    def label(self) -> str:
        """The class as shown on a badge or in a table's class column."""
        return _LABELS[self]


_LABELS = {
    ProvenanceKind.AGENCY_RECORD: "Agency record",
    ProvenanceKind.USER_INDICATOR: "User-uploaded indicator",
}


@dataclass(frozen=True)
class ImportStamp:
    """One import that is still in the store: when (UTC ISO time) and by which account."""

    started_at: str
    user_name: str


@dataclass(frozen=True)
class Provenance:
    """The class of a non-report number, with the dates and accounts of the imports behind it.

    Parameters
    ----------
    kind
        Which class.
    first_import, last_import
        Dates (``YYYY-MM-DD``) of the earliest and latest import still in the store, or ``None``
        when unknown (nothing imported yet, or not disclosed).
    imported_by
        Account names, sorted. Empty when they are not to be shown: account names are not
        given to public sessions, which see "an agency administrator" instead.
    """

    kind: ProvenanceKind = ProvenanceKind.AGENCY_RECORD
    first_import: str | None = None
    last_import: str | None = None
    imported_by: tuple[str, ...] = ()

    @property
    def label(self) -> str:
        """The class alone ("Agency record"), for a table's class column or a badge."""
        return self.kind.label

    @property
    def when(self) -> str:
        """ "2026-11-30", "2026-11-02 to 2026-11-30", or "" when the dates are unknown."""
        if self.first_import is None:
            return ""
        if self.last_import is None or self.last_import == self.first_import:
            return self.first_import
        return f"{self.first_import} to {self.last_import}"

    @property
    def who(self) -> str:
        """The importing accounts, or "an agency administrator" when they are not shown."""
        return ", ".join(self.imported_by) if self.imported_by else "an agency administrator"

    @property
    def statement(self) -> str:
        """The full class statement: "Agency record, imported on 2026-11-30 by alice"."""
        verb = "uploaded" if self.kind is ProvenanceKind.USER_INDICATOR else "imported"
        if not self.when:
            return f"{self.label} (not a figure of the report)"
        return f"{self.label}, {verb} on {self.when} by {self.who}"


def from_imports(
    stamps: Iterable[ImportStamp],
    *,
    show_names: bool,
    kind: ProvenanceKind = ProvenanceKind.AGENCY_RECORD,
) -> Provenance:
    """The provenance of everything the given imports brought in.

    Parameters
    ----------
    stamps
        The imports whose rows are still in the store (committed and not undone).
    show_names
        Whether account names may be shown (never to a public session: a name is half a log-in).
    """
    items = list(stamps)
    if not items:
        return Provenance(kind)
    days = sorted(stamp.started_at[:10] for stamp in items)
    names = tuple(sorted({stamp.user_name for stamp in items})) if show_names else ()
    return Provenance(kind, days[0], days[-1], names)


def with_provenance(frame: pd.DataFrame, provenance: Provenance) -> pd.DataFrame:
    """A copy of ``frame`` with the class and the class statement as its last two columns.

    Every table and export of agency records goes through this, so a CSV taken out of the app
    still says the counts are the agencies' and not the report's.
    """
    out = frame.copy()
    out[CLASS_COLUMN] = provenance.label
    out[PROVENANCE_COLUMN] = provenance.statement
    return out
