"""The plan indicators tab (监测评估): GHZB targets against what the plan data measure.

The computation is ``core/indicators.py``; ``compute()`` runs it in a QgsTask
(a city-wide union takes seconds), ``compute_now()`` in the caller's thread.
Each row says whether it is a 空间指标 (its layers and method shown) or a 非空间指标 (where its
现状值 is published); the 现状值 of a 非空间指标 is typed into its cell, kept per plan in the QGIS
settings, compared with the target at once and written by 导出指标表.
"""

from __future__ import annotations

import json
from typing import Callable

from qgis.core import QgsApplication, QgsSettings
from qgis.PyQt.QtCore import Qt
from qgis.PyQt.QtGui import QColor
from qgis.PyQt.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ..core import output_files
from ..core.indicators import (
    MET,
    NON_SPATIAL,
    NOT_MET,
    IndicatorReport,
    apply_current_values,
    compute_indicators,
    indicators_csv,
)
from ..core.plan.model import PlanSourceError
from ..core.report.presentation import STATUS_COLOURS as REVIEW_STATUS_COLOURS
from ..core.status import CONFLICT, PASS
from ..i18n import tr
from ..toolbelt.tasks import BackgroundTask
from .tables import read_only_table

# 达标 / 未达标 in the review's pass / conflict colours.
STATUS_COLOURS = {MET: REVIEW_STATUS_COLOURS[PASS], NOT_MET: REVIEW_STATUS_COLOURS[CONFLICT]}
COUNTY_LAYERS = ("YJJBNT", "STBHHX", "CZKFBJ")
SETTINGS_KEY = "hengyang_plan_plugin/indicator_current_values"  # JSON: plan source -> {ZBMC: 现状值}
COLUMNS = ("name", "scope", "kind", "target", "value", "difference", "unit", "result", "basis")
VALUE_COLUMN = COLUMNS.index("value")
RESULT_COLUMN = COLUMNS.index("result")
ENTERED_BACKGROUND = "#fff8dc"  # a cell the technician fills in


def _number(value) -> str:
    return "" if value is None else f"{value:g}"


def _parse_number(text: str) -> float | None:
    """'664.52', '６６４．５２', '73.5%', '1,234' → a number; '' → None; anything else raises ValueError."""
    import unicodedata

    cleaned = unicodedata.normalize("NFKC", text).replace(",", "").replace("%", "").strip()
    return float(cleaned) if cleaned else None


def stored_values(plan_key: str) -> dict[str, float]:
    try:
        everything = json.loads(QgsSettings().value(SETTINGS_KEY, "{}") or "{}")
    except (TypeError, ValueError):
        return {}
    values = everything.get(plan_key) or {}
    return {str(name): float(value) for name, value in values.items() if isinstance(value, (int, float))}


def store_value(plan_key: str, name: str, value: float | None) -> None:
    try:
        everything = json.loads(QgsSettings().value(SETTINGS_KEY, "{}") or "{}")
    except (TypeError, ValueError):
        everything = {}
    values = everything.setdefault(plan_key, {})
    if value is None:
        values.pop(name, None)
    else:
        values[name] = value
    QgsSettings().setValue(SETTINGS_KEY, json.dumps(everything, ensure_ascii=False))


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
        self.export_button = QPushButton(tr("Export indicator table…"))
        self.export_button.setObjectName("indicatorsExport")
        self.export_button.setEnabled(False)
        self.export_button.clicked.connect(self._export_clicked)
        self.status_label = QLabel(tr("Measures the plan data against the targets in its GHZB table."))
        self.status_label.setObjectName("indicatorsStatus")
        self.status_label.setWordWrap(True)
        row.addWidget(self.compute_button)
        row.addWidget(self.export_button)
        row.addWidget(self.status_label, 1)
        layout.addLayout(row)

        self.table = read_only_table(
            "indicatorsTable",
            [
                tr("Indicator"),
                tr("Scope"),
                tr("Kind"),
                tr("Target"),
                tr("Current value"),
                tr("Difference"),
                tr("Unit"),
                tr("Result"),
                tr("Layers and method / data source"),
            ],
        )
        # Only the 现状值 cells of 非空间指标 are editable (their item flags say so).
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.DoubleClicked
                                   | QAbstractItemView.EditTrigger.EditKeyPressed
                                   | QAbstractItemView.EditTrigger.AnyKeyPressed)
        self.table.itemChanged.connect(self._value_edited)
        self._filling = False
        layout.addWidget(self.table, 3)
        hint = QLabel(tr("空间指标 are measured from the plan layers shown; for a 非空间指标 type its 现状值 "
                         "from the data source named, and it is compared with the target."))
        hint.setObjectName("indicatorsHint")
        hint.setWordWrap(True)
        layout.addWidget(hint)

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

    def plan_key(self) -> str:
        return self._plan_source() or ""

    def compute_now(self) -> IndicatorReport | None:
        try:
            report = compute_indicators(self._plan_source() or None, current_values=stored_values(self.plan_key()))
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
        values = stored_values(self.plan_key())
        self.task = BackgroundTask(
            tr("Plan indicators"), lambda _task: compute_indicators(plan, current_values=values), self._finished,
            self._failed, can_cancel=False,
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
        self._show_summary()
        self._filling = True
        try:
            self.table.setRowCount(len(report.rows))
            for index, row in enumerate(report.rows):
                self._fill_row(index, row)
        finally:
            self._filling = False
        self.table.resizeColumnsToContents()
        self.export_button.setEnabled(True)
        self._fill_counties(report)

    def _show_summary(self) -> None:
        report = self.report
        met = sum(1 for row in report.rows if row.status == MET)
        not_met = sum(1 for row in report.rows if row.status == NOT_MET)
        awaiting = sum(1 for row in report.rows if row.kind == NON_SPATIAL and row.value is None)
        text = tr("{} met, {} not met, {} 非空间指标 awaiting their 现状值 — {}").format(
            met, not_met, awaiting, report.plan_source
        )
        if report.warnings:
            text += "\n" + "；".join(report.warnings)
        self.status_label.setText(text)

    def _fill_row(self, index: int, row) -> None:
        values = (row.name, row.scope, row.kind_label, _number(row.target), _number(row.value),
                  _number(row.difference), row.unit, row.status_label, row.basis_text)
        for column, value in enumerate(values):
            item = QTableWidgetItem(value)
            flags = item.flags() & ~Qt.ItemFlag.ItemIsEditable
            if column == VALUE_COLUMN and row.kind == NON_SPATIAL:
                flags |= Qt.ItemFlag.ItemIsEditable
                item.setBackground(QColor(ENTERED_BACKGROUND))
                item.setToolTip(tr("Type the 现状值 from: {}").format(row.data_source))
            item.setFlags(flags)
            if column == RESULT_COLUMN and row.status in STATUS_COLOURS:
                item.setForeground(QColor(STATUS_COLOURS[row.status]))
            if column == len(values) - 1:
                item.setToolTip(value)
            self.table.setItem(index, column, item)

    def set_current_value(self, name: str, value: float | None) -> None:
        """Enter (or clear) a 非空间指标's 现状值: kept for this plan, compared at once."""
        store_value(self.plan_key(), name, value)
        if self.report is None:
            return
        apply_current_values(self.report, {name: value})
        index = next(i for i, row in enumerate(self.report.rows) if row.name == name)
        self._filling = True
        try:
            self._fill_row(index, self.report.rows[index])
        finally:
            self._filling = False
        self._show_summary()

    def _value_edited(self, item: QTableWidgetItem) -> None:
        if self._filling or self.report is None or item.column() != VALUE_COLUMN:
            return
        row = self.report.rows[item.row()]
        try:
            value = _parse_number(item.text())
        except ValueError:
            self.status_label.setText(tr("“{}” is not a number: type the 现状值 of {} in {}.").format(
                item.text(), row.name, row.unit))
            self._filling = True
            item.setText(_number(row.value))
            self._filling = False
            return
        self.set_current_value(row.name, value)

    def export(self, path: str) -> str:
        """The table as shown (entered 现状值 included) as CSV for Excel."""
        output_files.write_text(path, indicators_csv(self.report), encoding="utf-8")
        return path

    def _export_clicked(self) -> None:
        if self.report is None:
            return
        from .output_names import last_output_dir, set_last_output_dir

        suggested = f"{last_output_dir()}/规划指标监测.csv"
        path, _ = QFileDialog.getSaveFileName(self, tr("Export indicator table"), suggested, tr("CSV (*.csv)"))
        if path:
            set_last_output_dir(path.rsplit("/", 1)[0])
            self.export(path)
            self.status_label.setText(tr("Indicator table written to {}").format(path))

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
