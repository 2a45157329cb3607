"""Session-wide checks for every test folder."""

from __future__ import annotations

import pytest

from tests.shared_data import REQUIRE_VARIABLE, SHARED_DIR, missing_shared, required


def pytest_sessionstart(session: pytest.Session) -> None:
    """Refuse to run where ``ROUTE_ATLAS_REQUIRE_SHARED=1`` but the source material is absent.

    Tests that read ``../shared`` skip without it; in CI a skip would hide that they never ran,
    so there the whole run stops at once with the reason instead.
    """
    if not required():
        return
    missing = missing_shared()
    if missing:
        pytest.exit(
            f"{REQUIRE_VARIABLE}=1 but {SHARED_DIR.name}/ beside the project lacks "
            + "; ".join(missing),
            returncode=pytest.ExitCode.USAGE_ERROR,
        )
