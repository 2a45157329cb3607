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
    ren = top_n_stability(values, {"a": 1, "b": 1}, n=1, missing="renormalise", draws=400)
    # A and C both score total weight in every draw: the tie is broken at random, not A–Z.
    table = ren.set_index("district")
    assert 0.35 < table.loc["A", "share_in_top"] < 0.65
    assert table.loc["A", "share_in_top"] + table.loc["C", "share_in_top"] == pytest.approx(1.0)
    assert table.loc["A", "tie_at_cut"] and table.loc["C", "tie_at_cut"]


def test_a_tie_across_the_cut_off_is_shown_as_uncertain():
    # Five districts with identical values tie in every draw; three places are left for them.
    values = pd.DataFrame(
        {"a": [9.0, 5.0, 5.0, 5.0, 5.0, 5.0, 0.0], "b": [9.0, 5.0, 5.0, 5.0, 5.0, 5.0, 0.0]},
        index=pd.Index(["Top", "V", "W", "X", "Y", "Z", "Last"]),
    )
    table = top_n_stability(values, {"a": 1, "b": 1}, n=4, draws=2000, seed=1)
    table = table.set_index("district")
    tied = table.loc[["V", "W", "X", "Y", "Z"], "share_in_top"]
    # Each of the five is in 3 of 5 draws on average, never all or none (A–Z would give
    # V, W, X always and Y, Z never).
    assert ((tied > 0.5) & (tied < 0.7)).all(), tied.to_dict()
    assert tied.sum() == pytest.approx(3.0)
    assert table.loc["Top", "share_in_top"] == 1.0 and table.loc["Last", "share_in_top"] == 0.0


def test_tie_groups_are_numbered_in_rank_order_and_flag_the_cut_off():
    values = pd.DataFrame(
        {"a": [4.0, 3.0, 3.0, 2.0, 1.0, 1.0]}, index=pd.Index(["P", "Q", "R", "S", "T", "U"])
    )
    table = top_n_stability(values, {"a": 1}, n=2, draws=50).set_index("district")
    # Q and R share 3.0 (group 1) across the cut-off at 2; T and U share 1.0 (group 2), both out.
    assert table["tie_group"].to_dict() == {"P": 0, "Q": 1, "R": 1, "S": 0, "T": 2, "U": 2}
    assert table["tie_size"].to_dict() == {"P": 1, "Q": 2, "R": 2, "S": 1, "T": 2, "U": 2}
    assert table["tie_at_cut"].to_dict() == {
        "P": False, "Q": True, "R": True, "S": False, "T": False, "U": False,
    }  # fmt: skip
    # Boundary: when the cut-off falls just after the group, the tie decides nothing.
    whole = top_n_stability(values, {"a": 1}, n=3, draws=50).set_index("district")
    assert not whole["tie_at_cut"].any()
    assert whole.loc[["Q", "R"], "share_in_top"].tolist() == [1.0, 1.0]


def test_bad_settings_are_refused():
    values = pd.DataFrame({"a": [1.0, 2.0]}, index=pd.Index(list("XY")))
    with pytest.raises(ValueError, match="n must"):
        top_n_stability(values, {"a": 1}, n=3)
    with pytest.raises(ValueError, match="spread"):
        top_n_stability(values, {"a": 1}, n=1, spread=1.5)
