"""Tests that need ``../shared`` skip without it, except where CI requires it: then they fail."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from geo.paths import PROJECT_DIR
from tests.shared_data import REQUIRE_VARIABLE, missing_shared, require_shared


def test_present_data_neither_skip_nor_fail(monkeypatch):
    monkeypatch.setenv(REQUIRE_VARIABLE, "1")
    assert require_shared(True, "the report text") is None


def test_missing_data_skip_by_default(monkeypatch):
    monkeypatch.delenv(REQUIRE_VARIABLE, raising=False)
    with pytest.raises(pytest.skip.Exception, match="the report text not found"):
        require_shared(False, "the report text")


def test_missing_data_fail_where_required(monkeypatch):
    monkeypatch.setenv(REQUIRE_VARIABLE, "1")
    with pytest.raises(pytest.fail.Exception, match="ROUTE_ATLAS_REQUIRE_SHARED=1 forbids"):
        require_shared(False, "the report text")


def test_only_the_value_one_requires(monkeypatch):
    monkeypatch.setenv(REQUIRE_VARIABLE, "0")
    with pytest.raises(pytest.skip.Exception):
        require_shared(False, "the raw boundary files")


def test_the_expected_source_material_is_looked_for_by_pattern(tmp_path):
    (tmp_path / "seed").mkdir()
    expected = {
        "report": (tmp_path / "seed", "*.txt"),
        "boundaries": (tmp_path / "geodata", "*.topojson"),
    }
    assert missing_shared(expected) == ["report", "boundaries"]
    (tmp_path / "seed" / "report.txt").write_text("text", encoding="utf-8")
    assert missing_shared(expected) == ["boundaries"]


def test_a_required_run_without_the_material_stops_before_any_test(tmp_path):
    """The real session hook, in a pytest run of its own against a project without ../shared."""
    project = tmp_path / "project"
    shutil.copytree(PROJECT_DIR / "tests", project / "tests", ignore=_only_conftests)
    (project / "geo").mkdir()
    for name in ("__init__.py", "paths.py"):  # all that tests/shared_data.py imports
        shutil.copy(PROJECT_DIR / "geo" / name, project / "geo" / name)
    (project / "tests" / "test_one.py").write_text("def test_one():\n    pass\n")
    run = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "tests/test_one.py"]
    env = {**os.environ, REQUIRE_VARIABLE: "1"}
    refused = subprocess.run(run, cwd=project, env=env, capture_output=True, text=True)
    assert refused.returncode == pytest.ExitCode.USAGE_ERROR
    assert "ROUTE_ATLAS_REQUIRE_SHARED=1 but shared/ beside the project lacks" in refused.stdout
    assert "1 passed" not in refused.stdout
    env[REQUIRE_VARIABLE] = "0"
    allowed = subprocess.run(run, cwd=project, env=env, capture_output=True, text=True)
    assert allowed.returncode == 0, allowed.stdout + allowed.stderr
    assert "1 passed" in allowed.stdout


def _only_conftests(folder: str, names: list[str]) -> list[str]:
    """Copy the tests package's plumbing only: its __init__, conftest and shared_data."""
    keep = {"__init__.py", "conftest.py", "shared_data.py"}
    return [n for n in names if n not in keep or not Path(folder, n).is_file()]
