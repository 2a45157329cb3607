"""Exporting plans (CSV, GeoJSON) and saving them to compare side by side.

Every export carries the note that its numbers are model outputs under stated assumptions, the
assumptions themselves and the capture rule, so a file read on its own cannot be mistaken for a
finding of the source report. Saved plans are JSON files in ``<var_dir>/plans/``; they are written
atomically (a temporary file renamed into place) so an interrupted save loses nothing.
"""

from __future__ import annotations

import json
import os
import re
import tempfile
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pandas as pd

from geo.errors import UserInputError
from geo.exports import to_csv_text
from geo.paths import var_dir
from geo.planner.network import FlowNetwork
from geo.planner.plan import MODEL_NOTE, Plan, flow_outcomes, site_table

RECORD_VERSION = 1
_REQUIRED = ("name", "version", "objective", "share", "sites", "model_note")


class PlanFileError(UserInputError, ValueError):
    """A saved plan file is missing, unreadable or not a plan."""


def plans_dir(directory: Path | None = None) -> Path:
    """Directory holding saved plans (created on first use)."""
    path = Path(directory) if directory is not None else var_dir() / "plans"
    path.mkdir(parents=True, exist_ok=True)
    return path


def plan_record(
    network: FlowNetwork,
    plan: Plan,
    *,
    name: str,
    assumptions: pd.DataFrame | None = None,
    weight_unit: str = "",
) -> dict[str, Any]:
    """A JSON-ready description of a plan, its question, its assumptions and its results."""
    name = name.strip()
    if not name:
        raise PlanFileError("a saved plan needs a name")
    sites = site_table(network, plan)
    spec = plan.spec
    return {
        "version": RECORD_VERSION,
        "name": name,
        "saved_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "model_note": MODEL_NOTE,
        "objective": spec.objective.value,
        "tolerance": spec.tolerance,
        "k": spec.k,
        "budget": spec.budget,
        "existing": sorted(spec.existing),
        "detection": dict(spec.detection),
        "site_cost": dict(spec.site_cost),
        "method": plan.method.value,
        "status": plan.status.value,
        "bound": plan.bound,
        "share": plan.share,
        "captured": plan.captured,
        "total": plan.total,
        "weight_unit": weight_unit,
        "sites": sites.astype(object).where(sites.notna(), None).to_dict("records"),
        "flows": {fid: float(v) for fid, v in plan.capture.items()},
        "assumptions": [] if assumptions is None else assumptions.to_dict("records"),
        "notes": list(network.notes) + list(plan.notes),
    }


def plan_csv(network: FlowNetwork, plan: Plan) -> str:
    """The plan's sites as CSV text, each row carrying the capture rule and the model note."""
    frame = site_table(network, plan)
    frame.insert(0, "objective", plan.spec.objective.value)
    frame.insert(1, "detour_tolerance", plan.spec.tolerance)
    frame["plan_captured_share"] = plan.share
    frame["plan_bound_share"] = None if plan.bound is None else plan.bound / (plan.total or 1.0)
    frame["method"] = plan.method.value
    frame["status"] = plan.status.value
    frame["model_note"] = MODEL_NOTE
    return to_csv_text(frame)


def plan_geojson(network: FlowNetwork, plan: Plan) -> dict[str, Any]:
    """The plan as a GeoJSON FeatureCollection: sites as points, flows as schematic lines."""
    features: list[dict[str, Any]] = []
    for row in site_table(network, plan).to_dict("records"):
        features.append(
            {
                "type": "Feature",
                "geometry": {"type": "Point", "coordinates": [row["lon"], row["lat"]]},
                "properties": {
                    "feature": "checkpoint",
                    **{k: v for k, v in row.items() if k not in ("lat", "lon")},
                    "model_note": MODEL_NOTE,
                },
            }
        )
    for row in flow_outcomes(network, plan).to_dict("records"):
        features.append(
            {
                "type": "Feature",
                "geometry": {
                    "type": "LineString",
                    "coordinates": [[lon, lat] for lat, lon in row["coords"]],
                },
                "properties": {
                    "feature": "flow",
                    "flow_id": row["flow_id"],
                    "label": row["label"],
                    "weight": row["weight"],
                    "captured_share": row["captured_share"],
                    "status": row["status"],
                    "rerouted": bool(row["rerouted"]),
                    "route": list(row["route"]),
                    "geometry_note": "schematic: straight lines between places",
                    "model_note": MODEL_NOTE,
                },
            }
        )
    return {
        "type": "FeatureCollection",
        "properties": {
            "objective": plan.spec.objective.value,
            "detour_tolerance": plan.spec.tolerance,
            "captured_share": plan.share,
            "method": plan.method,
            "status": plan.status,
            "model_note": MODEL_NOTE,
        },
        "features": features,
    }


def _slug(name: str) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")
    if not slug:
        raise PlanFileError(f"plan name {name!r} has no letters or digits")
    return slug[:80]


def save_plan(
    record: dict[str, Any], *, directory: Path | None = None, overwrite: bool = False
) -> Path:
    """Write a plan record as JSON; refuse to replace an existing plan unless ``overwrite``."""
    missing = [k for k in _REQUIRED if k not in record]
    if missing:
        raise PlanFileError(f"not a plan record: missing {', '.join(missing)}")
    folder = plans_dir(directory)
    path = folder / f"{_slug(record['name'])}.json"
    if path.exists() and not overwrite:
        raise FileExistsError(f"a plan named {record['name']!r} already exists")
    fd, tmp = tempfile.mkstemp(dir=folder, prefix=".plan-", suffix=".json")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            json.dump(record, handle, ensure_ascii=False, indent=1, default=str)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path


def load_plan(path: Path) -> dict[str, Any]:
    """Read one saved plan; ``PlanFileError`` names the file and the problem."""
    try:
        record = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as err:
        raise PlanFileError(f"{Path(path).name}: cannot read plan ({err})") from None
    if not isinstance(record, dict) or any(k not in record for k in _REQUIRED):
        raise PlanFileError(f"{Path(path).name}: not a saved plan")
    return record


def list_plans(*, directory: Path | None = None) -> tuple[list[dict[str, Any]], list[str]]:
    """All saved plans (by name) and a message for each file that could not be read."""
    records, problems = [], []
    for path in sorted(plans_dir(directory).glob("*.json")):
        try:
            records.append(load_plan(path))
        except PlanFileError as err:
            problems.append(str(err))
    return sorted(records, key=lambda r: r["name"].lower()), problems


def compare_plans(records: Sequence[dict[str, Any]]) -> pd.DataFrame:
    """Saved plans side by side: one column per plan, one row per property."""
    if not records:
        raise PlanFileError("choose at least one saved plan to compare")
    rows = {
        "Capture rule": lambda r: r["objective"],
        "Detour tolerance": lambda r: f"{r.get('tolerance', 0):.0%}",
        "Sites (k / budget)": lambda r: f"{r.get('k')} / {r.get('budget')}",
        "Method, status": lambda r: f"{r.get('method')}, {r.get('status')}",
        "Captured share (model output)": lambda r: f"{r['share']:.1%}",
        "Checkpoints": lambda r: ", ".join(
            f"{s['name']}{' (existing)' if s.get('status') == 'existing' else ''}"
            for s in r["sites"]
        ),
        "Assumptions": lambda r: "; ".join(
            f"{a['assumption']}: {a['value']}" for a in r.get("assumptions", []) if a.get("value")
        ),
        "Saved": lambda r: r.get("saved_at", ""),
        "Note": lambda r: r["model_note"],
    }
    data = {r["name"]: [fn(r) for fn in rows.values()] for r in records}
    return pd.DataFrame(data, index=list(rows))
