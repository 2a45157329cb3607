"""Running a solve in a background thread that the page can poll and stop.

Streamlit reruns the page script on every interaction, so a long solve must not run inside it.
``SolveJob`` runs any solve function in a daemon thread with its own ``SolveControl``: the page
stores the job in its session, shows ``progress`` on each rerun, and calls ``cancel`` when the
user presses Stop (the MIP solver process is killed within a few hundredths of a second).
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from typing import Any

from geo.planner.control import SolveCancelled, SolveControl
from geo.planner.kinds import JobState

logger = logging.getLogger(__name__)


class SolveJob:
    """One solve in a background thread.

    Parameters
    ----------
    fn
        Called with the job's ``SolveControl``; its return value becomes ``result``.
    deadline_s
        Overall time limit in seconds; when it passes the solve is stopped like a cancel.
    label
        Short description shown while it runs.
    """

    def __init__(
        self,
        fn: Callable[[SolveControl], Any],
        *,
        deadline_s: float | None = None,
        label: str = "solve",
    ) -> None:
        self.label = label
        self.control = SolveControl(deadline_s=deadline_s)
        self.result: Any = None
        self.error: BaseException | None = None
        self.state = JobState.RUNNING
        self._fn = fn
        self._started = time.monotonic()
        self._finished: float | None = None
        self._done = threading.Event()
        self._thread = threading.Thread(target=self._run, name=f"planner-{label}", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        try:
            self.result = self._fn(self.control)
            self.state = JobState.DONE
        except SolveCancelled as err:
            self.error = err
            self.state = JobState.CANCELLED
        except Exception as err:  # reported to the page, never swallowed
            logger.exception("planner solve %r failed", self.label)
            self.error = err
            self.state = JobState.FAILED
        finally:
            self._finished = time.monotonic()
            self._done.set()

    def cancel(self) -> None:
        """Ask the solve to stop."""
        self.control.cancel()

    def wait(self, timeout: float | None = None) -> bool:
        """Block up to ``timeout`` seconds; True when the job has finished."""
        return self._done.wait(timeout)

    @property
    def finished(self) -> bool:
        """True once the job has ended (done, failed or cancelled)."""
        return self._done.is_set()

    @property
    def progress(self) -> tuple[float, str]:
        """Latest (fraction 0–1, message) reported by the solver."""
        return self.control.fraction, self.control.message

    @property
    def elapsed(self) -> float:
        """Seconds since the job started (until it finished)."""
        end = self._finished if self._finished is not None else time.monotonic()
        return end - self._started
