"""What the report says beside its cost figures: the risk of each mode, payment, and silences.

Kept apart from the cost arithmetic in :mod:`geo.costs` (which re-exports these functions). Each
statement quotes the report with its section and a confidence class; a single story is marked
unconfirmed, an FIA officer's estimate is marked as an estimate, and where the report gives no
figure for a risk the statement says so.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml

from geo.confidence import Confidence
from geo.errors import CuratedDataError
from geo.figures import Figure, load_figures
from geo.paths import DATA_DIR
from geo.tables import read_table

SOURCE = "UNODC 2011"


class CostContextError(CuratedDataError, ValueError):
    """The curated files lack a statement this module needs."""


@dataclass(frozen=True)
class Statement:
    """Something the report says, quoted, with its section and confidence class."""

    topic: str
    summary: str
    quote: str
    section: str
    confidence: Confidence
    note: str = ""

    @property
    def citation(self) -> str:
        return f"{SOURCE}, {self.section}"


def mode_risks(figures: tuple[Figure, ...] | None = None) -> tuple[Statement, ...]:
    """The risk the report attaches to each mode of travel, quoted with its section."""
    by_id = {f.figure_id: f for f in (figures or load_figures())}
    boats = by_id["boats_lost_share"]
    return (
        Statement(
            topic="sea",
            summary=f"{boats.display()}% of boats carrying irregular migrants are lost: "
            "one FIA officer's estimate.",
            quote=boats.quote,
            section=boats.section,
            confidence=boats.confidence,
            note="Said of the sea route to Oman; the report gives no such figure elsewhere.",
        ),
        Statement(
            topic="sea",
            summary="Migrants die of starvation, snake bites and drowning on the way to Muscat.",
            quote="The FIA indicates that a large proportion of irregular migrants die of "
            "starvation, snake bites and drowning in their attempt to reach Muscat",
            section="§4.2.3",
            confidence=Confidence.ESTIMATE,
            note="The FIA's account; no number is given.",
        ),
        Statement(
            topic="land",
            summary="A bus heading to Mand Balo was taken hostage by herdsmen in Baluchistan; "
            "the passengers were held as slaves for months.",
            quote="He boarded a bus along with several other people that was heading to Mand "
            "Balo. Before reaching the Iranian border, the bus was taken hostage by herdsmen "
            "in Baluchistan. He and all the other passengers were taken as slaves.",
            section="§6.1 (boxed story)",
            confidence=Confidence.UNCONFIRMED,
            note="One person's story (Javed, 19), told in a box in the report; not a rate.",
        ),
        Statement(
            topic="land",
            summary="Migrants wait in safe houses for months and some are abandoned on the way.",
            quote="Irregular migrants remain in safe houses for as long as several months while "
            "waiting for others irregular migrants to join them for onward travel. [...] Some "
            "attest that they were accompanied part of the way and others indicate that they "
            "were abandoned entirely.",
            section="§4.1",
            confidence=Confidence.ESTIMATE,
            note="",
        ),
        Statement(
            topic="air",
            summary="The report attaches no physical danger to air travel; it warns of dealers "
            "who take money for visas and disappear.",
            quote="Unscrupulous dealers promise migrants visas to Saudi Arabia for haj or other "
            "European or North American destinations, and then disappear after taking their "
            "money.",
            section="§6.1",
            confidence=Confidence.ESTIMATE,
            note="The report gives no figure for this risk.",
        ),
    )


def payment_statements() -> tuple[Statement, ...]:
    """What the report says of how migrants pay and how the money moves (§4.3)."""
    ways = (
        "Irregular migrants pay up front, or in installments, or are involved in debt bondage "
        "along the way (forced to work as labour and prostitution to pay back debts)."
    )
    return (
        Statement(
            "Up front",
            "Some pay the whole cost before travelling.",
            ways,
            "§4.3",
            Confidence.ESTIMATE,
        ),
        Statement("Instalments", "Some pay in instalments.", ways, "§4.3", Confidence.ESTIMATE),
        Statement(
            "Debt bondage",
            "Some fall into debt bondage on the way, forced into labour or prostitution to pay "
            "back debts.",
            ways,
            "§4.3",
            Confidence.ESTIMATE,
        ),
        Statement(
            "Hawala / IVTS",
            "Most transactions go through hawala networks or informal value transfer systems, "
            "which the FIA cannot trace.",
            "Most monetary transactions are laundered through informal channels referred to as "
            "hawala networks or informal value transfer systems (IVTS), greatly compromising "
            "FIA's capacity to track the money trail among agents, facilitators and "
            "transporters.",
            "§4.3",
            Confidence.ESTIMATE,
        ),
        Statement(
            "Banks",
            "One interviewee said banks protect big clients, smugglers and traffickers "
            "included, despite financial monitoring.",
            "one interviewee indicated that despite financial monitoring systems, banks find "
            "ways to protect their big clients, including smugglers and traffickers.",
            "§4.3",
            Confidence.ESTIMATE,
            note="A single interviewee.",
        ),
    )


def cost_silences(data_dir: Path | None = None) -> tuple[str, ...]:
    """The report's silences about costs, as listed in ``definitions.yaml``."""
    path = (data_dir or DATA_DIR) / "definitions.yaml"
    with path.open(encoding="utf-8") as handle:
        silences = (yaml.safe_load(handle) or {}).get("silences") or []
    found = tuple(s for s in silences if "cost" in s.lower())
    if not found:
        raise CostContextError(f"{path.name}: no silence about costs is listed")
    return found


def placement_notes(data_dir: Path | None = None) -> dict[str, str]:
    """Why each cost sits where the atlas puts it (``costs.csv`` ``note``), by figure id.

    The report gives its costs side by side (§4.3); placing them in order along one corridor
    is the atlas's own construction, and every place a cost is shown says so.
    """
    frame = read_table("costs", required=("figure_id", "note"), data_dir=data_dir)
    return dict(zip(frame["figure_id"], frame["note"], strict=True))


def ladder_note(corridor_id: str, data_dir: Path | None = None) -> str:
    """One sentence for a cost ladder: the order of its costs is a choice made here."""
    frame = read_table("costs", required=("corridor_id", "note"), data_dir=data_dir)
    notes = list(dict.fromkeys(frame.loc[frame["corridor_id"] == corridor_id, "note"]))
    return ". ".join(n.rstrip(".") for n in notes if n) + ("." if notes else "")
