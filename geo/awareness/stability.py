"""How stable the top N districts are when the weights are not quite what the user set.

Weights are judgements, not measurements. To show how much a shortlist depends on them, each
weight is multiplied by its own random factor drawn uniformly from [1 - spread, 1 + spread]
(default ±25%), the districts are re-scored, and the top N is taken again with the same
deterministic tie rule as the main ranking. After many draws (seeded, so the result repeats),
each district's share of draws in the top N is reported. A district far ahead stays in every
draw (share 1.0); one near the cut-off moves in and out.

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
        ``district, base_rank, in_base_top, share_in_top`` for every district, in base rank order.
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
    # Rank within each draw: score descending, then name ascending (same rule as the ranking).
    name_rank = np.argsort(np.argsort(names, kind="stable"), kind="stable")
    counts = np.zeros(len(names), dtype=int)
    rounded = np.round(scores, ROUND)
    for j in range(draws):
        order = np.lexsort((name_rank, -rounded[:, j]))
        counts[order[:n]] += 1
    share = pd.Series(counts / draws, index=names)
    table = base.table[["district", "rank"]].rename(columns={"rank": "base_rank"})
    table["in_base_top"] = table["base_rank"] <= n
    table["share_in_top"] = table["district"].map(share).to_numpy()
    return table.reset_index(drop=True)
