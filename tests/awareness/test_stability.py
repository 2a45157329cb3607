"""Stability of the top N under random weight changes."""

from __future__ import annotations

import pandas as pd
import pytest

from geo.awareness.stability import top_n_stability


def test_far_ahead_stays_and_borderline_moves():
    # Leader is far ahead on both; P and Q split the second place on different indicators,
    # so a ±25% weight change decides between them.
    values = pd.DataFrame(
        {"a": [10.0, 6.0, 4.0, 0.0, 1.0], "b": [10.0, 4.0, 6.0, 0.0, 1.0]},
        index=pd.Index(["Leader", "P", "Q", "Last", "Low"]),
    )
    table = top_n_stability(values, {"a": 1, "b": 1}, n=2, draws=400, seed=3).set_index("district")
    assert table.loc["Leader", "share_in_top"] == 1.0
    assert 0.2 < table.loc["P", "share_in_top"] < 0.8
    assert 0.2 < table.loc["Q", "share_in_top"] < 0.8
    assert table.loc["P", "share_in_top"] + table.loc["Q", "share_in_top"] == pytest.approx(1.0)
    assert table.loc["Last", "share_in_top"] == 0.0
    # Each draw picks exactly n districts
    assert table["share_in_top"].sum() == pytest.approx(2.0)


def test_seed_makes_result_repeatable():
    values = pd.DataFrame(
        {"a": [3.0, 2.0, 1.0, 2.5], "b": [1.0, 2.5, 3.0, 2.0]}, index=pd.Index(list("WXYZ"))
    )
    first = top_n_stability(values, {"a": 1, "b": 1}, n=2, draws=200, seed=7)
    again = top_n_stability(values, {"a": 1, "b": 1}, n=2, draws=200, seed=7)
    pd.testing.assert_frame_equal(first, again)


def test_zero_spread_reproduces_base_top():
    values = pd.DataFrame({"a": [3.0, 2.0, 1.0], "b": [0.0, 5.0, 1.0]}, index=pd.Index(list("XYZ")))
    table = top_n_stability(values, {"a": 1, "b": 0.2}, n=1, draws=20, spread=0.0)
    assert table.loc[table["in_base_top"], "share_in_top"].tolist() == [1.0]
    assert table.loc[~table["in_base_top"], "share_in_top"].tolist() == [0.0, 0.0]


def test_missing_rule_is_applied_in_draws():
    # With renormalise, C (only b, at the top) ties A; with zero, C drops.
    values = pd.DataFrame(
        {"a": [1.0, 0.0, float("nan")], "b": [1.0, 0.0, 1.0]}, index=pd.Index(list("ABC"))
    )
    zero = top_n_stability(values, {"a": 1, "b": 1}, n=1, missing="zero", draws=50)
    assert zero.set_index("district").loc["A", "share_in_top"] == 1.0
    ren = top_n_stability(values, {"a": 1, "b": 1}, n=1, missing="renormalise", draws=50)
    # A and C both score total weight; alphabetical tie-break keeps A
    assert ren.set_index("district").loc["A", "share_in_top"] == 1.0


def test_bad_settings_are_refused():
    values = pd.DataFrame({"a": [1.0, 2.0]}, index=pd.Index(list("XY")))
    with pytest.raises(ValueError, match="n must"):
        top_n_stability(values, {"a": 1}, n=3)
    with pytest.raises(ValueError, match="spread"):
        top_n_stability(values, {"a": 1}, n=1, spread=1.5)
