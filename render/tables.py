"""Column widths from content, for the PDF and the deck alike, so no word is ever broken.

A column is at least as wide as its longest word (plus padding) and at most as wide as its
longest cell; the room left is shared in proportion to what each column still wants. When even
the longest words do not fit side by side, the table is split into parts that repeat its first
column, rather than crushed.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from geo.briefing.model import Table

Measure = Callable[[str, bool], float]
"""Width of a text in the target's unit; the flag is True for bold (headers)."""


@dataclass(frozen=True)
class TablePart:
    """Some columns of a table, with their widths in the target's unit."""

    columns: tuple[int, ...]
    widths: tuple[float, ...]


def _needs(table: Table, j: int, measure: Measure, pad: float) -> tuple[float, float]:
    cells = [row[j] for row in table.rows]
    header_words = table.columns[j].split() or [""]
    words = [w for cell in cells for w in cell.split()] or [""]
    least = max(max(measure(w, True) for w in header_words), max(measure(w, False) for w in words))
    most = max([measure(table.columns[j], True)] + [measure(c, False) for c in cells])
    return least + pad, max(most, least) + pad


def _fit(needs: Sequence[tuple[float, float]], usable: float) -> tuple[float, ...]:
    least = [n[0] for n in needs]
    want = [n[1] - n[0] for n in needs]
    room = usable - sum(least)
    if sum(want) <= room:
        return tuple(n[1] for n in needs)
    return tuple(lo + room * w / sum(want) for lo, w in zip(least, want, strict=True))


def layout(table: Table, *, usable: float, measure: Measure, pad: float) -> list[TablePart]:
    """Split ``table`` into parts that fit ``usable`` and give each column its width."""
    needs = [_needs(table, j, measure, pad) for j in range(len(table.columns))]
    if sum(n[0] for n in needs) <= usable:
        return [TablePart(tuple(range(len(needs))), _fit(needs, usable))]
    parts: list[TablePart] = []
    key = needs[0]
    current: list[int] = []
    for j in range(1, len(needs)):
        trial = [key, *(needs[i] for i in current), needs[j]]
        if current and sum(n[0] for n in trial) > usable:
            cols = (0, *current)
            parts.append(TablePart(cols, _fit([needs[i] for i in cols], usable)))
            current = []
        current.append(j)
    cols = (0, *current)
    parts.append(TablePart(cols, _fit([needs[i] for i in cols], usable)))
    return parts


def part_table(table: Table, part: TablePart) -> Table:
    """The columns of ``part`` as a table of their own (notes kept, indices remapped)."""
    keep = part.columns
    where = {old: new for new, old in enumerate(keep)}
    return Table(
        tuple(table.columns[j] for j in keep),
        tuple(tuple(row[j] for j in keep) for row in table.rows),
        table.kind,
        notes=table.notes,
        numeric=tuple(where[j] for j in table.numeric if j in where),
        counts=tuple(where[j] for j in table.counts if j in where),
    )
