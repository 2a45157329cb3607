"""Awareness targeting page: which districts to reach, why, and in which language."""

from __future__ import annotations

import pandas as pd
import plotly.express as px
import streamlit as st
from streamlit_folium import st_folium

from geo.awareness.context import load_languages, load_themes
from geo.awareness.export import to_csv_bytes, to_excel_bytes
from geo.awareness.indicators import IndicatorTable
from geo.awareness.matching import DistrictMatcher
from geo.awareness.pipeline import assemble, default_weights, indicator_metadata
from geo.awareness.records import from_cross_summary
from geo.awareness.scoring import MISSING_RULES, NORMALISATIONS, score_districts
from geo.awareness.stability import top_n_stability
from geo.awareness.takeaway import build_takeaway, points_column
from geo.awareness.uploads import IndicatorFileError, read_indicator_file, user_indicators
from geo.boundaries import load_districts
from geo.gazetteer import load_gazetteer
from geo.records import service
from geo.roles import load_district_roles, load_region_statements
from layers.awareness import awareness_map
from pages.common import current_session, offline_ready, records_store

NORMALISATION_HELP = {
    "rank": "Rank: position among districts, 0 (lowest) to 1 (highest); ties share a rank.",
    "minmax": "Min–max: (value − min) / (max − min), 0 to 1.",
    "zscore": "z-score: distance from the mean in standard deviations; can be negative.",
}
MISSING_HELP = {
    "zero": "A missing value adds nothing (0); the district is flagged.",
    "renormalise": "Score over the indicators the district has, scaled up to the full weight.",
}


@st.cache_resource
def boundary_districts():
    """The boundary districts (read-only, shared)."""
    return load_districts()


@st.cache_resource
def matcher() -> DistrictMatcher:
    """Name matcher over the boundary districts and the gazetteer (read-only, shared)."""
    return DistrictMatcher(boundary_districts()["district"], gazetteer=load_gazetteer())


@st.cache_data(show_spinner=False)
def uploaded_table(data: bytes, name: str) -> IndicatorTable:
    """Indicators from one uploaded file (raises ``IndicatorFileError`` on bad input)."""
    frame = read_indicator_file(data, filename=name)
    return user_indicators(frame, matcher=matcher(), filename=name)


@st.cache_data(show_spinner="Checking how stable the top N is…")
def stability(values: pd.DataFrame, weights: dict, n: int, method: str, missing: str, draws: int):
    """Cached stability run (seeded, so the same settings give the same answer)."""
    return top_n_stability(
        values, weights, n=n, method=method, missing=missing, draws=draws, seed=0
    )


st.title("Awareness targeting")
st.caption(
    "Which districts to reach with campaigns on the dangers of irregular migration, why, and in "
    "which language. The report asks for media and community campaigns with material in Urdu, "
    "Punjabi, Sindhi and other local languages (UNODC 2011, §3.1, §9.2, recommendation 9). The "
    "score ranks districts by what the report says of them and any files you load; the weights "
    "are yours, not the report's."
)

districts = boundary_districts()
provinces = dict(zip(districts["district"], districts["province"], strict=True))

with st.container(border=True):
    left, middle, right = st.columns(3)
    role_mode = left.radio(
        "Report roles count as",
        ["binary", "sections"],
        format_func=lambda m: {
            "binary": "Named or not (1/0)",
            "sections": "Number of report sections naming it",
        }[m],
        key="aw_role_mode",
    )
    method = middle.selectbox(
        "Normalisation",
        NORMALISATIONS,
        index=1,
        key="aw_method",
        format_func=lambda m: NORMALISATION_HELP[m].split(":")[0],
    )
    middle.caption(NORMALISATION_HELP[method])
    missing = middle.radio(
        "Missing values", MISSING_RULES, key="aw_missing", format_func=lambda m: m.capitalize()
    )
    middle.caption(MISSING_HELP[missing])
    top_n = int(right.number_input("Top N", 1, len(districts), 10, key="aw_top_n"))
    draws = int(
        right.select_slider(
            "Weight draws for stability", [100, 250, 500, 1000], 500, key="aw_draws"
        )
    )
    files = right.file_uploader(
        "Add district indicators (CSV or Excel: district, indicator, value, year, source)",
        type=["csv", "xlsx"],
        accept_multiple_files=True,
        key="aw_files",
    )

uploads: list[IndicatorTable] = []
for upload in files or []:
    try:
        uploads.append(uploaded_table(upload.getvalue(), upload.name))
    except IndicatorFileError as err:
        st.error(f"{upload.name} was not used: {err}")

records, hidden_cells = None, 0
store = records_store()
session = current_session(store)
if service.month_range(store, session) is not None:
    summary = service.cross_summary(store, session, ("origin_district", "month", "event_type"))
    records, hidden_cells = from_cross_summary(summary)
    st.caption(
        "Interception records by origin district are included as indicators (per year)."
        + (
            f" {hidden_cells} small counts are hidden in a public session and left out."
            if hidden_cells
            else ""
        )
    )

try:
    table = assemble(
        matcher=matcher(),
        roles=load_district_roles(),
        records=records,
        uploads=uploads,
        role_mode=role_mode,
    )
except ValueError as err:
    st.error(f"The indicators could not be combined: {err}")
    st.stop()

if uploads:
    report = pd.concat([u.matches for u in uploads], ignore_index=True)
    fuzzy = report[report["method"] == "fuzzy"]
    unknown = report[report["method"] == "unknown"]
    with st.expander(
        f"Name matching: {len(report)} names, {len(fuzzy)} matched by spelling, "
        f"{len(unknown)} not matched",
        expanded=bool(len(unknown) or len(fuzzy)),
    ):
        if len(unknown):
            st.warning(
                "These names match no district; their rows are not used. Correct the file and "
                "load it again."
            )
            st.dataframe(unknown[["input", "suggestions"]], hide_index=True)
        if len(fuzzy):
            st.info("These names were matched by spelling; check each match.")
            st.dataframe(fuzzy[["input", "district", "score", "matched_spelling"]], hide_index=True)
        st.dataframe(report, hide_index=True)

meta = indicator_metadata(table)
labels = dict(zip(meta["key"], meta["label"], strict=True))
defaults = default_weights(table)
st.subheader("Weights")
st.caption(
    "Starting weights are an assumption made here: roles that name where people leave from "
    "weigh 1, destinations of internal trafficking 0.5, staging and launch points 0."
)
weight_cols = st.columns(3)
weights = {
    key: weight_cols[i % 3].slider(
        labels[key], 0.0, 3.0, float(defaults[key]), 0.25, key=f"aw_w_{key}"
    )
    for i, key in enumerate(table.indicators)
}
if not any(w > 0 for w in weights.values()):
    st.warning("Every weight is 0: set at least one weight above 0 to rank districts.")
    st.stop()

result = score_districts(table.values, weights, method=method, missing=missing)
stable = stability(table.values, weights, top_n, method, missing, draws)
takeaway = build_takeaway(
    result,
    table,
    provinces=provinces,
    languages=load_languages(),
    themes=load_themes(),
    statements=load_region_statements(),
    stability=stable,
    matcher=matcher(),
)
top = takeaway.head(top_n)
briefing_targets = top.copy()
briefing_targets.attrs["source"] = "Awareness targeting (weights set by the user; UNODC 2011 roles)"
st.session_state["target_districts"] = briefing_targets  # offered to the briefing pack

st.subheader(f"Top {top_n} districts")
scores = takeaway["score"].round(9)
if len(takeaway) > top_n and scores.iloc[top_n - 1] == scores.iloc[top_n]:
    st.info(
        "Districts tie at the cut-off: equal scores are ordered A–Z, so the last places of the "
        "top N are a tie-break, not a difference. Tied districts are marked in the table."
    )
shown = ["rank", "district", "district note", "province", "score", "tied", "share_in_top",
         "languages", "destinations", "themes", "missing indicators"]  # fmt: skip
st.dataframe(
    top[shown],
    hide_index=True,
    column_config={
        "score": st.column_config.NumberColumn("Score (no unit)", format="%.3f"),
        "tied": st.column_config.CheckboxColumn("Tied score", help="Ordered A–Z among equals"),
        "share_in_top": st.column_config.ProgressColumn(
            f"Share of draws in top {top_n}", min_value=0.0, max_value=1.0, format="%.2f"
        ),
    },
)
for row in top.to_dict("records"):
    with st.expander(f"{row['rank']}. {row['district']}: why, languages and context"):
        st.markdown("**Why**")
        for line in row["why"].split(" | "):
            st.markdown(f"- {line}")
        st.markdown("**Campaign languages**")
        for line in row["language basis"].split(" | "):
            st.markdown(f"- {line}")
        st.markdown(f"**Message themes**: {row['themes'] or 'none matched'}")
        st.caption(row["theme sources"])
        if row["province context (not a district finding)"]:
            st.markdown("**Province context (not a finding about this district)**")
            for line in row["province context (not a district finding)"].split(" | "):
                st.markdown(f"- {line}")

st.subheader("Score breakdown")
points = [points_column(labels[k]) for k in table.indicators]
long = top.melt(id_vars=["district"], value_vars=points, var_name="indicator", value_name="points")
long["indicator"] = long["indicator"].str.removeprefix("points: ")
fig = px.bar(
    long, x="district", y="points", color="indicator", barmode="relative",
    category_orders={"district": top["district"].tolist()},
    labels={"points": "Points (weight × normalised value, no unit)"},
)  # fmt: skip
st.plotly_chart(fig, width="stretch", key="aw_breakdown")

st.subheader("How stable is the top N?")
st.caption(
    f"Each weight multiplied by a random factor between 0.75 and 1.25, {draws} draws (seeded): "
    f"the share of draws in which each district stays in the top {top_n}. Equal scores are "
    "ordered at random in each draw, so a tie at the cut-off shows as a share below 1."
)
moving = stable[(stable["share_in_top"] > 0) | stable["in_base_top"]]
fig = px.bar(
    moving, x="district", y="share_in_top", color="in_base_top",
    labels={"share_in_top": f"Share of draws in top {top_n}", "in_base_top": "In top N now"},
    range_y=[0, 1],
)  # fmt: skip
st.plotly_chart(fig, width="stretch", key="aw_stability")

st.subheader("Map")
notes = {r["district"]: f"Languages: {r['languages']}" for r in takeaway.to_dict("records")}
st_folium(
    offline_ready(awareness_map(districts, result.table, top_n=top_n, method=method, notes=notes)),
    returned_objects=[],
    height=560,
    use_container_width=True,
    key="aw_map",
)

st.subheader("Indicators and sources")
st.dataframe(meta.drop(columns=["key"]), hide_index=True)

about = {
    "normalisation": NORMALISATION_HELP[method],
    "missing values": MISSING_HELP[missing],
    "report roles": role_mode,
    "weights": "; ".join(f"{labels[k]} = {w:g}" for k, w in weights.items()),
    "stability": f"{draws} draws, each weight x U(0.75, 1.25), seed 0, top {top_n}",
    "ties": "equal scores (9 decimals) are ordered A-Z",
    "source": "UNODC 2011, Assessment of human trafficking and migrant smuggling into and out "
    "of Pakistan; languages: data/languages.csv; themes: data/message_themes.csv",
}
left, right = st.columns(2)
left.download_button(
    "Download table (CSV)", to_csv_bytes(takeaway), "awareness_targeting.csv", "text/csv",
    key="aw_csv",
)  # fmt: skip
right.download_button(
    "Download table (Excel)",
    to_excel_bytes(takeaway, about=about, indicators=meta),
    "awareness_targeting.xlsx",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    key="aw_xlsx",
)
