"""Run inside QGIS (`qgis --code`): load the sample plan through the plugin."""

from qgis.PyQt.QtCore import QTimer
from qgis.utils import plugins


def _load():
    plugin = plugins.get("hengyang_plan_plugin")
    if plugin is None:
        print("hengyang_plan_plugin is not loaded; check the profile's [PythonPlugins] section")
        return
    plugin.dock.load_plan()


# Wait until the main window has finished starting.
QTimer.singleShot(500, _load)
