"""The one exception hierarchy: every public error class of the app derives from ``geo.errors``."""

from __future__ import annotations

import importlib
import importlib.util
import inspect
import pkgutil
import sys
from types import ModuleType

import pytest

from geo import errors
from geo.boundaries import BoundaryDataError, BoundaryDataMissingError, UnknownDistrictError
from geo.corridors import CorridorError
from geo.cost_statements import CostContextError
from geo.costs import CostDataError
from geo.currency import rates_from_table
from geo.gazetteer import UnknownPlaceError, gazetteer_from_table
from geo.paths import PROJECT_DIR
from geo.tables import DataTableError

PACKAGES = ("geo", "layers", "charts", "render")

# Error classes excused from deriving from geo.errors, each with the reason; empty when every
# error of the project belongs to the hierarchy.
PENDING: set[str] = set()


@pytest.mark.parametrize(
    ("error", "family", "builtin"),
    [
        (CostDataError, errors.CuratedDataError, ValueError),
        (CostContextError, errors.CuratedDataError, ValueError),
        (CorridorError, errors.CuratedDataError, ValueError),
        (DataTableError, errors.CuratedDataError, ValueError),
        (BoundaryDataError, errors.CuratedDataError, ValueError),
        (BoundaryDataMissingError, errors.CuratedDataError, FileNotFoundError),
        (UnknownDistrictError, errors.UserInputError, KeyError),
        (UnknownPlaceError, errors.UserInputError, KeyError),
    ],
)
def test_each_error_has_one_family_and_keeps_its_builtin(error, family, builtin):
    assert issubclass(error, family)
    assert issubclass(error, builtin), "callers catching the built-in still catch it"
    others = {errors.CuratedDataError, errors.UserInputError, errors.AccessError}
    others |= {errors.ComputationError}
    assert not any(issubclass(error, other) for other in others - {family})


def test_the_build_script_error_is_a_curated_data_error():
    spec = importlib.util.spec_from_file_location(
        "build_boundaries", PROJECT_DIR / "scripts" / "build_boundaries.py"
    )
    assert spec is not None and spec.loader is not None
    module = sys.modules.get("build_boundaries") or importlib.util.module_from_spec(spec)
    if "build_boundaries" not in sys.modules:
        sys.modules["build_boundaries"] = module
        spec.loader.exec_module(module)
    assert issubclass(module.BoundaryBuildError, errors.CuratedDataError)
    assert issubclass(module.BoundaryBuildError, RuntimeError)


def test_messages_survive_the_double_base():
    err = UnknownPlaceError("karachy", ["Karachi"])
    assert str(err) == "unknown place 'karachy'. Did you mean: Karachi?"
    missing = BoundaryDataMissingError("districts.geojson is missing: rerun `make data`")
    assert str(missing) == "districts.geojson is missing: rerun `make data`"
    assert isinstance(missing, OSError)


def _modules() -> list[ModuleType]:
    found = []
    for name in PACKAGES:
        if not (PROJECT_DIR / name / "__init__.py").exists():
            continue
        package = importlib.import_module(name)
        found.append(package)
        for info in pkgutil.walk_packages(package.__path__, prefix=f"{name}."):
            found.append(importlib.import_module(info.name))
    return found


def test_every_public_error_class_derives_from_the_hierarchy():
    stray = []
    for module in _modules():
        for attr, obj in vars(module).items():
            if not (inspect.isclass(obj) and issubclass(obj, BaseException)):
                continue
            if obj.__module__ != module.__name__ or attr.startswith("_"):
                continue  # re-exported elsewhere, or a private signal that never escapes
            qualified = f"{module.__name__}.{attr}"
            if not issubclass(obj, errors.RouteAtlasError) and qualified not in PENDING:
                stray.append(qualified)
    assert not stray, f"derive these from a geo.errors family: {stray}"


def _corrupt(tmp_path, name: str, old: str, new: str) -> None:
    """Copy one curated file into ``tmp_path`` with its first ``old`` replaced by ``new``."""
    text = (PROJECT_DIR / "data" / name).read_text(encoding="utf-8")
    assert old in text
    (tmp_path / name).write_text(text.replace(old, new, 1), encoding="utf-8")


def test_a_malformed_curated_file_raises_a_curated_data_error(tmp_path):
    _corrupt(tmp_path, "gazetteer.csv", ",PAK,city,", ",PAK,castle,")
    with pytest.raises(errors.CuratedDataError, match="unknown kind 'castle'") as info:
        gazetteer_from_table(data_dir=tmp_path)
    assert isinstance(info.value, ValueError) and not isinstance(info.value, errors.UserInputError)


def test_a_curated_rate_that_is_not_positive_is_a_curated_data_error(tmp_path):
    _corrupt(tmp_path, "exchange_rates.csv", "\nPKR,86.34,", "\nPKR,0,")
    with pytest.raises(errors.CuratedDataError, match="PKR must be positive"):
        rates_from_table(data_dir=tmp_path)
