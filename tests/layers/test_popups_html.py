"""The one escaper: hostile text in popups and tooltips stays text in the page the browser gets."""

from __future__ import annotations

import folium
import pandas as pd
import pytest

from geo.confidence import Confidence
from layers.places import point_layer
from layers.popups import block, safe_text

HOSTILE = "Kech`);alert(1);//${alert(2)}\\<img src=x onerror=alert(3)>&'\""


def test_safe_text_escapes_html_and_template_literal_characters():
    assert safe_text("a`b${c}\\d<e>&'\"") == "a&#96;b&#36;{c}&#92;d&lt;e&gt;&amp;&#x27;&quot;"
    assert safe_text(None) == ""
    assert safe_text(42) == "42"
    assert safe_text("Gujrat → Quetta (§4.1)") == "Gujrat → Quetta (§4.1)"


@pytest.mark.parametrize("char", ["`", "$", "\\", "<", ">", "&", "'", '"'])
def test_no_special_character_survives_a_block(char):
    text = block(f"a{char}b", [("Note", f"c{char}d")], quote=f"e{char}f", section="§1")
    for raw in (f"a{char}b", f"c{char}d", f"e{char}f"):
        assert raw not in text


def _rendered(name: str) -> str:
    statements = pd.DataFrame(
        {
            "place_id": ["p1"],
            "name": [name],
            "lat": [25.0],
            "lon": [63.0],
            "fact": [name],
            "section": ["§4.1"],
            "quote": [name],
            "confidence": [Confidence.ESTIMATE.value],
        }
    )
    m = folium.Map(tiles=None)
    point_layer(statements, [], name="Points", colour_of="#000000", extra_note=name).add_to(m)
    return m.get_root().render()


def test_a_hostile_name_leaves_the_page_structure_as_a_plain_name_does():
    plain, hostile = _rendered("Kech"), _rendered(HOSTILE)
    # Every backtick and every ${ in the page is folium's own: the name added none.
    assert hostile.count("`") == plain.count("`")
    assert hostile.count("${") == plain.count("${")
    assert hostile.count("<img") == plain.count("<img")
    assert "Kech&#96;);alert(1);//&#36;{alert(2)}&#92;&lt;img" in hostile
