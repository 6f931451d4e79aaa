"""The 质检 button on the dock's 规划 tab in real QGIS: background run, findings by rule, click to zoom, cancel."""

from __future__ import annotations

import time

import pytest
from qgis.core import QgsPointXY, QgsProject
from qgis.PyQt.QtCore import QEvent
from qgis.PyQt.QtWidgets import QApplication, QPushButton

from hengyang_plan_plugin.core.plan.registry import close_plans
from test.qa_cases import private_sample, sha256
from test.qa_defects import farmland_in_boundary
from test.qgis_iface_support import complete_iface


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


def _wait(panel, timeout_s: float = 300.0) -> None:
    deadline = time.monotonic() + timeout_s
    while panel.task is not None and time.monotonic() < deadline:
        QApplication.processEvents()
        time.sleep(0.02)
    assert panel.task is None, "the QA task did not finish"


def test_the_qa_button_lists_findings_by_rule_and_zooms_to_one(plugin, qgis_iface, sample_plan_path, tmp_path):
    dock = plugin.dock
    panel = dock.qa_panel
    assert panel.run_button.objectName() == "planQaRun"
    plan, defect = farmland_in_boundary(tmp_path, private_sample(tmp_path, sample_plan_path))
    before = sha256(plan)
    panel._plan_source = lambda: str(plan)
    panel.run()
    assert not panel.run_button.isEnabled() and panel.cancel_button.isEnabled()
    _wait(panel)
    assert sha256(plan) == before
    report = panel.report
    assert report.error_count == 1 and "发现 1 个错误" in panel.status_label.text()
    groups = {
        panel.tree.topLevelItem(i).text(0): panel.tree.topLevelItem(i) for i in range(panel.tree.topLevelItemCount())
    }
    group = groups["[错误] 三条控制线相互重叠（1）"]
    item = group.child(0)
    assert item.text(1) == "YJJBNT" and "重叠" in item.text(0)

    canvas = qgis_iface.mapCanvas()
    panel._clicked(item)
    extent = canvas.extent()
    point = defect.where.representative_point()
    assert extent.contains(QgsPointXY(point.x, point.y))
    assert extent.width() < 20_000  # zoomed to the patch, not the city

    outputs = panel.export(str(tmp_path / "export"))
    assert outputs.pdf_path.stat().st_size > 0 and outputs.errors_path.is_file()


def test_the_qa_can_be_cancelled(plugin, sample_plan_path, tmp_path):
    panel = plugin.dock.qa_panel
    plan = private_sample(tmp_path, sample_plan_path)
    panel._plan_source = lambda: str(plan)
    panel.run()
    panel.cancel()
    _wait(panel)
    assert panel.report is None
    assert "取消" in panel.status_label.text() or "cancel" in panel.status_label.text().lower()
    assert panel.run_button.isEnabled() and not panel.cancel_button.isEnabled()


def test_loading_another_plan_offers_the_qa(plugin, qgis_iface, sample_plan_path, tmp_path):
    from qgis.core import Qgis

    from hengyang_plan_plugin.qgis_adapters.preferences import Preferences

    plan = private_sample(tmp_path, sample_plan_path)
    preferences = Preferences.load()
    saved = preferences.plan_source
    preferences.plan_source = str(plan)
    preferences.save()
    try:
        plugin.dock.load_plan()
    finally:
        preferences.plan_source = saved
        preferences.save()
    bar = qgis_iface.messageBar()
    # The offer is a message with its 质检 button (a real QgsMessageBarItem on every QGIS).
    offers = [item for item in bar.items() if item.findChild(QPushButton, "planQaOffer") is not None]
    assert len(offers) == 1 and "质检" in offers[0].text(), bar.get_messages(Qgis.MessageLevel.Info)
