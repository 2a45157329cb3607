"""Plotly figures of the Costs page: cost ladders along a corridor and cost by mode.

Ranges are drawn as ranges (an error bar from the low to the high end, or a floating bar),
never as a midpoint; every point's hover text gives the amount as stated, its unit, period,
section and confidence. The figures take the frames ``geo.costs`` builds, in the currency the
user chose, so they can be tested without a page.
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from geo.confidence import Confidence
from layers.style import MODE_COLOURS, confidence_colour


def _confidence_colours(labels: pd.Series) -> list[str]:
    by_label = {c.label: confidence_colour(c) for c in Confidence}
    return [by_label.get(label, "#000000") for label in labels]


def _hover(frame: pd.DataFrame) -> list[str]:
    return [
        f"<b>{r.stop}</b>: {r.shown_as}<br>Stated: {r.stated} {r.stated_currency}"
        f"<br>{r.unit}, {r.period}<br>UNODC 2011, {r.section} · {r.confidence}"
        for r in frame.itertuples()
    ]


def ladder_chart(
    frame: pd.DataFrame, *, title: str, currency: str, cumulative: bool = True
) -> go.Figure:
    """Cost at each stop in travel order; a range is an error bar, never a midpoint.

    Parameters
    ----------
    frame
        One ladder's rows (``CostLadder.frame``): stop, low, high, shown_as, journey and the
        provenance columns.
    title
        The chart's title.
    currency
        The currency the amounts are in (for the axis title).
    cumulative
        Whether each amount counts from the start of the journey.
    """
    ranged = frame["high"].notna()
    air = bool((frame["journey"] == "air").all())
    colour = MODE_COLOURS["air"] if air else MODE_COLOURS["land"]
    kind = "Cumulative cost" if cumulative else "Cost"
    upper = (frame["high"] - frame["low"]).where(ranged, 0.0)
    fig = go.Figure(
        go.Scatter(
            x=frame["stop"].tolist(),
            y=frame["low"].tolist(),
            mode="lines+markers+text",
            text=frame["shown_as"],
            textposition="top center",
            line={"color": colour, "shape": "hv", "width": 2},
            marker={
                "size": 12,
                "color": _confidence_colours(frame["confidence"]),
                "line": {"color": "#222222", "width": 1},
            },
            error_y={
                "type": "data",
                "symmetric": False,
                "array": upper.tolist(),
                "arrayminus": [0.0] * len(frame),
                "visible": bool(ranged.any()),
                "color": colour,
                "thickness": 2,
                "width": 10,
            },
            hovertext=_hover(frame),
            hoverinfo="text",
            name=kind,
            cliponaxis=False,
        )
    )
    fig.update_layout(
        title=title,
        xaxis_title="Reached (in travel order)",
        yaxis_title=f"{kind} per person ({currency})",
        yaxis={"rangemode": "tozero", "tickformat": ",.0f"},
        xaxis={"range": [-0.5, len(frame) - 0.5]},
        margin={"t": 60, "b": 40, "l": 60, "r": 40},
        showlegend=False,
    )
    return fig


def comparison_chart(frame: pd.DataFrame, *, currency: str) -> go.Figure:
    """Cost per person by mode: a range as a floating bar from low to high, a single total as
    a point (``geo.costs.mode_comparison`` builds the frame)."""
    fig = go.Figure()
    for journey, rows in frame.groupby("journey", sort=False):
        colour = MODE_COLOURS["air"] if journey == "air" else MODE_COLOURS["sea"]
        ranged = rows[rows["high"].notna()]
        single = rows[rows["high"].isna()]
        if not ranged.empty:
            fig.add_trace(
                go.Bar(
                    y=[f"{r.stop} ({journey})" for r in ranged.itertuples()],
                    x=(ranged["high"] - ranged["low"]).tolist(),
                    base=ranged["low"].tolist(),
                    orientation="h",
                    marker={"color": colour, "opacity": 0.55},
                    hovertext=_hover(ranged),
                    hoverinfo="text",
                    name=f"{journey}: range as stated",
                )
            )
        if not single.empty:
            fig.add_trace(
                go.Scatter(
                    y=[f"{r.stop} ({journey})" for r in single.itertuples()],
                    x=single["low"].tolist(),
                    mode="markers",
                    marker={
                        "color": colour,
                        "size": 13,
                        "symbol": "diamond",
                        "line": {"color": "#222222", "width": 1},
                    },
                    hovertext=_hover(single),
                    hoverinfo="text",
                    name=f"{journey}: single figure",
                )
            )
    fig.update_layout(
        title=f"Journey cost per person by mode ({currency})",
        xaxis={
            "title": f"Cost per person ({currency})",
            "rangemode": "tozero",
            "tickformat": ",.0f",
        },
        barmode="overlay",
        margin={"t": 60, "b": 40},
        legend={"orientation": "h", "y": -0.25},
    )
    return fig
