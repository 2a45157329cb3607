"""One logging set-up for the app and the scripts: standard :mod:`logging`, one format, one level.

Modules log through ``logging.getLogger(__name__)`` and never configure logging themselves;
the entry points (``app.py``, the scripts) call :func:`configure` once at start. The level comes
from the environment variable ``ROUTE_ATLAS_LOG_LEVEL`` (``DEBUG``, ``INFO``, ``WARNING``,
``ERROR`` or ``CRITICAL``; ``INFO`` when unset), so an operator can turn up the detail of a
running server without touching the code. Messages go to standard error, where Streamlit's own
log and a service manager's journal already look.
"""

from __future__ import annotations

import logging
import os
import sys
from typing import TextIO

__all__ = ["DEFAULT_LEVEL", "FORMAT", "LEVEL_VARIABLE", "LEVELS", "configure"]

LEVEL_VARIABLE = "ROUTE_ATLAS_LOG_LEVEL"
"""Environment variable naming the level."""

DEFAULT_LEVEL = "INFO"
LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")
FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"

_HANDLER_NAME = "route-atlas"


class _StderrHandler(logging.StreamHandler[TextIO]):
    """Writes to whatever ``sys.stderr`` is at the time of each record.

    Streamlit and test runners swap ``sys.stderr``; a handler that kept the stream of the
    moment it was made would write into a closed or forgotten one.
    """

    @property
    def stream(self) -> TextIO:
        return sys.stderr

    @stream.setter
    def stream(self, value: object) -> None:
        """Ignored: the stream is always the current ``sys.stderr``."""


def configure(*, level: str | None = None) -> logging.Handler:
    """Send log records of level ``level`` and above to standard error in the project's format.

    Safe to call on every Streamlit rerun: the handler is added once and later calls only set
    the level again. Handlers that others installed (pytest's, for instance) are left alone.

    Parameters
    ----------
    level
        A name from :data:`LEVELS`, any case. Defaults to ``$ROUTE_ATLAS_LOG_LEVEL``, else
        ``INFO``. An unknown name does not stop the app: the default is used and a warning
        says which value was ignored.

    Returns
    -------
    logging.Handler
        The project's handler on the root logger.
    """
    requested = level if level is not None else os.environ.get(LEVEL_VARIABLE, DEFAULT_LEVEL)
    name = requested.strip().upper()
    unknown = name not in LEVELS
    if unknown:
        name = DEFAULT_LEVEL
    root = logging.getLogger()
    handler = next((h for h in root.handlers if h.get_name() == _HANDLER_NAME), None)
    if handler is None:
        handler = _StderrHandler()
        handler.set_name(_HANDLER_NAME)
        handler.setFormatter(logging.Formatter(FORMAT))
        root.addHandler(handler)
    root.setLevel(name)
    if unknown:
        logging.getLogger(__name__).warning(
            "ignored log level %r (from %s or the caller): use one of %s; logging at %s",
            requested,
            LEVEL_VARIABLE,
            ", ".join(LEVELS),
            DEFAULT_LEVEL,
        )
    return handler
