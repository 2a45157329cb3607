"""Shared inputs for the briefing tests: tables as the other pages hand them over, packs.

The target table has the 22 columns the awareness page keeps (its "district note" says that
Mirpur stands for Azad Kashmir); the plan comes from a real solve
of the atlas network (robust, so draws, seed and percentiles exist) and, as the planner page
stores it today, as a site table.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pandas as pd
import pytest

from geo.awareness.takeaway import CLASS_COLUMN as EVIDENCE_COLUMN
from geo.briefing.content import BriefingOptions
from geo.briefing.plan import plan_summary
from geo.provenance import Provenance
from layers.basemap import OFFLINE_NAME
from layers.route_map import RouteMapOptions
from render.pack import build_pack
from render.view import pack_view

THRESHOLD = 5
DISTRICTS = ["Gujrat", "Jhelum", "Rahim Yar Khan", "Multan", "Mandi Bahauddin", "Sialkot",
             "Gujranwala", "Azad Kashmir", "Kotli", "Lahore", "Faisalabad", "Sargodha"]  # fmt: skip

AJK_NOTE = (
    "Mirpur stands for Azad Jammu and Kashmir (AJK): the boundary file holds AJK as one unit, so "
    "what the report says of Mirpur is drawn on, and ranked for, all of AJK"
)
"""The awareness table's note for the AJK unit, as the gazetteer words it."""


def require_or_skip(path: str, what: str) -> None:
    """Skip when a Debian tool is missing, unless the environment requires it."""
    if Path(path).exists():
        return
    message = f"{what} ({path}) is not installed"
    if os.environ.get("ROUTE_ATLAS_REQUIRE_BROWSER") == "1":
        pytest.fail(message + " and ROUTE_ATLAS_REQUIRE_BROWSER=1")
    pytest.skip(message)


def target_districts(rows: int = 8) -> pd.DataFrame:
    """A ranking with the awareness page's 22 columns, long words and ' | '-joined text."""
    names = (DISTRICTS * (rows // len(DISTRICTS) + 1))[:rows]
    notes = [AJK_NOTE if name == "Azad Kashmir" else "" for name in names]
    frame = pd.DataFrame(
        {
            "rank": range(1, rows + 1),
            "district": names,
            "district note": notes,
            "province": ["Punjab"] * rows,
            "score": [round(1 - i / (rows + 1), 3) for i in range(rows)],
            "tied": [i in (2, 3) for i in range(rows)],
            **{f"points: indicator {k}": [0.1 * k] * rows for k in range(1, 8)},
            "missing indicators": [""] * rows,
            "share_in_top": [0.95 - 0.05 * i for i in range(rows)],
            "languages": ["Punjabi; Urdu"] * rows,
            "language basis": ["Punjabi: provincial language | Urdu: national"] * rows,
            "destinations": ["Greece; Spain"] * rows,
            "themes": ["Debt bondage; Deception by agents"] * rows,
            "theme sources": ["Debt bondage: §4.3 | Deception: §5.1"] * rows,
            "why": ["Named as a source of irregular migrants (§4.1) | Destination (§4.2)"] * rows,
            "province context (not a district finding)": ["Punjab: most deportees (§8)"] * rows,
        }
    )
    assert frame.shape[1] == 22
    frame.attrs["source"] = "Awareness targeting (weights set by the user; UNODC 2011 roles)"
    return frame


RECORDS_CLASS = Provenance(
    first_import="2026-11-02", last_import="2026-11-30", imported_by=("analyst1",)
)
"""The class of the loaded records, with an account name (which a public pack must not show)."""
EVIDENCE = "Deportees (total): Agency record, imported on 2026-11-02 to 2026-11-30 by analyst1"


def with_evidence(frame: pd.DataFrame) -> pd.DataFrame:
    """The ranking with the awareness page's evidence-class column: odd ranks rest on records."""
    out = frame.copy()
    out[EVIDENCE_COLUMN] = [EVIDENCE if i % 2 else "" for i in range(len(out))]
    out.attrs = dict(frame.attrs)
    return out


def plan_frame(rows: int = 3) -> pd.DataFrame:
    """The site table as the planner page stores it today, ``rows`` long."""
    base = [
        ("mand_balo", "Mand Balo", "crossing", 26.09, 61.99),
        ("taftan", "Taftan", "crossing", 28.947, 61.587),
        ("gwadar", "Gwadar", "port", 25.122, 62.325),
        ("islamabad_airport", "islamabad_airport", "airport", 33.549, 72.825),
    ]
    records = []
    for i in range(rows):
        site, name, kind, lat, lon = base[i % len(base)]
        records.append(
            {
                "site": site if i < len(base) else f"{site}_{i}",
                "name": name,
                "kind": kind,
                "lat": lat,
                "lon": lon,
                "status": "new",
                "cost": 1.0,
                "detection": 1.0,
                "marginal_gain": 1.0 / (i + 1),
                "marginal_gain_share": 0.4 / (i + 1),
                "flow_through": 2.0,
                "flow_through_share": 0.2,
            }
        )
    frame = pd.DataFrame(records).assign(objective="evasive", model_note="Model output note")
    frame.attrs["source"] = "Checkpoint planner (model output under stated assumptions)"
    return frame


def record_aggregates() -> dict[str, pd.DataFrame]:
    """Persons by crime type and by month, exact (as an analyst's session gets them)."""
    return {
        "crime_type": pd.DataFrame(
            {"crime_type": ["SOM", "TIP"], "persons": [41, 3], "records": [9, 1]}
        ),  # fmt: skip
        "month": pd.DataFrame(
            {"month": ["2011-01", "2011-02", "2011-03"], "persons": [5, 4, 35], "records": [2] * 3}
        ),
    }


@pytest.fixture(scope="session")
def planning_result():
    """A robust plan of three sites solved on the atlas network (small, seeded)."""
    from geo.planner.assumptions import FlowAssumptions
    from geo.planner.atlas import assumption_sampler, default_network
    from geo.planner.objectives import PlanSpec
    from geo.planner.run import run_planning

    assumptions = FlowAssumptions()
    network = default_network(assumptions=assumptions)
    return run_planning(
        network,
        PlanSpec(k=3),
        method="exact and greedy",
        robust=True,
        sampler=assumption_sampler(network, assumptions),
        n_scenarios=30,
        seed=7,
        time_limit=20,
    )


def options(*, role: str = "public", route: RouteMapOptions | None = None, **kwargs) -> tuple:
    """Options for a pack and the Route map options of its HTML map."""
    view, chosen = pack_view(route, currency=kwargs.get("currency", "PKR"))
    return BriefingOptions(role=role, threshold=THRESHOLD, view=view, **kwargs), chosen


@pytest.fixture(scope="session")
def public_pack(tmp_path_factory, planning_result):
    out = tmp_path_factory.mktemp("public_pack")
    opts, route = options(
        currency="EUR",
        plan=plan_summary(planning_result),
        targets=with_evidence(target_districts()),
        records=record_aggregates(),
        records_provenance=RECORDS_CLASS,
    )
    pack = build_pack(opts, out, route_map=route)
    yield pack
    shutil.rmtree(out, ignore_errors=True)


@pytest.fixture(scope="session")
def analyst_pack(tmp_path_factory):
    out = tmp_path_factory.mktemp("analyst_pack")
    opts, route = options(
        role="analyst",
        sections=("title", "target_districts", "checkpoint_plan", "records", "sources"),
        targets=with_evidence(target_districts()),
        plan=plan_summary(plan_frame()),
        records=record_aggregates(),
        records_provenance=RECORDS_CLASS,
    )
    return build_pack(opts, out, route_map=route)


@pytest.fixture(scope="session")
def route_map():
    from layers.route_map import build_route_map

    return build_route_map(RouteMapOptions(basemap=OFFLINE_NAME))
