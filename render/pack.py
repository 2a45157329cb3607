"""Build the whole briefing pack in one call: deck, PDF and standalone HTML map.

:func:`build_pack` assembles the content (``geo.briefing``), draws its pictures, writes the
three files and reports progress. :func:`try_build_pack` is what the page calls: it never
raises. A choice or a table that cannot be used gives one plain sentence; anything unexpected is
logged on the server with its traceback and the user gets a short message.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from geo.briefing.content import BriefingOptions, build_content
from geo.briefing.model import PICTURE_SOURCES, SOURCES_LINE, VINTAGE, BriefingContent
from geo.errors import AccessError, RouteAtlasError, UserInputError
from layers.route_map import RouteMapOptions, build_route_map
from render.deck import write_deck
from render.html_map import write_html_map
from render.pdf import write_pdf
from render.pictures import draw_picture

DECK_NAME = "route_atlas_briefing.pptx"
PDF_NAME = "route_atlas_briefing.pdf"
HTML_NAME = "route_atlas_map.html"
MIME_TYPES = {
    DECK_NAME: "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    PDF_NAME: "application/pdf",
    HTML_NAME: "text/html",
}
"""Media type of each file of the pack, for downloads."""

Progress = Callable[[float, str], None]

logger = logging.getLogger(__name__)

UNEXPECTED = (
    "The pack could not be built because of an error on the server; it has been logged. "
    "Try again, or with fewer sections."
)


@dataclass(frozen=True)
class Pack:
    """The files of one pack and the content they were made from."""

    deck: Path
    pdf: Path
    html: Path | None
    content: BriefingContent


@dataclass(frozen=True)
class PackOutcome:
    """A pack, or the one sentence that says why there is none."""

    pack: Pack | None
    message: str = ""


def build_pack(
    options: BriefingOptions,
    out_dir: Path,
    *,
    route_map: RouteMapOptions | None = None,
    progress: Progress | None = None,
) -> Pack:
    """Write the deck, the PDF and (with the 'route_map' section) the HTML map into ``out_dir``.

    Parameters
    ----------
    options
        Sections, currency, role, view and the tables other pages supplied.
    out_dir
        Folder for the files; created if needed. Pictures go in its ``images`` subfolder.
    route_map
        The Route map's options for the HTML map (the view on screen); its default view when
        ``None``.
    progress
        Called with (fraction done, message) as the pack is built.
    """
    report = progress or (lambda _f, _m: None)
    out = Path(out_dir)
    images_dir = out / "images"
    images_dir.mkdir(parents=True, exist_ok=True)
    report(0.0, "Preparing content")
    content = build_content(options, progress=report)
    footer = f"{VINTAGE}. {PICTURE_SOURCES}"
    images: list[Path | None] = []
    drawn = [b for b in content.blocks if b.picture is not None]
    for block in content.blocks:
        if block.picture is None:
            images.append(None)
            continue
        n = len([i for i in images if i is not None])
        report(0.1 + 0.45 * n / max(len(drawn), 1), f"Drawing: {block.title}")
        images.append(draw_picture(block.picture, images_dir / f"picture_{n:02d}.png",
                                   footer=footer))  # fmt: skip
    report(0.6, "Writing the slide deck")
    deck = write_deck(content, out / DECK_NAME, images)
    report(0.75, "Writing the PDF")
    pdf = write_pdf(content, out / PDF_NAME, images)
    html = None
    if "route_map" in options.sections:
        report(0.85, "Writing the offline HTML map")
        web_map = build_route_map(route_map, rates=options.rates)
        html = write_html_map(
            web_map,
            out / HTML_NAME,
            vintage=VINTAGE,
            sources=SOURCES_LINE,
            audience=content.audience,
            view_note=content.view_note,
        )
    report(1.0, "Pack ready")
    return Pack(deck=deck, pdf=pdf, html=html, content=content)


def try_build_pack(
    options: BriefingOptions,
    out_dir: Path,
    *,
    route_map: RouteMapOptions | None = None,
    progress: Progress | None = None,
) -> PackOutcome:
    """:func:`build_pack`, never raising: a pack, or one plain sentence saying why not."""
    try:
        return PackOutcome(build_pack(options, out_dir, route_map=route_map, progress=progress))
    except (UserInputError, AccessError) as err:
        return PackOutcome(None, f"The pack was not built: {err}")
    except RouteAtlasError:
        logger.exception("briefing pack failed on a known error")
        return PackOutcome(None, UNEXPECTED)
    except Exception:
        logger.exception("briefing pack failed unexpectedly")
        return PackOutcome(None, UNEXPECTED)
