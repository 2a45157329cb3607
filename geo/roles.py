"""What the report says of districts and of provinces or regions, kept at its own level.

District roles (``district_roles.csv``) are statements the report makes about a named district.
Region statements (``region_statements.csv``) are made about a province or a part of one ("central
and south Punjab", "KP"); they are shown at province level and never spread onto districts.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import pandas as pd

from geo.gazetteer import Gazetteer, load_gazetteer
from geo.tables import DataTableError, read_table

ROLES = (
    "migrant_source",
    "destination_affinity",
    "child_trafficking_source",
    "camel_jockey_source",
    "internal_trafficking_destination",
    "staging_city",
    "sea_launch_district",
)

ROLE_COLUMNS = (
    "district", "role", "detail", "section", "quote", "confidence", "source", "note",
)  # fmt: skip
REGION_COLUMNS = (
    "statement_id", "region", "province", "theme", "statement", "section", "quote",
    "confidence", "source",
)  # fmt: skip


def district_roles_from_table(
    gazetteer: Gazetteer | None = None, data_dir: Path | None = None
) -> pd.DataFrame:
    """District roles with each report spelling resolved to its place and boundary name."""
    gaz = gazetteer or load_gazetteer()
    frame = read_table(
        "district_roles",
        required=ROLE_COLUMNS,
        non_empty=("district", "role", "section", "quote", "confidence", "source"),
        data_dir=data_dir,
    )
    unknown_roles = sorted(set(frame["role"]) - set(ROLES))
    if unknown_roles:
        raise DataTableError(f"district_roles.csv: unknown role(s) {', '.join(unknown_roles)}")
    places = [gaz.resolve(name) for name in frame["district"]]
    frame["place_id"] = [p.place_id for p in places]
    frame["boundary_name"] = [p.boundary_name for p in places]
    frame["province"] = [p.admin1 for p in places]
    missing = frame.loc[frame["boundary_name"] == "", "district"].tolist()
    if missing:
        raise DataTableError(f"district_roles.csv: no boundary for {', '.join(missing)}")
    return frame


def region_statements_from_table(data_dir: Path | None = None) -> pd.DataFrame:
    """Province- and region-level statements, each tied to a province polygon where one fits."""
    return read_table(
        "region_statements",
        required=REGION_COLUMNS,
        non_empty=("statement_id", "region", "theme", "statement", "section", "confidence"),
        data_dir=data_dir,
    )


@lru_cache(maxsize=1)
def load_district_roles() -> pd.DataFrame:
    """The project's district roles, read once per process (treat as read-only)."""
    return district_roles_from_table()


@lru_cache(maxsize=1)
def load_region_statements() -> pd.DataFrame:
    """The project's region statements, read once per process (treat as read-only)."""
    return region_statements_from_table()


def role_choices(roles: pd.DataFrame) -> list[tuple[str, str | None]]:
    """Every (role, detail) a user can colour the map by; destinations are split out."""
    choices: list[tuple[str, str | None]] = []
    for role in ROLES:
        subset = roles[roles["role"] == role]
        if subset.empty:
            continue
        choices.append((role, None))
        if role == "destination_affinity":
            for detail in sorted(set(subset["detail"]) - {""}):
                choices.append((role, detail))
    return choices


def districts_with_role(roles: pd.DataFrame, role: str, detail: str | None = None) -> pd.DataFrame:
    """Rows for one role (and optionally one destination), one or more per district."""
    subset = roles[roles["role"] == role]
    if detail:
        subset = subset[subset["detail"] == detail]
    return subset
