"""The one disclosure rule: no subtraction of two public views recovers a small count.

The store is crafted as the attack in the issue was: one record of 2 women among about 200
men, spread over crime types, agencies, age groups, event types and months. Every pair of
public views that differ in one filter value, and every public breakdown against its total, is
subtracted; the oracle is the exact count of the records in the difference, read from the rows
written here (not from the code under test).
"""

from __future__ import annotations

import itertools

import pandas as pd
import pytest

from geo import disclosure
from geo.records import service
from geo.records.access import PUBLIC
from geo.records.aggregate import RecordFilter
from geo.records.importer import import_file
from geo.records.store import RecordStore
from tests.records.helpers import csv_bytes, row

CRIMES = ("TIP", "SOM", "undetermined")
AGENCIES = ("FIA", "Frontier Corps", "Coast Guards")
AGES = ("18_29", "30_49", "50_plus")
EVENTS = ("deported", "offloaded", "intercepted_checkpoint")
MONTHS = ("2023-03", "2023-04")
THRESHOLD = 5

FILTERS = {
    "sexes": ("sex", ("female", "male", "unknown")),
    "crime_types": ("crime_type", CRIMES),
    "agencies": ("agency", AGENCIES),
    "age_groups": ("age_group", AGES),
    "event_types": ("event_type", EVENTS),
}


def _rows() -> list[dict[str, str]]:
    rows = [
        row(date="2023-04-02", count="2", sex="female", crime_type="TIP", agency="FIA",
            age_group="18_29", event_type="deported", note="the small cell")
    ]  # fmt: skip
    combos = itertools.product(CRIMES, AGENCIES, AGES, EVENTS, MONTHS)
    for i, (crime, agency, age, event, month) in enumerate(combos):
        if i % 3:  # about a third of the combinations, so cells differ in size
            continue
        rows.append(
            row(date=f"{month}-{10 + i % 15:02d}", count=str(1 + i % 9),
                sex="male" if i % 4 else "unknown", crime_type=crime, agency=agency,
                age_group=age, event_type=event, note=f"man {i}")
        )  # fmt: skip
    return rows


@pytest.fixture(scope="module")
def crafted(tmp_path_factory) -> tuple[RecordStore, pd.DataFrame]:
    store = RecordStore(tmp_path_factory.mktemp("disclosure") / "records.sqlite")
    rows = _rows()
    report = import_file(store, csv_bytes(rows), file_name="crafted.csv", user="t")
    assert report.status == "committed"
    truth = pd.DataFrame(rows)
    truth["count"] = truth["count"].astype(int)
    truth["month"] = truth["date"].str[:7]
    return store, truth


def _public_total(store: RecordStore, filt: RecordFilter) -> int | None:
    text = service.period_total(store, PUBLIC, filt, threshold=THRESHOLD)
    return None if text.startswith("<") else int(text.replace(",", ""))


def _exact(truth: pd.DataFrame, selection: dict[str, tuple[str, ...]]) -> int:
    keep = pd.Series(True, index=truth.index)
    for attr, values in selection.items():
        if attr == "months":
            keep &= truth["month"].isin(values)
        else:
            keep &= truth[FILTERS[attr][0]].isin(values)
    return int(truth.loc[keep, "count"].sum())


def _views() -> list[dict[str, tuple[str, ...]]]:
    """Every filter on one dimension (each subset of its values), and none."""
    views: list[dict[str, tuple[str, ...]]] = [{}]
    for attr, (_, values) in {**FILTERS, "months": ("month", MONTHS)}.items():
        for size in range(1, len(values) + 1):
            views.extend({attr: subset} for subset in itertools.combinations(values, size))
    return views


def test_the_crafted_store_holds_the_small_cell(crafted):
    store, truth = crafted
    assert _exact(truth, {"sexes": ("female",)}) == 2
    assert 150 <= truth["count"].sum() <= 260


def _filter(view: dict[str, tuple[str, ...]]) -> RecordFilter:
    months = view.get("months")
    others = {k: v for k, v in view.items() if k != "months"}
    if months:  # subsets of consecutive months are periods
        return RecordFilter(start_month=min(months), end_month=max(months), **others)
    return RecordFilter(**others)


def test_no_pair_of_views_differing_in_one_value_recovers_a_small_count(crafted):
    store, truth = crafted
    pairs = recoverable = 0
    for attr, (_, values) in {**FILTERS, "months": ("month", MONTHS)}.items():
        for size in range(1, len(values)):
            for subset in itertools.combinations(values, size):
                for extra in (v for v in values if v not in subset):
                    small: dict[str, tuple[str, ...]] = {attr: subset}
                    both = tuple(v for v in values if v in (*subset, extra))
                    large = {} if len(both) == len(values) else {attr: both}
                    hidden = _exact(truth, large) - _exact(truth, small)
                    a = _public_total(store, _filter(large))
                    b = _public_total(store, _filter(small))
                    pairs += 1
                    if a is None or b is None or not 0 < hidden < THRESHOLD:
                        continue
                    recoverable += 1
                    assert a - b != hidden, (attr, subset, extra)
    assert pairs >= 40 and recoverable >= 1  # the attack of the issue is among them


def test_no_breakdown_against_its_total_recovers_a_small_count(crafted):
    store, truth = crafted
    checked = 0
    for view in _views():
        filt = _filter(view)
        total = _public_total(store, filt)
        for by in ("sex", "crime_type", "agency", "age_group", "event_type", "month"):
            frame = service.summary(store, PUBLIC, by, filt, threshold=THRESHOLD)
            if total is None or frame.empty or not frame["suppressed"].any():
                continue
            shown = int(frame.loc[~frame["suppressed"], "persons"].sum())
            groups = frame.loc[frame["suppressed"], by].tolist()
            column = "month" if by == "month" else by
            selected = truth
            for attr, values in view.items():
                key = "month" if attr == "months" else FILTERS[attr][0]
                selected = selected[selected[key].isin(values)]
            hidden = int(selected.loc[selected[column].isin(groups), "count"].sum())
            assert total - shown != hidden, (view, by)
            for group in groups:  # nor any single suppressed cell
                one = int(selected.loc[selected[column] == group, "count"].sum())
                assert total - shown != one or one >= THRESHOLD, (view, by, group)
            checked += 1
    assert checked > 10


def test_every_public_figure_is_a_multiple_of_the_threshold(crafted):
    store, _ = crafted
    for view in _views():
        filt = _filter(view)
        total = _public_total(store, filt)
        assert total is None or total % THRESHOLD == 0
        frame = service.summary(store, PUBLIC, "agency", filt, threshold=THRESHOLD)
        assert (frame["persons"].dropna().astype(int) % THRESHOLD == 0).all()


def test_the_same_cell_always_shows_the_same_value(crafted):
    store, _ = crafted
    first = service.summary(store, PUBLIC, "crime_type", threshold=THRESHOLD)
    again = service.summary(store, PUBLIC, "crime_type", threshold=THRESHOLD)
    pd.testing.assert_frame_equal(first, again)


@pytest.mark.parametrize(
    ("count", "threshold", "published"),
    [
        (4, 5, None), (5, 5, 5), (6, 5, 5), (7, 5, 5), (8, 5, 10), (12, 5, 10), (13, 5, 15),
        (1, 1, 1), (0, 1, None), (9, 10, None), (10, 10, 10), (14, 10, 10), (15, 10, 20),
        (1, 2, None), (2, 2, 2), (3, 2, 4), (202, 5, 200), (200, 5, 200), (203, 5, 205),
    ],
)  # fmt: skip
def test_rule_at_its_boundaries(count, threshold, published):
    rule = disclosure.DisclosureRule(threshold)
    assert rule.publish(count) == published
    assert rule.is_small(count) is (published is None)
    if published is not None:
        assert abs(published - count) <= threshold // 2
        assert rule.shown(count) == f"{published:,}"
    else:
        assert rule.shown(count) == f"<{threshold}"


@pytest.mark.parametrize("bad", [0, -1, 2.5, "5", True, None])
def test_a_threshold_below_one_or_not_whole_is_refused(bad):
    with pytest.raises(ValueError, match="threshold"):
        disclosure.DisclosureRule(bad)


@pytest.mark.parametrize(("setting", "ok"), [("1", 1), ("5", 5), ("0", None), ("-3", None),
                                             ("x", None), (" 7 ", 7)])  # fmt: skip
def test_the_one_setting(monkeypatch, setting, ok):
    monkeypatch.setenv(disclosure.ENV_VAR, setting)
    if ok is None:
        with pytest.raises(ValueError, match=disclosure.ENV_VAR):
            disclosure.threshold_from_env()
    else:
        assert disclosure.threshold_from_env() == ok
        assert disclosure.rule().threshold == ok


def test_default_threshold_and_statement(monkeypatch):
    monkeypatch.delenv(disclosure.ENV_VAR, raising=False)
    assert disclosure.rule().threshold == 5
    text = disclosure.statement()
    assert "multiple of 5" in text and "±2" in text and "'<5'" in text
    assert "exact" in disclosure.statement(disclosure.DisclosureRule(1))
    assert "±5" in disclosure.statement(disclosure.DisclosureRule(10))


def test_protect_labels_each_cell_and_drops_the_true_values():
    frame = pd.DataFrame({"g": ["a", "b", "c"], "persons": [2, 7, 5], "records": [1, 2, 1]})
    out = disclosure.protect(frame, disclosure.DisclosureRule(5))
    assert out["disclosure"].tolist() == ["suppressed", "rounded", "rounded"]
    assert out["suppressed"].tolist() == [True, False, False]
    assert out["persons_shown"].tolist() == ["<5", "5", "5"]
    assert out["persons"].isna().tolist() == [True, False, False]
    assert "records" not in out.columns
    assert 7 not in out["persons"].dropna().tolist() and 2 not in out["persons"].dropna().tolist()
    assert frame["persons"].tolist() == [2, 7, 5]  # the input is not changed
    exact = disclosure.exact(frame)
    assert exact["disclosure"].tolist() == ["exact"] * 3
    assert exact["persons"].tolist() == [2, 7, 5] and not exact["suppressed"].any()
    with pytest.raises(KeyError):
        disclosure.protect(frame, disclosure.DisclosureRule(5), column="nope")
