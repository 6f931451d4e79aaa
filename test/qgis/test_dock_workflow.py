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
from qgis.PyQt.QtWidgets import QApplication, QDockWidget

from hengyang_plan_plugin import api
from hengyang_plan_plugin.core.plan.registry import close_plans
from hengyang_plan_plugin.core.report.presentation import area_in_unit, status_label, verdict_colour
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
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    QgsProject.instance().clear()
    close_plans()


def _messages(iface, level):
    return [str(message) for message in iface.messageBar().get_messages(level)]


def _tree_rows(dock) -> dict[str, tuple[str, str]]:
    tree = dock.result_view.tree
    rows = {}
    for index in range(tree.topLevelItemCount()):
        item = tree.topLevelItem(index)
        rows[item.data(0, Qt.ItemDataRole.UserRole + 1)[0]] = (item.text(1), item.text(2))
    return rows


def test_review_in_the_dock_shows_verdict_tree_and_result_layers(plugin, qgis_iface):
    dock = plugin.dock
    dock.review_panel.project_name.setText("雁城滨江综合体")
    outcome = dock.review_file_and_wait(str(SAMPLE))
    expected = api.review(str(SAMPLE)).to_dict()

    assert outcome["verdict"] == expected["verdict"] == "fail"
    assert "不通过" in dock.result_view.banner.text()
    assert verdict_colour("fail") in dock.result_view.banner.styleSheet()
    rows = _tree_rows(dock)
    # Conflicts first, then warnings, then the rest; the review's order within each.
    rank = {"conflict": 0, "warning": 1, "not_run": 2, "pass": 3}
    assert list(rows) == [c["id"] for c in sorted(expected["checks"], key=lambda c: rank[c["status"]])]
    farmland = next(c for c in expected["checks"] if c["id"] == "farmland")
    assert rows["farmland"] == (status_label("conflict"), area_in_unit(farmland["overlap_area_m2"]))

    # Switching the unit re-renders the areas in 亩.
    dock.result_view.set_unit("mu")
    assert _tree_rows(dock)["farmland"][1] == area_in_unit(farmland["overlap_area_m2"], "mu")

    # The result group holds the findings, one feature per flagged parcel of each check, with the
    # parcel's own figure of concern from review.json.
    group = QgsProject.instance().layerTreeRoot().findGroup("审查结果")
    assert group is not None
    conflicts = next(layer for layer in group.findLayers() if layer.name() == "冲突范围").layer()
    areas = {(feature["check_id"], feature["parcel_id"]): feature["area_m2"] for feature in conflicts.getFeatures()}
    for check in expected["checks"]:
        for parcel in check["parcels"]:
            if (check["id"], parcel["id"]) in areas:
                assert areas[check["id"], parcel["id"]] == pytest.approx(parcel["concern_area_m2"]
                                                                         if "concern_area_m2" in parcel
                                                                         else parcel["overlap_area_m2"], abs=0.01)
    farmland_parcels = [p for p in farmland["parcels"] if p["status"] == "conflict"]
    assert {("farmland", p["id"]) for p in farmland_parcels} <= set(areas)
    assert conflicts.labelsEnabled()
    assert conflicts.renderer().type() == "categorizedSymbol"  # one symbol per check

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


def _check_that_waits(monkeypatch, check_id: str):
    """Make one check of the engine block until the test lets it go: a cancel at a known moment."""
    import dataclasses
    import threading

    from hengyang_plan_plugin.core import checks

    entered, release = threading.Event(), threading.Event()

    def hold(spec):
        def run(ctx, site):
            entered.set()
            assert release.wait(60), "the test never released the check"
            return spec.run(ctx, site)

        return dataclasses.replace(spec, run=run)

    patched = [hold(spec) if spec.id == check_id else spec for spec in checks.CHECKS]
    monkeypatch.setattr("hengyang_plan_plugin.core.review.CHECKS", patched)
    return entered, release


def _process_events_until(condition, timeout_s: float = 60.0) -> None:
    import time

    deadline = time.monotonic() + timeout_s
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        QApplication.processEvents()
        time.sleep(0.01)


def test_cancelling_a_review_inside_a_check_leaves_no_result(plugin, qgis_iface, monkeypatch, tmp_path):
    from hengyang_plan_plugin.core import review_log

    log_path = tmp_path / "log.sqlite"
    monkeypatch.setenv(review_log.ENV_VAR, str(log_path))
    entered, release = _check_that_waits(monkeypatch, "farmland")
    dock = plugin.dock
    dock.review_panel.site_layer_combo.setLayer(_many_parcels_layer(4))
    assert dock.run_review()
    _process_events_until(entered.is_set)  # the review is inside the farmland check
    assert dock.review_panel.cancel_button.isEnabled()
    dock.review_panel.cancel_button.click()  # as the technician does
    release.set()
    dock.wait_for_review()
    assert dock.task is None
    assert dock.last_result is None
    assert dock.review_panel.run_button.isEnabled()
    assert any("取消" in m or "cancelled" in m for m in _messages(qgis_iface, Qgis.MessageLevel.Critical))
    assert not log_path.exists() or review_log.ReviewLog(log_path).count() == 0


def test_a_site_layer_without_crs_gives_a_message_not_a_traceback(plugin, qgis_iface):
    dock = plugin.dock
    layer = QgsVectorLayer("Polygon", "no crs", "memory")
    feature = QgsFeature()
    feature.setGeometry(QgsGeometry.fromWkt("POLYGON((0 0, 100 0, 100 100, 0 100, 0 0))"))
    layer.dataProvider().addFeatures([feature])
    QgsProject.instance().addMapLayer(layer)
    dock.review_panel.site_layer_combo.setLayer(layer)
    # QGIS gives a memory layer without CRS the default EPSG:4326: the review starts, and the
    # engine refuses metre coordinates read as degrees, naming the layer and what to check.
    assert layer.crs().authid() == "EPSG:4326"
    assert dock.run_review()
    dock.wait_for_review()
    assert dock.task is None and dock.last_result is None
    errors = _messages(qgis_iface, Qgis.MessageLevel.Critical)
    assert any("no crs" in message and "坐标系" in message for message in errors), errors
    assert not any("Traceback" in message for message in errors)


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
    assert instance.dock.run_review()
    instance.unload()  # cancels the running review (toolbelt.tasks.cancel_all_tasks)
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    _process_events_until(lambda: QgsApplication.taskManager().countActiveTasks() == 0)
    for _ in range(20):
        QApplication.processEvents()
    assert qgis_iface.mainWindow().findChild(QDockWidget, "HengyangPlanDock") is None
    QgsProject.instance().clear()
    close_plans()


def test_query_tool_lists_what_applies_at_a_point(plugin, qgis_iface):
    from hengyang_plan_plugin.qgis_adapters.plan_loader import find_plan_layer

    farmland = find_plan_layer(QgsProject.instance(), "YJJBNT")
    patch = next(farmland.getFeatures())
    point = patch.geometry().pointOnSurface().asPoint()
    received = []
    plugin.query_tool.answered.connect(lambda answers, missing, x, y: received.append(answers))
    plugin.query_tool._clicked(point, Qt.MouseButton.LeftButton)
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
    plugin.query_tool._clicked(river.geometry().pointOnSurface().asPoint(), Qt.MouseButton.LeftButton)
    item = next(tree.topLevelItem(i) for i in range(tree.topLevelItemCount())
                if tree.topLevelItem(i).text(0) == "城市蓝线")
    assert item.childCount() == 1 and "蓝线" in item.child(0).text(1)


def test_exporting_the_report_writes_it_in_the_background_with_the_dock_figures(plugin, qgis_iface, tmp_path):
    import json

    from test.report_cases import pdf_text

    dock = plugin.dock
    dock.review_panel.project_name.setText("雁城滨江综合体")
    assert dock.review_file_and_wait(str(SAMPLE)) is not None
    assert dock.export_report(str(tmp_path))
    assert dock.export_task is not None  # the documents are written by a task, not on the main thread
    _process_events_until(lambda: dock.export_task is None)
    written = json.loads((tmp_path / "review.json").read_text(encoding="utf-8"))
    assert written == dock.last_run.data  # the same figures as the dock shows
    text = pdf_text(tmp_path / "review.pdf")
    assert "雁城滨江综合体" in text and "不通过" in text
    farmland = next(c for c in written["checks"] if c["id"] == "farmland")
    assert f"{farmland['overlap_area_m2']:,.2f}" in text
    assert any("review.pdf" in str(m) for m in qgis_iface.messageBar().get_messages(Qgis.MessageLevel.Success))
