"""Build the whole briefing pack in one call: deck, PDF and standalone HTML map.

The page calls :func:`build_pack` with the user's choices and the folium route map (built by
``layers.route_map``), and shows the progress it reports. Nothing is written when a public pack
is handed record-level data: disclosure is checked before any file is produced.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from geo.briefing.content import (
    SOURCES_LINE,
    VINTAGE,
    BriefingContent,
    BriefingOptions,
    Progress,
    build_content,
)
from geo.briefing.deck import write_deck
from geo.briefing.html_map import write_html_map
from geo.briefing.pdf import write_pdf

DECK_NAME = "route_atlas_briefing.pptx"
PDF_NAME = "route_atlas_briefing.pdf"
HTML_NAME = "route_atlas_map.html"


@dataclass(frozen=True)
class Pack:
    """The files of one pack and the content they were made from."""

    deck: Path
    pdf: Path
    html: Path | None
    content: BriefingContent


def build_pack(
    options: BriefingOptions,
    out_dir: Path,
    *,
    route_map=None,
    progress: Progress | None = None,
) -> Pack:
    """Write the deck, the PDF and (when ``route_map`` is given) the HTML map into ``out_dir``.

    Parameters
    ----------
    options
        Sections, currency, public mode and any tables supplied by other features.
    out_dir
        Folder for the files; created if needed. Images go in its ``images`` subfolder.
    route_map
        The web route map (a folium map or its rendered HTML). The HTML map is written only
        when the 'route_map' section is chosen; then the map is required.
    progress
        Called with (fraction done, message) as the pack is built.
    """
    report = progress or (lambda _f, _m: None)
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    wants_html = "route_map" in options.sections
    if wants_html and route_map is None:
        raise ValueError(
            "the route map section needs the web map: pass route_map=build_route_map(...)"
        )
    report(0.0, "Preparing content")
    content = build_content(options, out / "images", progress=report)
    report(0.6, "Writing the slide deck")
    deck = write_deck(content, out / DECK_NAME)
    report(0.75, "Writing the PDF")
    pdf = write_pdf(content, out / PDF_NAME)
    html = None
    if wants_html:
        report(0.9, "Writing the offline HTML map")
        html = write_html_map(
            route_map, out / HTML_NAME, vintage=VINTAGE, sources=SOURCES_LINE, public=options.public
        )
    report(1.0, "Pack ready")
    return Pack(deck=deck, pdf=pdf, html=html, content=content)
