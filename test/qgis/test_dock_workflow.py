"""The technician's workflow in the dock, driven in code on the real plugin and plan."""

from __future__ import annotations

import pytest
from qgis.core import (
    Qgis,
    QgsApplication,
    QgsFeature,
    QgsGeometry,
    QgsPointXY,
    QgsProject,
    QgsRectangle,
    QgsVectorLayer,
)
from qgis.PyQt.QtCore import QEvent, Qt
from qgis.PyQt.QtWidgets import QApplication

from hengyang_plan_plugin import api
from hengyang_plan_plugin.core.plan_source import close_plans
from test.conftest import REPO_ROOT
from test.qgis_iface_support import complete_iface

SAMPLE = REPO_ROOT / "resources" / "samples" / "sample_submission.txt"


@pytest.fixture()
def plugin(qgis_iface, qgis_new_project, sample_plan_path):
    complete_iface(qgis_iface)
    from hengyang_plan_plugin import classFactory

    instance = classFactory(qgis_iface)
    instance.initGui()
    instance.dock.load_plan()
    yield instance
    instance.unload()
    QApplication.sendPostedEvents(None, QEvent.DeferredDelete)
    QgsProject.instance().clear()
    close_plans()


def _messages(iface, level):
    return [str(message) for message in iface.messageBar().get_messages(level)]


def _tree_rows(dock) -> dict[str, tuple[str, str]]:
    tree = dock.result_view.tree
    rows = {}
    for index in range(tree.topLevelItemCount()):
        item = tree.topLevelItem(index)
        rows[item.data(0, Qt.UserRole + 1)[0]] = (item.text(1), item.text(2))
    return rows


def test_review_in_the_dock_shows_verdict_tree_and_result_layers(plugin, qgis_iface):
    dock = plugin.dock
    dock.review_panel.project_name.setText("雁城滨江综合体")
    outcome = dock.review_file_and_wait(str(SAMPLE))
    expected = api.review(str(SAMPLE)).to_dict()

    assert outcome["verdict"] == expected["verdict"] == "fail"
    assert "不通过" in dock.result_view.banner.text()
    assert "#d93025" in dock.result_view.banner.styleSheet()  # red
    rows = _tree_rows(dock)
    assert list(rows) == [check["id"] for check in expected["checks"]]
    farmland = next(c for c in expected["checks"] if c["id"] == "farmland")
    assert rows["farmland"][1] == "{:,.2f} m²".format(farmland["overlap_area_m2"])

    # Switching the unit re-renders the areas in 亩.
    dock.result_view.set_unit("mu")
    assert _tree_rows(dock)["farmland"][1] == "{:,.2f} mu".format(farmland["overlap_area_mu"])

    # The result group holds the conflicts, one feature per conflicting/warning check, with their areas.
    group = QgsProject.instance().layerTreeRoot().findGroup("审查结果")
    assert group is not None
    conflicts = next(layer for layer in group.findLayers() if layer.name() == "冲突范围").layer()
    areas = {feature["check_id"]: feature["area_m2"] for feature in conflicts.getFeatures()}
    assert areas["farmland"] == pytest.approx(farmland["overlap_area_m2"], abs=0.01)
    assert conflicts.labelsEnabled()

    # Re-running replaces the group instead of adding a second one.
    dock.review_file_and_wait(str(SAMPLE))
    groups = [node for node in QgsProject.instance().layerTreeRoot().children() if node.name() == "审查结果"]
    assert len(groups) == 1


def test_clicking_a_check_row_zooms_to_its_conflict(plugin, qgis_iface):
    dock = plugin.dock
    dock.review_file_and_wait(str(SAMPLE))
    canvas = qgis_iface.mapCanvas()
    before = canvas.extent()
    dock._locate("check", ("farmland", None))
    after = canvas.extent()
    conflict = dock.last_result.check("farmland").site.conflict_geometry
    assert after != before
    assert after.contains(QgsPointXY(*conflict.representative_point().coords[0]))
    assert after.width() < 2_000


def _many_parcels_layer(count: int) -> QgsVectorLayer:
    """A site of many 50 m parcels across the central city: a review long enough to cancel."""
    layer = QgsVectorLayer("Polygon?crs=EPSG:4526&field=地块编号:string", "many parcels", "memory")
    features = []
    for index in range(count):
        x = 38_350_000 + (index % 40) * 500
        y = 2_965_000 + (index // 40) * 500
        feature = QgsFeature(layer.fields())
        feature.setGeometry(QgsGeometry.fromRect(QgsRectangle(x, y, x + 50, y + 50)))
        feature.setAttributes([str(index + 1)])
        features.append(feature)
    layer.dataProvider().addFeatures(features)
    QgsProject.instance().addMapLayer(layer)
    return layer


def test_cancelling_a_review_leaves_no_result(plugin, qgis_iface):
    dock = plugin.dock
    dock.review_panel.site_layer_combo.setLayer(_many_parcels_layer(800))
    assert dock.run_review()
    dock.cancel_review()
    dock.wait_for_review()
    assert dock.task is None
    assert dock.last_result is None
    assert dock.review_panel.run_button.isEnabled()
    assert any("取消" in m or "cancelled" in m for m in _messages(qgis_iface, Qgis.Critical))


def test_a_site_layer_without_crs_gives_a_message_not_a_traceback(plugin, qgis_iface):
    dock = plugin.dock
    layer = QgsVectorLayer("Polygon", "no crs", "memory")
    feature = QgsFeature()
    feature.setGeometry(QgsGeometry.fromWkt("POLYGON((0 0, 100 0, 100 100, 0 100, 0 0))"))
    layer.dataProvider().addFeatures([feature])
    QgsProject.instance().addMapLayer(layer)
    dock.review_panel.site_layer_combo.setLayer(layer)
    started = dock.run_review()
    dock.wait_for_review()
    assert dock.last_result is None
    errors = _messages(qgis_iface, Qgis.Critical)
    assert errors, "the user must be told why"
    assert not any("Traceback" in message for message in errors)
    assert started in (True, False)


def test_unloading_while_a_review_runs_does_not_crash(qgis_iface, qgis_new_project, sample_plan_path):
    complete_iface(qgis_iface)
    from hengyang_plan_plugin import classFactory
    from hengyang_plan_plugin.core.submission_io import read_submission
    from hengyang_plan_plugin.qgis_adapters.site_layer import add_submission_to_site_layer

    instance = classFactory(qgis_iface)
    instance.initGui()
    instance.dock.load_plan()
    layer = add_submission_to_site_layer(QgsProject.instance(), read_submission(str(SAMPLE)), replace=True)
    instance.dock.review_panel.site_layer_combo.setLayer(layer)
    task_started = instance.dock.run_review()
    task = instance.dock.task
    instance.unload()
    QApplication.sendPostedEvents(None, QEvent.DeferredDelete)
    if task_started and task is not None:
        task.waitForFinished(60_000)
    for _ in range(20):
        QApplication.processEvents()
    assert QgsApplication.taskManager().countActiveTasks() == 0
    QgsProject.instance().clear()
    close_plans()


def test_query_tool_lists_what_applies_at_a_point(plugin, qgis_iface):
    from hengyang_plan_plugin.qgis_adapters.plan_loader import find_plan_layer

    farmland = find_plan_layer(QgsProject.instance(), "YJJBNT")
    patch = next(farmland.getFeatures())
    point = patch.geometry().pointOnSurface().asPoint()
    received = []
    plugin.query_tool.answered.connect(lambda answers, missing, x, y: received.append(answers))
    plugin.query_tool._clicked(point, Qt.LeftButton)
    answers = received[-1]
    layers = {answer.layer for answer in answers}
    assert {"YJJBNT", "GHFQ", "XZQ"} <= layers
    assert any(answer.layer == "YJJBNT" and answer.fid == patch.id() for answer in answers)
    tree = plugin.dock.query_panel.tree
    assert tree.topLevelItemCount() >= len(answers)
    assert any(tree.topLevelItem(i).text(0) == "永久基本农田" for i in range(tree.topLevelItemCount()))

    # A point on a city line also shows the line's rule.
    blue = find_plan_layer(QgsProject.instance(), "ZXCQCSLX")
    river = next(f for f in blue.getFeatures() if f["JB"] == "一级")
    plugin.query_tool._clicked(river.geometry().pointOnSurface().asPoint(), Qt.LeftButton)
    item = next(tree.topLevelItem(i) for i in range(tree.topLevelItemCount())
                if tree.topLevelItem(i).text(0) == "城市蓝线")
    assert item.childCount() == 1 and "蓝线" in item.child(0).text(1)
