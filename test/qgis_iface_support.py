"""Give pytest-qgis 2.1.0's QgisInterface stand-in the few calls it lacks.

The stand-in has no removeDockWidget/removePluginMenu and its addDockWidget and
addPluginToMenu do nothing. These implementations act on its real QMainWindow,
so tests see real docks and menus, as in QGIS.
"""

from __future__ import annotations

from qgis.PyQt.QtWidgets import QMenu


def complete_iface(iface) -> None:
    window = iface.mainWindow()
    # Its message bar keeps messages per level but knows no Qgis.Success.
    from qgis.core import Qgis

    bar = iface.messageBar()
    levels = Qgis.MessageLevel
    for level in (levels.Info, levels.Warning, levels.Critical, levels.Success):
        bar.messages.setdefault(level, [])
    if not hasattr(bar, "createMessage"):
        # pytest-qgis 2 (QGIS 3.22) has a text-only bar; the plugin pushes widgets (a message with a
        # button), as on QGIS's real bar: real QgsMessageBarItems, recorded like pushMessage's texts.
        from qgis.gui import QgsMessageBar

        widgets = []

        def push_widget(widget, level=levels.Info, duration=0):
            widgets.append(widget)
            bar.messages[level].append(f"{widget.title()}:{widget.text()}")
            return widget

        bar.createMessage = QgsMessageBar.createMessage
        bar.pushWidget = push_widget
        bar.popWidget = lambda widget: widgets.remove(widget) if widget in widgets else None
        bar.items = lambda: list(widgets)

    def plugin_menu() -> QMenu:
        menu = window.findChild(QMenu, "mPluginMenu")
        if menu is None:
            menu = window.menuBar().addMenu("Plugins")
            menu.setObjectName("mPluginMenu")
        return menu

    def add_plugin_to_menu(name, action):
        menu = plugin_menu()
        submenu = next((a.menu() for a in menu.actions() if a.menu() and a.text() == name), None)
        if submenu is None:
            submenu = menu.addMenu(name)
        submenu.addAction(action)

    def remove_plugin_menu(name, action):
        menu = plugin_menu()
        for entry in menu.actions():
            submenu = entry.menu()
            if submenu is not None and entry.text() == name:
                submenu.removeAction(action)
                if not submenu.actions():
                    menu.removeAction(entry)

    options_factories = []
    iface.options_factories = options_factories
    iface.registerOptionsWidgetFactory = options_factories.append
    iface.unregisterOptionsWidgetFactory = options_factories.remove
    iface.pluginMenu = plugin_menu
    iface.addPluginToMenu = add_plugin_to_menu
    iface.removePluginMenu = remove_plugin_menu
    iface.addDockWidget = lambda area, dock: window.addDockWidget(area, dock)
    iface.removeDockWidget = lambda dock: window.removeDockWidget(dock)
