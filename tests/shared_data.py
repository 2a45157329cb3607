"""The source material beside the project (``../shared``): the report text and raw boundaries.

Users never have it, so tests that compare the project's data with it skip where it is absent.
CI has it and sets ``ROUTE_ATLAS_REQUIRE_SHARED=1``: there a missing file fails the test, so a
moved or renamed source can never turn those checks off in silence.
"""

from __future__ import annotations

import os

import pytest

from geo.paths import PROJECT_DIR

SHARED_DIR = PROJECT_DIR.parent / "shared"
GEODATA_DIR = SHARED_DIR / "geodata"
SEED_DIR = SHARED_DIR / "seed"
REQUIRE_VARIABLE = "ROUTE_ATLAS_REQUIRE_SHARED"


def require_shared(present: bool, what: str) -> None:
    """Skip the calling test when ``what`` is not ``present``, or fail it where CI requires it.

    Parameters
    ----------
    present
        Whether the needed source files were found.
    what
        The files, in words, for the skip or failure message.
    """
    if present:
        return
    message = f"{what} not found under {SHARED_DIR.name}/ beside the project"
    if os.environ.get(REQUIRE_VARIABLE) == "1":
        pytest.fail(f"{message}; {REQUIRE_VARIABLE}=1 forbids skipping")
    pytest.skip(message)
