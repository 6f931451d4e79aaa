"""Import a submission file into 送审红线, with a preview of its parcels and warnings first.

Meant for 界址点坐标 TXT (action ``hengyang_import_txt``) but takes any source
``read_submission`` reads. Before anything is imported it shows the layers
found with their shape counts, the CRS it will use and why, and the parcels.
Where the reader will not guess (several candidate CAD layers, no CRS) the
dialog says so and the user chooses the layer or the CRS.
"""

from __future__ import annotations

from pathlib import Path

from qgis.core import Qgis, QgsCoordinateReferenceSystem, QgsCoordinateTransform, QgsProject
from qgis.gui import QgsFileWidget, QgsProjectionSelectionWidget
from qgis.PyQt.QtCore import Qt
from qgis.PyQt.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QTableWidgetItem,
    QVBoxLayout,
)

from ..core.checks.geometry import declared_area_mismatch
from ..core.report.presentation import format_ha
from ..core.submission_io import describe_layers, read_submission
from ..core.submission_model import AmbiguousLayerError, Submission, SubmissionError
from ..i18n import tr
from ..qgis_adapters.preferences import Preferences
from ..qgis_adapters.site_layer import add_submission_to_site_layer, crs_definition
from .tables import read_only_table

SUBMISSION_FILE_SUFFIXES = ("*.txt", "*.shp", "*.gpkg", "*.geojson", "*.json", "*.kml", "*.dxf")


def declared_area_findings(submission: Submission) -> list[str]:
    """The review's declared-area findings, previewed: the reader reads 申报面积 but does not judge it."""
    crs = QgsCoordinateReferenceSystem(submission.crs or "")
    if not crs.isValid() or crs.isGeographic():
        return []  # areas in square degrees say nothing; the review judges them in a projected CRS
    settings = Preferences.load().review_settings()
    findings = []
    for parcel in submission.parcels:
        finding = declared_area_mismatch(parcel.declared_area_m2, parcel.geometry.area, settings)
        if finding:
            findings.append(f"地块 {parcel.id}：{finding}")
    return findings


class ImportTxtDialog(QDialog):
    """``ImportTxtDialog(iface, parent).exec()``; after acceptance ``layer`` is the 送审红线 layer."""

    def __init__(self, iface, parent=None, project: QgsProject | None = None):
        super().__init__(parent or (iface.mainWindow() if iface else None))
        self.iface = iface
        self.project = project or QgsProject.instance()
        self.submission: Submission | None = None
        self.notes: list[str] = []  # the reader's warnings and the declared-area findings
        self.layer = None
        # None until the user picks one: the file's own CRS or its zone prefix decide.
        self.chosen_crs: str | None = None
        self.setObjectName("HengyangImportTxtDialog")
        self.setWindowTitle(tr("Import site coordinates"))
        self.resize(720, 520)

        self.file_widget = QgsFileWidget()
        self.file_widget.setObjectName("importFile")
        self.file_widget.setStorageMode(QgsFileWidget.StorageMode.GetFile)
        self.file_widget.setFilter(
            tr("Site coordinates (*.txt)")
            + ";;"
            + tr("Vector files")
            + f" ({' '.join(SUBMISSION_FILE_SUFFIXES)})"
        )
        self.layer_combo = QComboBox()
        self.layer_combo.setObjectName("importLayer")
        self.crs_widget = QgsProjectionSelectionWidget()
        self.crs_widget.setObjectName("importCrs")
        self.crs_widget.setOptionVisible(QgsProjectionSelectionWidget.CrsOption.CrsNotSet, True)
        self.crs_widget.setNotSetText(tr("(not chosen: the file's own CRS or its zone prefix)"))
        self.crs_widget.setCrs(QgsCoordinateReferenceSystem())
        self.replace_check = QCheckBox(tr("Replace the parcels already in the site layer"))
        self.replace_check.setObjectName("importReplace")
        self.replace_check.setChecked(True)

        form = QFormLayout()
        form.addRow(tr("File"), self.file_widget)
        form.addRow(tr("Layer"), self.layer_combo)
        form.addRow(tr("CRS when the file has none"), self.crs_widget)
        form.addRow("", self.replace_check)

        self.summary = QLabel()
        self.summary.setObjectName("importSummary")
        self.summary.setWordWrap(True)
        self.error_label = QLabel()
        self.error_label.setObjectName("importError")
        self.error_label.setWordWrap(True)
        self.error_label.setStyleSheet("color: #c00000;")
        self.error_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.parcel_table = read_only_table(
            "importParcels",
            [tr("Parcel"), tr("Name"), tr("Use"), tr("Land-use code"), tr("Area (ha)"), tr("Declared (ha)")],
        )
        self.parcel_table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.parcel_table.verticalHeader().setVisible(False)
        self.warning_list = QListWidget()
        self.warning_list.setObjectName("importWarnings")
        self.warning_list.setWordWrap(True)

        buttons = QDialogButtonBox.StandardButton
        self.buttons = QDialogButtonBox(buttons.Ok | buttons.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(tr("Import"))
        # Our own word, not Qt's: Qt's "Cancel" stays English where its zh translation is not loaded.
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(tr("Cancel"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.summary)
        layout.addWidget(self.error_label)
        layout.addWidget(QLabel(tr("Parcels")))
        layout.addWidget(self.parcel_table, 3)
        layout.addWidget(QLabel(tr("Warnings")))
        layout.addWidget(self.warning_list, 1)
        layout.addWidget(self.buttons)

        self.file_widget.fileChanged.connect(self._file_changed)
        self.layer_combo.activated.connect(lambda _index: self.preview())
        self.crs_widget.crsChanged.connect(self._crs_chosen)
        self._show(None)

    # --- reading and preview ------------------------------------------------

    def load(self, path: str) -> Submission | None:
        """Choose a file and preview it; returns the submission, None when it cannot be read."""
        self.file_widget.blockSignals(True)
        self.file_widget.setFilePath(path)
        self.file_widget.blockSignals(False)
        self._file_changed(path)
        return self.submission

    def _crs_chosen(self, crs) -> None:
        self.chosen_crs = crs_definition(crs) if crs.isValid() else None
        self.preview()

    def _file_changed(self, path: str) -> None:
        layers = describe_layers(path) if path else []
        self.layer_combo.blockSignals(True)
        self.layer_combo.clear()
        if len(layers) > 1:
            self.layer_combo.addItem(tr("(automatic)"), None)
        for name, shapes in layers:
            self.layer_combo.addItem(tr("{} ({} shapes)").format(name, shapes), name)
        self.layer_combo.blockSignals(False)
        self.layer_combo.setEnabled(len(layers) > 1)
        is_txt = Path(path).suffix.lower() == ".txt"
        self.crs_widget.setEnabled(bool(path) and not is_txt)
        self.preview()

    def preview(self) -> Submission | None:
        path = self.file_widget.filePath()
        if not path:
            self._show(None)
            return None
        layer = self.layer_combo.currentData() if self.layer_combo.isEnabled() else None
        crs = self.chosen_crs if self.crs_widget.isEnabled() else None
        try:
            submission = read_submission(path, layer=layer, crs=crs)
        except AmbiguousLayerError:
            self._show(None, tr("Several layers could be the site: choose one in the Layer list above."))
            self.layer_combo.setFocus()
            return None
        except SubmissionError as error:
            # The message already names the line; the file name is enough beside it.
            where = f"{Path(error.path).name}: " if error.path else ""
            self._show(None, where + error.bare_message)
            return None
        self._show(submission)
        return submission

    def _show(self, submission: Submission | None, error: str = "") -> None:
        self.submission = submission
        self.notes = []
        self.error_label.setText(error)
        self.error_label.setVisible(bool(error))
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(submission is not None)
        self.parcel_table.setRowCount(0)
        self.warning_list.clear()
        if submission is None:
            self.summary.setText(
                "" if error else tr("Choose a site coordinates TXT file or another vector file.")
            )
            return
        total_m2 = sum(p.geometry.area for p in submission.parcels)
        crs_text = submission.crs or ""
        if len(crs_text) >= 64:  # a WKT without an authority id: its name, not a page of WKT
            crs_text = QgsCoordinateReferenceSystem.fromWkt(crs_text).description() or crs_text[:60]
        self.summary.setText(
            tr("{} parcels, {} ha in total, CRS {}").format(len(submission.parcels), format_ha(total_m2), crs_text)
            + (f"（{submission.crs_reason}）" if submission.crs_reason else "")
        )
        self.parcel_table.setRowCount(len(submission.parcels))
        for row, parcel in enumerate(submission.parcels):
            declared = "" if parcel.declared_area_m2 is None else format_ha(parcel.declared_area_m2)
            values = (parcel.id, parcel.name, parcel.land_use_name, parcel.land_use or "",
                      format_ha(parcel.geometry.area), declared)  # fmt: skip
            for column, value in enumerate(values):
                item = QTableWidgetItem(value)
                if column >= 4:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                self.parcel_table.setItem(row, column, item)
        self.notes = [*submission.warnings, *declared_area_findings(submission)]
        self.warning_list.addItems(self.notes)
        if not self.notes:
            self.warning_list.addItem(tr("No warnings."))

    # --- accepting ----------------------------------------------------------------

    def accept(self) -> None:
        if self.submission is None:
            return
        self.layer = add_submission_to_site_layer(
            self.project, self.submission, replace=self.replace_check.isChecked()
        )
        self._zoom_to_layer()
        count = len(self.submission.parcels)
        if self.iface is not None and hasattr(self.iface, "messageBar"):
            level = Qgis.MessageLevel.Warning if self.notes else Qgis.MessageLevel.Success
            text = tr("Imported {} parcels").format(count)
            if self.notes:
                text += tr(" with {} warnings").format(len(self.notes))
            self.iface.messageBar().pushMessage(tr("Hengyang plan review"), text, level, 8)
        super().accept()

    def _zoom_to_layer(self) -> None:
        canvas = self.iface.mapCanvas() if self.iface is not None else None
        if canvas is None or self.layer is None or self.layer.extent().isEmpty():
            return
        destination = canvas.mapSettings().destinationCrs()
        extent = self.layer.extent()
        if destination.isValid() and destination != self.layer.crs():
            extent = QgsCoordinateTransform(self.layer.crs(), destination, self.project).transformBoundingBox(
                extent
            )
        canvas.setExtent(extent.buffered(max(extent.width(), extent.height()) * 0.2))
        canvas.refresh()
