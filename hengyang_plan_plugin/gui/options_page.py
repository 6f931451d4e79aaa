"""The plugin's page in QGIS Settings ▸ Options, backed by QgsSettings."""

from __future__ import annotations

from qgis.gui import QgsFileWidget, QgsOptionsPageWidget, QgsOptionsWidgetFactory
from qgis.PyQt.QtGui import QIcon
from qgis.PyQt.QtWidgets import QComboBox, QDoubleSpinBox, QFormLayout, QLabel, QLineEdit

from ..i18n import tr
from ..paths import icon_path
from ..qgis_adapters.preferences import Preferences


class HengyangOptionsPage(QgsOptionsPageWidget):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("hengyangOptionsPage")
        preferences = Preferences.load()
        form = QFormLayout(self)

        self.plan_source = QgsFileWidget()
        self.plan_source.setObjectName("planSourceWidget")
        self.plan_source.setStorageMode(QgsFileWidget.GetFile)
        self.plan_source.setFilter(tr("GeoPackage (*.gpkg);;All files (*)"))
        self.plan_source.setFilePath(preferences.plan_source)
        form.addRow(tr("Plan source"), self.plan_source)
        hint = QLabel(tr("A GeoPackage or a folder of shapefiles named after the national layer names "
                         "(YJJBNT, STBHHX, …). Leave empty for the bundled sample plan."))
        hint.setWordWrap(True)
        form.addRow("", hint)

        self.area_unit = QComboBox()
        self.area_unit.setObjectName("areaUnitOption")
        for label, value in ((tr("m²"), "m2"), (tr("hectares (公顷)"), "ha"), (tr("mu (亩)"), "mu")):
            self.area_unit.addItem(label, value)
        self.area_unit.setCurrentIndex(max(self.area_unit.findData(preferences.area_unit), 0))
        form.addRow(tr("Area unit"), self.area_unit)

        self.sliver_area = QDoubleSpinBox()
        self.sliver_area.setObjectName("sliverAreaOption")
        self.sliver_area.setRange(0.0, 1000.0)
        self.sliver_area.setDecimals(2)
        self.sliver_area.setSuffix(" m²")
        self.sliver_area.setValue(preferences.sliver_area_m2)
        form.addRow(tr("Ignore overlaps smaller than"), self.sliver_area)

        self.sliver_width = QDoubleSpinBox()
        self.sliver_width.setObjectName("sliverWidthOption")
        self.sliver_width.setRange(0.0, 10.0)
        self.sliver_width.setDecimals(3)
        self.sliver_width.setSuffix(" m")
        self.sliver_width.setValue(preferences.sliver_width_m)
        form.addRow(tr("…or narrower than"), self.sliver_width)

        self.reviewer = QLineEdit(preferences.reviewer)
        self.reviewer.setObjectName("reviewerOption")
        form.addRow(tr("Reviewer"), self.reviewer)
        self.reviewing_unit = QLineEdit(preferences.reviewing_unit)
        self.reviewing_unit.setObjectName("reviewingUnitOption")
        form.addRow(tr("Reviewing unit"), self.reviewing_unit)

    def apply(self) -> None:
        Preferences(
            plan_source=self.plan_source.filePath().strip(),
            area_unit=self.area_unit.currentData(),
            sliver_area_m2=self.sliver_area.value(),
            sliver_width_m=self.sliver_width.value(),
            reviewer=self.reviewer.text().strip(),
            reviewing_unit=self.reviewing_unit.text().strip(),
        ).save()


class HengyangOptionsFactory(QgsOptionsWidgetFactory):
    def __init__(self):
        super().__init__()
        self.setTitle(tr("Hengyang plan review"))

    def icon(self) -> QIcon:
        return QIcon(str(icon_path("hengyang.svg")))

    def createWidget(self, parent=None) -> HengyangOptionsPage:  # noqa: N802 (QGIS's name)
        return HengyangOptionsPage(parent)
