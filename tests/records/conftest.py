"""Fixtures: a fresh store on SQLite and on a real, throwaway PostgreSQL server."""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import tempfile
import uuid
from pathlib import Path

import pytest

from geo.records.store import RecordStore

BACKENDS = ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)]


def _pg_bindir() -> Path | None:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    return Path(found[-1]).parent if found else None


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="session")
def pg_server():
    """URL of a PostgreSQL server started for this test session in a temporary directory."""
    bindir = _pg_bindir()
    if bindir is None:
        message = (
            "PostgreSQL server binaries not found under /usr/lib/postgresql/*/bin "
            "(install Debian's 'postgresql' package to run the PostgreSQL tests)"
        )
        if os.environ.get("ROUTE_ATLAS_REQUIRE_POSTGRES") == "1":
            pytest.fail(message + "; ROUTE_ATLAS_REQUIRE_POSTGRES=1 forbids skipping")
        pytest.skip(message)
    root = Path(tempfile.mkdtemp(prefix="route-atlas-pg-"))
    prefix: list[str] = []
    if os.geteuid() == 0:  # initdb refuses to run as root
        shutil.chown(root, "postgres", "postgres")
        prefix = ["runuser", "-u", "postgres", "--"]
    data = root / "data"
    port = _free_port()
    try:
        subprocess.run(
            [*prefix, str(bindir / "initdb"), "-D", str(data), "-A", "trust", "-U", "postgres",
             "-E", "UTF8", "--no-sync"],
            check=True, capture_output=True,
        )  # fmt: skip
        options = f"-p {port} -k {root} -c listen_addresses=127.0.0.1 -c fsync=off"
        subprocess.run(
            [*prefix, str(bindir / "pg_ctl"), "-D", str(data), "-l", str(root / "log"), "-w",
             "-o", options, "start"],
            check=True, capture_output=True,
        )  # fmt: skip
    except subprocess.CalledProcessError as err:
        log = (root / "log").read_text() if (root / "log").exists() else ""
        shutil.rmtree(root, ignore_errors=True)
        pytest.fail(f"could not start PostgreSQL: {err.stderr.decode()} {log}")
    yield f"postgresql://postgres@127.0.0.1:{port}"
    subprocess.run(
        [*prefix, str(bindir / "pg_ctl"), "-D", str(data), "-m", "immediate", "-w", "stop"],
        capture_output=True,
    )
    shutil.rmtree(root, ignore_errors=True)


@pytest.fixture
def pg_url(pg_server):
    """A fresh, empty database on the test server."""
    import psycopg

    name = "t_" + uuid.uuid4().hex[:12]
    with psycopg.connect(f"{pg_server}/postgres", autocommit=True) as conn:
        conn.execute(f"CREATE DATABASE {name}")
    yield f"{pg_server}/{name}"
    with psycopg.connect(f"{pg_server}/postgres", autocommit=True) as conn:
        conn.execute(f"DROP DATABASE {name} WITH (FORCE)")


@pytest.fixture(params=BACKENDS)
def store_url(request, tmp_path) -> str:
    """A store location on each backend."""
    if request.param == "sqlite":
        return str(tmp_path / "records.sqlite")
    return request.getfixturevalue("pg_url")


@pytest.fixture
def store(store_url) -> RecordStore:
    """A fresh store on each backend."""
    return RecordStore(store_url)


@pytest.fixture(autouse=True)
def _isolated_var_dir(tmp_path, monkeypatch):
    """Never touch the project's own var/ directory or a configured DATABASE_URL."""
    monkeypatch.setenv("ROUTE_ATLAS_VAR_DIR", str(tmp_path / "var"))
    monkeypatch.delenv("DATABASE_URL", raising=False)
    monkeypatch.delenv("ROUTE_ATLAS_SUPPRESS_BELOW", raising=False)
