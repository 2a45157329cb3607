"""Running PuLP models through CBC or HiGHS, stoppable, reporting the bound each solver proved.

Two solvers are supported (``geo.planner.kinds.Solver``):

* **HiGHS** through ``highspy`` (the default). It runs in this process; a callback polls the
  cancel flag and interrupts the search, and the model's dual bound is read back after the
  solve. A starting plan (for example the greedy's) can be handed to it.
* **CBC**, the binary bundled with PuLP. ``pulp.PULP_CBC_CMD`` waits for CBC without a way to
  interrupt it, so the model is written as MPS, the same binary is run with the same options
  PuLP would use, the cancel flag is polled while it runs (CBC is killed if asked), and the
  solution is read back with PuLP. CBC's log gives the bound it proved when it stops early.

Both return a ``MipOutcome`` with the objective of the plan found and the best bound proved,
in the model's own objective units; callers turn them into captured flow.
"""

from __future__ import annotations

import math
import re
import subprocess
import tempfile
import time
import warnings
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import highspy
import pulp

from geo.errors import ComputationError
from geo.planner.control import SolveCancelled, SolveControl
from geo.planner.kinds import Solver

_POLL_S = 0.02
HIGHS_THREADS = 1
"""HiGHS runs on one thread: the app shares a small machine, and CBC runs on one thread too."""


class SolverError(ComputationError, RuntimeError):
    """The solver failed or returned no usable solution."""


@dataclass(frozen=True)
class MipOutcome:
    """How one MIP solve ended.

    Attributes
    ----------
    optimal
        True when the solver proved optimality; False when it stopped at the time limit.
    objective
        Objective value of the solution found (model units); ``-inf`` when the time limit
        ended the search before any solution was found.
    bound
        Best bound the solver proved on the objective (an upper bound: models are maximised).
    """

    optimal: bool
    status: str
    seconds: float
    objective: float
    bound: float
    solver: Solver
    incumbents: tuple[Mapping[str, float], ...] = ()
    """HiGHS only: every improving solution met during the search (name → nonzero value)."""


def solve(
    problem: pulp.LpProblem,
    *,
    solver: Solver = Solver.HIGHS,
    time_limit: float | None = None,
    control: SolveControl | None = None,
    start: Mapping[str, float] | None = None,
    relax: bool = False,
) -> MipOutcome:
    """Solve the maximisation ``problem`` in place; variables hold their values afterwards.

    Parameters
    ----------
    start
        Variable name → value of a feasible solution to start from (HiGHS only; CBC ignores it).
    relax
        Solve the linear relaxation (integer variables treated as continuous; HiGHS only).

    Raises
    ------
    SolveCancelled
        When ``control`` is cancelled while the solver runs.
    SolverError
        When the solver finds no feasible solution.
    """
    if time_limit is not None and time_limit <= 0:
        raise ValueError(f"time limit must be positive, got {time_limit!r}")
    if problem.sense != pulp.LpMaximize:
        raise ValueError("planner models are maximised")
    if control is not None:
        control.check()
        remaining = control.remaining()
        if remaining is not None:
            time_limit = max(0.5, min(time_limit or remaining, remaining))
    if Solver(solver) is Solver.CBC and not relax:
        return _solve_cbc(problem, time_limit, control)
    return _solve_highs(problem, time_limit, control, start, relax)


# -- HiGHS -------------------------------------------------------------------------------------


class _Highs(pulp.HiGHS):
    """PuLP's HiGHS interface with a starting solution and an interrupting callback."""

    def __init__(self, *, start: Mapping[str, float] | None, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._start = dict(start or {})

    def callSolver(self, lp: pulp.LpProblem) -> None:  # noqa: N802 (PuLP's name)
        if self._start:
            solution = highspy.HighsSolution()
            solution.col_value = [float(self._start.get(v.name, 0.0)) for v in lp.variables()]
            solution.value_valid = True
            lp.solverModel.setSolution(solution)
        lp.solverModel.run()


def _solve_highs(
    problem: pulp.LpProblem,
    time_limit: float | None,
    control: SolveControl | None,
    start: Mapping[str, float] | None,
    relax: bool,
) -> MipOutcome:
    kinds = highspy.cb.HighsCallbackType
    names = [v.name for v in problem.variables()]
    found: list[dict[str, float]] = []

    def callback(kind: Any, _message: str, data_out: Any, data_in: Any, _user: Any) -> None:
        if kind == kinds.kCallbackMipImprovingSolution:
            values = data_out.mip_solution
            found.append({n: float(x) for n, x in zip(names, values, strict=False) if x > 1e-9})
        elif control is not None and control.cancelled:
            data_in.user_interrupt = True

    active = [kinds.kCallbackMipImprovingSolution, kinds.kCallbackMipInterrupt]
    if control is not None:
        active += [kinds.kCallbackSimplexInterrupt]
    engine = _Highs(
        start=start,
        mip=not relax,
        msg=False,
        timeLimit=time_limit,
        gapRel=1e-6,
        threads=HIGHS_THREADS,
        callbackTuple=(callback, None),
        callbacksToActivate=active,
    )
    started = time.perf_counter()
    problem.solve(engine)
    model: highspy.Highs = problem.solverModel
    seconds = time.perf_counter() - started
    if control is not None and control.cancelled:
        raise SolveCancelled("solve stopped while the MIP solver was running")
    status = model.getModelStatus()
    info = model.getInfo()
    offset = float(problem.objective.constant or 0.0)
    if info.primal_solution_status != 2:  # kSolutionStatusFeasible
        stopped = status in (
            highspy.HighsModelStatus.kTimeLimit,
            highspy.HighsModelStatus.kInterrupt,
        )
        if not stopped or relax:
            text = model.modelStatusToString(status)
            raise SolverError(f"HiGHS found no feasible plan ({text})")
        dual = -float(info.mip_dual_bound) + offset
        return MipOutcome(
            optimal=False,
            status=model.modelStatusToString(status),
            seconds=seconds,
            objective=-math.inf,
            bound=dual if math.isfinite(dual) else math.inf,
            solver=Solver.HIGHS,
            incumbents=tuple(found),
        )
    # PuLP hands HiGHS the negated objective (HiGHS minimises) without its constant term.
    objective = -float(model.getObjectiveValue()) + offset
    optimal = status == highspy.HighsModelStatus.kOptimal
    if relax and not optimal:
        raise SolverError(
            f"HiGHS did not solve the relaxation ({model.modelStatusToString(status)})"
        )
    bound = objective if optimal else -float(info.mip_dual_bound) + offset
    if not math.isfinite(bound):
        bound = math.inf
    return MipOutcome(
        optimal=optimal,
        status=model.modelStatusToString(status),
        seconds=seconds,
        objective=objective,
        bound=max(bound, objective),
        solver=Solver.HIGHS,
        incumbents=tuple(found),
    )


# -- CBC ---------------------------------------------------------------------------------------

_CBC_LINE = re.compile(r"^(Objective value|Lower bound|Upper bound):\s*(-?[0-9.eE+-]+)", re.M)


def _solve_cbc(
    problem: pulp.LpProblem, time_limit: float | None, control: SolveControl | None
) -> MipOutcome:
    with warnings.catch_warnings():
        # PuLP 3.3 flags its bundled-CBC class for removal in 4.0; it is the pinned solver here.
        warnings.simplefilter("ignore", DeprecationWarning)
        cbc = pulp.PULP_CBC_CMD(msg=False, timeLimit=time_limit)
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="planner-mip-") as tmp:
        mps, sol, log = Path(tmp, "model.mps"), Path(tmp, "model.sol"), Path(tmp, "cbc.log")
        variables, var_names, con_names, _ = problem.writeMPS(str(mps), rename=1)
        args = [cbc.path, str(mps), "-max"]
        if time_limit is not None:
            # CBC counts CPU seconds by default; on a shared machine wall time is what matters.
            args += ["-timeMode", "elapsed", "-sec", f"{time_limit:g}"]
        args += ["-solve", "-printingOptions", "all", "-solution", str(sol)]
        with log.open("w") as out:
            proc = subprocess.Popen(args, stdin=subprocess.DEVNULL, stdout=out, stderr=out)
            while True:
                try:
                    code = proc.wait(timeout=_POLL_S)
                    break
                except subprocess.TimeoutExpired:
                    if control is not None and control.cancelled:
                        proc.kill()
                        proc.wait()
                        raise SolveCancelled(
                            "solve stopped while the MIP solver was running"
                        ) from None
        if code != 0 or not sol.exists():
            raise SolverError(f"CBC exited with code {code} and no solution")
        status, values, _dj, _pi, _slack, sol_status = cbc.readsol_MPS(
            str(sol), problem, variables, var_names, con_names
        )
        text = log.read_text(errors="replace")
    problem.assignVarsVals(values)
    problem.assignStatus(status, sol_status)
    if sol_status not in (pulp.LpSolutionOptimal, pulp.LpSolutionIntegerFeasible):
        raise SolverError(f"CBC found no feasible plan ({pulp.LpSolution.get(sol_status)})")
    optimal = sol_status == pulp.LpSolutionOptimal
    objective = float(pulp.value(problem.objective) or 0.0)
    bound = objective if optimal else _cbc_bound(text, objective)
    return MipOutcome(
        optimal=optimal,
        status=pulp.LpSolution[sol_status],
        seconds=time.perf_counter() - started,
        objective=objective,
        bound=bound,
        solver=Solver.CBC,
    )


def _cbc_bound(log: str, objective: float) -> float:
    """The bound CBC reports when it stops early.

    CBC's summary gives its objective value and its bound in its own (minimising, constant-free)
    terms; their distance is the proven gap, which is added to the objective PuLP computes.
    """
    found = {key: float(value) for key, value in _CBC_LINE.findall(log)}
    value = found.get("Objective value")
    other = found.get("Lower bound", found.get("Upper bound"))
    if value is None or other is None:
        return math.inf
    return objective + abs(other - value)
