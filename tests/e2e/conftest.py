"""Start the real app once per test session and drive it in Debian's headless Chromium."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

PROJECT = Path(__file__).resolve().parents[2]
CHROMIUM = "/usr/bin/chromium"
STARTUP_LIMIT_S = 120
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _healthy(url: str) -> bool:
    try:
        with urllib.request.urlopen(url + "/_stcore/health", timeout=2) as reply:  # noqa: S310
            return reply.status == 200
    except OSError:
        return False


VAR_DIRS: dict[str, Path] = {}
"""The records folder of each started app, by URL (a test may add a user to its store)."""


def start_app(tmp_path_factory):
    """Start the app as ``make run`` does; yields its URL once the health endpoint answers."""
    port = _free_port()
    var = tmp_path_factory.mktemp("var")
    env = dict(os.environ, ROUTE_ATLAS_VAR_DIR=str(var))
    log = open(tmp_path_factory.mktemp("log") / "streamlit.log", "w+")  # noqa: SIM115
    proc = subprocess.Popen(
        [
            sys.executable,
            "scripts/serve.py",
            "--server.port",
            str(port),
            "--server.address",
            "127.0.0.1",
            "--server.headless",
            "true",
            "--browser.gatherUsageStats",
            "false",
        ],  # fmt: skip
        cwd=PROJECT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    VAR_DIRS[url] = var
    deadline = time.monotonic() + STARTUP_LIMIT_S
    try:
        while not _healthy(url):
            if proc.poll() is not None or time.monotonic() > deadline:
                log.seek(0)
                pytest.fail(f"the app did not become healthy:\n{log.read()[-3000:]}")
            time.sleep(0.25)  # polling the health endpoint, not waiting for the page
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()


@pytest.fixture(scope="session")
def app_url(tmp_path_factory):
    """URL of the app shared by the browser tests."""
    yield from start_app(tmp_path_factory)


@pytest.fixture
def fresh_app_url(tmp_path_factory):
    """URL of an app started for one test, so that test is its very first visitor."""
    yield from start_app(tmp_path_factory)


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium through Playwright; never a downloaded browser."""
    if not Path(CHROMIUM).exists() or shutil.which("chromium") is None:
        if os.environ.get("ROUTE_ATLAS_REQUIRE_BROWSER") == "1":
            pytest.fail("Chromium is required here but /usr/bin/chromium is missing")
        pytest.skip("Debian's chromium is not installed (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield instance
        instance.close()
