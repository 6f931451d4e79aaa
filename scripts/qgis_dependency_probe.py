"""Run inside the real QGIS desktop (`qgis --code`) on a Python without shapely 2.

Acts once QGIS says its start is complete, records what a user sees, then
clears the project and leaves through File ▸ Exit.

Environment:
  HENGYANG_PROBE_OUT   JSON file to write the observed state to
  HENGYANG_PROBE_STEP  "install": find the plugin's message, click "Install dependency",
                       wait for the install, unload the plugin;
                       "after": (a restart later) record toolbar, dock and where shapely came from,
                       load the plan and review HENGYANG_PROBE_REVIEW with the engine
  HENGYANG_PROBE_SCREENSHOT  PNG of the main window with the message (install step)
"""

import json
import os
import sys
import traceback

from qgis.core import QgsApplication, QgsProject
from qgis.PyQt.QtCore import QEvent, QTimer
from qgis.PyQt.QtWidgets import QApplication, QDockWidget, QLabel, QPushButton, QTextEdit, QToolBar
from qgis.utils import iface, plugins, unloadPlugin

PLUGIN = "hengyang_plan_plugin"
state = {"errors": []}


def _wait(milliseconds):
    deadline = QTimer()
    deadline.setSingleShot(True)
    deadline.start(milliseconds)
    while deadline.isActive():
        QApplication.processEvents()


def _message_texts():
    bar = iface.messageBar()
    texts = [w.toPlainText() for w in bar.findChildren(QTextEdit) if w.isVisible()]
    texts += [w.text() for w in bar.findChildren(QLabel) if w.isVisible() and w.text()]
    return texts


def _buttons(name):
    return [b for b in iface.messageBar().findChildren(QPushButton, name) if b.isVisible()]


def _install_step():
    plugin = plugins.get(PLUGIN)
    state["plugin_class"] = type(plugin).__name__ if plugin is not None else None
    state["messages_at_start"] = _message_texts()
    buttons = _buttons("HengyangInstallDependency")
    state["install_buttons"] = [b.text() for b in buttons]
    screenshot = os.environ.get("HENGYANG_PROBE_SCREENSHOT")
    if screenshot:
        iface.mainWindow().grab().save(screenshot, "PNG")
    if not buttons:
        return
    buttons[0].click()
    _wait(300)
    state["messages_while_installing"] = _message_texts()
    for _ in range(600):  # at most 5 minutes
        outcome = getattr(plugin, "install_outcome", None) or {}
        if outcome.get("state") not in (None, "running"):
            break
        _wait(500)
    state["install_outcome"] = getattr(plugin, "install_outcome", None)
    _wait(300)
    state["messages_after_install"] = _message_texts()
    unloadPlugin(PLUGIN)
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    state["buttons_after_unload"] = len(_buttons("HengyangInstallDependency")) + len(
        _buttons("HengyangDependencyCommands"))


def _after_step():
    window = iface.mainWindow()
    plugin = plugins.get(PLUGIN)
    state["plugin_class"] = type(plugin).__name__ if plugin is not None else None
    state["toolbar"] = window.findChild(QToolBar, "HengyangPlanToolbar") is not None
    dock = window.findChild(QDockWidget, "HengyangPlanDock")
    state["dock"] = dock is not None
    state["dock_title"] = dock.windowTitle() if dock else None
    state["provider"] = QgsApplication.processingRegistry().providerById("hengyangplan") is not None
    shapely = sys.modules.get("shapely")
    state["shapely"] = {"version": getattr(shapely, "__version__", None),
                        "file": getattr(shapely, "__file__", None)}
    state["messages_at_start"] = _message_texts()
    if plugin is not None and hasattr(plugin, "dock"):
        # The engine runs on the installed shapely with the system numpy and GDAL.
        from hengyang_plan_plugin import api

        plugin.dock.load_plan()
        _wait(1500)
        state["plan_layers"] = sum(1 for layer in QgsProject.instance().mapLayers().values()
                                   if layer.customProperty("hengyang/layer"))
        sample = os.environ.get("HENGYANG_PROBE_REVIEW")
        if sample:
            state["review_verdict"] = api.review(sample).to_dict()["verdict"]


def _run():
    try:
        state["settings_dir"] = QgsApplication.qgisSettingsDirPath()
        state["python_prefix"] = sys.prefix
        step = os.environ.get("HENGYANG_PROBE_STEP", "install")
        _install_step() if step == "install" else _after_step()
    except Exception:  # the probe must always report and quit
        state["errors"].append(traceback.format_exc())
    finally:
        with open(os.environ["HENGYANG_PROBE_OUT"], "w", encoding="utf-8") as handle:
            json.dump(state, handle, ensure_ascii=False, indent=1)
        QgsProject.instance().clear()
        QTimer.singleShot(0, iface.actionExit().trigger)  # File ▸ Exit


iface.initializationCompleted.connect(lambda: QTimer.singleShot(1000, _run))
