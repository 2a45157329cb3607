"""Draw the pictures a briefing content names, into a work folder, as PNG files.

Maps are the slow part of a pack (a few seconds each), and the same view is often drawn again
(another currency, another section picked), so the PNG bytes of a map are kept in a small
in-process cache keyed by the map's full description.
"""

from __future__ import annotations

import io
from functools import lru_cache
from pathlib import Path

from matplotlib.figure import Figure

from geo.briefing.model import ChartPicture, MapPicture, Picture
from geo.costs import load_ladders, mode_comparison
from geo.currency import load_rates
from geo.errors import UserInputError
from geo.officer_load import officer_loads, trend_caveat
from render import charts
from render.static_map import draw_map

DPI = 150


class PictureError(UserInputError, ValueError):
    """A picture names a chart or corridor that does not exist."""


@lru_cache(maxsize=24)
def _map_png(picture: MapPicture, footer: str) -> bytes:
    buffer = io.BytesIO()
    draw_map(picture, footer=footer, dpi=DPI).savefig(buffer, format="png", dpi=DPI,
                                                      facecolor="white")  # fmt: skip
    return buffer.getvalue()


def chart_figure(picture: ChartPicture) -> Figure:
    """The matplotlib figure of a chart picture, as the pack draws it (captions included)."""
    rates = picture.rates or load_rates()
    if picture.chart == "officer_load":
        return charts.loads_figure(officer_loads(), caveat=trend_caveat())
    if picture.chart == "comparison":
        frame = mode_comparison(picture.currency, rates)
        return charts.comparison_figure(frame, currency=picture.currency)
    if picture.chart == "ladder":
        for ladder in load_ladders():
            if ladder.corridor.corridor_id == picture.corridor_id:
                return charts.ladder_figure(
                    ladder.frame(picture.currency, rates),
                    title=picture.title or ladder.corridor.name,
                    currency=picture.currency,
                )
        raise PictureError(f"no cost ladder for corridor {picture.corridor_id!r}")
    raise PictureError(f"unknown chart {picture.chart!r}")


def draw_picture(picture: Picture, path: Path, *, footer: str) -> Path:
    """Write ``picture`` as a PNG at ``path`` and return the path."""
    if isinstance(picture, MapPicture):
        Path(path).write_bytes(_map_png(picture, footer))
        return Path(path)
    return charts.save_png(chart_figure(picture), path, footer)
