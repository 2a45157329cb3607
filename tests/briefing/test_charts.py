"""Charts read: every value label lies inside its axes and no two value labels meet."""

from __future__ import annotations

import pytest

from geo.costs import load_ladders, mode_comparison
from geo.currency import CURRENCIES, load_rates
from geo.officer_load import officer_loads, trend_caveat
from render.charts import comparison_figure, ladder_figure, loads_figure


def _figures():
    rates = load_rates()
    for currency in CURRENCIES:
        for ladder in load_ladders():
            yield (
                f"ladder {ladder.corridor.corridor_id} {currency}",
                lambda ladder=ladder, currency=currency: ladder_figure(
                    ladder.frame(currency, rates), title=ladder.corridor.name, currency=currency
                ),
            )
        yield (
            f"comparison {currency}",
            lambda currency=currency: comparison_figure(
                mode_comparison(currency, rates), currency=currency
            ),
        )
    yield "officer load", lambda: loads_figure(officer_loads(), caveat=trend_caveat())


@pytest.mark.parametrize(
    ("name", "make"), list(_figures()), ids=lambda v: v if isinstance(v, str) else ""
)
def test_value_labels_stay_inside_and_apart(name, make):
    fig = make()
    fig.draw_without_rendering()
    renderer = fig.canvas.get_renderer()
    ax = fig.axes[0]
    frame = ax.get_window_extent(renderer)
    labels = [t for t in ax.texts if t.get_gid() == "value-label"]
    assert labels, name
    boxes = [t.get_window_extent(renderer) for t in labels]
    for text, box in zip(labels, boxes, strict=True):
        assert frame.x0 <= box.x0 and box.x1 <= frame.x1, (name, text.get_text())
        assert frame.y0 <= box.y0 and box.y1 <= frame.y1, (name, text.get_text())
    for i, a in enumerate(boxes):
        for b in boxes[i + 1 :]:
            assert min(a.x1, b.x1) <= max(a.x0, b.x0) or min(a.y1, b.y1) <= max(a.y0, b.y0), name
