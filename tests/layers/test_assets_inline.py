"""Inlined library text cannot end its own <script> or <style> block early."""

from __future__ import annotations

from layers import assets

JS, CSS = "https://cdn.example/lib.js", "https://cdn.example/lib.css"


def test_a_closing_tag_inside_an_inlined_library_is_neutralised(monkeypatch):
    texts = {JS: "var s = '</SCRIPT><b>x</b>';", CSS: "/* </style><b>x</b> */ a{}"}
    monkeypatch.setattr(assets, "asset_text", texts.__getitem__)
    page = assets.inline_assets(
        f'<script src="{JS}"></script><link rel="stylesheet" href="{CSS}"/>'
    )
    assert page.lower().count("</script>") == 1  # only the block's own end
    assert page.lower().count("</style>") == 1
    assert "<\\/SCRIPT>" in page and "<\\/style>" in page


def test_an_unknown_url_is_left_as_it_is(monkeypatch):
    def unknown(url: str) -> str:
        raise KeyError(url)

    monkeypatch.setattr(assets, "asset_text", unknown)
    tag = f'<script src="{JS}"></script>'
    assert assets.inline_assets(tag) == tag
