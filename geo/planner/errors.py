"""The planner's errors, each under the project's hierarchy (``geo.errors``).

Every error a planner user can cause (a bad assumption, a plan question that cannot be asked,
an unusable road file) is a ``PlanInputError``, itself a ``UserInputError``, so the page shows
its message; solver failures and cancelled solves are ``ComputationError`` (``mip.SolverError``,
``control.SolveCancelled``). Each also derives from ``ValueError`` so older callers keep working.
"""

from __future__ import annotations

from geo.errors import UserInputError


class PlanInputError(UserInputError, ValueError):
    """A planner input (assumption, plan question, site, scenario set) cannot be used."""


class NetworkError(PlanInputError):
    """The network or a flow on it is inconsistent (unknown node, missing leg, bad value)."""


class RoadNetworkError(NetworkError):
    """A road file cannot be turned into a planner network; the message says why."""
