"""Awareness targeting in the browser: first map paint against a trivial page, and a weight change.

``python -m benchmarks.awareness_browser_bench [--repeat N]`` (from the project root; Debian's
Chromium through Playwright). Each run starts a fresh server, so each first visit is a new
visitor's on a server that has just answered its health check once (the "warm server" of
issue 10: Python imported, nothing of the page computed yet; a second visit is also timed).
In the same run it measures the trivial page (``benchmarks/trivial_map_page.py``: one
``st_folium`` map, one marker, assets served the same way). Times are from ``goto`` until the
map's canvas holds the drawn districts (or the marker); the weight change is from the slider's
key press until the legend under the map shows the new score range. Medians of N runs.
"""

from __future__ import annotations

import argparse
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[1]
CHROMIUM = "/usr/bin/chromium"
MAP_FRAME = "iframe[title='streamlit_folium.st_folium']"


def _port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def server(script: str | None) -> Iterator[str]:
    """A fresh server for the app (``None``) or for a copy of ``script`` placed in the project
    root, so it is served with the app's configuration and static folder; yields its URL."""
    port = _port()
    env = dict(os.environ, ROUTE_ATLAS_VAR_DIR=tempfile.mkdtemp())
    copy = None
    if script is None:
        command = [sys.executable, "scripts/serve.py"]
    else:
        copy = PROJECT / f".bench_{Path(script).name}"
        copy.write_text((PROJECT / script).read_text(encoding="utf-8"), encoding="utf-8")
        command = [sys.executable, "-m", "streamlit", "run", copy.name]
    proc = subprocess.Popen(
        [*command, "--server.port", str(port), "--server.address", "127.0.0.1",
         "--server.headless", "true", "--browser.gatherUsageStats", "false"],
        cwd=PROJECT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 120
    try:
        while True:
            try:
                with urllib.request.urlopen(url + "/_stcore/health", timeout=2) as reply:  # noqa: S310
                    if reply.status == 200:
                        break
            except OSError:
                pass
            if time.monotonic() > deadline or proc.poll() is not None:
                raise RuntimeError(f"{script}: the server did not start")
            time.sleep(0.2)
        yield url
    finally:
        proc.terminate()
        proc.wait(timeout=30)
        if copy is not None:
            copy.unlink(missing_ok=True)


def _drawn(page: object, *, districts: bool) -> None:
    frame = page.frame_locator(MAP_FRAME).first  # type: ignore[attr-defined]
    if districts:  # the score layer is drawn on a canvas (prefer_canvas)
        frame.locator(".leaflet-overlay-pane canvas").first.wait_for(
            state="attached", timeout=120_000
        )
    else:
        frame.locator(".leaflet-marker-icon").first.wait_for(state="attached", timeout=120_000)


def first_paint(browser: object, url: str, *, districts: bool) -> float:
    """Seconds from opening ``url`` in a new context until its map is drawn."""
    page = browser.new_context(viewport={"width": 1400, "height": 1000}).new_page()  # type: ignore[attr-defined]
    start = time.perf_counter()
    page.goto(url)
    _drawn(page, districts=districts)
    elapsed = time.perf_counter() - start
    page.context.close()
    return elapsed


def weight_change(browser: object, url: str) -> float:
    """Seconds from a weight slider's key press until the legend shows the new range."""
    page = browser.new_context(viewport={"width": 1400, "height": 1000}).new_page()  # type: ignore[attr-defined]
    page.goto(url)
    _drawn(page, districts=True)
    legend = page.get_by_text("(high)").first
    legend.wait_for(timeout=60_000)
    before = legend.inner_text()
    slider = page.get_by_role("slider").nth(2)  # the first weight (after draws)
    slider.focus()
    start = time.perf_counter()
    page.keyboard.press("End")  # weight to 3: the highest score, so the legend's range, moves
    page.wait_for_function(
        "(b) => [...document.querySelectorAll('div')].some(d => d.innerText && "
        "d.innerText.includes('(high)') && d.innerText.length < 80 && d.innerText !== b)",
        arg=before, timeout=60_000,
    )  # fmt: skip
    elapsed = time.perf_counter() - start
    page.context.close()
    return elapsed


def main() -> None:
    """Run and print the table for ``benchmarks/README.md``."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    numbers: dict[str, list[float]] = {"trivial": [], "awareness": [], "again": [], "weight": []}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        for _ in range(args.repeat):
            with server("benchmarks/trivial_map_page.py") as url:
                first_paint(browser, url, districts=False)  # the server's first page build
                numbers["trivial"].append(first_paint(browser, url, districts=False))
            with server(None) as url:
                first_paint(browser, url + "/awareness", districts=True)
                numbers["awareness"].append(
                    first_paint(browser, url + "/awareness", districts=True)
                )
                numbers["again"].append(first_paint(browser, url + "/awareness", districts=True))
                numbers["weight"].append(weight_change(browser, url + "/awareness"))
        browser.close()
    med = {k: statistics.median(v) for k, v in numbers.items()}
    print("| Measure | Median (s) | Runs |\n|---|---:|---:|")
    print(f"| Trivial page, first map paint | {med['trivial']:.2f} | {args.repeat} |")
    print(f"| Awareness targeting, first map paint | {med['awareness']:.2f} | {args.repeat} |")
    print(f"| Awareness targeting, another new visitor | {med['again']:.2f} | {args.repeat} |")
    print(f"| Ratio awareness / trivial | {med['awareness'] / med['trivial']:.2f} | |")
    print(f"| Weight change, legend redrawn | {med['weight']:.2f} | {args.repeat} |")


if __name__ == "__main__":
    main()
