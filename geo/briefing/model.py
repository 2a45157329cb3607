"""The content model of a briefing pack: typed tables, pictures to draw, blocks and the view.

The deck, the PDF and the HTML map are renderings (``render``) of one :class:`BriefingContent`,
so they never disagree. Nothing here draws: a block names the picture it needs
(:class:`MapPicture`, :class:`ChartPicture`) and the renderer draws it. Every table says what
kind of data it holds (:class:`TableKind`), set where the table is made, and disclosure
(:mod:`geo.briefing.disclosure`) decides by that kind, never by column names.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from geo.currency import RateTable

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
    "context": "Context from the report",
    "officer_load": "Interception load per officer",
    "cost_ladders": "Cost ladders",
    "checkpoint_plan": "Checkpoint plan",
    "target_districts": "Target districts",
    "records": "Interception records",
    "record_rows": "Interception records: latest rows",
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


class TableKind(StrEnum):
    """What the rows of a table are; decides what a public pack may carry."""

    REPORT = "report figures"
    """Figures the source report states, with their citations."""
    MODEL = "model outputs"
    """Outputs of a model run here (a checkpoint plan, a ranking) under stated assumptions."""
    AGGREGATE = "record aggregates"
    """Counts of loaded records by group: suppressed below the threshold in a public pack."""
    RECORDS = "record-level rows"
    """One row per record: never in a public pack."""


@dataclass(frozen=True)
class Table:
    """A table ready to render: plain headers, rows of text, notes stated once under it.

    Parameters
    ----------
    columns
        Plain headers, units included (``"Cost (USD)"``).
    rows
        Cells as text, already formatted with their units.
    kind
        What the rows are, set by the code that made the table.
    notes
        Sentences shown once under the table (not repeated on every row).
    numeric
        Indices of columns that hold numbers (right-aligned).
    counts
        Indices of columns that count people or events (checked in public packs).
    """

    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    kind: TableKind
    notes: tuple[str, ...] = ()
    numeric: tuple[int, ...] = ()
    counts: tuple[int, ...] = ()

    def __post_init__(self) -> None:
        width = len(self.columns)
        if width == 0:
            raise ValueError("a table needs at least one column")
        for n, row in enumerate(self.rows):
            if len(row) != width:
                raise ValueError(f"row {n} has {len(row)} cells for {width} columns")
        for index in (*self.numeric, *self.counts):
            if not 0 <= index < width:
                raise ValueError(f"column index {index} outside the table's {width} columns")


@dataclass(frozen=True)
class SiteMark:
    """A checkpoint site to draw on the plan's map."""

    name: str
    lon: float
    lat: float
    existing: bool = False


@dataclass(frozen=True)
class MapPicture:
    """The route map as a picture: which window, which corridors, which colouring, which sites.

    ``extent`` names a window of the renderer, or ``"fit"`` for the smallest window that holds
    every site. ``corridor_ids`` ``None`` draws every corridor; an empty set draws none (the
    view on screen matched no corridor).
    """

    extent: str
    corridor_ids: frozenset[str] | None = None
    role: str = "migrant_source"
    detail: str | None = None
    sites: tuple[SiteMark, ...] = ()
    title: str = ""


@dataclass(frozen=True, eq=False)
class ChartPicture:
    """A chart as a picture: ``"ladder"`` (one corridor), ``"comparison"`` or ``"officer_load"``."""

    chart: str
    currency: str = "PKR"
    rates: RateTable | None = None
    corridor_id: str = ""
    title: str = ""


Picture = MapPicture | ChartPicture


@dataclass(frozen=True)
class Block:
    """One section (or one page of a section) of the pack."""

    key: str
    title: str
    paragraphs: tuple[str, ...] = ()
    table: Table | None = None
    picture: Picture | None = None
    citations: tuple[str, ...] = ()


@dataclass(frozen=True)
class PackView:
    """What was on screen when the pack was built, as the pack states it on its cover.

    Parameters
    ----------
    corridor_ids
        Corridors drawn on the Route map (``None``: all).
    corridor_names
        Their names, for the cover note.
    role, detail
        How districts were coloured (a role key and, for destination affinity, the destination).
    colouring
        The colouring in words.
    layers
        Names of the figure layers that were on.
    from_screen
        ``False`` when the Route map was not opened in this session (its default view is used).
    records_filter
        The records filter in words ("all records" when none is set).
    """

    corridor_ids: frozenset[str] | None = None
    corridor_names: tuple[str, ...] = ()
    role: str = "migrant_source"
    detail: str | None = None
    colouring: str = ""
    layers: tuple[str, ...] = ()
    from_screen: bool = False
    records_filter: str = "all records"


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
    """Sections or tables left out, one plain sentence each (for the caveats and the page)."""
    view_note: str = ""
    audience: str = field(default="Public pack")


def cite(section: str) -> str:
    """'UNODC 2011, §4.3' from '§4.3'."""
    return f"UNODC 2011, {section}"
