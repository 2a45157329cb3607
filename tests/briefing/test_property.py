"""Every combination of sections, roles, currencies and inputs builds a pack or says why not."""

from __future__ import annotations

import re
import tempfile
from pathlib import Path

import pandas as pd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from geo.briefing.model import SECTIONS, TableKind
from geo.briefing.plan import plan_summary
from render.pack import try_build_pack
from tests.briefing.conftest import THRESHOLD, options, plan_frame, target_districts

ROLES = ("public", "analyst", "admin")
CURRENCIES = ("PKR", "USD", "EUR")
TOKEN = re.compile(r"^<\d+$|^hidden$")


def _rows() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "record_id": [1, 2],
            "event_date": ["2011-03-02", "2011-02-11"],
            "place_name": ["Taftan", "Gwadar"],
            "persons": [1, 3],
            "event_type": ["deported", "deported"],
            "crime_type": ["SOM", "TIP"],
        }
    )


def _records(small: int) -> dict[str, pd.DataFrame]:
    return {
        "crime_type": pd.DataFrame(
            {"crime_type": ["SOM", "TIP"], "persons": [40, small], "records": [3, 1]}
        ),
        "month": pd.DataFrame(
            {"month": ["2011-01", "2011-02"], "persons": [small, small + 7], "records": [1, 1]}
        ),
    }


@settings(
    max_examples=14,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    sections=st.lists(st.sampled_from(list(SECTIONS)), unique=True, max_size=len(SECTIONS)),
    role=st.sampled_from(ROLES),
    currency=st.sampled_from(CURRENCIES),
    records=st.none() | st.integers(min_value=0, max_value=THRESHOLD + 1),
    plan=st.sampled_from(("none", "frame", "robust", "frame40")),
    targets=st.booleans(),
    rows=st.booleans(),
)
def test_a_pack_or_one_plain_sentence(
    planning_result, sections, role, currency, records, plan, targets, rows
):
    supplied = {
        "none": None,
        "frame": plan_frame(3),
        "frame40": plan_frame(40),
        "robust": planning_result,
    }[plan]
    try:
        opts, route = options(
            role=role,
            currency=currency,
            sections=tuple(sections),
            plan=plan_summary(supplied),
            targets=target_districts(21) if targets else None,
            records=None if records is None else _records(records),
            record_rows=_rows() if rows else None,
        )
    except ValueError as err:  # only an empty choice of sections is refused here
        assert not sections
        assert str(err) == "Pick at least one section."
        return
    with tempfile.TemporaryDirectory() as out:
        outcome = try_build_pack(opts, Path(out), route_map=route)
    if outcome.pack is None:
        message = outcome.message
        assert message.endswith(".") and "\n" not in message and "Traceback" not in message
        assert "/" not in message.replace("and/or", "")
        assert "error on the server" not in message  # nothing unexpected in any combination
        return
    content = outcome.pack.content
    keys = {b.key for b in content.blocks}
    for key in ("checkpoint_plan", "target_districts"):
        present = supplied is not None if key == "checkpoint_plan" else targets
        if key in sections:
            assert (key in keys) == present  # public or not: model outputs go in
    for note in content.withheld:
        assert note.endswith(".") and "\n" not in note
    if "record_rows" in sections and rows:
        assert ("record_rows" in keys) == (role != "public")
        if role == "public":
            assert any(
                "record-level rows never go into a public pack" in n for n in content.withheld
            )
    if role != "public":
        return
    for block in content.blocks:
        table = block.table
        if table is None:
            continue
        assert table.kind is not TableKind.RECORDS
        if table.kind is TableKind.AGGREGATE:
            persons = table.columns.index("Persons")
            for row in table.rows:
                cell = row[persons]
                assert TOKEN.match(cell) or int(cell.replace(",", "")) >= THRESHOLD, cell
