"""The review log tab (留痕): past reviews, filters, and their reports reopened.

Reads ``core/review_log.py``; never writes to it. ``open_report`` opens the
record's review.pdf (else review.html) from the folder its reports went to;
for a review without report files (a dock run) it renders the logged
review.json into an HTML page in the temp folder and opens that.
"""

from __future__ import annotations

import datetime as _dt
import tempfile
from pathlib import Path

from qgis.PyQt.QtCore import Qt, QUrl, pyqtSignal
from qgis.PyQt.QtGui import QColor, QDesktopServices
from qgis.PyQt.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ..core import review_log
from ..core.report.presentation import verdict_colour, verdict_label
from ..core.status import VERDICTS
from ..i18n import tr
from .tables import read_only_table

REPORT_NAMES = ("review.pdf", "review.html")


def _open_with_system(path: Path) -> bool:
    return QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))


class ReviewLogPanel(QWidget):
    """``ReviewLogPanel(log_path=None)``: None uses the configured log (``review_log.resolve_log_path``).

    Signals: ``result_requested(dict)`` with a logged review.json (show it in the
    result view); ``compare_requested(dict, dict)`` with (previous, selected)
    review.json of the same case (show the diff). Call ``refresh()`` after a review.
    """

    result_requested = pyqtSignal(dict)
    compare_requested = pyqtSignal(dict, dict)

    COLUMNS = ("time", "project_name", "document_number", "submission", "land_use", "verdict", "reviewer",
               "entry", "report_dir")
    SUBMISSION_COLUMN = COLUMNS.index("submission")
    VERDICT_COLUMN = COLUMNS.index("verdict")

    def __init__(self, log_path: str | Path | None = None, parent=None):
        super().__init__(parent)
        self._log_path = Path(log_path) if log_path else None
        self.opener = _open_with_system  # replaceable (tests)
        self._records: list[review_log.ReviewRecord] = []

        layout = QVBoxLayout(self)
        filters = QHBoxLayout()
        self.filter_edit = QLineEdit()
        self.filter_edit.setObjectName("reviewLogFilter")
        self.filter_edit.setPlaceholderText(
            tr("Filter: project, document number, name, file, reviewer, land use or SHA-256"))
        self.filter_edit.returnPressed.connect(self.refresh)
        self.verdict_combo = QComboBox()
        self.verdict_combo.setObjectName("reviewLogVerdict")
        self.verdict_combo.addItem(tr("All verdicts"), "")
        for verdict in VERDICTS:  # worded as in the report and the log table
            self.verdict_combo.addItem(verdict_label(verdict), verdict)
        self.period_combo = QComboBox()
        self.period_combo.setObjectName("reviewLogPeriod")
        self.period_combo.addItem(tr("Any time"), 0)
        self.period_combo.addItem(tr("Last 7 days"), 7)
        self.period_combo.addItem(tr("Last 30 days"), 30)
        self.period_combo.addItem(tr("Last 365 days"), 365)
        for combo in (self.verdict_combo, self.period_combo):
            combo.currentIndexChanged.connect(self.refresh)
        refresh_button = QPushButton(tr("Refresh"))
        refresh_button.setObjectName("reviewLogRefresh")
        refresh_button.clicked.connect(self.refresh)
        filters.addWidget(self.filter_edit, 1)
        filters.addWidget(self.verdict_combo)
        filters.addWidget(self.period_combo)
        filters.addWidget(refresh_button)
        layout.addLayout(filters)

        self.table = read_only_table(
            "reviewLogTable",
            [
                tr("Time"),
                tr("Project name"),
                tr("Document number"),
                tr("Submission"),
                tr("Land use"),
                tr("Verdict"),
                tr("Reviewer"),
                tr("Run from"),
                tr("Report folder"),
            ],
        )
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.cellDoubleClicked.connect(lambda *_: self.open_report())
        layout.addWidget(self.table, 1)

        buttons = QHBoxLayout()
        self.open_button = QPushButton(tr("Open report"))
        self.open_button.setObjectName("reviewLogOpenReport")
        self.open_button.clicked.connect(self.open_report)
        self.show_button = QPushButton(tr("Show result"))
        self.show_button.setObjectName("reviewLogShowResult")
        self.show_button.clicked.connect(self._emit_result)
        self.compare_button = QPushButton(tr("Compare with previous version"))
        self.compare_button.setObjectName("reviewLogCompare")
        self.compare_button.clicked.connect(self.compare_with_previous)
        for button in (self.open_button, self.show_button, self.compare_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        self.status_label = QLabel()
        self.status_label.setObjectName("reviewLogStatus")
        self.status_label.setWordWrap(True)
        layout.addWidget(self.status_label)

    # --- data --------------------------------------------------------------

    def log_path(self) -> Path | None:
        return self._log_path or review_log.resolve_log_path()

    def set_log_path(self, path: str | Path | None) -> None:
        self._log_path = Path(path) if path else None
        self.refresh()

    def _log(self) -> review_log.ReviewLog | None:
        path = self.log_path()
        if path is None or not path.is_file():
            return None
        return review_log.ReviewLog(path)

    def refresh(self) -> None:
        """Reload the records that pass the filters, newest first."""
        log = self._log()
        if log is None:
            self._records = []
            path = self.log_path()
            self.status_label.setText(
                tr("No reviews logged yet.") if path else tr("The review log is not configured.")
            )
        else:
            days = int(self.period_combo.currentData() or 0)
            since = (
                (_dt.datetime.now(_dt.timezone.utc) - _dt.timedelta(days=days)).isoformat(timespec="seconds")
                if days
                else None
            )
            self._records = log.records(
                text=self.filter_edit.text().strip() or None,
                verdict=self.verdict_combo.currentData() or None,
                since=since,
            )
            self.status_label.setText(tr("{} reviews — log: {}").format(len(self._records), log.path))
        self._fill()

    def _fill(self) -> None:
        self.table.setRowCount(len(self._records))
        for row, record in enumerate(self._records):
            values = (
                record.local_time(),
                record.project_name,
                record.document_number,
                record.submission_name,
                record.land_use or "",
                verdict_label(record.verdict),
                record.reviewer,
                review_log.ENTRY_LABELS.get(record.entry, record.entry),
                record.report_dir or "",
            )
            for column, value in enumerate(values):
                item = QTableWidgetItem(str(value))
                item.setData(Qt.ItemDataRole.UserRole, record.id)
                if column == self.SUBMISSION_COLUMN:
                    item.setToolTip(
                        "{}\nSHA-256 {}".format(record.submission_source, record.submission_sha256 or "")
                    )
                if column == self.VERDICT_COLUMN:
                    item.setForeground(QColor(verdict_colour(record.verdict)))
                self.table.setItem(row, column, item)
        self.table.resizeColumnsToContents()

    def records(self) -> list[review_log.ReviewRecord]:
        return list(self._records)

    def select_record(self, record_id: int) -> bool:
        for row, record in enumerate(self._records):
            if record.id == record_id:
                self.table.selectRow(row)
                return True
        return False

    def selected_record(self) -> review_log.ReviewRecord | None:
        rows = self.table.selectionModel().selectedRows() if self.table.selectionModel() else []
        if not rows:
            return None
        return self._records[rows[0].row()]

    # --- actions -----------------------------------------------------------

    def open_report(self) -> Path | None:
        """Open the selected review's report; returns the file opened (None when nothing is selected)."""
        record = self.selected_record()
        log = self._log()
        if record is None or log is None:
            self.status_label.setText(tr("Select a review first."))
            return None
        path = self._report_file(record) or self._render_logged(record, log)
        if path is None:
            self.status_label.setText(tr("This review has no report and no logged result."))
            return None
        self.opener(path)
        return path

    @staticmethod
    def _report_file(record: review_log.ReviewRecord) -> Path | None:
        if not record.report_dir:
            return None
        for name in REPORT_NAMES:
            candidate = Path(record.report_dir) / name
            if candidate.is_file():
                return candidate
        return None

    @staticmethod
    def _render_logged(record: review_log.ReviewRecord, log: review_log.ReviewLog) -> Path | None:
        from ..core.report import CaseInfo, render_review_html

        result = log.result(record.id)
        if result is None:
            return None
        folder = Path(tempfile.gettempdir()) / "hengyang_review_reports"
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"review_{record.id}.html"
        path.write_text(render_review_html(result, CaseInfo(reviewer=record.reviewer)), encoding="utf-8")
        return path

    def _emit_result(self) -> None:
        record = self.selected_record()
        log = self._log()
        result = log.result(record.id) if record is not None and log is not None else None
        if result is not None:
            self.result_requested.emit(result)

    def compare_with_previous(self) -> bool:
        """Emit compare_requested(previous, selected) for the selected review; False when it has no earlier version."""
        record = self.selected_record()
        log = self._log()
        if record is None or log is None:
            self.status_label.setText(tr("Select a review first."))
            return False
        previous = log.previous_version(record)
        old = log.result(previous.id) if previous is not None else None
        new = log.result(record.id)
        if old is None or new is None:
            self.status_label.setText(tr("No earlier version of this case is in the log."))
            return False
        self.compare_requested.emit(old, new)
        return True
