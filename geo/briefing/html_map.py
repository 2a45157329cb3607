"""The route map as one standalone HTML file that works with no internet.

A folium page loads Leaflet, jQuery, Bootstrap and marker plugins from CDNs when it is opened.
In a meeting room without network those links fail and the map is blank. This module takes the
rendered page of the web map and inlines every script and stylesheet from the pinned PyPI
package ``folium-offline`` (which ships the exact files folium 0.20 links to), so nothing is
fetched at view time. Font files referenced by the inlined stylesheets are dropped (icons fall
back to text); tile servers stay available as optional base layers and the page opens on the
offline basemap drawn from the vendored boundaries.

The map itself is built by the caller (``layers.route_map.build_route_map``): this module only
needs an object with ``get_root().render()`` or the HTML text, so the domain core does not
depend on folium.
"""

from __future__ import annotations

import html as html_lib
import re
from functools import lru_cache
from pathlib import Path
from typing import Protocol

_SCRIPT = re.compile(r'<script\s+src="(?P<url>[^"]+)"\s*>\s*</script>', re.I)
_LINK = re.compile(r'<link\s+rel="stylesheet"\s+href="(?P<url>[^"]+)"\s*/?>', re.I)
_CSS_URL = re.compile(r"url\(\s*(?P<q>['\"]?)(?P<url>[^'\")]+)(?P=q)\s*\)", re.I)
_REMOTE = re.compile(r"^(https?:)?//", re.I)


class OfflineResourceError(RuntimeError):
    """A resource of the page has no offline copy, so the page would need the network."""


class _Renderable(Protocol):
    def get_root(self): ...


@lru_cache(maxsize=1)
def offline_resources() -> dict[str, str]:
    """URL → file text for every resource folium 0.20 links to, from ``folium-offline``."""
    try:
        from offlinefolium.elements import _res
    except ImportError as err:
        raise OfflineResourceError(
            "the package folium-offline (0.20.0.2) is needed to inline Leaflet for the offline "
            "map: pip install folium-offline==0.20.0.2"
        ) from err
    return dict(_res)


def _neutralise_css_urls(css: str) -> str:
    """Drop remote or relative font and image references; keep inline ``data:`` URLs."""

    def repl(match: re.Match) -> str:
        url = match.group("url").strip()
        if url.startswith(("data:", "#")):
            return match.group(0)
        return "url(data:,)"

    return _CSS_URL.sub(repl, css)


def _script_tag(js: str) -> str:
    return "<script>" + js.replace("</script", "<\\/script") + "</script>"


def inline_resources(page: str, *, resources: dict[str, str] | None = None) -> str:
    """Replace every linked script and stylesheet in ``page`` by its inlined text.

    Raises
    ------
    OfflineResourceError
        If a linked resource has no offline copy (its URLs are listed).
    """
    known = offline_resources() if resources is None else resources
    missing: list[str] = []

    def script(match: re.Match) -> str:
        url = match.group("url")
        if url not in known:
            missing.append(url)
            return match.group(0)
        return _script_tag(known[url])

    def link(match: re.Match) -> str:
        url = match.group("url")
        if url not in known:
            missing.append(url)
            return match.group(0)
        return "<style>" + _neutralise_css_urls(known[url]) + "</style>"

    out = _LINK.sub(link, _SCRIPT.sub(script, page))
    if missing:
        raise OfflineResourceError(f"no offline copy of: {', '.join(sorted(set(missing)))}")
    return out


def remote_references(page: str) -> list[str]:
    """Scripts, stylesheets and CSS urls in ``page`` that would be fetched from the network."""
    found = [m.group("url") for m in _SCRIPT.finditer(page) if _REMOTE.match(m.group("url"))]
    found += [m.group("url") for m in _LINK.finditer(page) if _REMOTE.match(m.group("url"))]
    for style in re.findall(r"<style[^>]*>(.*?)</style>", page, flags=re.S | re.I):
        found += [m.group("url") for m in _CSS_URL.finditer(style) if _REMOTE.match(m.group("url"))]
    return found


def _banner(vintage: str, sources: str, public: bool) -> str:
    mode = "Public pack" if public else "Analyst pack: not for public distribution"
    text = html_lib.escape(f"{vintage} · {mode} · {sources}")
    return (
        '<div id="ra-vintage" style="position:fixed;top:0;left:50%;transform:translateX(-50%);'
        "max-width:60%;z-index:1000;background:rgba(255,255,255,0.92);"
        "font:11px/1.4 sans-serif;padding:2px 8px;border-radius:0 0 4px 4px;"
        f'color:#333">{text}</div>'
    )


def standalone_html(
    map_or_page: _Renderable | str, *, vintage: str, sources: str, public: bool = True
) -> str:
    """The map page with every resource inlined and the data vintage and sources shown."""
    page = map_or_page if isinstance(map_or_page, str) else map_or_page.get_root().render()
    page = inline_resources(page)
    left = remote_references(page)
    if left:
        raise OfflineResourceError(f"the page still links to the network: {left}")
    banner = _banner(vintage, sources, public)
    if "<body>" in page:
        page = page.replace("<body>", "<body>" + banner, 1)
    else:
        raise OfflineResourceError("the rendered page has no <body> to carry the data vintage")
    title = html_lib.escape(f"Route map · {vintage}")
    return page.replace("<head>", f"<head><title>{title}</title>", 1)


def write_html_map(
    map_or_page: _Renderable | str, path: Path, *, vintage: str, sources: str, public: bool = True
) -> Path:
    """Write the standalone map to ``path`` (UTF-8) and return the path."""
    text = standalone_html(map_or_page, vintage=vintage, sources=sources, public=public)
    Path(path).write_text(text, encoding="utf-8")
    return Path(path)
