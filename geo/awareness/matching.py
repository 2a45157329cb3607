"""Matching district names from the report, records and user files onto boundary districts.

Names arrive spelled many ways ("Muzaffaragarh", "DG Khan", "Jhellum"). Each name is tried, in
order, as a boundary district name, as a gazetteer spelling, and finally by fuzzy comparison with
both. A fuzzy match is accepted only when it is close and clearly better than the next candidate;
it is always reported with the name it was matched to and its score, so a user can check it.
Names that match nothing are returned with suggestions. Nothing is dropped silently: every input
name appears in the match report with its outcome.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import pandas as pd
from rapidfuzz import fuzz, process

from geo.gazetteer import Gazetteer, closest, normalise_name

METHODS = ("boundary", "gazetteer", "fuzzy", "unknown")
"""How a name was matched: exact boundary name, gazetteer spelling, fuzzy, or not at all."""

REPORT_COLUMNS = ("input", "district", "method", "score", "matched_spelling", "suggestions")


@dataclass(frozen=True)
class NameMatch:
    """The outcome of matching one name."""

    input: str
    district: str | None
    method: str
    score: float
    matched_spelling: str
    suggestions: tuple[str, ...]

    @property
    def matched(self) -> bool:
        """True when the name landed on a boundary district."""
        return self.district is not None


class DistrictMatcher:
    """Match free-text district names onto a fixed list of boundary district names.

    Parameters
    ----------
    districts
        The boundary district names (the ``district`` column of the boundary file).
    gazetteer
        Gazetteer whose spellings are tried after the boundary names; ``None`` skips it.
    accept
        Minimum fuzzy score (0–100, Levenshtein ratio on normalised names) for a fuzzy match to
        be accepted automatically.
    margin
        A fuzzy match is accepted only if it beats the best candidate for a *different* district
        by at least this many points; otherwise the name is ambiguous and reported as unknown.
    """

    def __init__(
        self,
        districts: Iterable[str],
        *,
        gazetteer: Gazetteer | None = None,
        accept: float = 85.0,
        margin: float = 5.0,
    ):
        names = [str(d) for d in districts]
        if not names:
            raise ValueError("DistrictMatcher needs at least one boundary district name")
        self._boundary: dict[str, str] = {}
        for name in names:
            key = normalise_name(name)
            other = self._boundary.get(key)
            if other is not None and other != name:
                raise ValueError(f"boundary names {other!r} and {name!r} normalise to the same key")
            self._boundary[key] = name
        self.accept = accept
        self.margin = margin
        # Every spelling (boundary or gazetteer) that leads to a boundary district.
        self._spellings: dict[str, str] = dict(self._boundary)
        self._display: dict[str, str] = dict(self._boundary)
        self._gazetteer: dict[str, tuple[str, str]] = {}
        if gazetteer is not None:
            for place in gazetteer:
                target = self._place_district(place.boundary_name, place.name)
                if target is None:
                    continue
                for spelling in (place.name, *place.alt_names):
                    key = normalise_name(spelling)
                    self._gazetteer.setdefault(key, (target, spelling))
                    self._spellings.setdefault(key, target)
                    self._display.setdefault(key, spelling)

    @property
    def districts(self) -> list[str]:
        """The boundary district names, in the order given."""
        return list(self._boundary.values())

    def _place_district(self, boundary_name: str, name: str) -> str | None:
        for candidate in (boundary_name, name):
            if candidate:
                hit = self._boundary.get(normalise_name(candidate))
                if hit is not None:
                    return hit
        return None

    def match(self, name: object) -> NameMatch:
        """Match one name; never raises for an unknown name (see ``NameMatch.method``)."""
        text = "" if name is None or (isinstance(name, float) and pd.isna(name)) else str(name)
        key = normalise_name(text)
        if not key:
            return NameMatch(text, None, "unknown", 0.0, "", ())
        if key in self._boundary:
            return NameMatch(text, self._boundary[key], "boundary", 100.0, self._boundary[key], ())
        if key in self._gazetteer:
            district, spelling = self._gazetteer[key]
            return NameMatch(text, district, "gazetteer", 100.0, spelling, ())
        ranked = process.extract(
            key, list(self._spellings), scorer=fuzz.ratio, limit=20, score_cutoff=50.0
        )
        best: dict[str, tuple[float, str]] = {}
        for spelling, score, _ in ranked:
            district = self._spellings[spelling]
            if district not in best or score > best[district][0]:
                best[district] = (score, spelling)
        order = sorted(best.items(), key=lambda item: (-item[1][0], item[0]))
        if order:
            district, (score, spelling) = order[0]
            runner_up = order[1][1][0] if len(order) > 1 else 0.0
            if score >= self.accept and score - runner_up >= self.margin:
                shown = self._display.get(spelling, spelling)
                return NameMatch(text, district, "fuzzy", round(score, 1), shown, ())
        return NameMatch(text, None, "unknown", 0.0, "", tuple(self.suggest(text)))

    def suggest(self, name: str, *, limit: int = 3, cutoff: float = 60.0) -> list[str]:
        """Up to ``limit`` boundary districts whose spellings look like ``name``."""
        return closest(name, self._spellings, limit=limit, cutoff=cutoff)

    def match_all(self, names: Iterable[object]) -> pd.DataFrame:
        """Match each distinct name once; one report row per distinct input, in first-seen order.

        Returns
        -------
        pandas.DataFrame
            Columns ``input, district, method, score, matched_spelling, suggestions`` where
            ``suggestions`` is a "; "-joined string (empty when matched).
        """
        rows = []
        seen: set[str] = set()
        for name in names:
            match = self.match(name)
            if match.input in seen:
                continue
            seen.add(match.input)
            rows.append(
                {
                    "input": match.input,
                    "district": match.district,
                    "method": match.method,
                    "score": match.score,
                    "matched_spelling": match.matched_spelling,
                    "suggestions": "; ".join(match.suggestions),
                }
            )
        return pd.DataFrame(rows, columns=list(REPORT_COLUMNS))
