"""Shared fixtures. QGIS comes from Debian's python3-qgis through the venv."""

from __future__ import annotations

import gc
import os
import sys
import tempfile
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parent.parent
TEST_DATA = Path(__file__).resolve().parent / "data"
QGIS_PYTHON_PLUGINS = "/usr/share/qgis/python/plugins"

if str(REPO_ROOT) not in sys.path:
    sys.path.insert(0, str(REPO_ROOT))
if QGIS_PYTHON_PLUGINS not in sys.path:
    sys.path.append(QGIS_PYTHON_PLUGINS)


def pytest_configure(config):
    # Reviews made by tests go to a throwaway log, never the user's QGIS profile.
    if "HENGYANG_REVIEW_LOG" not in os.environ:
        log_dir = tempfile.mkdtemp(prefix="hengyang-test-log-")
        os.environ["HENGYANG_REVIEW_LOG"] = str(Path(log_dir) / "review_log.sqlite")
    # make review copies the plugin options from a QGIS profile: an empty one, not the user's.
    if "HENGYANG_QGIS_PROFILE" not in os.environ:
        os.environ["HENGYANG_QGIS_PROFILE"] = tempfile.mkdtemp(prefix="hengyang-test-profile-")


def pytest_sessionfinish(session, exitstatus):
    # OGR handles of cached plans must go before QGIS's own teardown, or the
    # interpreter can crash at exit.
    from hengyang_plan_plugin.core import review_log
    from hengyang_plan_plugin.core.plan.registry import close_plans

    close_plans()
    review_log.close_connections()
    gc.collect()


def _gdal_exception_switches() -> tuple[bool, ...]:
    from osgeo import gdal, ogr, osr

    return (bool(gdal.GetUseExceptions()), bool(ogr.GetUseExceptions()), bool(osr.GetUseExceptions()))


_SWITCHES_AT_START: list[tuple[bool, ...]] = []


def pytest_sessionstart(session):
    _SWITCHES_AT_START.append(_gdal_exception_switches())


def pytest_collection_finish(session):
    # QGIS, other plugins and the engine share GDAL's process-wide exception switch: the engine
    # must work either way and never flip it; neither may a module the tests import.
    if _gdal_exception_switches() != _SWITCHES_AT_START[0]:
        raise pytest.UsageError("importing the tests switched GDAL exceptions on or off: keep it inside a function")


@pytest.fixture(autouse=True)
def _gdal_exception_switch_unchanged():
    before = _gdal_exception_switches()
    yield
    after = _gdal_exception_switches()
    assert after == before, f"the test left GDAL's exception switch (gdal, ogr, osr) at {after}, not {before}"


def pytest_report_header(config):
    import shapely
    from osgeo import gdal

    header = f"GDAL {gdal.__version__}, shapely {shapely.__version__}"
    if config.pluginmanager.has_plugin("qgis"):  # absent under -p no:qgis (test/unit)
        from qgis.core import Qgis
        from qgis.PyQt.QtCore import QT_VERSION_STR

        header = f"QGIS {Qgis.QGIS_VERSION}, Qt {QT_VERSION_STR}, {header}"
    return header


@pytest.fixture(scope="session")
def sample_plan_path() -> Path:
    from hengyang_plan_plugin.paths import SAMPLE_PLAN_PATH

    if not SAMPLE_PLAN_PATH.is_file():
        pytest.fail(f"{SAMPLE_PLAN_PATH} is missing: run `make data` first")
    return SAMPLE_PLAN_PATH
