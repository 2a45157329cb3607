"""Column widths from content: no column narrower than its longest word; wide tables split."""

from __future__ import annotations

from geo.briefing.model import Table, TableKind
from render.tables import layout, part_table


def _measure(text: str, bold: bool) -> float:
    return len(text) * (1.1 if bold else 1.0)  # a monospace oracle: one unit per character


def _table(n_cols: int, word: str = "interviewee") -> Table:
    columns = tuple(f"Heading number {j}" for j in range(n_cols))
    rows = tuple(tuple(f"{word} estimate {i}" for _ in range(n_cols)) for i in range(3))
    return Table(columns, rows, TableKind.MODEL, numeric=(0,), counts=())


def test_a_narrow_table_keeps_its_natural_widths():
    table = _table(3)
    (part,) = layout(table, usable=500, measure=_measure, pad=2)
    longest = [max(_measure(table.columns[j], True), *(len(r[j]) for r in table.rows)) + 2
               for j in range(3)]  # fmt: skip
    assert list(part.widths) == longest


def test_a_wide_table_is_split_repeating_its_first_column_and_never_breaks_a_word():
    table = _table(21)
    parts = layout(table, usable=120, measure=_measure, pad=2)
    assert len(parts) > 1
    seen = set()
    for part in parts:
        assert part.columns[0] == 0
        assert sum(part.widths) <= 120 + 1e-9
        for j, width in zip(part.columns, part.widths, strict=True):
            words = table.columns[j].split() + [w for r in table.rows for w in r[j].split()]
            assert width >= max(len(w) * 1.1 for w in words)  # bold header words are widest
        seen.update(part.columns)
        shown = part_table(table, part)
        assert shown.columns == tuple(table.columns[j] for j in part.columns)
        assert shown.numeric == (0,)
    assert seen == set(range(21))


def test_room_is_shared_without_going_below_the_longest_word():
    table = _table(4, word="deportees")
    (part,) = layout(table, usable=60, measure=_measure, pad=1)
    assert abs(sum(part.widths) - 60) < 1e-9
    for j, width in enumerate(part.widths):
        assert width >= len("Heading") * 1.1 + 1 - 1e-9
        assert width >= len("deportees") + 1 - 1e-9, j
