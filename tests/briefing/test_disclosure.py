"""Disclosure by what the data are: kinds decide, column names do not; the boundary holds."""

from __future__ import annotations

import pandas as pd
import pytest

from geo.briefing.content import build_content
from geo.briefing.disclosure import DisclosureError, check_public
from geo.briefing.model import Table, TableKind
from geo.briefing.plan import plan_summary
from tests.briefing.conftest import THRESHOLD, options, plan_frame, target_districts


def test_a_plan_with_a_name_column_goes_into_a_public_pack():
    frame = plan_frame()
    assert "name" in frame.columns  # the column that used to be taken for a person's name
    opts, _ = options(sections=("checkpoint_plan", "target_districts"),
                      plan=plan_summary(frame), targets=target_districts())  # fmt: skip
    content = build_content(opts)
    keys = [b.key for b in content.blocks]
    assert keys == ["checkpoint_plan", "target_districts"]
    assert all(b.table.kind is TableKind.MODEL for b in content.blocks)


def test_record_level_rows_are_refused_whatever_their_columns():
    rows = Table(("District", "Count"), (("Gujrat", "12"),), TableKind.RECORDS)
    with pytest.raises(DisclosureError, match="record-level"):
        check_public(rows, title="Rows", threshold=THRESHOLD)


@pytest.mark.parametrize(
    ("persons", "shown"),
    [(THRESHOLD - 1, f"<{THRESHOLD}"), (THRESHOLD, str(THRESHOLD)), (0, f"<{THRESHOLD}")],
)
def test_record_aggregates_are_suppressed_at_the_threshold(persons, shown):
    frame = pd.DataFrame(
        {"crime_type": ["TIP", "SOM", "X"], "persons": [persons, 52, 63], "records": [1, 2, 3]}
    )
    records = {"crime_type": frame}
    opts, _ = options(sections=("records",), records=records)
    block = build_content(opts).blocks[0]
    cells = {row[1]: row[2] for row in block.table.rows}
    assert cells["TIP"] == shown
    # every other public count is rounded to a multiple of the threshold (52 -> 50, 63 -> 65),
    # so no difference of two public counts can equal a suppressed one
    assert (cells["SOM"], cells["X"]) == ("50", "65")
    assert block.table.kind is TableKind.AGGREGATE


def test_analyst_packs_keep_exact_counts():
    records = {"crime_type": pd.DataFrame({"crime_type": ["TIP", "SOM"], "persons": [2, 50],
                                           "records": [1, 2]})}  # fmt: skip
    opts, _ = options(role="analyst", sections=("records",), records=records)
    cells = {row[1]: row[2] for row in build_content(opts).blocks[0].table.rows}
    assert cells == {"TIP": "2", "SOM": "50"}


def test_an_unsuppressed_small_count_is_caught_before_anything_is_written():
    leaked = Table(("Group", "Persons"), (("TIP", "3"),), TableKind.AGGREGATE, counts=(1,))
    with pytest.raises(DisclosureError, match="below 5"):
        check_public(leaked, title="Records", threshold=5)
    fine = Table(("Group", "Persons"), (("TIP", "<5"), ("SOM", "5")), TableKind.AGGREGATE,
                 counts=(1,))  # fmt: skip
    check_public(fine, title="Records", threshold=5)
