"""hengyangplan:importcoordinates and hengyangplan:exportcoordinates."""

from __future__ import annotations

from pathlib import Path

import pytest
from qgis.core import (
    QgsApplication,
    QgsCoordinateReferenceSystem,
    QgsCoordinateTransform,
    QgsFeature,
    QgsGeometry,
    QgsProcessingContext,
    QgsProcessingException,
    QgsProcessingFeedback,
    QgsProject,
    QgsRectangle,
    QgsVectorLayer,
)

from hengyang_plan_plugin.core.txt_coordinates import read_txt
from hengyang_plan_plugin.processing.coordinate_algorithms import (
    ExportCoordinatesAlgorithm,
    ImportCoordinatesAlgorithm,
)
from hengyang_plan_plugin.processing.provider import HengyangPlanProvider

TXT = Path(__file__).resolve().parents[1] / "data" / "txt"


class _Feedback(QgsProcessingFeedback):
    def __init__(self):
        super().__init__()
        self.warnings: list[str] = []

    def pushWarning(self, warning):  # noqa: N802 (QGIS's name)
        self.warnings.append(warning)
        super().pushWarning(warning)


def _run(algorithm_class, parameters):
    algorithm = algorithm_class().create()
    context = QgsProcessingContext()
    context.setProject(QgsProject.instance())
    feedback = _Feedback()
    results, ok = algorithm.run(parameters, context, feedback)
    return results, ok, feedback


def test_provider_registers_both_algorithms(qgis_app):
    provider = HengyangPlanProvider()
    registry = QgsApplication.processingRegistry()
    assert registry.addProvider(provider)
    try:
        for algorithm_id in ("hengyangplan:importcoordinates", "hengyangplan:exportcoordinates"):
            algorithm = registry.algorithmById(algorithm_id)
            assert algorithm is not None, algorithm_id
            assert algorithm.shortHelpString()
        importer = registry.algorithmById("hengyangplan:importcoordinates")
        assert [p.name() for p in importer.parameterDefinitions()] == ["INPUT", "OUTPUT"]
        exporter = registry.algorithmById("hengyangplan:exportcoordinates")
        assert [p.name() for p in exporter.parameterDefinitions()] == ["INPUT", "OUTPUT"]
    finally:
        registry.removeProvider(provider)


def test_import_writes_one_polygon_per_parcel(qgis_app, tmp_path):
    output = tmp_path / "parcels.gpkg"
    results, ok, feedback = _run(
        ImportCoordinatesAlgorithm, {"INPUT": str(TXT / "valid" / "holes.txt"), "OUTPUT": str(output)}
    )
    assert ok
    layer = QgsVectorLayer(results["OUTPUT"], "parcels", "ogr")
    assert layer.isValid()
    assert layer.crs().authid() == "EPSG:4526"
    features = list(layer.getFeatures())
    assert len(features) == 1
    feature = features[0]
    assert (feature["地块编号"], feature["地块名称"], feature["地块用途"], feature["地类编码"]) == (
        "H1",
        "带内环地块",
        "工业用地",
        "1001",
    )
    assert feature["申报面积"] == pytest.approx(3.71)
    assert feature.geometry().area() == pytest.approx(37100.0)
    assert feedback.warnings == []


def test_import_reports_warnings(qgis_app, tmp_path):
    _results, ok, feedback = _run(
        ImportCoordinatesAlgorithm,
        {"INPUT": str(TXT / "valid" / "swapped_xy.txt"), "OUTPUT": str(tmp_path / "o.gpkg")},
    )
    assert ok
    assert len(feedback.warnings) == 1 and "X、Y坐标填反了" in feedback.warnings[0]


def test_import_of_a_malformed_file_fails_with_the_line(qgis_app, tmp_path):
    algorithm = ImportCoordinatesAlgorithm().create()
    context = QgsProcessingContext()
    path = TXT / "malformed" / "non_numeric_x.txt"
    with pytest.raises(QgsProcessingException) as caught:
        algorithm.processAlgorithm(
            {"INPUT": str(path), "OUTPUT": str(tmp_path / "o.gpkg")}, context, QgsProcessingFeedback()
        )
    message = str(caught.value)
    assert message.startswith(f"error: {path}:15: 第15行: 坐标不是数字")
    assert "\n" not in message


def test_export_round_trips_an_imported_file(qgis_app, tmp_path):
    imported, ok, _ = _run(
        ImportCoordinatesAlgorithm,
        {"INPUT": str(TXT / "valid" / "several_parcels.txt"), "OUTPUT": str(tmp_path / "a.gpkg")},
    )
    assert ok
    exported, ok, _ = _run(
        ExportCoordinatesAlgorithm, {"INPUT": imported["OUTPUT"], "OUTPUT": str(tmp_path / "a.txt")}
    )
    assert ok
    original = read_txt(TXT / "valid" / "several_parcels.txt")
    again = read_txt(exported["OUTPUT"])
    assert again.crs == original.crs
    assert [(p.id, p.name, p.land_use, p.land_use_name, p.declared_area_m2) for p in again.parcels] == [
        (p.id, p.name, p.land_use, p.land_use_name, p.declared_area_m2) for p in original.parcels
    ]
    for first, second in zip(original.parcels, again.parcels):
        assert second.geometry.equals_exact(first.geometry, tolerance=0)
    assert again.warnings == []


def test_export_projects_a_geographic_layer_to_its_zone(qgis_app, tmp_path):
    layer = QgsVectorLayer("Polygon?crs=EPSG:4490&field=DKBH:string", "geo", "memory")
    # A 100 m square in zone 38 (EPSG:4526), stored in geographic CGCS2000.
    to_geographic = QgsCoordinateTransform(
        QgsCoordinateReferenceSystem("EPSG:4526"),
        QgsCoordinateReferenceSystem("EPSG:4490"),
        QgsProject.instance(),
    )
    geometry = QgsGeometry.fromRect(QgsRectangle(38360912, 2977218, 38361012, 2977318))
    geometry.transform(to_geographic)
    feature = QgsFeature(layer.fields())
    feature.setGeometry(geometry)
    feature.setAttributes(["G1"])
    layer.dataProvider().addFeatures([feature])

    exported, ok, feedback = _run(
        ExportCoordinatesAlgorithm, {"INPUT": layer, "OUTPUT": str(tmp_path / "g.txt")}
    )
    assert ok
    assert any("EPSG:4526" in warning for warning in feedback.warnings)
    submission = read_txt(exported["OUTPUT"])
    assert submission.crs == "EPSG:4526"
    assert submission.parcels[0].id == "G1"
    assert submission.parcels[0].geometry.area == pytest.approx(10000.0, abs=0.5)
