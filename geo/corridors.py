"""Transit corridors: ordered legs through named places, each with a mode and its provenance.

Corridors are read from ``corridors.csv`` (one row per corridor) and ``corridor_legs.csv`` (one
row per leg, in order). Legs must chain: each leg starts where the previous one ended. Places
come from the gazetteer, so a waypoint the report does not name carries the confidence class
"assumption made here" into every popup that shows it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import geopandas as gpd

from geo.confidence import Confidence, parse_confidence
from geo.errors import CuratedDataError
from geo.gazetteer import Gazetteer, Place, UnknownPlaceError, load_gazetteer
from geo.routing import MODES, geodesic_length_km, leg_geometry
from geo.tables import read_table

DIRECTIONS = ("outbound", "inbound", "internal")


@dataclass(frozen=True)
class Leg:
    """One step of a corridor between two gazetteer places."""

    corridor_id: str
    seq: int
    start: Place
    end: Place
    mode: str
    section: str
    confidence: Confidence
    source: str
    note: str

    @property
    def from_id(self) -> str:
        return self.start.place_id

    @property
    def to_id(self) -> str:
        return self.end.place_id

    @property
    def is_assumption(self) -> bool:
        """True when the leg's path or either end is a choice made here."""
        return (
            self.confidence is Confidence.ASSUMPTION
            or self.start.is_assumption
            or self.end.is_assumption
        )


@dataclass(frozen=True)
class Corridor:
    """A named route: ordered legs, direction, destinations and the report's summary."""

    corridor_id: str
    name: str
    direction: str
    destination: str
    summary: str
    section: str
    confidence: Confidence
    source: str
    legs: tuple[Leg, ...] = field(default_factory=tuple)

    @property
    def modes(self) -> tuple[str, ...]:
        """Distinct modes along the corridor, in order of first use."""
        return tuple(dict.fromkeys(leg.mode for leg in self.legs))

    @property
    def destinations(self) -> tuple[str, ...]:
        """Destination labels as a tuple (the CSV separates them with semicolons)."""
        return tuple(d.strip() for d in self.destination.split(";") if d.strip())

    @property
    def places(self) -> tuple[Place, ...]:
        """Every place along the corridor in travel order."""
        if not self.legs:
            return ()
        return (self.legs[0].start, *(leg.end for leg in self.legs))


class CorridorError(CuratedDataError, ValueError):
    """Corridor data that do not form connected, known, well-typed legs."""


def corridors_from_tables(
    gazetteer: Gazetteer | None = None, data_dir: Path | None = None
) -> list[Corridor]:
    """Read ``corridors.csv`` and ``corridor_legs.csv`` and check that every corridor chains."""
    gaz = gazetteer or load_gazetteer()
    heads = read_table(
        "corridors",
        required=(
            "corridor_id",
            "name",
            "direction",
            "destination",
            "summary",
            "section",
            "confidence",
            "source",
        ),  # fmt: skip
        non_empty=("corridor_id", "name", "direction", "section", "confidence", "source"),
        data_dir=data_dir,
    )
    legs = read_table(
        "corridor_legs",
        required=(
            "corridor_id",
            "seq",
            "from_place",
            "to_place",
            "mode",
            "section",
            "confidence",
            "source",
            "note",
        ),  # fmt: skip
        non_empty=("corridor_id", "seq", "from_place", "to_place", "mode", "confidence", "source"),
        numeric=("seq",),
        data_dir=data_dir,
    )
    known = set(heads["corridor_id"])
    orphan = sorted(set(legs["corridor_id"]) - known)
    if orphan:
        raise CorridorError(f"corridor_legs.csv names unknown corridor(s): {', '.join(orphan)}")
    corridors: list[Corridor] = []
    for head in heads.to_dict("records"):
        cid = head["corridor_id"]
        if head["direction"] not in DIRECTIONS:
            raise CorridorError(f"corridor {cid!r}: unknown direction {head['direction']!r}")
        rows = legs[legs["corridor_id"] == cid].sort_values("seq").to_dict("records")
        if not rows:
            raise CorridorError(f"corridor {cid!r} has no legs")
        built: list[Leg] = []
        for row in rows:
            if row["mode"] not in MODES:
                raise CorridorError(f"corridor {cid!r} leg {int(row['seq'])}: bad mode")
            try:
                start, end = gaz.get(row["from_place"]), gaz.get(row["to_place"])
            except UnknownPlaceError as err:
                raise CorridorError(
                    f"corridor_legs.csv: corridor {cid!r} leg {int(row['seq'])}: {err}"
                ) from None
            leg = Leg(
                corridor_id=cid,
                seq=int(row["seq"]),
                start=start,
                end=end,
                mode=row["mode"],
                section=row["section"],
                confidence=parse_confidence(row["confidence"]),
                source=row["source"],
                note=row["note"],
            )
            if built and built[-1].end.place_id != leg.start.place_id:
                raise CorridorError(
                    f"corridor {cid!r}: leg {leg.seq} starts at {leg.start.place_id!r} "
                    f"but the previous leg ends at {built[-1].end.place_id!r}"
                )
            built.append(leg)
        corridors.append(
            Corridor(
                corridor_id=cid,
                name=head["name"],
                direction=head["direction"],
                destination=head["destination"],
                summary=head["summary"],
                section=head["section"],
                confidence=parse_confidence(head["confidence"]),
                source=head["source"],
                legs=tuple(built),
            )
        )
    return corridors


@lru_cache(maxsize=1)
def load_corridors() -> tuple[Corridor, ...]:
    """The project's corridors, read once per process."""
    return tuple(corridors_from_tables())


def legs_frame(corridors: tuple[Corridor, ...] | list[Corridor]) -> gpd.GeoDataFrame:
    """One row per leg with its geometry (by mode) and length, in EPSG:4326."""
    records: list[dict[str, object]] = []
    for corridor in corridors:
        for leg in corridor.legs:
            line = leg_geometry(
                leg.mode, (leg.start.lon, leg.start.lat), (leg.end.lon, leg.end.lat)
            )
            records.append(
                {
                    "corridor_id": corridor.corridor_id,
                    "corridor": corridor.name,
                    "direction": corridor.direction,
                    "seq": leg.seq,
                    "from_id": leg.from_id,
                    "to_id": leg.to_id,
                    "from_name": leg.start.name,
                    "to_name": leg.end.name,
                    "mode": leg.mode,
                    "section": leg.section,
                    "confidence": leg.confidence.value,
                    "assumed": leg.is_assumption,
                    "note": leg.note,
                    "length_km": round(geodesic_length_km(line), 1),
                    "geometry": line,
                }
            )
    return gpd.GeoDataFrame(records, geometry="geometry", crs="EPSG:4326")


@lru_cache(maxsize=1)
def load_legs() -> gpd.GeoDataFrame:
    """Legs of the project's corridors with geometry, built once per process."""
    return legs_frame(load_corridors())


def select_corridors(
    corridors: tuple[Corridor, ...] | list[Corridor],
    *,
    ids: set[str] | None = None,
    modes: set[str] | None = None,
    destinations: set[str] | None = None,
    directions: set[str] | None = None,
) -> list[Corridor]:
    """Corridors matching every filter given (a corridor matches a mode if any leg uses it)."""
    chosen = []
    for corridor in corridors:
        if ids is not None and corridor.corridor_id not in ids:
            continue
        if modes is not None and not modes & set(corridor.modes):
            continue
        if destinations is not None and not destinations & set(corridor.destinations):
            continue
        if directions is not None and corridor.direction not in directions:
            continue
        chosen.append(corridor)
    return chosen


def all_destinations(corridors: tuple[Corridor, ...] | list[Corridor]) -> list[str]:
    """Every destination label used by the corridors, sorted."""
    return sorted({d for c in corridors for d in c.destinations})
