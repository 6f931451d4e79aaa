"""The pinned environment works together: Debian's GDAL and QGIS Processing with the venv's packages."""

from __future__ import annotations

from importlib.metadata import version


def test_numpy_stays_on_the_abi_debian_gdal_was_built_for():
    import numpy
    from osgeo import gdal_array  # fails to import under numpy 2

    assert numpy.__version__.startswith("1.")
    assert gdal_array.BandReadAsArray is not None


def test_shapely_2_and_the_pinned_pytest_qgis():
    import shapely

    assert int(shapely.__version__.split(".")[0]) == 2
    assert version("pytest-qgis") == "2.1.0"


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
