"""Weighted district scores for awareness targeting, broken down by indicator.

Indicators have different units (named/not named, persons, persons per period, whatever a user
file holds), so they are never added as they are. Each indicator is first normalised over the
districts that have a value for it, then multiplied by its weight; a district's score is the sum
of these contributions. The contributions are kept so every score can be explained.

Normalisations (computed over non-missing values only)
-------------------------------------------------------
``rank``
    ``(r - 1) / (n - 1)`` where ``r`` is the ascending rank. Tied values share the lowest rank of
    their group (so the smallest value maps to 0 and equal values get equal scores).
``minmax``
    ``(x - min) / (max - min)``.
``zscore``
    ``(x - mean) / std`` with the population standard deviation; values can be negative.

Raw values are first rounded to 12 significant digits, so values that differ only by
floating-point noise (0.1 + 0.2 and 0.3) count as equal. An indicator with fewer than two distinct
values carries no information for ranking and normalises to 0 for every district that has it.

Missing values
--------------
``zero`` (default)
    A missing value contributes 0 (for ``zscore``, 0 is the average). The district is flagged
    with the indicators it lacks.
``renormalise``
    The district's score is the weighted sum over the indicators it has, scaled by
    (total weight / weight of the indicators it has), i.e. its missing indicators are assumed to
    be as good as its average over the others. Flagged the same way.

Ties in the ranking
-------------------
Scores are compared after rounding to 9 decimals (to ignore floating-point noise). Equal scores
are ordered by district name (A–Z) so the order, and a top N, is always the same; each district
with an equal score to another is flagged ``tied``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd

NORMALISATIONS = ("rank", "minmax", "zscore")
MISSING_RULES = ("zero", "renormalise")
ROUND = 9


def normalise(values: pd.DataFrame, *, method: str = "minmax") -> pd.DataFrame:
    """Normalise each column of ``values``; NaN stays NaN. See the module docstring."""
    if method not in NORMALISATIONS:
        raise ValueError(f"normalisation must be one of {NORMALISATIONS}, got {method!r}")
    out = pd.DataFrame(index=values.index)
    for column in values.columns:
        col = pd.to_numeric(values[column], errors="raise").astype(float)
        col = col.map(lambda v: v if pd.isna(v) else float(f"{v:.12g}"))
        present = col.dropna()
        if present.nunique() < 2:
            out[column] = col.where(col.isna(), 0.0)
            continue
        if method == "rank":
            ranks = present.rank(method="min")
            norm = (ranks - 1.0) / (len(present) - 1.0)
        elif method == "minmax":
            norm = (present - present.min()) / (present.max() - present.min())
        else:
            norm = (present - present.mean()) / present.std(ddof=0)
        out[column] = norm.reindex(col.index)
    return out


def check_weights(weights: Mapping[str, float], indicators: list[str]) -> pd.Series:
    """Return the weights as a Series in indicator order, or raise ``ValueError``.

    Every indicator needs a weight; weights must be finite and non-negative, and at least one
    must be positive.
    """
    unknown = sorted(set(weights) - set(indicators))
    if unknown:
        raise ValueError(f"weights given for unknown indicator(s): {', '.join(unknown)}")
    absent = [k for k in indicators if k not in weights]
    if absent:
        raise ValueError(f"no weight given for indicator(s): {', '.join(absent)}")
    series = pd.Series({k: float(weights[k]) for k in indicators}, dtype=float)
    if not np.isfinite(series).all() or (series < 0).any():
        raise ValueError("weights must be finite and non-negative")
    if indicators and not (series > 0).any():
        raise ValueError("at least one weight must be positive")
    return series


@dataclass(frozen=True)
class ScoreResult:
    """Scores, ranks and per-indicator contributions.

    Attributes
    ----------
    table
        One row per district in rank order: ``district, rank, score, tied, missing``
        (``missing`` is a "; "-joined list of indicator keys the district has no value for).
    contributions
        District × indicator points (weight × normalised value, after the missing rule) whose
        row sums are the scores; same row order as ``table``.
    normalised
        The normalised indicator values (NaN where missing).
    weights, method, missing_rule
        The settings used.
    """

    table: pd.DataFrame
    contributions: pd.DataFrame
    normalised: pd.DataFrame
    weights: pd.Series
    method: str
    missing_rule: str

    def top(self, n: int) -> list[str]:
        """The first ``n`` districts in rank order."""
        if n < 1:
            raise ValueError("n must be at least 1")
        return self.table["district"].head(n).tolist()


def rank_order(scores: np.ndarray, names: np.ndarray) -> np.ndarray:
    """Indices that sort ``scores`` descending, ties broken by name ascending."""
    rounded = np.round(scores, ROUND)
    return np.lexsort((names, -rounded))


def score_districts(
    values: pd.DataFrame,
    weights: Mapping[str, float],
    *,
    method: str = "minmax",
    missing: str = "zero",
) -> ScoreResult:
    """Score and rank districts.

    Parameters
    ----------
    values
        District × indicator values (index = district names), NaN where missing.
    weights
        One non-negative weight per indicator column.
    method
        ``rank``, ``minmax`` or ``zscore``.
    missing
        ``zero`` or ``renormalise``.
    """
    if missing not in MISSING_RULES:
        raise ValueError(f"missing rule must be one of {MISSING_RULES}, got {missing!r}")
    if values.index.has_duplicates:
        dup = values.index[values.index.duplicated()].unique().tolist()
        raise ValueError(f"district(s) listed twice: {dup}")
    if len(values) == 0:
        raise ValueError("no districts to score")
    keys = [str(c) for c in values.columns]
    w = check_weights(weights, keys)
    norm = normalise(values, method=method)
    available = norm.notna()
    contrib = norm.fillna(0.0) * w
    if missing == "renormalise" and len(keys):
        have = available.astype(float) @ w
        factor = (w.sum() / have.where(have > 0)).fillna(0.0)
        contrib = contrib.mul(factor, axis=0)
    scores = contrib.sum(axis=1)
    names = np.asarray(values.index.astype(str))
    order = rank_order(scores.to_numpy(), names)
    rounded = scores.round(ROUND)
    tied = rounded.duplicated(keep=False)
    missing_lists = ["; ".join(k for k in keys if not available.at[d, k]) for d in values.index]
    table = pd.DataFrame(
        {
            "district": names,
            "score": scores.to_numpy(),
            "tied": tied.to_numpy(),
            "missing": missing_lists,
        }
    ).iloc[order]
    table.insert(1, "rank", np.arange(1, len(table) + 1))
    return ScoreResult(
        table=table.reset_index(drop=True),
        contributions=contrib.iloc[order],
        normalised=norm,
        weights=w,
        method=method,
        missing_rule=missing,
    )


def tie_at_cut_off(scores: pd.Series, n: int) -> bool:
    """Whether the ``n``-th and the next score in rank order are equal (after rounding).

    ``scores`` are in rank order, best first. When they tie, the last places of a top ``n``
    are decided by the A–Z tie-break, not by a difference, and the page must say so. A list of
    ``n`` or fewer scores has no cut-off to tie at.
    """
    if n < 1:
        raise ValueError("n must be at least 1")
    if len(scores) <= n:
        return False
    rounded = scores.round(ROUND)
    return bool(rounded.iloc[n - 1] == rounded.iloc[n])
