"""Costs: cost ladders per corridor, air against land and sea, risk by mode, and payment.

Every amount is shown as the report states it (qualifier, range) in the currency chosen in the
sidebar, converted at the session's rates (``state.rates()``, the same the Route map uses, the
user's own when typed), with the rate, its year and its source beside it. Ranges are drawn as
ranges; no midpoint is ever plotted. Each chart has plotly's PNG button and a CSV of its data.
The figures are built in ``charts/costs.py``.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from charts.config import chart_config
from charts.costs import comparison_chart, ladder_chart
from geo.cost_statements import ladder_note
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
from geo.currency import CURRENCIES, RateTable
from geo.exports import escape_html, to_csv_bytes
from layers.style import confidence_colour
from pages import state

PAGE = "costs"
VINTAGE = "UNODC 2011, data as of December 2011"
CSV_COLUMNS = [
    "stop", "place", "journey", "mode", "cumulative", "qualifier", "low", "high", "currency",
    "shown_as", "stated", "stated_currency", "unit", "period", "section", "confidence", "rate",
    "quote",
]  # fmt: skip


def csv_bytes(frame: pd.DataFrame) -> bytes:
    """The chart's data with provenance, as a neutralised UTF-8 CSV."""
    return to_csv_bytes(frame[[c for c in CSV_COLUMNS if c in frame.columns]])


def statement_markdown(item: Statement) -> str:
    """One statement: summary, quote, citation and a confidence badge (text escaped)."""
    badge = (
        f"<span style='background:{confidence_colour(item.confidence)};color:white;padding:1px 6px;"
        f"border-radius:4px;font-size:0.8em'>{escape_html(item.confidence.label)}</span>"
    )
    note = f"<br><i>{escape_html(item.note)}</i>" if item.note else ""
    return (
        f"**{escape_html(item.summary)}** {badge}<br><small>“{escape_html(item.quote)}” "
        f"({escape_html(item.citation)})</small>{note}"
    )


def rates_statement(currency: str, rates: RateTable) -> str:
    """The sentence that states the rates every amount on the page is converted at."""
    lines = " · ".join(rate_line(native, currency, rates) for native in stated_currencies())
    return (
        f"**Shown in {currency}.** {lines}. Converted amounts are rounded to three significant "
        "figures."
    )


def download(frame: pd.DataFrame, name: str, key: str) -> None:
    """The CSV button under a chart."""
    st.download_button(
        "Download this chart's data (CSV)",
        csv_bytes(frame),
        file_name=f"{name}.csv",
        mime="text/csv",
        key=key,
    )


def ladders_section(currency: str, rates: RateTable) -> None:
    """One cost ladder per corridor, with its data and the places standing in for stops."""
    st.header("Cost ladders")
    for ladder in load_ladders():
        frame = ladder.frame(currency, rates)
        cid = ladder.corridor.corridor_id
        cumulative = bool(ladder.cumulative_steps)
        kind = "Cumulative cost" if cumulative else "Cost"
        st.subheader(ladder.corridor.name)
        figure = ladder_chart(
            frame, title=f"{kind} along the corridor", currency=currency, cumulative=cumulative
        )
        name = f"cost_ladder_{cid}_{currency}"
        st.plotly_chart(figure, config=chart_config(name), key=f"ladder_{cid}")
        download(frame, name, f"csv_{cid}")
        stand_ins = [
            f"{r.place} stands for {r.stop}" for r in frame.itertuples() if r.place != r.stop
        ]
        if stand_ins:
            st.caption("On the map: " + "; ".join(stand_ins) + " (a choice made here).")
        st.caption(ladder_note(cid))


def comparison_section(currency: str, rates: RateTable) -> None:
    """Air against land and sea, with the report's note on the comparison."""
    st.header("Air against land and sea")
    comparison = mode_comparison(currency, rates)
    name = f"cost_by_mode_{currency}"
    st.plotly_chart(
        comparison_chart(comparison, currency=currency),
        config=chart_config(name),
        key="comparison",
    )
    download(comparison, name, "csv_comparison")
    st.markdown(comparison_note(currency, rates))


def statements_section() -> None:
    """Risk by mode, how migrants pay, and where the report is silent."""
    st.header("Risk the report attaches to each mode")
    risks = mode_risks()
    for column, mode in zip(st.columns(3), ("land", "sea", "air"), strict=True):
        with column:
            st.markdown(f"#### {mode.capitalize()}")
            for item in (r for r in risks if r.topic == mode):
                st.markdown(statement_markdown(item), unsafe_allow_html=True)
    st.header("How migrants pay")
    for item in payment_statements():
        st.markdown(
            f"- *{escape_html(item.topic)}*: " + statement_markdown(item), unsafe_allow_html=True
        )
    st.header("Where the report is silent")
    for silence in cost_silences():
        st.info(silence)


def main() -> None:
    """Draw the page in the session's currency and at the session's rates."""
    st.title("Costs of irregular migration")
    st.caption(f"Source: {VINTAGE}, §4.3. Figures per person as interviewees stated them.")
    state.show_notices(state.restore_view(PAGE, ()))
    if state.unknown_currency():
        st.error(f"Unknown currency; choose one of {', '.join(CURRENCIES)}.")
        st.stop()
    currency, rates = state.currency(), state.rates()
    state.write_view(())
    st.markdown(rates_statement(currency, rates))
    state.link_control()
    ladders_section(currency, rates)
    comparison_section(currency, rates)
    statements_section()
    st.caption(
        f"Data vintage: {VINTAGE}. Exchange rates: World Bank WDI, 2011 annual averages, unless "
        "a rate was entered in the sidebar (then stated as entered)."
    )


main()
