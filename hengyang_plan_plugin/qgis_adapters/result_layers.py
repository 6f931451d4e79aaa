"""The "审查结果" group on the canvas: the last review's conflicts and site outline.

The layers are the same ones the report and print layouts draw (review_layers);
here they are labelled with their area and kept in one group that a re-run
replaces, never duplicates.
"""

from __future__ import annotations

from qgis.core import QgsPalLayerSettings, QgsProject, QgsTextFormat, QgsVectorLayerSimpleLabeling
from qgis.PyQt.QtGui import QColor, QFont

from ..core.report.geometries import review_geometries
from ..core.report.presentation import CONFLICT_COLOUR
from .review_layers import ReviewLayers, make_review_layers

GROUP_NAME = "审查结果"
AREA_LABEL = "\"title\" || '\\n' || \"area_text\""  # area_text: review_layers, in the report's wording


def _area_labels() -> QgsVectorLayerSimpleLabeling:
    settings = QgsPalLayerSettings()
    settings.fieldName = AREA_LABEL
    settings.isExpression = True
    text = QgsTextFormat()
    text.setFont(QFont("Noto Sans CJK SC"))
    text.setSize(9)
    text.setColor(QColor(CONFLICT_COLOUR))
    buffer = text.buffer()
    buffer.setEnabled(True)
    buffer.setSize(1.0)
    text.setBuffer(buffer)
    settings.setFormat(text)
    return QgsVectorLayerSimpleLabeling(settings)


def remove_result_layers(project: QgsProject) -> None:
    root = project.layerTreeRoot()
    group = root.findGroup(GROUP_NAME)
    if group is not None:
        project.removeMapLayers([layer.layerId() for layer in group.findLayers()])
        root.removeChildNode(group)


def show_result_layers(project: QgsProject, result, submission=None) -> ReviewLayers:
    """Replace the result group with this review's conflicts (labelled) and parcels."""
    remove_result_layers(project)
    layers = make_review_layers(result.to_dict(), review_geometries(result, submission))
    layers.conflicts.setLabeling(_area_labels())
    layers.conflicts.setLabelsEnabled(True)
    project.addMapLayers([layers.conflicts, layers.parcels], False)
    group = project.layerTreeRoot().insertGroup(0, GROUP_NAME)
    group.addLayer(layers.conflicts)
    group.addLayer(layers.parcels)
    return layers
