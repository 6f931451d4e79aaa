"""The plan indicators tab (监测评估): GHZB targets against what the plan data measure.

The computation is ``core/indicators.py``; ``compute()`` runs it in a QgsTask
(a city-wide union takes seconds), ``compute_now()`` in the caller's thread.
"""

from __future__ import annotations

from typing import Callable

from qgis.core import QgsApplication
from qgis.PyQt.QtGui import QColor
from qgis.PyQt.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ..core.indicators import MET, NOT_MET, IndicatorReport, compute_indicators
from ..core.plan.model import PlanSourceError
from ..core.report.presentation import STATUS_COLOURS as REVIEW_STATUS_COLOURS
from ..core.status import CONFLICT, PASS
from ..i18n import tr
from ..toolbelt.tasks import BackgroundTask
from .tables import read_only_table

# 达标 / 未达标 in the review's pass / conflict colours.
STATUS_COLOURS = {MET: REVIEW_STATUS_COLOURS[PASS], NOT_MET: REVIEW_STATUS_COLOURS[CONFLICT]}
COUNTY_LAYERS = ("YJJBNT", "STBHHX", "CZKFBJ")


def _number(value) -> str:
    return "" if value is None else f"{value:g}"


class IndicatorsPanel(QWidget):
    """``IndicatorsPanel(plan_source=None)``: plan_source returns the plan to measure ("" = sample)."""

    def __init__(self, plan_source: Callable[[], str | None] | None = None, parent=None):
        super().__init__(parent)
        self._plan_source = plan_source or (lambda: None)
        self.report: IndicatorReport | None = None
        self.task: BackgroundTask | None = None

        layout = QVBoxLayout(self)
        row = QHBoxLayout()
        self.compute_button = QPushButton(tr("Compute plan indicators"))
        self.compute_button.setObjectName("indicatorsCompute")
        self.compute_button.clicked.connect(self.compute)
        self.status_label = QLabel(tr("Measures the plan data against the targets in its GHZB table."))
        self.status_label.setObjectName("indicatorsStatus")
        self.status_label.setWordWrap(True)
        row.addWidget(self.compute_button)
        row.addWidget(self.status_label, 1)
        layout.addLayout(row)

        self.table = read_only_table(
            "indicatorsTable",
            [
                tr("Indicator"),
                tr("Scope"),
                tr("Target"),
                tr("Computed"),
                tr("Difference"),
                tr("Unit"),
                tr("Result"),
                tr("How computed"),
            ],
        )
        layout.addWidget(self.table, 3)

        layout.addWidget(QLabel(tr("Control lines per county (km²)")))
        self.county_table = read_only_table(
            "indicatorsCountyTable",
            [
                tr("Code"),
                tr("County"),
                tr("Permanent basic farmland"),
                tr("Ecological protection red line"),
                tr("Urban development boundary"),
            ],
        )
        layout.addWidget(self.county_table, 2)

    # --- computing ---------------------------------------------------------

    def compute_now(self) -> IndicatorReport | None:
        try:
            report = compute_indicators(self._plan_source() or None)
        except (PlanSourceError, ValueError) as error:
            self.status_label.setText(str(error))
            return None
        self.show_report(report)
        return report

    def compute(self) -> None:
        """Compute in the background; the tables fill when the task ends."""
        if self.task is not None:
            return
        plan = self._plan_source() or None
        self.compute_button.setEnabled(False)
        self.status_label.setText(tr("Computing plan indicators…"))
        self.task = BackgroundTask(
            tr("Plan indicators"), lambda _task: compute_indicators(plan), self._finished, self._failed,
            can_cancel=False,
        )
        QgsApplication.taskManager().addTask(self.task)

    def _finished(self, report: IndicatorReport) -> None:
        self.task = None
        self.compute_button.setEnabled(True)
        self.show_report(report)

    def _failed(self, message: str) -> None:
        self.task = None
        self.compute_button.setEnabled(True)
        self.status_label.setText(message)

    # --- showing -----------------------------------------------------------

    def show_report(self, report: IndicatorReport) -> None:
        self.report = report
        met = sum(1 for row in report.rows if row.status == MET)
        not_met = sum(1 for row in report.rows if row.status == NOT_MET)
        text = tr("{} met, {} not met, {} not computable from the data — {}").format(
            met, not_met, len(report.rows) - met - not_met, report.plan_source
        )
        if report.warnings:
            text += "\n" + "；".join(report.warnings)
        self.status_label.setText(text)
        self.table.setRowCount(len(report.rows))
        for index, row in enumerate(report.rows):
            values = (
                row.name,
                row.scope,
                _number(row.target),
                _number(row.value),
                _number(row.difference),
                row.unit,
                row.status_label,
                row.method,
            )
            for column, value in enumerate(values):
                item = QTableWidgetItem(value)
                if column == 6 and row.status in STATUS_COLOURS:
                    item.setForeground(QColor(STATUS_COLOURS[row.status]))
                self.table.setItem(index, column, item)
        self.table.resizeColumnsToContents()
        self._fill_counties(report)

    def _fill_counties(self, report: IndicatorReport) -> None:
        by_county: dict[tuple[str, str], dict[str, float]] = {}
        for county in report.counties:
            by_county.setdefault((county.code, county.name), {})[county.layer] = county.area_m2 / 1_000_000.0
        self.county_table.setRowCount(len(by_county))
        for index, ((code, name), areas) in enumerate(sorted(by_county.items())):
            values = [code, name] + [
                f"{areas[layer]:.2f}" if layer in areas else "" for layer in COUNTY_LAYERS
            ]
            for column, value in enumerate(values):
                self.county_table.setItem(index, column, QTableWidgetItem(value))
        self.county_table.resizeColumnsToContents()
