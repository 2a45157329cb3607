"""The interface language: the sidebar switch, the page's direction and its font.

``app.py`` calls :func:`language_switch` in the sidebar and :func:`apply_direction` on every run;
translated pages call :func:`page_translator`. The language lives in the session under
``state.LANGUAGE_KEY`` and in the link as ``lang`` (one of the shared link parameters), so a
reload or a shared address opens in the same language.
"""

from __future__ import annotations

import shutil

import streamlit as st

from geo.i18n import APP_LANGUAGES, LANGUAGES, Translator, translator
from pages import state
from pages.common import STATIC_VENDOR_DIR

FONT_URL = "/app/static/vendor/fonts/"
SWITCH_LABEL = "Language / زبان"
"""Shown in both languages, so a reader of either finds the switch."""


def language_switch() -> str:
    """The English / اردو switch; the choice is taken from the link on a fresh session."""
    wanted = st.query_params.get("lang")
    if state.LANGUAGE_KEY not in st.session_state and wanted in APP_LANGUAGES:
        st.session_state[state.LANGUAGE_KEY] = wanted
    code = st.radio(
        SWITCH_LABEL,
        APP_LANGUAGES,
        format_func=lambda c: LANGUAGES[c].endonym,
        key=state.LANGUAGE_KEY,
        horizontal=True,
    )
    if code != "en" and st.query_params.get("lang") != code:
        st.query_params["lang"] = code
    elif code == "en" and "lang" in st.query_params:
        del st.query_params["lang"]
    return str(code)


@st.cache_resource
def served_fonts() -> str:
    """Copy the project's fonts next to the map assets once, so the browser loads them from
    this app (never from the internet). Returns their URL prefix."""
    target = STATIC_VENDOR_DIR / "fonts"
    target.mkdir(parents=True, exist_ok=True)
    for info in LANGUAGES.values():
        if not (target / info.font).exists():
            shutil.copyfile(info.font_path, target / info.font)
    return FONT_URL


def apply_direction(code: str) -> None:
    """Set the document's ``dir`` and ``lang`` and, for Urdu, the Nastaliq font."""
    info = LANGUAGES[code]
    css = ""
    if info.direction.value == "rtl":
        url = served_fonts() + info.font
        css = (
            "<style>@font-face{font-family:'RA Script';src:url('" + url + "') format('truetype');}"
            "html[dir=rtl] [data-testid=stMain] *:not([data-testid=stIconMaterial]),"
            "html[dir=rtl] [data-testid=stSidebar] *:not([data-testid=stIconMaterial])"
            "{font-family:'RA Script','Noto Sans',sans-serif;}"
            "html[dir=rtl] [data-testid=stMain] p, html[dir=rtl] [data-testid=stMain] li"
            "{line-height:2.1;}</style>"
        )
    st.html(
        css + "<script>document.documentElement.setAttribute('dir','" + info.direction.value
        + "');document.documentElement.setAttribute('lang','" + code + "');</script>",
        unsafe_allow_javascript=True,
    )  # fmt: skip


def page_translator() -> Translator:
    """A translator into the session's interface language (English when none was chosen)."""
    code = state.language()
    return translator(code if code in APP_LANGUAGES else "en")


def draft_banner(tr: Translator) -> None:
    """The draft notice, in the language and in English, when the page used a draft entry."""
    notice = tr.draft_notice()
    if notice:
        st.warning(notice)
