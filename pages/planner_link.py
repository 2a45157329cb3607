"""The Checkpoint planner's view in its link: the parameters, their parsers, the added sites.

``pages/planner.py`` restores these before drawing widgets and writes them after.
"""

from __future__ import annotations

from typing import Any

import streamlit as st

from geo.planner.kinds import Method
from geo.planner.question import Limit, PageObjective
from pages import state

USER_SITES = "pl_user_sites"


def _flag(text: str) -> bool:
    return {"1": True, "0": False}[text]


def _flag_text(value: Any) -> str:
    return "1" if value else "0"


def _bounded(low: float, high: float, kind: type = float) -> Any:
    def parse(text: str) -> Any:
        value = kind(text)
        if not low <= value <= high:
            raise ValueError("out of range")
        return value

    return parse


def _site(text: str) -> dict[str, Any]:
    parts = text.split("|")
    if len(parts) == 1 and parts[0].strip():
        return {"how": "name", "name": parts[0].strip()}
    if len(parts) == 3:
        return {"how": "click", "name": parts[0], "lat": float(parts[1]), "lon": float(parts[2])}
    raise ValueError("not a site")


def _site_text(site: dict[str, Any]) -> str:
    if site["how"] == "name":
        return str(site["name"])
    return f"{site['name']}|{site['lat']:.5f}|{site['lon']:.5f}"


LINK_PARAMS: tuple[state.LinkParam, ...] = (
    state.LinkParam("objective", "pl_objective", state.choice(list(PageObjective))),
    state.LinkParam("limit", "pl_limit", state.choice(list(Limit))),
    state.LinkParam("k", "pl_k", _bounded(1, 50, int)),
    state.LinkParam("budget", "pl_budget", _bounded(0.0, 1000.0)),
    state.LinkParam("tol", "pl_tol", _bounded(0.0, 2.0)),
    state.LinkParam("method", "pl_method", state.choice(list(Method))),
    state.LinkParam("alt", "pl_alternatives", _flag, _flag_text),
    state.LinkParam("existing", "pl_existing", many=True),
    state.LinkParam("site", USER_SITES, _site, _site_text, many=True),
    state.LinkParam("barrier", "pl_barrier", _flag, _flag_text),
    state.LinkParam("close", "pl_close_nodes", many=True),
    state.LinkParam("leg", "pl_close_legs", many=True),
)
"""The planner's view in its link: objective, k or budget, tolerance, sites and closures."""


def keep_valid(key: str, options: list[str]) -> None:
    """Drop values a link put in a multiselect that this network does not offer."""
    chosen = st.session_state.get(key)
    if isinstance(chosen, list):
        st.session_state[key] = [c for c in chosen if c in options]
