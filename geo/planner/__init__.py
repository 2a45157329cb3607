"""Checkpoint planner: where k checkpoints intercept the most modelled flow, even with rerouting.

Modules, one idea each:

- ``ranges``: uncertain values as (low, point, high) with source and confidence.
- ``network``: the directed place graph and its origin–destination flows.
- ``assumptions``: the editable flow assumptions (§4.1 note 13 air share, equal splits, records).
- ``atlas``: the network built from the atlas's corridors, gazetteer and district roles.
- ``evasion``: which flows can avoid a set of checkpoints within a detour tolerance.
- ``objectives``: static and evasive capture of any plan (the referee) and ``PlanSpec``.
- ``exact``, ``greedy``, ``robust``: MIP (PuLP/CBC), greedy heuristic, sample average plans.
- ``coverage``, ``whatif``, ``sites``: coverage curves, closures, user-added sites.
- ``plan``, ``export``: plan results, site tables, CSV/GeoJSON export, saved plans.
- ``control``, ``mip``, ``worker``, ``run``: progress, cancellable CBC runs, background solves.
- ``synthetic``: generated networks for tests and benchmarks.

Every number the planner produces is a model output under stated assumptions, not a finding of
the source report (UNODC 2011).
"""
