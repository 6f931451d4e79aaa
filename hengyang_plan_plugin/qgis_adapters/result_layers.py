"""The "审查结果" group on the canvas: the last review's findings and site outline.

On the canvas each finding is one feature per parcel (one for the whole site when the site is
one parcel), labelled with that parcel's own figure of concern from review.json, drawn in its
check's own colour and hatch angle so a 蓝线 overlap is not mistaken for 永久基本农田. Labels
never overlap (QGIS's label engine drops a colliding label rather than stacking it). The group
is replaced by a re-run, never duplicated.
"""

from __future__ import annotations

from dataclasses import dataclass

from qgis.core import (
    QgsCategorizedSymbolRenderer,
    QgsFeature,
    QgsFillSymbol,
    QgsLinePatternFillSymbolLayer,
    QgsPalLayerSettings,
    QgsProject,
    QgsRendererCategory,
    QgsTextFormat,
    QgsVectorLayer,
    QgsVectorLayerSimpleLabeling,
)
from qgis.PyQt.QtGui import QColor, QFont

from ..core.report.geometries import drawable, review_geometries
from ..core.report.presentation import CONFLICT_COLOUR, area_in_unit, concern_area, status_label
from .field_types import DOUBLE, STRING, make_field
from .review_layers import CONFLICTS_LAYER_NAME, REVIEW_LAYER_PROPERTY, make_review_layers, to_qgs_geometry
from .site_layer import qgis_crs

GROUP_NAME = "审查结果"
FINDINGS_LAYER_NAME = CONFLICTS_LAYER_NAME  # "冲突范围": the canvas layer's name, as before
LABEL_FIELD = "label"

# Colour and hatch angle per check: the control lines in the colours their maps use.
CHECK_STYLES = {
    "geometry": ("#666666", 0),
    "farmland": ("#c8a000", 45),  # 永久基本农田: yellow
    "eco_redline": ("#1a7f37", -45),  # 生态保护红线: green
    "dev_boundary": ("#d35400", 0),  # 城镇开发边界: orange
    "zoning": ("#7f6000", 90),
    "land_use": ("#c00000", 45),
    "green_line": ("#2e9d4f", 135),
    "blue_line": ("#1f5fbf", 0),
    "purple_line": ("#8e44ad", 90),
    "yellow_line": ("#b7950b", -45),
    "renewal_unit": ("#7f6000", 0),
    "river_crossing": ("#117a8b", 90),
    "service_coverage": ("#7f6000", 45),
    "current_land_use": ("#8d6e63", 135),
}
DEFAULT_STYLE = (CONFLICT_COLOUR, 45)


@dataclass
class ResultLayers:
    findings: QgsVectorLayer  # per (check, parcel), labelled
    parcels: QgsVectorLayer


def check_symbol(check_id: str) -> QgsFillSymbol:
    colour, angle = CHECK_STYLES.get(check_id, DEFAULT_STYLE)
    qcolour = QColor(colour)
    symbol = QgsFillSymbol.createSimple({
        "color": f"{qcolour.red()},{qcolour.green()},{qcolour.blue()},45",
        "outline_color": f"{qcolour.red()},{qcolour.green()},{qcolour.blue()},255",
        "outline_width": "0.5",
    })
    hatch = QgsLinePatternFillSymbolLayer()
    hatch.setLineAngle(angle)
    hatch.setDistance(1.6)
    hatch.setLineWidth(0.35)
    hatch.setColor(qcolour)
    symbol.appendSymbolLayer(hatch)
    return symbol


def check_renderer(checks: list[tuple[str, str]]) -> QgsCategorizedSymbolRenderer:
    """One legend entry per check present: (check id, title)."""
    categories = [QgsRendererCategory(check_id, check_symbol(check_id), title) for check_id, title in checks]
    return QgsCategorizedSymbolRenderer("check_id", categories)


def _labels() -> QgsVectorLayerSimpleLabeling:
    settings = QgsPalLayerSettings()
    settings.fieldName = LABEL_FIELD
    settings.isExpression = False
    settings.displayAll = False  # a label that would overlap another is left out, not stacked
    text = QgsTextFormat()
    text.setFont(QFont("Noto Sans CJK SC"))
    text.setSize(9)
    text.setColor(QColor("#000000"))
    buffer = text.buffer()
    buffer.setEnabled(True)
    buffer.setSize(1.0)
    text.setBuffer(buffer)
    settings.setFormat(text)
    return QgsVectorLayerSimpleLabeling(settings)


def finding_label(title: str, parcel_id: str | None, area_m2: float, status: str) -> str:
    """'地块3 城镇开发边界 2,842.34 m²（冲突）': who, what and the parcel's own figure."""
    who = f"地块{parcel_id} " if parcel_id else ""
    return f"{who}{title} {area_in_unit(area_m2)}（{status_label(status)}）"


def _findings_layer(data: dict, geometries) -> QgsVectorLayer:
    layer = QgsVectorLayer("MultiPolygon", FINDINGS_LAYER_NAME, "memory")
    layer.setCrs(qgis_crs(geometries.crs))
    fields = [("check_id", STRING), ("title", STRING), ("parcel_id", STRING), ("status", STRING),
              ("area_m2", DOUBLE), (LABEL_FIELD, STRING)]
    layer.dataProvider().addAttributes([make_field(name, kind) for name, kind in fields])
    layer.updateFields()
    layer.setCustomProperty(REVIEW_LAYER_PROPERTY, FINDINGS_LAYER_NAME)
    checks = {check["id"]: check for check in data.get("checks") or []}
    several = len((data.get("submission") or {}).get("parcels") or []) > 1
    # Several parcels: each parcel's piece with its own figure; one parcel: the site's.
    areas = geometries.parcel_conflicts() if several else geometries.site_conflicts()
    features, present = [], {}
    for area in areas:
        check = checks.get(area.check_id) or {}
        entry = check
        if area.parcel_id is not None:
            entry = next((p for p in check.get("parcels") or [] if str(p.get("id")) == str(area.parcel_id)), {})
        figure = concern_area(entry) if entry else float(area.geometry.area)
        feature = QgsFeature(layer.fields())
        feature.setGeometry(to_qgs_geometry(drawable(area.geometry)))
        feature.setAttributes([area.check_id, area.title, str(area.parcel_id or ""), area.status, round(figure, 2),
                               finding_label(area.title, area.parcel_id, figure, area.status)])
        features.append(feature)
        present.setdefault(area.check_id, area.title)
    layer.dataProvider().addFeatures(features)
    layer.updateExtents()
    layer.setRenderer(check_renderer(list(present.items())))
    layer.setLabeling(_labels())
    layer.setLabelsEnabled(True)
    return layer


def remove_result_layers(project: QgsProject) -> None:
    root = project.layerTreeRoot()
    group = root.findGroup(GROUP_NAME)
    if group is not None:
        project.removeMapLayers([layer.layerId() for layer in group.findLayers()])
        root.removeChildNode(group)


def show_result_layers(project: QgsProject, result, submission=None, data: dict | None = None) -> ResultLayers:
    """Replace the result group with this review's findings (per check, labelled) and parcels.

    ``data`` is the review.json the dock shows (the figures on the labels); default: result.to_dict().
    """
    remove_result_layers(project)
    data = data if data is not None else result.to_dict()
    geometries = review_geometries(result, submission)
    layers = make_review_layers(data, geometries)
    findings = _findings_layer(data, geometries)
    project.addMapLayers([findings, layers.parcels], False)
    group = project.layerTreeRoot().insertGroup(0, GROUP_NAME)
    group.addLayer(findings)
    group.addLayer(layers.parcels)
    return ResultLayers(findings, layers.parcels)
