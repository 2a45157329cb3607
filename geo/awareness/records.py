"""Indicators from interception records: deportees, offloadees and intercepted persons.

The report's only official figures are those returned to Pakistan or stopped before crossing a
border (§2.6, §8.1). Where such records exist with an origin district, they say directly where
people leave from. This module turns a plain table of records into two indicators per category:
the total number of persons over all periods, and the per-period trend (least-squares slope of
persons against the period's position, in persons per period).

Rule for absent rows: the records are treated as a register, so a district with no row in a
period had no recorded person in it (0), not a missing value. The trend needs at least two
periods; with fewer it is not computed.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from geo.awareness.indicators import EVIDENCE_COLUMNS, Indicator, IndicatorTable
from geo.awareness.matching import DistrictMatcher
from geo.provenance import Provenance, ProvenanceKind

CATEGORIES: dict[str, str] = {
    "deportee": "Deportees",
    "offloadee": "Offloadees",
    "intercepted": "Intercepted persons",
    "repatriated": "Repatriated persons",
    "rescued": "Rescued persons",
}
# Spellings accepted for the categories, including the record store's event types.
_ALIASES = {
    "deportees": "deportee",
    "deported": "deportee",
    "offloadees": "offloadee",
    "offloaded": "offloadee",
    "interception": "intercepted",
    "interceptions": "intercepted",
    "intercepted_checkpoint": "intercepted",
    "intercepted_sea": "intercepted",
}


def _category(value: object) -> str:
    text = str(value).strip().lower()
    text = _ALIASES.get(text, text)
    if text not in CATEGORIES:
        raise ValueError(
            f"records: unknown category {value!r}; expected one of {', '.join(CATEGORIES)}"
        )
    return text


def _period_order(periods: pd.Series) -> list[str]:
    """Distinct periods in time order when they all parse as periods, else in text order."""
    distinct = sorted({str(p).strip() for p in periods})
    try:
        parsed = {p: pd.Period(p) for p in distinct}
        return sorted(distinct, key=lambda p: parsed[p].start_time)
    except (ValueError, TypeError):
        return distinct


def from_record_rows(rows: pd.DataFrame, *, period: str = "year") -> pd.DataFrame:
    """Turn rows in the record store's layout into the input of ``record_indicators``.

    Parameters
    ----------
    rows
        Columns ``date`` (YYYY-MM-DD or YYYY-MM), ``count``, ``event_type`` and
        ``origin_district`` (blank where unknown), as the interception-record import defines them.
    period
        ``"year"`` or ``"month"``: the period each record is counted in.
    """
    if period not in ("year", "month"):
        raise ValueError("period must be 'year' or 'month'")
    missing = [c for c in ("date", "count", "event_type", "origin_district") if c not in rows]
    if missing:
        raise ValueError(f"record rows: missing column(s) {', '.join(missing)}")
    dates = rows["date"].astype(str).str.strip()
    width = 4 if period == "year" else 7
    if (dates.str.len() < width).any():
        raise ValueError(f"record rows: every date needs at least a {period}")
    return pd.DataFrame(
        {
            "origin_district": rows["origin_district"].fillna("").astype(str),
            "period": dates.str[:width],
            "persons": rows["count"],
            "category": rows["event_type"],
        }
    )


def _record_indicator(
    key: str, label: str, unit: str, source: str, period: str, note: str, provenance: Provenance
) -> Indicator:
    """An indicator from the agencies' own records: no report section backs it, and it carries
    the agency-record class (never one of the report's confidence classes)."""
    return Indicator(
        key=key,
        label=label,
        unit=unit,
        origin="records",
        source=source,
        section="",
        confidence=None,
        period=period,
        note=f"{note}; counts as the agencies recorded them, not figures of the report",
        provenance=provenance,
    )


def record_indicators(
    records: pd.DataFrame,
    *,
    matcher: DistrictMatcher,
    category_column: str | None = "category",
    category: str = "intercepted",
    source: str = "Interception records",
    provenance: Provenance | None = None,
) -> IndicatorTable:
    """Counts and per-period trends per origin district from interception records.

    Parameters
    ----------
    records
        Columns ``origin_district, period, persons`` and, unless ``category_column`` is None,
        a category column with ``deportee``, ``offloadee`` or ``intercepted`` (plurals and the
        record store's event types such as ``deported`` or ``intercepted_sea`` accepted).
        Rows without an origin district are listed as unmatched in ``matches``.
    matcher
        Resolves origin-district spellings; unmatched names are listed in ``matches``.
    category_column
        Name of the category column, or None when every row is of one ``category``.
    category
        The category of every row when ``category_column`` is None.
    source
        Source named on the indicators.
    provenance
        The agency-record class of the records, with their import dates and importers (see
        ``geo.records.timeline.records_provenance``; no account names for a public session).
        Without it the indicators still carry the agency-record class, with dates unknown.
    """
    provenance = provenance or Provenance(ProvenanceKind.AGENCY_RECORD)
    if provenance.kind is not ProvenanceKind.AGENCY_RECORD:
        raise ValueError(f"records: provenance must be {ProvenanceKind.AGENCY_RECORD.label!r}")
    needed = ["origin_district", "period", "persons"]
    if category_column is not None:
        needed.append(category_column)
    missing = [c for c in needed if c not in records.columns]
    if missing:
        raise ValueError(f"records: missing column(s) {', '.join(missing)}")
    frame = records.copy()
    persons = pd.to_numeric(frame["persons"], errors="coerce")
    bad = frame.index[persons.isna() | (persons < 0)].tolist()
    if bad:
        raise ValueError(
            f"records: 'persons' must be a non-negative number; bad value(s) in row(s) "
            f"{', '.join(str(i) for i in bad[:5])}"
        )
    frame["persons"] = persons.astype(float)
    if frame["period"].astype(str).str.strip().eq("").any():
        raise ValueError("records: a row has an empty period")
    frame["_cat"] = (
        frame[category_column].map(_category) if category_column else _category(category)
    )
    report = matcher.match_all(frame["origin_district"])
    lookup = dict(zip(report["input"], report["district"], strict=True))
    frame["_district"] = frame["origin_district"].map(lambda n: lookup.get(str(n)))
    frame["period"] = frame["period"].astype(str).str.strip()
    order = _period_order(frame["period"])
    span = order[0] if len(order) == 1 else f"{order[0]} to {order[-1]}"
    matched = frame[frame["_district"].notna()]
    index = pd.Index(matcher.districts, name="district")
    values: dict[str, pd.Series] = {}
    meta: dict[str, Indicator] = {}
    evidence = []
    for cat in [c for c in CATEGORIES if c in set(frame["_cat"])]:
        rows = matched[matched["_cat"] == cat]
        grid = rows.pivot_table(
            index="_district", columns="period", values="persons", aggfunc="sum", fill_value=0.0
        ).reindex(index=index, columns=order, fill_value=0.0)
        key = f"records:{cat}:count"
        values[key] = grid.sum(axis=1)
        meta[key] = _record_indicator(
            key, f"{CATEGORIES[cat]} (total)", "persons", source, span,
            "a district with no record counts as 0 persons", provenance,
        )  # fmt: skip
        if len(order) >= 2:
            x = np.arange(len(order), dtype=float)
            x -= x.mean()
            slope = grid.to_numpy() @ x / float(x @ x)
            tkey = f"records:{cat}:trend"
            values[tkey] = pd.Series(slope, index=index)
            meta[tkey] = _record_indicator(
                tkey, f"{CATEGORIES[cat]} (trend)", "persons per period", source, span,
                "least-squares slope over the periods in time order", provenance,
            )  # fmt: skip
        for district, total in values[key].items():
            if total > 0:
                evidence.append(
                    {
                        "district": district,
                        "indicator": key,
                        "statement": f"{int(total)} {CATEGORIES[cat].lower()} recorded, {span}",
                        "detail": "",
                        "section": "",
                        "quote": "",
                        "confidence": provenance.kind.value,
                        "source": source,
                    }
                )
    return IndicatorTable(
        values=pd.DataFrame(values, index=index),
        indicators=meta,
        evidence=pd.DataFrame(evidence, columns=list(EVIDENCE_COLUMNS)),
        matches=report,
    )


def from_cross_summary(frame: pd.DataFrame, *, period: str = "year") -> tuple[pd.DataFrame, int]:
    """Records service output (origin_district, month, event_type, persons, suppressed) as the
    input of ``record_indicators``, and the number of suppressed cells left out.

    A public session's small counts are hidden (``persons`` missing); they are left out rather
    than guessed, and the page says how many.
    """
    needed = ("origin_district", "month", "event_type", "persons")
    missing = [c for c in needed if c not in frame.columns]
    if missing:
        raise ValueError(f"records summary: missing column(s) {', '.join(missing)}")
    hidden = frame["persons"].isna()
    kept = frame[~hidden]
    rows = pd.DataFrame(
        {
            "date": kept["month"].astype(str),
            "count": kept["persons"].astype("int64"),
            "event_type": kept["event_type"].astype(str),
            "origin_district": kept["origin_district"].fillna("").astype(str),
        }
    )
    return from_record_rows(rows, period=period), int(hidden.sum())
