"""Counts of persons in interception records, by month, place, district or any category.

All grouping runs inside the database (``GROUP BY`` over indexed columns), so the charts and the
map layer stay fast on a million records: Python only receives one row per group. These functions
return exact numbers and carry no access check; the pages reach them only through
``geo.records.service``, which applies roles and small-count suppression.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from typing import Any

import pandas as pd

from geo.records.store import RecordStore

DIMENSIONS: dict[str, tuple[str, ...]] = {
    "month": ("month",),
    "place": ("place_key", "place_name", "lat", "lon"),
    "district": ("district",),
    "event_type": ("event_type",),
    "crime_type": ("crime_type",),
    "agency": ("agency",),
    "sex": ("sex",),
    "age_group": ("age_group",),
    "nationality": ("nationality",),
    "origin_district": ("origin_district",),
    "corridor": ("corridor",),
}
"""Each grouping offered, and the columns that name a group in the result."""

_FILTER_DIMS = {
    "event_types": "event_type",
    "crime_types": "crime_type",
    "agencies": "agency",
    "sexes": "sex",
    "age_groups": "age_group",
    "districts": "district",
    "place_keys": "place",
}
_MONTH = re.compile(r"^\d{4}-\d{2}$")


def _month_code(month: str) -> int:
    return int(month[:4]) * 100 + int(month[5:7])


def _month_text(code: int) -> str:
    return f"{code // 100:04d}-{code % 100:02d}"


@dataclass(frozen=True)
class RecordFilter:
    """The period and category filters shared by the Interceptions page and the Route map.

    Empty tuples mean "all". Months are ``YYYY-MM`` and inclusive. Kept in
    ``st.session_state["records_filter"]`` as ``to_dict()`` so other pages can reuse it.
    """

    start_month: str | None = None
    end_month: str | None = None
    event_types: tuple[str, ...] = field(default=())
    crime_types: tuple[str, ...] = field(default=())
    agencies: tuple[str, ...] = field(default=())
    sexes: tuple[str, ...] = field(default=())
    age_groups: tuple[str, ...] = field(default=())
    districts: tuple[str, ...] = field(default=())
    place_keys: tuple[str, ...] = field(default=())

    def __post_init__(self) -> None:
        for name in ("start_month", "end_month"):
            value = getattr(self, name)
            if value is not None and not _MONTH.match(value):
                raise ValueError(f"{name} must be YYYY-MM, not {value!r}")
        if self.start_month and self.end_month and self.start_month > self.end_month:
            raise ValueError(f"period starts ({self.start_month}) after it ends ({self.end_month})")

    def to_dict(self) -> dict[str, Any]:
        """Plain-data form (for session state)."""
        return {k: list(v) if isinstance(v, tuple) else v for k, v in asdict(self).items()}

    @classmethod
    def from_dict(cls, data: dict[str, Any] | None) -> RecordFilter:
        """Inverse of ``to_dict``; unknown keys are ignored."""
        data = data or {}
        kwargs: dict[str, Any] = {}
        for name in cls.__dataclass_fields__:
            if name in data and data[name] is not None:
                value = data[name]
                kwargs[name] = tuple(value) if isinstance(value, list | tuple) else value
        return cls(**kwargs)

    def where(self) -> tuple[str, list[Any]]:
        """SQL ``WHERE`` clause (with ``?`` placeholders) and its parameters."""
        clauses: list[str] = []
        params: list[Any] = []
        if self.start_month:
            clauses.append("month >= ?")
            params.append(self.start_month)
        if self.end_month:
            clauses.append("month <= ?")
            params.append(self.end_month)
        for attr, dim in _FILTER_DIMS.items():
            values = getattr(self, attr)
            if values:
                column = "place_key" if dim == "place" else dim
                clauses.append(f"{column} IN ({', '.join('?' * len(values))})")
                params.extend(values)
        return (" WHERE " + " AND ".join(clauses)) if clauses else "", params

    def fact_where(self, store: RecordStore) -> tuple[str, list[Any]]:
        """``WHERE`` clause over the coded ``facts`` table, category values turned into codes."""
        clauses: list[str] = []
        params: list[Any] = []
        if self.start_month:
            clauses.append("month >= ?")
            params.append(_month_code(self.start_month))
        if self.end_month:
            clauses.append("month <= ?")
            params.append(_month_code(self.end_month))
        for attr, dim in _FILTER_DIMS.items():
            values = getattr(self, attr)
            if not values:
                continue
            marks = ", ".join("?" * len(values))
            codes = [
                r[0]
                for r in store.query(
                    f"SELECT code FROM dims WHERE dim = ? AND value IN ({marks})", [dim, *values]
                )
            ]
            codes = codes or [-1]  # no such value: nothing matches
            clauses.append(f"{dim} IN ({', '.join('?' * len(codes))})")
            params.extend(codes)
        return (" WHERE " + " AND ".join(clauses)) if clauses else "", params


def _source(store: RecordStore, filt: RecordFilter, by: str) -> str:
    """``facts``, told not to use an index on SQLite when that would be slow.

    SQLite groups along the covering index ``(category, month, persons)``: tens of milliseconds
    on a million rows. With one category filter and grouping by month, the filtered category's
    index still covers the query. Otherwise the planner would pick the filtered category's
    index and fetch every matching row from the table, which is slower than one scan of the
    narrow table and a sort.
    """
    filtered = [attr for attr in _FILTER_DIMS if getattr(filt, attr)]
    if store.kind == "sqlite" and filtered and (by != "month" or len(filtered) > 1):
        return "facts NOT INDEXED"
    return "facts"


def _decode(store: RecordStore, dim: str) -> dict[int, tuple]:
    rows = store.query("SELECT code, value, label, lat, lon FROM dims WHERE dim = ?", (dim,))
    return {int(code): (value, label, lat, lon) for code, value, label, lat, lon in rows}


def aggregate(store: RecordStore, by: str, filt: RecordFilter | None = None) -> pd.DataFrame:
    """Persons and number of records per group of ``by`` (a key of ``DIMENSIONS``).

    Returns
    -------
    pandas.DataFrame
        The grouping columns, then ``persons`` (sum of counts) and ``records``; sorted by month
        for ``month``, by persons (descending) otherwise.
    """
    if by not in DIMENSIONS:
        raise ValueError(f"unknown grouping {by!r}; choose one of: {', '.join(DIMENSIONS)}")
    filt = filt or RecordFilter()
    where, params = filt.fact_where(store)
    rows = store.query(
        f"SELECT {by}, SUM(persons), COUNT(*) FROM {_source(store, filt, by)}{where} GROUP BY {by}",
        params,
    )
    columns = DIMENSIONS[by]
    if by == "month":
        data = [(_month_text(int(code)), persons, n) for code, persons, n in rows]
    else:
        names = _decode(store, by)
        data = []
        for code, persons, n in rows:
            value, label, lat, lon = names[int(code)]
            group = (value, label, lat, lon) if by == "place" else (value,)
            data.append((*group, persons, n))
    frame = pd.DataFrame(data, columns=[*columns, "persons", "records"])
    frame["persons"] = frame["persons"].astype("int64")
    frame["records"] = frame["records"].astype("int64")
    if by == "month":
        return frame.sort_values("month", ignore_index=True)
    return frame.sort_values(["persons", columns[0]], ascending=[False, True], ignore_index=True)


def cross_tabulate(
    store: RecordStore, dims: tuple[str, ...], filt: RecordFilter | None = None
) -> pd.DataFrame:
    """Persons and records per combination of several groupings (e.g. origin district, month
    and event type), for indicators that need more than one breakdown at a time.

    Only single-column groupings are allowed (not ``place``); columns are named as the
    groupings, values decoded to their text.
    """
    if not dims or len(set(dims)) != len(dims):
        raise ValueError("give one or more distinct groupings")
    for dim in dims:
        if dim not in DIMENSIONS or dim == "place":
            raise ValueError(f"cannot cross-tabulate by {dim!r}")
    filt = filt or RecordFilter()
    where, params = filt.fact_where(store)
    columns = ", ".join(dims)
    rows = store.query(
        f"SELECT {columns}, SUM(persons), COUNT(*) FROM facts{where} GROUP BY {columns}", params
    )
    decoders = {d: _decode(store, d) for d in dims if d != "month"}
    data = []
    for *codes, persons, n in rows:
        values = [
            _month_text(int(code)) if dim == "month" else decoders[dim][int(code)][0]
            for dim, code in zip(dims, codes, strict=True)
        ]
        data.append((*values, int(persons), int(n)))
    frame = pd.DataFrame(data, columns=[*dims, "persons", "records"])
    return frame.sort_values(list(dims), ignore_index=True)


def total(store: RecordStore, filt: RecordFilter | None = None) -> tuple[int, int]:
    """``(persons, records)`` over everything the filter selects."""
    where, params = (filt or RecordFilter()).fact_where(store)
    persons, records = store.query(
        f"SELECT COALESCE(SUM(persons), 0), COUNT(*) FROM facts{where}", params
    )[0]
    return int(persons), int(records)


def month_range(store: RecordStore) -> tuple[str, str] | None:
    """First and last month with records, or None when the store is empty."""
    low, high = store.query("SELECT MIN(month), MAX(month) FROM facts")[0]
    return (_month_text(int(low)), _month_text(int(high))) if low is not None else None


def distinct_values(store: RecordStore, column: str) -> list[str]:
    """Distinct values of a category (for filter widgets), among the stored records."""
    if column not in DIMENSIONS or column == "month":
        raise ValueError(f"not a category column: {column!r}")
    codes = [int(r[0]) for r in store.query(f"SELECT DISTINCT {column} FROM facts")]
    names = _decode(store, column)
    return sorted(names[c][0] for c in codes)


RECORD_COLUMNS: tuple[str, ...] = (
    "record_id", "import_id", "event_date", "date_precision", "place_name", "lat", "lon",
    "district", "persons", "event_type", "crime_type", "agency", "nationality",
    "origin_district", "sex", "age_group", "corridor", "reference", "note", "source",
)  # fmt: skip


def record_rows(
    store: RecordStore, filt: RecordFilter | None = None, *, limit: int = 5000
) -> pd.DataFrame:
    """Record-level rows, newest first (no access check: call through ``service``)."""
    where, params = (filt or RecordFilter()).where()
    rows = store.query(
        f"SELECT {', '.join(RECORD_COLUMNS)} FROM records{where} "
        "ORDER BY event_date DESC, record_id DESC LIMIT ?",
        [*params, int(limit)],
    )
    return pd.DataFrame(rows, columns=list(RECORD_COLUMNS))
