"""The review inputs: the site, the proposed land use and the case fields.

Laid out compact, without group frames: the site, the land use and 运行审查 must be in
view without scrolling on a 1366×768 screen, the result tree taking the rest of the dock.
"""

from __future__ import annotations

from dataclasses import dataclass

from qgis.core import QgsMapLayerProxyModel
from qgis.gui import QgsMapLayerComboBox
from qgis.PyQt.QtWidgets import (
    QCheckBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ..core.land_use_codes import lookup
from ..i18n import tr
from ..qgis_adapters.site_layer import parcel_land_uses
from .land_use_picker import LandUsePicker

# Fields a site layer may carry its 用地用海 code in (TXT import writes 地类编码).
LAND_USE_FIELDS = ("地类编码", "YDYHFLDM", "DLBM", "land_use")
PARCELS_LISTED = 6  # under the picker; a longer site says how many more


@dataclass
class CaseInfoInput:
    project_name: str
    document_number: str
    applicant: str
    reviewer: str


def land_use_text(code: str | None) -> str:
    """'0701 城镇住宅用地' (the code alone when it is not a 用地用海 code)."""
    entry = lookup(code) if code else None
    return f"{code} {entry.name}" if entry else str(code or "")


class ReviewPanel(QWidget):
    def __init__(self, parent=None):
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.setSpacing(4)

        site_row = QHBoxLayout()
        self.site_layer_combo = QgsMapLayerComboBox()
        self.site_layer_combo.setObjectName("siteLayerCombo")
        self.site_layer_combo.setFilters(QgsMapLayerProxyModel.Filter.PolygonLayer)
        self.site_layer_combo.setAllowEmptyLayer(True)
        self.site_layer_combo.setToolTip(tr("Site (用地红线)"))
        self.selected_only = QCheckBox(tr("Selected features only"))
        self.selected_only.setObjectName("selectedOnlyCheck")
        site_row.addWidget(QLabel(tr("Site")))
        site_row.addWidget(self.site_layer_combo, 1)
        site_row.addWidget(self.selected_only)
        layout.addLayout(site_row)

        buttons = QHBoxLayout()
        self.import_button = QPushButton(tr("Import coordinates TXT…"))
        self.import_button.setObjectName("importTxtButton")
        self.draw_button = QPushButton(tr("Draw on map"))
        self.draw_button.setObjectName("drawSiteButton")
        buttons.addWidget(self.import_button)
        buttons.addWidget(self.draw_button)
        layout.addLayout(buttons)

        use_row = QHBoxLayout()
        self.land_use = LandUsePicker()
        self.land_use.setToolTip(tr("Used for parcels without their own 地类编码"))
        self.apply_to_all = QCheckBox(tr("Apply to all parcels"))
        self.apply_to_all.setObjectName("applyLandUseToAllCheck")
        self.apply_to_all.setToolTip(tr("Review every parcel with this land use, whatever its own 地类编码"))
        use_row.addWidget(QLabel(tr("Proposed land use")))
        use_row.addWidget(self.land_use, 1)
        use_row.addWidget(self.apply_to_all)
        layout.addLayout(use_row)
        self.parcel_uses = QLabel()
        self.parcel_uses.setObjectName("parcelLandUseLabel")
        self.parcel_uses.setWordWrap(True)
        layout.addWidget(self.parcel_uses)

        case = QGridLayout()
        case.setContentsMargins(0, 0, 0, 0)
        self.project_name = QLineEdit()
        self.project_name.setObjectName("projectNameEdit")
        self.document_number = QLineEdit()
        self.document_number.setObjectName("documentNumberEdit")
        self.applicant = QLineEdit()
        self.applicant.setObjectName("applicantEdit")
        self.reviewer = QLineEdit()
        self.reviewer.setObjectName("reviewerEdit")
        fields = ((tr("Project name"), self.project_name), (tr("Document number"), self.document_number),
                  (tr("Applicant"), self.applicant), (tr("Reviewer"), self.reviewer))
        for index, (label, edit) in enumerate(fields):
            row, column = divmod(index, 2)
            case.addWidget(QLabel(label), row, column * 2)
            case.addWidget(edit, row, column * 2 + 1)
        layout.addLayout(case)

        run_row = QHBoxLayout()
        self.run_button = QPushButton(tr("Run review"))
        self.run_button.setObjectName("runReviewButton")
        self.cancel_button = QPushButton(tr("Cancel"))
        self.cancel_button.setObjectName("cancelReviewButton")
        self.cancel_button.setEnabled(False)
        self.progress = QProgressBar()
        self.progress.setObjectName("reviewProgress")
        self.progress.setRange(0, 100)
        self.progress.setValue(0)
        run_row.addWidget(self.run_button)
        run_row.addWidget(self.cancel_button)
        run_row.addWidget(self.progress, 1)
        layout.addLayout(run_row)

        self.site_layer_combo.layerChanged.connect(self._site_changed)
        self.selected_only.toggled.connect(lambda _checked: self.show_parcel_land_uses())
        self.apply_to_all.toggled.connect(lambda _checked: self.show_parcel_land_uses())
        self.land_use.currentTextChanged.connect(lambda _text: self.show_parcel_land_uses())

    def site_layer(self):
        return self.site_layer_combo.currentLayer()

    def case_info(self) -> CaseInfoInput:
        return CaseInfoInput(self.project_name.text().strip(), self.document_number.text().strip(),
                             self.applicant.text().strip(), self.reviewer.text().strip())

    def clear_case(self) -> None:
        """A new case: its own fields and land use (the reviewer stays: the same person)."""
        for edit in (self.project_name, self.document_number, self.applicant):
            edit.clear()
        self.land_use.set_code(None)
        self.apply_to_all.setChecked(False)
        self.show_parcel_land_uses()

    def set_running(self, running: bool) -> None:
        self.run_button.setEnabled(not running)
        self.cancel_button.setEnabled(running)
        if running:
            self.progress.setValue(0)

    def _site_changed(self, layer) -> None:
        self._prefill_land_use(layer)
        self.show_parcel_land_uses()

    def _prefill_land_use(self, layer) -> None:
        """Take the 用地用海 code the site declares, when all its parcels agree."""
        if layer is None or self.land_use.code():
            return
        names = [field for field in LAND_USE_FIELDS if layer.fields().indexOf(field) >= 0]
        if not names:
            return
        codes = {str(feature[names[0]]).strip() for feature in layer.getFeatures()
                 if feature[names[0]] not in (None, "")}
        if len(codes) == 1:
            self.land_use.set_code(codes.pop())

    def show_parcel_land_uses(self) -> None:
        """Under the picker: the land use each parcel will be reviewed with, and where it comes from."""
        layer = self.site_layer()
        parcels = parcel_land_uses(layer, self.selected_only.isChecked()) if layer is not None else []
        site_code = self.land_use.code()
        if not parcels:
            self.parcel_uses.setText("")
            return
        count = layer.selectedFeatureCount() if self.selected_only.isChecked() else layer.featureCount()
        if site_code and self.apply_to_all.isChecked():
            self.parcel_uses.setText(tr("All {} parcels reviewed as {}").format(count, land_use_text(site_code)))
            return
        entries = []
        for parcel in parcels[:PARCELS_LISTED]:
            if parcel.land_use:
                use = land_use_text(parcel.land_use)
            elif site_code:
                use = tr("{} (proposed land use)").format(land_use_text(site_code))
            else:
                use = tr("no code: not specified")
            entries.append(tr("Parcel {}: {}").format(parcel.id, use))
        text = "；".join(entries)
        if count > PARCELS_LISTED:
            text += tr(" … ({} parcels)").format(count)
        self.parcel_uses.setText(text)
