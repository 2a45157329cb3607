"""An import killed with SIGKILL leaves the store as it was; two imports at once lose nothing."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

from geo.paths import PROJECT_DIR
from geo.records.importer import BATCH_ROWS, import_file
from geo.records.store import BULK_MIN_ROWS, RecordStore
from tests.records.helpers import csv_bytes, many_rows, write_csv


def child(url, path, *extra):
    return subprocess.Popen(
        [sys.executable, "-m", "tests.records.child_import", url, str(path), *extra],
        cwd=PROJECT_DIR,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONPATH": str(PROJECT_DIR)},
    )


def snapshot(store: RecordStore) -> tuple:
    return (
        store.query("SELECT * FROM records ORDER BY record_id"),
        store.query("SELECT * FROM imports ORDER BY import_id"),
        store.query("SELECT * FROM facts ORDER BY record_id"),
        store.query("SELECT * FROM dims ORDER BY code"),
    )


def test_sigkill_midway_leaves_store_exactly_as_before(store_url, tmp_path):
    store = RecordStore(store_url)
    import_file(store, csv_bytes(many_rows(50)), file_name="base.csv", user="t")
    before = snapshot(store)
    big = write_csv(tmp_path / "big.csv", many_rows(3 * BATCH_ROWS, seed=10_000))
    assert big.stat().st_size // 100 > BULK_MIN_ROWS  # on SQLite: the index-rebuilding path
    proc = child(store_url, big, "--pause-after-first-batch")
    try:
        line = proc.stdout.readline()
        assert line.startswith("WRITING"), line + proc.stderr.read()
        assert int(line.split()[1]) >= BATCH_ROWS  # a full batch is inside the transaction
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
        proc.communicate(timeout=30)  # reaps the child and closes its pipes
    assert proc.returncode == -signal.SIGKILL
    time.sleep(0.2)  # PostgreSQL notices the dropped connection and rolls back
    deadline = time.monotonic() + 20
    while snapshot(store) != before and time.monotonic() < deadline:
        time.sleep(0.2)
    assert snapshot(store) == before
    if store.kind == "sqlite":  # the bulk import had dropped its grouping indexes: restored
        indexes = store.query("SELECT name FROM sqlite_master WHERE name LIKE 'facts_by_%'")
        assert len(indexes) == 11
    # the store still works and the interrupted file can be imported afterwards
    report = import_file(store, big, file_name="big.csv", user="t")
    assert report.accepted == 3 * BATCH_ROWS


def test_two_processes_importing_at_once_lose_nothing(store_url, tmp_path):
    store = RecordStore(store_url)
    store.ensure_schema()
    a = write_csv(tmp_path / "a.csv", many_rows(30_000, seed=0))
    b = write_csv(tmp_path / "b.csv", many_rows(30_000, seed=50_000))
    same = write_csv(tmp_path / "same.csv", many_rows(5_000, seed=200_000))
    go = tmp_path / "go"
    procs = [child(store_url, p, "--wait-for", str(go)) for p in (a, b, same, same)]
    time.sleep(1.0)
    go.touch()
    outputs = [p.communicate(timeout=300) for p in procs]
    for proc, (out, err) in zip(procs, outputs, strict=True):
        assert proc.returncode == 0, out + err
    assert store.count_records() == 65_000
    done = [out.split() for out, _ in outputs]
    assert [d[2] for d in done[:2]] == ["30000", "30000"]
    same_added = sorted(int(d[2]) for d in done[2:])
    same_duplicates = sorted(int(d[3]) for d in done[2:])
    assert same_added == [0, 5000] and same_duplicates == [0, 5000]
    log = store.import_log()
    assert len(log) == 4 and {e.status for e in log} == {"committed"}
