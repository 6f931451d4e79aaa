"""Run inside the real QGIS desktop (`qgis --code`) at 1366×768: use the dock as a technician
does — type in the land-use picker, click 运行审查, click rows of the result tree, trigger
绘制送审红线 and click on the canvas, query the plan, export — and record what is on screen.
Leaves QGIS through File ▸ Exit. The desktop test (test/qgis/test_desktop_dock.py) asserts.

Environment:
  HENGYANG_PROBE_OUT     JSON file for the observed state
  HENGYANG_PROBE_SAMPLE  the multi-parcel submission to review (界址点坐标 TXT)
  HENGYANG_PROBE_EXPORT  a folder for the exported report
  HENGYANG_PROBE_SCREENSHOT  a PNG of the window after the first review (optional)
  HENGYANG_PROBE_QA_PLAN  instead of all that: set this plan in the options, load it and run 质检
                          on the 规划 tab (click a finding, cancel a second run)
"""

import json
import os
import re
import time
import traceback

from qgis.core import QgsApplication, QgsPointXY, QgsProject
from qgis.PyQt.QtCore import QPoint, Qt, QTimer
from qgis.PyQt.QtGui import QInputMethodEvent
from qgis.PyQt.QtTest import QTest
from qgis.PyQt.QtWidgets import QAction, QApplication, QDialogButtonBox, QFileDialog, QLineEdit, QPushButton
from qgis.utils import iface, plugins

PLUGIN = "hengyang_plan_plugin"
state = {"errors": []}


def _wait(milliseconds):
    deadline = QTimer()
    deadline.setSingleShot(True)
    deadline.start(milliseconds)
    while deadline.isActive():
        QApplication.processEvents()


def _wait_until(condition, timeout_ms=120_000):
    start = time.monotonic()
    while not condition():
        if (time.monotonic() - start) * 1000 > timeout_ms:
            raise TimeoutError("timed out")
        QApplication.processEvents()
        time.sleep(0.01)


def _action(name):
    return next(a for a in iface.mainWindow().findChildren(QAction) if a.objectName() == name)


def _whole_in_view(widget):
    """Visible without scrolling: shown, and nothing of it clipped by a scroll area or the dock."""
    region = widget.visibleRegion().boundingRect()
    return widget.isVisible() and region.width() == widget.width() and region.height() == widget.height()


def _type_chinese(edit, text):
    """Chinese text arrives from an input method as a committed string, not as key presses."""
    event = QInputMethodEvent()
    event.setCommitString(text)
    edit.setFocus()
    QApplication.sendEvent(edit, event)
    QApplication.processEvents()


def _messages():
    return [item.text() for item in iface.messageBar().items()]


def _canvas_pixel(point):
    pixel = iface.mapCanvas().getCoordinateTransform().transform(point)
    return QPoint(round(pixel.x()), round(pixel.y()))


def _click_canvas(point, button=Qt.MouseButton.LeftButton):
    viewport = iface.mapCanvas().viewport()
    pixel = _canvas_pixel(point)
    QTest.mouseMove(viewport, pixel)
    QTest.mouseClick(viewport, button, Qt.KeyboardModifier.NoModifier, pixel)
    QApplication.processEvents()


def _click_tree_item(tree, item):
    tree.scrollToItem(item)
    rect = tree.visualItemRect(item)
    # On the row's name, where the user clicks (the row may be wider than the view).
    point = QPoint(rect.left() + tree.indentation() * 2 + 10, rect.center().y())
    QTest.mouseClick(tree.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, point)
    QApplication.processEvents()


def _tree_state(tree):
    metrics = tree.fontMetrics()
    rows = []

    def visit(item, depth):
        rows.append({
            "depth": depth,
            "kind": item.data(0, Qt.ItemDataRole.UserRole),
            "key": list(item.data(0, Qt.ItemDataRole.UserRole + 1) or []),
            "texts": [item.text(c) for c in range(4)],
            "expanded": item.isExpanded(),
            "hidden_by_parent": bool(item.parent() and not item.parent().isExpanded()),
            # What the column needs for its text (icon and indentation included) vs what it has.
            "needed": [metrics.horizontalAdvance(item.text(c)) + (tree.indentation() * (depth + 1) if c == 0 else 0)
                       + (16 if c == 1 else 0) for c in range(3)],
        })
        for index in range(item.childCount()):
            visit(item.child(index), depth + 1)

    for index in range(tree.topLevelItemCount()):
        visit(tree.topLevelItem(index), 0)
    return {"rows": rows, "widths": [tree.columnWidth(c) for c in range(4)], "viewport": tree.viewport().width()}


def _open_passing_folder(tree):
    """Click the arrow of the first 通过的地块 row: its parcels appear."""
    for index in range(tree.topLevelItemCount()):
        check = tree.topLevelItem(index)
        for child_index in range(check.childCount()):
            folder = check.child(child_index)
            if folder.data(0, Qt.ItemDataRole.UserRole) == "passing":
                tree.scrollToItem(folder)
                rect = tree.visualItemRect(folder)
                arrow = QPoint(rect.left() - tree.indentation() // 2, rect.center().y())
                QTest.mouseClick(tree.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, arrow)
                QApplication.processEvents()
                rows = [folder.child(i).text(c) for i in range(folder.childCount()) for c in (0, 1, 2)]
                folder.setExpanded(False)
                return {"label": folder.text(0), "expanded": folder.childCount() > 0, "rows": rows}
    return None


def _labels():
    """The labels QGIS drew for the findings layer: text and map rectangle."""
    canvas = iface.mapCanvas()
    results = canvas.labelingResults()
    group = QgsProject.instance().layerTreeRoot().findGroup("审查结果")
    findings = next(node.layer() for node in group.findLayers() if node.layer().name() == "冲突范围")
    labels = []
    for position in results.labelsWithinRect(canvas.extent()) if results else []:
        if position.layerID != findings.id() or position.isUnplaced:
            continue
        rect = position.labelRect
        labels.append({"text": position.labelText, "fid": position.featureId,
                       "rect": [rect.xMinimum(), rect.yMinimum(), rect.xMaximum(), rect.yMaximum()]})
    features = {f.id(): {"check_id": f["check_id"], "parcel_id": f["parcel_id"], "area_m2": f["area_m2"]}
                for f in findings.getFeatures()}
    return {"labels": labels, "features": {str(k): v for k, v in features.items()},
            "renderer": findings.renderer().type(),
            "categories": [c.value() for c in findings.renderer().categories()]
            if findings.renderer().type() == "categorizedSymbol" else []}


def _run_review_by_click(dock):
    QTest.mouseClick(dock.review_panel.run_button, Qt.MouseButton.LeftButton)
    _wait_until(lambda: dock.task is None)
    iface.mapCanvas().refreshAllLayers()
    _wait(1500)
    _wait_until(lambda: not iface.mapCanvas().isDrawing())


def _modal_texts(opener):
    """Open a modal dialog with ``opener``; record its buttons and file name, then cancel it."""
    seen = {}

    def inspect():
        dialog = QApplication.activeModalWidget()
        if dialog is None:
            QTimer.singleShot(200, inspect)
            return
        box = dialog.findChild(QDialogButtonBox)
        seen["buttons"] = [button.text() for button in box.buttons()] if box else []
        if isinstance(dialog, QFileDialog):
            seen["selected"] = dialog.selectedFiles()
        dialog.reject()

    QTimer.singleShot(300, inspect)
    opener()
    return seen


def _layout(dock):
    panel = dock.review_panel
    return {
        "window": [iface.mainWindow().width(), iface.mainWindow().height()],
        "dock_height": dock.height(),
        "site_combo": _whole_in_view(panel.site_layer_combo),
        "land_use": _whole_in_view(panel.land_use),
        "apply_all": _whole_in_view(panel.apply_to_all),
        "run_button": _whole_in_view(panel.run_button),
        "progress": _whole_in_view(panel.progress),
        "detail": {name: [widget.visibleRegion().boundingRect().getRect(), [widget.width(), widget.height()]]
                   for name, widget in (("site_combo", panel.site_layer_combo), ("run", panel.run_button),
                                        ("panel", panel), ("dock", dock))},
    }


def _review_sample(plugin, dock, sample):
    from hengyang_plan_plugin.core.submission_io import read_submission
    from hengyang_plan_plugin.qgis_adapters.site_layer import add_submission_to_site_layer

    layer = add_submission_to_site_layer(QgsProject.instance(), read_submission(sample), replace=True)
    dock.use_site_layer(layer)
    panel = dock.review_panel
    # The case fields and the land use, typed as the technician types them.
    _type_chinese(panel.project_name, "雁城滨江综合体")
    _type_chinese(panel.document_number, "衡规审〔2025〕18号")
    panel.land_use.lineEdit().clear()
    QTest.keyClicks(panel.land_use.lineEdit(), "070102")
    popup = panel.land_use.completer().popup()
    state["picker"] = {
        "typed": panel.land_use.currentText(),
        "code": panel.land_use.code(),
        "popup": [popup.model().index(i, 0).data() for i in range(min(popup.model().rowCount(), 5))]
        if popup.isVisible() else [],
    }
    QTest.keyClick(panel.land_use.lineEdit(), Qt.Key.Key_Escape)
    state["picker"]["code_after"] = panel.land_use.code()
    state["parcel_uses"] = panel.parcel_uses.text()
    _run_review_by_click(dock)
    state["review_ms"] = dock.last_review_ms
    state["review"] = dock.last_run.data
    state["banner"] = dock.result_view.banner.text()
    state["summary"] = dock.result_view.summary_label.text()
    state["summary_tooltip"] = dock.result_view.summary_label.toolTip()
    state["tree"] = _tree_state(dock.result_view.tree)
    state["opened_folder"] = _open_passing_folder(dock.result_view.tree)
    state["map"] = _labels()
    state["layout_after_review"] = _layout(dock)


def _zoom_clicks(dock):
    """Click the farmland finding (small) and the 城镇开发边界 feature (city-sized) in the tree."""
    tree = dock.result_view.tree
    canvas = iface.mapCanvas()
    zooms = {}
    for index in range(tree.topLevelItemCount()):
        item = tree.topLevelItem(index)
        check_id = item.data(0, Qt.ItemDataRole.UserRole + 1)[0]
        if check_id == "farmland":
            _click_tree_item(tree, item)
            conflict = dock.last_result.check("farmland").site.conflict_geometry
            point = conflict.representative_point()
            zooms["farmland"] = {"scale": canvas.scale(),
                                 "contains": canvas.extent().contains(QgsPointXY(point.x, point.y))}
        if check_id == "dev_boundary":
            _click_tree_item(tree, item)  # the part outside the boundary, in parcels kilometres apart
            outside = dock.last_result.check("dev_boundary").site.conflict_geometry
            parts = getattr(outside, "geoms", [outside])
            zooms["dev_boundary"] = {
                "scale": canvas.scale(),
                "parts_in_view": sum(canvas.extent().contains(QgsPointXY(p.representative_point().x,
                                                                         p.representative_point().y))
                                     for p in parts),
            }
            item.setExpanded(True)
            feature = next(item.child(i) for i in range(item.childCount())
                           if item.child(i).data(0, Qt.ItemDataRole.UserRole) == "feature")
            _click_tree_item(tree, feature)
            zooms["dev_boundary_feature"] = {"scale": canvas.scale(), "label": feature.text(0)}
    state["zooms"] = zooms


def _draw_new_case(plugin, dock):
    """绘制送审红线 after a finished review: a new case, the tool active at the first click."""
    from hengyang_plan_plugin.qgis_adapters.site_layer import find_site_layer

    canvas = iface.mapCanvas()
    layer = find_site_layer(QgsProject.instance())
    before = {"parcels": layer.featureCount(), "project_name": dock.review_panel.project_name.text()}
    _click_canvas_tool = _action("hengyang_draw_site")
    QTest.mouseClick(dock.review_panel.draw_button, Qt.MouseButton.LeftButton)  # the dock's 在地图上绘制
    QApplication.processEvents()
    _wait(300)
    tool = canvas.mapTool()
    drawn = {
        "before": before,
        "tool_is_draw_tool": tool is plugin.draw_tool,
        "tool_name": type(tool).__name__ if tool else None,
        "action_checked": _click_canvas_tool.isChecked(),
        "layer_editable": layer.isEditable(),
        "parcels_after_start": layer.featureCount(),
        "project_name_after_start": dock.review_panel.project_name.text(),
        "document_number_after_start": dock.review_panel.document_number.text(),
        "tree_rows_after_start": dock.result_view.tree.topLevelItemCount(),
        "messages": _messages(),
    }
    extent = canvas.extent()
    centre = extent.center()
    size = min(extent.width(), extent.height()) / 10
    steps = ((-1, -1), (1, -1), (1, 1), (-1, 1))
    corners = [QgsPointXY(centre.x() + dx * size, centre.y() + dy * size) for dx, dy in steps]
    for corner in corners:
        _click_canvas(corner)
    _click_canvas(corners[0], Qt.MouseButton.RightButton)
    _wait(300)
    after = canvas.extent()
    drawn["parcels_after_drawing"] = layer.featureCount()
    drawn["extent_unchanged"] = [round(v, 3) for v in (after.xMinimum(), after.yMinimum(), after.xMaximum(),
                                                       after.yMaximum())] == [
        round(v, 3) for v in (extent.xMinimum(), extent.yMinimum(), extent.xMaximum(), extent.yMaximum())]
    drawn["tool_still_active"] = canvas.mapTool() is plugin.draw_tool
    drawn["parcel_uses"] = dock.review_panel.parcel_uses.text()
    drawn["site_in_combo"] = dock.review_panel.site_layer() is layer
    state["draw"] = drawn
    iface.actionPan().trigger()


def _exports(plugin, dock, folder):
    from hengyang_plan_plugin.core import review_log

    state["sheet_dialog"] = _modal_texts(dock.export_sheet)
    state["report_dialog"] = _modal_texts(lambda: dock.export_report())
    started = time.perf_counter()
    assert dock.export_report(folder)
    blocked_ms = (time.perf_counter() - started) * 1000.0  # the main-thread part (the map figures)
    QApplication.processEvents()
    running = {"blocked_ms": blocked_ms, "progress_visible": dock.result_view.export_progress.isVisible(),
               "task_in_manager": QgsApplication.taskManager().count() > 0,
               "buttons_enabled": dock.result_view.report_button.isEnabled()}
    _wait_until(lambda: dock.export_task is None)
    running["total_ms"] = (time.perf_counter() - started) * 1000.0
    running["progress_visible_after"] = dock.result_view.export_progress.isVisible()
    state["report_export"] = running
    log = review_log.ReviewLog(review_log.resolve_log_path())
    record = log.get(dock.last_run.log_id)
    state["log_record"] = {"report_dir": record.report_dir, "project_name": record.project_name,
                           "document_number": record.document_number}
    panel = dock.log_panel
    panel.refresh()
    headers = [panel.table.horizontalHeaderItem(c).text() for c in range(panel.table.columnCount())]
    state["log_table"] = {"headers": headers,
                          "first_row": [panel.table.item(0, c).text() for c in range(panel.table.columnCount())]}
    state["import_dialog"] = _modal_texts(plugin.import_site)


def _diff(dock, previous, current):
    panel = dock.diff_panel
    panel.compare(previous, current)
    cells = [[panel.table.item(r, c).text() if panel.table.item(r, c) else ""
              for c in range(panel.table.columnCount())] for r in range(panel.table.rowCount())]
    state["diff_cells"] = cells
    state["diff_raw_ids"] = sorted({m for row in cells for cell in row for m in re.findall(r"[A-Z]{3,}#\d+", cell)})


def _query(plugin, dock):
    """规划查询 at a point on a 永久基本农田 patch (outside the development boundary)."""
    from hengyang_plan_plugin.qgis_adapters.plan_loader import find_plan_layer

    canvas = iface.mapCanvas()
    farmland = find_plan_layer(QgsProject.instance(), "YJJBNT")
    boundary = find_plan_layer(QgsProject.instance(), "CZKFBJ")
    boundaries = [f.geometry() for f in boundary.getFeatures()]
    point = None
    for feature in farmland.getFeatures():
        candidate = feature.geometry().pointOnSurface()
        if not any(b.contains(candidate) for b in boundaries):
            point = candidate.asPoint()
            break
    canvas.setCenter(point)
    canvas.zoomScale(10_000)
    canvas.refresh()
    _wait(500)
    _action("hengyang_query_plan").trigger()
    _click_canvas(point)
    _wait(300)
    tree = dock.query_panel.tree
    state["query"] = {
        "tab": dock.tabs.tabText(dock.tabs.currentIndex()),
        "rows": [[tree.topLevelItem(i).text(0), tree.topLevelItem(i).text(1)] for i in range(tree.topLevelItemCount())],
    }
    iface.actionPan().trigger()


def _indicators(dock, folder):
    """规划指标: compute, type a 非空间指标's 现状值 into its cell, export the table."""
    panel = dock.indicators_panel
    dock.tabs.setCurrentWidget(panel)
    QTest.mouseClick(panel.compute_button, Qt.MouseButton.LeftButton)
    _wait_until(lambda: panel.task is None)
    table = panel.table
    headers = [table.horizontalHeaderItem(c).text() for c in range(table.columnCount())]

    def rows():
        return [[table.item(r, c).text() for c in range(table.columnCount())] for r in range(table.rowCount())]

    before = rows()
    population = next(r for r, row in enumerate(before) if row[0] == "常住人口规模")
    cell = table.item(population, headers.index("现状值"))
    table.scrollToItem(cell)
    centre = table.visualItemRect(cell).center()
    QTest.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, centre)
    QTest.mouseDClick(table.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, centre)
    QApplication.processEvents()
    editor = table.findChild(QLineEdit)  # the double-click opened the cell's editor
    if editor is None:
        raise RuntimeError("double-clicking the 现状值 cell opened no editor")
    QTest.keyClicks(editor, "664.52")
    QTest.keyClick(editor, Qt.Key.Key_Return)
    QApplication.processEvents()
    path = os.path.join(folder, "indicators.csv")
    panel.export(path)
    with open(path, encoding="utf-8-sig") as handle:
        csv_text = handle.read()
    state["indicators"] = {"headers": headers, "before": before, "after": rows(), "status": panel.status_label.text(),
                           "csv": csv_text}


def _plan_qa(dock, plan):
    """规划成果质检 as a technician runs it on a bureau's plan: load it (the offer appears), click 质检 on
    the 规划 tab, wait for the background task, read the tree, click a finding (the map moves there),
    then start 质检 again and click 取消."""
    from hengyang_plan_plugin.qgis_adapters.preferences import Preferences

    preferences = Preferences.load()
    preferences.plan_source = plan
    preferences.save()
    dock.load_plan()
    _wait(500)
    offer = [w.objectName() for w in iface.messageBar().findChildren(QPushButton) if w.isVisible()]
    panel = dock.qa_panel
    dock.tabs.setCurrentWidget(dock.plan_panel)
    qa = {"offer": "planQaOffer" in offer, "messages": _messages(), "tab": dock.tabs.tabText(dock.tabs.currentIndex())}
    QTest.mouseClick(panel.run_button, Qt.MouseButton.LeftButton)
    qa["running"] = {"run_enabled": panel.run_button.isEnabled(), "cancel_enabled": panel.cancel_button.isEnabled(),
                     "progress_visible": panel.progress.isVisible()}
    _wait_until(lambda: panel.task is None)
    tree = panel.tree
    groups = []
    for index in range(tree.topLevelItemCount()):
        group = tree.topLevelItem(index)
        groups.append({"text": group.text(0), "tooltip": group.toolTip(0),
                       "children": [[group.child(i).text(c) for c in range(3)] for i in range(group.childCount())]})
    qa["status"] = panel.status_label.text()
    qa["groups"] = groups
    qa["report"] = panel.report.to_dict() if panel.report is not None else None
    # Click each finding that has a place, as the user does, and record where the map went.
    canvas = iface.mapCanvas()
    clicks = []
    for index in range(tree.topLevelItemCount()):
        group = tree.topLevelItem(index)
        if group.childCount() == 0 or not group.text(0).startswith("[错误]"):
            continue
        group.setExpanded(True)
        QApplication.processEvents()
        item = group.child(0)
        _click_tree_item(tree, item)
        _wait(300)
        extent = canvas.extent()
        clicks.append({"group": group.text(0), "finding": item.text(0),
                       "extent": [extent.xMinimum(), extent.yMinimum(), extent.xMaximum(), extent.yMaximum()],
                       "crs": canvas.mapSettings().destinationCrs().authid(), "scale": canvas.scale()})
    qa["clicks"] = clicks
    # Start again and cancel: the task stops, the buttons come back, the earlier findings stay readable.
    QTest.mouseClick(panel.run_button, Qt.MouseButton.LeftButton)
    started = panel.task is not None
    QTest.mouseClick(panel.cancel_button, Qt.MouseButton.LeftButton)
    _wait_until(lambda: panel.task is None)
    qa["cancel"] = {"started": started, "status": panel.status_label.text(),
                    "run_enabled": panel.run_button.isEnabled(), "cancel_enabled": panel.cancel_button.isEnabled(),
                    "progress_visible": panel.progress.isVisible(), "groups": tree.topLevelItemCount()}
    state["plan_qa"] = qa


def _run():
    plugin = plugins.get(PLUGIN)
    try:
        if plugin is None:
            state["errors"].append("plugin not loaded")
            return
        dock = plugin.dock
        if os.environ.get("HENGYANG_PROBE_QA_PLAN"):  # the 质检 session alone (test/qgis/test_desktop_qa.py)
            _plan_qa(dock, os.environ["HENGYANG_PROBE_QA_PLAN"])
            return
        dock.load_plan()
        _wait(1500)
        dock.tabs.setCurrentIndex(0)
        state["layout"] = _layout(dock)
        _review_sample(plugin, dock, os.environ["HENGYANG_PROBE_SAMPLE"])
        first = dock.last_run.data
        if os.environ.get("HENGYANG_PROBE_SCREENSHOT"):
            iface.mainWindow().grab().save(os.environ["HENGYANG_PROBE_SCREENSHOT"], "PNG")
        _zoom_clicks(dock)
        # The same site with 应用到全部地块 ticked.
        QTest.mouseClick(dock.review_panel.apply_to_all, Qt.MouseButton.LeftButton)
        state["parcel_uses_all"] = dock.review_panel.parcel_uses.text()
        _run_review_by_click(dock)
        state["review_all"] = dock.last_run.data
        QTest.mouseClick(dock.review_panel.apply_to_all, Qt.MouseButton.LeftButton)
        _exports(plugin, dock, os.environ["HENGYANG_PROBE_EXPORT"])
        _draw_new_case(plugin, dock)
        dock.review_panel.land_use.set_code("0901")
        _run_review_by_click(dock)
        state["drawn_review"] = dock.last_run.data if dock.last_run else None
        _diff(dock, first, dock.last_run.data)
        _query(plugin, dock)
        _indicators(dock, os.environ["HENGYANG_PROBE_EXPORT"])
    except Exception:  # the probe must always report and quit
        state["errors"].append(traceback.format_exc())
    finally:
        with open(os.environ["HENGYANG_PROBE_OUT"], "w", encoding="utf-8") as handle:
            json.dump(state, handle, ensure_ascii=False, indent=1, default=str)
        QgsProject.instance().clear()
        QgsProject.instance().setDirty(False)
        QTimer.singleShot(0, iface.actionExit().trigger)


def _start():
    iface.mainWindow().showNormal()
    iface.mainWindow().setGeometry(0, 0, 1366, 768)  # the smallest screen the dock is laid out for
    QTimer.singleShot(1000, _run)


iface.initializationCompleted.connect(_start)
