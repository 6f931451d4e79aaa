"""The review inputs: the site, the proposed land use and the case fields."""

from __future__ import annotations

from dataclasses import dataclass

from qgis.core import QgsMapLayerProxyModel
from qgis.gui import QgsMapLayerComboBox
from qgis.PyQt.QtWidgets import (
    QCheckBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ..i18n import tr
from .land_use_picker import LandUsePicker

# Fields a site layer may carry its 用地用海 code in (TXT import writes 地类编码).
LAND_USE_FIELDS = ("地类编码", "YDYHFLDM", "DLBM", "land_use")


@dataclass
class CaseInfoInput:
    project_name: str
    document_number: str
    applicant: str
    reviewer: str


class ReviewPanel(QWidget):
    def __init__(self, parent=None):
        super().__init__(parent)
        layout = QVBoxLayout(self)

        site_box = QGroupBox(tr("Site (用地红线)"))
        site_layout = QVBoxLayout(site_box)
        self.site_layer_combo = QgsMapLayerComboBox()
        self.site_layer_combo.setObjectName("siteLayerCombo")
        self.site_layer_combo.setFilters(QgsMapLayerProxyModel.Filter.PolygonLayer)
        self.site_layer_combo.setAllowEmptyLayer(True)
        self.selected_only = QCheckBox(tr("Selected features only"))
        self.selected_only.setObjectName("selectedOnlyCheck")
        buttons = QHBoxLayout()
        self.import_button = QPushButton(tr("Import coordinates TXT…"))
        self.import_button.setObjectName("importTxtButton")
        self.draw_button = QPushButton(tr("Draw on map"))
        self.draw_button.setObjectName("drawSiteButton")
        buttons.addWidget(self.import_button)
        buttons.addWidget(self.draw_button)
        site_layout.addWidget(self.site_layer_combo)
        site_layout.addWidget(self.selected_only)
        site_layout.addLayout(buttons)
        layout.addWidget(site_box)

        case_box = QGroupBox(tr("Case"))
        form = QFormLayout(case_box)
        self.land_use = LandUsePicker()
        self.project_name = QLineEdit()
        self.project_name.setObjectName("projectNameEdit")
        self.document_number = QLineEdit()
        self.document_number.setObjectName("documentNumberEdit")
        self.applicant = QLineEdit()
        self.applicant.setObjectName("applicantEdit")
        self.reviewer = QLineEdit()
        self.reviewer.setObjectName("reviewerEdit")
        form.addRow(tr("Proposed land use"), self.land_use)
        form.addRow(tr("Project name"), self.project_name)
        form.addRow(tr("Document number"), self.document_number)
        form.addRow(tr("Applicant"), self.applicant)
        form.addRow(tr("Reviewer"), self.reviewer)
        layout.addWidget(case_box)

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

        self.site_layer_combo.layerChanged.connect(self._prefill_land_use)

    def site_layer(self):
        return self.site_layer_combo.currentLayer()

    def case_info(self) -> CaseInfoInput:
        return CaseInfoInput(self.project_name.text().strip(), self.document_number.text().strip(),
                             self.applicant.text().strip(), self.reviewer.text().strip())

    def set_running(self, running: bool) -> None:
        self.run_button.setEnabled(not running)
        self.cancel_button.setEnabled(running)
        if running:
            self.progress.setValue(0)

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
