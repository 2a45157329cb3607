"""Leaflet and folium's browser assets served from a pinned package instead of public CDNs.

folium links Leaflet, its CSS and a few helpers from CDNs. Where users have no internet (or a
test machine has none) those links fail and the map stays blank even when no tiles are needed.
The pinned ``folium-offline`` package carries the same files; here they are written where
Streamlit serves static files, or inlined into a standalone HTML page, and every element of a
map is pointed at them.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator
from pathlib import Path

import folium
from branca.element import Element

STATIC_URL = "/app/static/vendor/"


def _resources() -> dict[str, str]:
    from offlinefolium.elements import _res  # the pinned package's copies, keyed by CDN URL

    return _res


def asset_text(url: str) -> str:
    """The file a CDN URL points to, from the pinned package; ``KeyError`` if it has none."""
    try:
        return _resources()[url]
    except KeyError:
        raise KeyError(f"no vendored copy of {url}") from None


def asset_filename(url: str) -> str:
    """A stable local file name for a CDN URL (basename plus a short hash of the URL)."""
    base = re.sub(r"[^A-Za-z0-9._-]", "_", url.rstrip("/").rsplit("/", 1)[-1]) or "asset"
    digest = hashlib.sha256(url.encode()).hexdigest()[:8]
    stem, dot, ext = base.rpartition(".")
    return f"{stem}-{digest}.{ext}" if dot else f"{base}-{digest}"


def _elements(root: Element) -> Iterator[Element]:
    yield root
    for child in list(root._children.values()):
        yield from _elements(child)


def _links(m: folium.Map) -> Iterator[tuple[Element, str]]:
    for element in _elements(m):
        for attribute in ("default_js", "default_css"):
            if getattr(element, attribute, None):
                yield element, attribute


def used_urls(m: folium.Map) -> list[str]:
    """Every CDN URL the map's elements would link."""
    urls: list[str] = []
    for element, attribute in _links(m):
        urls.extend(url for _name, url in getattr(element, attribute))
    return list(dict.fromkeys(urls))


def write_static_assets(directory: Path, urls: list[str]) -> list[Path]:
    """Write the vendored copy of each URL into ``directory`` (skipping files already there)."""
    directory.mkdir(parents=True, exist_ok=True)
    written = []
    for url in urls:
        path = directory / asset_filename(url)
        if not path.exists():
            path.write_text(asset_text(url), encoding="utf-8")
        written.append(path)
    return written


def localise_assets(m: folium.Map, *, base_url: str = STATIC_URL) -> folium.Map:
    """Point every element's JS/CSS links at ``base_url`` + the local file name."""
    for element, attribute in _links(m):
        links = [
            (name, base_url + asset_filename(url)) for name, url in getattr(element, attribute)
        ]
        setattr(element, attribute, links)
    return m


def inline_assets(html: str) -> str:
    """Replace ``<script src>`` and stylesheet links to known CDN URLs with inline copies."""

    def script(match: re.Match[str]) -> str:
        url = match.group(1)
        try:
            # a "</script" inside the library would end the inline block early
            text = re.sub(r"</(script)", r"<\\/\1", asset_text(url), flags=re.IGNORECASE)
            return f"<script>{text}</script>"
        except KeyError:
            return match.group(0)

    def style(match: re.Match[str]) -> str:
        url = match.group(1)
        try:
            text = re.sub(r"</(style)", r"<\\/\1", asset_text(url), flags=re.IGNORECASE)
            return f"<style>{text}</style>"
        except KeyError:
            return match.group(0)

    html = re.sub(r'<script src="([^"]+)"></script>', script, html)
    return re.sub(r'<link rel="stylesheet" href="([^"]+)"\s*/>', style, html)
