"""Run every benchmark in turn (``make bench``); each prints a table for benchmarks/README.md.

``python -m benchmarks [--no-browser] [NAME ...]``: ``NAME`` picks benchmarks by module name
(``records_bench``); ``--no-browser`` leaves out the ones that start the app and Chromium
(:data:`BROWSER`), which take minutes and need ``/usr/bin/chromium``.
"""

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
    "benchmarks.records_playback_bench",
)
BROWSER = frozenset({"benchmarks.browser_bench", "benchmarks.records_playback_bench"})
"""Benchmarks that start an app server and drive Chromium through Playwright."""
NO_BROWSER = "--no-browser"


def selected(args: list[str]) -> list[str]:
    """The benchmark modules the command line asks for, in the order of :data:`MODULES`."""
    skip_browser = NO_BROWSER in args
    only = {a for a in args if a != NO_BROWSER}
    unknown = only - {name.rsplit(".", 1)[-1] for name in MODULES}
    if unknown:
        raise SystemExit(f"unknown benchmark(s): {', '.join(sorted(unknown))}")
    return [
        name
        for name in MODULES
        if (not only or name.rsplit(".", 1)[-1] in only) and not (skip_browser and name in BROWSER)
    ]


def main() -> None:
    for name in selected(sys.argv[1:]):
        print(f"\n## {name}\n", flush=True)
        sys.argv = [name]  # each benchmark parses its own options from the command line
        importlib.import_module(name).main()


if __name__ == "__main__":
    main()
