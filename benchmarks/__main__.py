"""Run every benchmark in turn (``make bench``); each prints a table for benchmarks/README.md."""

from __future__ import annotations

import importlib
import sys

MODULES = (
    "benchmarks.map_size_bench",
    "benchmarks.route_map_bench",
    "benchmarks.records_bench",
    "benchmarks.planner_bench",
    "benchmarks.briefing_bench",
    "benchmarks.browser_bench",
)


def main() -> None:
    only = set(sys.argv[1:])
    for name in MODULES:
        if only and name.rsplit(".", 1)[-1] not in only:
            continue
        print(f"\n## {name}\n", flush=True)
        sys.argv = [name]  # each benchmark parses its own options from the command line
        importlib.import_module(name).main()


if __name__ == "__main__":
    main()
