"""Import into the store on SQLite and PostgreSQL: transactions, duplicates, undo, log."""

from __future__ import annotations

import pytest

from geo.records.importer import import_file
from geo.records.store import RecordStore
from tests.records.helpers import csv_bytes, many_rows, row


def snapshot(store: RecordStore) -> tuple:
    """Everything observable about the store's records and log."""
    records = store.query("SELECT * FROM records ORDER BY record_id")
    log = store.query("SELECT * FROM imports ORDER BY import_id")
    facts = store.query("SELECT * FROM facts ORDER BY record_id")
    return records, log, facts


def do_import(store, rows, *, name="batch.csv", drop=False, user="tester"):
    return import_file(store, csv_bytes(rows), file_name=name, user=user, drop_bad_rows=drop)


def test_store_created_on_first_use_in_var_dir(tmp_path, monkeypatch):
    monkeypatch.setenv("ROUTE_ATLAS_VAR_DIR", str(tmp_path / "fresh"))
    store = RecordStore()
    assert store.kind == "sqlite"
    assert store.count_records() == 0
    assert (tmp_path / "fresh" / "records.sqlite").exists()


def test_database_url_selects_postgresql(monkeypatch):
    monkeypatch.setenv("DATABASE_URL", "postgresql://u@127.0.0.1:1/x")
    assert RecordStore().kind == "postgresql"
    with pytest.raises(ValueError, match="unsupported database URL"):
        RecordStore("mysql://x")


def test_import_adds_records_and_logs_it(store):
    report = do_import(store, many_rows(30), name="fia_march.csv")
    assert report.status == "committed"
    assert (report.accepted, report.duplicates, report.rejected) == (30, 0, 0)
    assert store.count_records() == 30
    total = store.query("SELECT SUM(persons) FROM records")[0][0]
    assert total == sum(int(r["count"]) for r in many_rows(30))
    [entry] = store.import_log()
    assert entry.user_name == "tester" and entry.file_name == "fia_march.csv"
    assert entry.checksum == report.checksum and len(entry.checksum) == 64
    assert (entry.accepted, entry.rejected, entry.rows_read, entry.status) == (
        30,
        0,
        30,
        "committed",
    )
    assert entry.started_at and entry.finished_at


def test_bad_rows_refuse_whole_file_and_write_nothing(store):
    do_import(store, many_rows(5))
    before = snapshot(store)
    rows = many_rows(40, seed=100)
    rows[37]["count"] = "-2"
    report = do_import(store, rows)
    assert report.status == "refused" and report.rejected == 1
    assert report.errors[0].row == 39
    records, log, facts = snapshot(store)
    assert records == before[0] and facts == before[2]
    assert log[:-1] == before[1]
    refused = store.import_log()[0]
    assert (refused.status, refused.accepted, refused.rejected) == ("refused", 0, 1)


def test_drop_bad_rows_imports_the_good_ones(store):
    rows = many_rows(10)
    rows[3]["place"] = "Atlantis"
    rows[7]["crime_type"] = "both"
    report = do_import(store, rows, drop=True)
    assert report.status == "committed"
    assert (report.accepted, report.rejected) == (8, 2)
    assert store.count_records() == 8
    assert store.import_log()[0].rejected == 2


def test_unreadable_file_is_logged_as_failed(store):
    report = import_file(store, b"\x00\x01binary", file_name="x.csv", user="tester")
    assert report.status == "failed" and "binary" in report.file_error
    assert store.count_records() == 0
    assert store.import_log()[0].status == "failed"


def test_reimport_adds_nothing(store):
    rows = many_rows(25)
    do_import(store, rows)
    before = store.query("SELECT * FROM records ORDER BY record_id")
    again = do_import(store, rows)
    assert (again.accepted, again.duplicates) == (0, 25)
    assert store.query("SELECT * FROM records ORDER BY record_id") == before
    overlapping = do_import(store, rows[10:] + many_rows(5, seed=900))
    assert (overlapping.accepted, overlapping.duplicates) == (5, 15)
    assert store.count_records() == 30


def test_identical_rows_in_one_file_are_distinct_records(store):
    same = [row(), row(), row()]
    report = do_import(store, same)
    assert report.accepted == 3
    assert do_import(store, same).accepted == 0
    assert do_import(store, same + [row()]).accepted == 1
    assert store.count_records() == 4


def test_reference_identifies_a_record_across_corrections(store):
    do_import(store, [row(reference="FIA-KHI-001", count="3")])
    report = do_import(store, [row(reference="FIA-KHI-001", count="4")])
    assert (report.accepted, report.duplicates) == (0, 1)
    other_agency = do_import(store, [row(reference="FIA-KHI-001", agency="Rangers")])
    assert other_agency.accepted == 1


def test_undo_removes_exactly_one_import(store):
    first = do_import(store, many_rows(10))
    kept = store.query("SELECT * FROM records ORDER BY record_id")
    second = do_import(store, many_rows(7, seed=50), name="second.csv")
    assert store.count_records() == 17
    removed = store.undo_import(second.entry.import_id, user="admin1")
    assert removed == 7
    assert store.query("SELECT * FROM records ORDER BY record_id") == kept
    entry = {e.import_id: e for e in store.import_log()}[second.entry.import_id]
    assert (entry.status, entry.undone_by) == ("undone", "admin1") and entry.undone_at
    with pytest.raises(ValueError, match="status is 'undone'"):
        store.undo_import(second.entry.import_id, user="admin1")
    with pytest.raises(KeyError):
        store.undo_import(9999, user="admin1")
    assert do_import(store, many_rows(7, seed=50)).accepted == 7
    assert first.entry.status == "committed"


def test_failure_inside_import_rolls_back_records_and_log(store):
    do_import(store, many_rows(3))
    before = snapshot(store)
    with pytest.raises(RuntimeError, match="simulated"):
        with store.import_transaction(user="t", file_name="f", checksum="0", mode="m") as tx:
            tx.add([("c:abc:0", *("2020-01-01", "2020-01", "day", "k", "k", "K", 25.0, 62.0,
                                  "", 3, "deported", "SOM", "FIA", "", "", "male", "unknown",
                                  "", "", "", "s"))])  # fmt: skip
            assert tx.added == 1
            raise RuntimeError("simulated crash")
    assert snapshot(store) == before


def test_large_import_in_batches(store):
    report = do_import(store, many_rows(45_000))
    assert report.accepted == 45_000 and store.count_records() == 45_000


def facts_match_records(store: RecordStore) -> None:
    """The coded aggregation table describes exactly the stored records."""
    joined = store.query(
        "SELECT COUNT(*), COALESCE(SUM(f.persons), 0) FROM facts f "
        "JOIN records r ON r.record_id = f.record_id AND r.persons = f.persons "
        "AND r.import_id = f.import_id"
    )[0]
    plain = store.query("SELECT COUNT(*), COALESCE(SUM(persons), 0) FROM records")[0]
    assert tuple(joined) == tuple(plain)
    assert store.query("SELECT COUNT(*) FROM facts")[0][0] == plain[0]


def test_facts_follow_imports_duplicates_and_undo(store):
    first = do_import(store, many_rows(300))
    do_import(store, many_rows(300))
    facts_match_records(store)
    second = do_import(store, many_rows(100, seed=7000) + many_rows(50), name="second.csv")
    assert (second.accepted, second.duplicates) == (100, 50)
    facts_match_records(store)
    store.undo_import(first.entry.import_id, user="admin")
    facts_match_records(store)
    assert store.count_records() == 100


def test_reference_repeated_within_a_file_keeps_the_first_row(store):
    rows = [row(reference="R-1", count="2"), row(reference="R-1", count="9"), row(reference="R-2")]
    report = do_import(store, rows)
    assert (report.accepted, report.duplicates) == (2, 1)
    assert store.query("SELECT persons FROM records WHERE reference = 'R-1'") == [(2,)]
    facts_match_records(store)


def _grouping_indexes(store: RecordStore) -> set[str]:
    rows = store.query("SELECT name FROM sqlite_master WHERE type = 'index'")
    return {name for (name,) in rows if name.startswith("facts_by_")}


def test_bulk_import_rebuilds_indexes_and_rolls_back_cleanly(tmp_path, monkeypatch):
    from geo.records import writer as writer_module

    monkeypatch.setattr(writer_module, "BULK_MIN_ROWS", 10)
    store = RecordStore(tmp_path / "bulk.sqlite")
    store.ensure_schema()
    expected = _grouping_indexes(store)
    assert len(expected) == 11
    report = import_file(store, csv_bytes(many_rows(400)), file_name="a.csv", user="t",
                         expected_rows=400)  # fmt: skip
    assert report.accepted == 400
    assert _grouping_indexes(store) == expected
    facts_match_records(store)
    plan = store.query("EXPLAIN QUERY PLAN SELECT sex, SUM(persons) FROM facts GROUP BY sex")
    assert "facts_by_sex" in str(plan)
    with pytest.raises(RuntimeError):
        with store.import_transaction(user="t", file_name="b", checksum="0", mode="m",
                                      expected_rows=10_000) as tx:  # fmt: skip
            assert tx.bulk
            raise RuntimeError("simulated crash after the indexes were dropped")
    assert _grouping_indexes(store) == expected
    small = import_file(store, csv_bytes(many_rows(20, seed=5000)), file_name="c.csv", user="t",
                        expected_rows=20)  # fmt: skip
    assert small.accepted == 20 and _grouping_indexes(store) == expected
