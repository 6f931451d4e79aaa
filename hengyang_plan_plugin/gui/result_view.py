"""The review result in the dock: verdict banner, checks tree, basis text.

It shows the contract dict (``result.to_dict()``), so what the dock shows is
what review.json says.
"""

from __future__ import annotations

from html import escape

from qgis.PyQt.QtCore import Qt, pyqtSignal
from qgis.PyQt.QtGui import QColor, QIcon, QPixmap
from qgis.PyQt.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTextBrowser,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ..core.plan_schema import layer_title
from ..core.report.presentation import (
    HA,
    M2,
    MU,
    area_in_unit,
    concern_area,
    feature_level,
    feature_name,
    status_colour,
    status_label,
    verdict_colour,
    verdict_label,
)
from ..i18n import tr

ROLE_KIND = Qt.ItemDataRole.UserRole
ROLE_KEY = Qt.ItemDataRole.UserRole + 1


def _status_icon(status: str) -> QIcon:
    pixmap = QPixmap(12, 12)
    pixmap.fill(QColor(status_colour(status)))
    return QIcon(pixmap)


def feature_label(feature: dict) -> str:
    """'城市绿线 · 雁峰公园（一级）': the layer, then the feature's name as the report gives it."""
    attributes = feature.get("attributes") or {}
    name, level = feature_name(attributes), feature_level(attributes)
    text = layer_title(feature["layer"])
    if name:
        text += f" · {name}"
    if level:
        text += f"（{level}）"
    return text


class ResultView(QWidget):
    """Emits ``locate(kind, key)`` when a row is clicked: ("check", (check_id, parcel_id)) or
    ("feature", (layer, fid))."""

    locate = pyqtSignal(str, object)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.result_dict: dict | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)

        self.banner = QLabel(tr("No review yet."))
        self.banner.setObjectName("verdictBanner")
        self.banner.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.banner.setMinimumHeight(36)
        layout.addWidget(self.banner)

        unit_row = QHBoxLayout()
        self.summary_label = QLabel()
        self.summary_label.setObjectName("siteSummaryLabel")
        self.summary_label.setWordWrap(True)
        self.unit_combo = QComboBox()
        self.unit_combo.setObjectName("areaUnitCombo")
        self.unit_combo.addItem(tr("m²"), M2)
        self.unit_combo.addItem(tr("hectares (公顷)"), HA)
        self.unit_combo.addItem(tr("mu (亩)"), MU)
        self.unit_combo.currentIndexChanged.connect(self._refill)
        unit_row.addWidget(self.summary_label, 1)
        unit_row.addWidget(QLabel(tr("Area unit:")))
        unit_row.addWidget(self.unit_combo)
        layout.addLayout(unit_row)

        self.tree = QTreeWidget()
        self.tree.setObjectName("resultTree")
        self.tree.setHeaderLabels([tr("Check / plan feature"), tr("Status"), tr("Area"), tr("Finding")])
        self.tree.setColumnWidth(0, 220)
        self.tree.itemClicked.connect(self._item_clicked)
        self.tree.currentItemChanged.connect(lambda current, _previous: self._show_basis(current))
        layout.addWidget(self.tree, 3)

        self.basis = QTextBrowser()
        self.basis.setObjectName("basisText")
        self.basis.setOpenExternalLinks(False)
        layout.addWidget(self.basis, 1)

        export_row = QHBoxLayout()
        self.template_combo = QComboBox()
        self.template_combo.setObjectName("sheetTemplateCombo")
        self.template_combo.addItem(tr("A3 landscape"), "A3")
        self.template_combo.addItem(tr("A4 portrait"), "A4")
        self.report_button = QPushButton(tr("Export report…"))
        self.report_button.setObjectName("exportReportButton")
        self.sheet_button = QPushButton(tr("Export map sheet…"))
        self.sheet_button.setObjectName("exportSheetButton")
        export_row.addWidget(self.template_combo)
        export_row.addWidget(self.report_button)
        export_row.addWidget(self.sheet_button)
        layout.addLayout(export_row)
        self.set_exportable(False)

    # --- filling -----------------------------------------------------------

    def set_exportable(self, enabled: bool) -> None:
        for widget in (self.template_combo, self.report_button, self.sheet_button):
            widget.setEnabled(enabled)

    def set_unit(self, unit: str) -> None:
        index = self.unit_combo.findData(unit)
        if index >= 0:
            self.unit_combo.setCurrentIndex(index)

    def format_area(self, area_m2: float) -> str:
        return area_in_unit(area_m2, self.unit_combo.currentData() or M2)

    def show_result(self, result_dict: dict) -> None:
        self.result_dict = result_dict
        verdict = result_dict["verdict"]
        colour, label = verdict_colour(verdict), verdict_label(verdict)
        self.banner.setText(tr("Verdict: {}").format(label))
        self.banner.setStyleSheet(
            f"background:{colour}; color:white; font-size:16px; font-weight:bold; border-radius:4px;"
        )
        self._refill()

    def clear(self) -> None:
        self.result_dict = None
        self.banner.setText(tr("No review yet."))
        self.banner.setStyleSheet("")
        self.summary_label.clear()
        self.tree.clear()
        self.basis.clear()

    def _refill(self) -> None:
        if not self.result_dict:
            return
        data = self.result_dict
        submission = data["submission"]
        self.summary_label.setText(
            tr("{}: {} parcel(s), {}; land use {}").format(
                submission["name"], len(submission["parcels"]), self.format_area(submission["area_m2"]),
                data.get("land_use") or tr("not specified"),
            )
        )
        self.tree.clear()
        multi_parcel = len(submission["parcels"]) > 1
        for check in data["checks"]:
            item = self._check_item(check)
            self.tree.addTopLevelItem(item)
            for feature in check.get("features", []):
                child = QTreeWidgetItem([feature_label(feature), "", self.format_area(feature["overlap_area_m2"]), ""])
                child.setData(0, ROLE_KIND, "feature")
                child.setData(0, ROLE_KEY, (feature["layer"], feature["fid"], check["id"]))
                item.addChild(child)
            if multi_parcel:
                for parcel in check.get("parcels", []):
                    child = QTreeWidgetItem([
                        tr("Parcel {}").format(parcel["id"]), status_label(parcel["status"]),
                        self.format_area(concern_area(parcel)), parcel.get("message", ""),
                    ])
                    child.setIcon(1, _status_icon(parcel["status"]))
                    child.setData(0, ROLE_KIND, "check")
                    child.setData(0, ROLE_KEY, (check["id"], parcel["id"]))
                    item.addChild(child)
            if check["status"] in ("conflict", "warning"):
                item.setExpanded(True)

    def _check_item(self, check: dict) -> QTreeWidgetItem:
        area = concern_area(check)  # the check's one figure, as on the report and the sheet
        item = QTreeWidgetItem([check["title"], status_label(check["status"]), self.format_area(area),
                                check.get("message", "")])
        item.setIcon(1, _status_icon(check["status"]))
        item.setToolTip(3, check.get("message", ""))
        item.setData(0, ROLE_KIND, "check")
        item.setData(0, ROLE_KEY, (check["id"], None))
        return item

    # --- interaction -------------------------------------------------------

    def check_by_id(self, check_id: str) -> dict | None:
        for check in (self.result_dict or {}).get("checks", []):
            if check["id"] == check_id:
                return check
        return None

    def _show_basis(self, item: QTreeWidgetItem | None) -> None:
        if item is None:
            return
        key = item.data(0, ROLE_KEY)
        check_id = key[2] if item.data(0, ROLE_KIND) == "feature" else key[0]
        check = self.check_by_id(check_id)
        if check is None:
            return
        self.basis.setHtml(finding_html(check, tr("Basis")))

    def _item_clicked(self, item: QTreeWidgetItem, _column: int) -> None:
        self.locate.emit(item.data(0, ROLE_KIND), item.data(0, ROLE_KEY))


def finding_html(check: dict, basis_label: str) -> str:
    """The finding pane's HTML: our tags around text that is escaped piece by piece.

    Titles, messages and reasons carry plan attributes and submission names, so none of
    their characters may become markup (no placeholder scheme that a value could spoof).
    """
    text = [escape(str(check.get(key) or ""), quote=False) for key in ("title", "message", "basis", "reason")]
    title, message, basis, reason = text
    html = f"<b>{title}</b>：{message}"
    if basis:
        html += f"<p><b>{escape(basis_label, quote=False)}</b>：{basis}</p>"
    if reason:
        html += f"<p>{reason}</p>"
    return html
