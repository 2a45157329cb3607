"""Every row of records in the pack says its class; target rows say what evidence they rest on."""

from __future__ import annotations

import subprocess

import pandas as pd
import pytest

from geo.briefing.content import build_content
from geo.briefing.supplied import REPORT_ONLY
from tests.briefing.conftest import (
    EVIDENCE,
    RECORDS_CLASS,
    THRESHOLD,
    options,
    record_aggregates,
    require_or_skip,
    target_districts,
    with_evidence,
)

PUBLIC_CLASS = "Agency record, imported on 2026-11-02 to 2026-11-30 by an agency administrator"
ANALYST_CLASS = "Agency record, imported on 2026-11-02 to 2026-11-30 by analyst1"


def block(opts, key: str):
    return next(b for b in build_content(opts).blocks if b.key == key)


def column(table, header: str) -> list[str]:
    j = table.columns.index(header)
    return [row[j] for row in table.rows]


def test_every_public_records_row_carries_the_class_without_an_account_and_stays_suppressed():
    opts, _ = options(
        sections=("records",), records=record_aggregates(), records_provenance=RECORDS_CLASS
    )
    table = block(opts, "records").table
    assert table.columns == ("Grouped by", "Group", "Persons", "Class")
    assert len(table.rows) == 5 and column(table, "Class") == [PUBLIC_CLASS] * 5
    persons = dict(zip(column(table, "Group"), column(table, "Persons"), strict=True))
    # 3 TIP and 4 in 2011-02 are below the threshold of 5; 41 -> 40, 35 -> 35, 5 stays 5.
    assert persons == {"SOM": "40", "TIP": f"<{THRESHOLD}", "2011-01": "5",
                       "2011-02": f"<{THRESHOLD}", "2011-03": "35"}  # fmt: skip
    assert "analyst1" not in " ".join(" ".join(row) for row in table.rows)


def test_analyst_records_and_record_rows_carry_the_class_with_the_account():
    rows = pd.DataFrame(
        {"event_date": ["2026-11-01", "2026-10-30"], "place_name": ["Taftan", "Gwadar"],
         "persons": [3, 12]}
    )  # fmt: skip
    opts, _ = options(
        role="analyst", sections=("records", "record_rows"), records=record_aggregates(),
        record_rows=rows, records_provenance=RECORDS_CLASS,
    )  # fmt: skip
    assert column(block(opts, "records").table, "Class") == [ANALYST_CLASS] * 5
    table = block(opts, "record_rows").table
    assert table.columns == ("Date", "Place", "Persons", "Class")
    assert column(table, "Class") == [ANALYST_CLASS, ANALYST_CLASS]
    assert column(table, "Persons") == ["3", "12"]


def test_records_without_a_stated_import_are_still_never_a_reported_figure():
    opts, _ = options(sections=("records",), records=record_aggregates())
    classes = set(column(block(opts, "records").table, "Class"))
    assert classes == {"Agency record (not a figure of the report)"}


def test_target_rows_say_which_evidence_is_not_the_reports():
    opts, _ = options(sections=("target_districts",), targets=with_evidence(target_districts()))
    table = block(opts, "target_districts").table
    classes = column(table, "Evidence class (agency records, uploads)")
    assert classes == [REPORT_ONLY, EVIDENCE] * 4
    joined = target_districts(2)
    joined["agency records and uploads (not report figures)"] = [
        "A: Agency record, imported on 2026-11-30 by x | B: User-uploaded indicator, uploaded "
        "on 2026-11-29 by y",
        "",
    ]
    two = block(options(sections=("target_districts",), targets=joined)[0], "target_districts")
    assert column(two.table, "Evidence class (agency records, uploads)")[0] == (
        "A: Agency record, imported on 2026-11-30 by x; B: User-uploaded indicator, uploaded "
        "on 2026-11-29 by y"
    )


def test_a_ranking_on_the_report_alone_gets_no_evidence_column():
    plain = target_districts()
    plain["agency records and uploads (not report figures)"] = ""
    for frame in (plain, target_districts()):
        opts, _ = options(sections=("target_districts",), targets=frame)
        table = block(opts, "target_districts").table
        assert not any("Evidence class" in header for header in table.columns)


@pytest.mark.parametrize("key", ["records", "target_districts"])
def test_no_word_of_the_class_columns_is_split_in_the_pdf(public_pack, key):
    require_or_skip("/usr/bin/pdftotext", "pdftotext (Debian poppler-utils)")
    text = subprocess.run(
        ["pdftotext", "-layout", str(public_pack.pdf), "-"],
        check=True, capture_output=True, text=True, timeout=60,
    ).stdout  # fmt: skip
    tokens = set(text.split())
    table = next(b for b in public_pack.content.blocks if b.key == key).table
    header = table.columns[-1]
    words = {w for value in column(table, header) for w in value.split()} | set(header.split())
    assert words and words <= tokens, sorted(words - tokens)
