"""The blocks of the report's own sections: key figures, context, load per officer, costs,
sources.

Each builder turns curated data into a :class:`~geo.briefing.model.Block` of text whose table
is of kind :attr:`~geo.briefing.model.TableKind.REPORT`, with the citation of every number it
shows and the picture it needs (drawn later by ``render``).
"""

from __future__ import annotations

from geo.briefing.model import SECTIONS, Block, ChartPicture, Table, TableKind, cite
from geo.catalog import briefing_context, figure_citation, milestones
from geo.cost_statements import ladder_note
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
from geo.errors import CuratedDataError
from geo.figures import Figure, load_figures
from geo.officer_load import officer_loads, trend_caveat
from geo.tables import read_table


def _figure_row(f: Figure) -> tuple[str, ...]:
    return (f.label, f.display(), f.unit, f.period, f.confidence.label, figure_citation(f))


def key_figures_block(ids: tuple[str, ...]) -> Block:
    """The chosen figures as stated, with unit, period, confidence and citation."""
    by_id = {f.figure_id: f for f in load_figures()}
    missing = [i for i in ids if i not in by_id]
    if missing:
        raise CuratedDataError(f"no figure(s) {missing} in figures.csv")
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
            TableKind.REPORT,
            numeric=(1,),
        ),
        citations=tuple(dict.fromkeys(figure_citation(f) for f in chosen)),
    )


TOPIC_NAMES = {
    "destinations": "Destinations",
    "interception": "Interceptions",
    "profile": "Who travels",
    "enforcement": "Enforcement",
    "law": "Law",
    "child_trafficking": "Child trafficking",
}
"""Plain names of the topics of ``report_facts.csv`` shown on the context page."""


def context_blocks() -> list[Block]:
    """The report's further facts by topic, then its dated milestones, each with its section.

    Read from ``geo.catalog.briefing_context`` (facts in the context page's order, then the
    milestones) so the pack states what the Sources page states, in the same words.
    """
    dated = milestones()
    dated_ids = {f.fact_id for f in dated}
    facts = tuple(f for f in briefing_context() if f.fact_id not in dated_ids)
    if not facts and not dated:
        raise CuratedDataError("report_facts.csv holds no fact for the context page")
    blocks = []
    if facts:
        blocks.append(
            Block(
                "context",
                SECTIONS["context"],
                paragraphs=(
                    "What the report says beyond the mapped numbers, as it says it; each line "
                    "names its section and its confidence class.",
                ),
                table=Table(
                    ("Topic", "Fact", "What the report says", "Confidence", "Source"),
                    tuple(
                        (
                            TOPIC_NAMES.get(f.topic, f.topic.replace("_", " ")),
                            f.label,
                            f.detail,
                            f.confidence.label,
                            f.citation(),
                        )
                        for f in facts
                    ),
                    TableKind.REPORT,
                ),
                citations=tuple(dict.fromkeys(f.citation() for f in facts)),
            )
        )
    if dated:
        blocks.append(
            Block(
                "context",
                f"{SECTIONS['context']}: dated milestones",
                paragraphs=("Milestones the report dates, in date order.",),
                table=Table(
                    ("Date", "Milestone", "Detail", "Source"),
                    tuple((f.date, f.label, f.detail, f.citation()) for f in dated),
                    TableKind.REPORT,
                ),
                citations=tuple(dict.fromkeys(f.citation() for f in dated)),
            )
        )
    return blocks


def officer_load_block() -> Block:
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
            TableKind.REPORT,
        ),
        picture=ChartPicture("officer_load"),
        citations=(cite("§8.1"),),
    )


def ladder_order_note(corridor_id: str) -> str:
    """The sentence under a ladder's chart: where and in what order its costs sit is the
    atlas's own construction (``costs.csv`` notes), never the report's."""
    note = ladder_note(corridor_id)
    if not note:
        raise CuratedDataError(f"costs.csv: no note on the order of the costs of {corridor_id!r}")
    return f"Where the costs sit on this route is the atlas's own construction: {note}"


def cost_blocks(currency: str, rates: RateTable) -> list[Block]:
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
                paragraphs=(
                    ladder_order_note(ladder.corridor.corridor_id),
                    f"Per person, in {currency}. " + "; ".join(rate_lines) + ".",
                ),
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
                    TableKind.REPORT,
                    notes=("Cumulative cost per person from the start of the journey.",),
                    numeric=(2,),
                ),
                picture=ChartPicture(
                    "ladder",
                    currency=currency,
                    rates=rates,
                    corridor_id=ladder.corridor.corridor_id,
                    title=ladder.corridor.name,
                ),
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
            picture=ChartPicture("comparison", currency=currency, rates=rates),
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
                TableKind.REPORT,
            ),
            citations=tuple(dict.fromkeys(r.citation for r in (*risks, *payment))),
        )
    )
    return blocks


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
        table=Table(("Source", "Citation"), rows, TableKind.REPORT),
        citations=(cite("§2.4"),),
    )
