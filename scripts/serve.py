"""Start Route Atlas with Streamlit (``make run``): ``python scripts/serve.py [streamlit options]``.

The app declares its pages with ``st.navigation`` in ``app.py``; the ``pages/`` folder only
holds their scripts. Streamlit still treats a folder named ``pages`` as old-style automatic pages
until the first run of ``app.py`` tells it otherwise, so the very first visitor to open a deep
link (``/sources``) after a start would get that page without the app's navigation and
sidebar. Declaring it up front, before the server starts, avoids that.
"""

from __future__ import annotations

import sys
from pathlib import Path

from streamlit.runtime.pages_manager import PagesManager
from streamlit.web import cli

APP = Path(__file__).resolve().parent.parent / "app.py"


def main(argv: list[str]) -> int:
    """Run ``streamlit run app.py`` with ``argv`` as extra options."""
    PagesManager.uses_pages_directory = False
    sys.argv = ["streamlit", "run", str(APP), *argv]
    return cli.main()


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
