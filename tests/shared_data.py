"""The source material beside the project (``../shared``): the report text and raw boundaries.

Users never have it, so tests that compare the project's data with it skip where it is absent.
CI has it and sets ``ROUTE_ATLAS_REQUIRE_SHARED=1``: there the test session refuses to start
without it (``tests/conftest.py``), and a test calling :func:`require_shared` fails rather than
skips when its own files are missing, so a moved or renamed source can never turn those checks
off in silence.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from geo.paths import PROJECT_DIR

SHARED_DIR = PROJECT_DIR.parent / "shared"
GEODATA_DIR = SHARED_DIR / "geodata"
SEED_DIR = SHARED_DIR / "seed"
REQUIRE_VARIABLE = "ROUTE_ATLAS_REQUIRE_SHARED"

EXPECTED = {
    "the report text (seed/*.txt)": (SEED_DIR, "*.txt"),
    "the raw boundary files (geodata/*.topojson)": (GEODATA_DIR, "*.topojson"),
}
"""What tests read from ``../shared``: a description and the folder and pattern that find it."""


def missing_shared(expected: dict[str, tuple[Path, str]] | None = None) -> list[str]:
    """Descriptions of the expected source files of which not one file is found."""
    expected = EXPECTED if expected is None else expected
    return [what for what, (folder, pattern) in expected.items() if not any(folder.glob(pattern))]


def required() -> bool:
    """Whether this run must have the source material (``ROUTE_ATLAS_REQUIRE_SHARED=1``)."""
    return os.environ.get(REQUIRE_VARIABLE) == "1"


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
    if required():
        pytest.fail(f"{message}; {REQUIRE_VARIABLE}=1 forbids skipping")
    pytest.skip(message)
