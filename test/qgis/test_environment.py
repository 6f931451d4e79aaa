"""The pinned environment works together: Debian's GDAL and QGIS Processing with the venv's packages."""

from __future__ import annotations

import re
from importlib.metadata import distributions, version
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def _debian_version(name: str) -> str:
    """The version of Debian's own python3-<name> (in /usr/lib/python3/dist-packages)."""
    for dist in distributions(path=["/usr/lib/python3/dist-packages"]):
        if (dist.metadata["Name"] or "").lower() == name:
            return dist.version
    raise AssertionError(f"Debian's python3-{name} is not installed")


def _requirements_file() -> Path:
    """requirements/testing.txt on Debian 12; testing-<codename>.txt in the QGIS matrix chroots."""
    os_release = Path("/etc/os-release").read_text(encoding="utf-8")
    codename = re.search(r"^VERSION_CODENAME=(\S*)", os_release, re.M)
    own = REPO / "requirements" / f"testing-{codename.group(1) if codename else ''}.txt"
    return own if own.is_file() else REPO / "requirements" / "testing.txt"


def _pin(name: str) -> str:
    text = _requirements_file().read_text(encoding="utf-8")
    return re.search(rf"^{re.escape(name)}==(\S+)", text, re.M).group(1)


def test_numpy_stays_on_the_abi_debian_gdal_was_built_for():
    import numpy
    from osgeo import gdal_array  # fails to import under another numpy major version

    assert numpy.__version__.split(".")[0] == _debian_version("numpy").split(".")[0]
    assert gdal_array.BandReadAsArray is not None


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
