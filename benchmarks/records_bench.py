"""Benchmark of interception-record imports and of the aggregations behind the pages.

``python -m benchmarks.records_bench [--sizes 100000 1000000] [--out benchmarks/out]``

1. Generates fictitious record files (the generator lives here, never in the app's data).
2. Imports each into a fresh SQLite store through the app's importer (validation, duplicate keys,
   one transaction), in a separate process so that its peak memory (max RSS) is its own.
3. Does the same with a plain ``pandas.read_csv`` + ``DataFrame.to_sql`` (no validation, no
   duplicate detection) for comparison.
4. Times every aggregation the Interceptions page and the map layer run, on the largest store,
   without and with filters (median of several runs).

Targets on the 2-core machine: 1,000,000 rows in under 60 s, each aggregation under 1 s, peak
memory under 2 GB. Prints a Markdown table and writes the numbers as JSON.
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import resource
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from geo.gazetteer import load_gazetteer
from geo.records.schema import COLUMN_NAMES, IATF_AGENCIES, AgeGroup, CrimeType, EventType, Sex

NATIONALITIES = ["Pakistani", "Afghan", "Bangladeshi", "Iranian", "Indian", "unknown"]


def generate(path: Path, rows: int, *, seed: int = 1) -> Path:
    """Write ``rows`` fictitious but valid records (about 10% located by coordinates)."""
    rng = random.Random(seed)
    gazetteer = load_gazetteer()
    places = [p.name for p in gazetteer if p.kind != "sea"]
    districts = [p.name for p in gazetteer.of_kind("district")] + [""] * 5
    months = [f"{y}-{m:02d}" for y in range(2015, 2025) for m in range(1, 13)]
    events, crimes = [e.value for e in EventType], [c.value for c in CrimeType]
    sexes, ages = [s.value for s in Sex], [a.value for a in AgeGroup]
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(COLUMN_NAMES)
        for i in range(rows):
            month = rng.choice(months)
            if rng.random() < 0.1:
                place, lat, lon = "", f"{rng.uniform(24, 36):.3f}", f"{rng.uniform(61, 75):.3f}"
            else:
                place, lat, lon = rng.choice(places), "", ""
            date = month if rng.random() < 0.2 else f"{month}-{rng.randint(1, 28):02d}"
            writer.writerow(
                (
                    date, place, lat, lon, rng.randint(1, 40), rng.choice(events),
                    rng.choice(crimes), rng.choice(IATF_AGENCIES), rng.choice(NATIONALITIES),
                    rng.choice(districts), rng.choice(sexes), rng.choice(ages), "", "",
                    f"fictitious benchmark row {i}", "benchmark generator",
                )
            )  # fmt: skip
    return path


def _child_import(kind: str, csv_path: str, db_path: str) -> None:
    """Run in a child process: one import, then print time and this process's peak memory."""
    start = time.perf_counter()
    if kind == "importer":
        from geo.records.importer import import_file
        from geo.records.store import RecordStore

        store = RecordStore(db_path)
        report = import_file(store, Path(csv_path), file_name="bench.csv", user="bench")
        rows = report.accepted
        if report.status != "committed":
            raise SystemExit(f"import {report.status}: {report.errors[:3]} {report.file_error}")
    else:
        import pandas as pd

        frame = pd.read_csv(csv_path, dtype=str, keep_default_na=False)
        with sqlite3.connect(db_path) as conn:
            frame.to_sql("records", conn, index=False, chunksize=50_000)
        rows = len(frame)
    seconds = time.perf_counter() - start
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"rows": rows, "seconds": seconds, "peak_mb": peak_mb}))


def measure_import(kind: str, csv_path: Path, db_path: Path) -> dict:
    """Import in a fresh process and return its rows, seconds, rows/s and peak MB."""
    db_path.unlink(missing_ok=True)
    out = subprocess.run(
        [sys.executable, "-m", "benchmarks.records_bench", "--child", kind, str(csv_path),
         str(db_path)],
        check=True, capture_output=True, text=True,
    )  # fmt: skip
    result = json.loads(out.stdout.strip().splitlines()[-1])
    result["rows_per_s"] = result["rows"] / result["seconds"]
    return result


def time_aggregations(db_path: Path, *, repeat: int = 5) -> dict[str, float]:
    """Median seconds of each aggregation the pages and the map run (public session)."""
    from geo.records import service
    from geo.records.access import PUBLIC
    from geo.records.aggregate import DIMENSIONS, RecordFilter
    from geo.records.store import RecordStore

    store = RecordStore(db_path)
    one_year = RecordFilter(start_month="2020-01", end_month="2020-12", crime_types=("TIP",))
    two_sexes = RecordFilter(sexes=("female", "male"))
    tip = RecordFilter(crime_types=("TIP",))
    cases: dict[str, tuple[str, RecordFilter | None]] = {
        f"{by}, all": (by, None) for by in DIMENSIONS
    }
    cases.update({f"{by}, 2020 TIP": (by, one_year) for by in ("month", "place", "district")})
    cases.update({f"{by}, TIP all months": (by, tip) for by in ("month", "event_type")})
    cases.update({f"{by}, female+male": (by, two_sexes) for by in ("month", "place")})
    timings: dict[str, float] = {}
    for name, (by, filt) in cases.items():
        runs = []
        for _ in range(repeat):
            start = time.perf_counter()
            service.summary(store, PUBLIC, by, filt)
            runs.append(time.perf_counter() - start)
        timings[name] = statistics.median(runs)
    start = time.perf_counter()
    service.period_total(store, PUBLIC, one_year)
    timings["total, 2020 TIP"] = time.perf_counter() - start
    return timings


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100_000, 1_000_000])
    parser.add_argument("--out", type=Path, default=Path("benchmarks/out"))
    parser.add_argument("--child", nargs=3, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        _child_import(*args.child)
        return
    args.out.mkdir(parents=True, exist_ok=True)
    results: dict = {"imports": [], "aggregations": {}}
    with tempfile.TemporaryDirectory(prefix="records-bench-") as tmp:
        work = Path(tmp)
        for size in args.sizes:
            csv_path = generate(work / f"records_{size}.csv", size)
            mb = csv_path.stat().st_size / 1e6
            for kind in ("importer", "pandas"):
                res = measure_import(kind, csv_path, work / f"{kind}_{size}.sqlite")
                res.update(kind=kind, size=size, file_mb=mb)
                results["imports"].append(res)
                print(f"{kind:9s} {size:>9,} rows: {res['seconds']:6.1f} s, "
                      f"{res['rows_per_s']:>9,.0f} rows/s, peak {res['peak_mb']:,.0f} MB",
                      flush=True)  # fmt: skip
        largest = max(args.sizes)
        results["aggregations"] = time_aggregations(work / f"importer_{largest}.sqlite")
    for name, seconds in results["aggregations"].items():
        print(f"aggregation {name:28s} {seconds * 1000:7.0f} ms")
    (args.out / "records_bench.json").write_text(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
