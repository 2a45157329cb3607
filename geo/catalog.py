"""The Sources page's tables: every figure, statement and source in one reviewable place.

Also the report's further facts (``report_facts.csv``): statements a briefing needs that are not
a single number on the map (the FIA's IGTOS list, Turkey's ranking of nationalities, dated
milestones, legal ages), each quoted with its section. ``briefing_context()`` is the ordered
list a briefing pack's context page reads.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import pandas as pd
import yaml

from geo.confidence import Confidence, parse_confidence
from geo.figures import Figure
from geo.gazetteer import Gazetteer
from geo.paths import DATA_DIR
from geo.tables import DataTableError, read_table


def figures_frame(figures: tuple[Figure, ...] | list[Figure], gazetteer: Gazetteer) -> pd.DataFrame:
    """One row per figure: value as stated, unit, period, place, section, quote, confidence."""
    rows: list[dict[str, object]] = []
    for f in figures:
        place = gazetteer.get(f.place_id).name if f.place_id else "Pakistan / not located"
        rows.append(
            {
                "Figure": f.label,
                "Value": f.display(),
                "Unit": f.unit,
                "Period": f.period,
                "Place": place,
                "Section": f.section,
                "Quote": f.quote,
                "Confidence": f.confidence.label,
                "Source": figure_citation(f),
                "Note": f.note,
                "figure_id": f.figure_id,
            }
        )
    return pd.DataFrame(rows)


def load_bibliography(data_dir: Path | None = None) -> pd.DataFrame:
    """Every source the atlas cites, keyed by ``source_id``."""
    return read_table(
        "bibliography",
        required=("source_id", "short", "citation", "kind", "licence", "note"),
        non_empty=("source_id", "short", "citation"),
        data_dir=data_dir,
    )


@lru_cache(maxsize=1)
def _short_names() -> dict[str, str]:
    frame = load_bibliography()
    return dict(zip(frame["source_id"], frame["short"], strict=True))


def source_label(source_id: str) -> str:
    """Short display name of a bibliography entry (``unodc2011`` -> ``UNODC 2011``).

    An id that is not in the bibliography is returned as written, so a user's own table
    naming a source in words still shows it.
    """
    key = str(source_id).strip()
    return _short_names().get(key, key)


REPORT_SOURCE = "unodc2011"


def figure_citation(item: Figure) -> str:
    """A figure's own source, as relayed by the report, with the report's section.

    ``UNODC 2011, §4.3`` for the report's own figures; ``US TIP Report 2011, as cited in
    UNODC 2011, §2.6 note 9`` for a figure the report takes from another document.
    """
    report = f"{source_label(REPORT_SOURCE)}, {item.section}"
    if item.source.strip() == REPORT_SOURCE:
        return report
    return f"{source_label(item.source)}, as cited in {report}"


@lru_cache(maxsize=1)
def load_definitions(path: Path | None = None) -> dict[str, Any]:
    """The report's definitions, stated limitations and silences (``definitions.yaml``)."""
    with open(path or DATA_DIR / "definitions.yaml", encoding="utf-8") as handle:
        data = yaml.safe_load(handle)
    for key in ("definitions", "limitations", "silences"):
        if key not in data:
            raise DataTableError(f"definitions.yaml: missing section {key!r}")
    return data


def statements_frame(roles: pd.DataFrame, regions: pd.DataFrame) -> pd.DataFrame:
    """District roles and region statements together, each at its own level."""
    district = pd.DataFrame(
        {
            "Level": "District",
            "Where": roles["district"],
            "Statement": roles["role"].str.replace("_", " ")
            + roles["detail"].map(lambda d: f": {d}" if d else ""),
            "Section": roles["section"],
            "Quote": roles["quote"],
            "Confidence": [parse_confidence(c).label for c in roles["confidence"]],
        }
    )
    region = pd.DataFrame(
        {
            "Level": "Province or region",
            "Where": regions["region"],
            "Statement": regions["statement"],
            "Section": regions["section"],
            "Quote": regions["quote"],
            "Confidence": [parse_confidence(c).label for c in regions["confidence"]],
        }
    )
    return pd.concat([district, region], ignore_index=True)


FACT_COLUMNS = (
    "fact_id", "topic", "label", "detail", "date", "place_id", "figure_ids", "section", "quote",
    "confidence", "source", "note",
)  # fmt: skip

CONTEXT_TOPICS = (
    "destinations", "interception", "profile", "enforcement", "law", "child_trafficking",
)  # fmt: skip
"""Topics of the facts a briefing's context page shows, in that order, before the milestones."""


@dataclass(frozen=True)
class ReportFact:
    """A statement of the report a briefing needs, quoted, with its section and confidence.

    ``detail`` holds the fact as a field (e.g. "1 Iraqis; 2 Pakistanis; 3 Afghans"), so that it
    can be shown without re-reading the quote. ``date`` is an ISO date, month or year for a
    milestone ("2000-07-10", "2010-04", "2002"); otherwise the period the fact covers, or
    "not dated".
    """

    fact_id: str
    topic: str
    label: str
    detail: str
    date: str
    place_id: str
    figure_ids: tuple[str, ...]
    section: str
    quote: str
    confidence: Confidence
    source: str
    note: str

    @property
    def is_dated(self) -> bool:
        """True when the fact is a milestone: its date is an ISO date, month or year."""
        return re.fullmatch(r"\d{4}(-\d{2}){0,2}", self.date) is not None

    def citation(self) -> str:
        """``UNODC 2011, §8.1 note 23`` (the source's short name and the section)."""
        return f"{source_label(self.source)}, {self.section}"

    def sentence(self) -> str:
        """One line for a popup or a context page: label, detail, citation and confidence."""
        return f"{self.label}: {self.detail} ({self.citation()}; {self.confidence.label})."


def report_facts_from_table(data_dir: Path | None = None) -> tuple[ReportFact, ...]:
    """Read and check ``report_facts.csv``; figure ids must exist in ``figures.csv``."""
    from geo.figures import figures_from_table

    frame = read_table(
        "report_facts",
        required=FACT_COLUMNS,
        non_empty=(
            "fact_id",
            "topic",
            "label",
            "detail",
            "date",
            "section",
            "quote",
            "confidence",
            "source",
        ),  # fmt: skip
        data_dir=data_dir,
    )
    known = {f.figure_id for f in figures_from_table(data_dir)}
    facts = []
    for number, row in enumerate(frame.to_dict("records"), start=2):
        ids = tuple(i.strip() for i in row["figure_ids"].split(";") if i.strip())
        unknown = sorted(set(ids) - known)
        if unknown:
            raise ValueError(f"report_facts.csv row {number}: unknown figure(s) {unknown}")
        facts.append(
            ReportFact(
                fact_id=row["fact_id"].strip(),
                topic=row["topic"].strip(),
                label=row["label"].strip(),
                detail=row["detail"].strip(),
                date=row["date"].strip(),
                place_id=row["place_id"].strip(),
                figure_ids=ids,
                section=row["section"].strip(),
                quote=row["quote"].strip(),
                confidence=parse_confidence(row["confidence"]),
                source=row["source"].strip(),
                note=row["note"].strip(),
            )
        )
    fact_ids = [f.fact_id for f in facts]
    duplicates = sorted({i for i in fact_ids if fact_ids.count(i) > 1})
    if duplicates:
        raise ValueError(f"report_facts.csv: duplicate fact_id {duplicates}")
    return tuple(facts)


@lru_cache(maxsize=1)
def load_report_facts() -> tuple[ReportFact, ...]:
    """The project's further facts from the report, read once per process."""
    return report_facts_from_table()


def report_fact(fact_id: str) -> ReportFact:
    """One fact by id; ``KeyError`` names the missing id."""
    for item in load_report_facts():
        if item.fact_id == fact_id:
            return item
    raise KeyError(f"no fact {fact_id!r} in report_facts.csv")


def facts_for_figure(figure_id: str) -> tuple[ReportFact, ...]:
    """Facts that qualify one figure (shown in the figure's popup)."""
    return tuple(f for f in load_report_facts() if figure_id in f.figure_ids)


def facts_for_place(place_id: str) -> tuple[ReportFact, ...]:
    """Facts the map shows at one place (shown in the popups drawn there)."""
    return tuple(f for f in load_report_facts() if f.place_id == place_id)


def milestones() -> tuple[ReportFact, ...]:
    """The dated facts in date order (ISO dates and years sort alike)."""
    return tuple(sorted((f for f in load_report_facts() if f.is_dated), key=lambda f: f.date))


def briefing_context() -> tuple[ReportFact, ...]:
    """What a briefing's context page shows: facts by topic, then the milestones by date."""
    facts = load_report_facts()
    ordered = tuple(
        f for topic in CONTEXT_TOPICS for f in facts if f.topic == topic and not f.is_dated
    )
    return (*ordered, *milestones())


def facts_frame(facts: tuple[ReportFact, ...] | None = None) -> pd.DataFrame:
    """The facts as a table for the Sources page and exports."""
    rows = [
        {
            "Fact": f.label,
            "Detail": f.detail,
            "Date": f.date,
            "Section": f.section,
            "Quote": f.quote,
            "Confidence": f.confidence.label,
            "Source": source_label(f.source),
            "Note": f.note,
        }
        for f in (facts if facts is not None else load_report_facts())
    ]
    return pd.DataFrame(rows)
