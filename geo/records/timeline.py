"""Interception records through time: months, monthly series per place, period comparisons.

The Route map plays the records month by month and the Interceptions page draws their trend;
both compare two periods place by place. Everything here goes through the records service's
rules: a public session gets aggregates only, every count below the disclosure threshold hidden
(``geo.records.service.suppress``), *each month's breakdown suppressed on its own* (a month's
total is shown on the Interceptions page, so a month is a breakdown like any other), and a
change between two periods is hidden whenever either of its two counts is.

One capability the service lacks is added here: persons per month *and* place in one query
(``GROUP BY place, month`` over the coded ``facts`` table), so that a 24-month playback costs
one scan of the store rather than 24, and the scale can be fixed across months from the start.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

import pandas as pd

from geo.errors import UserInputError
from geo.provenance import ImportStamp, Provenance, from_imports
from geo.records import aggregate as agg
from geo.records import service
from geo.records.access import Session, suppression_threshold
from geo.records.aggregate import RecordFilter
from geo.records.store import RecordStore

__all__ = [
    "BY_PLACE",
    "BY_DISTRICT",
    "NO_RECORDS",
    "PeriodError",
    "Period",
    "compare_frames",
    "compare_periods",
    "data_version",
    "fixed_scale",
    "month_frame",
    "month_series",
    "monthly",
    "months_between",
    "records_provenance",
    "store_months",
]

BY_PLACE = "place"
BY_DISTRICT = "district"
NO_RECORDS = "no records"
"""Shown for a month (or a place in one period) that has no records at all."""
SUPPRESSED_CHANGE = "suppressed"
"""Shown for a change whose before or after count is suppressed."""

_MONTH = re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$")
_PLACE_COLUMNS = ["place_key", "place_name", "lat", "lon"]


class PeriodError(UserInputError, ValueError):
    """A month or period that cannot be used (malformed, or ending before it starts)."""


def _index(month: str) -> int:
    found = _MONTH.match(month)
    if not found:
        raise PeriodError(f"a month is written YYYY-MM, not {month!r}")
    return int(found.group(1)) * 12 + int(found.group(2)) - 1


def _month(index: int) -> str:
    return f"{index // 12:04d}-{index % 12 + 1:02d}"


def months_between(start: str, end: str) -> list[str]:
    """Every month from ``start`` to ``end`` inclusive, as ``YYYY-MM``."""
    first, last = _index(start), _index(end)
    if first > last:
        raise PeriodError(f"the period starts ({start}) after it ends ({end})")
    return [_month(i) for i in range(first, last + 1)]


@dataclass(frozen=True)
class Period:
    """A run of whole months, both ends inclusive (``YYYY-MM``)."""

    start: str
    end: str

    def __post_init__(self) -> None:
        months_between(self.start, self.end)  # validates both ends and their order

    @classmethod
    def parse(cls, text: str) -> Period:
        """``"2023-01..2023-06"`` or a single ``"2023-04"``; raises :class:`PeriodError`."""
        start, _, end = text.partition("..")
        return cls(start.strip(), (end or start).strip())

    def __str__(self) -> str:
        return f"{self.start}..{self.end}"

    @property
    def months(self) -> list[str]:
        """The months of the period, in order."""
        return months_between(self.start, self.end)

    @property
    def label(self) -> str:
        """ "2023-04" for one month, "2023-01 to 2023-06" otherwise."""
        return self.start if self.start == self.end else f"{self.start} to {self.end}"

    def previous(self) -> Period:
        """The period of the same length that ends the month before this one starts."""
        length = len(self.months)
        first = _index(self.start) - length
        return Period(_month(first), _month(first + length - 1))

    def applied_to(self, filt: RecordFilter | None) -> RecordFilter:
        """``filt`` (its category filters kept) restricted to this period."""
        return replace(filt or RecordFilter(), start_month=self.start, end_month=self.end)


def store_months(store: RecordStore, session: Session) -> list[str]:
    """Every month from the first to the last with records (empty list: no records yet)."""
    span = service.month_range(store, session)
    return [] if span is None else months_between(*span)


def data_version(store: RecordStore) -> str:
    """A token that changes whenever records are imported or an import is undone (cache key)."""
    count, last, undone = store.query(
        "SELECT COUNT(*), COALESCE(MAX(import_id), 0), "
        "COALESCE(SUM(CASE WHEN undone_at IS NULL THEN 0 ELSE 1 END), 0) FROM imports"
    )[0]
    return f"{int(count)}:{int(last)}:{int(undone)}"


def records_provenance(store: RecordStore, session: Session) -> Provenance:
    """The "agency record" class of the stored records: import dates, and who imported them.

    Account names are given to logged-in sessions only; the public sees the dates and "an agency
    administrator".
    """
    rows = store.query("SELECT started_at, user_name FROM imports WHERE status = 'committed'")
    stamps = [ImportStamp(str(started), str(user)) for started, user in rows]
    return from_imports(stamps, show_names=not session.is_public)


def _disclosed(frame: pd.DataFrame, session: Session, threshold: int | None) -> pd.DataFrame:
    """Exact counts for analysts; for the public, each month's breakdown suppressed on its own."""
    if not session.is_public:
        out = frame.drop(columns=["records"], errors="ignore").copy()
        out["persons_shown"] = out["persons"].astype(str)
        out["suppressed"] = False
        return out
    limit = threshold or suppression_threshold()
    parts = [service.suppress(part, limit) for _, part in frame.groupby("month", sort=True)]
    if not parts:
        return service.suppress(frame, limit)
    return pd.concat(parts, ignore_index=True)


def _monthly_places_exact(store: RecordStore, filt: RecordFilter) -> pd.DataFrame:
    where, params = filt.fact_where(store)
    rows = store.query(
        f"SELECT place, month, SUM(persons) FROM facts{where} GROUP BY place, month", params
    )
    names = {
        int(code): (value, label, lat, lon)
        for code, value, label, lat, lon in store.query(
            "SELECT code, value, label, lat, lon FROM dims WHERE dim = ?", ("place",)
        )
    }
    data = [
        (f"{int(month) // 100:04d}-{int(month) % 100:02d}", *names[int(code)], int(persons))
        for code, month, persons in rows
    ]
    return pd.DataFrame(data, columns=["month", *_PLACE_COLUMNS, "persons"])


def monthly(
    store: RecordStore,
    session: Session,
    filt: RecordFilter | None = None,
    *,
    by: str = BY_PLACE,
    threshold: int | None = None,
) -> pd.DataFrame:
    """Persons per month and place (or district) over the filter's period, in one query.

    Returns
    -------
    pandas.DataFrame
        ``month``, the group's columns (``place_key, place_name, lat, lon`` or ``district``),
        ``persons`` (``Int64``, missing where suppressed), ``persons_shown`` and ``suppressed``;
        sorted by month, then by persons (largest first). Months without records have no rows.
    """
    filt = filt or RecordFilter()
    if by == BY_PLACE:
        exact = _monthly_places_exact(store, filt)
    elif by == BY_DISTRICT:
        exact = agg.cross_tabulate(store, ("month", "district"), filt)
    else:
        raise ValueError(f"monthly series by {by!r}: choose {BY_PLACE!r} or {BY_DISTRICT!r}")
    out = _disclosed(exact, session, threshold)
    out["persons"] = out["persons"].astype("Int64")
    order = out["persons"].fillna(-1).astype("int64")
    return (
        out.assign(_order=order)
        .sort_values(["month", "_order"], ascending=[True, False], kind="stable")
        .drop(columns="_order")
        .reset_index(drop=True)
    )


def month_frame(frame: pd.DataFrame, month: str) -> pd.DataFrame:
    """The rows of one month of :func:`monthly`, without the month column (one row a place)."""
    _index(month)
    return frame[frame["month"] == month].drop(columns="month").reset_index(drop=True)


def fixed_scale(frame: pd.DataFrame) -> float:
    """The largest count shown in any month of :func:`monthly`: one scale for every frame.

    Sizing every month against the same largest count makes frames comparable (a circle of the
    same size is the same number of persons in January and in June). Suppressed counts are not
    known to a public session and play no part; 0.0 when no count is shown.
    """
    shown = pd.to_numeric(frame["persons"], errors="coerce").dropna()
    return float(shown.max()) if len(shown) else 0.0


def month_series(
    store: RecordStore,
    session: Session,
    filt: RecordFilter | None = None,
    *,
    threshold: int | None = None,
) -> pd.DataFrame:
    """Persons in every month of the filter's period, months without records included.

    Returns ``month``, ``persons`` (``Int64``: 0 for a month without records, missing where
    suppressed), ``persons_shown`` (``"no records"`` for an empty month) and ``suppressed``.
    The period is the filter's, or the store's first to last month when the filter has none.
    """
    filt = filt or RecordFilter()
    frame = service.summary(store, session, "month", filt, threshold=threshold)
    span = service.month_range(store, session)
    if span is None:
        return pd.DataFrame(columns=["month", "persons", "persons_shown", "suppressed"])
    months = months_between(filt.start_month or span[0], filt.end_month or span[1])
    known = frame.set_index("month")
    rows = []
    for month in months:
        if month in known.index:
            row = known.loc[month]
            rows.append((month, row["persons"], row["persons_shown"], bool(row["suppressed"])))
        else:
            rows.append((month, 0, NO_RECORDS, False))
    out = pd.DataFrame(rows, columns=["month", "persons", "persons_shown", "suppressed"])
    out["persons"] = pd.array([None if pd.isna(v) else int(v) for v in out["persons"]], "Int64")
    return out


def compare_frames(before: pd.DataFrame, after: pd.DataFrame, *, key: str) -> pd.DataFrame:
    """Change per group between two disclosed breakdowns (outputs of ``service.summary``).

    A group absent from one period had no records there (0 persons, shown ``"no records"``).
    The change is ``after - before`` when both counts are shown, and hidden (missing, shown
    ``"suppressed"``) when either is suppressed: a shown change plus a shown count would
    otherwise give the suppressed one away.

    Returns
    -------
    pandas.DataFrame
        ``key`` and the other columns of the inputs that name the group, then ``persons_before``,
        ``shown_before``, ``persons_after``, ``shown_after`` (with ``disclosure_before`` and
        ``disclosure_after``, the method of each count, when the inputs state it), ``change``
        (``Int64``),
        ``change_shown`` (``"+12"``, ``"-3"``, ``"0"`` or ``"suppressed"``) and ``suppressed``;
        largest absolute change first, hidden changes last.
    """
    counts = ["persons", "persons_shown", "suppressed", "records", "disclosure"]
    labels = [c for c in before.columns if c not in counts]
    labels += [c for c in after.columns if c not in counts and c not in labels]
    if key not in labels:
        raise ValueError(f"both breakdowns need the column {key!r}")
    names = pd.concat([before.reindex(columns=labels), after.reindex(columns=labels)])
    out = names.drop_duplicates(key).reset_index(drop=True)
    for side, frame in (("before", before), ("after", after)):
        indexed = frame.set_index(key)
        present = out[key].isin(indexed.index)
        persons = out[key].map(indexed["persons"]).astype("Int64")
        out[f"persons_{side}"] = persons.where(present, 0).astype("Int64")
        shown = out[key].map(indexed["persons_shown"]).astype(object)
        out[f"shown_{side}"] = shown.where(present, NO_RECORDS)
        out[f"_hidden_{side}"] = out[key].map(indexed["suppressed"]).eq(True)
        if "disclosure" in indexed.columns:  # how each period's count was disclosed
            method = out[key].map(indexed["disclosure"]).astype(object)
            out[f"disclosure_{side}"] = method.where(present, NO_RECORDS)
    hidden = out["_hidden_before"] | out["_hidden_after"]
    change = (out["persons_after"] - out["persons_before"]).astype("Int64").mask(hidden)
    out["change"] = change
    out["change_shown"] = [
        SUPPRESSED_CHANGE if pd.isna(v) else f"{int(v):+,}" if v else "0" for v in change
    ]
    out["suppressed"] = hidden
    order = change.abs().fillna(-1).astype("int64")
    out = out.assign(_order=order).sort_values(["_order", key], ascending=[False, True])
    return out.drop(columns=["_order", "_hidden_before", "_hidden_after"]).reset_index(drop=True)


def compare_periods(
    store: RecordStore,
    session: Session,
    before: Period,
    after: Period,
    filt: RecordFilter | None = None,
    *,
    by: str = BY_PLACE,
    threshold: int | None = None,
) -> pd.DataFrame:
    """Change per place (or district) from ``before`` to ``after`` (see :func:`compare_frames`).

    Each period is disclosed as its own breakdown through the records service, so a public
    session sees exactly what it would see for either period alone, and no more.
    """
    if by not in (BY_PLACE, BY_DISTRICT):
        raise ValueError(f"comparison by {by!r}: choose {BY_PLACE!r} or {BY_DISTRICT!r}")
    frames = [
        service.summary(store, session, by, period.applied_to(filt), threshold=threshold)
        for period in (before, after)
    ]
    return compare_frames(*frames, key="place_key" if by == BY_PLACE else "district")
