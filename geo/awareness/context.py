"""Campaign languages, message themes and province-level context for a district.

Three curated tables feed the take-away table:

- ``data/languages.csv``: campaign languages at country, province or district level, each with
  its confidence class and source. Recommendation 9 names Urdu, Punjabi and Sindhi "and other
  local languages"; every other language is an assumption made here, with the public source it
  rests on named in words. A district's languages are the country rows, then its province's rows,
  then its own rows (duplicates kept once, in that order).
- ``data/message_themes.csv``: which message themes fit which district, by a documented rule: a
  theme applies when one of its triggers matches (``role:<role>`` the report names the district
  in that role; ``destination:<text>`` a destination its migrants are reported to favour contains
  the text; ``province:<name>`` the district is in that province, a province-level fit only).
- ``data/region_statements.csv`` (curated with the atlas): statements about a province or region,
  shown beside a district as context, never as a fact about the district.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from geo.awareness.matching import DistrictMatcher
from geo.catalog import source_label
from geo.confidence import Confidence, parse_confidence
from geo.gazetteer import normalise_name
from geo.tables import DataTableError, read_table

LEVELS = ("country", "province", "district")
TRIGGER_KINDS = ("role", "destination", "province")

_PROVINCE_ALIASES = {
    "kp": "khyber pakhtunkhwa",
    "kpk": "khyber pakhtunkhwa",
    "nwfp": "khyber pakhtunkhwa",
    "north west frontier province": "khyber pakhtunkhwa",
    "khyber pakhtoonkhwa": "khyber pakhtunkhwa",
    "baluchistan": "balochistan",
    "ajk": "azad kashmir",
    "azad jammu and kashmir": "azad kashmir",
    "azad jammu kashmir": "azad kashmir",
    "azad kashmir ajk": "azad kashmir",
    "northern areas": "gilgit baltistan",
    "islamabad": "islamabad capital territory",
    "ict": "islamabad capital territory",
    "federal capital territory": "islamabad capital territory",
    "fata": "federally administered tribal areas",
}
_NATIONAL = {"pakistan", "national", "country", "all provinces"}


def province_key(name: object) -> str:
    """A comparison key for a province name that folds the usual variants together."""
    key = normalise_name(str(name))
    return _PROVINCE_ALIASES.get(key, key)


def load_languages(data_dir: Path | None = None) -> pd.DataFrame:
    """``data/languages.csv`` with its schema checked (see ``data/languages.md``)."""
    frame = read_table(
        "languages",
        required=("level", "area", "language", "confidence", "section", "source", "note"),
        non_empty=("level", "area", "language", "confidence", "source"),
        data_dir=data_dir,
    )
    bad = frame.index[~frame["level"].isin(LEVELS)].tolist()
    if bad:
        raise DataTableError(f"languages.csv: row {bad[0] + 2}: level must be one of {LEVELS}")
    for i, row in frame.iterrows():
        if parse_confidence(row["confidence"]) is Confidence.REPORTED and not row["section"]:
            raise DataTableError(
                f"languages.csv: row {i + 2}: a 'reported' language must cite the report section "
                "that names it; otherwise mark it 'assumption' and name its source"
            )
    return frame


def load_themes(data_dir: Path | None = None) -> pd.DataFrame:
    """``data/message_themes.csv`` with its trigger syntax checked."""
    frame = read_table(
        "message_themes",
        required=("theme_id", "theme", "message", "trigger", "section", "source", "confidence"),
        non_empty=("theme_id", "theme", "message", "trigger", "section", "source", "confidence"),
        data_dir=data_dir,
    )
    for i, trigger in frame["trigger"].items():
        kind, _, value = trigger.partition(":")
        if kind not in TRIGGER_KINDS or not value.strip():
            raise DataTableError(
                f"message_themes.csv: row {i + 2}: trigger {trigger!r} must be "
                f"role:<role>, destination:<text> or province:<name>"
            )
    return frame


def check_language_areas(
    languages: pd.DataFrame, *, matcher: DistrictMatcher, provinces: Iterable[str]
) -> list[str]:
    """Problems with the areas named in ``languages`` (empty list when all are known).

    District rows must match a boundary district (through the gazetteer); province rows should
    name a province of the boundary file. Used by the tests and shown on the page.
    """
    known = {province_key(p) for p in provinces}
    problems = []
    for row in languages.to_dict("records"):
        if row["level"] == "district":
            match = matcher.match(row["area"])
            if match.method not in ("boundary", "gazetteer"):
                hint = (
                    f" (did you mean {', '.join(match.suggestions)}?)" if match.suggestions else ""
                )
                problems.append(f"district {row['area']!r} is not a boundary district{hint}")
        elif row["level"] == "province" and province_key(row["area"]) not in known:
            problems.append(f"province {row['area']!r} is not in the boundary file")
    return problems


@dataclass(frozen=True)
class Language:
    """One recommended campaign language and why."""

    language: str
    confidence: Confidence
    basis: str

    def describe(self) -> str:
        """``Urdu (Reported figure: UNODC 2011, Rec. 9)`` style text."""
        return f"{self.language} ({self.confidence.label}: {self.basis})"


class LanguageIndex:
    """The languages table resolved once, so looking up many districts is cheap.

    District rows are matched to boundary districts when the index is built (one name match per
    row, not one per district and row).
    """

    def __init__(self, languages: pd.DataFrame, *, matcher: DistrictMatcher | None = None) -> None:
        self._rows: list[tuple[str, str, str, Language]] = []
        for row in languages.to_dict("records"):
            level = str(row["level"])
            area = str(row["area"])
            if level == "province":
                key = province_key(area)
            elif level == "district":
                target = matcher.match(area).district if matcher else area
                key = normalise_name(target or area)
            else:
                key = ""
            basis = source_label(row["source"]) + (f", {row['section']}" if row["section"] else "")
            language = Language(row["language"], parse_confidence(row["confidence"]), basis)
            self._rows.append((level, key, str(row["language"]), language))

    def for_district(self, district: str, province: str) -> list[Language]:
        """Country rows, then the province's, then the district's own; each language once."""
        wanted = {"country": "", "province": province_key(province)}
        wanted["district"] = normalise_name(district)
        out: dict[str, Language] = {}
        for level in LEVELS:
            for row_level, key, name, language in self._rows:
                if row_level == level and key == wanted[level] and name not in out:
                    out[name] = language
        return list(out.values())


def campaign_languages(
    district: str, province: str, *, languages: pd.DataFrame, matcher: DistrictMatcher | None = None
) -> list[Language]:
    """Languages for one district: country rows, then its province's, then its own."""
    return LanguageIndex(languages, matcher=matcher).for_district(district, province)


def theme_records(
    *,
    roles: Iterable[str],
    destinations: Iterable[str],
    province: str,
    themes: Sequence[dict[str, object]],
) -> list[dict[str, object]]:
    """:func:`themes_for` over the theme table's rows as dicts (cheap to call per district)."""
    role_set = {r.strip() for r in roles}
    dests = [normalise_name(d) for d in destinations if str(d).strip()]
    pkey = province_key(province)
    out = []
    for row in themes:
        kind, _, value = str(row["trigger"]).partition(":")
        value = value.strip()
        if kind == "role":
            hit = value in role_set
        elif kind == "destination":
            needle = normalise_name(value)
            hit = any(needle in d for d in dests)
        else:
            hit = province_key(value) == pkey
        if hit:
            out.append({**row, "province_level": kind == "province"})
    return out


def themes_for(
    *,
    roles: Iterable[str],
    destinations: Iterable[str],
    province: str,
    themes: pd.DataFrame,
) -> pd.DataFrame:
    """The message-theme rows whose trigger matches a district.

    Returns the matching rows of ``themes`` (one per trigger that fired), so a theme may appear
    more than once with different sections; ``province_level`` marks rows that fired only on the
    province.
    """
    rows = theme_records(
        roles=roles, destinations=destinations, province=province,
        themes=themes.to_dict("records"),
    )  # fmt: skip
    return pd.DataFrame(rows, columns=[*themes.columns, "province_level"])


def region_context(province: str, statements: pd.DataFrame | None) -> pd.DataFrame:
    """Province- or country-level statements that apply to a district in ``province``.

    A statement applies when its ``province`` column names the district's province, or when that
    column is empty and its ``region`` names the whole country ("Pakistan ..."). These are shown
    as context, never as district findings.
    """
    columns = ["region", "theme", "statement", "section", "quote", "confidence", "source"]
    if statements is None or statements.empty:
        return pd.DataFrame(columns=columns)
    pkey = province_key(province)
    keep = []
    for i, row in statements.iterrows():
        named = str(row.get("province", "") or "").strip()
        if named:
            hit = province_key(named) == pkey
        else:
            region = normalise_name(str(row["region"]))
            hit = any(region == n or region.startswith(n + " ") for n in _NATIONAL)
        if hit:
            keep.append(i)
    return statements.loc[keep, [c for c in columns if c in statements.columns]].reset_index(
        drop=True
    )
