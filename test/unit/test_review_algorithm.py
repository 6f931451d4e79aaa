"""The review engine's Qt-free guarantee: its modules load without Qt or QGIS in a fresh interpreter."""

from __future__ import annotations

import subprocess
import sys

from hengyang_plan_plugin.paths import SAMPLES_DIR

CORE_MODULES = (
    "hengyang_plan_plugin.api",
    "hengyang_plan_plugin.core.review",
    "hengyang_plan_plugin.core.plan.registry",
    "hengyang_plan_plugin.core.checks",
)


def test_engine_imports_no_qt_or_qgis():
    code = (
        "import sys\n"
        f"for name in {CORE_MODULES!r}: __import__(name)\n"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in ('qgis', 'PyQt5', 'sip'))\n"
        "print(','.join(bad))\n"
    )
    completed = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        cwd=str(SAMPLES_DIR.parents[1]),
    )
    assert completed.stdout.strip() == ""
