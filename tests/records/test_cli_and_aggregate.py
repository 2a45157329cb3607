"""The command line uses the common importer; aggregations match a direct computation."""

from __future__ import annotations

import os
import subprocess
import sys

import pandas as pd
import pytest

from geo.paths import PROJECT_DIR
from geo.records import aggregate as agg
from geo.records.access import login
from geo.records.importer import import_file
from geo.records.store import RecordStore
from tests.records.helpers import csv_bytes, many_rows, write_csv

SCRIPT = str(PROJECT_DIR / "scripts" / "records.py")


def cli(*args, stdin="", url):
    return subprocess.run(
        [sys.executable, SCRIPT, "--database", url, *args],
        input=stdin,
        capture_output=True,
        text=True,
        cwd=PROJECT_DIR,
        env={**os.environ, "USER": "clerk"},
        timeout=120,
    )


def test_cli_import_log_undo(store_url, tmp_path):
    good = write_csv(tmp_path / "march.csv", many_rows(12))
    result = cli("import", str(good), "--user", "officer1", url=store_url)
    assert result.returncode == 0, result.stderr
    assert "committed" in result.stdout and "added 12" in result.stdout
    again = cli("import", str(good), url=store_url)
    assert "added 0, duplicates 12" in again.stdout
    bad_rows = many_rows(4, seed=99)
    bad_rows[1]["place"] = "Karachee"
    bad = write_csv(tmp_path / "bad.csv", bad_rows)
    refused = cli("import", str(bad), url=store_url)
    assert refused.returncode == 1
    assert "row 3, column 'place': unknown place 'Karachee'" in refused.stdout
    assert "Karachi" in refused.stdout and "nothing was written" in refused.stdout
    dropped = cli("import", str(bad), "--drop-bad-rows", url=store_url)
    assert dropped.returncode == 0 and "added 3" in dropped.stdout
    log = cli("log", url=store_url)
    lines = log.stdout.strip().splitlines()
    assert len(lines) == 5  # header + four imports
    assert "officer1\tmarch.csv\tcommitted\t12\t12\t0\t0" in log.stdout
    assert "clerk\tbad.csv\trefused" in log.stdout
    first_id = lines[-1].split("\t")[0]
    undo = cli("undo", first_id, url=store_url)
    assert undo.returncode == 0 and "12 records removed" in undo.stdout
    assert RecordStore(store_url).count_records() == 3
    assert cli("undo", first_id, url=store_url).returncode == 1
    missing = cli("import", str(tmp_path / "nope.csv"), url=store_url)
    assert missing.returncode == 2 and "file not found" in missing.stderr


def test_cli_create_admin_from_stdin(store_url):
    made = cli("create-admin", "chief", stdin="a long admin password\n", url=store_url)
    assert made.returncode == 0, made.stderr
    store = RecordStore(store_url)
    assert login(store, "chief", "a long admin password").role.value == "admin"
    weak = cli("create-admin", "chief2", stdin="short\n", url=store_url)
    assert weak.returncode == 1 and "at least 10" in weak.stderr
    analyst = cli("create-user", "ana", "--role", "analyst", stdin="another long one\n",
                  url=store_url)  # fmt: skip
    assert analyst.returncode == 0


def test_aggregations_match_pandas(store):
    rows = many_rows(3000)
    import_file(store, csv_bytes(rows), file_name="x.csv", user="t")
    frame = pd.DataFrame(rows)
    frame["persons"] = frame["count"].astype(int)
    frame["month"] = frame["date"].str[:7]
    by_month = agg.aggregate(store, "month")
    expected = frame.groupby("month")["persons"].sum()
    assert by_month.set_index("month")["persons"].to_dict() == expected.to_dict()
    assert list(by_month["month"]) == sorted(by_month["month"])
    filt = agg.RecordFilter(start_month="2019-03", end_month="2021-06", crime_types=("TIP",),
                            sexes=("female", "male"))  # fmt: skip
    sel = frame[
        (frame.month >= "2019-03") & (frame.month <= "2021-06") & (frame.crime_type == "TIP")
        & frame.sex.isin(["female", "male"])
    ]  # fmt: skip
    by_event = agg.aggregate(store, "event_type", filt).set_index("event_type")
    assert by_event["persons"].to_dict() == sel.groupby("event_type")["persons"].sum().to_dict()
    assert by_event["records"].to_dict() == sel.groupby("event_type").size().to_dict()
    assert agg.total(store, filt) == (sel.persons.sum(), len(sel))
    by_place = agg.aggregate(store, "place")
    assert by_place["place_key"].is_unique and {"lat", "lon"} <= set(by_place.columns)
    assert agg.month_range(store) == (frame.month.min(), frame.month.max())
    assert agg.RecordFilter.from_dict(filt.to_dict()) == filt


def test_aggregate_refuses_unknown_grouping_and_bad_periods(store):
    with pytest.raises(ValueError, match="unknown grouping"):
        agg.aggregate(store, "password_hash")
    with pytest.raises(ValueError, match="YYYY-MM"):
        agg.RecordFilter(start_month="2020")
    with pytest.raises(ValueError, match="after it ends"):
        agg.RecordFilter(start_month="2021-01", end_month="2020-01")
    with pytest.raises(ValueError, match="not a category column"):
        agg.distinct_values(store, "note; DROP TABLE records")


def test_cross_tabulation_sums_to_the_single_breakdowns(store):
    from geo.records.aggregate import aggregate, cross_tabulate
    from geo.records.importer import import_file
    from tests.records.helpers import csv_bytes, many_rows

    import_file(store, csv_bytes(many_rows(120, seed=3)), file_name="x.csv", user="t")
    both = cross_tabulate(store, ("origin_district", "event_type"))
    single = aggregate(store, "event_type").set_index("event_type")["persons"]
    assert both.groupby("event_type")["persons"].sum().to_dict() == single.to_dict()
    with pytest.raises(ValueError, match="cannot cross-tabulate"):
        cross_tabulate(store, ("place",))


def test_public_cross_summary_hides_small_cells(store):
    from geo.records import service
    from geo.records.access import Role, Session
    from geo.records.importer import import_file
    from tests.records.helpers import csv_bytes, row

    rows = [
        row(count="2", origin_district="Gujrat"),
        row(count="9", origin_district="Jhelum"),
        row(count="30", origin_district="Quetta"),
    ]
    import_file(store, csv_bytes(rows), file_name="y.csv", user="t")
    public = Session(role=Role.PUBLIC)
    frame = service.cross_summary(store, public, ("origin_district",), threshold=5)
    shown = dict(zip(frame["origin_district"], frame["persons_shown"], strict=True))
    assert shown["Gujrat"] == "<5" and shown["Quetta"] == "30"
    assert shown["Jhelum"] == "10"  # 9 rounded to the nearest multiple of 5
    assert frame.loc[frame["origin_district"] == "Gujrat", "persons"].isna().all()
    total = int(service.period_total(store, public, threshold=5))
    assert total == 40  # 41 rounded
    assert total - 10 - 30 != 2  # the small cell does not follow by subtraction
