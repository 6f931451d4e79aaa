"""The resubmission diff tab: this version of a case against its previous one.

The dock hands in the current review (``set_current``); the previous version is
the latest earlier review of the same case in the review log, or a review.json
the user picks. The diff itself is ``core/review_diff.py``.
"""

from __future__ import annotations

from pathlib import Path

from qgis.PyQt.QtGui import QColor
from qgis.PyQt.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ..core import review_diff, review_log
from ..core.report.presentation import format_m2, status_label
from ..i18n import tr
from .tables import read_only_table


def _features(features: list[dict]) -> str:
    return "、".join(review_diff.feature_name_of(f) for f in features)


class DiffPanel(QWidget):
    """``DiffPanel(log_path=None)``; call ``set_current(result_dict, log_id)`` after each review,
    or ``compare(old, new)`` with two review.json dicts (e.g. from ReviewLogPanel.compare_requested)."""

    def __init__(self, log_path: str | Path | None = None, parent=None):
        super().__init__(parent)
        self._log_path = Path(log_path) if log_path else None
        self.old: dict | None = None
        self.new: dict | None = None
        self.diff: dict | None = None

        layout = QVBoxLayout(self)
        self.versions_label = QLabel(tr("Review a case, then compare it with its previous version."))
        self.versions_label.setObjectName("diffVersionsLabel")
        self.versions_label.setWordWrap(True)
        layout.addWidget(self.versions_label)

        buttons = QHBoxLayout()
        self.old_button = QPushButton(tr("Previous version from review.json…"))
        self.old_button.setObjectName("diffChooseOld")
        self.old_button.clicked.connect(lambda: self._choose("old"))
        self.new_button = QPushButton(tr("This version from review.json…"))
        self.new_button.setObjectName("diffChooseNew")
        self.new_button.clicked.connect(lambda: self._choose("new"))
        self.save_button = QPushButton(tr("Save diff.json and HTML…"))
        self.save_button.setObjectName("diffSave")
        self.save_button.clicked.connect(self._save_clicked)
        self.save_button.setEnabled(False)
        for button in (self.old_button, self.new_button, self.save_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout.addLayout(buttons)

        self.summary_label = QLabel()
        self.summary_label.setObjectName("diffSummaryLabel")
        self.summary_label.setWordWrap(True)
        layout.addWidget(self.summary_label)

        self.table = read_only_table(
            "diffTable",
            [
                tr("Check"),
                tr("Previous"),
                tr("This version"),
                tr("Change"),
                tr("Area change (m²)"),
                tr("Features avoided"),
                tr("Features newly hit"),
                tr("Features still hit"),
            ],
        )
        layout.addWidget(self.table, 1)

    # --- inputs ------------------------------------------------------------

    def set_current(self, result: dict, log_id: int | None = None) -> bool:
        """The dock's latest review; compares it at once with the previous version found in the log."""
        self.new = result
        self.old = self._previous_from_log(result, log_id)
        if self.old is None:
            self.diff = None
            self.table.setRowCount(0)
            self.save_button.setEnabled(False)
            self.summary_label.setText("")
            self.versions_label.setText(
                tr("No earlier version of “{}” in the review log; choose its review.json to compare.").format(
                    (result.get("submission") or {}).get("name") or ""
                )
            )
            return False
        self.compare(self.old, self.new)
        return True

    def _previous_from_log(self, result: dict, log_id: int | None) -> dict | None:
        path = self._log_path or review_log.resolve_log_path()
        if path is None or not path.is_file():
            return None
        log = review_log.ReviewLog(path)
        record = log.get(log_id) if log_id is not None else None
        if record is None:
            submission = result.get("submission") or {}
            matches = [
                r
                for r in log.records(text=submission.get("name") or None, limit=50)
                if r.submission_sha256 == submission.get("sha256")
                and r.submission_name == submission.get("name")
            ]
            record = matches[0] if matches else None
        if record is None:
            return None
        previous = log.previous_version(record)
        return log.result(previous.id) if previous is not None else None

    def _choose(self, which: str) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, tr("Choose a review.json"), "", tr("Review result (*.json)")
        )
        if not path:
            return
        try:
            data = review_diff.load_result(path)
        except (OSError, ValueError) as error:
            self.versions_label.setText(tr("Cannot read {}: {}").format(path, error))
            return
        setattr(self, which, data)
        if self.old is not None and self.new is not None:
            self.compare(self.old, self.new)

    # --- output ------------------------------------------------------------

    def compare(self, old: dict, new: dict) -> dict:
        self.old, self.new = old, new
        self.diff = review_diff.diff_results(old, new)
        self.show_diff(self.diff)
        return self.diff

    def show_diff(self, diff: dict) -> None:
        old, new = diff["old"], diff["new"]
        self.versions_label.setText(
            tr("Previous: {} ({}) — this version: {} ({})").format(
                old.get("source") or old.get("name") or "",
                old.get("generated_at") or "",
                new.get("source") or new.get("name") or "",
                new.get("generated_at") or "",
            )
        )
        notes = "；".join(diff.get("notes") or [])
        self.summary_label.setText(review_diff.summary_text(diff) + ("\n" + notes if notes else ""))
        self.table.setRowCount(len(diff["checks"]))
        for row, check in enumerate(diff["checks"]):
            values = (
                check["title"],
                status_label(check["old_status"]),
                status_label(check["new_status"]),
                check["change_label"],
                format_m2(check["overlap_area_change_m2"], signed=True),
                _features(check["features_resolved"]),
                _features(check["features_new"]),
                _features(check["features_remaining"]),
            )
            colour = review_diff.CHANGE_COLOURS.get(check["change"])
            for column, value in enumerate(values):
                item = QTableWidgetItem(value)
                if colour:
                    item.setBackground(QColor(colour))
                self.table.setItem(row, column, item)
        self.table.resizeColumnsToContents()
        self.save_button.setEnabled(True)

    def save(self, folder: str | Path) -> tuple[Path, Path] | None:
        """Write diff.json and diff.html into folder."""
        if self.diff is None:
            return None
        return review_diff.write_diff(self.diff, folder)

    def _save_clicked(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, tr("Folder for diff.json and diff.html"))
        if folder:
            json_path, html_path = self.save(folder)
            self.summary_label.setText(tr("Saved {} and {}").format(json_path, html_path))
