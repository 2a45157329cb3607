"""Tests that need ``../shared`` skip without it, except where CI requires it: then they fail."""

from __future__ import annotations

import pytest

from tests.shared_data import REQUIRE_VARIABLE, require_shared


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
