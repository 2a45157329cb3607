"""Costs: cost ladders per corridor, air against land and sea, risk by mode, and payment.

Every amount is shown as the report states it (qualifier, range) in the currency the user chose
elsewhere in the app (``st.session_state["currency"]``), with the exchange rate, its year and its
source beside it. Ranges are drawn as ranges (floating bars or error bars); no midpoint is ever
plotted. Each chart has plotly's PNG button and a CSV of its data.
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from geo.confidence import Confidence
from geo.costs import (
    Statement,
    comparison_note,
    cost_silences,
    load_ladders,
    mode_comparison,
    mode_risks,
    payment_statements,
    rate_line,
    stated_currencies,
)
from geo.currency import CURRENCIES, RateTable, load_rates
from geo.exports import to_csv_text
from geo.style import MODE_COLOURS

VINTAGE = "UNODC 2011, data as of December 2011"
CSV_COLUMNS = [
    "stop", "place", "journey", "mode", "cumulative", "qualifier", "low", "high", "currency",
    "shown_as", "stated", "stated_currency", "unit", "period", "section", "confidence", "rate",
    "quote",
]  # fmt: skip


def chart_config(filename: str) -> dict:
    """Plotly toolbar settings: a PNG download named after the chart."""
    return {
        "displaylogo": False,
        "toImageButtonOptions": {"format": "png", "filename": filename, "scale": 2},
    }


def _confidence_colours(labels: pd.Series) -> list[str]:
    by_label = {c.label: c.colour for c in Confidence}
    return [by_label.get(label, "#000000") for label in labels]


def _hover(frame: pd.DataFrame) -> list[str]:
    return [
        f"<b>{r.stop}</b>: {r.shown_as}<br>Stated: {r.stated} {r.stated_currency}"
        f"<br>{r.unit}, {r.period}<br>UNODC 2011, {r.section} · {r.confidence}"
        for r in frame.itertuples()
    ]


def ladder_chart(
    frame: pd.DataFrame, *, title: str, currency: str, cumulative: bool = True
) -> go.Figure:
    """Cost at each stop in travel order; a range is an error bar, never a midpoint."""
    ranged = frame["high"].notna()
    air = bool((frame["journey"] == "air").all())
    colour = MODE_COLOURS["air"] if air else MODE_COLOURS["land"]
    kind = "Cumulative cost" if cumulative else "Cost"
    upper = (frame["high"] - frame["low"]).where(ranged, 0.0)
    fig = go.Figure(
        go.Scatter(
            x=frame["stop"].tolist(),
            y=frame["low"].tolist(),
            mode="lines+markers+text",
            text=frame["shown_as"],
            textposition="top center",
            line={"color": colour, "shape": "hv", "width": 2},
            marker={
                "size": 12,
                "color": _confidence_colours(frame["confidence"]),
                "line": {"color": "#222222", "width": 1},
            },
            error_y={
                "type": "data",
                "symmetric": False,
                "array": upper.tolist(),
                "arrayminus": [0.0] * len(frame),
                "visible": bool(ranged.any()),
                "color": colour,
                "thickness": 2,
                "width": 10,
            },
            hovertext=_hover(frame),
            hoverinfo="text",
            name=kind,
            cliponaxis=False,
        )
    )
    fig.update_layout(
        title=title,
        xaxis_title="Reached (in travel order)",
        yaxis_title=f"{kind} per person ({currency})",
        yaxis={"rangemode": "tozero", "tickformat": ",.0f"},
        xaxis={"range": [-0.5, len(frame) - 0.5]},
        margin={"t": 60, "b": 40, "l": 60, "r": 40},
        showlegend=False,
    )
    return fig


def comparison_chart(frame: pd.DataFrame, *, currency: str) -> go.Figure:
    """Air range as a floating bar from its low to its high; single totals as points."""
    fig = go.Figure()
    for journey, rows in frame.groupby("journey", sort=False):
        colour = MODE_COLOURS["air"] if journey == "air" else MODE_COLOURS["sea"]
        ranged = rows[rows["high"].notna()]
        single = rows[rows["high"].isna()]
        if not ranged.empty:
            fig.add_trace(
                go.Bar(
                    y=[f"{r.stop} ({journey})" for r in ranged.itertuples()],
                    x=(ranged["high"] - ranged["low"]).tolist(),
                    base=ranged["low"].tolist(),
                    orientation="h",
                    marker={"color": colour, "opacity": 0.55},
                    hovertext=_hover(ranged),
                    hoverinfo="text",
                    name=f"{journey}: range as stated",
                )
            )
        if not single.empty:
            fig.add_trace(
                go.Scatter(
                    y=[f"{r.stop} ({journey})" for r in single.itertuples()],
                    x=single["low"].tolist(),
                    mode="markers",
                    marker={
                        "color": colour,
                        "size": 13,
                        "symbol": "diamond",
                        "line": {"color": "#222222", "width": 1},
                    },
                    hovertext=_hover(single),
                    hoverinfo="text",
                    name=f"{journey}: single figure",
                )
            )
    fig.update_layout(
        title=f"Journey cost per person by mode ({currency})",
        xaxis={
            "title": f"Cost per person ({currency})",
            "rangemode": "tozero",
            "tickformat": ",.0f",
        },
        barmode="overlay",
        margin={"t": 60, "b": 40},
        legend={"orientation": "h", "y": -0.25},
    )
    return fig


def csv_bytes(frame: pd.DataFrame) -> bytes:
    """The chart's data with provenance, as UTF-8 CSV."""
    columns = [c for c in CSV_COLUMNS if c in frame.columns]
    return to_csv_text(frame[columns]).encode("utf-8")


def statement_markdown(item: Statement) -> str:
    """One statement: summary, quote, citation and a confidence badge."""
    badge = (
        f"<span style='background:{item.confidence.colour};color:white;padding:1px 6px;"
        f"border-radius:4px;font-size:0.8em'>{item.confidence.label}</span>"
    )
    note = f"<br><i>{item.note}</i>" if item.note else ""
    return f"**{item.summary}** {badge}<br><small>“{item.quote}” ({item.citation})</small>{note}"


@st.cache_resource
def _rates() -> RateTable:
    return load_rates()


def main() -> None:
    st.title("Costs of irregular migration")
    st.caption(f"Source: {VINTAGE}, §4.3. Figures per person as interviewees stated them.")
    currency = st.session_state.get("currency", "PKR")
    if currency not in CURRENCIES:
        st.error(f"Unknown currency {currency!r}; choose one of {', '.join(CURRENCIES)}.")
        st.stop()
    rates = _rates()
    st.markdown(
        f"**Shown in {currency}.** "
        + " · ".join(rate_line(native, currency, rates) for native in stated_currencies())
        + ". Converted amounts are rounded to three significant figures."
    )

    st.header("Cost ladders")
    for ladder in load_ladders():
        frame = ladder.frame(currency, rates)
        cid = ladder.corridor.corridor_id
        kind = "Cumulative cost" if ladder.cumulative_steps else "Cost"
        st.subheader(ladder.corridor.name)
        st.plotly_chart(
            ladder_chart(
                frame,
                title=f"{kind} along the corridor",
                currency=currency,
                cumulative=bool(ladder.cumulative_steps),
            ),
            config=chart_config(f"cost_ladder_{cid}_{currency}"),
            key=f"ladder_{cid}",
        )
        st.download_button(
            "Download this chart's data (CSV)",
            csv_bytes(frame),
            file_name=f"cost_ladder_{cid}_{currency}.csv",
            mime="text/csv",
            key=f"csv_{cid}",
        )
        stand_ins = [
            f"{r.place} stands for {r.stop}" for r in frame.itertuples() if r.place != r.stop
        ]
        if stand_ins:
            st.caption("On the map: " + "; ".join(stand_ins) + " (a choice made here).")

    st.header("Air against land and sea")
    comparison = mode_comparison(currency, rates)
    st.plotly_chart(
        comparison_chart(comparison, currency=currency),
        config=chart_config(f"cost_by_mode_{currency}"),
        key="comparison",
    )
    st.download_button(
        "Download this chart's data (CSV)",
        csv_bytes(comparison),
        file_name=f"cost_by_mode_{currency}.csv",
        mime="text/csv",
        key="csv_comparison",
    )
    st.markdown(comparison_note(currency, rates))

    st.header("Risk the report attaches to each mode")
    risks = mode_risks()
    columns = st.columns(3)
    for column, mode in zip(columns, ("land", "sea", "air"), strict=True):
        with column:
            st.markdown(f"#### {mode.capitalize()}")
            for item in (r for r in risks if r.topic == mode):
                st.markdown(statement_markdown(item), unsafe_allow_html=True)

    st.header("How migrants pay")
    for item in payment_statements():
        st.markdown(f"- *{item.topic}*: " + statement_markdown(item), unsafe_allow_html=True)

    st.header("Where the report is silent")
    for silence in cost_silences():
        st.info(silence)
    st.caption(f"Data vintage: {VINTAGE}. Exchange rates: World Bank WDI, 2011 annual averages.")


main()
