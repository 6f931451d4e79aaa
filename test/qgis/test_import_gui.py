"""QGIS side of importing: the 送审红线 layer, the import dialog and the draw-site map tool."""

from __future__ import annotations

from pathlib import Path

import pytest
from qgis.core import (
    QgsApplication,
    QgsCoordinateReferenceSystem,
    QgsFeature,
    QgsGeometry,
    QgsPointXY,
    QgsProject,
    QgsRectangle,
    QgsSnappingConfig,
    QgsVectorLayer,
)
from qgis.gui import QgsMapCanvas, QgsMapMouseEvent
from qgis.PyQt.QtCore import QEvent, QPoint, Qt
from qgis.PyQt.QtWidgets import QDialogButtonBox

from hengyang_plan_plugin.core.report.presentation import area_text
from hengyang_plan_plugin.core.submission_io import read_submission
from hengyang_plan_plugin.core.submission_model import SubmissionError
from hengyang_plan_plugin.gui.draw_site_tool import DrawSiteTool
from hengyang_plan_plugin.gui.import_dialog import ImportTxtDialog
from hengyang_plan_plugin.i18n import tr
from hengyang_plan_plugin.qgis_adapters.plan_loader import LAYER_PROPERTY
from hengyang_plan_plugin.qgis_adapters.site_layer import (
    SITE_LAYER_NAME,
    add_submission_to_site_layer,
    find_site_layer,
    submission_from_layer,
)

TXT = Path(__file__).resolve().parents[1] / "data" / "txt"
VALID = TXT / "valid"


@pytest.fixture
def project(qgis_new_project):
    project = QgsProject.instance()
    yield project
    project.removeAllMapLayers()


# --- the 送审红线 layer ------------------------------------------------------------------


def test_site_layer_holds_parcels_with_their_fields(project):
    submission = read_submission(VALID / "several_parcels.txt")
    layer = add_submission_to_site_layer(project, submission, replace=True)

    assert find_site_layer(project) is layer
    assert layer.name() == SITE_LAYER_NAME
    assert layer.crs().authid() == "EPSG:4526"
    assert layer.fields().names() == ["地块编号", "地块名称", "地块用途", "地类编码", "申报面积"]
    rows = [
        (
            f["地块编号"],
            f["地块名称"],
            f["地块用途"],
            f["地类编码"],
            f["申报面积"],
            round(f.geometry().area(), 4),
        )
        for f in layer.getFeatures()
    ]
    assert rows == [
        ("A-01", "一号地块", "商业用地", "0901", 1.0, 10000.0),
        ("A-02", "二号地块", "公园绿地", "1401", 0.25, 2500.0),
        ("A-03", "三号地块", "", "", 0.5608, round(717845 / 128, 4)),
    ]
    # Found again rather than duplicated; replace empties it first.
    add_submission_to_site_layer(project, read_submission(VALID / "single_parcel.txt"), replace=True)
    assert len([lyr for lyr in project.mapLayers().values() if lyr.name() == SITE_LAYER_NAME]) == 1
    assert layer.featureCount() == 1


def test_submission_from_site_layer_keeps_the_file_identity_until_edited(project):
    original = read_submission(VALID / "holes.txt")
    layer = add_submission_to_site_layer(project, original, replace=True)

    submission = submission_from_layer(layer)
    assert submission.crs == "EPSG:4526"
    assert submission.sha256 == original.sha256
    assert submission.source == original.source
    parcel = submission.parcels[0]
    assert (parcel.id, parcel.name, parcel.land_use, parcel.land_use_name) == (
        "H1",
        "带内环地块",
        "1001",
        "工业用地",
    )
    assert parcel.declared_area_m2 == pytest.approx(37100.0)
    assert parcel.geometry.geom_type == "Polygon"
    assert parcel.geometry.equals(original.parcels[0].geometry)
    assert submission.land_use == "1001"

    layer.dataProvider().changeAttributeValues({next(layer.getFeatures()).id(): {1: "改名"}})
    edited = submission_from_layer(layer)
    assert edited.sha256 is None
    assert edited.source == f"layer:{SITE_LAYER_NAME}"
    assert edited.parcels[0].name == "改名"


def test_adding_a_submission_in_another_zone_is_transformed(project):
    layer = add_submission_to_site_layer(project, read_submission(VALID / "single_parcel.txt"), replace=True)
    add_submission_to_site_layer(project, read_submission(VALID / "no_prefix.txt"), replace=False)
    areas = [f.geometry().area() for f in layer.getFeatures()]
    # EPSG:4547 and EPSG:4526 differ only by the zone prefix: the same square lands on the first one.
    assert areas == [pytest.approx(10000.0), pytest.approx(10000.0, rel=1e-6)]
    geometries = [f.geometry() for f in layer.getFeatures()]
    assert geometries[0].equals(geometries[1]) or geometries[0].difference(geometries[1]).area() < 1e-3


def test_selected_features_of_any_layer(project):
    layer = QgsVectorLayer("Polygon?crs=EPSG:4526&field=DKBH:string&field=YDYHFLDM:string", "other", "memory")
    features = []
    for index in range(3):
        feature = QgsFeature(layer.fields())
        x = 38360000 + index * 1000
        feature.setGeometry(QgsGeometry.fromRect(QgsRectangle(x, 2977000, x + 100, 2977050)))
        feature.setAttributes([f"D{index}", "0701"])
        features.append(feature)
    layer.dataProvider().addFeatures(features)
    project.addMapLayer(layer)

    with pytest.raises(SubmissionError, match="没有选中的要素"):
        submission_from_layer(layer, selected_only=True)
    layer.selectByIds([f.id() for f in layer.getFeatures() if f["DKBH"] != "D1"])
    submission = submission_from_layer(layer, selected_only=True)
    assert [p.id for p in submission.parcels] == ["D0", "D2"]
    assert [p.geometry.area for p in submission.parcels] == [5000.0, 5000.0]
    assert submission.land_use == "0701"
    assert submission.sha256 is None
    assert len(submission_from_layer(layer).parcels) == 3


def test_line_layer_is_refused(project):
    layer = QgsVectorLayer("LineString?crs=EPSG:4526", "lines", "memory")
    with pytest.raises(SubmissionError, match="不是面图层"):
        submission_from_layer(layer)


# --- import dialog -------------------------------------------------------------------------


def test_import_dialog_previews_then_imports(project, qgis_iface):
    dialog = ImportTxtDialog(qgis_iface, project=project)
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    assert not ok.isEnabled()

    submission = dialog.load(str(VALID / "area_mismatch.txt"))
    assert submission is not None and ok.isEnabled()
    assert dialog.parcel_table.rowCount() == 1
    assert [dialog.parcel_table.item(0, c).text() for c in range(6)] == [
        "W3",
        "面积不符",
        "",
        "",
        "1.0000",
        "1.2000",
    ]
    # The geometry check's own finding and wording (the reader does not judge the declared area).
    assert submission.warnings == []
    assert dialog.warning_list.count() == 1
    assert dialog.warning_list.item(0).text().startswith(f"地块 W3：申报面积 {area_text(12_000.0)}")
    assert find_site_layer(project) is None  # nothing is added before accepting

    dialog.accept()
    layer = find_site_layer(project)
    assert dialog.layer is layer
    assert layer.featureCount() == 1
    assert next(layer.getFeatures())["地块编号"] == "W3"


def test_import_dialog_shows_the_error_line_and_refuses(project, qgis_iface):
    dialog = ImportTxtDialog(qgis_iface, project=project)
    assert dialog.load(str(TXT / "malformed" / "xian80.txt")) is None
    assert not dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).isEnabled()
    assert "第5行" in dialog.error_label.text()
    assert "1980西安坐标系" in dialog.error_label.text()
    assert dialog.parcel_table.rowCount() == 0
    dialog.accept()
    assert find_site_layer(project) is None


def _site_dxf(path, layers: list[tuple[str, list[float]]]):
    """An AutoCAD 2000 (GBK) DXF: one closed 100 m square per (layer, x offset), unprefixed eastings."""

    def polyline(layer, offset):
        points = [(360912.0 + offset, 2977218.0), (361012.0 + offset, 2977218.0),
                  (361012.0 + offset, 2977318.0), (360912.0 + offset, 2977318.0)]  # fmt: skip
        out = ["0", "LWPOLYLINE", "8", layer, "90", "4", "70", "1"]
        for x, y in points:
            out += ["10", str(x), "20", str(y)]
        return out

    header = ["0", "SECTION", "2", "HEADER", "9", "$ACADVER", "1", "AC1015", "9", "$DWGCODEPAGE", "3",
              "ANSI_936", "0", "ENDSEC"]  # fmt: skip
    entities = [line for layer, offsets in layers for offset in offsets for line in polyline(layer, offset)]
    lines = [*header, "0", "SECTION", "2", "ENTITIES", *entities, "0", "ENDSEC", "0", "EOF"]
    path.write_bytes("\r\n".join(lines).encode("gbk"))
    return path


def _combo_texts(combo) -> list[str]:
    return [combo.itemText(i) for i in range(combo.count())]


def test_import_dialog_asks_for_the_crs_it_will_not_guess(project, qgis_iface, tmp_path):
    path = _site_dxf(tmp_path / "site.dxf", [("红线", [0]), ("地形", [500, 900])])
    dialog = ImportTxtDialog(qgis_iface, project=project)
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    assert dialog.load(str(path)) is None  # no CRS and no zone prefix: not read on a guess
    assert _combo_texts(dialog.layer_combo)[1:] == [
        tr("{} ({} shapes)").format("红线", 1),
        tr("{} ({} shapes)").format("地形", 2),
    ]
    assert "site.dxf: 数据不含坐标系，东坐标也没有高斯-克吕格带号前缀" in dialog.error_label.text()
    assert not ok.isEnabled() and dialog.parcel_table.rowCount() == 0

    dialog.crs_widget.setCrs(QgsCoordinateReferenceSystem("EPSG:4547"))  # the user answers
    assert dialog.submission.crs == "EPSG:4547" and ok.isEnabled()
    assert dialog.parcel_table.rowCount() == 1  # the red-line layer, by its exact name
    assert dialog.summary.text().endswith("EPSG:4547（导入时选择的坐标系）")
    dialog.layer_combo.setCurrentIndex(2)
    dialog.layer_combo.activated.emit(2)
    assert dialog.parcel_table.rowCount() == 2  # ... or the layer the user picks


def test_import_dialog_asks_for_the_layer_it_will_not_guess(project, qgis_iface, tmp_path):
    path = _site_dxf(tmp_path / "two.dxf", [("地块甲", [0]), ("地块乙", [500])])
    dialog = ImportTxtDialog(qgis_iface, project=project)
    dialog.crs_widget.setCrs(QgsCoordinateReferenceSystem("EPSG:4547"))
    assert dialog.load(str(path)) is None
    assert dialog.error_label.text() == tr("Several layers could be the site: choose one in the Layer list above.")
    dialog.layer_combo.setCurrentIndex(1)
    dialog.layer_combo.activated.emit(1)
    assert dialog.submission is not None and dialog.parcel_table.rowCount() == 1
    assert dialog.submission.parcels[0].attributes["Layer"] == "地块甲"
    assert dialog.submission.parcels[0].geometry.area == pytest.approx(10_000)


# --- draw-site tool ------------------------------------------------------------------------


def _click(tool, canvas, point: QgsPointXY, button=Qt.MouseButton.LeftButton):
    pixel = canvas.getCoordinateTransform().transform(point)
    position = QPoint(int(round(pixel.x())), int(round(pixel.y())))
    tool.canvasMoveEvent(QgsMapMouseEvent(canvas, QEvent.Type.MouseMove, position, Qt.MouseButton.NoButton))
    tool.canvasReleaseEvent(QgsMapMouseEvent(canvas, QEvent.Type.MouseButtonRelease, position, button))


@pytest.fixture
def map_canvas(qgis_iface):
    """A shown 600×600 canvas (pytest-qgis's own stays hidden at its minimum size)."""
    canvas = QgsMapCanvas()
    canvas.resize(600, 600)
    canvas.show()
    QgsApplication.processEvents()
    yield canvas
    canvas.unsetMapTool(canvas.mapTool())
    canvas.hide()
    canvas.deleteLater()


def test_draw_site_tool_adds_a_snapped_parcel(project, qgis_iface, map_canvas):
    qgis_canvas = map_canvas
    plan = QgsVectorLayer("Polygon?crs=EPSG:4526", "CZKFBJ", "memory")
    feature = QgsFeature()
    feature.setGeometry(QgsGeometry.fromRect(QgsRectangle(38360000, 2977000, 38360400, 2977400)))
    plan.dataProvider().addFeatures([feature])
    plan.setCustomProperty(LAYER_PROPERTY, "CZKFBJ")
    unrelated = QgsVectorLayer("Polygon?crs=EPSG:4526", "unrelated", "memory")
    project.addMapLayers([plan, unrelated])
    project.setCrs(QgsCoordinateReferenceSystem("EPSG:4526"))
    qgis_canvas.setDestinationCrs(QgsCoordinateReferenceSystem("EPSG:4526"))
    qgis_canvas.setLayers([plan])
    qgis_canvas.setExtent(QgsRectangle(38359900, 2976900, 38360500, 2977500))
    qgis_canvas.refresh()
    assert qgis_canvas.mapUnitsPerPixel() == pytest.approx(1.0, rel=0.01)
    before = QgsSnappingConfig(project.snappingConfig())

    tool = DrawSiteTool(qgis_canvas, qgis_iface, project=project)
    qgis_canvas.setMapTool(tool)
    config = project.snappingConfig()
    assert config.enabled()
    assert config.individualLayerSettings(plan).enabled()
    assert not config.individualLayerSettings(unrelated).enabled()
    site = find_site_layer(project)
    assert site is not None and site.isEditable()

    # QGIS indexes layers for snapping in the background while the mouse moves; a
    # strict query here stands in for the user hovering before the first click.
    assert qgis_canvas.snappingUtils().snapToMap(QgsPointXY(38360000.8, 2977000.6), None, False).isValid()
    added = []
    tool.parcelAdded.connect(added.append)
    # Clicks a little off the plan polygon's corners snap onto them (tolerance 12 px ≈ 12 m here).
    for x, y in (
        (38360000.8, 2977000.6),
        (38360200, 2977000.4),
        (38360199.3, 2977200.5),
        (38360000.5, 2977199.2),
    ):
        _click(tool, qgis_canvas, QgsPointXY(x, y))
    _click(tool, qgis_canvas, QgsPointXY(38360100, 2977100), Qt.MouseButton.RightButton)

    assert len(added) == 1
    features = list(site.getFeatures())
    assert len(features) == 1
    assert features[0]["地块编号"] == "1"
    bbox = features[0].geometry().boundingBox()
    assert (bbox.xMinimum(), bbox.yMinimum()) == (38360000.0, 2977000.0)  # snapped to the plan's corner
    assert features[0].geometry().area() == pytest.approx(40000.0, rel=0.02)

    qgis_canvas.unsetMapTool(tool)
    assert not site.isEditable()
    assert site.featureCount() == 1
    restored = project.snappingConfig()
    assert (restored.enabled(), restored.mode()) == (before.enabled(), before.mode())
    submission = submission_from_layer(site)
    assert submission.parcels[0].geometry.area == pytest.approx(features[0].geometry().area())
