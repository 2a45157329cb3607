"""The gazetteer: every place the atlas names, with its spellings, position and provenance.

The source report spells places inconsistently ("Jhellum", "Gujarat" for Gujrat, "DG Khan",
"Muzaffaragarh"). All code resolves names through this one gazetteer so that a district named
anywhere (report, interception records, user uploads) lands on exactly one boundary.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from rapidfuzz import fuzz

from geo.confidence import Confidence, parse_confidence
from geo.errors import UserInputError
from geo.tables import DataTableError, read_table

COLUMNS = (
    "place_id", "name", "alt_names", "lat", "lon", "country", "kind", "admin1",
    "boundary_name", "coord_source", "source", "section", "confidence", "note",
)  # fmt: skip

KINDS = frozenset(
    {"city", "town", "district", "crossing", "port", "airport", "island", "country", "sea"}
)


def closest(
    name: str,
    spellings: Mapping[str, str],
    *,
    limit: int = 3,
    cutoff: float = 70.0,
    strong: float = 88.0,
) -> list[str]:
    """Up to ``limit`` distinct targets whose (normalised) spellings look like ``name``.

    ``spellings`` maps a normalised spelling to what it names (a place, a district); several
    spellings of one target count once. A spelling counts as close when its whole-name
    similarity (Levenshtein ratio, 0–100) reaches ``cutoff``, or when the best partial or
    token match reaches ``strong`` ("Quetta city" for Quetta, "Canary" for the Canary Islands).
    A looser partial match is no suggestion: "Noshki" merely shares letters with "Spanish
    islands", and an unknown name is better left with no suggestion than with a wrong one.
    """
    query = normalise_name(name)
    if not query:
        return []
    scored: dict[str, float] = {}
    for spelling, target in spellings.items():
        whole = fuzz.ratio(query, spelling)
        partial = fuzz.WRatio(query, spelling)
        if whole >= cutoff or partial >= strong:
            score = max(whole, partial if partial >= strong else 0.0)
            if score > scored.get(target, -1.0):
                scored[target] = score
    ranked = sorted(scored.items(), key=lambda item: (-item[1], item[0]))
    return [target for target, _score in ranked[:limit]]


class UnknownPlaceError(UserInputError, KeyError):
    """A name that matches no gazetteer entry; carries the closest names as suggestions."""

    def __init__(self, name: str, suggestions: list[str]):
        self.name = name
        self.suggestions = suggestions
        hint = f" Did you mean: {', '.join(suggestions)}?" if suggestions else ""
        super().__init__(f"unknown place {name!r}.{hint}")

    def __str__(self) -> str:
        return self.args[0]


@dataclass(frozen=True)
class Place:
    """One gazetteer entry."""

    place_id: str
    name: str
    alt_names: tuple[str, ...]
    lat: float
    lon: float
    country: str
    kind: str
    admin1: str
    boundary_name: str
    coord_source: str
    source: str
    section: str
    confidence: Confidence
    note: str

    @property
    def is_assumption(self) -> bool:
        """True when the report does not name this place (a waypoint chosen here)."""
        return self.confidence is Confidence.ASSUMPTION


def normalise_name(name: str) -> str:
    """Fold case, accents, punctuation and spacing so spellings compare equal."""
    text = unicodedata.normalize("NFKD", str(name))
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).lower()
    text = re.sub(r"[^a-z0-9]+", " ", text)
    return " ".join(text.split())


class Gazetteer:
    """Look-ups by id and by any spelling, with suggestions for unknown names."""

    def __init__(self, places: list[Place]):
        self._by_id: dict[str, Place] = {}
        self._by_name: dict[str, Place] = {}
        for place in places:
            if place.place_id in self._by_id:
                raise DataTableError(f"duplicate place_id {place.place_id!r}")
            self._by_id[place.place_id] = place
        for place in places:
            for spelling in (place.name, place.place_id, *place.alt_names):
                key = normalise_name(spelling)
                other = self._by_name.get(key)
                if other is not None and other.place_id != place.place_id:
                    raise DataTableError(
                        f"spelling {spelling!r} is claimed by both {other.place_id!r} "
                        f"and {place.place_id!r}"
                    )
                self._by_name[key] = place

    def __len__(self) -> int:
        return len(self._by_id)

    def __iter__(self) -> Iterator[Place]:
        return iter(self._by_id.values())

    def get(self, place_id: str) -> Place:
        """Return the place with this id; ``KeyError`` if there is none."""
        try:
            return self._by_id[place_id]
        except KeyError:
            raise UnknownPlaceError(place_id, self.suggest(place_id)) from None

    def find(self, name: str) -> Place | None:
        """Return the place with this spelling, or None."""
        return self._by_name.get(normalise_name(name))

    def resolve(self, name: str) -> Place:
        """Return the place with this spelling; raise ``UnknownPlaceError`` with suggestions."""
        place = self.find(name)
        if place is None:
            raise UnknownPlaceError(str(name), self.suggest(name))
        return place

    def suggest(self, name: str, *, limit: int = 3, cutoff: float = 70.0) -> list[str]:
        """Return up to ``limit`` canonical names that look like ``name``."""
        names = {key: place.name for key, place in self._by_name.items()}
        return closest(name, names, limit=limit, cutoff=cutoff)

    def of_kind(self, *kinds: str) -> list[Place]:
        """Places of the given kinds, in file order."""
        return [p for p in self._by_id.values() if p.kind in kinds]

    def in_country(self, iso3: str) -> list[Place]:
        """Places in one country (ISO 3166-1 alpha-3)."""
        return [p for p in self._by_id.values() if p.country == iso3]

    def stands_for(self, boundary_name: str) -> list[Place]:
        """Districts the report names that are drawn on a differently named boundary unit.

        Mirpur is drawn on "Azad Kashmir": the boundary file holds AJK as one unit, so a table
        listing boundary units must say that the report's Mirpur stands for it.
        """
        return [
            p
            for p in self._by_id.values()
            if p.kind == "district" and p.boundary_name == boundary_name and p.name != boundary_name
        ]

    def boundary_note(self, boundary_name: str) -> str:
        """What a boundary unit stands for, from the gazetteer notes ("" when it is itself)."""
        return "; ".join(p.note for p in self.stands_for(boundary_name) if p.note)


def _place_from_row(row: dict[str, str]) -> Place:
    kind = row["kind"].strip()
    if kind not in KINDS:
        raise DataTableError(f"place {row['place_id']!r}: unknown kind {kind!r}")
    lat, lon = float(row["lat"]), float(row["lon"])
    if not (-90 <= lat <= 90 and -180 <= lon <= 180):
        raise DataTableError(f"place {row['place_id']!r}: coordinates {lat}, {lon} out of range")
    alt = tuple(a.strip() for a in row["alt_names"].split(";") if a.strip())
    return Place(
        place_id=row["place_id"].strip(),
        name=row["name"].strip(),
        alt_names=alt,
        lat=lat,
        lon=lon,
        country=row["country"].strip(),
        kind=kind,
        admin1=row["admin1"].strip(),
        boundary_name=row["boundary_name"].strip(),
        coord_source=row["coord_source"].strip(),
        source=row["source"].strip(),
        section=row["section"].strip(),
        confidence=parse_confidence(row["confidence"]),
        note=row["note"].strip(),
    )


def gazetteer_from_table(data_dir: Path | None = None) -> Gazetteer:
    """Build a gazetteer from ``gazetteer.csv`` in ``data_dir`` (default: the project's)."""
    frame = read_table(
        "gazetteer",
        required=COLUMNS,
        non_empty=("place_id", "name", "lat", "lon", "kind", "source", "confidence"),
        data_dir=data_dir,
    )
    return Gazetteer([_place_from_row(row) for row in frame.to_dict("records")])


@lru_cache(maxsize=1)
def load_gazetteer() -> Gazetteer:
    """The project's gazetteer, read once per process."""
    return gazetteer_from_table()
