"""The 质检 part of the dock's 规划 tab: run 规划成果质检 in the background and walk through its findings.

``core.qa.run_plan_qa`` runs in a ``BackgroundTask`` (progress, 取消); the
findings fill a tree grouped by rule (severity, title, count), and a click on
a finding emits ``locate`` with its geometry and CRS so the dock zooms there.
导出质检报告 writes qa.json, qa.html, qa.pdf and qa_errors.gpkg like
``make checkplan``.
"""

from __future__ import annotations

from typing import Callable

from qgis.core import QgsApplication
from qgis.PyQt.QtCore import pyqtSignal
from qgis.PyQt.QtGui import QColor
from qgis.PyQt.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ..core.qa import ERROR, QaReport, run_plan_qa
from ..i18n import tr
from ..paths import plugin_version
from ..toolbelt.tasks import BackgroundTask

SEVERITY_COLOURS = {ERROR: "#c0392b"}
WARNING_COLOUR = "#b9770e"
FINDING_ROLE = 256  # Qt.ItemDataRole.UserRole: the finding's index in the report


class QaPanel(QWidget):
    locate = pyqtSignal(object, str)  # shapely geometry, CRS key

    def __init__(self, plan_source: Callable[[], str | None] | None = None, parent=None):
        super().__init__(parent)
        self._plan_source = plan_source or (lambda: None)
        self.report: QaReport | None = None
        self.task: BackgroundTask | None = None

        layout = QVBoxLayout(self)
        row = QHBoxLayout()
        self.run_button = QPushButton(tr("Check plan (QA)"))
        self.run_button.setObjectName("planQaRun")
        self.run_button.setToolTip(
            tr("规划成果质检: structure, values, geometry and topology of the plan database, before reviews rely on it")
        )
        self.run_button.clicked.connect(self.run)
        self.cancel_button = QPushButton(tr("Cancel"))
        self.cancel_button.setObjectName("planQaCancel")
        self.cancel_button.setEnabled(False)
        self.cancel_button.clicked.connect(self.cancel)
        self.export_button = QPushButton(tr("Export QA report…"))
        self.export_button.setObjectName("planQaExport")
        self.export_button.setEnabled(False)
        self.export_button.clicked.connect(self._export_clicked)
        row.addWidget(self.run_button)
        row.addWidget(self.cancel_button)
        row.addWidget(self.export_button)
        layout.addLayout(row)
        self.progress = QProgressBar()
        self.progress.setObjectName("planQaProgress")
        self.progress.setRange(0, 100)
        self.progress.setVisible(False)
        layout.addWidget(self.progress)
        self.status_label = QLabel(tr("Check the plan database before reviewing against it."))
        self.status_label.setObjectName("planQaStatus")
        self.status_label.setWordWrap(True)
        layout.addWidget(self.status_label)
        self.tree = QTreeWidget()
        self.tree.setObjectName("planQaTree")
        self.tree.setHeaderLabels([tr("Finding"), tr("Layer"), tr("Area (m²)")])
        self.tree.itemClicked.connect(self._clicked)
        layout.addWidget(self.tree, 1)

    # --- running -----------------------------------------------------------

    def run(self) -> None:
        if self.task is not None:
            return
        plan = self._plan_source() or None
        self.run_button.setEnabled(False)
        self.cancel_button.setEnabled(True)
        self.progress.setValue(0)
        self.progress.setVisible(True)
        self.status_label.setText(tr("Checking the plan…"))
        self.task = BackgroundTask(
            tr("Plan QA"), lambda task: run_plan_qa(plan, task, plugin_version()), self._finished, self._failed
        )
        self.task.progressChanged.connect(lambda value: self.progress.setValue(int(value)))
        QgsApplication.taskManager().addTask(self.task)

    def cancel(self) -> None:
        if self.task is not None:
            self.task.cancel()

    def _idle(self) -> None:
        self.task = None
        self.run_button.setEnabled(True)
        self.cancel_button.setEnabled(False)
        self.progress.setVisible(False)

    def _finished(self, report: QaReport) -> None:
        self._idle()
        self.show_report(report)

    def _failed(self, message: str) -> None:
        self._idle()
        self.status_label.setText(message)

    # --- showing -----------------------------------------------------------

    def show_report(self, report: QaReport) -> None:
        self.report = report
        self.export_button.setEnabled(True)
        self.status_label.setText(
            tr("{} — {} ({:.1f} s)").format(report.summary(), report.plan_source, report.seconds)
        )
        self.tree.clear()
        index_of = {id(finding): i for i, finding in enumerate(report.findings)}
        for rule, found in report.by_rule():
            colour = QColor(SEVERITY_COLOURS.get(rule.severity, WARNING_COLOUR))
            count = sum(f.count for f in found)
            group = QTreeWidgetItem([f"[{rule.severity}] {rule.title}（{count}）", "", ""])
            group.setForeground(0, colour)
            group.setToolTip(0, rule.basis)
            for finding in found:
                area = "" if finding.area_m2 is None else f"{finding.area_m2:,.2f}"
                item = QTreeWidgetItem([finding.message, finding.layer, area])
                item.setToolTip(0, finding.message)
                item.setData(0, FINDING_ROLE, index_of[id(finding)])
                group.addChild(item)
            self.tree.addTopLevelItem(group)
        if self.tree.topLevelItemCount() == 1:
            self.tree.expandAll()
        self.tree.resizeColumnToContents(1)

    def _clicked(self, item: QTreeWidgetItem, _column: int = 0) -> None:
        index = item.data(0, FINDING_ROLE)
        if self.report is None or index is None:
            return
        finding = self.report.findings[int(index)]
        if finding.geometry is not None and not finding.geometry.is_empty and self.report.crs:
            self.locate.emit(finding.geometry, self.report.crs)

    # --- exporting ---------------------------------------------------------

    def export(self, folder: str):
        """qa.json, qa.html, qa.pdf and qa_errors.gpkg of the shown report into ``folder``."""
        from ..qgis_adapters.qa_outputs import write_qa_outputs

        outputs = write_qa_outputs(self.report, folder)
        self.status_label.setText(tr("QA report written to {}").format(folder))
        return outputs

    def _export_clicked(self) -> None:
        if self.report is None:
            return
        from .output_names import last_output_dir, set_last_output_dir

        folder = QFileDialog.getExistingDirectory(self, tr("Export QA report"), last_output_dir())
        if folder:
            set_last_output_dir(folder)
            self.export(folder)
