"""Browser benchmark: first paint and redraw of the live maps, against a trivial map page.

Run from the project root: ``python -m benchmarks.browser_bench [--runs N]`` (default 5). Each
run starts a fresh server (``scripts/serve.py``, as ``make run`` does, with the reference page
``benchmarks/trivial_map_page.py`` added to the app's navigation), waits on its health
endpoint, warms it with one visit of every measured page, then measures in Debian's Chromium
(headless, through Playwright, no internet so no tiles):

- first paint for a new visitor (a new browser context, so an empty browser cache): from the
  start of navigation until the map has drawn. The trivial page is drawn when its one marker is
  on the map; the Route map and Awareness when every layer of the view has its data
  (``window.raDrawn``); the Planner when its map's overlay pane holds a drawing;
- Route map changes (two filters, one figure layer, two currencies, two basemaps), each from
  the click on the option until the view reports it is drawn (``window.raDrawCount``), the
  bytes received meanwhile (websocket frames plus HTTP responses), and whether the Leaflet map
  object is still the one drawn first (a marker property set on it before the changes);
- Awareness weight changes (four key presses on weight sliders), timed, counted and checked
  the same way, until the new score layer is drawn.

Medians are over runs (first paint) and over all changes of a kind across runs. Results are
printed as Markdown and written to ``benchmarks/out/browser_bench.json``.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

PROJECT = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
MAP_FRAME = "iframe[title='streamlit_folium.st_folium']"
ARGS = ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"]
DRAWN_ANY = """() => !!document.querySelector(
    '.leaflet-overlay-pane canvas, .leaflet-overlay-pane path, .leaflet-marker-pane *')"""
PAGES = {
    "trivial": ("/trivial-map", "() => !!document.querySelector('.leaflet-interactive')"),
    "route_map": ("/", "() => !!window.raDrawn"),
    "awareness": ("/awareness", "() => !!window.raDrawn"),
    "planner": ("/planner", DRAWN_ANY),
}
CHANGES: list[tuple[str, str, str]] = [
    ("filter", "Mode", "sea"),
    ("filter", "Mode", "land"),
    ("filter", "Direction", "inbound"),
    ("layer", "Figure layers (each with its own scale)", "Figures: Detention centres"),
    ("currency", "Currency for costs", "USD"),
    ("currency", "Currency for costs", "EUR"),
    ("basemap", "Basemap", "Esri light grey"),
    ("basemap", "Basemap", "Offline (vendored boundaries)"),
]
"""(kind, widget label, option chosen), in the order they are applied."""
WEIGHT_CHANGES: list[tuple[str, str]] = [
    ("Staging and recruiting city", "End"),
    ("Internal-trafficking destination", "End"),
    ("Staging and recruiting city", "Home"),
    ("Camel-jockey source", "Home"),
]
"""Awareness weight changes: (weight slider, key pressed: End sets 3, Home sets 0)."""


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _healthy(url: str) -> bool:
    try:
        with urllib.request.urlopen(url + "/_stcore/health", timeout=2) as reply:  # noqa: S310
            return bool(reply.status == 200)
    except OSError:
        return False


@contextmanager
def server() -> Iterator[str]:
    """A fresh app server on a free port; yields its URL once the health endpoint answers."""
    port = _free_port()
    var = tempfile.mkdtemp(prefix="bench-var-")
    env = dict(os.environ, ROUTE_ATLAS_VAR_DIR=var, ROUTE_ATLAS_BENCH_PAGE="1")
    command = [sys.executable, "scripts/serve.py", "--server.port", str(port),
               "--server.address", "127.0.0.1", "--server.headless", "true",
               "--browser.gatherUsageStats", "false"]  # fmt: skip
    proc = subprocess.Popen(
        command, cwd=PROJECT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 180
        while not _healthy(url):
            if proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError("the app did not start")
            time.sleep(0.25)  # polling the health endpoint
        yield url
    finally:
        proc.terminate()
        proc.wait(timeout=30)


class Traffic:
    """Bytes a page receives: websocket frames and HTTP responses (headers and bodies)."""

    def __init__(self, page: Any) -> None:
        self.bytes = 0
        page.on("websocket", self._socket)
        page.on("requestfinished", self._response)

    def _socket(self, socket_: Any) -> None:
        socket_.on("framereceived", lambda payload: self._add(len(payload)))

    def _response(self, request: Any) -> None:
        sizes = request.sizes()
        self._add(sizes["responseBodySize"] + sizes["responseHeadersSize"])

    def _add(self, size: int) -> None:
        self.bytes += size


def _map_frame(page: Any) -> Any:
    page.frame_locator(MAP_FRAME).first.locator(".leaflet-container").wait_for(
        state="attached", timeout=120_000
    )
    return next(f for f in page.frames if "streamlit_folium" in f.url)


def first_paint(browser: Any, url: str, name: str) -> float:
    """Seconds from navigation to the map drawn, for a new visitor."""
    path, drawn = PAGES[name]
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    start = time.perf_counter()
    page.goto(url + path)
    frame = _map_frame(page)
    frame.wait_for_function(drawn, timeout=120_000, polling=20)
    elapsed = time.perf_counter() - start
    context.close()
    return elapsed


def _choose(page: Any, label: str, option: str) -> Callable[[], None]:
    """Open the widget named ``label``; return the click that picks ``option``."""
    widget = page.locator("[data-testid='stSelectbox'], [data-testid='stMultiSelect']").filter(
        has=page.get_by_text(label, exact=True)
    )
    widget.first.scroll_into_view_if_needed()
    widget.first.locator("input").first.click()
    choice = page.get_by_role("option", name=option, exact=True)
    choice.wait_for()
    return lambda: choice.click()


Step = tuple[str, str, Callable[[Any], Callable[[], None]]]
"""One change: its kind, a name for it, and what readies it on the page and returns the act
that is timed (a click on an open list's option, a key press on a focused slider)."""


def timed_changes(browser: Any, url: str, steps: list[Step]) -> list[dict[str, Any]]:
    """Apply ``steps`` one by one on the map page at ``url``; time, bytes and map identity each.

    Each is timed from the act until the map reports the new view drawn
    (``window.raDrawCount``), with every byte received meanwhile, and checked against a
    property set on the Leaflet map object before the first change.
    """
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    traffic = Traffic(page)
    page.goto(url)
    frame = _map_frame(page)
    frame.wait_for_function("() => !!window.raDrawn", timeout=120_000, polling=20)
    frame.evaluate("() => { window.map.__benchProbe = 1; }")
    results = []
    for kind, option, ready in steps:
        print(f"  {kind}: {option}", file=sys.stderr, flush=True)
        count = frame.evaluate("() => window.raDrawCount")
        act = ready(page)
        before = traffic.bytes
        start = time.perf_counter()
        act()
        frame.wait_for_function(f"() => window.raDrawCount > {count}", timeout=60_000, polling=10)
        elapsed = time.perf_counter() - start
        page.keyboard.press("Escape")  # closes an open list
        page.wait_for_timeout(400)  # late frames of this change are counted with it
        same = frame.evaluate("() => window.map.__benchProbe === 1")
        results.append(
            {
                "kind": kind,
                "option": option,
                "seconds": elapsed,
                "kb": (traffic.bytes - before) / 1024,
                "same_map": same,
            }
        )
    context.close()
    return results


def _pick(label: str, option: str) -> Callable[[Any], Callable[[], None]]:
    def ready(page: Any) -> Callable[[], None]:
        click = _choose(page, label, option)
        page.wait_for_timeout(300)  # let the open dropdown settle before timing
        return click

    return ready


def _press(label: str, key: str) -> Callable[[Any], Callable[[], None]]:
    def ready(page: Any) -> Callable[[], None]:
        page.get_by_role("slider", name=label).focus()
        return lambda: page.keyboard.press(key)

    return ready


def route_map_changes(browser: Any, url: str) -> list[dict[str, Any]]:
    """:data:`CHANGES` on the Route map, each timed from the click on the option."""
    steps = [(kind, option, _pick(label, option)) for kind, label, option in CHANGES]
    return timed_changes(browser, url + "/", steps)


def awareness_changes(browser: Any, url: str) -> list[dict[str, Any]]:
    """:data:`WEIGHT_CHANGES` on Awareness targeting, each timed from the key press on the
    slider until the new score layer is drawn (set once its districts are on the map)."""
    steps = [("weight", f"{label} {key}", _press(label, key)) for label, key in WEIGHT_CHANGES]
    return timed_changes(browser, url + "/awareness", steps)


def machine() -> dict[str, Any]:
    """CPU model, cores, memory and the load average, for the README."""
    model = "unknown"
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        for line in cpuinfo.read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    return {
        "cpu": model,
        "cores": os.cpu_count(),
        "python": platform.python_version(),
        "load_average": [round(x, 2) for x in os.getloadavg()],
    }


def main() -> None:
    """Run the benchmark and print its tables."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    paints: dict[str, list[float]] = {name: [] for name in PAGES}
    changes: list[dict[str, Any]] = []
    weights: list[dict[str, Any]] = []
    before = machine()
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        for run in range(args.runs):
            with server() as url:
                for name in PAGES:  # warm the server: caches, data files, first imports
                    first_paint(browser, url, name)
                for name in PAGES:
                    paints[name].append(first_paint(browser, url, name))
                changes.extend(route_map_changes(browser, url))
                weights.extend(awareness_changes(browser, url))
            print(f"run {run + 1}/{args.runs} done", file=sys.stderr, flush=True)
        browser.close()
    report(paints, changes, weights, before, machine())


def _change_table(title: str, changes: list[dict[str, Any]]) -> None:
    print(f"\n| {title} | Changes | Median redraw (s) | Max (s) | Median KB | Max KB |")
    print("|---|---:|---:|---:|---:|---:|")
    kinds = dict.fromkeys(c["kind"] for c in changes)
    for kind in [*kinds, "all"] if len(kinds) > 1 else kinds:
        rows = [c for c in changes if kind in ("all", c["kind"])]
        secs = [c["seconds"] for c in rows]
        kb = [c["kb"] for c in rows]
        print(f"| {kind} | {len(rows)} | {statistics.median(secs):.2f} | {max(secs):.2f} | "
              f"{statistics.median(kb):.0f} | {max(kb):.0f} |")  # fmt: skip
    kept = sum(1 for c in changes if c["same_map"])
    print(f"\nLeaflet map object kept through {kept} of {len(changes)} changes.")


def report(
    paints: dict[str, list[float]],
    changes: list[dict[str, Any]],
    weights: list[dict[str, Any]],
    before: dict[str, Any],
    after: dict[str, Any],
) -> None:
    """Print Markdown tables and write the raw numbers to ``benchmarks/out``."""
    trivial = statistics.median(paints["trivial"])
    cpu = f"{before['cpu']}, {before['cores']} cores, Python {before['python']}"
    print(f"Machine: {cpu}; load average {before['load_average']} before, "
          f"{after['load_average']} after.\n")  # fmt: skip
    print("| First paint, new visitor | Median (s) | Runs (s) | × trivial page |")
    print("|---|---:|---|---:|")
    for name, times in paints.items():
        median = statistics.median(times)
        runs = ", ".join(f"{t:.2f}" for t in times)
        print(f"| {name} | {median:.2f} | {runs} | {median / trivial:.2f} |")
    _change_table("Route map change", changes)
    _change_table("Awareness change", weights)
    out = PROJECT / "benchmarks" / "out"
    out.mkdir(parents=True, exist_ok=True)
    (out / "browser_bench.json").write_text(
        json.dumps(
            {"machine": [before, after], "paints": paints, "changes": changes, "weights": weights},
            indent=1,
        )
    )


if __name__ == "__main__":
    main()
