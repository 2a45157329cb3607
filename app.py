"""Route Atlas: irregular-migration routes out of, into and through Pakistan.

Entry point: wires the pages and the controls every page shares (currency, exchange rates and
data vintage), so no page repeats them. The shared controls are restored from the address
before they are drawn and written back after the page ran (``pages/state.py``), and every page
gets the print view's rules.
"""

from __future__ import annotations

import os

import streamlit as st

import geo.logs
from geo.currency import CURRENCIES, load_rates
from layers.screen import PRINT_CSS
from pages import state
from pages.language import apply_direction, language_switch, page_translator

geo.logs.configure()
st.set_page_config(page_title="Route Atlas", layout="wide")
state.restore_shared()  # before the shared controls (language, currency, rates) are drawn
with st.sidebar:
    apply_direction(language_switch())
_ = page_translator()  # navigation titles from the catalogue

PAGES = {
    _("Atlas"): [
        st.Page("pages/route_map.py", title=_("Route map"), default=True),
        st.Page("pages/costs.py", title=_("Costs")),
        st.Page("pages/sources.py", title=_("Sources")),
    ],
    _("Planning"): [
        st.Page("pages/planner.py", title=_("Checkpoint planner")),
        st.Page("pages/awareness.py", title=_("Awareness targeting")),
    ],
    _("Records"): [
        st.Page("pages/interceptions.py", title=_("Interceptions")),
        st.Page("pages/data.py", title=_("Data")),
    ],
    _("Take away"): [
        st.Page("pages/briefing.py", title=_("Briefing pack")),
    ],
}
if os.environ.get("ROUTE_ATLAS_BENCH_PAGE") == "1":  # the browser benchmark's reference page
    PAGES["Benchmark"] = [
        st.Page("benchmarks/trivial_map_page.py", title="Trivial map", url_path="trivial-map")
    ]

with st.sidebar:
    st.markdown("**Route Atlas**: routes of irregular migration out of, into and through Pakistan")
    st.selectbox(
        "Currency for costs",
        CURRENCIES,
        key=state.CURRENCY_KEY,
        help="Costs are converted at the stated 2011 rate; the rate is shown beside each figure.",
    )
    with st.expander("Exchange rates"):
        defaults = load_rates()
        for code in ("PKR", "EUR"):
            rate = defaults.rate(code)
            st.number_input(
                f"{code} per US dollar",
                min_value=0.0001,
                format="%.4f",
                key=state.RATE_KEYS[code],
                help=f"Default: {rate.per_usd} ({rate.year}, {rate.basis}; {rate.source}).",
            )
    st.caption(
        "Data: UNODC (2011), *Assessment of human trafficking and migrant smuggling into and out "
        "of Pakistan*, December 2011. The report warns that official data are unreliable (§2.4)."
    )

st.html(PRINT_CSS)
page = st.navigation(PAGES)
state.note_page(page.url_path)
page.run()
state.keep_shared_in_link()
