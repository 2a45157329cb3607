"""The briefing pack's content: what goes in, as plain data, and what a public pack may carry.

``model`` holds the typed tables (each with its kind), the pictures to draw, the blocks and the
view; ``blocks`` and ``supplied`` build the sections; ``plan`` reads the checkpoint plan as a
:class:`~geo.briefing.plan.PlanSummary`; ``disclosure`` decides by a table's kind; ``content``
assembles a pack's content. Nothing here draws or writes a file: ``render`` does.
"""
