"""Scoring maths: weights, each normalisation, ties and missing indicators."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from geo.awareness.scoring import normalise, score_districts, tie_at_cut_off


def frame(**columns: list[float]) -> pd.DataFrame:
    index = pd.Index(["A", "B", "C", "D"][: len(next(iter(columns.values())))], name="district")
    return pd.DataFrame(columns, index=index, dtype=float)


def test_minmax_maps_to_unit_interval():
    out = normalise(frame(x=[10, 20, 30, 40]), method="minmax")
    assert out["x"].tolist() == pytest.approx([0.0, 1 / 3, 2 / 3, 1.0])


def test_rank_ties_share_lowest_rank():
    out = normalise(frame(x=[5, 1, 5, 9]), method="rank")
    # ascending ranks with 'min' ties: 1 -> 1, 5 -> 2 (both), 9 -> 4; scaled by (r-1)/(n-1)
    assert out["x"].tolist() == pytest.approx([1 / 3, 0.0, 1 / 3, 1.0])


def test_zscore_uses_population_std():
    values = [2.0, 4.0, 4.0, 6.0]
    out = normalise(frame(x=values), method="zscore")
    mean, std = np.mean(values), np.std(values)
    assert out["x"].tolist() == pytest.approx([(v - mean) / std for v in values])
    assert out["x"].sum() == pytest.approx(0.0)


def test_constant_indicator_carries_no_information():
    for method in ("rank", "minmax", "zscore"):
        out = normalise(frame(x=[3, 3, 3, 3]), method=method)
        assert out["x"].tolist() == [0.0, 0.0, 0.0, 0.0]


def test_normalisation_ignores_missing_values():
    out = normalise(frame(x=[0, np.nan, 10, 5]), method="minmax")
    assert math.isnan(out.loc["B", "x"])
    assert out.loc["C", "x"] == 1.0 and out.loc["D", "x"] == 0.5


def test_unknown_normalisation_is_refused():
    with pytest.raises(ValueError, match="normalisation"):
        normalise(frame(x=[1, 2]), method="log")


def test_weights_change_the_winner():
    values = frame(a=[1, 0, 0.5], b=[0, 1, 0.5])
    first = score_districts(values, {"a": 2, "b": 1}).table
    second = score_districts(values, {"a": 1, "b": 2}).table
    assert first["district"].iloc[0] == "A"
    assert second["district"].iloc[0] == "B"


def test_score_is_sum_of_breakdown():
    values = frame(a=[1, 4, 2, 3], b=[10, 0, 5, 5])
    result = score_districts(values, {"a": 0.7, "b": 1.3}, method="minmax")
    sums = result.contributions.sum(axis=1)
    assert sums.tolist() == pytest.approx(result.table["score"].tolist())
    # B: a=1.0 normalised, b=0 -> 0.7
    assert result.table.set_index("district").loc["B", "score"] == pytest.approx(0.7)


def test_ties_broken_alphabetically_and_flagged():
    values = pd.DataFrame({"a": [1.0, 1.0, 0.0]}, index=pd.Index(["Zhob", "Attock", "Kech"]))
    result = score_districts(values, {"a": 1})
    assert result.table["district"].tolist() == ["Attock", "Zhob", "Kech"]
    assert result.table["rank"].tolist() == [1, 2, 3]
    assert result.table["tied"].tolist() == [True, True, False]
    assert result.top(1) == ["Attock"]


def test_floating_noise_does_not_break_a_tie():
    values = pd.DataFrame({"a": [0.1 + 0.2, 0.3], "b": [0.0, 0.0]}, index=pd.Index(["Y", "X"]))
    result = score_districts(values, {"a": 1, "b": 1}, method="minmax")
    # 0.1 + 0.2 != 0.3 in floating point; the two must still count as equal
    assert result.table["tied"].all()
    assert result.table["district"].tolist() == ["X", "Y"]


def test_missing_counts_zero_and_is_flagged():
    values = frame(a=[1, 0, np.nan], b=[0, 1, 1])
    result = score_districts(values, {"a": 1, "b": 1}, missing="zero")
    table = result.table.set_index("district")
    assert table.loc["C", "missing"] == "a"
    assert table.loc["A", "missing"] == ""
    assert table.loc["C", "score"] == pytest.approx(1.0)
    assert result.contributions.loc["C", "a"] == 0.0


def test_missing_renormalise_scales_by_available_weight():
    values = frame(a=[1, 0, np.nan], b=[0, 1, 1])
    result = score_districts(values, {"a": 1, "b": 3}, missing="renormalise")
    table = result.table.set_index("district")
    # C has only b (normalised 1, weight 3); scaled by total weight 4 / available 3
    assert table.loc["C", "score"] == pytest.approx(4.0)
    assert table.loc["A", "score"] == pytest.approx(1.0)
    assert table.loc["C", "missing"] == "a"


def test_bad_weights_are_refused():
    values = frame(a=[1, 2], b=[2, 1])
    with pytest.raises(ValueError, match="no weight"):
        score_districts(values, {"a": 1})
    with pytest.raises(ValueError, match="unknown indicator"):
        score_districts(values, {"a": 1, "b": 1, "c": 1})
    with pytest.raises(ValueError, match="non-negative"):
        score_districts(values, {"a": -1, "b": 1})
    with pytest.raises(ValueError, match="positive"):
        score_districts(values, {"a": 0, "b": 0})


def test_duplicate_districts_are_refused():
    values = pd.DataFrame({"a": [1.0, 2.0]}, index=pd.Index(["A", "A"]))
    with pytest.raises(ValueError, match="twice"):
        score_districts(values, {"a": 1})


def test_a_tie_at_the_cut_off_is_found_only_there():
    scores = pd.Series([3.0, 2.0, 2.0, 1.0])
    assert tie_at_cut_off(scores, 2)  # places 2 and 3 tie across the cut-off
    assert not tie_at_cut_off(scores, 1)  # 3.0 against 2.0
    assert not tie_at_cut_off(scores, 3)  # 2.0 against 1.0: the tie is inside the top 3
    assert not tie_at_cut_off(scores, 4)  # no district below the cut-off


def test_a_cut_off_tie_ignores_floating_noise():
    assert tie_at_cut_off(pd.Series([0.3, 0.1 + 0.2]), 1)
    assert not tie_at_cut_off(pd.Series([0.3, 0.3 - 1e-6]), 1)


def test_a_cut_off_below_one_is_refused():
    with pytest.raises(ValueError, match="at least 1"):
        tie_at_cut_off(pd.Series([1.0]), 0)
