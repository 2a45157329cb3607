"""The awareness page, driven with Streamlit's AppTest."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from geo.boundaries import BoundaryDataMissingError, load_districts
from geo.paths import PROJECT_DIR

PAGE = str(PROJECT_DIR / "pages" / "awareness.py")

try:
    load_districts()
except BoundaryDataMissingError:  # pragma: no cover - data not built
    pytest.skip("boundary files not built", allow_module_level=True)


def run(**state) -> AppTest:
    at = AppTest.from_file(PAGE, default_timeout=120)
    for key, value in state.items():
        at.session_state[key] = value
    return at.run()


def test_page_ranks_districts_with_reasons():
    at = run(aw_draws=100)
    assert not at.exception, at.exception
    assert not at.error
    table = at.dataframe[0].value
    assert len(table) == 10
    assert table["rank"].tolist() == list(range(1, 11))
    # Districts the report names in several roles come first; Lahore (0.5) cannot be top 10
    assert "Lahore" not in set(table["district"])
    assert "Rahim Yar Khan" in set(table["district"])
    assert (table["languages"].str.startswith("Urdu")).all()
    assert len(at.expander) >= 10
    assert any("UNODC 2011" in m.value for m in at.markdown)


def test_weights_and_top_n_change_the_ranking():
    at = run(aw_draws=100, aw_top_n=3, **{"aw_w_role:camel_jockey_source": 3.0})
    assert not at.exception, at.exception
    top = at.dataframe[0].value
    assert len(top) == 3
    # Camel-jockey districts named in §9.2 also named as child-trafficking sources lead
    assert set(top["district"]) <= {
        "Rahim Yar Khan",
        "Dera Ghazi Khan",
        "Bahawalpur",
        "Tharparkar",
        "Mirpurkhas",
        "Muzaffargarh",
        "Multan",
    }


def test_all_weights_zero_warns_instead_of_failing():
    at = AppTest.from_file(PAGE, default_timeout=120).run()
    for slider in at.slider:
        slider.set_value(0.0)
    at.run()
    assert not at.exception, at.exception
    assert any("at least one weight" in w.value for w in at.warning)


def test_tie_at_cut_off_is_explained_only_when_there_is_one():
    # Default weights: ten districts share the top score, the eleventh is lower.
    clear = run(aw_draws=100, aw_top_n=10)
    assert not any("tie at the cut-off" in i.value for i in clear.info)
    cut = run(aw_draws=100, aw_top_n=5)
    assert any("tie at the cut-off" in i.value for i in cut.info)
    assert cut.dataframe[0].value["tied"].all()


def _with_link(**params: str) -> AppTest:
    at = AppTest.from_file(PAGE, default_timeout=120)
    for name, value in params.items():
        at.query_params[name] = value
    return at.run()


def test_the_view_is_restored_from_the_link_and_written_back():
    at = _with_link(**{"method": "rank", "top": "5", "draws": "100", "w.staging_city": "2.5"})
    assert not at.exception, at.exception
    assert at.selectbox(key="aw_method").value == "rank"
    assert at.number_input(key="aw_top_n").value == 5
    assert at.slider(key="aw_w_role:staging_city").value == 2.5
    assert len(at.dataframe[0].value) == 5
    assert not at.info or not any("not understood" in i.value for i in at.info)
    assert at.query_params["top"] in ("5", ["5"])
    assert at.query_params["w.staging_city"] in ("2.5", ["2.5"])


def test_a_malformed_link_opens_the_default_view_with_a_notice():
    at = _with_link(**{"top": "-3", "method": "<script>", "w.staging_city": "9", "draws": "7"})
    assert not at.exception, at.exception
    assert any("not understood" in i.value for i in at.info)
    assert at.number_input(key="aw_top_n").value == 10
    assert at.selectbox(key="aw_method").value == "minmax"
    assert at.slider(key="aw_w_role:staging_city").value == 0.0
    shown = (
        [m.value for m in at.markdown] + [i.value for i in at.info] + [c.value for c in at.caption]
    )
    assert not any("<script>" in text for text in shown)


def test_why_and_languages_are_lists_drawn_as_bullets():
    at = run(aw_draws=100, aw_top_n=3)
    bullets = [m.value for m in at.markdown if m.value.startswith("- ")]
    assert bullets and not any(" | " in b for b in bullets)
    assert any("UNODC 2011" in b for b in bullets)


def test_a_changed_setting_reaches_the_link():
    at = run(aw_draws=100)
    assert "top" not in at.query_params or at.query_params["top"] in ("10", ["10"])
    at.number_input(key="aw_top_n").set_value(4).run()
    at.slider(key="aw_w_role:migrant_source").set_value(2.75).run()
    assert not at.exception, at.exception
    assert at.query_params["top"] in ("4", ["4"])
    assert at.query_params["w.migrant_source"] in ("2.75", ["2.75"])


def test_records_on_the_page_carry_the_agency_record_class(tmp_path, monkeypatch):
    """A public session: the records' class with the import date, no account name, and no
    "Reported figure" for any record-based indicator, in the top table and the sources table."""
    import datetime as dt

    from geo.records.importer import import_file
    from geo.records.store import RecordStore
    from tests.records.helpers import csv_bytes, many_rows

    monkeypatch.setenv("ROUTE_ATLAS_VAR_DIR", str(tmp_path))
    monkeypatch.delenv("DATABASE_URL", raising=False)
    store = RecordStore(tmp_path / "records.sqlite")
    import_file(store, csv_bytes(many_rows(300)), file_name="seed.csv", user="importer7")
    at = run(aw_draws=100, aw_tab="Indicators and sources")  # the tab listing the indicators
    assert not at.exception, at.exception
    today = dt.datetime.now(dt.UTC).date().isoformat()
    expected = f"Agency record, imported on {today} by an agency administrator"
    sources = next(d.value for d in at.dataframe if "provenance" in d.value.columns)
    records = sources[sources["origin"] == "records"]
    assert len(records) > 0
    assert set(records["confidence"]) == {"Agency record"}
    assert set(records["provenance"]) == {expected}
    assert "Reported figure" not in set(sources.loc[sources["origin"] != "report", "confidence"])
    top = at.dataframe[0].value
    column = "agency records and uploads (not report figures)"
    assert any(expected in cell for cell in top[column])
    assert not any("Reported figure" in cell for cell in top[column])
    shown = " ".join(str(d.value.to_csv()) for d in at.dataframe) + " ".join(
        m.value for m in at.markdown
    )
    assert "importer7" not in shown


def test_charts_are_drawn_only_in_their_open_tab():
    at = run(aw_draws=100)
    assert not at.exception, at.exception
    assert len(at.dataframe[0].value) == 10  # the first tab: the top districts
    assert at.get("plotly_chart") == []  # no chart library for a new visitor
    for code, caption in (("breakdown", None), ("stability", "share of draws")):
        linked = _with_link(tab=code, draws="100")
        assert not linked.exception, linked.exception
        assert len(linked.get("plotly_chart")) == 1, code
        captions = " ".join(c.value for c in linked.caption)
        assert caption is None or caption in captions
        assert linked.query_params["tab"] in (code, [code])
    assert not any("provenance" in d.value.columns for d in at.dataframe)
    linked = _with_link(tab="sources", draws="100")
    assert any("provenance" in d.value.columns for d in linked.dataframe)


def test_an_unknown_tab_in_the_link_opens_the_first_with_a_notice():
    at = _with_link(tab="<b>charts</b>", draws="100")
    assert not at.exception, at.exception
    assert any("not understood" in i.value for i in at.info)
    assert at.get("plotly_chart") == []
    assert len(at.dataframe[0].value) == 10
