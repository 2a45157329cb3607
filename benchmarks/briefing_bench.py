"""How long the default briefing pack takes to build, step by step, in a fresh process.

Run from the project root: ``python -m benchmarks.briefing_bench [--repeat N]``. Each run starts
a new Python process (so import time and the first read of every data file are counted, as a
user's first click would pay them), builds the default pack (all sections, public mode, with a
small checkpoint plan and target-district table) and prints the time of each step reported by
the pack's progress callback, the whole build, and the sizes of the three files.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

TARGET_S = 30.0

_CHILD = r"""
import json, sys, time
t0 = time.perf_counter()
from pathlib import Path
import pandas as pd
from geo.briefing.content import BriefingOptions
from geo.briefing.plan import plan_summary
from render.pack import build_pack
from render.view import pack_view
t_import = time.perf_counter()
marks = []
plan = pd.DataFrame({"site": ["mand_balo", "taftan", "gwadar"],
                     "name": ["Mand Balo", "Taftan", "Gwadar"],
                     "lat": [26.09, 28.947, 25.122], "lon": [61.99, 61.587, 62.325],
                     "status": ["new"] * 3, "marginal_gain_share": [0.2, 0.15, 0.1]})
districts = pd.DataFrame({"rank": [1, 2, 3], "district": ["Gujrat", "Jhelum", "Multan"],
                          "score": [0.9, 0.8, 0.5]})
view, route = pack_view(None, currency="PKR")
options = BriefingOptions(plan=plan_summary(plan), targets=districts, view=view)
t_map = time.perf_counter()
pack = build_pack(options, Path(sys.argv[1]), route_map=route,
                  progress=lambda f, m: marks.append((m, time.perf_counter())))
t_end = time.perf_counter()
ends = [at for _m, at in marks[1:]] + [t_end]
steps = [(message, end - at) for (message, at), end in zip(marks, ends)]
print(json.dumps({
    "import_s": t_import - t0, "web_map_s": t_map - t_import, "pack_s": t_end - t_map,
    "total_s": t_end - t0, "steps": steps,
    "bytes": {p.name: p.stat().st_size for p in (pack.deck, pack.pdf, pack.html)},
}))
"""


def run_once() -> dict:
    """Build the default pack in a fresh interpreter and return its timings."""
    with tempfile.TemporaryDirectory() as out:
        result = subprocess.run(
            [sys.executable, "-c", _CHILD, out],
            capture_output=True,
            text=True,
            check=True,
            timeout=600,
            cwd=Path(__file__).resolve().parent.parent,
        )
    return json.loads(result.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=3, help="fresh-process runs (default 3)")
    args = parser.parse_args()
    if args.repeat < 1:
        parser.error("--repeat must be at least 1")
    runs = [run_once() for _ in range(args.repeat)]
    total = statistics.median(r["total_s"] for r in runs)
    print(f"Default briefing pack, {args.repeat} fresh-process runs (median):")
    for key in ("import_s", "web_map_s", "pack_s", "total_s"):
        print(f"  {key:<10} {statistics.median(r[key] for r in runs):7.2f} s")
    print("  steps of the last run (each from its progress message to the next):")
    for message, seconds in runs[-1]["steps"]:
        print(f"    {seconds:6.2f} s  {message}")
    for name, size in runs[-1]["bytes"].items():
        print(f"  {name:<32} {size / 1024:8.0f} KB")
    verdict = "within" if total < TARGET_S else "OVER"
    print(f"Median total {total:.2f} s: {verdict} the {TARGET_S:.0f} s target.")


if __name__ == "__main__":
    main()
