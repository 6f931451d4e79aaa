"""Run inside the real QGIS desktop (`qgis --code`): drive the plugin, record what
a user would see, optionally save a screenshot, then leave QGIS through File ▸ Exit.
Acts only once QGIS says its start is complete (iface.initializationCompleted).

Environment:
  HENGYANG_PROBE_OUT         JSON file to write the observed state to
  HENGYANG_PROBE_SCREENSHOT  PNG file for a picture of the main window (optional)
  HENGYANG_PROBE_REVIEW      a submission file to review in the dock (optional)
"""

import json
import os
import traceback

from qgis.core import QgsApplication, QgsProject, QgsVectorLayer
from qgis.PyQt.QtCore import QTimer
from qgis.PyQt.QtWidgets import QAction, QApplication, QDockWidget, QToolBar
from qgis.utils import iface, plugins

PLUGIN = "hengyang_plan_plugin"
state = {"errors": []}


def _wait(milliseconds):
    # Keep the event loop (rendering, tasks) running while we wait.
    deadline = QTimer()
    deadline.setSingleShot(True)
    deadline.start(milliseconds)
    while deadline.isActive():
        QApplication.processEvents()


def _record():
    window = iface.mainWindow()
    toolbar = window.findChild(QToolBar, "HengyangPlanToolbar")
    dock = window.findChild(QDockWidget, "HengyangPlanDock")
    state["plugin_loaded"] = PLUGIN in plugins
    state["toolbar"] = toolbar is not None
    state["toolbar_actions"] = [a.objectName() for a in toolbar.actions()] if toolbar else []
    state["toolbar_count"] = len(window.findChildren(QToolBar, "HengyangPlanToolbar"))
    state["dock"] = dock is not None
    state["dock_visible"] = bool(dock and dock.isVisible())
    state["dock_title"] = dock.windowTitle() if dock else None
    state["provider"] = QgsApplication.processingRegistry().providerById("hengyangplan") is not None
    layers = []
    root = QgsProject.instance().layerTreeRoot()
    for layer in QgsProject.instance().mapLayers().values():
        node = root.findLayer(layer.id())
        entry = {
            "name": layer.name(),
            "plan_layer": layer.customProperty("hengyang/layer"),
            "valid": layer.isValid(),
            "group": node.parent().name() if node and node.parent() else None,
        }
        if isinstance(layer, QgsVectorLayer):
            entry["feature_count"] = layer.featureCount()
            entry["read_only"] = layer.readOnly()
            renderer = layer.renderer()
            entry["renderer"] = renderer.type() if renderer else None
        layers.append(entry)
    state["layers"] = layers
    extent = iface.mapCanvas().extent()
    state["canvas_extent"] = [extent.xMinimum(), extent.yMinimum(), extent.xMaximum(), extent.yMaximum()]
    state["canvas_crs"] = iface.mapCanvas().mapSettings().destinationCrs().authid()
    state["qt_dialog_buttons"] = _qt_dialog_buttons()


def _qt_dialog_buttons():
    """Button texts of Qt's own dialogs (a non-native file dialog, a message box): Qt's translation."""
    from qgis.PyQt.QtWidgets import QDialogButtonBox, QFileDialog, QMessageBox

    window = iface.mainWindow()
    dialog = QFileDialog(window, "probe")
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog, True)
    dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptOpen)
    dialog.show()
    QApplication.processEvents()
    box = dialog.findChild(QDialogButtonBox)
    file_dialog = [button.text() for button in box.buttons()] if box else []
    dialog.close()
    dialog.deleteLater()
    message = QMessageBox(QMessageBox.Icon.Question, "probe", "probe",
                          QMessageBox.StandardButton.Ok | QMessageBox.StandardButton.Cancel, window)
    message.show()
    QApplication.processEvents()
    message_box = [button.text() for button in message.buttons()]
    message.close()
    message.deleteLater()
    return {"file_dialog": file_dialog, "message_box": message_box}


def _reload_plugin():
    """load -> unload -> load, as the Plugin Manager does; record what is left."""
    from qgis.PyQt.QtCore import QEvent
    from qgis.utils import loadPlugin, startPlugin, unloadPlugin

    unloadPlugin(PLUGIN)
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    window = iface.mainWindow()
    state["after_unload"] = {
        "toolbars": len(window.findChildren(QToolBar, "HengyangPlanToolbar")),
        "docks": len(window.findChildren(QDockWidget, "HengyangPlanDock")),
        "provider": QgsApplication.processingRegistry().providerById("hengyangplan") is not None,
    }
    loadPlugin(PLUGIN)
    startPlugin(PLUGIN)
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


def _print_sheet():
    """hengyang_print: the filled review sheet opens in the layout designer."""
    action = next(a for a in iface.mainWindow().findChildren(QAction) if a.objectName() == "hengyang_print")
    action.trigger()
    _wait(2000)
    designers = iface.openLayoutDesigners()
    state["print_designers"] = len(designers)
    if designers:
        layout = designers[0].layout()
        labels = {
            item.id(): item.currentText()
            for item in layout.items()
            if hasattr(item, "currentText") and hasattr(item, "id") and item.id()
        }
        table = layout.itemById("conflict_table")
        state["print_layout"] = {
            "name": layout.name(),
            "pages": layout.pageCollection().pageCount(),
            "atlas_features": layout.atlas().count() if layout.atlas().enabled() else 0,
            "items": sorted(item.id() for item in layout.items() if hasattr(item, "id") and item.id()),
            # What the designer shows as opened: the atlas preview on page 1, expressions evaluated.
            "atlas_preview": designers[0].atlasPreviewEnabled(),
            "atlas_page": layout.atlas().currentFeatureNumber(),
            "labels": labels,
            "table_rows": len(table.multiFrame().contents()) if table is not None else -1,
            "scale_bar_unit": layout.itemById("scalebar").unitLabel() if layout.itemById("scalebar") else "",
        }
        # Every atlas page as the designer would print it: its labels and its table's rows.
        atlas_pages = []
        for number in range(layout.atlas().count() if layout.atlas().enabled() else 0):
            layout.atlas().seekTo(number)
            atlas_pages.append({
                "parcel_label": layout.itemById("parcel_label").currentText(),
                "page_number": layout.itemById("page_number").currentText(),
                "rows": [[str(cell) for cell in row] for row in table.multiFrame().contents()] if table else [],
            })
        layout.atlas().seekTo(0)
        state["print_layout"]["atlas_pages"] = atlas_pages
        for designer in designers:
            designer.close()


def _run():
    try:
        if os.environ.get("HENGYANG_PROBE_RELOAD"):
            _reload_plugin()
        plugin = plugins.get(PLUGIN)
        if plugin is None:
            state["errors"].append("plugin not loaded")
        else:
            plugin.dock.load_plan()
            _wait(1500)
            submission = os.environ.get("HENGYANG_PROBE_REVIEW")
            if submission and hasattr(plugin.dock, "review_file_and_wait"):
                state["review"] = plugin.dock.review_file_and_wait(submission)
            iface.mapCanvas().refreshAllLayers()
            _wait(3000)
        _record()
        screenshot = os.environ.get("HENGYANG_PROBE_SCREENSHOT")
        if screenshot:
            iface.mainWindow().grab().save(screenshot, "PNG")
            state["screenshot"] = screenshot
        if os.environ.get("HENGYANG_PROBE_PRINT") and plugin is not None:
            _print_sheet()
    except Exception:  # the probe must always report and quit
        state["errors"].append(traceback.format_exc())
    finally:
        with open(os.environ["HENGYANG_PROBE_OUT"], "w", encoding="utf-8") as handle:
            json.dump(state, handle, ensure_ascii=False, indent=1)
        # Leave as a user does: an empty project, then File ▸ Exit (QGIS 3.40 crashes in the
        # layer-tree teardown when QgsApplication.quit() is called with layers loaded).
        QgsProject.instance().clear()
        QgsProject.instance().setDirty(False)
        QTimer.singleShot(0, iface.actionExit().trigger)


def _start():
    iface.mainWindow().setGeometry(0, 0, 1600, 1000)  # the Xvfb screen, before the plan is zoomed to
    QTimer.singleShot(1000, _run)


# `qgis --code` runs this before QGIS has finished starting: act once it says so.
iface.initializationCompleted.connect(_start)
