"""Plugin entry point: wires the toolbar, dock, actions and Processing provider.

Nothing here does review or loading work; each action calls into the modules
that own it. ``unload`` removes exactly what ``initGui`` added.
"""

from __future__ import annotations

from qgis.core import QgsApplication
from qgis.PyQt.QtCore import Qt
from qgis.PyQt.QtGui import QIcon
from qgis.PyQt.QtWidgets import QAction

from .gui.dock import HengyangPlanDock
from .gui.draw_site_tool import DrawSiteTool
from .gui.options_page import HengyangOptionsFactory
from .gui.plan_query_tool import PlanQueryTool
from .i18n import install_qt_translator, install_translator, remove_translator, tr
from .paths import icon_path
from .processing.provider import HengyangPlanProvider
from .qgis_adapters.preferences import Preferences
from .toolbelt.log import install_logging_bridge, remove_logging_bridge
from .toolbelt.tasks import cancel_all_tasks

TOOLBAR_NAME = "HengyangPlanToolbar"


class HengyangPlanPlugin:
    def __init__(self, iface):
        self.iface = iface
        self.translator = None
        self.qt_translator = None
        self.provider: HengyangPlanProvider | None = None
        self.toolbar = None
        self.dock: HengyangPlanDock | None = None
        self.actions: dict[str, QAction] = {}
        self.options_factory: HengyangOptionsFactory | None = None
        self.query_tool: PlanQueryTool | None = None
        self.draw_tool: DrawSiteTool | None = None

    @property
    def menu_name(self) -> str:
        return tr("&Hengyang plan review")

    # --- QGIS hooks --------------------------------------------------------

    def initProcessing(self):  # noqa: N802 (QGIS's name)
        from .qgis_adapters.review_log_setup import configure_review_log

        configure_review_log()
        self.provider = HengyangPlanProvider()
        QgsApplication.processingRegistry().addProvider(self.provider)

    def initGui(self):  # noqa: N802 (QGIS's name)
        install_logging_bridge()  # the core's warnings (e.g. a review log that cannot be written) reach QGIS
        self.translator = install_translator()
        self.qt_translator = install_qt_translator()
        self.initProcessing()

        self.toolbar = self.iface.addToolBar(tr("Hengyang plan review"))
        self.toolbar.setObjectName(TOOLBAR_NAME)

        self.dock = HengyangPlanDock(self.iface, self.iface.mainWindow())
        self.iface.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.dock)

        self._add_action(
            "hengyang_load_plan", "load_plan.svg", tr("Load the Hengyang plan"), self.dock.load_plan
        )
        self._add_action("hengyang_import_txt", "import_txt.svg", tr("Import site coordinates"), self.import_site)
        self.draw_tool = DrawSiteTool(self.iface.mapCanvas(), self.iface)
        draw_action = self._add_action("hengyang_draw_site", "draw_site.svg", tr("Draw the site"), self.start_drawing)
        draw_action.setCheckable(True)
        self.draw_tool.setAction(draw_action)
        self.draw_tool.parcelAdded.connect(lambda _feature: self.dock.use_site_layer(self.draw_tool.layer))
        self.dock.review_panel.import_button.clicked.connect(self.import_site)
        self.dock.review_panel.draw_button.clicked.connect(draw_action.trigger)

        self._add_action("hengyang_review", "review.svg", tr("Run the review"), self._run_review)
        self._add_action("hengyang_print", "print.svg", tr("Print the review sheet"), self.dock.print_review)

        self.query_tool = PlanQueryTool(self.iface.mapCanvas(), lambda: Preferences.load().plan_source)
        self.query_tool.answered.connect(self.dock.show_query)
        query_action = self._add_action("hengyang_query_plan", "query_plan.svg", tr("Query the plan at a point"),
                                        lambda: self.iface.mapCanvas().setMapTool(self.query_tool))
        query_action.setCheckable(True)
        self.query_tool.setAction(query_action)

        dock_action = self.dock.toggleViewAction()
        dock_action.setIcon(QIcon(str(icon_path("hengyang.svg"))))
        dock_action.setText(tr("Plan review panel"))
        self._add_existing_action("hengyang_show_dock", dock_action)

        self.options_factory = HengyangOptionsFactory()
        self.iface.registerOptionsWidgetFactory(self.options_factory)

    def unload(self):
        cancel_all_tasks()  # reviews, indicators, exports: their callbacks see the dock gone
        for tool in (self.query_tool, self.draw_tool):
            if tool is not None:
                if self.iface.mapCanvas().mapTool() is tool:
                    self.iface.mapCanvas().unsetMapTool(tool)
                tool.deleteLater()
        self.query_tool = self.draw_tool = None
        for action in self.actions.values():
            self.iface.removePluginMenu(self.menu_name, action)
            if self.toolbar is not None:
                self.toolbar.removeAction(action)
        self.actions.clear()
        if self.options_factory is not None:
            self.iface.unregisterOptionsWidgetFactory(self.options_factory)
            self.options_factory = None
        if self.dock is not None:
            self.dock.shutdown()
            self.iface.removeDockWidget(self.dock)
            self.dock.deleteLater()
            self.dock = None
        if self.toolbar is not None:
            self.iface.mainWindow().removeToolBar(self.toolbar)
            self.toolbar.deleteLater()
            self.toolbar = None
        if self.provider is not None:
            QgsApplication.processingRegistry().removeProvider(self.provider)
            self.provider = None
        remove_translator(self.translator)
        remove_translator(self.qt_translator)
        self.translator = self.qt_translator = None
        # Cached plan handles and log connections must not outlive the plugin.
        from .core import review_log
        from .core.plan.registry import close_plans

        review_log.reset()
        review_log.close_connections()
        close_plans()
        remove_logging_bridge()

    # --- actions -----------------------------------------------------------

    def import_site(self) -> None:
        """界址点坐标 TXT (or any vector file) into the 送审红线 layer, after a preview."""
        from .gui.import_dialog import ImportTxtDialog

        dialog = ImportTxtDialog(self.iface, self.iface.mainWindow())
        if dialog.exec():
            self.dock.use_site_layer(dialog.layer, dialog.submission.land_use)

    def start_drawing(self) -> None:
        """绘制送审红线: a new case when the last one was reviewed, then the tool, ready at the first click."""
        canvas = self.iface.mapCanvas()
        if canvas.mapTool() is self.draw_tool:
            self.draw_tool.action().setChecked(True)  # a second click keeps drawing
            return
        self.dock.start_drawn_case()
        self.draw_tool.prepare()
        canvas.setMapTool(self.draw_tool)

    def _run_review(self) -> None:
        self.dock.show()
        self.dock.tabs.setCurrentIndex(0)
        self.dock.run_review()

    # --- helpers -----------------------------------------------------------

    def _add_action(self, object_name: str, icon: str, text: str, callback) -> QAction:
        action = QAction(QIcon(str(icon_path(icon))), text, self.iface.mainWindow())
        action.triggered.connect(callback)
        return self._add_existing_action(object_name, action)

    def _add_existing_action(self, object_name: str, action: QAction) -> QAction:
        action.setObjectName(object_name)
        self.toolbar.addAction(action)
        self.iface.addPluginToMenu(self.menu_name, action)
        self.actions[object_name] = action
        return action
