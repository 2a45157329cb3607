"""Import layering: the domain core renders nothing, and no builder imports Streamlit.

Every ``.py`` file of ``geo/``, ``layers/``, ``charts/`` and ``render/`` is parsed (``ast``, so
nothing is imported or run) and each ``import`` in it, at module level or inside a function, is
checked against the rules of the layout:

- ``geo/`` (domain core) imports no UI or rendering library and none of the packages built on
  top of it (``layers``, ``charts``, ``render``, ``pages``): data flow out of the core, never
  back into it.
- ``layers/``, ``charts/`` and ``render/`` import no Streamlit and no page.

A package that does not exist yet is covered as soon as its folder appears.
"""

from __future__ import annotations

import ast
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import pytest

from geo.paths import PROJECT_DIR

STREAMLIT = frozenset({"streamlit", "streamlit_folium"})
RENDERING = frozenset({"folium", "offlinefolium", "branca", "matplotlib", "plotly", "pptx", "fpdf"})
OUTER = frozenset({"layers", "charts", "render", "pages"})

FORBIDDEN: dict[str, frozenset[str]] = {
    "geo": STREAMLIT | RENDERING | OUTER,
    "layers": STREAMLIT | {"pages"},
    "charts": STREAMLIT | {"pages"},
    "render": STREAMLIT | {"pages"},
}
"""Top-level package of the project → top-level modules its files must not import."""

# Known exceptions, each with the issue that removes it; empty when the layering holds.
ALLOWED: dict[str, frozenset[str]] = {}
"""Path prefix (relative to the project, ``/``-separated) → modules it may still import."""


@dataclass(frozen=True)
class Violation:
    """One import a file must not make."""

    path: str
    line: int
    module: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line} imports {self.module}"


def imported_modules(source: str) -> list[tuple[int, str]]:
    """Line and full dotted name of every absolute import in ``source``."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found.extend((node.lineno, alias.name) for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.append((node.lineno, node.module))
    return found


def violations(
    root: Path, *, allowed: Mapping[str, frozenset[str]] | None = None
) -> tuple[list[Violation], set[str]]:
    """Scan the project under ``root``; return the violations and the allow-list entries used.

    ``allowed`` excuses, per path prefix, some top-level modules; an excused import is not a
    violation but marks its entry as used.
    """
    allowed = ALLOWED if allowed is None else allowed
    found: list[Violation] = []
    used: set[str] = set()
    for package, forbidden in FORBIDDEN.items():
        folder = root / package
        if not folder.is_dir():
            continue
        for path in sorted(folder.rglob("*.py")):
            rel = path.relative_to(root).as_posix()
            for line, module in imported_modules(path.read_text(encoding="utf-8")):
                top = module.split(".")[0]
                if top not in forbidden:
                    continue
                excuses = [p for p, mods in allowed.items() if rel.startswith(p) and top in mods]
                if excuses:
                    used.update(excuses)
                else:
                    found.append(Violation(rel, line, module))
    return found, used


def test_the_project_keeps_its_layers():
    found, _ = violations(PROJECT_DIR)
    assert not found, "imports across the layering:\n" + "\n".join(map(str, found))


def test_every_allow_list_entry_still_excuses_something():
    _, used = violations(PROJECT_DIR)
    stale = sorted(set(ALLOWED) - used)
    assert not stale, f"delete these entries from ALLOWED, nothing needs them now: {stale}"


def _plant(root: Path, rel: str, text: str) -> None:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


@pytest.mark.parametrize(
    ("rel", "text", "module"),
    [
        ("geo/core.py", "import folium\n", "folium"),
        ("geo/core.py", "from branca.element import Figure\n", "branca.element"),
        ("geo/sub/deep.py", "def f():\n    import matplotlib.pyplot as plt\n", "matplotlib.pyplot"),
        ("geo/core.py", "import plotly.graph_objects as go\n", "plotly.graph_objects"),
        ("geo/core.py", "from pptx import Presentation\n", "pptx"),
        ("geo/core.py", "from fpdf import FPDF\n", "fpdf"),
        ("geo/core.py", "import streamlit as st\n", "streamlit"),
        ("geo/core.py", "from layers.popups import wrap\n", "layers.popups"),
        ("layers/x.py", "import streamlit as st\n", "streamlit"),
        ("layers/x.py", "from streamlit_folium import st_folium\n", "streamlit_folium"),
        ("charts/x.py", "from streamlit import cache_data\n", "streamlit"),
        ("render/deck.py", "def f():\n    import streamlit\n", "streamlit"),
        ("render/deck.py", "from pages import state\n", "pages"),
    ],
)
def test_a_planted_import_is_caught(tmp_path, rel, text, module):
    _plant(tmp_path, rel, "from __future__ import annotations\n\n" + text)
    found, _ = violations(tmp_path, allowed={})
    assert [(v.path, v.module) for v in found] == [(rel, module)]
    assert found[0].line >= 3


def test_allowed_imports_pass_and_the_rest_still_fails(tmp_path):
    _plant(tmp_path, "layers/ok.py", "import folium\nimport branca\nfrom geo import figures\n")
    _plant(tmp_path, "charts/ok.py", "import plotly.graph_objects as go\n")
    _plant(tmp_path, "render/ok.py", "import matplotlib\nfrom layers import popups\n")
    _plant(tmp_path, "pages/ok.py", "import streamlit as st\n")
    _plant(tmp_path, "geo/old/pdf.py", "import fpdf\nimport streamlit\n")
    found, used = violations(tmp_path, allowed={"geo/old/": frozenset({"fpdf"})})
    assert [str(v) for v in found] == ["geo/old/pdf.py:2 imports streamlit"]
    assert used == {"geo/old/"}


def test_relative_and_similar_names_are_not_mistaken(tmp_path):
    _plant(
        tmp_path,
        "geo/fine.py",
        "from . import tables\nimport foliumish\nfrom geo.style import X\n# import folium\n"
        "NOTE = 'import streamlit'\n",
    )
    found, _ = violations(tmp_path, allowed={})
    assert found == []
