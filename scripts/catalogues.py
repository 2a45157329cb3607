"""Extract, update and check the message catalogues in ``data/locale/`` (Babel).

Usage::

    python scripts/catalogues.py extract   # write data/locale/messages.pot
    python scripts/catalogues.py update    # merge it into each language's messages.po
    python scripts/catalogues.py check     # missing entries, broken {fields}, compile test

Messages come from two places: the Python sources that draw the translated screens and sheets
(calls of ``_``, ``N_`` and ``tr`` with a literal text) and the curated tables whose text the
sheets show (message themes, destinations, languages). An entry new to a catalogue is added
empty and flagged ``fuzzy`` (a draft) until it is translated and reviewed.
"""

from __future__ import annotations

import csv
import io
import re
import sys
from collections.abc import Iterable
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_file
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

PROJECT = Path(__file__).resolve().parents[1]
if str(PROJECT) not in sys.path:
    sys.path.insert(0, str(PROJECT))

from geo.i18n import CATALOGUE_LANGUAGES, LANGUAGES, LOCALE_DIR, catalogue_path  # noqa: E402

KEYWORDS = {"_": None, "N_": None, "tr": None}
APP_SOURCES = (
    "app.py",
    "pages/awareness.py",
    "pages/awareness_data.py",
    "pages/awareness_sections.py",
    "pages/awareness_table.py",
    "pages/awareness_campaign.py",
    "pages/language.py",
    "charts/awareness.py",
    "layers/awareness.py",
    "geo/awareness/indicators.py",
    "geo/i18n.py",
)
"""Sources of the Awareness page, its map and charts, and the navigation."""
SHEET_SOURCES = ("geo/awareness/campaign.py", "geo/awareness/indicators.py", "geo/i18n.py")
"""Sources of the campaign sheets."""
SHEET_DATA = {
    "message_themes.csv": ("theme", "message"),
    "district_roles.csv": ("detail",),
    "languages.csv": ("language",),
}
POT = LOCALE_DIR / "messages.pot"
_FIELD = re.compile(r"\{(\w*)\}")


def extract_sources(paths: Iterable[str]) -> dict[str, list[tuple[str, int]]]:
    """Literal texts passed to ``_``, ``N_`` or ``tr`` in ``paths``, with where they are."""
    found: dict[str, list[tuple[str, int]]] = {}
    for rel in paths:
        path = PROJECT / rel
        if not path.exists():
            continue
        for lineno, message, _comments, _context in extract_from_file(
            "python", str(path), keywords=KEYWORDS
        ):
            if isinstance(message, str) and message:
                found.setdefault(message, []).append((rel, lineno))
    return found


def extract_data() -> dict[str, list[tuple[str, int]]]:
    """Texts from the curated tables that the sheets show."""
    found: dict[str, list[tuple[str, int]]] = {}
    for name, columns in SHEET_DATA.items():
        with (PROJECT / "data" / name).open(encoding="utf-8", newline="") as handle:
            for row_no, row in enumerate(csv.DictReader(handle), start=2):
                for column in columns:
                    text = (row.get(column) or "").strip()
                    if text:
                        found.setdefault(text, []).append((f"data/{name}", row_no))
    return found


def app_messages() -> set[str]:
    """Every message of the Awareness page, its map and charts, and the navigation."""
    return set(extract_sources(APP_SOURCES))


def navigation_messages() -> set[str]:
    """The navigation's section and page titles (``app.py``)."""
    return set(extract_sources(("app.py",)))


def sheet_messages() -> set[str]:
    """Every message a campaign sheet can show."""
    return set(extract_sources(SHEET_SOURCES)) | set(extract_data())


def template() -> Catalog:
    """The template catalogue (``messages.pot``) of everything extracted."""
    pot = Catalog(project="Route Atlas", domain="messages")
    for source in (extract_sources(APP_SOURCES + SHEET_SOURCES), extract_data()):
        for message, where in source.items():
            flags = ["python-brace-format"] if _FIELD.search(message) else []
            pot.add(message, locations=where, flags=flags)
    return pot


def _read(path: Path, code: str) -> Catalog:
    with path.open("rb") as handle:
        return read_po(handle, locale=LANGUAGES[code].locale)


def update() -> None:
    """Merge the template into each catalogue; new entries are empty drafts."""
    pot = template()
    for code in CATALOGUE_LANGUAGES:
        path = catalogue_path(code)
        po = _read(path, code) if path.exists() else Catalog(locale=LANGUAGES[code].locale)
        known = {m.id for m in po if m.id}
        po.update(pot, no_fuzzy_matching=True)
        for message in po:
            if message.id and message.id not in known:
                message.flags.add("fuzzy")
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("wb") as handle:
            write_po(handle, po, width=100, omit_header=False, ignore_obsolete=True)


def problems(code: str, wanted: set[str]) -> list[str]:
    """What is wrong with one catalogue for the messages in ``wanted`` (empty when nothing)."""
    po = _read(catalogue_path(code), code)
    out = []
    entries = {m.id: m for m in po if m.id}
    for message in sorted(wanted):
        entry = entries.get(message)
        if entry is None or not entry.string:
            out.append(f"{code}: no translation of {message!r}")
        elif set(_FIELD.findall(message)) != set(_FIELD.findall(str(entry.string))):
            out.append(f"{code}: the {{fields}} differ in the translation of {message!r}")
    write_mo(io.BytesIO(), po, use_fuzzy=True)  # raises if the catalogue cannot be compiled
    return out


def main(argv: list[str]) -> int:
    """Command-line entry point."""
    command = argv[0] if argv else "check"
    if command == "extract":
        with POT.open("wb") as handle:
            write_po(handle, template(), width=100)
    elif command == "update":
        update()
    elif command == "check":
        found = problems("ur", app_messages() | sheet_messages())
        for code in ("pa", "sd"):
            found += problems(code, sheet_messages() | navigation_messages())
        print("\n".join(found) or "catalogues complete")
        return 1 if found else 0
    else:
        print(__doc__)
        return 2
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
