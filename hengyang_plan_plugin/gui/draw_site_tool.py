"""Digitise the site (送审红线) on the map, snapping to the plan layers.

Left click adds vertices, right click finishes a parcel (QGIS's usual polygon
capture); each finished polygon becomes a parcel of the 送审红线 layer.
"""

from __future__ import annotations

from qgis.core import (
    QgsFeature,
    QgsProject,
    QgsSnappingConfig,
    QgsTolerance,
    QgsVectorLayer,
)
from qgis.gui import QgsAdvancedDigitizingDockWidget, QgsMapToolCapture, QgsMapToolDigitizeFeature
from qgis.PyQt import sip
from qgis.PyQt.QtCore import pyqtSignal

from ..core.report.presentation import format_ha
from ..i18n import tr
from ..qgis_adapters.plan_loader import plan_layers
from ..qgis_adapters.site_layer import FIELD_ID, PLAN_CRS, add_geometry_to_site_layer, site_layer

SNAP_TOLERANCE_PX = 12.0


def _individual_settings(enabled: bool) -> QgsSnappingConfig.IndividualLayerSettings:
    flags = QgsSnappingConfig.SnappingTypes.VertexFlag | QgsSnappingConfig.SnappingTypes.SegmentFlag
    return QgsSnappingConfig.IndividualLayerSettings(
        enabled, flags, SNAP_TOLERANCE_PX, QgsTolerance.UnitType.Pixels, 0.0, 0.0
    )


def site_snapping_config(project: QgsProject, site: QgsVectorLayer | None = None) -> QgsSnappingConfig:
    """Snapping to vertices and segments of the plan layers (and parcels already drawn), nothing else."""
    config = QgsSnappingConfig(project)
    config.setEnabled(True)
    config.setMode(QgsSnappingConfig.SnappingMode.AdvancedConfiguration)
    targets = {layer.id() for layer in plan_layers(project) if isinstance(layer, QgsVectorLayer)}
    if site is not None:
        targets.add(site.id())
    for layer in project.mapLayers().values():
        if isinstance(layer, QgsVectorLayer):
            config.setIndividualLayerSettings(layer, _individual_settings(layer.id() in targets))
    return config


class DrawSiteTool(QgsMapToolDigitizeFeature):
    """``DrawSiteTool(canvas, iface)``; set it with ``canvas.setMapTool(tool)``.

    While active the 送审红线 layer is editable and the project snaps to the
    plan layers; both are put back when the tool is deactivated.
    """

    parcelAdded = pyqtSignal(QgsFeature)  # noqa: N815 (Qt signal naming)

    def __init__(self, canvas, iface=None, project: QgsProject | None = None):
        cad_dock = iface.cadDockWidget() if iface is not None and hasattr(iface, "cadDockWidget") else None
        # Without QGIS's own dock (tests, scripts) the tool needs one of its own to exist.
        self._own_cad_dock = None
        # Not a real dock: None, or a stand-in's mock (pytest-qgis >= 3 answers every call with one).
        if not isinstance(cad_dock, QgsAdvancedDigitizingDockWidget):
            self._own_cad_dock = QgsAdvancedDigitizingDockWidget(canvas)
            cad_dock = self._own_cad_dock
        super().__init__(canvas, cad_dock, QgsMapToolCapture.CaptureMode.CapturePolygon)
        self.iface = iface
        self.project = project or QgsProject.instance()
        self.layer: QgsVectorLayer | None = None
        self._started_editing = False
        self._saved_snapping: QgsSnappingConfig | None = None
        # Snap each click even when the advanced digitizing panel is off (its default).
        self.setAutoSnapEnabled(True)
        self.setToolName(tr("Draw the site"))
        self.digitizingCompleted.connect(self._parcel_digitized)

    def prepare(self) -> QgsVectorLayer:
        """The 送审红线 layer editable and current, before the tool is set on the canvas.

        In that order: QGIS desktop swaps an editing tool for Pan as soon as the current layer is
        not editable (QgisApp::activateDeactivateLayerRelatedActions), which is what made the first
        use of 绘制送审红线 pan the map.
        """
        self.layer = site_layer(self.project, self._canvas_crs())
        self.setLayer(self.layer)
        if not self.layer.isEditable():
            self._started_editing = self.layer.startEditing() or self._started_editing
        # The capture ignores clicks while a table (e.g. GHZB) is the current layer.
        if self.iface is not None and hasattr(self.iface, "setActiveLayer"):
            self.iface.setActiveLayer(self.layer)
        return self.layer

    def activate(self) -> None:
        self.prepare()
        self._enable_snapping()
        super().activate()

    def deactivate(self) -> None:
        super().deactivate()
        self._restore_snapping()
        layer_alive = self.layer is not None and not sip.isdeleted(self.layer)  # the project may be gone
        if layer_alive and self._started_editing and self.layer.isEditable():
            self.layer.commitChanges()
        self._started_editing = False

    def _canvas_crs(self):
        crs = self.canvas().mapSettings().destinationCrs()
        return crs if crs.isValid() else PLAN_CRS

    def _enable_snapping(self) -> None:
        self._saved_snapping = QgsSnappingConfig(self.project.snappingConfig())
        config = site_snapping_config(self.project, self.layer)
        self.project.setSnappingConfig(config)
        # QGIS desktop copies the project's config to the canvas; scripts and tests do not.
        self.canvas().snappingUtils().setConfig(config)

    def _restore_snapping(self) -> None:
        if self._saved_snapping is None:
            return
        self.project.setSnappingConfig(self._saved_snapping)
        self.canvas().snappingUtils().setConfig(self._saved_snapping)
        self._saved_snapping = None

    def _parcel_digitized(self, feature: QgsFeature) -> None:
        """A finished polygon (in the layer's CRS): number it and keep it."""
        geometry = feature.geometry()
        if geometry.isNull() or geometry.isEmpty() or geometry.area() <= 0:
            return
        added = add_geometry_to_site_layer(self.project, geometry, self.layer.crs())
        if self.layer.isEditable():
            self.layer.commitChanges(False)  # keep drawn parcels even if QGIS is closed mid-session
        self.parcelAdded.emit(added)
        if self.iface is not None and hasattr(self.iface, "messageBar"):
            from qgis.core import Qgis

            self.iface.messageBar().pushMessage(
                tr("Hengyang plan review"),
                tr("Parcel {} added to the site layer ({} ha)").format(
                    added[FIELD_ID], format_ha(geometry.area())
                ),
                Qgis.MessageLevel.Info,
                5,
            )
