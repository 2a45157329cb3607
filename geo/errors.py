"""The project's exception hierarchy: every error Route Atlas raises on purpose has one base.

Four families, by who can act on the error:

- :class:`CuratedDataError`: a file in ``data/`` (or the boundary files) is missing or malformed.
  The project's own data are wrong; a user cannot fix it, the maintainers must.
- :class:`UserInputError`: something a user supplied (an uploaded file, a typed value, a query
  string, a road network) cannot be used. Its message is written for that user, is safe to show
  on a page, and never holds a server path or a traceback.
- :class:`AccessError`: the session may not do or see this (not logged in, locked out, public
  disclosure rules).
- :class:`ComputationError`: a model could not be solved or was cancelled.

Pages catch :class:`UserInputError` (and :class:`AccessError` where a page logs people in) and
show its message; anything else is logged on the server and reported as a short apology, never
as a traceback. Specific errors subclass one family and, where older callers relied on it, a
built-in type too (``ValueError``, ``KeyError``) so the move to this hierarchy changes no
behaviour.
"""

from __future__ import annotations

__all__ = [
    "AccessError",
    "ComputationError",
    "CuratedDataError",
    "RouteAtlasError",
    "UserInputError",
]


class RouteAtlasError(Exception):
    """Base of every error the project raises on purpose."""


class CuratedDataError(RouteAtlasError):
    """A curated data file of the project is missing or does not follow its schema."""


class UserInputError(RouteAtlasError):
    """Input a user supplied cannot be used; the message says why, in words for that user."""


class AccessError(RouteAtlasError):
    """The session is not allowed to do or see this."""


class ComputationError(RouteAtlasError):
    """A model could not be solved, ran out of time without an answer, or was cancelled."""
