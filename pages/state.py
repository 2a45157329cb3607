"""State shared between pages, behind named accessors.

Every value that more than one page reads lives here, so no page spells a session-state key of
another page's. A page's own widgets keep their own keys; what a page hands to another (the
Route map's view to the briefing pack, a checkpoint plan, target districts) goes through the
setters below. Imported by ``app.py`` and pages only.

A page's view also lives in its link: a page lists its widgets as :class:`LinkParam` and calls
:func:`restore_view` before drawing them and :func:`write_view` after, so the address bar always
holds the view and opening the address in a fresh browser reproduces it. Malformed or unknown
parameters are ignored with a notice; nothing secret (the log-in token) ever goes into a link.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import streamlit as st

from geo.currency import CURRENCIES, RateTable, load_rates
from geo.i18n import APP_LANGUAGES
from geo.records.aggregate import RecordFilter
from layers.route_map import RouteMapOptions

# Widget keys the sidebar in ``app.py`` binds to; pages read them through the accessors.
CURRENCY_KEY = "currency"
RATE_KEYS = {"PKR": "rate_PKR", "EUR": "rate_EUR"}
LANGUAGE_KEY = "language"

_AUTH = "auth"
_RECORDS_FILTER = "records_filter"
_ROUTE_VIEW = "route_map_view"
_PLAN = "checkpoint_plan"
_TARGETS = "target_districts"

DEFAULT_CURRENCY = "PKR"
DEFAULT_LANGUAGE = "en"


def currency() -> str:
    """The currency costs are shown in on every page (one of ``geo.currency.CURRENCIES``)."""
    chosen = st.session_state.get(CURRENCY_KEY, DEFAULT_CURRENCY)
    return chosen if chosen in CURRENCIES else DEFAULT_CURRENCY


def rates() -> RateTable:
    """The exchange rates in force for this session: the 2011 defaults or the user's own.

    A rate the user typed in the sidebar replaces the default and is labelled as entered by
    the user wherever it is stated, so every page converts at the same, stated rate.
    """
    table = load_rates()
    for code, key in RATE_KEYS.items():
        chosen = st.session_state.get(key)
        if chosen and abs(chosen - table.rate(code).per_usd) > 1e-9:
            table = table.with_override(code, chosen, note="entered in the sidebar")
    return table


def language() -> str:
    """The interface language code (``"en"`` unless the user switched)."""
    return str(st.session_state.get(LANGUAGE_KEY, DEFAULT_LANGUAGE))


def records_filter() -> RecordFilter:
    """The records period and filters set on the Interceptions page (all records by default)."""
    return RecordFilter.from_dict(st.session_state.get(_RECORDS_FILTER))


def set_records_filter(filt: RecordFilter) -> None:
    """Share the records period and filters with the other pages."""
    st.session_state[_RECORDS_FILTER] = filt.to_dict()


def auth_token() -> str | None:
    """This browser session's log-in token, if any (never written to the link)."""
    token = st.session_state.get(_AUTH)
    return token if isinstance(token, str) and token else None


def set_auth_token(token: str | None) -> None:
    """Remember (or, with ``None``, forget) this session's log-in token."""
    if token:
        st.session_state[_AUTH] = token
    else:
        st.session_state.pop(_AUTH, None)


def route_map_view() -> RouteMapOptions | None:
    """The view last drawn on the Route map (corridors, layers, colouring), or ``None``."""
    view = st.session_state.get(_ROUTE_VIEW)
    return view if isinstance(view, RouteMapOptions) else None


def set_route_map_view(view: RouteMapOptions) -> None:
    """Record the Route map's view so the briefing pack can draw what was on screen."""
    st.session_state[_ROUTE_VIEW] = view


def checkpoint_plan() -> Any:
    """The plan last solved on the Checkpoint planner, for the briefing pack, or ``None``."""
    return st.session_state.get(_PLAN)


def set_checkpoint_plan(plan: Any) -> None:
    """Offer a solved plan to the briefing pack."""
    st.session_state[_PLAN] = plan


def target_districts() -> Any:
    """The target districts last ranked on Awareness targeting, for the pack, or ``None``."""
    return st.session_state.get(_TARGETS)


def set_target_districts(targets: Any) -> None:
    """Offer the ranked target districts to the briefing pack."""
    st.session_state[_TARGETS] = targets


@dataclass(frozen=True)
class LinkParam:
    """One widget bound to one query-string parameter.

    Parameters
    ----------
    name
        The parameter's name in the address (short, stable: links outlive releases).
    key
        The widget's key in ``st.session_state``.
    parse
        Turns one text value into the widget's value; raises ``ValueError`` (or ``KeyError``)
        when the text is not a valid value, and the parameter is then ignored.
    dump
        Turns one widget value back into text.
    many
        The widget holds a list (a multiselect): the parameter is repeated, one value each.
    """

    name: str
    key: str
    parse: Callable[[str], Any] = str
    dump: Callable[[Any], str] = str
    many: bool = False


def choice(options: Sequence[Any], *, dump: Callable[[Any], str] = str) -> Callable[[str], Any]:
    """A parser that accepts only the text of one of ``options`` and returns that option."""
    by_text = {dump(option): option for option in options}

    def parse(text: str) -> Any:
        if text not in by_text:
            raise ValueError("not one of the choices")
        return by_text[text]

    return parse


def restore_view(page: str, params: Sequence[LinkParam]) -> list[str]:
    """Apply the address to a page's widgets, once per page and session, before they are drawn.

    Returns the notices to show for parameters that were ignored. The notices name no value
    from the address, so hostile text in a link is never echoed onto the page.
    """
    done = f"_view_restored:{page}"
    if st.session_state.get(done):
        return []
    st.session_state[done] = True
    query = st.query_params
    ignored = 0
    for param in params:
        if param.name not in query:
            continue
        texts = query.get_all(param.name) if param.many else [query[param.name]]
        try:
            values = [param.parse(text) for text in texts]
        except (ValueError, KeyError, TypeError):
            ignored += 1
            continue
        st.session_state[param.key] = values if param.many else values[0]
    known = {param.name for param in params} | {param.name for param in SHARED_PARAMS}
    ignored += sum(1 for name in query if name not in known)
    if not ignored:
        return []
    return [f"{ignored} parameter(s) in the address were not understood and were ignored."]


def write_view(params: Sequence[LinkParam]) -> None:
    """Write the current values of the page's widgets (and the shared ones) into the address."""
    values: dict[str, str | list[str]] = {}
    for param in (*SHARED_PARAMS, *params):
        if param.key not in st.session_state:
            continue
        value = st.session_state[param.key]
        values[param.name] = [param.dump(v) for v in value] if param.many else param.dump(value)
    current = {name: st.query_params.get_all(name) for name in st.query_params}
    wanted = {name: v if isinstance(v, list) else [v] for name, v in values.items()}
    if current != wanted:
        st.query_params.from_dict(values)


def _positive_float(text: str) -> float:
    value = float(text)
    if not value > 0 or value == float("inf"):
        raise ValueError("not a positive number")
    return value


SHARED_PARAMS: tuple[LinkParam, ...] = (
    LinkParam("currency", CURRENCY_KEY, choice(CURRENCIES)),
    LinkParam("pkr", RATE_KEYS["PKR"], _positive_float),
    LinkParam("eur", RATE_KEYS["EUR"], _positive_float),
    LinkParam("lang", LANGUAGE_KEY, choice(APP_LANGUAGES)),
)
"""Parameters every page's link carries: the currency, the two exchange rates, the language."""
