"""The curated data say what the report says, section by section, down to the labels.

One test per label rule: a quote sits in the section it cites; a place marked "reported" is named
by the section it cites; a stand-in is never "reported"; a cost's mode is the one its quote
gives; a period that is a date is stated with the figure; rows placed here are "assumption".
The report is read by ``tests/atlas/report.py``, which shares no code with the loaders.
"""

from __future__ import annotations

import csv
import re

import pytest
import yaml

from geo.paths import DATA_DIR
from layers.popups import QUOTE_LIMIT
from tests.atlas.report import Report, load_report, normalise

QUOTED_TABLES = [
    n
    for n in sorted(p.name for p in DATA_DIR.glob("*.csv"))
    if "quote" in (DATA_DIR / n).read_text(encoding="utf-8").split("\n")[0].split(",")
]

MONTHS = (
    "January February March April May June July August September October November December"
).split()

WINDOW = 250
"""Characters either side of a quote within which a date must be stated to be its period."""


def _rows(name: str) -> list[dict[str, str]]:
    with open(DATA_DIR / name, encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def _parts(quote: str) -> list[str]:
    """The quoted pieces of a quote, "[…]" marking text left out."""
    return [p.strip() for p in normalise(quote).split("[…]") if p.strip()]


def _yaml_quotes() -> list[tuple[str, str, str]]:
    with open(DATA_DIR / "definitions.yaml", encoding="utf-8") as handle:
        data = yaml.safe_load(handle)
    items = [*data["definitions"], *data["limitations"]]
    return [(item.get("term", "limitation"), item["section"], item["quote"]) for item in items]


@pytest.fixture(scope="module")
def report() -> Report:
    found = load_report()
    if found is None:
        pytest.skip("the source report is not beside the project")
    return found


def test_the_report_reader_finds_sections_and_notes(report):
    # The reader itself: a section holds its subsections, a note is found by its words.
    assert "Muscat" in report.section("4.2.3")
    assert report.section("4.2.3") in report.section("4.2")
    # Note 7 fell on a page of §3.1: it is found by its words, not by where it sits.
    assert "Manzoor Ahmed" in report.cited("§2.6 note 7")
    assert "Manzoor Ahmed" not in report.section("2.6")
    with pytest.raises(ValueError, match="cannot read"):
        report.cited("section four")


@pytest.mark.parametrize("name", QUOTED_TABLES)
def test_every_quoted_piece_is_verbatim_in_the_report(name, report):
    missing = []
    for number, row in enumerate(_rows(name), start=2):
        if not row["quote"]:
            continue
        for part in _parts(row["quote"]):
            if part not in report.text:
                missing.append((number, part[:60]))
    assert not missing, f"{name}: not verbatim (inlined text needs a '[…]' mark): {missing}"


@pytest.mark.parametrize("name", QUOTED_TABLES)
def test_every_cited_section_contains_its_quote(name, report):
    wrong = []
    for number, row in enumerate(_rows(name), start=2):
        if not row["quote"]:
            continue
        cited = report.cited(row["section"])
        for part in _parts(row["quote"]):
            if part not in cited:
                wrong.append((number, row["section"], part[:50]))
    assert not wrong, f"{name}: quote not in the section it cites: {wrong}"


def test_definitions_and_limitations_sit_in_their_sections(report):
    wrong = []
    for term, section, quote in _yaml_quotes():
        cited = report.cited(section)
        if any(part not in cited for part in _parts(quote)):
            wrong.append((term, section))
    assert not wrong


def test_a_reported_place_is_named_by_the_section_it_cites(report):
    wrong = []
    for row in _rows("gazetteer.csv"):
        if row["confidence"] != "reported":
            continue
        cited = report.cited(row["section"]).lower()
        spellings = [row["name"], *(a for a in row["alt_names"].split(";") if a.strip())]
        if not any(normalise(s).lower() in cited for s in spellings):
            wrong.append((row["place_id"], row["section"]))
    assert not wrong, f"marked reported but not named in the cited section: {wrong}"


def test_a_stand_in_is_never_reported():
    # A place that stands for a country or region the report names is a choice made here.
    wrong = [
        row["place_id"]
        for row in _rows("gazetteer.csv")
        if re.search(r"stands for|\(assumption\)|choice made here", row["note"], re.I)
        and "Mirpur" not in row["name"]
        and row["confidence"] != "assumption"
    ]
    assert not wrong, f"stand-ins marked as report-backed: {wrong}"


def test_rows_placed_here_are_assumptions_and_assumptions_are_placed_here():
    wrong = []
    for name in ("gazetteer.csv", "corridors.csv", "corridor_legs.csv", "message_themes.csv"):
        for number, row in enumerate(_rows(name), start=2):
            if (row["source"] == "atlas") != (row["confidence"] == "assumption"):
                wrong.append((name, number))
    assert not wrong


def _mode_in_quote(quote: str) -> str:
    text = quote.lower()
    if "by land and sea" in text:
        return "land and sea"
    if "air routes" in text or "by air" in text:
        return "air"
    if "by sea" in text:
        return "sea"
    if "by land" in text:
        return "land"
    return "unspecified"


def test_every_cost_mode_is_the_one_its_quote_gives():
    quotes = {row["figure_id"]: row["quote"] for row in _rows("figures.csv")}
    wrong = [
        (row["figure_id"], row["mode"], _mode_in_quote(quotes[row["figure_id"]]))
        for row in _rows("costs.csv")
        if row["mode"] != _mode_in_quote(quotes[row["figure_id"]])
    ]
    assert not wrong, f"cost mode differs from its quote: {wrong}"


def test_the_cost_mode_oracle_reads_the_report_wording():
    assert _mode_in_quote("the costs to travel by land and sea from Pakistan") == "land and sea"
    assert _mode_in_quote("Figures for air routes appear to range") == "air"
    assert _mode_in_quote("it costs approximately 30 000 PKR to travel to Karachi") == (
        "unspecified"
    )


def _date_in_period(period: str) -> tuple[str | None, str] | None:
    """(month or None, year) when a period starts with a date, else None."""
    found = re.match(rf"^(?:({'|'.join(MONTHS)}) )?(\d{{4}})\b", period)
    return (found.group(1), found.group(2)) if found else None


def test_a_period_given_as_a_date_is_stated_with_the_figure(report):
    # A date is a figure's period only if the report states it beside the figure; the date of
    # the report, or of the meeting where a figure was given, is not a reference period.
    wrong = []
    for row in _rows("figures.csv"):
        date = _date_in_period(row["period"])
        if date is None:
            continue
        month, year = date
        first = _parts(row["quote"])[0]
        at = report.text.find(first)
        assert at >= 0, row["figure_id"]
        around = report.text[max(0, at - WINDOW) : at + len(normalise(row["quote"])) + WINDOW]
        if year not in around or (month and month not in around):
            wrong.append((row["figure_id"], row["period"]))
    assert not wrong, f"periods the report does not give with the figure: {wrong}"


def test_the_period_rule_catches_a_bare_report_year(report):
    assert _date_in_period("2011 (4 more planned)") == (None, "2011")
    assert _date_in_period("December 2011") == ("December", "2011")
    assert _date_in_period("not dated (report of December 2011)") is None


def test_a_milestone_date_is_in_its_quote():
    wrong = []
    for row in _rows("report_facts.csv"):
        year = re.match(r"^(\d{4})(?:-\d{2}){0,2}$", row["date"])
        if year and year.group(1) not in row["quote"]:
            wrong.append(row["fact_id"])
    assert not wrong


def _figure(figure_id: str) -> dict[str, str]:
    return next(row for row in _rows("figures.csv") if row["figure_id"] == figure_id)


def test_the_karachi_estimate_has_no_reference_period():
    row = _figure("illegal_immigrants_karachi")
    assert row["period"].startswith("not stated")
    assert "29 November – 1 December 2011" in row["period"]


def test_national_and_regional_figures_are_not_drawn_at_one_city():
    for figure_id in ("fia_agent_database", "fia_new_agents", "camel_jockeys_middle_east"):
        assert _figure(figure_id)["place_id"] == "", figure_id


def test_notes_assert_only_what_the_report_says():
    assert "Turkish figure" not in _figure("turkey_intercepted_pakistanis")["note"]
    port = next(r for r in _rows("gazetteer.csv") if r["place_id"] == "karachi_port")
    assert "by sea" not in port["note"]


def test_north_africa_is_reached_by_land_and_sea_routes():
    corridors = {r["corridor_id"]: r for r in _rows("corridors.csv")}
    summary = corridors["north_africa_lampedusa"]["summary"]
    with open(DATA_DIR / "definitions.yaml", encoding="utf-8") as handle:
        silences = " ".join(yaml.safe_load(handle)["silences"])
    for text in (summary, silences):
        assert not re.search(r"does not say how [a-z ]*reach North Africa", text), text
    assert "combination of land and sea routes" in summary


def test_corridors_joined_from_separate_statements_are_assumptions():
    rows = {r["corridor_id"]: r for r in _rows("corridors.csv")}
    for corridor_id in ("internal_punjab_karachi", "internal_sindh_karachi"):
        assert rows[corridor_id]["confidence"] == "assumption", corridor_id
        assert "Drawn here" in rows[corridor_id]["summary"]
    europe = rows["land_mand_balo_europe"]["summary"]
    assert "Drawn here, not in the report" in europe and "France" in europe
    assert len(europe) <= QUOTE_LIMIT  # a popup shows no more of a summary
