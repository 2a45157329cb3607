"""The view a pack draws: the Route map's options as they were on screen, stated in words.

The page reads the Route map's view from the shared state (``RouteMapOptions``, built in
``layers``); here it becomes the pack's :class:`~geo.briefing.model.PackView` (corridors,
colouring, figure layers in words for the cover note) and, when the Route map was not opened in
the session, the Route map's own default view is used, with the figure layers it turns on by
default rather than all of them.
"""

from __future__ import annotations

from dataclasses import replace

from geo.briefing.model import PackView
from geo.corridors import load_corridors
from geo.figures import load_measures
from geo.records.aggregate import RecordFilter
from layers.districts import role_label
from layers.figures import measure_title
from layers.route_map import RouteMapOptions


def default_route_view(*, currency: str = "PKR") -> RouteMapOptions:
    """The Route map's first view: every corridor, the figure layers drawn by default."""
    measures = frozenset(key for key, m in load_measures().items() if m.drawn_by_default)
    return RouteMapOptions(measures=measures, currency=currency)


def records_filter_words(filt: RecordFilter | None) -> str:
    """The records filter in words ('all records' when nothing is set)."""
    if filt is None:
        return "all records"
    parts = []
    if filt.start_month or filt.end_month:
        parts.append(f"{filt.start_month or 'first month'} to {filt.end_month or 'last month'}")
    for name, values in (
        ("events", filt.event_types),
        ("crime types", filt.crime_types),
        ("agencies", filt.agencies),
        ("sexes", filt.sexes),
        ("age groups", filt.age_groups),
        ("districts", filt.districts),
        ("places", filt.place_keys),
    ):
        if values:
            parts.append(f"{name} {', '.join(values)}")
    return "; ".join(parts) or "all records"


def pack_view(
    options: RouteMapOptions | None,
    *,
    currency: str,
    records_filter: RecordFilter | None = None,
) -> tuple[PackView, RouteMapOptions]:
    """The pack's view and the Route map options to build its HTML map from.

    ``options`` ``None`` means the Route map was not opened: its default view is used.
    The currency is the session's (the pack and its HTML map show costs in it).
    """
    from_screen = options is not None
    chosen = options if options is not None else default_route_view(currency=currency)
    chosen = replace(chosen, currency=currency)
    names: tuple[str, ...] = ()
    if chosen.corridor_ids is not None:
        by_id = {c.corridor_id: c.name for c in load_corridors()}
        names = tuple(by_id.get(cid, cid) for cid in sorted(chosen.corridor_ids))
    if chosen.measures is None:
        layers = tuple(measure_title(m).removeprefix("Figures: ") for m in sorted(load_measures()))
    else:
        layers = tuple(measure_title(m).removeprefix("Figures: ") for m in sorted(chosen.measures))
    view = PackView(
        corridor_ids=chosen.corridor_ids,
        corridor_names=names,
        role=chosen.role,
        detail=chosen.detail,
        colouring=role_label(chosen.role, chosen.detail).lower(),
        layers=layers,
        from_screen=from_screen,
        records_filter=records_filter_words(records_filter),
    )
    return view, chosen
