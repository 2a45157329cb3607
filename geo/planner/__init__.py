"""Checkpoint planner: where k checkpoints intercept the most modelled flow, even with rerouting.

Modules, one idea each:

- ``ranges``: uncertain values as (low, point, high) with source and confidence.
- ``network``: the directed place graph and its origin–destination flows.
- ``assumptions``: the editable flow assumptions (§4.1 note 13 air share, equal splits, records).
- ``atlas``: the network built from the atlas's corridors, gazetteer and district roles.
- ``diversion``: the alternatives the report describes (border crossings, coast launches, mode
  switches), so a closure diverts flow instead of deleting it.
- ``roads``: road networks users bring (line files or OSM XML, built by osmnx), places snapped.
- ``evasion``: which flows can avoid a set of checkpoints within a detour tolerance.
- ``objectives``: static and evasive capture of any plan (the referee) and ``PlanSpec``.
- ``exact``, ``greedy``, ``robust``: MIP (HiGHS or CBC through PuLP, route cuts separated at
  the relaxation and at every incumbent), greedy heuristic, sample average plans; every plan
  carries the bound proved for it.
- ``coverage``, ``whatif``, ``sites``: coverage curves, closures, user-added sites.
- ``plan``, ``export``: plan results, site tables, CSV/GeoJSON export, saved plans.
- ``question``: the page's question (objective choices, limits, the solve deadline).
- ``control``, ``mip``, ``worker``, ``run``: progress, stoppable solver runs, background solves.
- ``kinds``, ``errors``: the planner's enums (statuses, methods, solvers, job states) and errors.
- ``synthetic``: generated networks for tests and benchmarks.

Every number the planner produces is a model output under stated assumptions, not a finding of
the source report (UNODC 2011).
"""
