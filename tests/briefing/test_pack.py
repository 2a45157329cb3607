"""The pack never raises: a choice it cannot use gives a sentence, a failure a logged message."""

from __future__ import annotations

import logging

from render.pack import UNEXPECTED, try_build_pack
from tests.briefing.conftest import options


def test_an_unexpected_failure_is_logged_and_told_in_short(tmp_path, caplog):
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("a file where the pack's folder should be", encoding="utf-8")
    opts, route = options(sections=("key_figures",))
    with caplog.at_level(logging.ERROR, logger="render.pack"):
        outcome = try_build_pack(opts, blocked, route_map=route)
    assert outcome.pack is None
    assert outcome.message == UNEXPECTED
    assert str(tmp_path) not in outcome.message and "Traceback" not in outcome.message
    assert any(r.exc_info for r in caplog.records)  # the traceback is in the server log


def test_nothing_to_put_in_is_one_sentence(tmp_path):
    opts, route = options(sections=("checkpoint_plan",))
    outcome = try_build_pack(opts, tmp_path, route_map=route)
    assert outcome.pack is None
    assert outcome.message.startswith("The pack was not built: Nothing is left")
    assert "Checkpoint planner" in outcome.message and "\n" not in outcome.message
    assert not list(tmp_path.glob("*.pdf"))
