"""The plan package's structure: no import cycle, one registry, both backends complete."""

from __future__ import annotations

import ast
import inspect
import subprocess
import sys
from pathlib import Path

import pytest

from hengyang_plan_plugin.core.plan import model
from hengyang_plan_plugin.core.plan.ogr_backend import OgrBackend
from hengyang_plan_plugin.core.plan.postgis_backend import PostgisBackend
from hengyang_plan_plugin.core.plan.registry import close_plans, open_plan
from hengyang_plan_plugin.paths import SAMPLE_PLAN_PATH

PACKAGE_DIR = Path(model.__file__).parent
PACKAGE = "hengyang_plan_plugin.core.plan"
MODULES = sorted(f"{PACKAGE}.{path.stem}" for path in PACKAGE_DIR.glob("*.py") if path.stem != "__init__")
REPO_ROOT = PACKAGE_DIR.parents[2]
BACKEND_MODULES = {"ogr_backend", "postgis_backend"}


def test_the_package_holds_the_plan_modules():
    assert {f"{PACKAGE}.{name}" for name in ("model", "common", "registry", *BACKEND_MODULES)} <= set(MODULES)


@pytest.mark.parametrize("first", MODULES)
def test_every_module_imports_first_in_a_fresh_interpreter(first):
    """A cycle breaks whichever module of it is imported first: try each first, the rest after in reverse."""
    others = [name for name in reversed(MODULES) if name != first]
    code = (
        "import importlib, sys\n"
        f"for name in {[first, *others]!r}: importlib.import_module(name)\n"
        "leaked = [m for m in ('qgis', 'PyQt5', 'PyQt6') if m in sys.modules]\n"
        "assert not leaked, leaked\n"
    )
    done = subprocess.run([sys.executable, "-c", code], cwd=REPO_ROOT, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr


def _imported_plan_modules(path: Path) -> set[str]:
    """Names of sibling modules of core/plan that ``path`` imports (relative imports)."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.level == 1:
            if node.module:
                found.add(node.module.split(".")[0])
            else:
                found.update(alias.name for alias in node.names)
    return found


def test_only_the_registry_knows_both_backends():
    for path in PACKAGE_DIR.glob("*.py"):
        both = _imported_plan_modules(path) >= BACKEND_MODULES
        assert both == (path.stem == "registry"), path.name


def _protocol_members(protocol) -> dict[str, object]:
    names = set(vars(protocol)) | set(getattr(protocol, "__annotations__", {}))
    return {name: vars(protocol).get(name) for name in names if not name.startswith("_")}


@pytest.mark.parametrize("backend", [OgrBackend, PostgisBackend])
def test_each_backend_offers_the_whole_protocol_with_its_signatures(backend):
    for name, member in _protocol_members(model.PlanBackend).items():
        if name == "location":
            continue  # an instance attribute, set by LayeredPlan.__init__
        assert hasattr(backend, name), f"{backend.__name__} lacks {name}"
        if inspect.isfunction(member):
            expected = list(inspect.signature(member).parameters)
            actual = list(inspect.signature(getattr(backend, name)).parameters)
            assert actual == expected, (backend.__name__, name)


def test_an_opened_backend_passes_through_the_registry():
    try:
        plan = open_plan(SAMPLE_PLAN_PATH)
        assert isinstance(plan, OgrBackend) and open_plan(plan) is plan
        assert plan.location.layers and plan.location.is_sample
    finally:
        close_plans()
