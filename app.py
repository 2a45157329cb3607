"""Route Atlas: irregular-migration routes out of, into and through Pakistan.

Entry point: wires the pages and the controls every page shares (currency and data vintage),
so no page repeats them.
"""

from __future__ import annotations

import streamlit as st

import geo.logs
from geo.currency import CURRENCIES, load_rates
from pages.language import apply_direction, language_switch, page_translator

geo.logs.configure()
st.set_page_config(page_title="Route Atlas", layout="wide")
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

with st.sidebar:
    st.markdown("**Route Atlas**: routes of irregular migration out of, into and through Pakistan")
    st.selectbox(
        "Currency for costs",
        CURRENCIES,
        key="currency",
        help="Costs are converted at the stated 2011 rate; the rate is shown beside each figure.",
    )
    with st.expander("Exchange rates"):
        defaults = load_rates()
        for code in ("PKR", "EUR"):
            rate = defaults.rate(code)
            st.number_input(
                f"{code} per US dollar",
                min_value=0.0001,
                value=rate.per_usd,
                format="%.4f",
                key=f"rate_{code}",
                help=f"Default: {rate.per_usd} ({rate.year}, {rate.basis}; {rate.source}).",
            )
    st.caption(
        "Data: UNODC (2011), *Assessment of human trafficking and migrant smuggling into and out "
        "of Pakistan*, December 2011. The report warns that official data are unreliable (§2.4)."
    )

st.navigation(PAGES).run()
