"""The "审查结果" group: conflict geometries and the site outline of the last review.

Re-running a review replaces the group's layers; they are never duplicated.
"""

from __future__ import annotations

import shapely
from qgis.core import (
    QgsCoordinateReferenceSystem,
    QgsFeature,
    QgsField,
    QgsFillSymbol,
    QgsGeometry,
    QgsLinePatternFillSymbolLayer,
    QgsPalLayerSettings,
    QgsProject,
    QgsSimpleLineSymbolLayer,
    QgsTextFormat,
    QgsVectorLayer,
    QgsVectorLayerSimpleLabeling,
)
from qgis.PyQt.QtCore import QVariant
from qgis.PyQt.QtGui import QColor, QFont

GROUP_NAME = "审查结果"
CONFLICT_LAYER_NAME = "审查冲突"
SITE_LAYER_NAME = "审查红线"
RESULT_PROPERTY = "hengyang/result_layer"


def to_qgs_geometry(geometry) -> QgsGeometry:
    qgs_geometry = QgsGeometry()
    qgs_geometry.fromWkb(shapely.to_wkb(geometry))
    return qgs_geometry


def _conflict_symbol() -> QgsFillSymbol:
    symbol = QgsFillSymbol.createSimple({"color": "255,0,0,40", "outline_color": "220,0,0",
                                         "outline_width": "0.6"})
    hatch = QgsLinePatternFillSymbolLayer()
    hatch.setLineAngle(45)
    hatch.setDistance(1.6)
    hatch.setColor(QColor(220, 0, 0))
    hatch.setLineWidth(0.3)
    symbol.appendSymbolLayer(hatch)
    return symbol


def _site_symbol() -> QgsFillSymbol:
    symbol = QgsFillSymbol.createSimple({"style": "no"})
    outline = QgsSimpleLineSymbolLayer(QColor(255, 0, 0), 0.8)
    symbol.changeSymbolLayer(0, outline)
    return symbol


def _area_labels(expression: str) -> QgsVectorLayerSimpleLabeling:
    settings = QgsPalLayerSettings()
    settings.fieldName = expression
    settings.isExpression = True
    text = QgsTextFormat()
    text.setFont(QFont("Noto Sans CJK SC"))
    text.setSize(9)
    text.setColor(QColor(160, 0, 0))
    buffer = text.buffer()
    buffer.setEnabled(True)
    buffer.setSize(1.0)
    text.setBuffer(buffer)
    settings.setFormat(text)
    return QgsVectorLayerSimpleLabeling(settings)


def _memory_layer(name: str, crs: str, fields: list[QgsField]) -> QgsVectorLayer:
    layer = QgsVectorLayer(f"MultiPolygon?crs={crs}", name, "memory")
    layer.setCrs(QgsCoordinateReferenceSystem(crs))
    layer.dataProvider().addAttributes(fields)
    layer.updateFields()
    layer.setCustomProperty(RESULT_PROPERTY, name)
    return layer


def remove_result_layers(project: QgsProject) -> None:
    root = project.layerTreeRoot()
    group = root.findGroup(GROUP_NAME)
    if group is not None:
        project.removeMapLayers([layer.layerId() for layer in group.findLayers()])
        root.removeChildNode(group)


def show_result_layers(project: QgsProject, result, site_geometry=None) -> tuple[QgsVectorLayer, QgsVectorLayer]:
    """Replace the result group with this review's conflicts and site outline."""
    remove_result_layers(project)
    crs = result.working_crs
    titles = {check.id: check.title for check in result.checks}

    conflicts = _memory_layer(CONFLICT_LAYER_NAME, crs, [
        QgsField("check_id", QVariant.String), QgsField("title", QVariant.String),
        QgsField("status", QVariant.String), QgsField("parcel", QVariant.String),
        QgsField("area_m2", QVariant.Double),
    ])
    features = []
    for check_id, parcel_id, status, geometry in result.conflict_geometries():
        if parcel_id is not None and len(result.parcels) <= 1:
            continue  # one parcel: its geometry equals the whole site's
        feature = QgsFeature(conflicts.fields())
        feature.setGeometry(to_qgs_geometry(geometry))
        feature.setAttributes([check_id, titles.get(check_id, check_id), status, parcel_id or "",
                               round(geometry.area, 2)])
        features.append(feature)
    conflicts.dataProvider().addFeatures(features)
    conflicts.renderer().setSymbol(_conflict_symbol())
    conflicts.setLabeling(_area_labels("\"title\" || '\\n' || format_number(\"area_m2\", 1) || ' m²'"))
    conflicts.setLabelsEnabled(True)

    site = _memory_layer(SITE_LAYER_NAME, crs, [QgsField("name", QVariant.String),
                                                 QgsField("area_m2", QVariant.Double)])
    if site_geometry is not None:
        feature = QgsFeature(site.fields())
        feature.setGeometry(to_qgs_geometry(site_geometry))
        feature.setAttributes([result.submission_name, round(site_geometry.area, 2)])
        site.dataProvider().addFeatures([feature])
    site.renderer().setSymbol(_site_symbol())

    project.addMapLayers([conflicts, site], False)
    group = project.layerTreeRoot().insertGroup(0, GROUP_NAME)
    group.addLayer(conflicts)
    group.addLayer(site)
    return conflicts, site
