"""What goes into a briefing pack: the sections a user picks, assembled into one content.

:func:`build_content` draws the pictures and builds the blocks of the chosen sections. Tables
that other features pass in (a checkpoint plan, target districts) are plain DataFrames; in
public mode they go through :mod:`geo.briefing.disclosure` before anything is drawn or written.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from geo.briefing import charts, static_map
from geo.briefing.blocks import (
    cost_blocks,
    key_figures_block,
    officer_load_block,
    sources_block,
    supplied_table_block,
)
from geo.briefing.disclosure import DEFAULT_THRESHOLD
from geo.briefing.model import (  # noqa: F401  (re-exported for renderers and pages)
    DEFAULT_SECTIONS,
    KEY_FIGURE_IDS,
    MAX_TABLE_ROWS,
    PICTURE_SOURCES,
    SECTIONS,
    SOURCES_LINE,
    TITLE,
    VINTAGE,
    Block,
    BriefingContent,
    Table,
    cite,
)
from geo.costs import load_ladders, mode_comparison
from geo.currency import CURRENCIES, RateTable, load_rates
from geo.officer_load import officer_loads

Progress = Callable[[float, str], None]


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
