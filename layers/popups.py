"""HTML for popups and tooltips: every value escaped, every figure with its provenance.

All text that reaches the browser goes through :func:`escape_text` here, the one escaper of the
layers: HTML-escaped, and with the characters that would end or interpolate the JavaScript
template literal folium wraps popups and tooltips in (a backtick, ``$`` of ``${``, a backslash)
written as character references, so a hostile place name or note shows as text. A popup for a
figure always states value, unit, period, report section, a short quote and the confidence
class.
"""

from __future__ import annotations

import html

from geo.catalog import figure_citation
from geo.confidence import Confidence
from geo.figures import Figure
from layers.style import confidence_colour

QUOTE_LIMIT = 320


def escape_text(value: object) -> str:
    """Text made inert in HTML and inside a JavaScript template literal (folium's tooltips)."""
    text = html.escape("" if value is None else str(value))  # quotes too, by default
    return text.replace("`", "&#96;").replace("$", "&#36;").replace("\\", "&#92;")


escape = escape_text
"""Short name used inside this module."""


def confidence_badge(confidence: Confidence) -> str:
    """A coloured label naming the confidence class."""
    return (
        f'<span class="ra-badge" style="background:{confidence_colour(confidence)};color:#fff;'
        f'padding:1px 6px;border-radius:8px;font-size:11px">{escape(confidence.label)}</span>'
    )


def short_quote(text: str, limit: int = QUOTE_LIMIT) -> str:
    """The quote cut at a word boundary, with an ellipsis when cut."""
    text = " ".join(str(text).split())
    if len(text) <= limit:
        return text
    return text[: text[:limit].rfind(" ")] + " …"


def block(
    title: str,
    rows: list[tuple[str, str]],
    *,
    quote: str = "",
    section: str = "",
    confidence: Confidence | None = None,
) -> str:
    """One titled block: a small table of label/value rows, the quote and the badge."""
    parts = [f"<b>{escape(title)}</b>"]
    if rows:
        cells = "".join(
            f"<tr><th style='text-align:left;padding-right:6px'>{escape(k)}</th>"
            f"<td>{escape(v)}</td></tr>"
            for k, v in rows
            if v
        )
        parts.append(f"<table style='font-size:12px'>{cells}</table>")
    if quote:
        cite = f" ({escape(section)})" if section else ""
        parts.append(f"<i>“{escape(short_quote(quote))}”</i>{cite}")
    if confidence is not None:
        parts.append(confidence_badge(confidence))
    return "<div class='ra-block' style='margin-bottom:6px'>" + "<br>".join(parts) + "</div>"


def figure_block(figure: Figure, *, value_text: str | None = None) -> str:
    """A figure with value, unit, period, its own source (with the report's section), quote and
    confidence: a figure the report cites from another document names that document."""
    source = figure_citation(figure)
    rows = [
        ("Figure", value_text or figure.display()),
        ("Unit", figure.unit),
        ("Period", figure.period),
        ("Source", source),
        ("Note", figure.note),
    ]
    return block(
        figure.label,
        rows,
        quote=figure.quote,
        section=source,
        confidence=figure.confidence,
    )


def wrap(*blocks: str, width: int = 360) -> str:
    """Join blocks into one scrollable popup body."""
    return (
        f"<div style='max-width:{width}px;max-height:320px;overflow:auto;font-size:12px'>"
        + "".join(blocks)
        + "</div>"
    )
