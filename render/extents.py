"""The windows of the static route map: the whole corridor box and a zoom on Pakistan.

Each window names the places it labels, in order of priority: when two labels cannot both be
placed without overlap, the later one is dropped.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Extent:
    """A lon/lat window with its title."""

    name: str
    title: str
    lon: tuple[float, float]
    lat: tuple[float, float]
    arrow_deg: float
    labels: tuple[str, ...]


EXTENTS: dict[str, Extent] = {
    "overview": Extent(
        "overview",
        "Corridors out of, into and through Pakistan",
        (-20.0, 115.0),
        (-14.0, 58.0),
        1.4,
        (
            "Karachi",
            "Mand Balo",
            "Tehran",
            "Istanbul",
            "Athens",
            "Rome",
            "London",
            "Dubai",
            "Muscat",
            "Jakarta",
            "Christmas Island",
            "Dhaka",
        ),
    ),
    "pakistan": Extent(
        "pakistan",
        "Pakistan and its borders",
        (55.0, 79.0),
        (21.5, 37.5),
        0.45,
        (
            "Karachi",
            "Quetta",
            "Lahore",
            "Islamabad airport",
            "Gwadar",
            "Jiwani",
            "Mand Balo",
            "Taftan",
            "Torkham",
            "Chaman",
            "Multan",
            "Bandar Abbas",
            "Muscat",
        ),
    ),
}
"""The map windows the pack offers: the whole corridor box and a zoom on Pakistan."""
