"""District indicators for awareness targeting, and the report-derived ones.

An indicator is one number per boundary district with a label, unit, source, section, period and
confidence class. Indicators come from three places: the report (through the curated district
roles), interception records and files the user loads. They are kept in an ``IndicatorTable``:
a wide table of values (one row per district, one column per indicator, NaN where a value is
missing), the indicators' metadata, the evidence lines behind each value (used for the "why" of
each district) and the name-match report of everything that was read.

Report-derived indicators are defined over every district: 0 means "the report does not name this
district in this role", which is not the same as "the district is unaffected". Province-level
statements (bonded labour in Sindh and Punjab, §2.6 and §3.3; floods and the earthquake, §3.4)
are deliberately not turned into district values; see ``geo.awareness.context``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

import pandas as pd

from geo.awareness.matching import REPORT_COLUMNS, DistrictMatcher
from geo.confidence import Confidence, parse_confidence
from geo.i18n import N_, Translator
from geo.provenance import Provenance, ProvenanceKind

ORIGINS = ("report", "records", "user")
ORIGIN_KINDS = {"records": ProvenanceKind.AGENCY_RECORD, "user": ProvenanceKind.USER_INDICATOR}
"""The class every non-report origin carries instead of one of the report's four classes."""
CLASS_WORDS = (
    N_("Agency record"),
    N_("User-uploaded indicator"),
    N_("{label}, imported on {when} by {who}"),
    N_("{label}, uploaded on {when} by {who}"),
    N_("{label} (not a figure of the report)"),
    N_("{first} to {last}"),
    N_("an agency administrator"),
    N_("an unnamed user"),
)
"""The words of the non-report classes, for the catalogues (see :func:`class_statement`)."""
ROLE_MODES = ("binary", "sections")
EVIDENCE_COLUMNS = (
    "district", "indicator", "statement", "detail", "section", "quote", "confidence", "source",
)  # fmt: skip

ROLE_LABELS: dict[str, str] = {
    "migrant_source": N_("Named source of irregular migrants"),
    "destination_affinity": N_("Reported destination affinity"),
    "child_trafficking_source": N_("Child-trafficking source"),
    "camel_jockey_source": N_("Camel-jockey source"),
    "internal_trafficking_destination": N_("Internal-trafficking destination"),
    "staging_city": N_("Staging and recruiting city"),
    "sea_launch_district": N_("Sea launch district"),
}

DEFAULT_ROLE_WEIGHTS: dict[str, float] = {
    "migrant_source": 1.0,
    "destination_affinity": 1.0,
    "child_trafficking_source": 1.0,
    "camel_jockey_source": 1.0,
    "internal_trafficking_destination": 0.5,
    "staging_city": 0.0,
    "sea_launch_district": 0.0,
}
"""Starting weights (an assumption made here, changed on the page): campaigns aim at the places
people leave from, so the roles that name origins weigh 1; places people are taken to weigh half;
staging and launch points, where people pass through rather than live, start at 0."""
"""Labels of the district roles the curated table uses; other roles get a label from their code."""

ROLE_STATEMENTS: dict[str, str] = {
    "migrant_source": N_("named as a district many irregular migrants come from"),
    "destination_affinity": N_("its migrants are reported to favour {detail}"),
    "child_trafficking_source": N_("named as a source of child trafficking"),
    "camel_jockey_source": N_("named as a source of camel-jockey children"),
    "internal_trafficking_destination": N_("named as a destination of internal trafficking"),
    "staging_city": N_("named as a city where agents gather and recruit migrants"),
    "sea_launch_district": N_("named as a launch point for boats"),
}


@dataclass(frozen=True)
class Indicator:
    """Metadata of one indicator column.

    A report indicator carries one of the report's four confidence classes (``confidence``) and
    no ``provenance``; an indicator from records or from a user's file is not the report's, so
    it carries no confidence class but its own :class:`~geo.provenance.Provenance` (agency record
    or user-uploaded indicator, with when and by whom), never "Reported figure".
    """

    key: str
    label: str
    unit: str
    origin: str
    source: str
    section: str
    confidence: Confidence | None
    period: str
    note: str = ""
    provenance: Provenance | None = None

    def __post_init__(self) -> None:
        if self.origin not in ORIGINS:
            raise ValueError(f"indicator {self.key!r}: origin must be one of {ORIGINS}")
        if self.origin == "report":
            if self.confidence is None or self.provenance is not None:
                raise ValueError(
                    f"indicator {self.key!r}: a report indicator has a confidence class and no "
                    "provenance"
                )
            return
        kind = ORIGIN_KINDS[self.origin]
        if self.confidence is not None or self.provenance is None:
            raise ValueError(
                f"indicator {self.key!r}: an indicator from {self.origin} has no confidence "
                f"class of the report; it carries the provenance {kind.label!r}"
            )
        if self.provenance.kind is not kind:
            raise ValueError(
                f"indicator {self.key!r}: origin {self.origin!r} needs the provenance "
                f"{kind.label!r}, not {self.provenance.kind.label!r}"
            )

    @property
    def class_label(self) -> str:
        """The class alone: a confidence class of the report, or "Agency record" etc."""
        if self.provenance is not None:
            return self.provenance.label
        assert self.confidence is not None  # guaranteed by __post_init__
        return self.confidence.label

    @property
    def class_statement(self) -> str:
        """The class with, for non-report numbers, when and by whom they came in."""
        return class_statement(self)


def class_statement(meta: Indicator, tr: Translator | None = None) -> str:
    """An indicator's class as shown beside its value, through ``tr`` when given.

    A report indicator: its confidence class ("Interviewee estimate"). Records: "Agency record,
    imported on 2026-11-30 by alice" (an account name only where the provenance holds one: never
    for a public session). A user file: "User-uploaded indicator, uploaded on … by …".
    """
    tr = tr or Translator("en")
    prov = meta.provenance
    if prov is None:
        return tr(meta.class_label)
    label = tr(prov.label)
    if prov.first_import is None:
        return tr("{label} (not a figure of the report)", label=label)
    last = prov.last_import or prov.first_import
    when = (
        prov.first_import
        if last == prov.first_import
        else tr("{first} to {last}", first=prov.first_import, last=last)
    )
    if prov.imported_by:
        who = ", ".join(prov.imported_by)
    elif prov.kind is ProvenanceKind.USER_INDICATOR:
        who = tr("an unnamed user")
    else:
        who = tr("an agency administrator")
    if prov.kind is ProvenanceKind.USER_INDICATOR:
        return tr("{label}, uploaded on {when} by {who}", label=label, when=when, who=who)
    return tr("{label}, imported on {when} by {who}", label=label, when=when, who=who)


def evidence_class(
    row: Mapping[str, object], table: IndicatorTable, tr: Translator | None = None
) -> str:
    """The class of one evidence row: its indicator's provenance, or the row's confidence class."""
    meta = table.indicators.get(str(row["indicator"]))
    if meta is not None and meta.provenance is not None:
        return class_statement(meta, tr)
    label = parse_confidence(str(row["confidence"])).label
    return tr(label) if tr is not None else label


def district_classes(table: IndicatorTable, tr: Translator | None = None) -> dict[str, list[str]]:
    """Per district, one line per non-report indicator with a non-zero value there, with its class.

    For the map's tooltips and the take-away table: wherever a district's place rests on
    agency records or a user's file, that is said beside it ("Deportees (total): Agency record,
    imported on … by …"). Records are a register, so every district has a value; a district
    with no record (0) gets no line, to keep the tooltips short (the indicator table states the
    class of every indicator).
    """
    out: dict[str, list[str]] = {}
    for key, meta in table.indicators.items():
        if meta.provenance is None or key not in table.values:
            continue
        label = tr(meta.label) if tr is not None else meta.label
        line = f"{label}: {class_statement(meta, tr)}"
        column = table.values[key]
        for district in table.values.index[column.notna() & (column != 0)]:
            out.setdefault(str(district), []).append(line)
    return out


@dataclass
class IndicatorTable:
    """Indicator values per district with metadata, evidence and the name-match report."""

    values: pd.DataFrame
    indicators: dict[str, Indicator]
    evidence: pd.DataFrame = field(
        default_factory=lambda: pd.DataFrame(columns=list(EVIDENCE_COLUMNS))
    )
    matches: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=REPORT_COLUMNS))

    def __post_init__(self) -> None:
        extra = set(self.values.columns) ^ set(self.indicators)
        if extra:
            raise ValueError(f"indicator values and metadata disagree on: {sorted(extra)}")

    @property
    def unmatched(self) -> pd.DataFrame:
        """Match-report rows whose names landed on no district."""
        return self.matches[self.matches["method"] == "unknown"].reset_index(drop=True)


def combine(tables: Iterable[IndicatorTable], *, districts: Sequence[str]) -> IndicatorTable:
    """Put several indicator tables side by side over the full list of ``districts``.

    Districts missing from a table get NaN for its indicators (a missing value, handled by the
    scoring's documented missing rule). Two tables defining the same indicator key is an error.
    """
    tables = list(tables)
    meta: dict[str, Indicator] = {}
    for table in tables:
        clash = set(meta) & set(table.indicators)
        if clash:
            raise ValueError(f"indicator(s) defined twice: {sorted(clash)}")
        meta.update(table.indicators)
    index = pd.Index(list(districts), name="district")
    parts = [t.values.reindex(index) for t in tables]
    values = pd.concat(parts, axis=1) if parts else pd.DataFrame(index=index)
    evidence = [t.evidence for t in tables if len(t.evidence)]
    matches = [t.matches for t in tables if len(t.matches)]
    return IndicatorTable(
        values=values.astype(float),
        indicators=meta,
        evidence=(
            pd.concat(evidence, ignore_index=True)
            if evidence
            else pd.DataFrame(columns=list(EVIDENCE_COLUMNS))
        ),
        matches=(
            pd.concat(matches, ignore_index=True)
            if matches
            else pd.DataFrame(columns=list(REPORT_COLUMNS))
        ),
    )


def role_indicators(
    roles: pd.DataFrame,
    *,
    matcher: DistrictMatcher,
    mode: str = "binary",
) -> IndicatorTable:
    """Indicators from the curated district roles (``data/district_roles.csv``).

    Parameters
    ----------
    roles
        Columns ``district, role, detail, section, quote, confidence, source``.
    matcher
        Resolves the report's spellings onto boundary districts.
    mode
        ``"binary"``: 1 if the report names the district in the role, else 0. ``"sections"``: the
        number of distinct report sections that do, so a district the report returns to weighs
        more. Either way a district the report does not name gets 0, not a missing value.

    Returns
    -------
    IndicatorTable
        One indicator per role, keyed ``role:<role>``. Rows whose district cannot be matched are
        left out of the values but listed in ``matches`` with suggestions.
    """
    if mode not in ROLE_MODES:
        raise ValueError(f"mode must be one of {ROLE_MODES}, got {mode!r}")
    needed = ("district", "role", "detail", "section", "quote", "confidence", "source")
    missing = [c for c in needed if c not in roles.columns]
    if missing:
        raise ValueError(f"district roles: missing column(s) {', '.join(missing)}")
    report = matcher.match_all(roles["district"])
    lookup = dict(zip(report["input"], report["district"], strict=True))
    frame = roles.copy()
    frame["_district"] = frame["district"].map(lambda n: lookup.get(str(n)))
    frame = frame[frame["_district"].notna()]
    index = pd.Index(matcher.districts, name="district")
    values: dict[str, pd.Series] = {}
    meta: dict[str, Indicator] = {}
    evidence_rows = []
    for role in sorted(roles["role"].astype(str).str.strip().unique()):
        if not role:
            raise ValueError("district roles: a row has an empty role")
        key = f"role:{role}"
        rows = frame[frame["role"].astype(str).str.strip() == role]
        if mode == "binary":
            counts = rows.groupby("_district").size().clip(upper=1)
        else:
            counts = rows.groupby("_district")["section"].nunique()
        values[key] = counts.reindex(index, fill_value=0).astype(float)
        sections = sorted({str(s).strip() for s in rows["section"] if str(s).strip()})
        confidences = {parse_confidence(c) for c in rows["confidence"]} or {Confidence.REPORTED}
        meta[key] = Indicator(
            key=key,
            label=ROLE_LABELS.get(role, role.replace("_", " ").capitalize()),
            unit="named (1) / not named (0)" if mode == "binary" else "report sections naming it",
            origin="report",
            source="UNODC 2011",
            section=", ".join(sections),
            confidence=weakest_confidence(confidences),
            period="2011 report",
            note="0 means the report does not name the district, not that it is unaffected",
        )
        template = ROLE_STATEMENTS.get(role, role.replace("_", " "))
        for row in rows.to_dict("records"):
            detail = str(row.get("detail", "") or "").strip()
            statement = template.format(detail=detail or "a destination")
            if detail and "{detail}" not in template:
                statement += f" ({detail})"
            evidence_rows.append(
                {
                    "district": row["_district"],
                    "indicator": key,
                    "statement": statement,
                    "detail": detail,
                    "section": str(row["section"]).strip(),
                    "quote": str(row["quote"]).strip(),
                    "confidence": parse_confidence(row["confidence"]).value,
                    "source": str(row["source"]).strip(),
                }
            )
    return IndicatorTable(
        values=pd.DataFrame(values, index=index),
        indicators=meta,
        evidence=pd.DataFrame(evidence_rows, columns=list(EVIDENCE_COLUMNS)),
        matches=report,
    )


_STRENGTH = [
    Confidence.REPORTED,
    Confidence.ESTIMATE,
    Confidence.UNCONFIRMED,
    Confidence.ASSUMPTION,
]


def weakest_confidence(classes: Iterable[Confidence]) -> Confidence:
    """The weakest confidence class among ``classes`` (an indicator is as strong as its rows)."""
    return max(classes, key=_STRENGTH.index)
