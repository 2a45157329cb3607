"""The briefing page stays a thin driver: under 200 lines, made of short section functions."""

from __future__ import annotations

import ast
from pathlib import Path

PAGE = Path(__file__).resolve().parents[2] / "pages" / "briefing.py"
LIMIT = 200
FUNCTION_LIMIT = 40


def test_the_page_is_under_the_line_limit():
    lines = PAGE.read_text(encoding="utf-8").splitlines()
    assert len(lines) < LIMIT, f"pages/briefing.py has {len(lines)} lines"


def test_main_drives_section_functions_each_short():
    tree = ast.parse(PAGE.read_text(encoding="utf-8"))
    functions = {n.name: n for n in tree.body if isinstance(n, ast.FunctionDef)}
    for name, node in functions.items():
        length = (node.end_lineno or node.lineno) - node.lineno + 1
        assert length <= FUNCTION_LIMIT, f"{name} is {length} lines"
    called = {
        n.func.id
        for n in ast.walk(functions["main"])
        if isinstance(n, ast.Call) and isinstance(n.func, ast.Name)
    }
    assert {"intro", "pick_sections", "screen_view", "build", "offer_downloads"} <= called
