"""The Sources page shows the report's further facts, its dated milestones and the challan gap."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

APP = str(Path(__file__).resolve().parents[2] / "app.py")


@pytest.fixture
def sources(tmp_path, monkeypatch) -> AppTest:
    monkeypatch.setenv("ROUTE_ATLAS_VAR_DIR", str(tmp_path))
    at = AppTest.from_file(APP, default_timeout=180).run()
    at.switch_page("pages/sources.py").run()
    assert not at.exception
    return at


def test_further_facts_are_listed_with_their_sections(sources):
    tables = [d.value for d in sources.dataframe]
    facts = next(t for t in tables if "Fact" in t.columns)
    details = " ".join(facts["Detail"])
    assert "Iran; Turkey; Greece; Oman; Spain" in details  # IGTOS, §4.1 note 14
    assert "1 Iraqis; 2 Pakistanis; 3 Afghans" in details  # §4.2.1
    assert "§8.1 note 23" in set(facts["Section"])  # the FIA's trend statement


def test_milestones_are_dated_and_the_challan_table_is_said_to_be_missing(sources):
    text = " ".join(m.value for m in sources.markdown)
    for date in ("2000-07-10", "1978", "2002", "2005", "2006", "2008", "2010-04"):
        assert f"**{date}**" in text, date
    assert "Challan" in " ".join(e.label for e in sources.expander)
    assert "challan (§7.1) was an image in the source and is not reproduced" in text


def test_the_interceptions_page_gives_the_trend_caveat_with_the_loads(tmp_path, monkeypatch):
    monkeypatch.setenv("ROUTE_ATLAS_VAR_DIR", str(tmp_path))
    at = AppTest.from_file(APP, default_timeout=180).run()
    at.switch_page("pages/interceptions.py").run()
    assert not at.exception
    captions = " ".join(c.value for c in at.caption)
    assert "decreased over the years" in captions and "§8.1 note 23" in captions
