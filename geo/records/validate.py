"""Row-level validation of interception records.

Every bad value is reported with the row number the user sees, the column and a reason they
can act on (an unknown place comes with the closest gazetteer names). Validation is a pure
function of the row, the gazetteer and today's date, so the Data page can show a report before
anything is written, and the importer can run the very same checks while it writes.

The validator caches the outcome for each distinct raw value of a column: interception files
repeat the same few places, dates and codes, so a million rows need only a few thousand look-ups.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from geo.boundaries import district_at, district_names
from geo.gazetteer import Gazetteer, load_gazetteer, normalise_name
from geo.records.schema import (
    AGENCY_ALIASES,
    EARLIEST_DATE,
    EXAMPLE_MARKER,
    IATF_AGENCIES,
    MAX_TEXT,
    REGION_LAT,
    REGION_LON,
    REQUIRED_COLUMNS,
    AgeGroup,
    CrimeType,
    EventType,
    Record,
    Sex,
    cell_key,
    cell_label,
    enum_lookup,
)

MAX_COUNT = 1_000_000
"""Largest count accepted in one record; a larger one is almost certainly a typing error."""

_DAY = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_MONTH = re.compile(r"^(\d{4})-(\d{1,2})$")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


@dataclass(frozen=True)
class RowError:
    """One problem in one cell: where it is, what was there and why it is refused."""

    row: int
    column: str
    value: str
    reason: str

    def __str__(self) -> str:
        return f"row {self.row}, column {self.column!r}: {self.reason}"


class _Bad(Exception):
    """Internal: a cell value is refused for ``reason``."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


def missing_columns(columns: Iterable[str]) -> list[str]:
    """Return the required columns absent from a file header (place needs place or lat+lon)."""
    present = set(columns)
    missing = [c for c in REQUIRED_COLUMNS if c not in present]
    if "place" not in present and not {"lat", "lon"} <= present:
        missing.append("place (or lat and lon)")
    return missing


def _text(value: Any, *, limit: int = MAX_TEXT) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    text = str(value).strip()
    if _CONTROL.search(text):
        raise _Bad("contains a control character; remove it")
    if len(text) > limit:
        raise _Bad(f"longer than {limit} characters")
    return text


def _district_names() -> dict[str, str]:
    """District names of the boundary file (empty if the boundary files are not built)."""
    try:
        return {normalise_name(name): str(name) for name in district_names()}
    except (OSError, ValueError):  # boundary files not built: gazetteer places only
        return {}


def _district_of_point(lat: float, lon: float) -> str:
    """The district containing a record's coordinates ("" when none, or no boundary files)."""
    try:
        return district_at(lat, lon)
    except (OSError, ValueError):
        return ""


@dataclass
class Validator:
    """Turns raw rows into ``schema.Record`` values or row errors.

    Parameters
    ----------
    gazetteer
        Gazetteer that place names and origin districts resolve through.
    today
        The date after which a record is "in the future"; defaults to today.
    """

    gazetteer: Gazetteer = field(default_factory=load_gazetteer)
    today: dt.date = field(default_factory=dt.date.today)

    def __post_init__(self) -> None:
        self._events = enum_lookup(EventType)
        self._crimes = enum_lookup(CrimeType)
        self._sexes = enum_lookup(Sex)
        self._ages = enum_lookup(AgeGroup)
        self._agencies = {normalise_name(a): a for a in IATF_AGENCIES}
        self._agencies.update({normalise_name(k): v for k, v in AGENCY_ALIASES.items()})
        self._earliest = dt.date.fromisoformat(EARLIEST_DATE)
        self._boundary_districts: dict[str, str] | None = None
        self._parse_event = self._enum(self._events, "event type", _allowed(EventType))
        self._parse_crime = self._enum(self._crimes, "crime type", _allowed(CrimeType))
        self._parse_sex = self._enum(self._sexes, "sex", _allowed(Sex))
        self._parse_age = self._enum(self._ages, "age group", _allowed(AgeGroup))
        # Columns checked for every row, in record order, each with its own cache.
        self._plan: list[tuple[str, dict[Any, Any], Callable[[Any], Any]]] = [
            (column, {}, parse)
            for column, parse in (
                ("date", self._date),
                ("count", self._count),
                ("event_type", self._parse_event),
                ("crime_type", self._parse_crime),
                ("agency", self._agency),
                ("nationality", _short_text),
                ("origin_district", self._origin),
                ("sex", self._parse_sex),
                ("age_group", self._parse_age),
                ("corridor", _short_text),
                ("source", _required_text),
            )
        ]
        self._place_cache: dict[Any, Any] = {}

    # -- cached single-column parsers ---------------------------------------------------------

    @staticmethod
    def _parse_into(cache: dict[Any, Any] | None, raw: Any, parse: Callable[[Any], Any]) -> Any:
        """Parse ``raw``; return the value or the ``_Bad`` refusal, remembered in ``cache``."""
        try:
            hit = parse(raw)
        except _Bad as bad:
            hit = bad
        if cache is not None and len(cache) < 200_000:
            cache[raw] = hit
        return hit

    def _date(self, raw: Any) -> tuple[str, str, str]:
        if isinstance(raw, dt.datetime):
            day, precision = raw.date(), "day"
        elif isinstance(raw, dt.date):
            day, precision = raw, "day"
        else:
            text = _text(raw)
            if not text:
                raise _Bad("a date is required (YYYY-MM-DD, or YYYY-MM for a month)")
            text = text.split("T")[0].split(" ")[0]
            match = _DAY.match(text)
            try:
                if match:
                    day, precision = dt.date(*map(int, match.groups())), "day"
                elif m := _MONTH.match(text):
                    day, precision = dt.date(int(m.group(1)), int(m.group(2)), 1), "month"
                else:
                    raise _Bad(f"{text!r} is not a date; write YYYY-MM-DD or YYYY-MM")
            except ValueError as err:
                raise _Bad(f"{text!r} is not a valid date ({err})") from None
        if day < self._earliest:
            raise _Bad(f"{day.isoformat()} is before {EARLIEST_DATE}; check the year")
        limit = self.today if precision == "day" else self.today.replace(day=1)
        if day > limit:
            raise _Bad(f"{day.isoformat()[: 10 if precision == 'day' else 7]} is in the future")
        return day.isoformat(), day.isoformat()[:7], precision

    def _count(self, raw: Any) -> int:
        if isinstance(raw, bool):
            raise _Bad("not a number")
        if isinstance(raw, int):
            value = raw
        elif isinstance(raw, float):
            if not raw.is_integer():
                raise _Bad(f"{raw!r} is not a whole number of persons")
            value = int(raw)
        else:
            text = _text(raw).replace(",", "") if isinstance(raw, str) else _text(raw)
            if not text:
                raise _Bad("a count is required")
            if not re.fullmatch(r"[+-]?\d+", text):
                try:
                    float(text)
                except ValueError:
                    raise _Bad(f"{text!r} is not a number") from None
                raise _Bad(f"{text!r} is not a whole number of persons")
            value = int(text)
        if value < 0:
            raise _Bad(f"negative count {value}")
        if value == 0:
            raise _Bad("count must be at least 1")
        if value > MAX_COUNT:
            raise _Bad(f"count {value:,} is above {MAX_COUNT:,}; check the value")
        return value

    def _enum(self, table: dict[str, Any], name: str, allowed: str) -> Callable[[Any], str]:
        def parse(raw: Any) -> str:
            text = _text(raw)
            if not text:
                raise _Bad(f"a {name} is required; one of: {allowed}")
            member = table.get(normalise_name(text))
            if member is None:
                hint = ""
                blend = re.findall(r"tip|som|traff|smugg", text.lower())
                if name == "crime type" and len(blend) > 1:
                    hint = " A record is TIP or SOM (or undetermined), never both."
                raise _Bad(f"unknown {name} {text!r}; expected one of: {allowed}.{hint}")
            return member.value

        return parse

    def _place(self, raw: Any) -> tuple[str, str, str, float, float, str]:
        name = _text(raw, limit=200)
        place = self.gazetteer.find(name)
        if place is None:
            suggestions = self.gazetteer.suggest(name)
            hint = f"; closest gazetteer matches: {', '.join(suggestions)}" if suggestions else ""
            raise _Bad(f"unknown place {name!r}{hint}")
        return place.place_id, place.place_id, place.name, place.lat, place.lon, place.boundary_name

    def _coordinate(self, raw: Any, axis: str) -> float:
        if isinstance(raw, int | float) and not isinstance(raw, bool):
            value = float(raw)
        else:
            text = _text(raw)
            if not text:
                raise _Bad(f"{axis} is required when no place name is given")
            try:
                value = float(text)
            except ValueError:
                raise _Bad(f"{text!r} is not a number") from None
        if not math.isfinite(value):
            raise _Bad(f"{value} is not a finite number")
        return value

    def _origin(self, raw: Any) -> str:
        name = _text(raw, limit=200)
        if not name:
            return ""
        place = self.gazetteer.find(name)
        if place is not None:
            return place.boundary_name or place.name
        if self._boundary_districts is None:
            self._boundary_districts = _district_names()
        district = self._boundary_districts.get(normalise_name(name))
        if district is not None:
            return district
        suggestions = self.gazetteer.suggest(name)
        hint = f"; closest gazetteer matches: {', '.join(suggestions)}" if suggestions else ""
        raise _Bad(f"unknown district {name!r}{hint}")

    def _agency(self, raw: Any) -> str:
        text = _text(raw, limit=100)
        if not text:
            raise _Bad("the agency holding the record is required")
        return self._agencies.get(normalise_name(text), text)

    # -- the row ------------------------------------------------------------------------------

    def _coordinates(self, number: int, row: dict[str, Any], errors: list[RowError]) -> Any:
        lat = lon = None
        for axis in ("lat", "lon"):
            raw = row.get(axis, "")
            try:
                value = self._coordinate(raw, axis)
            except _Bad as bad:
                errors.append(RowError(number, axis, _show(raw), bad.reason))
                continue
            lat, lon = (value, lon) if axis == "lat" else (lat, value)
        if lat is None or lon is None:
            return None
        if not (REGION_LAT[0] <= lat <= REGION_LAT[1] and REGION_LON[0] <= lon <= REGION_LON[1]):
            errors.append(
                RowError(
                    number,
                    "lat/lon",
                    f"{lat}, {lon}",
                    f"coordinates outside the region (lat {REGION_LAT[0]:g} to "
                    f"{REGION_LAT[1]:g}, lon {REGION_LON[0]:g} to {REGION_LON[1]:g})",
                )
            )
            return None
        district = _district_of_point(lat, lon)
        return (cell_key(lat, lon), "", cell_label(lat, lon), lat, lon, district)

    def check_row(self, number: int, row: dict[str, Any]) -> tuple[Record | None, list[RowError]]:
        """Validate one row; return the record (or None) and every error found in it."""
        if "__width__" in row:
            got, want = row["__width__"]
            reason = f"the row has {got} values but the header has {want} columns"
            return None, [RowError(number, "(row)", "", reason)]
        if "__error__" in row:
            column, reason = row["__error__"]
            return None, [RowError(number, column, "", reason)]
        errors: list[RowError] = []
        get = row.get
        values: list[Any] = []
        parse_into = self._parse_into
        for column, cache, parse in self._plan:
            raw = get(column, "")
            if raw.__class__ is str:
                hit = cache[raw] if raw in cache else parse_into(cache, raw, parse)
            else:
                hit = parse_into(None, raw, parse)
            if hit.__class__ is _Bad:
                errors.append(RowError(number, column, _show(raw), hit.reason))
            values.append(hit)
        place_raw = get("place", "")
        if place_raw not in ("", None):
            cache = self._place_cache
            if place_raw.__class__ is str and place_raw in cache:
                place = cache[place_raw]
            else:
                place = parse_into(cache if place_raw.__class__ is str else None, place_raw,
                                   self._place)  # fmt: skip
            if place.__class__ is _Bad:
                errors.append(RowError(number, "place", _show(place_raw), place.reason))
        else:
            place = self._coordinates(number, row, errors)
        texts = []
        for column in ("reference", "note"):
            raw = get(column, "")
            try:
                texts.append(_text(raw))
            except _Bad as bad:
                errors.append(RowError(number, column, _show(raw), bad.reason))
                texts.append("")
        reference, note = texts
        if note and note[:20].upper().startswith(EXAMPLE_MARKER):
            reason = "an example row from the template; delete it before importing"
            errors.append(RowError(number, "note", _show(note), reason))
        if errors:
            errors.sort(key=lambda e: _COLUMN_ORDER.get(e.column, 99))
            return None, errors
        date, persons, event, crime, agency, nationality, origin, sex, age, corridor, source = (
            values
        )
        event_date, month, precision = date
        place_key, place_id, place_name, lat, lon, district = place
        return Record(
            event_date, month, precision, place_key, place_id, place_name, lat, lon, district,
            persons, event, crime, agency, nationality, origin, sex, age, corridor, reference,
            note, source,
        ), []  # fmt: skip


_COLUMN_ORDER = {
    name: i
    for i, name in enumerate(
        ("(row)", "date", "place", "lat", "lon", "lat/lon", "count", "event_type", "crime_type",
         "agency", "nationality", "origin_district", "sex", "age_group", "corridor",
         "reference", "note", "source")
    )
}  # fmt: skip


def _short_text(value: Any) -> str:
    return _text(value, limit=100)


def _required_text(value: Any) -> str:
    text = _text(value)
    if not text:
        raise _Bad("the source of the record is required")
    return text


def _allowed(kind: Any) -> str:
    return ", ".join(m.value for m in kind)


def _show(raw: Any) -> str:
    text = "" if raw is None else str(raw)
    return text if len(text) <= 80 else text[:77] + "..."
