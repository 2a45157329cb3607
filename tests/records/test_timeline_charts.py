"""The records charts as plotly receives them: suppressed cells labelled, never drawn as bars."""

from __future__ import annotations

import pandas as pd

from charts.records import breakdown_chart, cell_labels, change_chart, trend_chart


def summary(values: list[int | None], shown: list[str]) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "crime_type": ["TIP", "SOM", "undetermined"][: len(values)],
            "persons": pd.array(values, "Int64"),
            "persons_shown": shown,
            "suppressed": [v is None for v in values],
        }
    )


def traces(fig) -> dict:
    return {t.name: t for t in fig.data}


def test_cell_labels_name_each_kind_of_suppression():
    frame = summary([40, None, None], ["40", "<5", "hidden"])
    numbers, labels = cell_labels(frame)
    assert numbers.iloc[0] == 40 and numbers.iloc[1:].isna().all()
    assert list(labels) == [
        "40", "<5 (suppressed)", "hidden, so that a small count cannot be worked out",
    ]  # fmt: skip


def test_breakdown_labels_suppressed_groups_on_the_axis():
    fig = breakdown_chart(summary([40, None, None], ["40", "<5", "hidden"]), "crime_type")
    data = traces(fig)
    bars = data["persons"]
    assert len(bars["x"]) == 3 and "TIP" in bars["x"][0] and "SOM" in bars["x"][1]
    assert bars["y"][0] == 40 and all(pd.isna(v) for v in list(bars["y"])[1:])
    marks = data["suppressed (small count)"]
    assert list(marks["y"]) == [0, 0]
    assert list(marks["text"]) == [
        "<5 (suppressed)", "hidden, so that a small count cannot be worked out",
    ]  # fmt: skip
    assert fig.layout.showlegend is True


def test_breakdown_without_suppression_has_no_marks():
    fig = breakdown_chart(summary([40, 9], ["40", "9"]), "crime_type")
    assert list(traces(fig)) == ["persons"]
    assert list(traces(fig)["persons"]["text"]) == ["40", "9"]


def test_trend_shows_empty_months_at_zero_and_suppressed_months_labelled():
    series = pd.DataFrame(
        {
            "month": ["2023-01", "2023-02", "2023-03"],
            "persons": pd.array([17, 0, None], "Int64"),
            "persons_shown": ["17", "no records", "<5"],
            "suppressed": [False, False, True],
        }
    )
    fig = trend_chart(series, compare=("2023-01..2023-01", "2023-03..2023-03"))
    line = traces(fig)["persons"]
    assert list(line["y"])[:2] == [17, 0] and pd.isna(list(line["y"])[2])
    assert list(line["text"])[1] == "no records"
    assert list(traces(fig)["suppressed (small count)"]["x"]) == ["2023-03"]
    assert [(s.x0, s.x1) for s in fig.layout.shapes] == [
        ("2023-01", "2023-01"),
        ("2023-03", "2023-03"),
    ]


def test_change_chart_colours_and_labels_hidden_changes():
    table = pd.DataFrame(
        {
            "place_name": ["Quetta", "Taftan", "Chaman"],
            "change": pd.array([13, -7, None], "Int64"),
            "change_shown": ["+13", "-7", "suppressed"],
            "suppressed": [False, False, True],
        }
    )
    data = traces(change_chart(table, before="2023-01", after="2023-03"))
    assert list(data["change"]["marker"]["color"])[:2] == ["#b35806", "#542788"]
    assert list(data["change"]["text"])[:2] == ["+13", "-7"]
    assert list(data["suppressed (small count)"]["x"]) == ["Chaman"]
    assert list(data["suppressed (small count)"]["text"]) == ["suppressed (suppressed)"]
