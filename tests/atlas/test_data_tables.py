"""Every curated row names its source and confidence; figures carry unit and period; every
district named anywhere resolves to exactly one boundary."""

from __future__ import annotations

import csv

import pytest

from geo.boundaries import district_names
from geo.catalog import load_bibliography, load_definitions
from geo.confidence import parse_confidence
from geo.figures import figures_from_table, load_figures
from geo.gazetteer import load_gazetteer
from geo.paths import DATA_DIR
from geo.roles import district_roles_from_table, load_district_roles

CURATED = sorted(p.name for p in DATA_DIR.glob("*.csv") if p.name != "records_template.csv")


def _header(name: str) -> list[str]:
    with open(DATA_DIR / name, encoding="utf-8") as handle:
        return next(csv.reader(handle))


# The bibliography is the list of sources itself; costs.csv only places cost figures and
# measures.csv only names what figures measure: their confidence lives with each figure.
SOURCED = [n for n in CURATED if "source" in _header(n)]
WITH_CONFIDENCE = [n for n in CURATED if "confidence" in _header(n)]


def test_only_the_bibliography_lacks_a_source_column():
    assert set(CURATED) - set(SOURCED) == {"bibliography.csv"}


def test_only_lookup_tables_lack_a_confidence_column():
    assert set(CURATED) - set(WITH_CONFIDENCE) == {
        "bibliography.csv",
        "costs.csv",
        "measures.csv",
    }


def test_every_measure_has_a_label():
    from geo.figures import load_measures

    labels = load_measures()
    missing = sorted({f.measure for f in load_figures()} - set(labels))
    assert not missing, f"measures.csv lacks {missing}"
    assert any(m.drawn_by_default for m in labels.values())


@pytest.mark.parametrize("name", SOURCED)
def test_every_row_names_a_known_source(name):
    known = set(load_bibliography()["source_id"])
    with open(DATA_DIR / name, encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert rows, f"{name} is empty"
    sources = {row["source"] for row in rows}
    assert "" not in sources, f"{name}: a row has no source"
    assert sources <= known, f"{name}: unknown source(s) {sources - known}"


@pytest.mark.parametrize("name", WITH_CONFIDENCE)
def test_every_row_has_a_valid_confidence_class(name):
    with open(DATA_DIR / name, encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    for number, row in enumerate(rows, start=2):
        parse_confidence(row["confidence"])  # raises with the bad value
        assert row["confidence"], f"{name} row {number}: empty confidence"


def test_every_figure_has_unit_period_section_and_quote():
    for item in load_figures():
        assert item.unit and item.period and item.section and item.quote, item.figure_id


def test_a_figure_without_a_unit_is_refused(tmp_path):
    source = (DATA_DIR / "figures.csv").read_text(encoding="utf-8").splitlines()
    header, first = source[0], source[1]
    cells = next(csv.reader([first]))
    cells[header.split(",").index("unit")] = ""
    with open(tmp_path / "figures.csv", "w", encoding="utf-8", newline="") as handle:
        handle.write(header + "\n")
        csv.writer(handle).writerow(cells)
    with pytest.raises(ValueError, match="'unit' is empty"):
        figures_from_table(tmp_path)


# Quotes are checked against the report text, whole and section by section, in
# tests/atlas/test_report_fidelity.py.


def test_every_named_district_resolves_to_exactly_one_boundary():
    names = district_names()
    gaz = load_gazetteer()
    for place in gaz.of_kind("district"):
        assert names.count(place.boundary_name) == 1, place.place_id
    roles = load_district_roles()
    for name, boundary in zip(roles["district"], roles["boundary_name"], strict=True):
        assert names.count(boundary) == 1, name


def test_an_unknown_district_in_roles_is_refused(tmp_path):
    header = "district,role,detail,section,quote,confidence,source,note\n"
    (tmp_path / "district_roles.csv").write_text(
        header + "Atlantis,migrant_source,,§4.1,q,estimate,unodc2011,\n", encoding="utf-8"
    )
    with pytest.raises(KeyError, match="Atlantis"):
        district_roles_from_table(data_dir=tmp_path)


def test_the_report_silences_are_stated():
    silences = " ".join(load_definitions()["silences"])
    assert "23" in silences and "26 legal exit points" in silences
