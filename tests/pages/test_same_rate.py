"""Every page converts at the session's rate: the Costs page and the Route map agree."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

APP = str(Path(__file__).resolve().parents[2] / "app.py")
TYPED = 100.0  # PKR per US dollar, typed in the sidebar (the 2011 default is 86.34)


@pytest.fixture
def app(tmp_path, monkeypatch) -> AppTest:
    monkeypatch.setenv("ROUTE_ATLAS_VAR_DIR", str(tmp_path))
    return AppTest.from_file(APP, default_timeout=180)


def _map_text(at: AppTest) -> str:
    for node in at.get("component_instance"):
        args = json.loads(getattr(node.proto, "json_args", "") or "{}")
        if "script" in args and "L.map" in args["script"]:
            return "\n".join(args.get(k) or "" for k in ("script", "feature_group"))
    raise AssertionError("no map on the page")


def _chart_values(at: AppTest) -> list[str]:
    """The amount labels drawn on the Costs page's charts."""
    values: list[str] = []
    for chart in at.get("plotly_chart"):
        for trace in json.loads(chart.proto.spec)["data"]:
            for text in trace.get("text") or []:
                values.append(text)
    return values


def test_costs_and_route_map_state_the_same_typed_rate_and_amount(app):
    # The sidebar's widgets hold what the user chose and typed (AppTest loses a sidebar widget's
    # value set through the widget once the page changes, so the session holds it here; the
    # browser test types it into the real sidebar).
    app.session_state["currency"] = "USD"
    app.session_state["rate_PKR"] = TYPED
    at = app.run()
    assert not at.exception
    # 30,000 PKR (the first stop of the Mand Balo ladder) at 100 PKR per US dollar.
    amount = f"approximately {30_000 / TYPED:,.0f} USD"
    rate = "1 USD = 100.00 PKR"
    on_map = _map_text(at)
    assert amount in on_map and rate in on_map and "entered by the user" in on_map

    at.switch_page("pages/costs.py").run()
    assert not at.exception
    stated = " ".join(m.value for m in at.markdown)
    assert rate in stated and "entered by the user" in stated
    assert amount in _chart_values(at)
    assert "approximately 347 USD" not in _chart_values(at)  # 30,000 at the default 86.34


def test_the_default_rate_is_used_until_one_is_typed(app):
    app.session_state["currency"] = "USD"
    at = app.run()
    at.switch_page("pages/costs.py").run()
    assert not at.exception
    assert "1 USD = 86.34 PKR" in " ".join(m.value for m in at.markdown)
    assert f"approximately {30_000 / 86.34:,.0f} USD" in _chart_values(at)
