"""The languages the project can write, and numbers and dates written in each.

Recommendation 9 of the report asks for awareness material "in Urdu, Punjabi, Sindhi, and other
local languages". The languages that have a script and a font in the project are listed in
:data:`LANGUAGES`: Urdu and Punjabi in Shahmukhi (Nastaliq style), Sindhi in its Arabic-script
alphabet (Naskh style), and English. Each carries its Babel locale, from which
:func:`format_number` and :func:`format_date` take the language's separators and month names.
Message catalogues and place names are in ``geo.i18n``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from babel import Locale
from babel.dates import format_date as _babel_date
from babel.numbers import format_decimal

from geo.paths import PROJECT_DIR

FONT_DIR = PROJECT_DIR / "data" / "fonts"


class Direction(StrEnum):
    """Writing direction of a script."""

    LTR = "ltr"
    RTL = "rtl"


@dataclass(frozen=True)
class LanguageInfo:
    """A language the project can write, with its script, font and Babel locale."""

    code: str
    name: str
    """English name, as spelled in ``data/languages.csv``."""
    endonym: str
    script: str
    style: str
    font: str
    """File name in ``data/fonts/``."""
    direction: Direction
    locale: str

    @property
    def font_path(self) -> Path:
        """Where the font file is carried in the project."""
        return FONT_DIR / self.font


LANGUAGES: dict[str, LanguageInfo] = {
    "en": LanguageInfo(
        "en", "English", "English", "Latin", "sans", "NotoSans-Regular.ttf", Direction.LTR, "en"
    ),
    "ur": LanguageInfo(
        "ur",
        "Urdu",
        "اردو",
        "Shahmukhi (Perso-Arabic)",
        "Nastaliq",
        "NotoNastaliqUrdu-Regular.ttf",
        Direction.RTL,
        "ur_PK",
    ),
    "pa": LanguageInfo(
        "pa",
        "Punjabi",
        "پنجابی",
        "Shahmukhi (Perso-Arabic)",
        "Nastaliq",
        "NotoNastaliqUrdu-Regular.ttf",
        Direction.RTL,
        "pa_Arab_PK",
    ),
    "sd": LanguageInfo(
        "sd",
        "Sindhi",
        "سنڌي",
        "Sindhi Arabic alphabet",
        "Naskh",
        "NotoNaskhArabic-Regular.ttf",
        Direction.RTL,
        "sd_Arab_PK",
    ),
}
APP_LANGUAGES = ("en", "ur")
"""Languages the app's screens are offered in (the sidebar switch)."""
CATALOGUE_LANGUAGES = ("ur", "pa", "sd")


def language_info(code: str) -> LanguageInfo:
    """The language with ``code``; raises ``KeyError`` for a language the project cannot write."""
    return LANGUAGES[code]


def writable_languages(names: Iterable[str]) -> list[LanguageInfo]:
    """Of a district's campaign languages (English names), those with a script here, in order.

    English is always added last: a sheet can be made in English for any district.
    """
    by_name = {info.name: info for info in LANGUAGES.values()}
    out = [by_name[n] for n in dict.fromkeys(names) if n in by_name and n != "English"]
    return [*out, LANGUAGES["en"]]


def format_number(value: float, code: str, *, digits: int = 0) -> str:
    """``value`` with the language's separators (Babel, CLDR), ``digits`` decimals.

    Digits stay the Western ones (Babel does not write Arabic-Indic digits); the grouping and
    decimal signs are the language's (Sindhi: ٬ and ٫).
    """
    pattern = "#,##0" + ("." + "0" * digits if digits else "")
    return format_decimal(
        value,
        format=pattern,
        locale=Locale.parse(LANGUAGES[code].locale),
        numbering_system="default",
    )


def format_date(value: dt.date, code: str) -> str:
    """A date written out in the language (Babel's long format), for example 1 December 2011."""
    return _babel_date(value, format="long", locale=Locale.parse(LANGUAGES[code].locale))
