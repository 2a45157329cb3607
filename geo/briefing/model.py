"""The content model of a briefing pack: sections, blocks of text and tables, and constants.

The deck, the PDF and the HTML map are renderings of one :class:`BriefingContent`, so they never
disagree. Every block carries its citations; every page of every rendering carries the data
vintage (:data:`VINTAGE`) and the sources line (:data:`SOURCES_LINE`).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

VINTAGE = "UNODC 2011, data as of December 2011"
SOURCES_LINE = (
    "Sources: UNODC (2011) Assessment of human trafficking and migrant smuggling into and out "
    "of Pakistan; World Bank WDI 2011 exchange rates; boundaries: geoBoundaries, Natural Earth."
)
TITLE = "Irregular migration into, out of and through Pakistan"
PICTURE_SOURCES = (
    "Source: UNODC 2011; rates: World Bank WDI 2011; boundaries: geoBoundaries, Natural Earth."
)

SECTIONS: dict[str, str] = {
    "title": "Title and data vintage",
    "route_map": "Route map",
    "key_figures": "Key figures",
    "officer_load": "Interception load per officer",
    "cost_ladders": "Cost ladders",
    "checkpoint_plan": "Checkpoint plan",
    "target_districts": "Target districts",
    "sources": "Sources and caveats",
}
"""Section keys, in pack order, and their titles."""

DEFAULT_SECTIONS: tuple[str, ...] = tuple(SECTIONS)

KEY_FIGURE_IDS: tuple[str, ...] = (
    "turkey_intercepted_pakistanis", "torkham_daily_crossings", "chaman_daily_crossings",
    "boats_lost_share", "air_share_of_migration", "land_sea_share_of_migration",
    "fia_source_districts", "legal_exit_points", "illegal_immigrants_karachi",
    "fia_agent_database",
)  # fmt: skip
"""The figures of the default 'Key figures' table."""

MAX_TABLE_ROWS = 15


@dataclass(frozen=True)
class Table:
    """A table ready to render: header and rows of text."""

    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    note: str = ""


@dataclass(frozen=True)
class Block:
    """One section (or one page of a section) of the pack."""

    key: str
    title: str
    paragraphs: tuple[str, ...] = ()
    table: Table | None = None
    image: Path | None = None
    citations: tuple[str, ...] = ()


@dataclass(frozen=True)
class BriefingContent:
    """Everything a rendering needs."""

    title: str
    vintage: str
    sources_line: str
    public: bool
    currency: str
    generated: str
    blocks: tuple[Block, ...]
    withheld: tuple[str, ...] = ()
    """Sections left out and why (for the caveats and the page)."""


def cite(section: str) -> str:
    """'UNODC 2011, §4.3' from '§4.3'."""
    return f"UNODC 2011, {section}"
