"""The Sources page's tables: every figure, statement and source in one reviewable place."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

import pandas as pd
import yaml

from geo.confidence import parse_confidence
from geo.figures import Figure
from geo.gazetteer import Gazetteer
from geo.paths import DATA_DIR
from geo.tables import DataTableError, read_table


def figures_frame(figures: tuple[Figure, ...] | list[Figure], gazetteer: Gazetteer) -> pd.DataFrame:
    """One row per figure: value as stated, unit, period, place, section, quote, confidence."""
    rows = []
    for f in figures:
        place = gazetteer.get(f.place_id).name if f.place_id else "Pakistan / not located"
        rows.append(
            {
                "Figure": f.label,
                "Value": f.display(),
                "Unit": f.unit,
                "Period": f.period,
                "Place": place,
                "Section": f.section,
                "Quote": f.quote,
                "Confidence": f.confidence.label,
                "Source": f.source,
                "Note": f.note,
                "figure_id": f.figure_id,
            }
        )
    return pd.DataFrame(rows)


def load_bibliography(data_dir: Path | None = None) -> pd.DataFrame:
    """Every source the atlas cites, keyed by ``source_id``."""
    return read_table(
        "bibliography",
        required=("source_id", "short", "citation", "kind", "licence", "note"),
        non_empty=("source_id", "short", "citation"),
        data_dir=data_dir,
    )


@lru_cache(maxsize=1)
def _short_names() -> dict[str, str]:
    frame = load_bibliography()
    return dict(zip(frame["source_id"], frame["short"], strict=True))


def source_label(source_id: str) -> str:
    """Short display name of a bibliography entry (``unodc2011`` -> ``UNODC 2011``).

    An id that is not in the bibliography is returned as written, so a user's own table
    naming a source in words still shows it.
    """
    key = str(source_id).strip()
    return _short_names().get(key, key)


@lru_cache(maxsize=1)
def load_definitions(path: Path | None = None) -> dict[str, Any]:
    """The report's definitions, stated limitations and silences (``definitions.yaml``)."""
    with open(path or DATA_DIR / "definitions.yaml", encoding="utf-8") as handle:
        data = yaml.safe_load(handle)
    for key in ("definitions", "limitations", "silences"):
        if key not in data:
            raise DataTableError(f"definitions.yaml: missing section {key!r}")
    return data


def statements_frame(roles: pd.DataFrame, regions: pd.DataFrame) -> pd.DataFrame:
    """District roles and region statements together, each at its own level."""
    district = pd.DataFrame(
        {
            "Level": "District",
            "Where": roles["district"],
            "Statement": roles["role"].str.replace("_", " ")
            + roles["detail"].map(lambda d: f": {d}" if d else ""),
            "Section": roles["section"],
            "Quote": roles["quote"],
            "Confidence": [parse_confidence(c).label for c in roles["confidence"]],
        }
    )
    region = pd.DataFrame(
        {
            "Level": "Province or region",
            "Where": regions["region"],
            "Statement": regions["statement"],
            "Section": regions["section"],
            "Quote": regions["quote"],
            "Confidence": [parse_confidence(c).label for c in regions["confidence"]],
        }
    )
    return pd.concat([district, region], ignore_index=True)
