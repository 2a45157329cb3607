"""Run one import in a separate process (for the crash and concurrency tests).

Usage: ``python -m tests.records.child_import STORE_URL FILE [--pause-after-first-batch]
[--wait-for PATH]``. With ``--pause-after-first-batch`` it prints ``WRITING`` once the first
batch is inside the open transaction and then sleeps, so the test can kill it there.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from geo.records.importer import import_file
from geo.records.store import RecordStore


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("url")
    parser.add_argument("file")
    parser.add_argument("--pause-after-first-batch", action="store_true")
    parser.add_argument("--wait-for")
    args = parser.parse_args()
    store = RecordStore(args.url)
    store.ensure_schema()
    if args.wait_for:
        while not Path(args.wait_for).exists():
            time.sleep(0.01)

    def progress(done: int, total: int | None) -> None:
        if args.pause_after_first_batch and total is None:
            print(f"WRITING {done}", flush=True)
            time.sleep(120)

    path = Path(args.file)
    report = import_file(store, path, file_name=path.name, user="child", progress=progress)
    print(f"DONE {report.status} {report.accepted} {report.duplicates}", flush=True)
    sys.exit(0 if report.status == "committed" else 1)


if __name__ == "__main__":
    main()
