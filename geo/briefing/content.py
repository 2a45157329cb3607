"""What goes into a briefing pack: the sections a user picks, assembled into one content.

:func:`build_content` is pure: it builds the blocks of the chosen sections (their pictures are
named, not drawn) and applies disclosure by each table's kind. It never stops on a section it
cannot fill: the section is left out and :attr:`BriefingContent.withheld` says why, in one
sentence each.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

import pandas as pd

from geo.briefing.blocks import (
    context_blocks,
    cost_blocks,
    key_figures_block,
    officer_load_block,
    sources_block,
)
from geo.briefing.disclosure import check_public, refusal
from geo.briefing.model import (
    DEFAULT_SECTIONS,
    KEY_FIGURE_IDS,
    SECTIONS,
    SOURCES_LINE,
    TITLE,
    VINTAGE,
    Block,
    BriefingContent,
    MapPicture,
    PackView,
    cite,
)
from geo.briefing.plan import PlanSummary
from geo.briefing.supplied import (
    SuppliedTableError,
    plan_block,
    record_rows_block,
    records_block,
    targets_block,
)
from geo.currency import CURRENCIES, RateTable, load_rates
from geo.disclosure import DEFAULT_THRESHOLD
from geo.errors import UserInputError
from geo.provenance import Provenance

Progress = Callable[[float, str], None]

ROLES = ("public", "analyst", "admin")

MAP_EXTENTS: dict[str, str] = {
    "overview": "Corridors out of, into and through Pakistan",
    "pakistan": "Pakistan and its borders",
}
"""The map windows of the Route map section, with their titles."""


class BriefingInputError(UserInputError, ValueError):
    """The choices for a pack cannot be used (an unknown section or currency)."""


@dataclass(frozen=True, eq=False)
class BriefingOptions:
    """The user's choices for one pack and what the other pages handed over.

    ``role`` is the session's role (``public``, ``analyst`` or ``admin``); only ``public`` makes
    a public pack. ``records`` maps a grouping (``crime_type``, ``month``...) to its aggregate
    as the records service returned it for this session; ``record_rows`` are record-level rows
    (which only an analyst's session can read, and only an analyst pack carries);
    ``records_provenance`` is the records' class (``timeline.records_provenance``), stated on
    every row of both (without account names in a public pack).
    """

    sections: tuple[str, ...] = DEFAULT_SECTIONS
    currency: str = "PKR"
    role: str = "public"
    threshold: int = DEFAULT_THRESHOLD
    plan: PlanSummary | None = None
    targets: pd.DataFrame | None = None
    records: Mapping[str, pd.DataFrame] | None = None
    record_rows: pd.DataFrame | None = None
    records_provenance: Provenance | None = None
    view: PackView = field(default_factory=PackView)
    rates: RateTable | None = None
    key_figure_ids: tuple[str, ...] = KEY_FIGURE_IDS

    def __post_init__(self) -> None:
        unknown = [s for s in self.sections if s not in SECTIONS]
        if unknown:
            raise BriefingInputError(
                f"Unknown section(s) {', '.join(map(str, unknown))}; choose from "
                f"{', '.join(SECTIONS.values())}."
            )
        if not self.sections:
            raise BriefingInputError("Pick at least one section.")
        if self.currency not in CURRENCIES:
            raise BriefingInputError(
                f"Unknown currency {self.currency!r}; choose one of {', '.join(CURRENCIES)}."
            )
        if self.role not in ROLES:
            raise BriefingInputError(f"Unknown role {self.role!r}.")
        if self.threshold < 1:
            raise BriefingInputError("The suppression threshold must be at least 1.")
        for name in ("targets", "record_rows"):
            value = getattr(self, name)
            if value is not None and not isinstance(value, pd.DataFrame):
                raise BriefingInputError(f"The {name.replace('_', ' ')} are not a table.")

    @property
    def public(self) -> bool:
        """True for a public pack."""
        return self.role == "public"


def view_note(view: PackView, *, currency: str, rates: RateTable) -> str:
    """The cover note: which view of the Route map, currency and rate, records filter."""
    if view.corridor_ids is None:
        corridors = "all corridors"
    elif not view.corridor_names:
        corridors = "no corridor (the filters on screen matched none)"
    else:
        corridors = "corridors " + ", ".join(view.corridor_names)
    origin = "as on screen" if view.from_screen else "in its default view (not opened this session)"
    layers = ", ".join(view.layers) if view.layers else "none"
    rate = rates.rate(currency)
    if currency == "USD":
        rate_text = ""
    elif rate.source == "user":
        rate_text = f" at {rate.per_usd:,.2f} {currency} per US dollar (entered by the user)"
    else:
        rate_text = f" at {rate.per_usd:,.2f} {currency} per US dollar ({rate.year} annual average)"
    return (
        f"View: the Route map {origin}: {corridors}; districts coloured by "
        f"{view.colouring or view.role.replace('_', ' ')}; figure layers on: {layers}. Costs in "
        f"{currency}{rate_text}. Records filter: {view.records_filter}."
    )


def _title_block(options: BriefingOptions, note: str) -> Block:
    audience = (
        "Public pack: report figures, model outputs and suppressed aggregates only."
        if options.public
        else f"Analyst pack ({options.role}): not for public distribution."
    )
    return Block(
        "title",
        TITLE,
        paragraphs=(
            "Briefing pack: routes, figures, costs and enforcement load as the source report "
            "gives them.",
            f"Data vintage: {VINTAGE}.",
            audience,
            note,
        ),
        citations=("UNODC 2011",),
    )


def _map_blocks(view: PackView) -> list[Block]:
    return [
        Block(
            "route_map",
            f"{SECTIONS['route_map']}: {title}",
            picture=MapPicture(extent, view.corridor_ids, view.role, view.detail, title=title),
            paragraphs=("Paler lines run through waypoints chosen here, not named in the report.",),
            citations=(cite("§3.2, §4.1, §4.2, §5.3"),),
        )
        for extent, title in MAP_EXTENTS.items()
    ]


def _supplied(key: str, options: BriefingOptions) -> Block | None:
    if key == "checkpoint_plan" and options.plan is not None:
        view = options.view
        return plan_block(options.plan, corridor_ids=view.corridor_ids, role=view.role,
                          detail=view.detail)  # fmt: skip
    if key == "target_districts" and options.targets is not None and not options.targets.empty:
        return targets_block(options.targets)
    if key == "records" and options.records:
        return records_block(
            options.records,
            public=options.public,
            threshold=options.threshold,
            filter_note=options.view.records_filter,
            provenance=options.records_provenance,
        )
    if key == "record_rows" and options.record_rows is not None and not options.record_rows.empty:
        return record_rows_block(
            options.record_rows,
            filter_note=options.view.records_filter,
            provenance=options.records_provenance,
        )
    return None


SUPPLIED: dict[str, tuple[str, str]] = {
    "checkpoint_plan": ("plan", "Checkpoint planner"),
    "target_districts": ("targets", "Awareness targeting"),
    "records": ("records", "Data"),
    "record_rows": ("record_rows", "Data"),
}
"""Sections filled by other pages: the option of :class:`BriefingOptions` that carries each and
the page that makes it."""

NONE_YET = {
    "checkpoint_plan": "none has been solved on the Checkpoint planner yet",
    "target_districts": "none has been ranked on Awareness targeting yet",
    "records": "no records are loaded or none match the filter",
    "record_rows": "no record rows were handed over (only an analyst's session reads them)",
}


def build_content(options: BriefingOptions, *, progress: Progress | None = None) -> BriefingContent:
    """Assemble the chosen sections; sections that cannot be filled are withheld with a reason.

    Raises :class:`BriefingInputError` when no chosen section can be filled, and
    :class:`~geo.briefing.disclosure.DisclosureError` if a public block still holds a
    record-level table or an unsuppressed small count after assembly (a safeguard that should
    never fire).
    """
    report = progress or (lambda _f, _m: None)
    rates = options.rates or load_rates()
    chosen = set(options.sections)
    blocks: list[Block] = []
    withheld: list[str] = []
    note = view_note(options.view, currency=options.currency, rates=rates)
    report(0.05, "Assembling the sections")
    for key in SECTIONS:
        if key not in chosen:
            continue
        if key == "title":
            blocks.append(_title_block(options, note))
        elif key == "route_map":
            blocks.extend(_map_blocks(options.view))
        elif key == "key_figures":
            blocks.append(key_figures_block(options.key_figure_ids))
        elif key == "context":
            blocks.extend(context_blocks())
        elif key == "officer_load":
            blocks.append(officer_load_block())
        elif key == "cost_ladders":
            blocks.extend(cost_blocks(options.currency, rates))
        elif key == "sources":
            continue  # last, once the withheld sections are known
        else:
            try:
                block = _supplied(key, options)
            except SuppliedTableError as err:
                withheld.append(str(err))
                continue
            if block is None:
                withheld.append(f"{SECTIONS[key]}: left out, as {NONE_YET[key]}.")
                continue
            if options.public and block.table is not None:
                reason = refusal(block.table.kind, SECTIONS[key])
                if reason:
                    withheld.append(reason)
                    continue
            blocks.append(block)
    if "sources" in chosen:
        blocks.append(sources_block(withheld))
    if options.public:
        for block in blocks:
            if block.table is not None:
                check_public(block.table, title=block.title, threshold=options.threshold)
    if not blocks:
        raise BriefingInputError("Nothing is left to put in the pack. " + " ".join(withheld))
    return BriefingContent(
        title=TITLE,
        vintage=VINTAGE,
        sources_line=SOURCES_LINE,
        public=options.public,
        currency=options.currency,
        generated=dt.date.today().isoformat(),
        blocks=tuple(blocks),
        withheld=tuple(withheld),
        view_note=note,
        audience="Public pack" if options.public else "Analyst pack: not for public distribution",
    )
