"""test/unit runs with ``-p no:qgis``: the core and its tests must not need Qt or QGIS."""

from __future__ import annotations

import sys


def pytest_sessionfinish(session, exitstatus):
    # A unit test that pulls in Qt or QGIS (directly or through a core module) belongs in test/qgis.
    leaked = sorted(name for name in ("qgis", "PyQt5", "PyQt6") if name in sys.modules)
    if leaked and not session.config.pluginmanager.has_plugin("qgis"):
        session.exitstatus = 1
        sys.stderr.write(f"\nerror: test/unit imported {', '.join(leaked)}; move that test to test/qgis\n")
