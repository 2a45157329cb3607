"""Every CSV and XLSX the app writes goes through the neutraliser of ``geo.exports``."""

from __future__ import annotations

import ast
import csv
import io
from pathlib import Path

import pandas as pd
import pytest
from openpyxl import load_workbook

from geo.awareness.export import to_excel_bytes
from geo.exports import (
    escape_markdown,
    neutralise,
    neutralise_frame,
    to_csv_bytes,
    to_csv_text,
    to_xlsx_bytes,
)
from geo.planner.exact import solve_exact
from geo.planner.export import plan_csv
from geo.planner.network import Flow, FlowNetwork
from geo.planner.objectives import PlanSpec
from tests.planner.conftest import w

ROOT = Path(__file__).resolve().parents[1]
DANGEROUS = ["=1+1", "+1", "-1+2", "@SUM(A1)", "\t=1", "\r=1", '=HYPERLINK("http://x","y")']
HARMLESS = ["1+1", "a=b", "", "text", " =1"]


@pytest.mark.parametrize("value", DANGEROUS)
def test_a_cell_starting_with_a_formula_character_is_neutralised(value):
    assert neutralise(value) == "'" + value


@pytest.mark.parametrize("value", [*HARMLESS, 5, -3, 2.5, None])
def test_other_cells_pass_unchanged(value):
    assert neutralise(value) == value


def _frame() -> pd.DataFrame:
    return pd.DataFrame({"text": DANGEROUS, "n": range(len(DANGEROUS)), "=head": DANGEROUS})


def _csv_cells(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text, newline="")))


def _assert_inert(cells: list[list[object]]) -> None:
    for row in cells:
        for cell in row:
            if isinstance(cell, str) and cell:
                assert cell[0] not in "=+-@\t\r", cell


def test_csv_writers_neutralise_cells_and_headers():
    _assert_inert(_csv_cells(to_csv_text(_frame())))
    _assert_inert(_csv_cells(to_csv_bytes(_frame()).decode("utf-8-sig")))
    assert _csv_cells(to_csv_text(_frame()))[1][1] == "0"  # numbers stay numbers


def test_xlsx_writers_neutralise_cells_and_headers():
    for data in (to_xlsx_bytes(_frame()), to_excel_bytes(_frame())):
        book = load_workbook(io.BytesIO(data))
        for sheet in book.worksheets:
            cells = [list(r) for r in sheet.iter_rows(values_only=True)]
            _assert_inert(cells)
            for row in sheet.iter_rows():
                assert all(c.data_type != "f" for c in row)


def test_the_plan_csv_neutralises_a_typed_site_name():
    nodes = [
        {"id": "A", "lat": 30, "lon": 66, "name": "=cmd|' /C calc'!A0"},
        {"id": "B", "lat": 31, "lon": 67, "candidate": True, "name": "@SUM(1)"},
        {"id": "D", "lat": 30, "lon": 68, "name": "+end"},
    ]
    edges = [{"from": "A", "to": "B", "length_km": 100}, {"from": "B", "to": "D", "length_km": 90}]
    network = FlowNetwork.from_parts(nodes, edges, [Flow("ad", "A", "D", ("A", "B", "D"), w(3))])
    plan = solve_exact(network, PlanSpec(objective="static", k=1))
    text = plan_csv(network, plan)
    assert "'@SUM(1)" in text
    _assert_inert(_csv_cells(text))


def test_neutralise_frame_leaves_the_input_alone():
    frame = _frame()
    neutralise_frame(frame)
    assert frame["text"].tolist() == DANGEROUS


def _writes_unneutralised(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = []
    for node in ast.walk(tree):
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)):
            continue
        if node.func.attr not in ("to_csv", "to_excel"):
            continue
        receiver = node.func.value
        through = (
            isinstance(receiver, ast.Call)
            and isinstance(receiver.func, ast.Name)
            and receiver.func.id == "neutralise_frame"
        )
        if not through:
            found.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    return found


def test_no_app_module_writes_a_csv_or_xlsx_around_the_neutraliser():
    files = [ROOT / "app.py"]
    for folder in ("geo", "layers", "pages", "charts", "render"):
        files.extend(sorted((ROOT / folder).rglob("*.py")))
    offenders = [
        hit for path in files if path.name != "exports.py" or path.parent.name != "geo"
        for hit in _writes_unneutralised(path)
    ]  # fmt: skip
    assert offenders == []


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("[x](http://evil)", r"\[x\]\(http\:\/\/evil\)"),
        (":red[alarm]", r"\:red\[alarm\]"),
        ("**bold** $x$", r"\*\*bold\*\* \$x\$"),
        ("two\nlines", "two lines"),
        ("Quetta", "Quetta"),
    ],
)
def test_escape_markdown(text, shown):
    assert escape_markdown(text) == shown
