"""Languages, message themes and province context: the curated tables and the rules on them."""

from __future__ import annotations

import pandas as pd
import pytest

from geo.awareness.context import (
    campaign_languages,
    check_language_areas,
    load_languages,
    load_themes,
    province_key,
    region_context,
    themes_for,
)
from geo.awareness.matching import DistrictMatcher
from geo.boundaries import BoundaryDataMissingError, load_districts
from geo.confidence import Confidence
from geo.gazetteer import load_gazetteer
from geo.tables import DataTableError


def test_only_report_languages_are_marked_reported():
    languages = load_languages()
    reported = set(languages.loc[languages["confidence"] == "reported", "language"])
    # Recommendation 9 names Urdu, Punjabi and Sindhi; everything else is an assumption
    assert reported == {"Urdu", "Punjabi", "Sindhi"}
    assumed = languages[languages["confidence"] == "assumption"]
    assert (assumed["source"].str.len() > 0).all()
    assert not languages["note"].str.contains("%").any()  # no invented percentages


def test_languages_table_names_real_boundary_areas():
    try:
        districts = load_districts()
    except BoundaryDataMissingError:
        pytest.skip("boundary files not built")
    matcher = DistrictMatcher(districts["district"], gazetteer=load_gazetteer())
    problems = check_language_areas(
        load_languages(), matcher=matcher, provinces=districts["province"].unique()
    )
    assert problems == []


def test_reported_language_without_section_is_refused(tmp_path):
    (tmp_path / "languages.csv").write_text(
        "level,area,language,confidence,section,source,note\n"
        "country,Pakistan,Urdu,reported,,UNODC 2011,\n",
        encoding="utf-8",
    )
    with pytest.raises(DataTableError, match="must cite"):
        load_languages(tmp_path)


def test_languages_country_then_province_then_district(matcher):
    langs = campaign_languages(
        "Muzaffargarh", "Punjab", languages=load_languages(), matcher=matcher
    )
    names = [lang.language for lang in langs]
    assert names == ["Urdu", "Punjabi", "Saraiki"]
    assert langs[0].confidence is Confidence.REPORTED
    assert langs[2].confidence is Confidence.ASSUMPTION
    assert "Assumption made here" in langs[2].describe()
    gujrat = [
        lang.language for lang in campaign_languages("Gujrat", "Punjab", languages=load_languages())
    ]
    assert gujrat == ["Urdu", "Punjabi"]
    kp = [
        lang.language for lang in campaign_languages("Peshawar", "KPK", languages=load_languages())
    ]
    assert kp == ["Urdu", "Pashto"]


def test_theme_triggers():
    themes = load_themes()
    fit = themes_for(
        roles=["camel_jockey_source"], destinations=["UAE"], province="Punjab", themes=themes
    )
    ids = set(fit["theme_id"])
    assert {"child_trafficking", "deception", "bonded_labour"} <= ids
    assert "sea_deaths" not in ids
    assert fit.loc[fit["theme_id"] == "bonded_labour", "province_level"].all()
    sea = themes_for(
        roles=["destination_affinity"],
        destinations=["Australia"],
        province="Balochistan",
        themes=themes,
    )
    assert "sea_deaths" in set(sea["theme_id"]) and "bonded_labour" not in set(sea["theme_id"])
    none = themes_for(roles=[], destinations=[], province="Gilgit-Baltistan", themes=themes)
    assert none.empty


def test_bad_trigger_is_refused(tmp_path):
    (tmp_path / "message_themes.csv").write_text(
        "theme_id,theme,message,trigger,section,source,confidence,note\n"
        "x,X,m,district:Lahore,§1,UNODC 2011,reported,\n",
        encoding="utf-8",
    )
    with pytest.raises(DataTableError, match="trigger"):
        load_themes(tmp_path)


def test_region_context_stays_at_province_level():
    statements = pd.DataFrame(
        {
            "region": ["Sindh", "Punjab", "Pakistan (no province named)", "Karachi region"],
            "province": ["Sindh", "Punjab", "", ""],
            "theme": ["bonded_labour", "bonded_labour", "disaster", "x"],
            "statement": ["s1", "s2", "s3", "s4"],
            "section": ["§2.6", "§2.6", "§3.4", "§1"],
            "quote": ["q", "q", "q", "q"],
            "confidence": ["reported"] * 4,
            "source": ["unodc2011"] * 4,
        }
    )
    assert region_context("Sindh", statements)["statement"].tolist() == ["s1", "s3"]
    assert region_context("Balochistan", statements)["statement"].tolist() == ["s3"]
    assert province_key("Baluchistan") == province_key("Balochistan")
