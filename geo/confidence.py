"""The four confidence classes every figure, place and leg in the atlas carries.

The source report warns that official data are unreliable (§2.4). The app therefore never shows a
number without saying how much weight it can bear. Each curated row names one of these classes.
"""

from __future__ import annotations

from enum import StrEnum


class Confidence(StrEnum):
    """How much weight a curated value can bear."""

    REPORTED = "reported"
    """A figure the report states as coming from an official or documented source."""
    ESTIMATE = "estimate"
    """An estimate interviewees gave (one official, 'more than one interviewee', 'some')."""
    UNCONFIRMED = "unconfirmed"
    """Something the report itself calls unconfirmed, a story or a claim without evidence."""
    ASSUMPTION = "assumption"
    """Not in the report: a choice made here (a waypoint, a weight, a position) for the map."""

    @property
    def label(self) -> str:
        """Human-readable label shown in popups, tables and legends."""
        return _LABELS[self]


_LABELS = {
    Confidence.REPORTED: "Reported figure",
    Confidence.ESTIMATE: "Interviewee estimate",
    Confidence.UNCONFIRMED: "Unconfirmed",
    Confidence.ASSUMPTION: "Assumption made here",
}


def parse_confidence(value: str) -> Confidence:
    """Return the class named by ``value`` (its code or its label), or raise ``ValueError``."""
    text = str(value).strip().lower()
    for member in Confidence:
        if text in (member.value, member.label.lower()):
            return member
    allowed = ", ".join(m.value for m in Confidence)
    raise ValueError(f"unknown confidence class {value!r}; expected one of: {allowed}")
