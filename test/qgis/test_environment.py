"""The pinned environment works together: QGIS Processing with the venv's packages.

Debian's GDAL with the venv's numpy is tested in test/unit/test_environment.py.
"""

from __future__ import annotations

import re
from importlib.metadata import version
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def _requirements_file() -> Path:
    """requirements/testing.txt on Debian 12; testing-<codename>.txt in the QGIS matrix chroots."""
    os_release = Path("/etc/os-release").read_text(encoding="utf-8")
    codename = re.search(r"^VERSION_CODENAME=(\S*)", os_release, re.M)
    own = REPO / "requirements" / f"testing-{codename.group(1) if codename else ''}.txt"
    return own if own.is_file() else REPO / "requirements" / "testing.txt"


def _pin(name: str) -> str:
    text = _requirements_file().read_text(encoding="utf-8")
    return re.search(rf"^{re.escape(name)}==(\S+)", text, re.M).group(1)


def test_shapely_2_and_the_pinned_pytest_qgis():
    import shapely
    from qgis.core import Qgis

    if shapely.__version__.startswith("0+"):  # Debian forky's own build reports "0+unknown"
        assert callable(getattr(shapely, "union_all", None))  # the shapely 2 API
    else:
        assert int(shapely.__version__.split(".")[0]) == 2
    assert version("pytest-qgis") == _pin("pytest-qgis")
    if Qgis.QGIS_VERSION_INT < 33400:
        assert version("pytest-qgis") == "2.1.0"  # the last release for QGIS < 3.34


def test_qgis_processing_initialises_and_runs_a_native_algorithm(qgis_processing):
    from qgis import processing
    from qgis.core import QgsApplication, QgsFeature, QgsGeometry, QgsPointXY, QgsVectorLayer

    assert QgsApplication.processingRegistry().algorithmById("native:intersection") is not None
    points = QgsVectorLayer("Point?crs=EPSG:4526", "points", "memory")
    feature = QgsFeature()
    feature.setGeometry(QgsGeometry.fromPointXY(QgsPointXY(38_360_912, 2_977_319)))
    points.dataProvider().addFeatures([feature])
    result = processing.run("native:buffer", {"INPUT": points, "DISTANCE": 10, "SEGMENTS": 64,
                                              "OUTPUT": "memory:"})
    buffered = next(result["OUTPUT"].getFeatures()).geometry()
    assert abs(buffered.area() - 314.16) < 0.1
