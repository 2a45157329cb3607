"""The blocks of each section: key figures, load per officer, costs, supplied tables, sources.

Each builder turns curated data (or a table another feature supplied) into a
:class:`~geo.briefing.model.Block` of text, with the citation of every number it shows.
"""

from __future__ import annotations

import numbers
from pathlib import Path

import pandas as pd

from geo.briefing.disclosure import public_table
from geo.briefing.model import MAX_TABLE_ROWS, SECTIONS, Block, Table, cite
from geo.costs import (
    comparison_note,
    cost_silences,
    load_ladders,
    mode_risks,
    payment_statements,
    rate_line,
    stated_currencies,
)
from geo.currency import RateTable
from geo.figures import Figure, load_figures
from geo.officer_load import officer_loads, trend_caveat
from geo.tables import read_table


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
            trend_caveat(),
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
                paragraphs=(f"Per person, in {currency}. " + "; ".join(rate_lines) + ".",),
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
