"""The flow assumptions behind every plan: explicit, editable ranges with their sources.

The source report gives no origin–destination counts. It gives one interviewee's split: "One FIA
official estimated that 20% of illegal migration is routed through airports, while the other 80%
through land and sea routes" (UNODC 2011, §4.1 note 13). Everything else the planner needs is an
assumption made here and labelled so:

* the air share is a range around that 20% (default 10–30%); the *width* of the range is an
  assumption made here;
* within the air group and within the land-and-sea group, each corridor gets an equal share, and
  each named source district an equal share, each allowed to vary by a stated spread;
* alternatively, flows can be weighted by interception records (persons intercepted by origin
  district and corridor), which measure enforcement as much as movement (§2.4): using them as
  flow weights is also an assumption made here.

Weights are shares of the modelled outbound flow from the named districts (unit: share, 0–1), so
plans report the *share* of modelled flow captured, never a number of persons.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from geo.confidence import Confidence
from geo.planner.errors import PlanInputError
from geo.planner.ranges import Range

AIR, LAND_SEA = "air", "land_sea"
GROUP_LABELS = {AIR: "Air (through airports)", LAND_SEA: "Land and sea"}
WEIGHT_UNIT = "share of modelled outbound flow from the named source districts (0–1)"

AIR_SHARE_SOURCE = "UNODC 2011, §4.1 note 13: one FIA official's estimate (20% by air)"
AIR_SHARE_WIDTH = "Range 10–30% around the official's 20%: the width is an assumption made here"
EQUAL_SPLIT_SOURCE = "Assumption made here: the report gives no split by district or corridor"


@dataclass(frozen=True)
class FlowAssumptions:
    """Editable assumptions that turn corridors and source districts into flow weights.

    Parameters
    ----------
    air_share
        Share of flow routed through airports (§4.1 note 13), as a range.
    district_spread
        Each named source district's share may be up to this fraction above or below an equal
        share (0.5: between half and one and a half times equal). Assumption made here.
    corridor_spread
        The same for each corridor's share within its group (air, or land and sea).
    """

    air_share: Range = Range(
        0.10,
        0.20,
        0.30,
        confidence=Confidence.ESTIMATE,
        source=AIR_SHARE_SOURCE,
        width_note=AIR_SHARE_WIDTH,
    )
    district_spread: float = 0.5
    corridor_spread: float = 0.5

    def __post_init__(self) -> None:
        if self.air_share.high > 1:
            raise PlanInputError(f"air share must be at most 1, got {self.air_share.high!r}")
        for name in ("district_spread", "corridor_spread"):
            value = getattr(self, name)
            if not (math.isfinite(value) and 0 <= value < 1):
                raise PlanInputError(f"{name} must be in [0, 1), got {value!r}")

    def group_share(self, group: str) -> Range:
        """Share of flow in one group (air, or land and sea) as a range."""
        a = self.air_share
        if group == AIR:
            return a
        if group == LAND_SEA:
            return Range(
                1 - a.high,
                1 - a.point,
                1 - a.low,
                confidence=a.confidence,
                source=a.source.replace("(20% by air)", "(80% by land and sea)"),
                width_note=a.width_note,
            )
        raise PlanInputError(f"unknown group {group!r}; expected {AIR!r} or {LAND_SEA!r}")

    def table(self) -> pd.DataFrame:
        """The assumptions as rows: what, value, range, confidence label and source."""
        land = self.group_share(LAND_SEA)
        rows = [
            ("Share by air", self.air_share, self.air_share.source, self.air_share.confidence),
            ("Share by land and sea", land, land.source, land.confidence),
            (
                "Width of those ranges",
                None,
                self.air_share.width_note,
                Confidence.ASSUMPTION,
            ),
            (
                "Split across named source districts",
                f"equal, each ±{self.district_spread:.0%}",
                EQUAL_SPLIT_SOURCE,
                Confidence.ASSUMPTION,
            ),
            (
                "Split across corridors within a group",
                f"equal, each ±{self.corridor_spread:.0%}",
                EQUAL_SPLIT_SOURCE,
                Confidence.ASSUMPTION,
            ),
        ]
        out = []
        for what, value, source, confidence in rows:
            text = value.as_text(digits=2, percent=True) if isinstance(value, Range) else value
            out.append(
                {
                    "assumption": what,
                    "value": text or "",
                    "confidence": confidence.label,
                    "source": source,
                }
            )
        return pd.DataFrame(out)

    def weights(
        self, districts: Sequence[str], corridor_groups: dict[str, str]
    ) -> dict[tuple[str, str], Range]:
        """Weight range of every (district, corridor) flow; points sum to 1.

        ``corridor_groups`` maps corridor id → group (``"air"`` or ``"land_sea"``). A group with
        no corridor passes its share to nobody; the caller reports that.
        """
        if not districts:
            raise PlanInputError("at least one source district is needed")
        counts = {g: sum(1 for v in corridor_groups.values() if v == g) for g in (AIR, LAND_SEA)}
        ds, cs = self.district_spread, self.corridor_spread
        n_d = len(districts)
        out: dict[tuple[str, str], Range] = {}
        for corridor, group in corridor_groups.items():
            share = self.group_share(group)
            n_c = counts[group]
            low = share.low * (1 - cs) / n_c * (1 - ds) / n_d
            point = share.point / n_c / n_d
            high = min(1.0, share.high * (1 + cs) / n_c * (1 + ds) / n_d)
            for district in districts:
                out[(district, corridor)] = Range(
                    low,
                    point,
                    high,
                    confidence=Confidence.ASSUMPTION,
                    source=f"{share.source}; {EQUAL_SPLIT_SOURCE}",
                    width_note=f"{share.width_note}; spreads ±{ds:.0%} (districts), "
                    f"±{cs:.0%} (corridors) are assumptions made here",
                )
        return out

    def sample(
        self,
        keys: Sequence[tuple[str, str]],
        corridor_groups: dict[str, str],
        *,
        n: int,
        seed: int,
    ) -> np.ndarray:
        """Joint draws of all flow weights, shape ``(n, len(keys))``; each row sums to 1.

        The air share is drawn from a triangular distribution on its range and the land-and-sea
        share is its complement, so the two always add up; district and corridor multipliers are
        drawn uniformly within their spreads and renormalised.
        """
        if n < 1:
            raise PlanInputError(f"need at least one scenario, got {n!r}")
        rng = np.random.default_rng(seed)
        districts = sorted({d for d, _ in keys})
        corridors = sorted({c for _, c in keys})
        a = self.air_share
        air = a.point * np.ones(n) if a.is_exact else rng.triangular(a.low, a.point, a.high, n)
        dm = rng.uniform(1 - self.district_spread, 1 + self.district_spread, (n, len(districts)))
        dm /= dm.sum(axis=1, keepdims=True)
        cm = rng.uniform(1 - self.corridor_spread, 1 + self.corridor_spread, (n, len(corridors)))
        groups = np.array([corridor_groups[c] for c in corridors])
        for g in (AIR, LAND_SEA):
            mask = groups == g
            if mask.any():
                cm[:, mask] /= cm[:, mask].sum(axis=1, keepdims=True)
        share = {AIR: air, LAND_SEA: 1 - air}
        d_index = {d: i for i, d in enumerate(districts)}
        c_index = {c: i for i, c in enumerate(corridors)}
        out = np.empty((n, len(keys)))
        for j, (d, c) in enumerate(keys):
            out[:, j] = share[corridor_groups[c]] * cm[:, c_index[c]] * dm[:, d_index[d]]
        return out


def record_weights(records: pd.DataFrame, *, spread: float = 0.25) -> dict[tuple[str, str], Range]:
    """Flow weights from interception records: persons by origin district and corridor.

    Parameters
    ----------
    records
        Columns ``origin_district``, ``corridor_id``, ``persons`` (non-negative numbers).
        District spellings are kept as given; the caller resolves them through the gazetteer.
    spread
        Each weight's range is ``persons × (1 ± spread)`` (an assumption made here).

    Raises
    ------
    ValueError
        On missing columns, blank keys, or counts that are not non-negative numbers.
    """
    missing = [c for c in ("origin_district", "corridor_id", "persons") if c not in records]
    if missing:
        raise PlanInputError(f"records lack column(s): {', '.join(missing)}")
    if not (0 <= spread < 1):
        raise PlanInputError(f"spread must be in [0, 1), got {spread!r}")
    frame = records[["origin_district", "corridor_id", "persons"]].copy()
    for column in ("origin_district", "corridor_id"):
        frame[column] = frame[column].astype(str).str.strip()
        blank = frame.index[frame[column].isin(["", "nan", "None"])].tolist()
        if blank:
            raise PlanInputError(f"records: {column} is blank in row(s) {blank[:5]}")
    persons = pd.to_numeric(frame["persons"], errors="coerce")
    bad = frame.index[persons.isna() | (persons < 0)].tolist()
    if bad:
        raise PlanInputError(f"records: persons must be a non-negative number (row(s) {bad[:5]})")
    frame["persons"] = persons
    sums = frame.groupby(["origin_district", "corridor_id"], sort=True)["persons"].sum()
    if sums.sum() <= 0:
        raise PlanInputError("records hold no persons")
    source = (
        "Interception records loaded by the user; using intercepted persons as flow weights "
        "is an assumption made here (records measure enforcement as well as movement, §2.4)"
    )
    return {
        (str(d), str(c)): Range(
            p * (1 - spread),
            float(p),
            p * (1 + spread),
            confidence=Confidence.ASSUMPTION,
            source=f"{source}; {p:g} persons",
            width_note=f"±{spread:.0%}: assumption made here",
        )
        for (d, c), p in sums.items()
    }


def record_flows(summary: pd.DataFrame) -> pd.DataFrame:
    """Persons by origin district and corridor, from a records summary, as flow-weight rows.

    Only rows with a known count and both names are kept: a withheld (public) small count or a
    record without a district or corridor is left out, never guessed. The result has the columns
    :func:`record_weights` reads: ``origin_district``, ``corridor_id``, ``persons``.
    """
    known = summary[
        summary["persons"].notna()
        & (summary["origin_district"] != "")
        & (summary["corridor"] != "")
    ]
    flows = known.rename(columns={"corridor": "corridor_id"})
    return flows[["origin_district", "corridor_id", "persons"]]
