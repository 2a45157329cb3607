"""Small steps the browser tests share: open a page in a fresh context, compare boxes."""

from __future__ import annotations

from typing import Any


def open_page(browser: Any, url: str, *, width: int = 1400, height: int = 1000) -> tuple[Any, Any]:
    """A new browser context (nothing of another test) with ``url`` open; its page collects
    the page's script errors in ``page.errors``."""
    context = browser.new_context(viewport={"width": width, "height": height})
    page = context.new_page()
    page.errors = []
    page.on("pageerror", lambda exc: page.errors.append(str(exc)))
    page.goto(url)
    return context, page


def overlap(a: dict, b: dict) -> bool:
    """Whether two bounding boxes (Playwright's ``x, y, width, height``) share any area."""
    return not (
        a["x"] + a["width"] <= b["x"]
        or b["x"] + b["width"] <= a["x"]
        or a["y"] + a["height"] <= b["y"]
        or b["y"] + b["height"] <= a["y"]
    )
