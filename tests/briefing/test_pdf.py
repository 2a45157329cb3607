"""The PDF renders to non-blank pages (pdftoppm) holding the expected titles (pdftotext)."""

from __future__ import annotations

import subprocess

import numpy as np
import pytest
from PIL import Image

from geo.briefing.model import SOURCES_LINE, VINTAGE
from tests.briefing.conftest import require_or_skip


@pytest.fixture(scope="module")
def pages(public_pack, tmp_path_factory):
    require_or_skip("/usr/bin/pdftoppm", "pdftoppm (Debian poppler-utils)")
    require_or_skip("/usr/bin/pdftotext", "pdftotext (Debian poppler-utils)")
    out = tmp_path_factory.mktemp("pdf_pages")
    subprocess.run(
        ["pdftoppm", "-r", "40", "-png", str(public_pack.pdf), str(out / "page")],
        check=True,
        timeout=120,
    )
    images = sorted(out.glob("page-*.png"))
    texts = []
    for number in range(1, len(images) + 1):
        result = subprocess.run(
            [
                "pdftotext",
                "-layout",
                "-f",
                str(number),
                "-l",
                str(number),
                str(public_pack.pdf),
                "-",
            ],
            check=True,
            capture_output=True,
            text=True,
            timeout=60,
        )
        texts.append(result.stdout)
    return images, texts


def test_one_page_or_more_per_block(public_pack, pages):
    images, _ = pages
    assert len(images) >= len(public_pack.content.blocks)


def test_no_page_is_blank(pages):
    images, _ = pages
    for path in images:
        pixels = np.asarray(Image.open(path).convert("L"), dtype=float)
        inked = (pixels < 200).mean()
        assert inked > 0.005, f"{path.name} looks blank ({inked:.4f} of pixels inked)"


def test_pages_hold_titles_in_order(public_pack, pages):
    _, texts = pages
    flat = [" ".join(t.split()) for t in texts]
    start = 0
    for block in public_pack.content.blocks:
        title = " ".join(block.title.split())
        hits = [i for i in range(start, len(flat)) if title in flat[i]]
        assert hits, f"title {block.title!r} not found from page {start + 1}"
        start = hits[0]


def test_every_page_carries_vintage_and_sources(pages):
    _, texts = pages
    for number, text in enumerate(texts, start=1):
        flat = " ".join(text.split())
        assert VINTAGE in flat, f"page {number} lacks the data vintage"
        assert " ".join(SOURCES_LINE.split()[:6]) in flat, f"page {number} lacks sources"


def test_unicode_survives(pages):
    _, texts = pages
    joined = "\n".join(texts)
    assert "§4.3" in joined
    assert "1,000–10,000 EUR" in joined


def _plan_page(public_pack, texts):
    flat = [" ".join(t.split()) for t in texts]
    return next(
        texts[i]
        for i, t in enumerate(flat)
        if t.startswith(
            " ".join(f"{public_pack.content.title} · Public pack Checkpoint plan".split())
        )
        or "Checkpoint plan Captured share" in t
    )


def test_plan_page_names_sites_without_internal_columns(public_pack, planning_result, pages):
    _, texts = pages
    page = _plan_page(public_pack, texts)
    graph = planning_result.network.graph
    for site in planning_result.plan.sites:
        assert graph.nodes[site]["name"] in page
    for internal in ("marginal_gain", "flow_through", "model_note", "objective", "_share"):
        assert internal not in page
    assert "Captured share of modelled flow" in page and "optimal" in page
    assert page.count("not a finding of UNODC 2011") == 1  # the note once, under the table


def test_no_word_of_the_plan_table_is_split(public_pack, pages):
    _, texts = pages
    page = _plan_page(public_pack, texts)
    tokens = set(page.split())
    block = next(b for b in public_pack.content.blocks if b.key == "checkpoint_plan")
    words = {w for row in block.table.rows for cell in row for w in cell.split()}
    words |= {w for header in block.table.columns for w in header.split()}
    assert words and words <= tokens, sorted(words - tokens)


def _flat(text: str) -> str:
    return " ".join(text.split())


def test_plan_page_states_share_status_bound_method_and_the_robust_spread(
    public_pack, planning_result, pages
):
    _, texts = pages
    page = _flat(_plan_page(public_pack, texts))
    plan, robust = planning_result.plan, planning_result.robust
    assert f"Captured share of modelled flow: {plan.share:.1%}" in page
    gap = (plan.bound - plan.captured) / plan.bound
    closeness = "the best possible (proven)" if gap <= 0 else f"within {gap:.1%} of the best"
    assert closeness in page
    assert "Method: exact (mixed-integer programme, solver HiGHS" in page
    assert "robust over sampled flow weights" in page
    assert "30 sampled sets of flow weights (seed 7)" in page
    for p in (10, 50, 90):
        assert f"P{p} {np.percentile(robust.saa_shares, p):.1%}" in page
    assert "Diversion alternatives on" in page


def test_a_greedy_plan_page_says_how_it_was_found_and_how_close_it_is(tmp_path):
    from geo.briefing.plan import plan_summary
    from geo.planner.atlas import default_network
    from geo.planner.objectives import PlanSpec
    from geo.planner.run import run_planning
    from render.pack import build_pack
    from tests.briefing.conftest import options

    require_or_skip("/usr/bin/pdftotext", "pdftotext (Debian poppler-utils)")
    network = default_network(alternatives=False)
    result = run_planning(network, PlanSpec(objective="evasive", k=2, tolerance=0.3),
                          method="greedy")  # fmt: skip
    opts, route = options(sections=("checkpoint_plan",), plan=plan_summary(result))
    pack = build_pack(opts, tmp_path, route_map=route)
    text = subprocess.run(["pdftotext", str(pack.pdf), "-"], check=True, capture_output=True,
                          text=True, timeout=60).stdout  # fmt: skip
    page = _flat(text)
    plan = result.plan
    assert f"{plan.share:.1%} (best found by the greedy heuristic)" in page
    gap = (plan.bound - plan.captured) / plan.bound
    closeness = f"within {gap:.1%} of the best possible" if gap > 0 else "best possible (proven)"
    assert closeness in page
    assert "Method: greedy heuristic" in page
    assert "Diversion alternatives off" in page
    for site in plan.sites:
        assert network.name(site) in page
