"""Running PuLP models through the bundled CBC solver so that a running solve can be stopped.

``pulp.PULP_CBC_CMD`` waits for CBC without a way to interrupt it. The planner needs the page's
"Stop" button to end a long solve at once, so this module writes the model as MPS with PuLP, runs
the same bundled CBC binary with the same options PuLP would use (including ``timeLimit``), polls
the cancel flag while it runs, kills CBC if asked, and reads the solution back with PuLP.
"""

from __future__ import annotations

import subprocess
import tempfile
import time
import warnings
from dataclasses import dataclass
from pathlib import Path

import pulp

from geo.planner.control import SolveCancelled, SolveControl

_POLL_S = 0.02


class SolverError(RuntimeError):
    """CBC failed or returned no usable solution."""


@dataclass(frozen=True)
class MipOutcome:
    """How one MIP solve ended."""

    optimal: bool
    """True when CBC proved optimality; False when it stopped at the time limit with a plan."""
    status: str
    seconds: float


def solve(
    problem: pulp.LpProblem,
    *,
    time_limit: float | None = None,
    control: SolveControl | None = None,
) -> MipOutcome:
    """Solve ``problem`` in place with CBC; variables hold their values afterwards.

    Raises
    ------
    SolveCancelled
        When ``control`` is cancelled while CBC runs (CBC is killed).
    SolverError
        When CBC finds no feasible solution.
    """
    if time_limit is not None and time_limit <= 0:
        raise ValueError(f"time limit must be positive, got {time_limit!r}")
    if control is not None:
        control.check()
        remaining = control.remaining()
        if remaining is not None:
            time_limit = max(0.5, min(time_limit or remaining, remaining))
    with warnings.catch_warnings():
        # PuLP 3.3 flags its bundled-CBC class for removal in 4.0; it is the pinned solver here.
        warnings.simplefilter("ignore", DeprecationWarning)
        solver = pulp.PULP_CBC_CMD(msg=False, timeLimit=time_limit)
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="planner-mip-") as tmp:
        mps, sol = Path(tmp, "model.mps"), Path(tmp, "model.sol")
        variables, var_names, con_names, _ = problem.writeMPS(str(mps), rename=1)
        args = [solver.path, str(mps)]
        if problem.sense == pulp.LpMaximize:
            args.append("-max")
        if time_limit is not None:
            args += ["-sec", f"{time_limit:g}"]
        args += ["-solve", "-printingOptions", "all", "-solution", str(sol)]
        proc = subprocess.Popen(
            args, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        while True:
            try:
                code = proc.wait(timeout=_POLL_S)
                break
            except subprocess.TimeoutExpired:
                if control is not None and control.cancelled:
                    proc.kill()
                    proc.wait()
                    raise SolveCancelled("solve stopped while the MIP solver was running") from None
        if code != 0 or not sol.exists():
            raise SolverError(f"CBC exited with code {code} and no solution")
        status, values, _dj, _pi, _slack, sol_status = solver.readsol_MPS(
            str(sol), problem, variables, var_names, con_names
        )
    problem.assignVarsVals(values)
    problem.assignStatus(status, sol_status)
    if sol_status not in (pulp.LpSolutionOptimal, pulp.LpSolutionIntegerFeasible):
        raise SolverError(f"CBC found no feasible plan ({pulp.LpSolution.get(sol_status)})")
    return MipOutcome(
        optimal=sol_status == pulp.LpSolutionOptimal,
        status=pulp.LpSolution[sol_status],
        seconds=time.perf_counter() - started,
    )
