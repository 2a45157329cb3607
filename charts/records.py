"""Plotly figures of the Interceptions page: the report's loads, and the agencies' records.

Counts the records service hides from the public are *labelled* on every chart as they are in
tables ("<5", "hidden"), never drawn as a bar of some height and never silently dropped: a
suppressed cell gets a marker on the axis with its label. How a cell's suppression is read from
the service's frames is isolated in :func:`cell_labels`, the one place to adapt when the
service describes suppression in fields of its own.
"""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd
import plotly.graph_objects as go

from geo.exports import escape_html
from geo.officer_load import UNIT
from geo.records.schema import AgeGroup, CrimeType, EventType, Sex
from layers.style import DECREASE_COLOUR, INCREASE_COLOUR

RECORDS_COLOUR = "#b2182b"
SUPPRESSED_COLOUR = "#777777"
REPORT_COLOUR = "#2166ac"

CATEGORY_LABELS: dict[str, dict[str, str]] = {
    "event_type": {m.value: m.label for m in EventType},
    "crime_type": {m.value: m.label for m in CrimeType},
    "sex": {m.value: m.label for m in Sex},
    "age_group": {m.value: m.label for m in AgeGroup},
}
"""Readable names of the coded categories, per grouping."""

SUPPRESSED_NOTE = {"hidden": "hidden, so that a small count cannot be worked out"}


def cell_labels(
    frame: pd.DataFrame, *, value: str = "persons", shown: str = "persons_shown"
) -> tuple[pd.Series, pd.Series]:
    """Each cell's number to draw (missing when suppressed) and the label to print on it.

    Today the records service marks a suppressed cell by a missing ``value`` and a text in
    ``shown`` ("<5", or "hidden" for a complementary suppression), with a boolean
    ``suppressed`` column. A suppressed cell is labelled "<5 (suppressed)" or "hidden, so that a
    small count cannot be worked out"; any other cell by its shown text.
    """
    numbers = pd.to_numeric(frame[value], errors="coerce").astype("float64")
    hidden = frame["suppressed"].astype(bool) if "suppressed" in frame else numbers.isna()
    texts = frame[shown].astype(str)
    labels = texts.where(~hidden, texts.map(lambda t: SUPPRESSED_NOTE.get(t, f"{t} (suppressed)")))
    return numbers.mask(hidden), labels


def _with_suppressed(fig: go.Figure, x: pd.Series, numbers: pd.Series, labels: pd.Series) -> None:
    """Mark suppressed cells on the axis, labelled, in a trace of their own."""
    hidden = numbers.isna()
    if hidden.any():
        fig.add_trace(
            go.Scatter(
                x=x[hidden],
                y=[0] * int(hidden.sum()),
                mode="markers+text",
                marker={"symbol": "x-thin-open", "size": 10, "color": SUPPRESSED_COLOUR},
                text=labels[hidden],
                textposition="top center",
                name="suppressed (small count)",
                hovertext=labels[hidden],
            )
        )


def load_chart(table: pd.DataFrame) -> go.Figure:
    """Load per officer where the report allows one; a range is drawn as a range."""
    known = table[table["low"].notna()]
    upper = (known["high"] - known["low"]).fillna(0.0)
    fig = go.Figure(
        go.Bar(
            x=known["low"],
            y=known["place"],
            orientation="h",
            marker_color=REPORT_COLOUR,
            error_x={"type": "data", "array": upper, "arrayminus": [0] * len(known)},
            text=known["load_per_officer"],
            textposition="outside",
            hovertext=known["note"],
        )
    )
    fig.update_layout(
        xaxis_title=UNIT + " (lower bounds)",
        height=260,
        margin={"l": 10, "r": 40, "t": 30, "b": 40},
    )
    return fig


def group_names(frame: pd.DataFrame, by: str) -> pd.Series:
    """The readable, escaped name of each group of a ``service.summary`` frame."""
    key = {"place": "place_name"}.get(by, by)
    names: Mapping[str, str] = CATEGORY_LABELS.get(by, {})
    return frame[key].map(lambda v: escape_html(names.get(v, v) or "(not recorded)"))


def breakdown_chart(frame: pd.DataFrame, by: str) -> go.Figure:
    """Bar chart of persons per group; a suppressed group is labelled on the axis, not drawn."""
    names = group_names(frame, by)
    numbers, labels = cell_labels(frame)
    fig = go.Figure(
        go.Bar(x=names, y=numbers, text=labels.where(numbers.notna(), ""), name="persons")
    )
    fig.update_traces(marker_color=RECORDS_COLOUR, selector={"type": "bar"})
    _with_suppressed(fig, names, numbers, labels)
    fig.update_layout(yaxis_title="persons", height=320, margin={"t": 30, "b": 40})
    fig.update_layout(showlegend=bool(numbers.isna().any()))
    if by == "month":
        fig.update_xaxes(type="category")
    return fig


def trend_chart(series: pd.DataFrame, *, compare: tuple[str, str] | None = None) -> go.Figure:
    """Persons by month over the period (``timeline.month_series``), months without records at
    zero and labelled so, suppressed months labelled on the axis.

    ``compare`` shades the two periods being compared (each ``"YYYY-MM..YYYY-MM"``).
    """
    numbers, labels = cell_labels(series)
    months = series["month"].astype(str)
    fig = go.Figure(
        go.Scatter(
            x=months,
            y=numbers,
            mode="lines+markers",
            line={"color": RECORDS_COLOUR},
            text=labels,
            hovertemplate="%{x}: %{text}<extra></extra>",
            name="persons",
            connectgaps=False,
        )
    )
    _with_suppressed(fig, months, numbers, labels)
    if compare:
        for period, colour, name in zip(
            compare, ("#cccccc", "#fdd49e"), ("before", "after"), strict=True
        ):
            start, _, end = period.partition("..")
            fig.add_vrect(
                x0=start, x1=end or start, fillcolor=colour, opacity=0.35, line_width=0,
                annotation_text=name, annotation_position="top left",
            )  # fmt: skip
    fig.update_xaxes(type="category")
    fig.update_layout(
        yaxis_title="persons", height=320, margin={"t": 30, "b": 40}, showlegend=False
    )
    return fig


def change_chart(
    table: pd.DataFrame, *, before: str, after: str, top: int = 25, by: str = "place"
) -> go.Figure:
    """Change in persons per place (or ``by`` district) between two periods
    (``timeline.compare_periods``).

    The largest changes first, at most ``top``; a change hidden because one of its counts is
    suppressed is labelled "suppressed" at zero.
    """
    part = table.head(top)
    names = group_names(part, by)
    numbers, labels = cell_labels(part, value="change", shown="change_shown")
    colours = [INCREASE_COLOUR if v > 0 else DECREASE_COLOUR for v in numbers.fillna(0)]
    fig = go.Figure(
        go.Bar(
            x=names,
            y=numbers,
            marker_color=colours,
            text=labels.where(numbers.notna(), ""),
            name="change",
        )
    )
    _with_suppressed(fig, names, numbers, labels)
    fig.update_layout(
        yaxis_title=f"change in persons, {escape_html(before)} to {escape_html(after)}",
        height=340,
        margin={"t": 30, "b": 40},
        showlegend=False,
    )
    return fig
