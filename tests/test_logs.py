"""The one logging set-up: level from the environment, one handler however often it is called."""

from __future__ import annotations

import io
import logging
import re
import sys
from collections.abc import Iterator

import pytest

from geo import logs


@pytest.fixture
def root() -> Iterator[logging.Logger]:
    """The root logger, restored to its handlers and level after the test."""
    logger = logging.getLogger()
    handlers, level = list(logger.handlers), logger.level
    yield logger
    logger.handlers[:] = handlers
    logger.setLevel(level)


def _ours(logger: logging.Logger) -> list[logging.Handler]:
    return [h for h in logger.handlers if h.get_name() == "route-atlas"]


def test_the_level_comes_from_the_environment(root, monkeypatch):
    monkeypatch.setenv("ROUTE_ATLAS_LOG_LEVEL", "warning")
    logs.configure()
    assert root.level == logging.WARNING
    monkeypatch.setenv("ROUTE_ATLAS_LOG_LEVEL", "DEBUG")
    logs.configure()
    assert root.level == logging.DEBUG


def test_unset_means_info(root, monkeypatch):
    monkeypatch.delenv("ROUTE_ATLAS_LOG_LEVEL", raising=False)
    logs.configure()
    assert root.level == logging.INFO


def test_an_argument_wins_over_the_environment(root, monkeypatch):
    monkeypatch.setenv("ROUTE_ATLAS_LOG_LEVEL", "DEBUG")
    logs.configure(level="ERROR")
    assert root.level == logging.ERROR


def test_reruns_add_no_second_handler_and_keep_foreign_ones(root):
    foreign = logging.NullHandler()
    root.addHandler(foreign)
    first = logs.configure(level="INFO")
    second = logs.configure(level="INFO")
    assert first is second
    assert len(_ours(root)) == 1
    assert foreign in root.handlers


def test_a_record_is_written_in_the_one_format(root, capsys):
    logs.configure(level="INFO")
    logging.getLogger("geo.example").info("solve took %d s", 3)
    logging.getLogger("geo.example").debug("below the level")
    lines = capsys.readouterr().err.splitlines()
    assert len(lines) == 1
    stamp = r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3}"
    assert re.fullmatch(stamp + r" INFO geo\.example: solve took 3 s", lines[0])


def test_records_follow_the_current_stderr(root, monkeypatch):
    first, second = io.StringIO(), io.StringIO()
    monkeypatch.setattr(sys, "stderr", first)
    logs.configure(level="INFO")
    monkeypatch.setattr(sys, "stderr", second)  # as Streamlit's runner and pytest swap it
    logging.getLogger("geo.example").warning("after the swap")
    assert first.getvalue() == ""
    assert "WARNING geo.example: after the swap" in second.getvalue()


def test_an_unknown_level_falls_back_to_info_and_says_so(root, monkeypatch, capsys):
    monkeypatch.setenv("ROUTE_ATLAS_LOG_LEVEL", "LOUD")
    logs.configure()
    assert root.level == logging.INFO
    err = capsys.readouterr().err
    assert "ignored log level 'LOUD'" in err
    assert "ROUTE_ATLAS_LOG_LEVEL" in err
