"""The planner's folium layers, rendered to HTML."""

from __future__ import annotations

import pytest

from geo.planner.exact import solve_exact
from geo.planner.objectives import PlanSpec
from geo.planner.plan import MODEL_NOTE
from layers.planner import CAPTURED_COLOUR, ESCAPING_COLOUR, ESCAPING_DASH, planner_map


def test_map_shows_sites_captured_and_escaping_flow(diamond):
    plan = solve_exact(diamond, PlanSpec(objective="evasive", k=1, tolerance=0.2))
    assert plan.sites == ("B",)
    html = planner_map(diamond, plan).get_root().render()
    assert "New checkpoint in this plan" in html and "Marginal gain" in html
    assert CAPTURED_COLOUR in html and ESCAPING_COLOUR in html and ESCAPING_DASH in html
    assert MODEL_NOTE in html
    assert "Escaping flow (dashed)" in html  # legend
    # The escaping A–D flow is drawn along its detour through C.
    assert "A → C" in html and "C → D" in html


def test_fully_captured_plan_draws_no_escaping_lines(diamond):
    plan = solve_exact(diamond, PlanSpec(objective="static", k=1))
    html = planner_map(diamond, plan).get_root().render()
    assert html.count("of modelled flow captured") == 3  # A→B, B→D, E→B
    assert "of modelled flow escaping" not in html


def test_user_site_names_reach_tooltips_escaped(diamond):
    from geo.planner.sites import add_site_at

    hostile = "Post`${alert(1)}<script>"
    network, site = add_site_at(diamond, 30.5, 66.5, name=hostile)
    plan = solve_exact(network, PlanSpec(objective="static", k=1, candidates=(site,)))
    assert plan.sites == (site,)
    html = planner_map(network, plan).get_root().render()
    assert hostile not in html and "${alert" not in html and "<script>" not in html.split("Post")[1]
    assert "Post&#96;&#36;{alert(1)}&lt;script&gt;" in html


def test_alternatives_are_drawn_as_assumptions():
    from tests.planner.test_diversion import diverted

    network = diverted()
    html = planner_map(network, None).get_root().render()
    assert "Alternatives (assumptions made here)" in html
    assert "iran border crossing. Assumption made here" in html


def test_closure_map_draws_flow_before_and_after(diamond):
    from geo.planner.whatif import close, rescore

    plan = solve_exact(diamond, PlanSpec(objective="static", k=1))
    outcome = close(diamond, edges=[("A", "B")])
    html = (
        planner_map(
            outcome.network,
            rescore(plan, outcome),
            closed_edges=outcome.closed_edges,
            base_network=diamond,
            before=plan,
        )
        .get_root()
        .render()
    )
    assert "Before the closure: Captured flow" in html
    assert "After the closure: Escaping flow" in html
    assert "A → C" in html  # the A→D flow now runs through C, escaping B


def test_closed_legs_are_drawn(diamond):
    html = planner_map(diamond, None, closed_edges=[("B", "D")], closed_nodes=["C"]).get_root()
    text = html.render()
    assert "Closed: B → D" in text and "Closed: C" in text


def test_plan_csv_neutralises_a_site_name_that_looks_like_a_formula(diamond):
    import io

    import pandas as pd

    from geo.planner.export import plan_csv
    from geo.planner.sites import add_site_at

    network, site = add_site_at(diamond, 30.5, 66.5, name="=HYPERLINK(1)")
    plan = solve_exact(network, PlanSpec(objective="static", k=1, candidates=(site,)))
    frame = pd.read_csv(io.StringIO(plan_csv(network, plan)))
    assert list(frame["name"]) == ["'=HYPERLINK(1)"]
    assert frame["plan_bound_share"].iloc[0] == pytest.approx(plan.share)


def test_the_page_map_fetches_its_basemap_and_folds_its_legend(diamond):
    plan = solve_exact(diamond, PlanSpec(objective="static", k=1))
    embedded = planner_map(diamond, plan).get_root().render()
    fetched = planner_map(diamond, plan, remote=True).get_root().render()
    assert "MultiPolygon" in embedded and "MultiPolygon" not in fetched
    assert "window.raFetch" in fetched and "data-basemap-countries" in fetched
    assert len(fetched) < len(embedded) - 300_000  # the offline basemap is about 390 KB
    for html in (embedded, fetched):
        assert "ra-legend" in html and "details open" in html  # markup is escaped JSON here
        assert 'window.matchMedia("print")' in html  # opened for print
        assert "@media (max-width:" in html and "autoPanPaddingTopLeft" in html
