"""The 送审红线 layer: a memory layer holding the site under review.

Imported and drawn sites go here; the dock reviews it (or any other polygon
layer) through ``submission_from_layer``. The layer is found again by a custom
property, so renaming it in the layer tree does not lose it.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import replace
from pathlib import Path

from qgis.core import (
    NULL,
    QgsCoordinateReferenceSystem,
    QgsCoordinateTransform,
    QgsFeature,
    QgsFields,
    QgsFillSymbol,
    QgsGeometry,
    QgsProject,
    QgsVectorLayer,
    QgsWkbTypes,
)
from qgis.PyQt.QtCore import QDate, QDateTime, QTime, QVariant
from shapely import force_2d, wkb
from shapely.errors import GEOSException
from shapely.geometry import MultiPolygon, Polygon

from ..core.plan_schema import PLAN_EPSG
from ..core.submission_io import ParcelBuilder, file_sha256
from ..core.submission_model import Parcel, Submission, SubmissionError
from ..core.units import M2_PER_HA
from .field_types import DOUBLE, STRING, make_field

SITE_LAYER_NAME = "送审红线"
SITE_LAYER_PROPERTY = "hengyang_plan/site_layer"
# The file the layer was last filled from, and a fingerprint of what it held
# then: the file's sha256 only describes the layer while nothing was edited.
SOURCE_PROPERTY = "hengyang_plan/site_source"
SHA256_PROPERTY = "hengyang_plan/site_sha256"
FINGERPRINT_PROPERTY = "hengyang_plan/site_fingerprint"
# What the reader said about the imported file (no CRS, zone from the prefix, …): the review says it too.
WARNINGS_PROPERTY = "hengyang_plan/site_warnings"

FIELD_ID = "地块编号"
FIELD_NAME = "地块名称"
FIELD_USE = "地块用途"
FIELD_CODE = "地类编码"
FIELD_DECLARED_HA = "申报面积"  # 公顷, as in the coordinate TXT
SITE_FIELDS = (
    (FIELD_ID, STRING),
    (FIELD_NAME, STRING),
    (FIELD_USE, STRING),
    (FIELD_CODE, STRING),
    (FIELD_DECLARED_HA, DOUBLE),
)

PLAN_CRS = f"EPSG:{PLAN_EPSG}"


def qgis_crs(definition: str | None) -> QgsCoordinateReferenceSystem:
    """A QGIS CRS from an authority id or WKT (the Submission's ``crs``)."""
    if not definition:
        return QgsCoordinateReferenceSystem()
    crs = QgsCoordinateReferenceSystem(definition)
    if not crs.isValid():
        crs = QgsCoordinateReferenceSystem.fromWkt(definition)
    return crs


def crs_definition(crs: QgsCoordinateReferenceSystem) -> str | None:
    """The Submission form of a QGIS CRS: ``EPSG:nnnn`` when it has one, else WKT."""
    if not crs.isValid():
        return None
    return crs.authid() or crs.toWkt()


# --- the layer ------------------------------------------------------------------


def find_site_layer(project: QgsProject | None = None) -> QgsVectorLayer | None:
    project = project or QgsProject.instance()
    for layer in project.mapLayers().values():
        if isinstance(layer, QgsVectorLayer) and layer.customProperty(SITE_LAYER_PROPERTY):
            return layer
    return None


def site_fields() -> QgsFields:
    fields = QgsFields()
    for name, kind in SITE_FIELDS:
        fields.append(make_field(name, kind))
    return fields


def parcel_values(parcel: Parcel, fallback_id: str) -> dict[str, object]:
    """The 送审红线 field values of a parcel (申报面积 in 公顷)."""
    code = (parcel.attributes or {}).get(FIELD_CODE) or parcel.land_use or ""
    return {
        FIELD_ID: parcel.id or fallback_id,
        FIELD_NAME: parcel.name,
        FIELD_USE: parcel.land_use_name,
        FIELD_CODE: code,
        FIELD_DECLARED_HA: parcel.declared_area_m2 / M2_PER_HA
        if parcel.declared_area_m2 is not None
        else NULL,
    }


def parcel_geometry(parcel: Parcel) -> QgsGeometry:
    """The parcel as a 2D QGIS multipolygon (the layer's geometry type)."""
    result = QgsGeometry()
    result.fromWkb(wkb.dumps(force_2d(parcel.geometry)))
    result.convertToMultiType()
    return result


def create_site_layer(crs: str | QgsCoordinateReferenceSystem = PLAN_CRS) -> QgsVectorLayer:
    """A new, empty 送审红线 layer (not yet added to a project)."""
    crs = crs if isinstance(crs, QgsCoordinateReferenceSystem) else qgis_crs(crs)
    layer = QgsVectorLayer("MultiPolygon", SITE_LAYER_NAME, "memory")
    layer.setCrs(crs)
    layer.dataProvider().addAttributes(site_fields().toList())
    layer.updateFields()
    layer.setCustomProperty(SITE_LAYER_PROPERTY, True)
    # A red outline without fill: the plan underneath must stay visible.
    symbol = QgsFillSymbol.createSimple(
        {
            "color": "255,0,0,0",
            "style": "no",
            "outline_color": "230,0,0",
            "outline_width": "0.8",
            "outline_width_unit": "MM",
        }
    )
    layer.renderer().setSymbol(symbol)
    return layer


def site_layer(
    project: QgsProject | None = None, crs: str | QgsCoordinateReferenceSystem = PLAN_CRS
) -> QgsVectorLayer:
    """The project's 送审红线 layer, created (on top of the layer tree) when missing."""
    project = project or QgsProject.instance()
    layer = find_site_layer(project)
    if layer is None:
        layer = create_site_layer(crs)
        project.addMapLayer(layer, False)
        project.layerTreeRoot().insertLayer(0, layer)
    return layer


def site_features(layer: QgsVectorLayer, submission: Submission, start_number: int = 1) -> list[QgsFeature]:
    """Features for the layer's fields, geometries transformed into the layer's CRS."""
    source_crs = qgis_crs(submission.crs) if submission.crs else layer.crs()
    transform = None
    if source_crs.isValid() and source_crs != layer.crs():
        transform = QgsCoordinateTransform(source_crs, layer.crs(), QgsProject.instance())
    features = []
    for offset, parcel in enumerate(submission.parcels):
        geometry = parcel_geometry(parcel)
        if transform is not None:
            geometry.transform(transform)
        feature = QgsFeature(layer.fields())
        feature.setGeometry(geometry)
        for name, value in parcel_values(parcel, str(start_number + offset)).items():
            index = layer.fields().indexOf(name)
            if index >= 0:
                feature.setAttribute(index, value)
        features.append(feature)
    return features


def add_submission_to_site_layer(
    project: QgsProject | None, submission: Submission, replace: bool = False
) -> QgsVectorLayer:
    """Put the submission's parcels into 送审红线; ``replace`` empties the layer first.

    On replace the layer takes the submission's CRS, so TXT coordinates stay
    exactly as surveyed; added parcels are transformed into the layer's CRS.
    """
    project = project or QgsProject.instance()
    layer = site_layer(project, submission.crs or PLAN_CRS)
    if layer.isEditable():
        layer.commitChanges()
    provider = layer.dataProvider()
    if replace:
        provider.truncate()
        crs = qgis_crs(submission.crs)
        if crs.isValid() and crs != layer.crs():
            layer.setCrs(crs)
    start = layer.featureCount() + 1
    if not provider.addFeatures(site_features(layer, submission, start)):
        raise SubmissionError("无法写入送审红线图层: " + "; ".join(provider.errors()), submission.source)
    layer.updateExtents()
    if replace:
        layer.setCustomProperty(SOURCE_PROPERTY, submission.source)
        layer.setCustomProperty(SHA256_PROPERTY, submission.sha256 or "")
        layer.setCustomProperty(FINGERPRINT_PROPERTY, _fingerprint(layer.getFeatures()))
        layer.setCustomProperty(WARNINGS_PROPERTY, json.dumps(list(submission.warnings), ensure_ascii=False))
    else:
        layer.setCustomProperty(FINGERPRINT_PROPERTY, "")  # now a mix of sources
        layer.setCustomProperty(WARNINGS_PROPERTY, "[]")
    layer.triggerRepaint()
    return layer


def add_geometry_to_site_layer(
    project: QgsProject | None, geometry: QgsGeometry, crs: QgsCoordinateReferenceSystem, name: str = ""
) -> QgsFeature:
    """Add one drawn parcel (geometry in ``crs``), numbered after the existing ones."""
    project = project or QgsProject.instance()
    layer = site_layer(project, crs)
    geometry = QgsGeometry(geometry)
    if crs.isValid() and crs != layer.crs():
        geometry.transform(QgsCoordinateTransform(crs, layer.crs(), project))
    geometry.convertToMultiType()
    feature = QgsFeature(layer.fields())
    feature.setGeometry(geometry)
    used = {str(f[FIELD_ID]) for f in layer.getFeatures()}
    number = layer.featureCount() + 1
    while str(number) in used:
        number += 1
    feature.setAttribute(layer.fields().indexOf(FIELD_ID), str(number))
    feature.setAttribute(layer.fields().indexOf(FIELD_NAME), name)
    if layer.isEditable():
        layer.addFeature(feature)
    else:
        layer.dataProvider().addFeatures([feature])
        layer.updateExtents()
    layer.setCustomProperty(FINGERPRINT_PROPERTY, "")
    layer.triggerRepaint()
    return feature


# --- layer → Submission --------------------------------------------------------------


def _python_value(value):
    """Attribute values as plain Python (NULL → None, Qt dates → ISO text)."""
    if value is None or value == NULL or (isinstance(value, QVariant) and value.isNull()):
        return None
    if isinstance(value, (QDate, QDateTime, QTime)):
        return value.toString(
            "yyyy-MM-ddTHH:mm:ss"
            if isinstance(value, QDateTime)
            else "yyyy-MM-dd"
            if isinstance(value, QDate)
            else "HH:mm:ss"
        )
    return value


def shapely_polygon(geometry: QgsGeometry):
    """A 2D shapely (multi)polygon from a QGIS geometry; None for anything that is not an area."""
    if geometry is None or geometry.isNull() or geometry.isEmpty():
        return None
    if QgsWkbTypes.geometryType(geometry.wkbType()) != QgsWkbTypes.GeometryType.PolygonGeometry:
        return None
    geometry = QgsGeometry(geometry)
    if QgsWkbTypes.isCurvedType(geometry.wkbType()):
        geometry.convertToStraightSegment()
    try:
        shape = force_2d(wkb.loads(bytes(geometry.asWkb())))
    except (GEOSException, ValueError):
        return None
    if isinstance(shape, MultiPolygon) and len(shape.geoms) == 1:
        shape = shape.geoms[0]  # drawn and imported single parcels review as plain polygons
    return shape if isinstance(shape, (Polygon, MultiPolygon)) and not shape.is_empty else None


def _fingerprint(features) -> str:
    digest = hashlib.sha256()
    for feature in sorted(features, key=lambda f: f.id()):
        digest.update(bytes(feature.geometry().asWkb()))
        digest.update(repr([_python_value(v) for v in feature.attributes()]).encode("utf-8"))
    return digest.hexdigest()


def _layer_file(layer: QgsVectorLayer) -> Path | None:
    if layer.providerType() != "ogr":
        return None
    path = Path(layer.source().split("|", 1)[0])
    return path if path.is_file() else None


def parcels_from_features(features, field_names: list[str], label: str) -> tuple[list[Parcel], list[str]]:
    """Parcels (and warnings) from QGIS features of any polygon source."""
    warnings: list[str] = []
    builder = ParcelBuilder(field_names, lambda message: warnings.append(f"{label}: {message}"))
    skipped = 0
    for feature in features:
        shape = shapely_polygon(feature.geometry())
        if shape is None:
            skipped += 1
            continue
        builder.add(shape, {name: _python_value(feature[name]) for name in field_names})
    if skipped:
        warnings.append(f"{label}: {skipped}个要素没有面图形，已跳过")
    if not builder.parcels:
        raise SubmissionError(f"图层“{label}”中没有面要素")
    return builder.parcels, warnings


def submission_from_layer(
    layer: QgsVectorLayer, selected_only: bool = False, name: str | None = None
) -> Submission:
    """A Submission from a polygon layer (the 送审红线 layer or any other), optionally its selection only."""
    polygons = QgsWkbTypes.GeometryType.PolygonGeometry
    if not isinstance(layer, QgsVectorLayer) or layer.geometryType() != polygons:
        raise SubmissionError(f"图层“{layer.name() if layer else ''}”不是面图层，不能作为送审红线")
    crs = crs_definition(layer.crs())
    if crs is None:
        raise SubmissionError(f"图层“{layer.name()}”没有坐标系，请先设置坐标系")
    # Feature-id order: a selection comes back in hash order, and parcel order shows in reports.
    features = sorted(
        layer.selectedFeatures() if selected_only else layer.getFeatures(), key=lambda f: f.id()
    )
    if selected_only and not features:
        raise SubmissionError(f"图层“{layer.name()}”中没有选中的要素")
    label = layer.name()
    parcels, warnings = parcels_from_features(features, layer.fields().names(), label)
    source, sha256 = f"layer:{label}", None
    if layer.customProperty(SITE_LAYER_PROPERTY):
        stored = layer.customProperty(FINGERPRINT_PROPERTY) or ""
        # The imported file still describes the layer only when nothing was edited or filtered out.
        if stored and not selected_only and stored == _fingerprint(features):
            source = layer.customProperty(SOURCE_PROPERTY) or source
            sha256 = layer.customProperty(SHA256_PROPERTY) or None
            warnings = json.loads(layer.customProperty(WARNINGS_PROPERTY) or "[]") + warnings
    else:
        path = _layer_file(layer)
        if path is not None and not selected_only and not layer.isModified() and not layer.subsetString():
            source, sha256 = str(path), file_sha256(path)
    return Submission(
        name=name or (Path(source).stem if sha256 and not source.startswith("layer:") else label),
        source=source,
        crs=crs,
        parcels=parcels,
        warnings=warnings,
        sha256=sha256,
    )


# --- cases and land use ---------------------------------------------------------------


def clear_site_layer(layer: QgsVectorLayer) -> int:
    """Empty the 送审红线 layer for a new case (its parcels and what it knew of the file); returns
    how many parcels were removed."""
    if layer.isEditable():
        layer.rollBack()
    count = layer.featureCount()
    layer.dataProvider().truncate()
    for name in (SOURCE_PROPERTY, SHA256_PROPERTY, FINGERPRINT_PROPERTY):
        layer.setCustomProperty(name, "")
    layer.setCustomProperty(WARNINGS_PROPERTY, "[]")
    layer.updateExtents()
    layer.triggerRepaint()
    return count


def with_site_land_use(submission: Submission, code: str | None, apply_to_all: bool) -> tuple[Submission, str | None]:
    """The submission and the request's land use for the dock's 拟建用途 choice.

    Each parcel keeps its own 地类编码; the site-level code goes only to parcels without one,
    unless ``apply_to_all`` (then it is the request's code for every parcel, as before).
    """
    if not code or apply_to_all:
        return submission, code or None
    parcels = [p if p.land_use else replace(p, land_use=code) for p in submission.parcels]
    return replace(submission, parcels=parcels), None


def parcel_land_uses(layer: QgsVectorLayer | None, selected_only: bool = False, limit: int = 200) -> list[Parcel]:
    """The parcels' ids, names and own 用地用海 codes as the review will read them (no geometry),
    at most ``limit`` of them: what the dock lists under the land-use picker."""
    if not isinstance(layer, QgsVectorLayer):
        return []
    names = layer.fields().names()
    builder = ParcelBuilder(names, lambda _message: None)
    features = layer.selectedFeatures() if selected_only else layer.getFeatures()
    for feature in sorted(features, key=lambda f: f.id())[:limit]:
        builder.add(None, {name: _python_value(feature[name]) for name in names})
    return builder.parcels
