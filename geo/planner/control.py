"""Progress reporting and cancellation shared by every planner solve.

Solves can take long on large networks, and the page must never hang on one. Every solver accepts
an optional ``SolveControl``: it reports progress through it and checks it between steps (and,
while the MIP solver runs, every few hundredths of a second), stopping with ``SolveCancelled``
when the user asks or the time limit passes.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

from geo.errors import ComputationError


class SolveCancelled(ComputationError, RuntimeError):
    """The user stopped a solve (or its overall deadline passed) before it finished."""


class SolveControl:
    """A cancel flag, an optional overall deadline and a progress sink for one solve.

    Parameters
    ----------
    deadline_s
        Overall wall-clock limit in seconds from creation; None for none.
    on_progress
        Called with ``(fraction 0–1, message)`` whenever a solver reports progress.
    """

    def __init__(
        self,
        *,
        deadline_s: float | None = None,
        on_progress: Callable[[float, str], None] | None = None,
    ) -> None:
        self._event = threading.Event()
        self._started = time.monotonic()
        self._deadline = None if deadline_s is None else self._started + deadline_s
        self._on_progress = on_progress
        self._lock = threading.Lock()
        self.fraction = 0.0
        self.message = "waiting"

    def cancel(self) -> None:
        """Ask the solve to stop as soon as it can."""
        self._event.set()

    @property
    def cancelled(self) -> bool:
        """True once cancel was called or the deadline has passed."""
        if self._deadline is not None and time.monotonic() > self._deadline:
            self._event.set()
        return self._event.is_set()

    def remaining(self) -> float | None:
        """Seconds left before the deadline (None without a deadline)."""
        if self._deadline is None:
            return None
        return max(0.0, self._deadline - time.monotonic())

    def check(self) -> None:
        """Raise ``SolveCancelled`` when the solve should stop."""
        if self.cancelled:
            raise SolveCancelled("solve stopped before it finished")

    def say(self, message: str) -> None:
        """Update the progress message only."""
        with self._lock:
            self.message = message

    def report(self, fraction: float, message: str) -> None:
        """Record progress (clipped to 0–1) and pass it on; also checks for cancellation."""
        with self._lock:
            self.fraction = min(1.0, max(0.0, float(fraction)))
            self.message = message
        if self._on_progress is not None:
            self._on_progress(self.fraction, message)
        self.check()


def note(control: SolveControl | None, message: str) -> None:
    """Update the progress message (not the fraction) and check for cancellation."""
    if control is None:
        return
    control.say(message)
    control.check()


def checker(control: SolveControl | None) -> Callable[[], None]:
    """A no-argument function that raises when ``control`` is cancelled (no-op without one)."""
    if control is None:
        return lambda: None
    return control.check
