"""Checkpoint planner benchmark: time, status, bound and gap by network size, objective, solver.

Run from the project root::

    python -m benchmarks.planner_bench            # every case, about 5–10 minutes on 2 cores
    python -m benchmarks.planner_bench --quick    # the small cases only
    python -m benchmarks.planner_bench --case static-200x5000

Each case runs in a fresh Python process so that its peak memory can be read on its own:
``py_peak_mb`` is the peak resident size of that Python process (network, model building,
greedy), ``cbc_peak_mb`` the largest peak resident size (VmHWM, sampled every 20 ms from /proc)
of the CBC solver processes it started.
The networks are generated (``geo.planner.synthetic``), except the default atlas network.
Results are printed as a Markdown table and written to ``benchmarks/out/planner.json``.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import threading
import time
from pathlib import Path

OUT = Path(__file__).resolve().parent / "out" / "planner.json"

# name: (nodes, flows, candidates, objectives, robust)
CASES: dict[str, tuple[int, int, int, tuple[str, ...], bool]] = {
    "atlas": (0, 0, 0, ("static", "evasive"), True),
    "100x1000": (100, 1000, 50, ("static", "evasive"), True),
    "500x5000": (500, 5000, 200, ("static", "evasive"), True),
    "1000x10000": (1000, 10000, 300, ("static", "evasive"), False),
    "2000x20000": (2000, 20000, 500, ("static", "evasive"), False),
}
QUICK = ("atlas", "100x1000")
K = 10
TOLERANCE = 0.2
TIME_LIMIT = 30.0


def _mb(kilobytes: int) -> float:
    return round(kilobytes / 1024, 1)


class ChildPeak:
    """Samples the peak resident size (VmHWM) of this process's CBC children every 20 ms."""

    def __init__(self) -> None:
        self.peak_kb = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        me = str(os.getpid())
        while not self._stop.wait(0.02):
            for status in Path("/proc").glob("[0-9]*/status"):
                try:
                    text = status.read_text()
                except OSError:
                    continue
                fields = dict(line.split(":", 1) for line in text.splitlines() if ":" in line)
                if fields.get("PPid", "").strip() != me or fields.get("Name", "").strip() != "cbc":
                    continue
                hwm = fields.get("VmHWM", "0 kB").split()[0]
                self.peak_kb = max(self.peak_kb, int(hwm))

    def stop(self) -> float:
        self._stop.set()
        self._thread.join()
        return _mb(self.peak_kb)


def _row(size: dict, objective: str, label: str, plan: object) -> dict:
    from geo.planner.plan import Plan

    assert isinstance(plan, Plan)
    return {
        **size,
        "objective": objective,
        "method": label,
        "seconds": round(plan.seconds, 3),
        "status": plan.status.value,
        "rounds": plan.iterations,
        "share": round(plan.share, 4),
        "bound": None if plan.bound is None else round(plan.bound / plan.total, 4),
        "gap": None if plan.gap is None else round(plan.gap, 4),
    }


def run_case(name: str) -> list[dict]:
    """Solve one case in this process; one result row per objective and method."""
    from geo.planner.exact import solve_exact
    from geo.planner.greedy import solve_greedy
    from geo.planner.kinds import Solver
    from geo.planner.objectives import Objective, PlanSpec
    from geo.planner.robust import solve_robust

    nodes, flows, candidates, objectives, robust = CASES[name]
    children = ChildPeak()
    started = time.perf_counter()
    if name == "atlas":
        from geo.planner.atlas import default_network

        network = default_network()
        k = 4
    else:
        from geo.planner.synthetic import random_network

        network = random_network(nodes, flows, n_candidates=candidates, seed=1)
        k = K
    build_s = time.perf_counter() - started
    size = {
        "case": name,
        "nodes": network.graph.number_of_nodes(),
        "edges": network.graph.number_of_edges(),
        "paths": len(network.flows),
        "candidates": len(network.candidates),
        "k": k,
        "build_s": round(build_s, 2),
    }
    rows = []
    for objective in objectives:
        spec = PlanSpec(objective=Objective(objective), k=k, tolerance=TOLERANCE)
        for solver in (Solver.HIGHS, Solver.CBC):
            plan = solve_exact(network, spec, time_limit=TIME_LIMIT, solver=solver)
            rows.append(_row(size, objective, f"exact, {solver.value}", plan))
        if objective == "evasive":
            # The earlier method: MIP rounds only, no route cuts at the relaxation.
            plan = solve_exact(
                network, spec, time_limit=TIME_LIMIT, solver=Solver.CBC, root_cuts=False
            )
            rows.append(_row(size, objective, "exact, cbc, no root cuts", plan))
        greedy = solve_greedy(network, spec, bound_time_limit=TIME_LIMIT)
        rows.append(_row(size, objective, "greedy (LP bound)", greedy))
    if robust:
        spec = PlanSpec(objective=Objective.STATIC, k=k)
        t0 = time.perf_counter()
        result = solve_robust(network, spec, n=200, seed=1, time_limit=TIME_LIMIT)
        row = _row(size, "robust (static, 200 draws)", "exact, highs", result.saa_plan)
        row["seconds"] = round(time.perf_counter() - t0, 3)
        row["share"] = round(float(result.saa_shares.mean()), 4)
        rows.append(row)
    py_peak = _mb(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
    cbc_peak = children.stop()
    for row in rows:
        row["py_peak_mb"] = py_peak
        row["cbc_peak_mb"] = cbc_peak
    return rows


def _pct(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.1%}"


def markdown(rows: list[dict]) -> str:
    """Rows as a Markdown table."""
    head = (
        "| Case | Nodes | Paths | Candidates | k | Objective | Method | Time (s) | Status "
        "| Rounds | Share | Bound | Gap | Python peak (MB) | CBC peak (MB) |"
    )
    lines = [head, "|---|---:|---:|---:|---:|---|---|---:|---|---:|---:|---:|---:|---:|---:|"]
    for r in rows:
        lines.append(
            f"| {r['case']} | {r['nodes']} | {r['paths']} | {r['candidates']} | {r['k']} "
            f"| {r['objective']} | {r['method']} | {r['seconds']:.2f} | {r['status']} "
            f"| {r['rounds']} | {_pct(r['share'])} | {_pct(r['bound'])} | {_pct(r['gap'])} "
            f"| {r['py_peak_mb']} | {r['cbc_peak_mb']} |"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--case", choices=sorted(CASES), help="run one case in this process")
    parser.add_argument("--quick", action="store_true", help="small cases only")
    args = parser.parse_args(argv)
    if args.case:
        print(json.dumps(run_case(args.case)))
        return 0
    names = QUICK if args.quick else tuple(CASES)
    rows: list[dict] = []
    started = time.perf_counter()
    for name in names:
        t0 = time.perf_counter()
        proc = subprocess.run(
            [sys.executable, "-m", "benchmarks.planner_bench", "--case", name],
            capture_output=True,
            text=True,
            check=False,
        )
        if proc.returncode != 0:
            print(f"case {name} failed:\n{proc.stderr}", file=sys.stderr)
            return 1
        rows.extend(json.loads(proc.stdout.strip().splitlines()[-1]))
        print(f"{name}: {time.perf_counter() - t0:.0f} s", file=sys.stderr)
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(rows, indent=1))
    print(markdown(rows))
    print(f"\nTotal {time.perf_counter() - started:.0f} s", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
