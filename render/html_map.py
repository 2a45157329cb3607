"""The route map as one standalone HTML file that works with no internet.

A folium page loads Leaflet, jQuery, Bootstrap and marker plugins from CDNs when it is opened.
In a meeting room without network those links fail and the map is blank. The rendered page of
the web map (built from the view that was on screen) gets every script and stylesheet inlined
by the app's one inliner, :func:`layers.assets.inline_assets`; font files referenced by the
inlined stylesheets are dropped (icons fall back to text), and the page is refused if anything
would still be fetched. Tile servers stay available as optional base layers and the page opens
on the offline basemap drawn from the vendored boundaries.
"""

from __future__ import annotations

import html as html_lib
import re
from pathlib import Path

import folium

from geo.errors import ComputationError
from layers.assets import inline_assets

_SCRIPT = re.compile(r'<script\s+src="(?P<url>[^"]+)"\s*>\s*</script>', re.I)
_LINK = re.compile(r'<link\s+rel="stylesheet"\s+href="(?P<url>[^"]+)"\s*/?>', re.I)
_CSS_URL = re.compile(r"url\(\s*(?P<q>['\"]?)(?P<url>[^'\")]+)(?P=q)\s*\)", re.I)
_STYLE = re.compile(r"(<style[^>]*>)(.*?)(</style>)", re.S | re.I)
_REMOTE = re.compile(r"^(https?:)?//", re.I)


class OfflineResourceError(ComputationError, RuntimeError):
    """A resource of the page has no offline copy, so the page would need the network."""


def _neutralise_css_urls(css: str) -> str:
    """Drop remote or relative font and image references; keep inline ``data:`` URLs."""

    def repl(match: re.Match[str]) -> str:
        url = match.group("url").strip()
        if url.startswith(("data:", "#")):
            return match.group(0)
        return "url(data:,)"

    return _CSS_URL.sub(repl, css)


def remote_references(page: str) -> list[str]:
    """Scripts, stylesheets and CSS urls in ``page`` that would be fetched from the network."""
    found = [m.group("url") for m in _SCRIPT.finditer(page) if _REMOTE.match(m.group("url"))]
    found += [m.group("url") for m in _LINK.finditer(page) if _REMOTE.match(m.group("url"))]
    for style in _STYLE.finditer(page):
        found += [
            m.group("url")
            for m in _CSS_URL.finditer(style.group(2))
            if _REMOTE.match(m.group("url"))
        ]
    return found


def _banner(vintage: str, sources: str, audience: str, view_note: str) -> str:
    text = html_lib.escape(f"{vintage} · {audience} · {sources}")
    view = f"<br>{html_lib.escape(view_note)}" if view_note else ""
    return (
        '<div id="ra-vintage" style="position:fixed;top:0;left:50%;transform:translateX(-50%);'
        "max-width:60%;z-index:1000;background:rgba(255,255,255,0.92);"
        "font:11px/1.4 sans-serif;padding:2px 8px;border-radius:0 0 4px 4px;"
        f'color:#333">{text}{view}</div>'
    )


def standalone_html(
    map_or_page: folium.Map | str,
    *,
    vintage: str,
    sources: str,
    audience: str = "Public pack",
    view_note: str = "",
) -> str:
    """The map page with every resource inlined and the data vintage, sources and view shown."""
    page = map_or_page if isinstance(map_or_page, str) else map_or_page.get_root().render()
    page = inline_assets(page)
    page = _STYLE.sub(lambda m: m.group(1) + _neutralise_css_urls(m.group(2)) + m.group(3), page)
    left = remote_references(page)
    if left:
        raise OfflineResourceError(f"the page still links to the network: {left}")
    if "<body>" not in page:
        raise OfflineResourceError("the rendered page has no <body> to carry the data vintage")
    page = page.replace("<body>", "<body>" + _banner(vintage, sources, audience, view_note), 1)
    title = html_lib.escape(f"Route map · {vintage}")
    return page.replace("<head>", f"<head><title>{title}</title>", 1)


def write_html_map(
    map_or_page: folium.Map | str,
    path: Path,
    *,
    vintage: str,
    sources: str,
    audience: str = "Public pack",
    view_note: str = "",
) -> Path:
    """Write the standalone map to ``path`` (UTF-8) and return the path."""
    text = standalone_html(
        map_or_page, vintage=vintage, sources=sources, audience=audience, view_note=view_note
    )
    Path(path).write_text(text, encoding="utf-8")
    return Path(path)
