"""Plotly figures of the checkpoint planner: the coverage curve and where diverted flow goes.

Every figure is a model output under stated assumptions (never a finding of the report); its
title and axis say so and give the unit (share of modelled flow, %).
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from geo.planner.plan import MODEL_NOTE

CURVE_TITLE = "Coverage curve: share of modelled flow captured (model output)"
EXIT_TITLE = "Where the flow leaves Pakistan, before and after the closure (model output)"


def coverage_figure(curve: pd.DataFrame) -> go.Figure:
    """Captured share against k, static and evasive capture side by side (percent)."""
    fig = go.Figure()
    for objective, dash in (("static", None), ("evasive", "dash")):
        part = curve[curve["objective"] == objective]
        fig.add_scatter(
            x=part["k"],
            y=part["share"] * 100,
            mode="lines+markers",
            name=f"{objective.capitalize()} capture",
            line={"dash": dash},
            customdata=part["sites"],
            hovertemplate="k=%{x}: %{y:.1f}%<br>%{customdata}<extra></extra>",
        )
    fig.update_layout(
        title=CURVE_TITLE,
        xaxis_title="Number of new checkpoints k",
        yaxis_title="Captured share of modelled flow (%)",
        yaxis_range=[0, 100],
        height=380,
        annotations=[_note()],
    )
    return fig


def exit_figure(by_exit: pd.DataFrame) -> go.Figure:
    """Horizontal bars: share of flow leaving at each place before and after (percent)."""
    frame = by_exit.sort_values("after")
    fig = go.Figure()
    for column, name in (("before", "Before the closure"), ("after", "After the closure")):
        fig.add_bar(
            y=frame["exit"],
            x=frame[column] * 100,
            name=name,
            orientation="h",
            hovertemplate="%{y}: %{x:.1f}% of modelled flow<extra>" + name + "</extra>",
        )
    fig.update_layout(
        title=EXIT_TITLE,
        xaxis_title="Share of modelled flow (%)",
        barmode="group",
        height=max(300, 40 * len(frame) + 120),
        annotations=[_note()],
    )
    return fig


def _note() -> dict[str, object]:
    return {
        "text": f"{MODEL_NOTE}.",
        "xref": "paper",
        "yref": "paper",
        "x": 0,
        "y": -0.25,
        "showarrow": False,
        "font": {"size": 10},
    }
