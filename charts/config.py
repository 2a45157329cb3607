"""The one plotly toolbar configuration every chart in the app uses."""

from __future__ import annotations

from typing import Any


def chart_config(filename: str) -> dict[str, Any]:
    """Plotly toolbar settings: no logo, and a PNG download named after the chart.

    Parameters
    ----------
    filename
        The download's file name, without extension (for example ``"cost_by_mode_PKR"``).
    """
    return {
        "displaylogo": False,
        "toImageButtonOptions": {"format": "png", "filename": filename, "scale": 2},
    }
