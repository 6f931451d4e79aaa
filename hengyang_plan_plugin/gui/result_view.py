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
    QHeaderView,
    QLabel,
    QProgressBar,
    QPushButton,
    QSplitter,
    QTextBrowser,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ..core.feature_identity import feature_identity
from ..core.plan_schema import layer_title
from ..core.report.current_land_use import CHECK_ID as LAND_USE_CHECK_ID
from ..core.report.current_land_use import area_m2_text, area_mu_text, conversion_text, current_land_use_summary
from ..core.report.presentation import (
    HA,
    M2,
    MU,
    area_in_unit,
    concern_area,
    feature_level,
    status_colour,
    status_label,
    verdict_colour,
    verdict_label,
)
from ..i18n import tr
from .review_panel import land_use_text

ROLE_KIND = Qt.ItemDataRole.UserRole
ROLE_KEY = Qt.ItemDataRole.UserRole + 1
# What needs the technician first: conflicts, then warnings, then what did not run, then passes.
STATUS_ORDER = {"conflict": 0, "warning": 1, "not_run": 2, "pass": 3}
FLAGGED = ("conflict", "warning", "not_run")
NAME_COLUMN_WIDTH = 240  # px: a check title and the start of a feature's name
BASIS_HEIGHT = 70  # px at first: two lines of the selected finding's basis


def ordered_checks(checks: list[dict]) -> list[dict]:
    """Conflicts and warnings first; the review's own order within a status."""
    return sorted(checks, key=lambda check: STATUS_ORDER.get(check.get("status"), len(STATUS_ORDER)))


def land_use_summary(data: dict) -> str:
    """The land use the review used: one code for the site, or which parcels used which code."""
    if data.get("land_use"):
        return land_use_text(data["land_use"])
    by_code: dict[str, list[str]] = {}
    for parcel in (data.get("submission") or {}).get("parcels") or []:
        by_code.setdefault(parcel.get("land_use") or "", []).append(str(parcel.get("id")))
    if not any(by_code):
        return tr("not specified")
    parts = []
    for code, ids in by_code.items():
        parts.append(tr("parcel {} {}").format("、".join(ids), code or tr("not specified")))
    return tr("by parcel: {}").format("；".join(parts))


def land_use_details(data: dict) -> str:
    """Each parcel's code with its name (the summary's tooltip)."""
    return "\n".join(tr("Parcel {}: {}").format(p.get("id"), land_use_text(p.get("land_use")) or tr("not specified"))
                     for p in (data.get("submission") or {}).get("parcels") or [])


def _status_icon(status: str) -> QIcon:
    pixmap = QPixmap(12, 12)
    pixmap.fill(QColor(status_colour(status)))
    return QIcon(pixmap)


def feature_label(feature: dict) -> str:
    """'城市绿线 · 湘江西岸滨水绿地 · 标识码 4304…（一级）': the layer, then the feature itself
    (its name, 地类 or zone, its 标识码), never only the district it lies in."""
    attributes = feature.get("attributes") or {}
    name, level = feature_identity(attributes, feature.get("layer")), feature_level(attributes)
    text = layer_title(feature["layer"])
    if name:
        text += f" · {name}"
    elif "fid" in feature:
        text += f" · 第{feature['fid']}号要素"
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

        self.summary_label = QLabel()
        self.summary_label.setObjectName("siteSummaryLabel")
        self.summary_label.setWordWrap(True)
        layout.addWidget(self.summary_label)
        self.unit_combo = QComboBox()
        self.unit_combo.setObjectName("areaUnitCombo")
        self.unit_combo.addItem(tr("m²"), M2)
        self.unit_combo.addItem(tr("hectares (公顷)"), HA)
        self.unit_combo.addItem(tr("mu (亩)"), MU)
        self.unit_combo.currentIndexChanged.connect(self._refill)

        self.tree = QTreeWidget()
        self.tree.setObjectName("resultTree")
        self.tree.setHeaderLabels([tr("Check / plan feature"), tr("Status"), tr("Area"), tr("Finding")])
        header = self.tree.header()
        # Statuses and figures are never cut ("76,300.00 平…"); long feature names are elided in a
        # column the user can widen (the full name is the row's tooltip); the finding takes the rest.
        header.setStretchLastSection(True)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Interactive)
        for column in (1, 2):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        self.tree.setColumnWidth(0, NAME_COLUMN_WIDTH)
        self.tree.itemClicked.connect(self._item_clicked)
        self.tree.itemExpanded.connect(self._fill_passing)
        self._passing: dict[str, tuple] = {}  # check id -> its folded passing parcels, filled when opened
        self.tree.currentItemChanged.connect(lambda current, _previous: self._show_basis(current))
        self.basis = QTextBrowser()
        self.basis.setObjectName("basisText")
        self.basis.setOpenExternalLinks(False)
        # The tree gets the room; the basis pane below it is short, and can be dragged taller.
        findings = QSplitter(Qt.Orientation.Vertical)
        findings.setObjectName("resultSplitter")
        findings.addWidget(self.tree)
        findings.addWidget(self.basis)
        findings.setStretchFactor(0, 4)
        findings.setStretchFactor(1, 1)
        findings.setSizes([400, BASIS_HEIGHT])
        layout.addWidget(findings, 1)

        export_row = QHBoxLayout()
        self.template_combo = QComboBox()
        self.template_combo.setObjectName("sheetTemplateCombo")
        self.template_combo.addItem(tr("A3 landscape"), "A3")
        self.template_combo.addItem(tr("A4 portrait"), "A4")
        self.report_button = QPushButton(tr("Export report…"))
        self.report_button.setObjectName("exportReportButton")
        self.sheet_button = QPushButton(tr("Export map sheet…"))
        self.sheet_button.setObjectName("exportSheetButton")
        self.export_progress = QProgressBar()
        self.export_progress.setObjectName("exportProgress")
        self.export_progress.setRange(0, 0)  # busy: the writers report no steps
        self.export_progress.setFormat(tr("Exporting…"))
        self.export_progress.setTextVisible(True)
        self.export_progress.hide()
        export_row.addWidget(QLabel(tr("Area unit:")))
        export_row.addWidget(self.unit_combo)
        export_row.addWidget(self.template_combo)
        export_row.addWidget(self.report_button)
        export_row.addWidget(self.sheet_button)
        export_row.addWidget(self.export_progress, 1)
        layout.addLayout(export_row)
        self.set_exportable(False)

    # --- filling -----------------------------------------------------------

    def set_exportable(self, enabled: bool) -> None:
        for widget in (self.template_combo, self.report_button, self.sheet_button):
            widget.setEnabled(enabled)

    def set_exporting(self, exporting: bool, text: str = "") -> None:
        """While an export runs: its progress shown, the export buttons off (one at a time)."""
        self.export_progress.setVisible(exporting)
        if text:
            self.export_progress.setFormat(text)
        for widget in (self.report_button, self.sheet_button):
            widget.setEnabled(not exporting and self.result_dict is not None)

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
                land_use_summary(data),
            )
        )
        self.summary_label.setToolTip(land_use_details(data))
        self.tree.clear()
        self._passing = {}
        parcel_names = {str(p["id"]): p.get("name") or "" for p in submission["parcels"]}
        multi_parcel = len(submission["parcels"]) > 1
        for check in ordered_checks(data["checks"]):
            item = self._check_item(check)
            self.tree.addTopLevelItem(item)
            if check["id"] == LAND_USE_CHECK_ID:
                self._add_land_use(item, data)
            for feature in check.get("features", []):
                child = QTreeWidgetItem([feature_label(feature), "", self.format_area(feature["overlap_area_m2"]), ""])
                child.setToolTip(0, child.text(0))
                child.setData(0, ROLE_KIND, "feature")
                child.setData(0, ROLE_KEY, (feature["layer"], feature["fid"], check["id"]))
                item.addChild(child)
            if multi_parcel:
                self._add_parcels(item, check, parcel_names)
            if check["status"] in ("conflict", "warning"):
                item.setExpanded(True)

    def _land_use_row(self, texts: list[str]) -> QTreeWidgetItem:
        child = QTreeWidgetItem(texts)
        child.setToolTip(0, texts[0])
        child.setToolTip(3, texts[3])
        child.setData(0, ROLE_KIND, "land_use")
        child.setData(0, ROLE_KEY, (LAND_USE_CHECK_ID, None))
        return child

    def _add_land_use(self, item: QTreeWidgetItem, data: dict) -> None:
        """现状地类: 耕地 by type, 农用地转用面积 and each 权属单位, as review.json's check entry has them."""
        summary = current_land_use_summary(data)
        if summary is None:
            return
        # 耕地 and 农用地转用 in 亩 in the name column too, whatever the area unit: bureaus count them in 亩.
        rows = [
            [tr("Cultivated land: {}").format(f"{a.label} {area_mu_text(a.mu)}"), "", self.format_area(a.m2),
             f"{area_mu_text(a.mu)}（{area_m2_text(a.m2)}）"]
            for a in summary.cultivated
        ]
        conversion = summary.conversion
        rows.append([
            f"{tr('Farmland conversion')} {area_mu_text(conversion.mu)}" if conversion else tr("Farmland conversion"),
            "", self.format_area(conversion.m2) if conversion else "—", conversion_text(summary),
        ])
        for owner in summary.owners:
            note = f"{owner.code} {owner.ownership}".strip()
            if owner.collective:
                note += "；" + tr("collective land: expropriation required")
            rows.append([tr("Owner: {}").format(owner.name), owner.kind, self.format_area(owner.m2), note])
        item.addChildren([self._land_use_row(texts) for texts in rows])

    def _parcel_item(self, check: dict, parcel: dict, parcel_names: dict[str, str]) -> QTreeWidgetItem:
        name = parcel_names.get(str(parcel["id"]), "")
        label = tr("Parcel {}").format(parcel["id"]) + (f" · {name}" if name else "")
        child = QTreeWidgetItem([
            label, status_label(parcel["status"]), self.format_area(concern_area(parcel)), parcel.get("message", ""),
        ])
        child.setIcon(1, _status_icon(parcel["status"]))
        child.setToolTip(0, label)
        child.setToolTip(3, parcel.get("message", ""))
        child.setData(0, ROLE_KIND, "check")
        child.setData(0, ROLE_KEY, (check["id"], parcel["id"]))
        return child

    def _fill_passing(self, folder: QTreeWidgetItem) -> None:
        if folder.data(0, ROLE_KIND) != "passing":
            return
        pending = self._passing.pop(folder.data(0, ROLE_KEY)[0], None)
        if pending is None:
            return
        check, passing, parcel_names = pending
        folder.addChildren([self._parcel_item(check, parcel, parcel_names) for parcel in passing])

    def _add_parcels(self, item: QTreeWidgetItem, check: dict, parcel_names: dict[str, str]) -> None:
        """Flagged parcels listed, worst first; the passing ones folded into one closed row."""
        parcels = check.get("parcels", [])
        for parcel in sorted((p for p in parcels if p["status"] in FLAGGED),
                             key=lambda p: STATUS_ORDER.get(p["status"], len(STATUS_ORDER))):
            item.addChild(self._parcel_item(check, parcel, parcel_names))
        passing = [p for p in parcels if p["status"] not in FLAGGED]
        if passing:
            folder = QTreeWidgetItem([tr("Passing parcels ({})").format(len(passing)), status_label("pass"), "", ""])
            folder.setIcon(1, _status_icon("pass"))
            folder.setData(0, ROLE_KIND, "passing")
            folder.setData(0, ROLE_KEY, (check["id"], None))
            # Filled when opened: 10,000 passing parcels × 13 checks would be 130,000 rows up front.
            folder.setChildIndicatorPolicy(QTreeWidgetItem.ChildIndicatorPolicy.ShowIndicator)
            self._passing[check["id"]] = (check, passing, parcel_names)
            item.addChild(folder)
            folder.setExpanded(False)

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
        kind = item.data(0, ROLE_KIND)
        if kind in ("check", "feature"):
            self.locate.emit(kind, item.data(0, ROLE_KEY))


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
