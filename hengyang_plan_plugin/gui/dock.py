"""The dock ``HengyangPlanDock``: plan status, the site, the review and its result."""

from __future__ import annotations

from qgis.core import Qgis, QgsProject
from qgis.PyQt.QtWidgets import (
    QDockWidget,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from ..core.plan_location import PlanSourceError
from ..core.plan_schema import layer_title
from ..i18n import tr
from ..qgis_adapters.preferences import Preferences

DOCK_NAME = "HengyangPlanDock"


class PlanStatusPanel(QWidget):
    """Which plan is loaded, and which of its layers were found or are missing."""

    def __init__(self, parent=None):
        super().__init__(parent)
        layout = QVBoxLayout(self)
        self.source_label = QLabel(tr("No plan loaded. Click “Load the Hengyang plan” on the toolbar."))
        self.source_label.setObjectName("planSourceLabel")
        self.source_label.setWordWrap(True)
        self.notice_label = QLabel()
        self.notice_label.setObjectName("planNoticeLabel")
        self.notice_label.setWordWrap(True)
        self.notice_label.setStyleSheet("color: #b45f06;")
        self.layer_list = QListWidget()
        self.layer_list.setObjectName("planLayerList")
        layout.addWidget(self.source_label)
        layout.addWidget(self.notice_label)
        layout.addWidget(self.layer_list)

    def show_report(self, report) -> None:
        self.source_label.setText(tr("Plan source: {}").format(report.source))
        self.notice_label.setText(
            tr("Bundled sample data (示意数据), not the statutory plan.") if report.is_sample else ""
        )
        self.layer_list.clear()
        for name in report.loaded:
            self.layer_list.addItem(QListWidgetItem("✔ {} {}".format(name, layer_title(name))))
        for name in report.missing:
            self.layer_list.addItem(QListWidgetItem("✘ {} {} — {}".format(name, layer_title(name), tr("missing"))))


class HengyangPlanDock(QDockWidget):
    def __init__(self, iface, parent=None):
        super().__init__(tr("Hengyang plan review"), parent)
        self.setObjectName(DOCK_NAME)
        self.iface = iface
        self.tabs = QTabWidget()
        self.tabs.setObjectName("hengyangTabs")
        self.plan_panel = PlanStatusPanel()
        self.tabs.addTab(self.plan_panel, tr("Plan"))
        self.setWidget(self.tabs)
        self.last_load_report = None

    def load_plan(self) -> None:
        """Load the configured plan (default: the bundled sample) into the project."""
        from ..qgis_adapters.plan_loader import load_plan

        source = Preferences.load().plan_source
        try:
            report = load_plan(source or None, QgsProject.instance(), self.iface.mapCanvas())
        except PlanSourceError as error:
            self.iface.messageBar().pushMessage(tr("Hengyang plan"), str(error), Qgis.Critical, 10)
            return
        self.last_load_report = report
        self.plan_panel.show_report(report)
        self.show()
        if report.missing:
            self.iface.messageBar().pushMessage(
                tr("Hengyang plan"),
                tr("Plan layers not found: {}").format(", ".join(report.missing)),
                Qgis.Warning,
                10,
            )
        else:
            self.iface.messageBar().pushMessage(
                tr("Hengyang plan"), tr("Loaded {} plan layers.").format(len(report.loaded)), Qgis.Success, 5
            )

    def shutdown(self) -> None:
        """Called by the plugin's unload: stop anything still running."""
