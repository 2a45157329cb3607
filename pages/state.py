"""State shared between pages, behind named accessors.

Every value that more than one page reads lives here, so no page spells a session-state key of
another page's. A page's own widgets keep their own keys; what a page hands to another (the
Route map's view to the briefing pack, a checkpoint plan, target districts) goes through the
setters below. Imported by ``app.py`` and pages only.

A page's view also lives in its link: a page lists its widgets as :class:`LinkParam` and calls
:func:`restore_view` before drawing them and :func:`write_view` after, so the address bar always
holds the view and opening the address in a fresh browser reproduces it; :func:`link_control`
offers the address to copy. ``app.py`` calls :func:`restore_shared` and :func:`note_page` before
the page and :func:`keep_shared_in_link` after it. A reload restores the view from the address,
coming back from another page restores it from the session. Malformed or unknown parameters are
ignored with a notice (:func:`show_notices`) that echoes nothing of them; nothing secret (the
log-in token) ever goes into a link.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

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


def unknown_currency() -> bool:
    """Whether the session holds a currency the app does not know (never from the address,
    whose values are checked; a page says so instead of converting silently)."""
    chosen = st.session_state.get(CURRENCY_KEY, DEFAULT_CURRENCY)
    return chosen not in CURRENCIES


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
        The widget holds a list (a multiselect): the parameter is repeated, one value each; an
        empty list is written as one empty value (``mode=``) when the default is not empty.
    default
        The widget's value when neither the address nor this session gives one. When set, it
        is put into ``st.session_state`` before the widget is drawn, so the page draws the
        widget without its own ``default=``/``value=`` (Streamlit warns when both are given).
        ``None``: the widget's own default applies. A value equal to the default is left out of
        the address, which keeps links short.
    """

    name: str
    key: str
    parse: Callable[[str], Any] = str
    dump: Callable[[Any], str] = str
    many: bool = False
    default: Any = None

    def texts(self, value: Any) -> list[str] | None:
        """The address texts of ``value``, or ``None`` when it is the default (left out)."""
        if self.default is not None and value == self.default:
            return None
        if self.many:
            if not value:
                return [""] if self.default else None
            return [self.dump(v) for v in value]
        return [self.dump(value)]

    def value(self, texts: list[str]) -> Any:
        """The widget value for address texts; raises ``ValueError`` when one is not valid."""
        if self.many:
            if texts == [""]:
                return []
            values = [self.parse(text) for text in texts]
            if len(set(map(repr, values))) != len(values):
                raise ValueError("a value is repeated")
            return values
        if len(texts) != 1:
            raise ValueError("one value expected")
        return self.parse(texts[0])


def choice(options: Sequence[Any], *, dump: Callable[[Any], str] = str) -> Callable[[str], Any]:
    """A parser that accepts only the text of one of ``options`` and returns that option."""
    by_text = {dump(option): option for option in options}

    def parse(text: str) -> Any:
        if text not in by_text:
            raise ValueError("not one of the choices")
        return by_text[text]

    return parse


def positive_float(text: str) -> float:
    """A parser for a finite number above zero (an exchange rate, a budget)."""
    value = float(text)
    if not 0 < value < float("inf"):
        raise ValueError("not a positive number")
    return value


def bounded_int(low: int, high: int) -> Callable[[str], int]:
    """A parser for a whole number from ``low`` to ``high`` inclusive (``k``, top N)."""

    def parse(text: str) -> int:
        value = int(text)
        if not low <= value <= high:
            raise ValueError("out of range")
        return value

    return parse


SHARED_PARAMS: tuple[LinkParam, ...] = (
    LinkParam("currency", CURRENCY_KEY, choice(CURRENCIES), default=DEFAULT_CURRENCY),
    LinkParam("pkr", RATE_KEYS["PKR"], positive_float, default=load_rates().rate("PKR").per_usd),
    LinkParam("eur", RATE_KEYS["EUR"], positive_float, default=load_rates().rate("EUR").per_usd),
    LinkParam("lang", LANGUAGE_KEY, choice(APP_LANGUAGES), default=DEFAULT_LANGUAGE),
)
"""Parameters every page's link carries: the currency, the two exchange rates, the language."""

_PAGE = "_view_page"  # the page that last restored its view
_LAST_RUN_PAGE = "_view_last_run_page"  # set by app.py on every full run
_ARRIVED = "_view_arrived"  # this run is the first on its page (navigation, link or reload)
_PENDING = "_view_notices"  # ignored shared parameters, not yet reported
_STORED = "_view_stored:"  # + page: the page's view as address texts, for coming back
NOTICE = "{n} parameter(s) in the address were not understood and were ignored."
"""The notice for ignored parameters; it names no value from the address, so hostile text in a
link is never echoed onto the page."""


def _query_texts() -> dict[str, list[str]]:
    return {name: st.query_params.get_all(name) for name in st.query_params}


def _apply(params: Sequence[LinkParam], texts: dict[str, list[str]]) -> int:
    """Set the widgets of ``params`` from ``texts``; return how many were not valid."""
    ignored = 0
    for param in params:
        if param.name not in texts:
            continue
        try:
            st.session_state[param.key] = param.value(texts[param.name])
        except (ValueError, KeyError, TypeError, OverflowError):
            ignored += 1
    return ignored


def restore_shared() -> None:
    """Apply the address to the shared sidebar controls, before ``app.py`` draws them.

    Called by ``app.py`` on every run. On a session's first run (a new visitor, a shared link,
    a reload) it takes the currency and rates from the address; invalid values are counted for
    the page's notice. Between runs the sidebar widgets keep their own values, whichever page is
    open.
    """
    defaults = load_rates()
    if CURRENCY_KEY not in st.session_state:
        texts = _query_texts()
        st.session_state[_PENDING] = _apply(SHARED_PARAMS, texts)
        st.session_state.setdefault(CURRENCY_KEY, DEFAULT_CURRENCY)
    for code, key in RATE_KEYS.items():
        st.session_state.setdefault(key, defaults.rate(code).per_usd)


def note_page(page: str) -> None:
    """Record the page this full run shows (``app.py``, before the page runs)."""
    st.session_state[_ARRIVED] = st.session_state.get(_LAST_RUN_PAGE) != page
    st.session_state[_LAST_RUN_PAGE] = page


def restore_view(page: str, params: Sequence[LinkParam]) -> list[str]:
    """Apply the address (or the view left on this page) to its widgets, before they are drawn.

    On arrival on the page (first run in a session, a reload, a shared link or navigation from
    another page), the page's widgets take their values from the address when it names any of
    them, else from the view this session last had on the page, else their defaults. Later
    reruns leave the widgets alone. Invalid values and unknown parameters are ignored.

    Returns
    -------
    list[str]
        The notices to show (see :func:`show_notices`); empty when nothing was ignored. They
        name no value from the address.
    """
    if _LAST_RUN_PAGE in st.session_state:
        arrived = bool(st.session_state.get(_ARRIVED)) or st.session_state.get(_PAGE) != page
        st.session_state[_ARRIVED] = False
    else:  # the page runs on its own (a test), without app.py
        arrived = st.session_state.get(_PAGE) != page
    st.session_state[_PAGE] = page
    ignored = int(st.session_state.pop(_PENDING, 0) or 0)
    if arrived:
        query = _query_texts()
        names = {param.name for param in params}
        if names & set(query):
            ignored += _apply(params, query)
            known = names | {param.name for param in SHARED_PARAMS}
            ignored += sum(1 for name in query if name not in known)
        else:
            ignored += sum(1 for name in query if name not in {p.name for p in SHARED_PARAMS})
            _apply(params, st.session_state.get(_STORED + page, {}))
        for param in params:
            if param.default is not None and param.key not in st.session_state:
                st.session_state[param.key] = _copy(param.default)
    return [NOTICE.format(n=ignored)] if ignored else []


def _copy(value: Any) -> Any:
    return list(value) if isinstance(value, list) else value


def view_texts(params: Sequence[LinkParam]) -> dict[str, list[str]]:
    """The address texts of the current values of ``params`` (defaults left out)."""
    texts: dict[str, list[str]] = {}
    for param in params:
        if param.key not in st.session_state:
            continue
        value = param.texts(st.session_state[param.key])
        if value is not None:
            texts[param.name] = value
    return texts


def write_view(params: Sequence[LinkParam]) -> None:
    """Write the page's widgets (and the shared ones) into the address, after they are drawn.

    The view is also kept for this session, so coming back to the page from another one
    restores it even though navigation clears the address.
    """
    page = st.session_state.get(_PAGE)
    own = view_texts(params)
    if page:
        st.session_state[_STORED + str(page)] = own
    wanted = {**view_texts(SHARED_PARAMS), **own}
    if _query_texts() != wanted:
        st.query_params.from_dict(wanted)


def keep_shared_in_link() -> None:
    """Put the shared parameters into the address of a page that writes no view of its own.

    ``app.py`` calls it after the page ran; it leaves a page's own parameters alone.
    """
    pending = int(st.session_state.pop(_PENDING, 0) or 0)
    if pending:
        show_notices([NOTICE.format(n=pending)])
    query = _query_texts()
    wanted = {name: texts for name, texts in query.items()}
    for param in SHARED_PARAMS:
        wanted.pop(param.name, None)
    wanted.update(view_texts(SHARED_PARAMS))
    if wanted != query:
        st.query_params.from_dict(wanted)


def show_notices(notices: Sequence[str]) -> None:
    """Show notices as short toasts, which take no place in the page's layout (so a map below
    them is not rebuilt when they go)."""
    for notice in notices:
        st.toast(notice, icon=":material/info:")


def view_link() -> str:
    """The address of this view (the page's URL with the current query string)."""
    base = st.context.url or ""
    query = urlencode(list(_query_pairs()))
    return f"{base}?{query}" if query else base


def _query_pairs() -> Iterator[tuple[str, str]]:
    for name in st.query_params:
        for text in st.query_params.get_all(name):
            yield name, text


def link_control(*, label: str = "Copy link to this view") -> None:
    """A "Copy link to this view" control: the address of the view, with a copy button.

    Call it after :func:`write_view`. The link carries the view only, never the log-in.
    """
    with st.popover(label, icon=":material/link:"):
        st.caption("Anyone opening this link sees this view (not your log-in).")
        st.code(view_link(), language=None, wrap_lines=True)
