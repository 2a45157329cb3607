"""Plotly figures of the Awareness targeting page: the score breakdown and the top-N stability.

Both show a score that has no unit (weights × normalised indicators), and say so on the axis.
Text comes through a :class:`geo.i18n.Translator`, so the figures follow the page's language;
in a right-to-left language the district axis runs from the right.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import pandas as pd
import plotly.graph_objects as go

from charts.config import chart_config
from geo.i18n import Translator

__all__ = ["breakdown_figure", "chart_config", "stability_figure"]


def breakdown_figure(
    top: pd.DataFrame,
    points: Mapping[str, str],
    *,
    tr: Translator,
    names: Mapping[str, str] | None = None,
) -> go.Figure:
    """Stacked bars of each top district's points per indicator.

    Parameters
    ----------
    top
        The take-away table's first rows, in rank order (``district`` and points columns).
    points
        Points column -> indicator label (already in the page's language).
    tr
        The page's translator.
    names
        District names to show (for example in Urdu script); Latin names otherwise.
    """
    names = names or {}
    shown = [names.get(d, d) for d in top["district"]]
    fig = go.Figure()
    for column, label in points.items():
        fig.add_bar(x=shown, y=top[column].tolist(), name=label)
    fig.update_layout(
        barmode="relative",
        yaxis_title=tr("Points (weight × normalised value, no unit)"),
        xaxis_title=tr("District"),
        legend_title_text=tr("Indicator"),
        xaxis={"categoryorder": "array", "categoryarray": shown},
        margin={"t": 30},
    )
    _script(fig, tr)
    return fig


def stability_figure(
    stable: pd.DataFrame,
    *,
    top_n: int,
    tr: Translator,
    names: Mapping[str, str] | None = None,
) -> go.Figure:
    """Bars of the share of weight draws in which each district stays in the top ``top_n``.

    Only districts that reach the top N in at least one draw, or are in it now, are drawn.
    """
    names = names or {}
    moving = stable[(stable["share_in_top"] > 0) | stable["in_base_top"]]
    fig = go.Figure()
    for now, label in ((True, tr("In top N now")), (False, tr("Not in top N now"))):
        part = moving[moving["in_base_top"] == now]
        fig.add_bar(
            x=[names.get(d, d) for d in part["district"]],
            y=part["share_in_top"].tolist(),
            name=label,
        )
    fig.update_layout(
        yaxis={"range": [0, 1], "title": tr("Share of draws in top {n}", n=top_n)},
        xaxis_title=tr("District"),
        margin={"t": 30},
    )
    _script(fig, tr)
    return fig


SCRIPT_FONT = "'RA Script', 'Noto Sans', sans-serif"
"""The font family the page declares for Arabic script (``pages/language.py``)."""


def _script(fig: go.Figure, tr: Translator) -> None:
    """Right-to-left pages: the district axis starts on the right, text in the script's font."""
    if tr.rtl:
        fig.update_xaxes(autorange="reversed")
        fig.update_layout(font_family=SCRIPT_FONT)


def download_names(*, method: str, top_n: int) -> Sequence[str]:
    """File names (without extension) of the two charts' PNG downloads."""
    return (f"awareness_breakdown_{method}_top{top_n}", f"awareness_stability_top{top_n}")
