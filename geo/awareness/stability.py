"""How stable the top N districts are when the weights are not quite what the user set.

Weights are judgements, not measurements. To show how much a shortlist depends on them, each
weight is multiplied by its own random factor drawn uniformly from [1 - spread, 1 + spread]
(default ±25%), the districts are re-scored, and the top N is taken again. After many draws
(seeded, so the result repeats), each district's share of draws in the top N is reported. A
district far ahead stays in every draw (share 1.0); one near the cut-off moves in and out.

Ties are not certainty. The main ranking orders equal scores A–Z only so that it is repeatable;
here, equal scores within a draw are ordered at random (a fresh random key per draw), so five
districts tied for three places each stay in about three draws in five, not three always and two
never. The result also names each district's tie group in the base ranking (districts sharing its
score), how large it is, and whether the cut-off falls inside it.

The normalised indicator values do not depend on the weights, so they are computed once and every
draw is one matrix product.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from geo.awareness.scoring import MISSING_RULES, ROUND, check_weights, normalise, score_districts


def top_n_stability(
    values: pd.DataFrame,
    weights: Mapping[str, float],
    *,
    n: int,
    method: str = "minmax",
    missing: str = "zero",
    draws: int = 1000,
    spread: float = 0.25,
    seed: int = 0,
) -> pd.DataFrame:
    """Share of weight draws in which each district is in the top ``n``.

    Parameters
    ----------
    values, weights, method, missing
        As for ``geo.awareness.scoring.score_districts``.
    n
        Size of the shortlist.
    draws
        Number of random weight sets.
    spread
        Each weight is multiplied by a factor uniform in ``[1 - spread, 1 + spread]``.
    seed
        Seed of the random generator, so the same settings give the same answer.

    Returns
    -------
    pandas.DataFrame
        For every district, in base rank order: ``district, base_rank, in_base_top``;
        ``tie_group`` (1, 2, … for each set of districts sharing a base score, in rank order;
        0 when the score is not shared), ``tie_size`` (districts with that score, 1 when not
        tied), ``tie_at_cut`` (True when the group straddles the top-``n`` cut-off, so the A–Z
        order alone decides who is in) and ``share_in_top`` (draws with ties broken at random).
    """
    if not 1 <= n <= len(values):
        raise ValueError(f"n must be between 1 and the number of districts ({len(values)})")
    if draws < 1:
        raise ValueError("draws must be at least 1")
    if not 0 <= spread < 1:
        raise ValueError("spread must be in [0, 1)")
    if missing not in MISSING_RULES:
        raise ValueError(f"missing rule must be one of {MISSING_RULES}, got {missing!r}")
    keys = [str(c) for c in values.columns]
    w = check_weights(weights, keys).to_numpy()
    base = score_districts(values, weights, method=method, missing=missing)
    norm = normalise(values, method=method)
    filled = norm.fillna(0.0).to_numpy()
    rng = np.random.default_rng(seed)
    factors = rng.uniform(1.0 - spread, 1.0 + spread, size=(draws, len(keys)))
    wd = factors * w  # draws × indicators
    scores = filled @ wd.T  # districts × draws
    if missing == "renormalise":
        have = norm.notna().to_numpy().astype(float) @ wd.T
        with np.errstate(divide="ignore", invalid="ignore"):
            scale = np.where(have > 0, wd.sum(axis=1) / have, 0.0)
        scores = scores * scale
    names = np.asarray(values.index.astype(str))
    counts = np.zeros(len(names), dtype=int)
    rounded = np.round(scores, ROUND)
    # Rank within each draw: score descending, equal scores in a random order drawn anew.
    tie_keys = rng.random(size=rounded.shape)
    for j in range(draws):
        order = np.lexsort((tie_keys[:, j], -rounded[:, j]))
        counts[order[:n]] += 1
    share = pd.Series(counts / draws, index=names)
    table = base.table[["district", "rank"]].rename(columns={"rank": "base_rank"})
    table["in_base_top"] = table["base_rank"] <= n
    groups = tie_groups(base.table["score"].to_numpy())
    table["tie_group"] = groups
    sizes = pd.Series(groups).map(pd.Series(groups).value_counts()).to_numpy()
    table["tie_size"] = np.where(groups > 0, sizes, 1)
    table["tie_at_cut"] = tie_at_cut(groups, n)
    table["share_in_top"] = table["district"].map(share).to_numpy()
    return table.reset_index(drop=True)


def tie_groups(scores: np.ndarray) -> np.ndarray:
    """Tie-group number of each score in rank order: 1, 2, … per shared score, 0 if unshared.

    ``scores`` must be in rank order (descending); scores equal after rounding to ``ROUND``
    decimals share a group.
    """
    rounded = np.round(np.asarray(scores, dtype=float), ROUND)
    values, counts = np.unique(rounded, return_counts=True)
    shared = {v for v, c in zip(values, counts, strict=True) if c > 1}
    numbers: dict[float, int] = {}
    out = np.zeros(len(rounded), dtype=int)
    for i, value in enumerate(rounded):
        if value in shared:
            out[i] = numbers.setdefault(float(value), len(numbers) + 1)
    return out


def tie_at_cut(groups: np.ndarray, n: int) -> np.ndarray:
    """True for members of a tie group that has districts both inside and outside the top ``n``."""
    groups = np.asarray(groups)
    inside = set(groups[:n].tolist()) - {0}
    outside = set(groups[n:].tolist()) - {0}
    straddling = inside & outside
    return np.isin(groups, list(straddling)) if straddling else np.zeros(len(groups), dtype=bool)
