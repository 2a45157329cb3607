"""The take-away table: for each ranked district, why it is there and how to reach it.

One row per district in rank order with its score and per-indicator points, the indicators it
lacks, the recommended campaign languages with their basis, the destinations its migrants are
reported to favour, the message themes that fit (by the rule in ``data/message_themes.csv``), a
short "why" with the report's citations, and the province-level context that applies to it
(marked as such: it is not a finding about the district).

Columns that hold several statements (``why``, ``language basis``, ``theme sources``, the
province context) are lists of strings; :data:`LIST_COLUMNS` names them, and only an export
joins them into one cell (``geo.awareness.export.joined``).
"""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from geo.awareness.context import LanguageIndex, region_context, theme_records
from geo.awareness.indicators import IndicatorTable, district_classes, evidence_class
from geo.awareness.matching import DistrictMatcher
from geo.awareness.scoring import ScoreResult
from geo.catalog import source_label
from geo.confidence import parse_confidence
from geo.gazetteer import load_gazetteer

CONTEXT_COLUMN = "province context (not a district finding)"
CLASS_COLUMN = "agency records and uploads (not report figures)"
"""Per district, each indicator from records or a user file with a value there, and its class."""
LIST_COLUMNS = ("why", "language basis", "theme sources", CONTEXT_COLUMN, CLASS_COLUMN)
NOT_NAMED = "The report does not name this district; its place comes from the other indicators only"


def source_name(code: str) -> str:
    """Display name of a source code (``unodc2011`` -> ``UNODC 2011``)."""
    return source_label(code)


def points_column(label: str) -> str:
    """Name of the take-away column holding an indicator's points."""
    return f"points: {label}"


def why_lines(
    district: str,
    *,
    table: IndicatorTable,
    contributions: pd.Series | Mapping[str, float] | None = None,
    evidence: list[dict[str, object]] | None = None,
) -> list[str]:
    """Short reasons for one district, strongest contribution first, each with its citation.

    ``evidence`` may hold the district's evidence rows already picked out (as dicts), which
    saves a table scan per district when the whole ranking is built.
    """
    if evidence is None:
        evidence = table.evidence[table.evidence["district"] == district].to_dict("records")
    if not evidence:
        return []
    order = {k: i for i, k in enumerate(table.indicators)}
    rows = list(evidence)
    if contributions is not None:
        points = {k: -float(v) for k, v in contributions.items()}
        rows.sort(
            key=lambda r: (points.get(str(r["indicator"]), 0.0), order.get(str(r["indicator"]), 0))
        )
    lines: list[str] = []
    for row in rows:
        meta = table.indicators.get(row["indicator"])
        label = meta.label if meta else row["indicator"]
        cite = source_name(row["source"])
        if row["section"]:
            cite += f", {row['section']}"
        conf = evidence_class(row, table)
        line = f"{label}: {row['statement']} ({cite}; {conf})"
        if line not in lines:
            lines.append(line)
    return lines


def build_takeaway(
    result: ScoreResult,
    table: IndicatorTable,
    *,
    provinces: Mapping[str, str],
    languages: pd.DataFrame,
    themes: pd.DataFrame,
    statements: pd.DataFrame | None = None,
    stability: pd.DataFrame | None = None,
    matcher: DistrictMatcher | None = None,
    limit: int | None = None,
) -> pd.DataFrame:
    """Assemble the take-away table in rank order.

    Parameters
    ----------
    result
        Scores from ``score_districts`` over ``table.values``.
    table
        The indicators, with the evidence used for "why" and destinations.
    provinces
        District -> province (from the boundary file).
    languages, themes
        ``load_languages()`` and ``load_themes()``.
    statements
        Region statements shown as province context; None to leave out.
    stability
        Output of ``top_n_stability``; adds ``share_in_top`` when given.
    matcher
        Used to resolve district names in the languages table.
    limit
        Keep only the first ``limit`` districts.
    """
    ranked = result.table if limit is None else result.table.head(limit)
    labels = {k: m.label for k, m in table.indicators.items()}
    evidence = table.evidence
    share = stability.set_index("district")["share_in_top"] if stability is not None else None
    index = LanguageIndex(languages, matcher=matcher)
    theme_rows = themes.to_dict("records")
    by_district: dict[str, list[dict[str, object]]] = {}
    for ev in evidence.to_dict("records"):
        by_district.setdefault(str(ev["district"]), []).append(ev)
    contexts: dict[str, list[str]] = {}
    classes = district_classes(table)
    contributions = {
        str(d): dict(zip(result.contributions.columns, values, strict=True))
        for d, values in zip(
            result.contributions.index, result.contributions.to_numpy().tolist(), strict=True
        )
    }
    rows = []
    for rec in ranked.to_dict("records"):
        district = rec["district"]
        province = provinces.get(district, "")
        contrib = contributions[district]
        mine = by_district.get(district, [])
        keys = [str(e["indicator"]) for e in mine]
        roles = [k.split(":", 1)[1] for k in keys if k.startswith("role:")]
        destinations = sorted(
            {
                str(e["detail"])
                for e in mine
                if e["indicator"] == "role:destination_affinity" and e["detail"]
            }
        )
        langs = index.for_district(district, province)
        fit = theme_records(
            roles=roles, destinations=destinations, province=province, themes=theme_rows
        )
        theme_names: list[str] = []
        for t in fit:
            plain = str(t["theme"])
            name = plain + (" (province-level)" if t["province_level"] else "")
            if plain in theme_names or name in theme_names:
                continue
            if not t["province_level"] and f"{plain} (province-level)" in theme_names:
                theme_names.remove(f"{plain} (province-level)")
            theme_names.append(name)
        theme_cites = sorted({f"{t['theme']}: {t['section']}" for t in fit})
        if province not in contexts:
            contexts[province] = [
                f"{c['statement']} ({source_name(c['source'])}, {c['section']}; "
                f"{parse_confidence(c['confidence']).label})"
                for c in region_context(province, statements).to_dict("records")
            ]
        row = {
            "rank": rec["rank"],
            "district": district,
            "district note": load_gazetteer().boundary_note(district),
            "province": province,
            "score": rec["score"],
            "tied": rec["tied"],
        }
        for key, label in labels.items():
            row[points_column(label)] = float(contrib.get(key, 0.0))
        row["missing indicators"] = "; ".join(
            labels.get(k, k) for k in rec["missing"].split("; ") if k
        )
        if share is not None:
            row["share_in_top"] = float(share.get(district, float("nan")))
        row["languages"] = "; ".join(lang.language for lang in langs)
        row["language basis"] = [lang.describe() for lang in langs]
        row["destinations"] = "; ".join(destinations)
        row["themes"] = "; ".join(theme_names)
        row["theme sources"] = theme_cites
        why = why_lines(district, table=table, contributions=contrib, evidence=mine)
        row["why"] = why or [NOT_NAMED]
        row[CONTEXT_COLUMN] = list(contexts[province])
        row[CLASS_COLUMN] = list(classes.get(district, []))
        rows.append(row)
    return pd.DataFrame(rows)
