"""Cached data and the link parameters of the Awareness targeting page.

Everything the page computes is cached on what it really depends on (the settings, the records
summary and the uploaded files), so a weight change recomputes only the scores and the take-away
table, and the first visit reuses the shared boundary, gazetteer and matcher objects.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from geo.awareness.context import load_languages, load_themes
from geo.awareness.indicators import IndicatorTable
from geo.awareness.matching import DistrictMatcher
from geo.awareness.pipeline import assemble
from geo.awareness.scoring import MISSING_RULES, NORMALISATIONS, score_districts
from geo.awareness.stability import top_n_stability
from geo.awareness.takeaway import build_takeaway
from geo.awareness.uploads import read_indicator_file, user_indicators
from geo.boundaries import load_districts
from geo.gazetteer import load_gazetteer
from geo.provenance import Provenance
from geo.roles import load_district_roles, load_region_statements
from layers.awareness import district_features
from layers.awareness_live import districts_url
from pages import state
from pages.awareness_sections import ROLE_MODES, Ranked

DRAWS = (100, 250, 500, 1000)
MAX_WEIGHT = 3.0


@st.cache_resource
def boundary_districts() -> pd.DataFrame:
    """The boundary districts (read-only, shared)."""
    return load_districts()


@st.cache_resource
def map_districts() -> list[dict]:
    """The boundary districts as GeoJSON features simplified once for the score map (0.005°);
    read-only, shared: each redraw only computes colours and tooltips."""
    return district_features(boundary_districts(), simplify=0.005)


@st.cache_resource
def map_districts_url() -> str:
    """Where the browser fetches the score map's district geometry (written once per process)."""
    return districts_url(map_districts())


@st.cache_resource
def matcher() -> DistrictMatcher:
    """Name matcher over the boundary districts and the gazetteer (read-only, shared)."""
    return DistrictMatcher(boundary_districts()["district"], gazetteer=load_gazetteer())


@st.cache_data(show_spinner=False)
def uploaded_table(data: bytes, name: str, provenance: Provenance) -> IndicatorTable:
    """Indicators from one uploaded file, with their user-indicator class (raises
    ``IndicatorFileError`` on bad input)."""
    return user_indicators(
        read_indicator_file(data, filename=name),
        matcher=matcher(),
        filename=name,
        provenance=provenance,
    )


Files = tuple[tuple[bytes, str], ...]
Classes = tuple[Provenance | None, Provenance]
"""The agency-record class of the records (None: no records) and the user-indicator class."""


@st.cache_data(show_spinner=False, max_entries=16)
def indicators(
    role_mode: str, records: pd.DataFrame | None, files: Files, classes: Classes
) -> IndicatorTable:
    """All indicators (report roles, records, the usable uploads) over every boundary district."""
    uploads = [uploaded_table(data, name, classes[1]) for data, name in files]
    return assemble(
        matcher=matcher(),
        roles=load_district_roles(),
        records=records,
        uploads=uploads,
        role_mode=role_mode,
        records_provenance=classes[0],
    )


@st.cache_data(show_spinner=False, max_entries=64)
def ranked(
    role_mode: str,
    records: pd.DataFrame | None,
    files: Files,
    classes: Classes,
    weights: tuple[tuple[str, float], ...],
    method: str,
    missing: str,
    top_n: int,
    draws: int,
) -> Ranked:
    """Scores, the take-away table and the top-N stability for one setting (cached by it)."""
    table = indicators(role_mode, records, files, classes)
    w = dict(weights)
    result = score_districts(table.values, w, method=method, missing=missing)
    stable = top_n_stability(
        table.values, w, n=top_n, method=method, missing=missing, draws=draws, seed=0
    )
    districts = boundary_districts()
    takeaway = build_takeaway(
        result,
        table,
        provinces=dict(zip(districts["district"], districts["province"], strict=True)),
        languages=load_languages(),
        themes=load_themes(),
        statements=load_region_statements(),
        stability=stable,
        matcher=matcher(),
    )
    return Ranked(takeaway, takeaway.head(top_n), stable, result.table, top_n, method)


def _in_range(low: float, high: float, kind: type) -> object:
    def parse(text: str) -> object:
        value = kind(text)
        if not low <= value <= high:
            raise ValueError("out of range")
        return value

    return parse


def link_params(n_districts: int) -> list[state.LinkParam]:
    """The page's view in its link: roles mode, method, missing rule, top N, draws, weights."""
    roles = sorted(load_district_roles()["role"].astype(str).str.strip().unique())
    return [
        state.LinkParam("roles", "aw_role_mode", state.choice(list(ROLE_MODES))),
        state.LinkParam("method", "aw_method", state.choice(NORMALISATIONS)),
        state.LinkParam("missing", "aw_missing", state.choice(MISSING_RULES)),
        state.LinkParam("top", "aw_top_n", _in_range(1, n_districts, int)),  # type: ignore[arg-type]
        state.LinkParam("draws", "aw_draws", state.choice(DRAWS)),
        *[
            state.LinkParam(f"w.{r}", f"aw_w_role:{r}", _in_range(0.0, MAX_WEIGHT, float))  # type: ignore[arg-type]
            for r in roles
        ],
    ]
