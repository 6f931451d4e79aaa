"""Memory layers of one review for figures and print layouts: parcels, conflict areas, conflict rows.

The parcels layer is the atlas coverage of a multi-parcel sheet; the conflict
rows layer (no geometry) feeds the layout's conflict table and carries the
parcel id so an atlas page can filter its own rows.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import shapely
from qgis.core import (
    QgsCoordinateReferenceSystem,
    QgsFeature,
    QgsFillSymbol,
    QgsGeometry,
    QgsLinePatternFillSymbolLayer,
    QgsMarkerSymbol,
    QgsProperty,
    QgsSimpleLineSymbolLayer,
    QgsSymbolLayer,
    QgsVectorLayer,
)
from qgis.PyQt.QtGui import QColor

from ..core.report.geometries import ReviewGeometries, drawable
from ..core.report.presentation import (
    CONFLICT_COLOUR,
    CONFLICT_FILL_ALPHA,
    SITE_COLOUR,
    area_text,
    rgb,
)
from ..core.report.sheet_pages import WHOLE_SITE, conflict_rows  # noqa: F401 (WHOLE_SITE: re-exported)
from ..core.units import m2_to_ha, m2_to_mu
from .field_types import DOUBLE, STRING, make_field

PARCELS_LAYER_NAME = "用地红线"
LOCATION_LAYER_NAME = "项目位置"
CONFLICTS_LAYER_NAME = "冲突范围"
CONFLICT_ROWS_LAYER_NAME = "冲突汇总"
REVIEW_LAYER_PROPERTY = "hengyang/review_output_layer"

SITE_RED = QColor(SITE_COLOUR)
CONFLICT_RED = QColor(CONFLICT_COLOUR)


def _rgba(colour: str, alpha: int = 255) -> str:
    """A presentation colour as a QGIS symbol property ('r,g,b,a')."""
    return ",".join(str(v) for v in (*rgb(colour), alpha))


# Conflict table columns: field name -> Chinese heading.
ROW_FIELDS = (
    ("parcel_id", "地块"),
    ("title", "审查事项"),
    ("status", "结果"),
    ("area_m2", "面积(m²)"),
    ("area_ha", "公顷"),
    ("area_mu", "亩"),
)


@dataclass
class ReviewLayers:
    parcels: QgsVectorLayer
    conflicts: QgsVectorLayer
    conflict_rows: QgsVectorLayer
    location: QgsVectorLayer  # one point: where the site is, for the city-wide overview

    def all(self) -> list[QgsVectorLayer]:
        return [self.conflicts, self.parcels, self.conflict_rows, self.location]


def to_qgs_geometry(geometry) -> QgsGeometry:
    qgs_geometry = QgsGeometry()
    qgs_geometry.fromWkb(shapely.to_wkb(geometry))
    return qgs_geometry


def _crs(definition: str) -> QgsCoordinateReferenceSystem:
    crs = QgsCoordinateReferenceSystem(definition)
    return crs if crs.isValid() else QgsCoordinateReferenceSystem.fromWkt(definition)


def _memory_layer(uri: str, name: str, crs: QgsCoordinateReferenceSystem | None, fields) -> QgsVectorLayer:
    layer = QgsVectorLayer(uri, name, "memory")
    if crs is not None:
        layer.setCrs(crs)
    layer.dataProvider().addAttributes([make_field(field_name, kind) for field_name, kind in fields])
    layer.updateFields()
    layer.setCustomProperty(REVIEW_LAYER_PROPERTY, name)
    return layer


# On an atlas page the page's own parcel is drawn heavier than its neighbours.
# The sheet's atlas page name is the page's parcel id, empty on the overview (print_layout.py); a
# variable, not attribute(@atlas_feature, …), which copies the page's feature for every parcel drawn.
SITE_OUTLINE_WIDTH = "if(coalesce(@atlas_pagename, '') IN ('', \"parcel_id\"), 0.9, 0.4)"


def site_symbol() -> QgsFillSymbol:
    symbol = QgsFillSymbol.createSimple({"style": "no"})
    outline = QgsSimpleLineSymbolLayer(SITE_RED, 0.9)
    outline.setDataDefinedProperty(
        QgsSymbolLayer.Property.PropertyStrokeWidth, QgsProperty.fromExpression(SITE_OUTLINE_WIDTH)
    )
    symbol.changeSymbolLayer(0, outline)
    return symbol


def location_symbol() -> QgsMarkerSymbol:
    return QgsMarkerSymbol.createSimple(
        {
            "name": "circle",
            "color": _rgba(SITE_COLOUR),
            "outline_color": "255,255,255,255",
            "outline_width": "0.4",
            "size": "3",
        }
    )


def conflict_symbol() -> QgsFillSymbol:
    symbol = QgsFillSymbol.createSimple(
        {
            "color": _rgba(CONFLICT_COLOUR, CONFLICT_FILL_ALPHA),
            "outline_color": _rgba(CONFLICT_COLOUR),
            "outline_width": "0.4",
        }
    )
    hatch = QgsLinePatternFillSymbolLayer()
    hatch.setLineAngle(45)
    hatch.setDistance(1.5)
    hatch.setLineWidth(0.35)
    hatch.setColor(CONFLICT_RED)
    symbol.appendSymbolLayer(hatch)
    return symbol


def _parcels_layer(geometries: ReviewGeometries) -> QgsVectorLayer:
    layer = _memory_layer(
        "MultiPolygon",
        PARCELS_LAYER_NAME,
        _crs(geometries.crs),
        [
            ("parcel_id", STRING),
            ("area_m2", DOUBLE),
            ("area_ha", DOUBLE),
            ("area_mu", DOUBLE),
            ("area_text", STRING),  # the atlas page's area line, in the report's wording
        ],
    )
    features = []
    for parcel_id, geometry in geometries.parcels:
        feature = QgsFeature(layer.fields())
        feature.setGeometry(to_qgs_geometry(drawable(geometry)))
        area = geometry.area
        feature.setAttributes(
            [parcel_id, round(area, 2), round(m2_to_ha(area), 4), round(m2_to_mu(area), 2), area_text(area)]
        )
        features.append(feature)
    layer.dataProvider().addFeatures(features)
    layer.updateExtents()
    layer.renderer().setSymbol(site_symbol())
    return layer


def _conflicts_layer(geometries: ReviewGeometries) -> QgsVectorLayer:
    layer = _memory_layer(
        "MultiPolygon",
        CONFLICTS_LAYER_NAME,
        _crs(geometries.crs),
        [
            ("check_id", STRING),
            ("title", STRING),
            ("status", STRING),
            ("area_m2", DOUBLE),
            ("area_text", STRING),  # the canvas label, in the report's wording
        ],
    )
    features = []
    for area in geometries.site_conflicts():
        feature = QgsFeature(layer.fields())
        feature.setGeometry(to_qgs_geometry(drawable(area.geometry)))
        size = area.geometry.area
        feature.setAttributes([area.check_id, area.title, area.status, round(size, 2), area_text(size)])
        features.append(feature)
    layer.dataProvider().addFeatures(features)
    layer.updateExtents()
    layer.renderer().setSymbol(conflict_symbol())
    return layer


def _conflict_rows_layer(result: dict[str, Any]) -> QgsVectorLayer:
    layer = _memory_layer(
        "None", CONFLICT_ROWS_LAYER_NAME, None, [(name, STRING) for name, _ in ROW_FIELDS]
    )
    features = []
    for row in conflict_rows(result):
        feature = QgsFeature(layer.fields())
        feature.setAttributes([row[name] for name, _ in ROW_FIELDS])
        features.append(feature)
    layer.dataProvider().addFeatures(features)
    return layer


def _location_layer(geometries: ReviewGeometries) -> QgsVectorLayer:
    layer = _memory_layer("Point", LOCATION_LAYER_NAME, _crs(geometries.crs), [])
    site = geometries.site
    if site is not None and not site.is_empty:
        feature = QgsFeature(layer.fields())
        feature.setGeometry(to_qgs_geometry(site.representative_point()))
        layer.dataProvider().addFeatures([feature])
        layer.updateExtents()
    layer.renderer().setSymbol(location_symbol())
    return layer


def make_review_layers(result: dict[str, Any], geometries: ReviewGeometries) -> ReviewLayers:
    return ReviewLayers(
        _parcels_layer(geometries),
        _conflicts_layer(geometries),
        _conflict_rows_layer(result),
        _location_layer(geometries),
    )
