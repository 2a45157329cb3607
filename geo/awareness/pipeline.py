"""Putting the awareness indicators together from the project's data, records and user files.

This is the one place the page calls to assemble indicators, so the page stays thin and the same
assembly is tested without Streamlit.
"""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from geo.awareness.indicators import (
    DEFAULT_ROLE_WEIGHTS,
    IndicatorTable,
    combine,
    role_indicators,
)
from geo.awareness.matching import DistrictMatcher
from geo.awareness.records import record_indicators
from geo.gazetteer import Gazetteer
from geo.provenance import Provenance

META_COLUMNS = (
    "key",
    "label",
    "unit",
    "origin",
    "source",
    "section",
    "period",
    "confidence",
    "provenance",
    "note",
)


def matcher_for(districts: pd.DataFrame, gazetteer: Gazetteer | None) -> DistrictMatcher:
    """A matcher over the ``district`` column of a boundary table."""
    if "district" not in districts.columns:
        raise ValueError("the district table needs a 'district' column")
    return DistrictMatcher(districts["district"].astype(str), gazetteer=gazetteer)


def assemble(
    *,
    matcher: DistrictMatcher,
    roles: pd.DataFrame,
    records: pd.DataFrame | None = None,
    uploads: Iterable[IndicatorTable] = (),
    role_mode: str = "binary",
    records_provenance: Provenance | None = None,
) -> IndicatorTable:
    """All indicators over every boundary district: report roles, records (if any), uploads.

    ``records`` needs ``origin_district, period, persons, category`` (see
    ``geo.awareness.records.record_indicators``); pass None when there are none.
    ``records_provenance`` is their agency-record class with import dates and importers.
    """
    parts = [role_indicators(roles, matcher=matcher, mode=role_mode)]
    if records is not None and len(records):
        parts.append(record_indicators(records, matcher=matcher, provenance=records_provenance))
    parts.extend(uploads)
    return combine(parts, districts=matcher.districts)


TARGETS_SOURCE = "Awareness targeting (weights set by the user; UNODC 2011 roles)"


def targets_source(table: IndicatorTable) -> str:
    """The source line of the target table handed to the briefing pack.

    Names the report roles and, when agency records or user files are among the indicators,
    their own classes ("interception records: Agency record, imported on … by …"), so the pack
    never lets them pass for the report's figures.
    """
    classes = {
        meta.origin: meta.class_statement
        for meta in table.indicators.values()
        if meta.provenance is not None
    }
    parts = [TARGETS_SOURCE]
    if "records" in classes:
        parts.append(f"interception records: {classes['records']}")
    users = sorted({m.class_statement for m in table.indicators.values() if m.origin == "user"})
    if users:
        parts.append(f"uploaded indicators: {'; '.join(users)}")
    return "; ".join(parts)


def default_weights(table: IndicatorTable) -> dict[str, float]:
    """Starting weights: ``DEFAULT_ROLE_WEIGHTS`` for roles, 1 for everything else."""
    weights = {}
    for key in table.indicators:
        if key.startswith("role:"):
            weights[key] = DEFAULT_ROLE_WEIGHTS.get(key.split(":", 1)[1], 1.0)
        else:
            weights[key] = 1.0
    return weights


def indicator_metadata(table: IndicatorTable) -> pd.DataFrame:
    """One row per indicator with its label, unit, source, section, period and class.

    ``confidence`` holds the class alone (a report class, or "Agency record" / "User-uploaded
    indicator"); ``provenance`` the full statement for non-report indicators (empty for the
    report's own).
    """
    rows = []
    for meta in table.indicators.values():
        rows.append(
            {
                "key": meta.key,
                "label": meta.label,
                "unit": meta.unit,
                "origin": meta.origin,
                "source": meta.source,
                "section": meta.section,
                "period": meta.period,
                "confidence": meta.class_label,
                "provenance": meta.class_statement if meta.provenance is not None else "",
                "note": meta.note,
            }
        )
    return pd.DataFrame(rows, columns=list(META_COLUMNS))
