"""Static charts for the deck and the PDF: cost ladders, cost by mode and load per officer.

Drawn with matplotlib (no browser, no internet) in the colours of :mod:`layers.style`. A range is
drawn as a bar from its low to its high end or as an error bar, never as a midpoint; a "more
than" bound is drawn as an open arrow to the right of its value.
"""

from __future__ import annotations

import textwrap
from pathlib import Path

import pandas as pd
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter

from geo.confidence import Confidence
from geo.officer_load import OfficerLoad
from layers.style import MODE_COLOURS, confidence_colour

_THOUSANDS = FuncFormatter(lambda v, _pos: f"{v:,.0f}")
_BY_LABEL = {c.label: confidence_colour(c) for c in Confidence}
CAVEAT_WIDTH = 118
"""Characters per line of the caveat drawn inside the load chart (fits its 8-inch width)."""


def _figure(width: float, height: float) -> tuple[Figure, Axes]:
    fig = Figure(figsize=(width, height), layout="constrained")
    FigureCanvasAgg(fig)
    return fig, fig.add_subplot()


def save_png(fig: Figure, path: Path, footer: str = "") -> Path:
    """Write ``fig`` at 150 dpi with ``footer`` under any caption the chart already carries."""
    caption = fig.get_supxlabel()
    text = "\n".join(t for t in (caption, footer) if t)
    if text:
        fig.supxlabel(text, fontsize=7, color="#444444", x=0.01, ha="left", gid="caption")
    fig.savefig(path, dpi=150, facecolor="white")
    return Path(path)


def ladder_figure(frame: pd.DataFrame, *, title: str, currency: str) -> Figure:
    """Cumulative cost at each stop in travel order; value labels stay inside the axes."""
    if frame.empty:
        raise ValueError("a cost ladder needs at least one step")
    fig, ax = _figure(8, 4.2)
    x = list(range(len(frame)))
    ax.step(x, frame["low"], where="post", color=MODE_COLOURS["land"], linewidth=1.6, alpha=0.7)
    for i, row in enumerate(frame.itertuples()):
        colour = _BY_LABEL.get(row.confidence, "#000000")
        if pd.notna(row.high):
            ax.errorbar(
                i,
                row.low,
                yerr=[[0], [row.high - row.low]],
                fmt="none",
                ecolor=colour,
                capsize=6,
                linewidth=2,
            )
        ax.scatter([i], [row.low], s=70, color=colour, edgecolors="#222222", zorder=3)
        last = len(frame) - 1
        ax.annotate(
            row.shown_as,
            (i, row.high if pd.notna(row.high) else row.low),
            xytext=(-4 if i == last and i else 4 if i == 0 else 0, 8),
            textcoords="offset points",
            ha="right" if i == last and i else "left" if i == 0 else "center",
            fontsize=8,
            gid="value-label",
        )
    ax.set_xticks(x, [f"{r.stop}" for r in frame.itertuples()])
    ax.set_xlim(-0.35, len(frame) - 0.65)
    ax.set_ylabel(f"Cost per person ({currency})")
    ax.yaxis.set_major_formatter(_THOUSANDS)
    top = frame["high"].fillna(frame["low"]).max()
    ax.set_ylim(0, top * 1.2)
    ax.set_title(title, fontsize=11, loc="left")
    ax.spines[["top", "right"]].set_visible(False)
    return fig


def comparison_figure(frame: pd.DataFrame, *, currency: str) -> Figure:
    """Air range as a floating bar, land-and-sea totals as points, from ``mode_comparison``."""
    if frame.empty:
        raise ValueError("nothing to compare")
    fig, ax = _figure(8, 3.6)
    labels = []
    for i, row in enumerate(frame.itertuples()):
        colour = MODE_COLOURS["air"] if row.journey == "air" else MODE_COLOURS["sea"]
        labels.append(f"{row.stop} ({row.journey})")
        if pd.notna(row.high):
            ax.barh(i, row.high - row.low, left=row.low, color=colour, alpha=0.55, height=0.5)
        else:
            ax.scatter(
                [row.low], [i], marker="D", s=60, color=colour, edgecolors="#222222", zorder=3
            )
        end = row.high if pd.notna(row.high) else row.low
        ax.annotate(
            row.shown_as,
            (end, i),
            xytext=(6, 0),
            textcoords="offset points",
            va="center",
            fontsize=8,
            gid="value-label",
        )
    ax.set_yticks(range(len(labels)), labels)
    ax.set_xlabel(f"Cost per person ({currency})")
    ax.xaxis.set_major_formatter(_THOUSANDS)
    top = frame["high"].fillna(frame["low"]).max()
    ax.set_xlim(0, top * 1.6)
    ax.set_ylim(len(labels) - 0.5, -0.7)
    ax.set_title("Journey cost by mode: bars are ranges as stated", fontsize=11, loc="left")
    ax.spines[["top", "right"]].set_visible(False)
    return fig


def loads_figure(loads: tuple[OfficerLoad, ...], *, caveat: str) -> Figure:
    """People at one time per officer where computable; bounds drawn as open arrows.

    ``caveat`` (the FIA's statement that the volume has fallen, ``trend_caveat()``) is drawn
    inside the image as its caption, under the axes (the footer goes under it when saved), so
    the chart never travels without it.
    """
    if not caveat.strip():
        raise ValueError("the load chart needs its trend caveat")
    shown = [item for item in loads if item.computable and item.low is not None]
    if not shown:
        raise ValueError("no computable load per officer")
    lines = textwrap.wrap(caveat, CAVEAT_WIDTH)
    fig, ax = _figure(8, 2.8 + 0.14 * len(lines))
    lows = [float(item.low or 0.0) for item in shown]
    ends = [
        float(item.high) if item.high is not None else low
        for item, low in zip(shown, lows, strict=True)
    ]
    top = max(ends)
    for i, item in enumerate(shown):
        colour = confidence_colour(item.confidence)
        low, end = lows[i], ends[i]
        if end != low:
            ax.barh(i, end - low, left=low, color=colour, alpha=0.5, height=0.4)
        ax.scatter([low], [i], s=60, color=colour, edgecolors="#222222", zorder=3)
        if item.bound == "more than":
            ax.annotate(
                "",
                xy=(end + top * 0.12, i),
                xytext=(end, i),
                arrowprops={"arrowstyle": "->", "color": colour, "linewidth": 1.5},
            )
        ax.annotate(
            item.display(), (end + top * 0.14, i), va="center", fontsize=8, gid="value-label"
        )
    ax.set_yticks(range(len(shown)), [item.place for item in shown])
    ax.invert_yaxis()
    ax.set_xlim(0, top * 1.8)
    ax.set_xlabel("People to process at one time, per officer (arrow: the true load is higher)")
    ax.set_title("Load per officer (UNODC 2011, §8.1)", fontsize=11, loc="left")
    ax.spines[["top", "right"]].set_visible(False)
    fig.supxlabel("\n".join(lines), fontsize=7, color="#444444", x=0.01, ha="left",
                  gid="caption")  # fmt: skip
    return fig
