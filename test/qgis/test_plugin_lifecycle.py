"""initGui wires exactly the toolbar, dock, menu and provider; unload removes them."""

from __future__ import annotations

import pytest
from qgis.core import QgsApplication
from qgis.PyQt.QtCore import QEvent
from qgis.PyQt.QtWidgets import QApplication, QDockWidget, QMenu, QToolBar

from test.qgis_iface_support import complete_iface

CONTRACT_ACTIONS = {
    "hengyang_load_plan", "hengyang_review", "hengyang_import_txt", "hengyang_draw_site", "hengyang_print"
}


@pytest.fixture()
def iface(qgis_iface):
    complete_iface(qgis_iface)
    return qgis_iface


def _counts(iface) -> dict[str, int]:
    # deleteLater() takes effect when deferred deletes are delivered.
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    window = iface.mainWindow()
    plugin_menu = iface.pluginMenu()
    return {
        "toolbars": sum(1 for t in window.findChildren(QToolBar, "HengyangPlanToolbar") if t.parent() is window),
        "docks": len(window.findChildren(QDockWidget, "HengyangPlanDock")),
        "menus": sum(1 for a in plugin_menu.actions() if isinstance(a.menu(), QMenu) and a.menu().actions()),
        "options_pages": len(iface.options_factories),
        "providers": int(QgsApplication.processingRegistry().providerById("hengyangplan") is not None),
    }


def _start(iface):
    from hengyang_plan_plugin import classFactory

    plugin = classFactory(iface)
    plugin.initGui()
    return plugin


def test_init_gui_wires_toolbar_dock_menu_and_provider(iface):
    plugin = _start(iface)
    try:
        assert _counts(iface) == {"toolbars": 1, "docks": 1, "menus": 1, "options_pages": 1, "providers": 1}
        names = {action.objectName() for action in plugin.toolbar.actions()}
        assert names >= CONTRACT_ACTIONS
        assert plugin.dock.objectName() == "HengyangPlanDock"
        assert plugin.toolbar.objectName() == "HengyangPlanToolbar"
    finally:
        plugin.unload()


def test_unload_removes_everything_and_reload_does_not_duplicate(iface):
    before = _counts(iface)
    plugin = _start(iface)
    plugin.unload()
    assert _counts(iface) == before

    first = _start(iface)
    first.unload()
    second = _start(iface)
    try:
        assert _counts(iface) == {"toolbars": 1, "docks": 1, "menus": 1, "options_pages": 1, "providers": 1}
    finally:
        second.unload()
