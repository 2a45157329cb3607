"""Playing the records month by month on the Route map: time and bytes a frame, in Chromium.

``python -m benchmarks.records_playback_bench [--rows 1000000] [--months 24] [--store DIR]
[--by district]``

1. Generates a fictitious store of ``--rows`` records spread over ``--months`` months (the
   generator lives here, never in the app's data) and imports it through the app's importer,
   or reuses the store in ``--store DIR`` when it already holds one.
2. Starts a fresh app server on that store (``scripts/serve.py``, as ``make run`` does) and
   opens the Route map in Debian's Chromium (``/usr/bin/chromium``) through Playwright.
3. Switches the records to "Month by month" (aggregated by place, or with ``--by district`` by
   district, where a frame carries district shapes) and steps through every month with the "Next
   month" button (the code path each tick of Play runs), timing each frame from the click to
   the new month's layer on the map, and counting the bytes the browser receives on the
   app's websocket for it. Then plays the whole period with Play and checks that the live map
   object is the same one at the end (the map is never rebuilt; only the records layer
   changes).

Targets: at most 0.5 s and 100 KB a frame. Prints a Markdown table; the numbers are written in
``benchmarks/README.md`` under "Records playback".
"""

from __future__ import annotations

import argparse
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from typing import Any

from geo.gazetteer import load_gazetteer
from geo.records.schema import COLUMN_NAMES, IATF_AGENCIES, AgeGroup, CrimeType, EventType, Sex
from geo.records.timeline import months_between
from pages.records_playback import PLAY_SECONDS

PROJECT = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
MAP_FRAME = "iframe[title='streamlit_folium.st_folium']"
OBSERVE_FRAMES = """() => {
    window.__frames = [];
    new MutationObserver(() => {
        const legend = document.querySelector('.ra-records-legend');
        const text = legend ? legend.textContent : '';
        const last = window.__frames[window.__frames.length - 1];
        if (text && (!last || last[1] !== text)) window.__frames.push([performance.now(), text]);
    }).observe(document.body, {childList: true, subtree: true});
}"""
LEGEND_SHOWS = """t => Array.from(document.querySelectorAll('.ra-records-legend'))
    .some(d => d.textContent.includes(t))"""


def generate(path: Path, rows: int, months: list[str], *, seed: int = 1) -> Path:
    """Write ``rows`` fictitious, valid records over ``months`` (about 10% by coordinates)."""
    rng = random.Random(seed)
    gazetteer = load_gazetteer()
    places = [p.name for p in gazetteer if p.kind != "sea"]
    events, crimes = [e.value for e in EventType], [c.value for c in CrimeType]
    sexes, ages = [s.value for s in Sex], [a.value for a in AgeGroup]
    with path.open("w", encoding="utf-8") as handle:
        handle.write(",".join(COLUMN_NAMES) + "\n")
        for i in range(rows):
            month = rng.choice(months)
            if rng.random() < 0.1:
                place, lat, lon = "", f"{rng.uniform(24, 36):.3f}", f"{rng.uniform(61, 75):.3f}"
            else:
                place, lat, lon = rng.choice(places), "", ""
            fields = (
                f"{month}-{rng.randint(1, 28):02d}", place, lat, lon, str(rng.randint(1, 40)),
                rng.choice(events), rng.choice(crimes), rng.choice(IATF_AGENCIES), "Pakistani",
                "", rng.choice(sexes), rng.choice(ages), "", "", f"playback row {i}",
                "benchmark generator",
            )  # fmt: skip
            handle.write(",".join(fields) + "\n")
    return path


def ensure_store(var: Path, rows: int, months: list[str]) -> float | None:
    """Import the generated records into ``var/records.sqlite``; seconds taken, None if reused."""
    from geo.records.importer import import_file
    from geo.records.store import RecordStore

    store = RecordStore(var / "records.sqlite")
    if store.count_records() == rows:
        return None
    with tempfile.TemporaryDirectory(prefix="playback-") as tmp:
        csv_path = generate(Path(tmp) / "records.csv", rows, months)
        start = time.perf_counter()
        report = import_file(store, csv_path, file_name="playback.csv", user="bench")
        if report.status != "committed":
            raise SystemExit(f"import {report.status}: {report.errors[:3]} {report.file_error}")
        return time.perf_counter() - start


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def start_server(var: Path) -> tuple[subprocess.Popen[bytes], str]:
    """A fresh app server on the benchmark store; returns it once its health endpoint answers."""
    port = _free_port()
    env = dict(os.environ, ROUTE_ATLAS_VAR_DIR=str(var))
    env.pop("DATABASE_URL", None)
    proc = subprocess.Popen(
        [sys.executable, "scripts/serve.py", "--server.port", str(port), "--server.address",
         "127.0.0.1", "--server.headless", "true", "--browser.gatherUsageStats", "false"],
        cwd=PROJECT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url + "/_stcore/health", timeout=2) as reply:  # noqa: S310
                if reply.status == 200:
                    return proc, url
        except OSError:
            time.sleep(0.25)  # polling the health endpoint
    proc.kill()
    raise SystemExit("the app did not become healthy")


def _finished(page: Any, counter: list[int], *, settle_s: float = 0.3) -> None:
    """Wait until the app's run has finished and no websocket bytes arrived for ``settle_s``."""
    page.wait_for_function(
        "() => document.querySelector('[data-testid=stApp]')"
        ".getAttribute('data-test-script-state') === 'notRunning'",
        timeout=120_000,
    )
    last, since = counter[0], time.monotonic()
    while time.monotonic() - since < settle_s:
        time.sleep(0.05)
        if counter[0] != last:
            last, since = counter[0], time.monotonic()


def measure(url: str, months: list[str], *, by: str = "place") -> dict[str, Any]:
    """Step and play through ``months`` in Chromium, aggregated ``by`` place or district;
    per-frame seconds and bytes."""
    from playwright.sync_api import sync_playwright

    received = [0]
    large: list[float] = []  # arrival times of messages that carry a layer (over 10 KB)

    def arrived(data: Any) -> None:
        received[0] += len(data)
        if len(data) > 10_000:
            large.append(time.perf_counter())

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"]
        )
        page = browser.new_page(viewport={"width": 1400, "height": 1100})
        page.on(
            "websocket",
            lambda ws: ws.on("framereceived", arrived),
        )
        start = time.perf_counter()
        page.goto(url)
        page.frame_locator(MAP_FRAME).first.locator(".leaflet-container").wait_for(timeout=180_000)
        frame = next(f for f in page.frames if "streamlit_folium" in f.url)
        frame.wait_for_function(LEGEND_SHOWS, arg="Interception records", timeout=180_000)
        first_map_s = time.perf_counter() - start
        _finished(page, received)
        frame.evaluate("() => { window.__probe = window.map_div; }")
        if by == "district":
            page.get_by_text("by district", exact=True).click()
            _finished(page, received)
        before, start = received[0], time.perf_counter()
        page.get_by_text("Month by month", exact=True).click()
        frame.wait_for_function(LEGEND_SHOWS, arg=f"Period: {months[0]}.", timeout=180_000)
        first_month_s, first_month_b = time.perf_counter() - start, 0
        _finished(page, received)
        first_month_b = received[0] - before
        seconds, sizes, replies = [], [], []
        step = page.get_by_role("button", name="Next month")
        for month in months[1:]:
            before, start = received[0], time.perf_counter()
            large.clear()
            step.click()
            frame.wait_for_function(LEGEND_SHOWS, arg=f"Period: {month}.", timeout=60_000)
            seconds.append(time.perf_counter() - start)
            replies.append(large[0] - start if large else float("nan"))
            _finished(page, received)
            sizes.append(received[0] - before)
        same_map = frame.evaluate("() => window.__probe === window.map_div")
        circles = frame.evaluate(
            "() => { let n = 0; window.__raRecords.eachLayer(l => { n += l.getLayers ? "
            "l.getLayers().length : 1; }); return n; }"
        )
        frame.evaluate(OBSERVE_FRAMES)
        page.get_by_role("button", name="Play").click()  # from the last month: starts over
        frame.wait_for_function(LEGEND_SHOWS, arg=f"Period: {months[0]}.", timeout=60_000)
        start = time.perf_counter()
        frame.wait_for_function(LEGEND_SHOWS, arg=f"Period: {months[-1]}.", timeout=600_000)
        play_s = time.perf_counter() - start
        shown = frame.evaluate("() => window.__frames")
        played_same_map = frame.evaluate("() => window.__probe === window.map_div")
        maps = frame.evaluate("() => document.querySelectorAll('.leaflet-container').length")
        browser.close()
    return {
        "first_map_s": first_map_s, "first_month_s": first_month_s,
        "first_month_bytes": first_month_b, "frame_s": seconds, "frame_bytes": sizes,
        "reply_s": replies,
        "same_map": same_map and played_same_map and maps == 1, "circles_last": circles,
        "play_s": play_s, "play_frames": shown,
    }  # fmt: skip


def server_frame_s(var: Path, months: list[str], repeat: int = 3) -> float:
    """Median seconds the server spends on one frame (layer and script), data already cached."""
    from geo.records import timeline
    from geo.records.access import PUBLIC
    from geo.records.store import RecordStore
    from layers.records import records_place_layer
    from layers.records_live import layer_injector_html, live_layer_script

    store = RecordStore(var / "records.sqlite")
    frames = timeline.monthly(store, PUBLIC)
    provenance = timeline.records_provenance(store, PUBLIC)
    runs = []
    for month in months * repeat:
        start = time.perf_counter()
        timeline.data_version(store)
        layer = records_place_layer(
            timeline.month_frame(frames, month), period=month, provenance=provenance,
            largest=timeline.fixed_scale(frames),
        )  # fmt: skip
        layer_injector_html(live_layer_script(layer), key=month, map_frame="iframe")
        runs.append(time.perf_counter() - start)
    return statistics.median(runs)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--months", type=int, default=24)
    parser.add_argument("--store", type=Path, help="directory to keep (and reuse) the store in")
    parser.add_argument("--by", choices=("place", "district"), default="place")
    args = parser.parse_args(argv)
    months = months_between("2023-01", "2030-12")[: args.months]
    holder = None if args.store else tempfile.TemporaryDirectory(prefix="playback-store-")
    var = args.store or Path(holder.name)  # type: ignore[union-attr]
    var.mkdir(parents=True, exist_ok=True)
    imported = ensure_store(var, args.rows, months)
    proc, url = start_server(var)
    try:
        result = measure(url, months, by=args.by)
    finally:
        proc.terminate()
        proc.wait(timeout=30)
        if holder is not None:
            holder.cleanup()
    frame_s, frame_b = result["frame_s"], result["frame_bytes"]
    if imported is not None:
        print(f"import of {args.rows:,} records: {imported:.1f} s")
    print(
        f"{args.rows:,} records over {args.months} months, by {args.by}; shapes in the last frame: "
        f"{result['circles_last']}; map object unchanged throughout: {result['same_map']}"
    )
    print("| Measure | Value | Target |")
    print("|---|---:|---:|")
    print(f"| first load of the Route map with records (s) | {result['first_map_s']:.2f} | |")
    print(f"| switch to month by month, first month (s) | {result['first_month_s']:.2f} | |")
    print(f"| switch to month by month, bytes received (KB) | "
          f"{result['first_month_bytes'] / 1024:,.0f} | |")  # fmt: skip
    print(f"| frame, median of {len(frame_s)} (s) | {statistics.median(frame_s):.2f} | ≤ 0.5 |")
    print(f"| frame, slowest (s) | {max(frame_s):.2f} | ≤ 0.5 |")
    print(f"| bytes received a frame, median (KB) | {statistics.median(frame_b) / 1024:,.1f} "
          "| ≤ 100 |")  # fmt: skip
    print(f"| bytes received a frame, largest (KB) | {max(frame_b) / 1024:,.1f} | ≤ 100 |")
    print(f"| Play through all {args.months} months (s) | {result['play_s']:.1f} | |")
    stamps = [t for t, _text in result["play_frames"]]
    gaps = [(b - a) / 1000 for a, b in zip(stamps, stamps[1:], strict=False)]
    if gaps:
        print(f"| Play: time between frames, median (s; one tick is {PLAY_SECONDS:g} s) | "
              f"{statistics.median(gaps):.2f} | |")  # fmt: skip
    replies = [r for r in result["reply_s"] if r == r]
    if replies:
        print(f"| click to the layer's message arriving, median (s) | "
              f"{statistics.median(replies):.2f} | |")  # fmt: skip
    print(f"| server work a frame, median (s) | {server_frame_s(var, months):.3f} | |")
    print("frame s: " + ", ".join(f"{s:.2f}" for s in frame_s))
    print("frame KB: " + ", ".join(f"{b / 1024:.0f}" for b in frame_b))


if __name__ == "__main__":
    main()
