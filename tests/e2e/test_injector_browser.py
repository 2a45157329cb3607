"""The records injector in Chromium: a newer injector wins, an older one stops for good.

A bare page stands in for the app: one frame playing the live map (``map_div`` and ``L``, and
a ``raDrawCount`` that counts how often injectors look at it) and the injector frames the page
sends, as Streamlit embeds them (same-origin ``srcdoc`` frames). The wait is on that count
(each live injector reads it four times a second), never on a sleep.
"""

from __future__ import annotations

import html

import pytest

from layers.records_live import layer_injector_html

pytestmark = pytest.mark.browser

MAP = (
    "<script>window.L = {}; window.evals = []; window.looks = 0;"
    "window.map_div = {hasLayer: function () { return false; }};"
    "Object.defineProperty(window, 'raDrawCount', {get: function () {"
    " window.looks += 1; return 0; }});</script>"
)
ADD_INJECTOR = """([doc]) => {
    const frame = document.createElement('iframe');
    frame.srcdoc = doc;
    document.body.appendChild(frame);
}"""


def _injector(month: str, generation: int) -> str:
    code = f"window.evals.push({month!r});"
    return layer_injector_html(code, key=month, map_frame="iframe[title='map']",
                               generation=generation)  # fmt: skip


def test_an_older_injector_still_on_the_page_never_puts_its_month_back(browser):
    page = browser.new_page()
    page.set_content(f"<iframe title='map' srcdoc=\"{html.escape(MAP)}\"></iframe>")
    live = page.frame_locator("iframe[title='map']").first
    live.locator("script").first.wait_for(state="attached")
    live_frame = page.frames[1]
    live_frame.wait_for_function("() => !!window.map_div")
    page.evaluate(ADD_INJECTOR, [_injector("2023-02", 1)])
    live_frame.wait_for_function("() => window.evals.length === 1")
    page.evaluate(ADD_INJECTOR, [_injector("2023-03", 2)])  # the older frame stays on the page
    live_frame.wait_for_function("() => window.evals.length === 2")
    start = live_frame.evaluate("() => window.looks")
    live_frame.wait_for_function(f"() => window.looks > {start} + 8")  # two seconds of ticks
    assert live_frame.evaluate("() => window.evals") == ["2023-02", "2023-03"]
    page.close()
