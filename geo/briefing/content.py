"""What goes into a briefing pack: the sections a user picks, as plain blocks of text and tables.

The deck, the PDF and the HTML map are renderings of one :class:`BriefingContent`, so they never
disagree. Every block carries its citations; every page of every rendering carries the data
vintage and the sources line. Tables that other features pass in (a checkpoint plan, target
districts) are plain DataFrames; in public mode they go through :mod:`geo.briefing.disclosure`.
"""

from __future__ import annotations

import datetime as dt
import numbers
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from geo.briefing import charts, static_map
from geo.briefing.disclosure import DEFAULT_THRESHOLD, public_table
from geo.briefing.loads import officer_loads
from geo.costs import (
    comparison_note,
    cost_silences,
    load_ladders,
    mode_comparison,
    mode_risks,
    payment_statements,
    rate_line,
    stated_currencies,
)
from geo.currency import CURRENCIES, RateTable, load_rates
from geo.figures import Figure, load_figures
from geo.tables import read_table

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

Progress = Callable[[float, str], None]


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


@dataclass(frozen=True, eq=False)
class BriefingOptions:
    """The user's choices for one pack."""

    sections: tuple[str, ...] = DEFAULT_SECTIONS
    currency: str = "PKR"
    public: bool = True
    threshold: int = DEFAULT_THRESHOLD
    checkpoint_plan: pd.DataFrame | None = None
    target_districts: pd.DataFrame | None = None
    key_figure_ids: tuple[str, ...] = KEY_FIGURE_IDS
    rates: RateTable | None = None
    corridor_ids: frozenset[str] | None = None

    def __post_init__(self) -> None:
        unknown = [s for s in self.sections if s not in SECTIONS]
        if unknown:
            raise ValueError(f"unknown section(s) {unknown}; choose from {list(SECTIONS)}")
        if not self.sections:
            raise ValueError("pick at least one section")
        if self.currency not in CURRENCIES:
            raise ValueError(f"unknown currency {self.currency!r}; choose one of {CURRENCIES}")
        if self.threshold < 1:
            raise ValueError("the suppression threshold must be at least 1")
        for name in ("checkpoint_plan", "target_districts"):
            value = getattr(self, name)
            if value is not None and not isinstance(value, pd.DataFrame):
                raise TypeError(f"{name} must be a pandas DataFrame, not {type(value).__name__}")


def cite(section: str) -> str:
    """'UNODC 2011, §4.3' from '§4.3'."""
    return f"UNODC 2011, {section}"


def _figure_row(f: Figure) -> tuple[str, ...]:
    return (f.label, f.display(), f.unit, f.period, f.confidence.label, cite(f.section))


def key_figures_block(ids: tuple[str, ...]) -> Block:
    """The chosen figures as stated, with unit, period, confidence and citation."""
    by_id = {f.figure_id: f for f in load_figures()}
    missing = [i for i in ids if i not in by_id]
    if missing:
        raise KeyError(f"no figure(s) {missing} in figures.csv")
    chosen = [by_id[i] for i in ids]
    return Block(
        "key_figures",
        SECTIONS["key_figures"],
        paragraphs=(
            "Each figure as the report states it; units and periods differ, so the "
            "figures are listed, not compared on one scale.",
        ),
        table=Table(
            ("Figure", "Value", "Unit", "Period", "Confidence", "Source"),
            tuple(_figure_row(f) for f in chosen),
        ),
        citations=tuple(dict.fromkeys(cite(f.section) for f in chosen)),
    )


def officer_load_block(image: Path | None) -> Block:
    """Load per officer where the report gives both numbers, and why not at Islamabad."""
    loads = officer_loads()
    rows = []
    for item in loads:
        staff = f"{item.staff.display()} {item.staff.unit}" if item.staff else "not given"
        rows.append(
            (
                item.place,
                f"{item.people.display()} {item.people.unit}",
                staff,
                item.display(),
                item.confidence.label,
                cite(", ".join(item.sections)),
            )
        )
    return Block(
        "officer_load",
        SECTIONS["officer_load"],
        paragraphs=(
            "Ratios are computed here from two figures the report gives for each place, and "
            "kept as the bound their qualifiers allow ('more than 500' over 40 officers is more "
            "than 12.5 each).",
            "Islamabad airport receives 30–40 deportees every two days with 'minimal staff': the "
            "report gives no staff number, so no ratio can be computed, and a count per two "
            "days is not comparable with a count at one time.",
        ),
        table=Table(
            ("Place", "People to process", "Staff", "Load per officer", "Confidence", "Source"),
            tuple(rows),
        ),
        image=image,
        citations=(cite("§8.1"),),
    )


def cost_blocks(currency: str, rates: RateTable, images: dict[str, Path]) -> list[Block]:
    """Cost ladders, air against land and sea, risk by mode, payment and silences."""
    blocks = []
    rate_lines = tuple(rate_line(n, currency, rates) for n in stated_currencies())
    for ladder in load_ladders():
        frame = ladder.frame(currency, rates)
        rows = tuple(
            (
                r.stop,
                r.place,
                r.shown_as,
                f"{r.stated} {r.stated_currency}",
                r.period,
                r.confidence,
                cite(r.section),
            )
            for r in frame.itertuples()
        )
        blocks.append(
            Block(
                "cost_ladders",
                f"{SECTIONS['cost_ladders']}: {ladder.corridor.name}",
                paragraphs=(f"Per person, in {currency}. " + " ".join(rate_lines),),
                table=Table(
                    (
                        "Reached",
                        "Shown at",
                        f"Cost ({currency})",
                        "As stated",
                        "Period",
                        "Confidence",
                        "Source",
                    ),
                    rows,
                ),
                image=images.get(ladder.corridor.corridor_id),
                citations=(cite("§4.3"),),
            )
        )
    risks = mode_risks()
    payment = payment_statements()
    blocks.append(
        Block(
            "cost_ladders",
            f"{SECTIONS['cost_ladders']}: air against land and sea",
            paragraphs=(comparison_note(currency, rates), *cost_silences()),
            image=images.get("comparison"),
            citations=(cite("§4.3"),),
        )
    )
    blocks.append(
        Block(
            "cost_ladders",
            f"{SECTIONS['cost_ladders']}: risk and payment",
            table=Table(
                ("Topic", "What the report says", "Confidence", "Source"),
                tuple(
                    (r.topic[:1].upper() + r.topic[1:], r.summary, r.confidence.label, r.citation)
                    for r in (*risks, *payment)
                ),
            ),
            citations=tuple(dict.fromkeys(r.citation for r in (*risks, *payment))),
        )
    )
    return blocks


def supplied_table_block(key: str, frame: pd.DataFrame, *, public: bool, threshold: int) -> Block:
    """A table another feature produced, made public-safe when needed, first rows only."""
    title = SECTIONS[key]
    shown = public_table(frame, title=title, threshold=threshold) if public else frame
    note = ""
    if len(shown) > MAX_TABLE_ROWS:
        note = f"First {MAX_TABLE_ROWS} of {len(shown)} rows."
        shown = shown.head(MAX_TABLE_ROWS)
    rows = tuple(tuple(_cell(v) for v in row) for row in shown.itertuples(index=False))
    provenance = str(frame.attrs.get("source", "")).strip()
    paragraphs = [provenance] if provenance else []
    if public:
        paragraphs.append(f"Public pack: counts below {threshold} are shown as '<{threshold}'.")
    return Block(
        key,
        title,
        paragraphs=tuple(paragraphs),
        table=Table(tuple(str(c) for c in shown.columns), rows, note),
        citations=tuple(str(c) for c in frame.attrs.get("citations", ())),
    )


def _cell(value) -> str:
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, numbers.Integral):
        return f"{int(value):,}"
    if isinstance(value, numbers.Real):
        number = float(value)
        return f"{number:,.2f}".rstrip("0").rstrip(".") if number == number else ""
    return str(value)


def sources_block(withheld: list[str]) -> Block:
    """Bibliography, the report's own limitations and the caveats of this pack."""
    bib = read_table("bibliography", required=("source_id", "citation", "kind"))
    rows = tuple((r["source_id"], r["citation"]) for r in bib.to_dict("records"))
    caveats = [
        "Official data are unreliable and not uniformly recorded (UNODC 2011, §2.4): most "
        "figures are interviewees' estimates, labelled as such.",
        "Paths drawn through waypoints the report does not name are choices made here.",
        "Converted costs use the World Bank's 2011 annual average rates.",
        *withheld,
    ]
    return Block(
        "sources",
        SECTIONS["sources"],
        paragraphs=tuple(caveats),
        table=Table(("Source", "Citation"), rows),
        citations=(cite("§2.4"),),
    )


def build_content(
    options: BriefingOptions, workdir: Path, *, progress: Progress | None = None
) -> BriefingContent:
    """Render the images into ``workdir`` and assemble the chosen sections.

    Raises ``DisclosureError`` before anything is written when a public pack is given
    record-level data.
    """
    report = progress or (lambda _f, _m: None)
    workdir = Path(workdir)
    workdir.mkdir(parents=True, exist_ok=True)
    rates = options.rates or load_rates()
    footer = f"{VINTAGE}. {PICTURE_SOURCES}"
    chosen = set(options.sections)
    blocks: list[Block] = []
    withheld: list[str] = []

    supplied = {
        "checkpoint_plan": options.checkpoint_plan,
        "target_districts": options.target_districts,
    }
    prepared: dict[str, Block] = {}
    for key, frame in supplied.items():
        if key not in chosen:
            continue
        if frame is None or frame.empty:
            withheld.append(f"{SECTIONS[key]}: none has been made yet, so the section is left out.")
            continue
        prepared[key] = supplied_table_block(
            key, frame, public=options.public, threshold=options.threshold
        )

    if "title" in chosen:
        blocks.append(
            Block(
                "title",
                TITLE,
                paragraphs=(
                    "Briefing pack: routes, figures, costs and enforcement load as the source "
                    "report gives them.",
                    f"Data vintage: {VINTAGE}.",
                    "Public pack: report figures and aggregates only."
                    if options.public
                    else "Analyst pack: not for public distribution.",
                ),
                citations=("UNODC 2011",),
            )
        )
    if "route_map" in chosen:
        report(0.1, "Drawing the route maps")
        for extent in ("overview", "pakistan"):
            image = static_map.render_route_map(
                workdir / f"route_map_{extent}.png",
                extent=extent,
                corridor_ids=options.corridor_ids,
                footer=footer,
            )
            blocks.append(
                Block(
                    "route_map",
                    f"{SECTIONS['route_map']}: {static_map.EXTENTS[extent].title}",
                    image=image,
                    paragraphs=(
                        "Paler lines run through waypoints chosen here, not named in the report.",
                    ),
                    citations=(cite("§3.2, §4.1, §4.2, §5.3"),),
                )
            )
    if "key_figures" in chosen:
        blocks.append(key_figures_block(options.key_figure_ids))
    if "officer_load" in chosen:
        report(0.3, "Charting the load per officer")
        image = charts.loads_png(officer_loads(), workdir / "officer_load.png", footer=footer)
        blocks.append(officer_load_block(image))
    if "cost_ladders" in chosen:
        report(0.4, "Charting the cost ladders")
        images = {}
        for ladder in load_ladders():
            cid = ladder.corridor.corridor_id
            images[cid] = charts.ladder_png(
                ladder.frame(options.currency, rates),
                workdir / f"ladder_{cid}.png",
                title=ladder.corridor.name,
                currency=options.currency,
                footer=footer,
            )
        images["comparison"] = charts.comparison_png(
            mode_comparison(options.currency, rates),
            workdir / "cost_by_mode.png",
            currency=options.currency,
            footer=footer,
        )
        blocks.extend(cost_blocks(options.currency, rates, images))
    for key in ("checkpoint_plan", "target_districts"):
        if key in prepared:
            blocks.append(prepared[key])
    if "sources" in chosen:
        blocks.append(sources_block(withheld))
    report(0.5, "Content ready")
    return BriefingContent(
        title=TITLE,
        vintage=VINTAGE,
        sources_line=SOURCES_LINE,
        public=options.public,
        currency=options.currency,
        generated=dt.date.today().isoformat(),
        blocks=tuple(blocks),
        withheld=tuple(withheld),
    )
