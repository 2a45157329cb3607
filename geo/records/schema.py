"""The interception record: its columns, its controlled vocabularies and its limits.

The source report says interception data are not recorded uniformly, mix trafficking with
smuggling and cannot be broken down by sex (UNODC 2011, §2.4, §8.3); its recommendation 7 asks
for data software that keeps trafficking in persons (TIP) and smuggling of migrants (SOM) apart.
This module is the single definition of what one record holds, so that the validator, the store,
the template file and the documentation cannot drift apart.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from enum import StrEnum
from typing import NamedTuple

from geo.gazetteer import normalise_name


class EventType(StrEnum):
    """What happened to the persons counted in a record."""

    OFFLOADED = "offloaded"
    DEPORTED = "deported"
    INTERCEPTED_CHECKPOINT = "intercepted_checkpoint"
    INTERCEPTED_SEA = "intercepted_sea"
    REPATRIATED = "repatriated"
    RESCUED = "rescued"

    @property
    def label(self) -> str:
        """Human-readable label for tables and charts."""
        return _EVENT_LABELS[self]


_EVENT_LABELS = {
    EventType.OFFLOADED: "Offloaded at an exit point",
    EventType.DEPORTED: "Deported back to Pakistan",
    EventType.INTERCEPTED_CHECKPOINT: "Intercepted at a checkpoint",
    EventType.INTERCEPTED_SEA: "Intercepted at sea",
    EventType.REPATRIATED: "Repatriated",
    EventType.RESCUED: "Rescued",
}


class CrimeType(StrEnum):
    """The crime type of a record: never a blend of the two (UNODC 2011, recommendation 7)."""

    TIP = "TIP"
    SOM = "SOM"
    UNDETERMINED = "undetermined"

    @property
    def label(self) -> str:
        """Human-readable label for tables and charts."""
        return _CRIME_LABELS[self]


_CRIME_LABELS = {
    CrimeType.TIP: "Trafficking in persons (TIP)",
    CrimeType.SOM: "Smuggling of migrants (SOM)",
    CrimeType.UNDETERMINED: "Not yet determined",
}


class Sex(StrEnum):
    """Sex of the persons counted; ``unknown`` where the source does not record it."""

    FEMALE = "female"
    MALE = "male"
    UNKNOWN = "unknown"

    @property
    def label(self) -> str:
        """Human-readable label."""
        return self.value.capitalize()


class AgeGroup(StrEnum):
    """Age band of the persons counted; ``under_18`` separates children from adults."""

    UNDER_18 = "under_18"
    AGE_18_29 = "18_29"
    AGE_30_49 = "30_49"
    AGE_50_PLUS = "50_plus"
    UNKNOWN = "unknown"

    @property
    def label(self) -> str:
        """Human-readable label."""
        return _AGE_LABELS[self]


_AGE_LABELS = {
    AgeGroup.UNDER_18: "Under 18",
    AgeGroup.AGE_18_29: "18 to 29",
    AgeGroup.AGE_30_49: "30 to 49",
    AgeGroup.AGE_50_PLUS: "50 and over",
    AgeGroup.UNKNOWN: "Unknown",
}

# Extra spellings accepted on import, keyed by ``normalise_name`` of the spelling.
_ALIASES: dict[type[StrEnum], dict[str, str]] = {
    EventType: {
        "offload": "offloaded", "offloadee": "offloaded", "offloadees": "offloaded",
        "deportee": "deported", "deportees": "deported", "deportation": "deported",
        "intercepted at a checkpoint": "intercepted_checkpoint",
        "checkpoint": "intercepted_checkpoint", "intercepted at sea": "intercepted_sea",
        "sea": "intercepted_sea", "repatriation": "repatriated", "rescue": "rescued",
        "offloaded at an exit point": "offloaded", "deported back to pakistan": "deported",
    },
    CrimeType: {
        "trafficking": "TIP", "trafficking in persons": "TIP", "human trafficking": "TIP",
        "smuggling": "SOM", "smuggling of migrants": "SOM", "migrant smuggling": "SOM",
        "not yet determined": "undetermined", "not determined": "undetermined",
        "unknown": "undetermined", "trafficking in persons tip": "TIP",
        "smuggling of migrants som": "SOM",
    },
    Sex: {"f": "female", "m": "male", "u": "unknown", "woman": "female", "man": "male"},
    AgeGroup: {
        "0 17": "under_18", "child": "under_18", "minor": "under_18", "under 18": "under_18",
        "18 to 29": "18_29", "30 to 49": "30_49", "50": "50_plus", "50 and over": "50_plus",
        "50 plus": "50_plus",
    },
}  # fmt: skip


def enum_lookup(kind: type[StrEnum]) -> dict[str, StrEnum]:
    """Return every accepted spelling of ``kind`` (normalised) mapped to its member."""
    table: dict[str, StrEnum] = {}
    for member in kind:
        table[normalise_name(member.value)] = member
        label = getattr(member, "label", None)
        if label:
            table[normalise_name(label)] = member
    for spelling, value in _ALIASES.get(kind, {}).items():
        table[normalise_name(spelling)] = kind(value)
    return table


IATF_AGENCIES: tuple[str, ...] = (
    "FIA",
    "Frontier Corps",
    "Coast Guards",
    "Maritime Security Agency",
    "Balochistan Police",
    "Rangers",
)
"""Members of the Inter Agency Task Force named by the report (UNODC 2011, §8.2)."""

AGENCY_ALIASES: dict[str, str] = {
    "federal investigation agency": "FIA",
    "fc": "Frontier Corps",
    "coast guard": "Coast Guards",
    "pakistan coast guards": "Coast Guards",
    "msa": "Maritime Security Agency",
    "pakistan maritime security agency": "Maritime Security Agency",
    "baluchistan police": "Balochistan Police",
    "pakistan rangers": "Rangers",
}

# Region in which coordinates given as lat/lon are accepted (degrees, WGS 84). It spans the
# corridors the report describes, from Greece and Libya in the west to Indonesia in the east.
REGION_LON = (20.0, 110.0)
REGION_LAT = (-15.0, 50.0)

CELL_DEGREES = 0.5
"""Records located by coordinates are grouped on the map in cells of this size (degrees)."""


def _cell_centre(lat: float, lon: float) -> tuple[float, float]:
    size = CELL_DEGREES
    return (
        math.floor(lat / size) * size + size / 2,
        math.floor(lon / size) * size + size / 2,
    )


def cell_key(lat: float, lon: float) -> str:
    """Place key of the map cell holding a coordinate (``cell:LAT,LON`` of its centre)."""
    clat, clon = _cell_centre(lat, lon)
    return f"cell:{clat:.2f},{clon:.2f}"


def cell_label(lat: float, lon: float) -> str:
    """Human-readable name of the map cell holding a coordinate."""
    clat, clon = _cell_centre(lat, lon)
    return f"Area around {clat:.2f}, {clon:.2f} ({CELL_DEGREES:g}° cell)"


def cell_centre_of_key(key: str) -> tuple[float, float]:
    """Centre of a cell from its key."""
    lat, lon = key.removeprefix("cell:").split(",")
    return float(lat), float(lon)


EARLIEST_DATE = "1970-01-01"
"""Dates before this are refused as implausible (a mistyped year)."""


@dataclass(frozen=True)
class Column:
    """One column of the import file."""

    name: str
    required: bool
    description: str


COLUMNS: tuple[Column, ...] = (
    Column("date", True, "Day (YYYY-MM-DD) or month (YYYY-MM) of the event; not in the future."),
    Column("place", False, "Gazetteer place name; leave empty when lat and lon are given."),
    Column("lat", False, "Latitude in degrees (WGS 84), used when place is empty."),
    Column("lon", False, "Longitude in degrees (WGS 84), used when place is empty."),
    Column("count", True, "Number of persons, a whole number of at least 1."),
    Column("event_type", True, "One of: " + ", ".join(m.value for m in EventType) + "."),
    Column("crime_type", True, "One of: TIP, SOM, undetermined (never both)."),
    Column("agency", True, "Agency that holds the record (e.g. FIA, Frontier Corps)."),
    Column("nationality", False, "Nationality of the persons, as recorded."),
    Column("origin_district", False, "District the persons come from, when known."),
    Column("sex", True, "female, male or unknown."),
    Column("age_group", True, "One of: " + ", ".join(m.value for m in AgeGroup) + "."),
    Column("corridor", False, "Route corridor, when known."),
    Column("reference", False, "The agency's own case or ledger reference, if any."),
    Column("note", False, "Free text."),
    Column("source", True, "Where the record comes from (ledger, report, office)."),
)

COLUMN_NAMES: tuple[str, ...] = tuple(c.name for c in COLUMNS)
REQUIRED_COLUMNS: tuple[str, ...] = tuple(c.name for c in COLUMNS if c.required)

EXAMPLE_MARKER = "EXAMPLE ROW"
"""Notes starting with this mark the template's fictitious rows; the validator refuses them."""

MAX_TEXT = 500
"""Longest accepted free-text value (note, source, reference), in characters."""


@dataclass(frozen=True)
class Limits:
    """Size limits of one import file; a file over a limit is refused with a clear error."""

    max_bytes: int = 300 * 1024 * 1024
    """Largest file as uploaded (compressed, for a workbook)."""
    max_rows: int = 2_000_000
    """Most data rows; counted while reading, so a longer file stops there."""
    max_cells: int = 40_000_000
    """Most cells read (rows times columns, empty ones included); caps a sparse, wide sheet."""
    max_columns: int = 64
    """Most columns a header may have (the schema has 16)."""
    max_unpacked_bytes: int = 400 * 1024 * 1024
    """Largest total a workbook may expand to (declared sizes of its zip members)."""
    max_ratio: int = 200
    """Largest expansion ratio of one workbook member: a higher one is a zip bomb."""
    max_geojson_bytes: int = 120 * 1024 * 1024
    """Largest GeoJSON file (read as a stream, but every feature is held while it is read)."""
    max_depth: int = 32
    """Deepest nesting of arrays and objects a GeoJSON file may have."""
    max_reported_errors: int = 1000


RECORD_FIELDS: tuple[str, ...] = (
    "event_date", "month", "date_precision", "place_key", "place_id", "place_name", "lat",
    "lon", "district", "persons", "event_type", "crime_type", "agency", "nationality",
    "origin_district", "sex", "age_group", "corridor", "reference", "note", "source",
)  # fmt: skip
"""Fields of one stored record, in the order the validator produces them."""


class ImportStatus(StrEnum):
    """State of one import in the log (and of a dry run's report)."""

    CHECKED = "checked"
    """A dry run: validated, nothing written."""
    RUNNING = "running"
    """Written inside an open transaction; never visible once committed."""
    COMMITTED = "committed"
    REFUSED = "refused"
    """Bad rows and the user chose to refuse the file: nothing written."""
    FAILED = "failed"
    """The file as a whole could not be read: nothing written."""
    UNDONE = "undone"


class ImportMode(StrEnum):
    """What an import does with bad rows."""

    REJECT_FILE = "reject_file"
    DROP_BAD_ROWS = "drop_bad_rows"


class Record(NamedTuple):
    """One validated record, its fields in ``RECORD_FIELDS`` order.

    The validator returns this instead of a bare 21-tuple so that code reading a record names
    the field it wants; being a tuple, the store writes it as it is.
    """

    event_date: str
    month: str
    date_precision: str
    place_key: str
    place_id: str
    place_name: str
    lat: float
    lon: float
    district: str
    persons: int
    event_type: str
    crime_type: str
    agency: str
    nationality: str
    origin_district: str
    sex: str
    age_group: str
    corridor: str
    reference: str
    note: str
    source: str
