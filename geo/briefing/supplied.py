"""Blocks of what other pages hand to the pack: the checkpoint plan, target districts, records.

Each builder curates its table (plain headers, names not ids, units, notes once under the
table) and gives it its kind: a plan and a ranking are model outputs, counts of loaded records
are record aggregates, rows of loaded records are record-level rows (analyst packs only). A
table whose input cannot be read is not guessed at: the builder raises
:class:`SuppliedTableError` with a sentence the pack states instead of the section.
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Mapping
from dataclasses import replace
from typing import Any

import pandas as pd

from geo.awareness.export import JOIN as EVIDENCE_JOIN
from geo.awareness.takeaway import CLASS_COLUMN as EVIDENCE_COLUMN
from geo.briefing.disclosure import suppress_record_counts
from geo.briefing.model import (
    MAX_TABLE_ROWS,
    SECTIONS,
    Block,
    MapPicture,
    SiteMark,
    Table,
    TableKind,
)
from geo.briefing.plan import MODEL_NOTE, PlanSummary, robust_sentence, status_sentence
from geo.errors import UserInputError
from geo.provenance import Provenance, ProvenanceKind


class SuppliedTableError(UserInputError, ValueError):
    """A table handed to the pack cannot be read; the message says so in one sentence."""


def _share(value: float | None) -> str:
    return "" if value is None else f"{value:.1%}"


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, numbers.Integral):
        return f"{int(value):,}"
    if isinstance(value, numbers.Real):
        number = float(value)
        if math.isnan(number):
            return ""
        return f"{number:,.3f}".rstrip("0").rstrip(".")
    text = str(value)
    return "" if text in ("nan", "None", "<NA>") else text


def plan_block(
    plan: PlanSummary, *, corridor_ids: frozenset[str] | None, role: str, detail: str | None
) -> Block:
    """The plan's own page: its map, captured share and status, method, assumptions, sites."""
    if not plan.sites:
        raise SuppliedTableError("Checkpoint plan: the plan has no sites, so it is left out.")
    marks = tuple(
        SiteMark(s.name, s.lon, s.lat, s.existing)
        for s in plan.sites
        if s.lon is not None and s.lat is not None
    )
    paragraphs = [status_sentence(plan)]
    method = plan.method or "not stated"
    rule = plan.objective or "not stated"
    paragraphs.append(f"Capture rule: {rule}. Method: {method}.")
    if plan.robust is not None:
        paragraphs.append(robust_sentence(plan.robust))
    if plan.assumptions:
        paragraphs.append("Assumptions: " + " ".join(a.rstrip(".") + "." for a in plan.assumptions))
    rows = tuple(
        (
            str(n),
            site.name,
            site.kind or "not stated",
            "existing" if site.existing else "new",
            _cell(site.cost),
            _share(site.gain_share),
            _share(site.through_share),
        )
        for n, site in enumerate(plan.sites, start=1)
    )
    notes = [
        MODEL_NOTE,
        "Marginal gain: share of modelled flow the plan would lose without the site. Flow "
        "through site: share of modelled flow whose own route passes it.",
        "Cost in the planner's units: 1 per site unless costs were set on the planner.",
    ]
    if len(rows) > MAX_TABLE_ROWS * 2:
        notes.append(f"All {len(rows)} sites are listed.")
    return Block(
        "checkpoint_plan",
        SECTIONS["checkpoint_plan"],
        paragraphs=tuple(paragraphs),
        picture=MapPicture(
            "fit",
            corridor_ids=corridor_ids,
            role=role,
            detail=detail,
            sites=marks,
            title="Checkpoint plan: chosen sites on the corridors",
        ),
        table=Table(
            (
                "No.",
                "Site",
                "Kind",
                "New or existing",
                "Cost (planner units)",
                "Marginal gain (share of flow)",
                "Flow through site (share of flow)",
            ),
            rows,
            TableKind.MODEL,
            notes=tuple(notes),
            numeric=(0, 4, 5, 6),
        ),
        citations=("Checkpoint planner (model output)",),
    )


TARGET_COLUMNS: tuple[tuple[str, str, bool], ...] = (
    ("rank", "Rank", True),
    ("district", "District", False),
    ("district note", "District note", False),
    ("province", "Province", False),
    ("score", "Score (no unit)", True),
    ("share_in_top", "Share of draws in the top list", True),
    ("languages", "Campaign languages", False),
    ("destinations", "Destinations named", False),
    ("themes", "Message themes", False),
)
"""Columns of the target table the pack shows: (column of the ranking, header, numeric)."""


REPORT_ONLY = "UNODC 2011 only"
"""The evidence class of a district whose place rests on the report's figures alone."""
EVIDENCE_HEADER = "Evidence class (agency records, uploads)"


def _classes(value: Any) -> str:
    """One district's non-report evidence with its class, or :data:`REPORT_ONLY`."""
    if isinstance(value, list | tuple):
        lines = [str(v).strip() for v in value]
    else:
        lines = [v.strip() for v in _cell(value).split(EVIDENCE_JOIN)]
    lines = [line for line in lines if line]
    return "; ".join(lines) if lines else REPORT_ONLY


def _uses_outside_evidence(frame: pd.DataFrame) -> bool:
    """Whether the ranking rests anywhere on agency records or user-uploaded indicators."""
    if EVIDENCE_COLUMN not in frame.columns:
        return False
    return any(_classes(v) != REPORT_ONLY for v in frame[EVIDENCE_COLUMN])


def targets_block(frame: pd.DataFrame) -> Block:
    """The ranked districts, curated to the columns a reader needs, first rows only.

    When the ranking used imported records or user-uploaded indicators, each row also says
    which of them, with their class ("Deportees (total): Agency record, imported on … by …"),
    or that the district's place rests on the report alone.
    """
    if "district" not in frame.columns:
        raise SuppliedTableError(
            "Target districts: the ranking names no districts, so it is left out; rank them "
            "again on Awareness targeting."
        )
    chosen = [(c, h, n) for c, h, n in TARGET_COLUMNS if c in frame.columns]
    if _uses_outside_evidence(frame):
        chosen.append((EVIDENCE_COLUMN, EVIDENCE_HEADER, False))
    shown = frame.head(MAX_TABLE_ROWS)
    rows = []
    for rec in shown.to_dict("records"):
        row = []
        for column, _header, _numeric in chosen:
            value = rec.get(column)
            if column == "share_in_top" and isinstance(value, numbers.Real):
                row.append("" if math.isnan(float(value)) else f"{float(value):.0%}")
            elif column == "score" and isinstance(value, numbers.Real):
                row.append(f"{float(value):.3f}")
            elif column == EVIDENCE_COLUMN:
                row.append(_classes(value))
            else:
                row.append(_cell(value).replace(";", ",").strip(", "))
        rows.append(tuple(row))
    notes = [
        "Scores are model outputs of the weights set on Awareness targeting, not findings of "
        "UNODC 2011; the report's statements about each district are what the weights count.",
    ]
    if "tied" in frame.columns and bool(frame["tied"].head(MAX_TABLE_ROWS).any()):
        notes.append("Equal scores are ordered A–Z: the order among them is a tie-break.")
    if len(frame) > MAX_TABLE_ROWS:
        notes.append(f"First {MAX_TABLE_ROWS} of {len(frame)} districts.")
    source = str(frame.attrs.get("source", "")).strip()
    return Block(
        "target_districts",
        SECTIONS["target_districts"],
        paragraphs=(source,) if source else (),
        table=Table(
            tuple(h for _c, h, _n in chosen),
            tuple(rows),
            TableKind.MODEL,
            notes=tuple(notes),
            numeric=tuple(i for i, (_c, _h, n) in enumerate(chosen) if n),
        ),
        citations=tuple(str(c) for c in frame.attrs.get("citations", ())) or ("UNODC 2011",),
    )


RECORD_DIMENSIONS: dict[str, str] = {
    "crime_type": "Crime type",
    "event_type": "Event",
    "month": "Month",
    "agency": "Agency",
    "district": "District",
}
"""Headers of the groupings a records aggregate may come by."""


def records_block(
    frames: Mapping[str, pd.DataFrame],
    *,
    public: bool,
    threshold: int,
    filter_note: str,
    provenance: Provenance | None = None,
) -> Block:
    """Persons in the loaded records, by each grouping, suppressed in a public pack.

    Every row carries the records' class ("Agency record, imported on … by …"), so a row
    copied out of the pack still says it is not a figure of the report.
    """
    label = _class_of(provenance, public=public)
    rows: list[tuple[str, str, str, str]] = []
    for by, frame in frames.items():
        if frame is None or frame.empty:
            continue
        if "persons" not in frame.columns and "persons_shown" not in frame.columns:
            raise SuppliedTableError(
                "Interception records: an aggregate without a count of persons was handed "
                "over, so the section is left out."
            )
        group = by if by in frame.columns else frame.columns[0]
        safe = suppress_record_counts(frame, threshold) if public else frame
        header = RECORD_DIMENSIONS.get(by, by.replace("_", " ").capitalize())
        for rec in safe.to_dict("records"):
            shown = rec.get("persons_shown")
            if shown is None or str(shown) in ("", "nan", "<NA>"):
                shown = _cell(rec.get("persons"))
            rows.append((header, _cell(rec.get(group)), str(shown), label))
    if not rows:
        raise SuppliedTableError(
            "Interception records: no records match the filter, so the section is left out."
        )
    notes = [f"Records filter: {filter_note}.", "Persons counted in the records agencies loaded."]
    if public:
        notes.append(
            f"Public pack: counts below {threshold} are shown as '<{threshold}', and where one "
            "count of a breakdown is small the next smallest is 'hidden' so it cannot be worked "
            "out by subtraction."
        )
    return Block(
        "records",
        SECTIONS["records"],
        paragraphs=(
            "Counts from the agencies' own records, not from the report: they describe what was "
            "recorded, not all migration.",
        ),
        table=Table(
            ("Grouped by", "Group", "Persons", "Class"),
            tuple(rows),
            TableKind.AGGREGATE,
            notes=tuple(notes),
            numeric=(2,),
            counts=(2,),
        ),
        citations=("Interception records loaded in the app",),
    )


RECORD_ROW_COLUMNS: tuple[tuple[str, str, bool], ...] = (
    ("event_date", "Date", False),
    ("place_name", "Place", False),
    ("district", "District", False),
    ("persons", "Persons", True),
    ("event_type", "Event", False),
    ("crime_type", "Crime type", False),
    ("agency", "Agency", False),
    ("sex", "Sex", False),
    ("age_group", "Age group", False),
)
"""Columns of the record rows an analyst pack shows: (column of the records, header, numeric)."""


def _class_of(provenance: Provenance | None, *, public: bool) -> str:
    """The records' class statement; never an account name in a public pack."""
    provenance = provenance or Provenance(ProvenanceKind.AGENCY_RECORD)
    return replace(provenance, imported_by=()).statement if public else provenance.statement


def record_rows_block(
    frame: pd.DataFrame, *, filter_note: str, provenance: Provenance | None = None
) -> Block:
    """The latest loaded records (record-level rows: never in a public pack), each with the
    records' class."""
    chosen = [(c, h, n) for c, h, n in RECORD_ROW_COLUMNS if c in frame.columns]
    if not chosen:
        raise SuppliedTableError(
            "Interception records: the rows handed over have none of the record columns, so "
            "they are left out."
        )
    shown = frame.head(MAX_TABLE_ROWS)
    label = _class_of(provenance, public=False)
    rows = tuple(
        (*(_cell(rec.get(c)).replace("_", " ") for c, _h, _n in chosen), label)
        for rec in shown.to_dict("records")
    )
    notes = [f"Records filter: {filter_note}.", "Newest first, as the agencies recorded them."]
    if len(frame) > MAX_TABLE_ROWS:
        notes.append(f"The latest {MAX_TABLE_ROWS} of {len(frame)} records.")
    return Block(
        "record_rows",
        SECTIONS["record_rows"],
        paragraphs=("Record-level data: for analysts; not for public distribution.",),
        table=Table(
            (*(h for _c, h, _n in chosen), "Class"),
            rows,
            TableKind.RECORDS,
            notes=tuple(notes),
            numeric=tuple(i for i, (_c, _h, n) in enumerate(chosen) if n),
        ),
        citations=("Interception records loaded in the app",),
    )
