"""Write a review's conflict geometries as a vector file (Processing OUTPUT_CONFLICTS)."""

from __future__ import annotations

import shapely
from qgis.core import (
    QgsCoordinateReferenceSystem,
    QgsCoordinateTransformContext,
    QgsFeature,
    QgsFields,
    QgsGeometry,
    QgsVectorFileWriter,
    QgsWkbTypes,
)

from ..core.result import ReviewResult
from ..core.units import m2_to_ha, m2_to_mu
from .field_types import DOUBLE, STRING, make_field

FIELDS = (
    ("check_id", STRING),
    ("title", STRING),
    ("parcel_id", STRING),  # empty: the whole-site finding
    ("status", STRING),
    ("area_m2", DOUBLE),
    ("area_ha", DOUBLE),
    ("area_mu", DOUBLE),
)


def conflict_fields() -> QgsFields:
    fields = QgsFields()
    for name, kind in FIELDS:
        fields.append(make_field(name, kind))
    return fields


def write_conflicts(result: ReviewResult, path: str, transform_context: QgsCoordinateTransformContext) -> int:
    """One multipolygon per (check, parcel) finding, in the review's working CRS; returns the count."""
    crs = QgsCoordinateReferenceSystem(result.working_crs)
    options = QgsVectorFileWriter.SaveVectorOptions()
    options.driverName = QgsVectorFileWriter.driverForExtension(path.rsplit(".", 1)[-1]) or "GPKG"
    options.fileEncoding = "UTF-8"
    fields = conflict_fields()
    writer = QgsVectorFileWriter.create(
        path, fields, QgsWkbTypes.Type.MultiPolygon, crs, transform_context, options
    )
    if writer.hasError() != QgsVectorFileWriter.WriterError.NoError:
        raise OSError(writer.errorMessage())
    titles = {check.id: check.title for check in result.checks}
    count = 0
    for check_id, parcel_id, status, geometry in result.conflict_geometries():
        feature = QgsFeature(fields)
        qgs_geometry = QgsGeometry()
        qgs_geometry.fromWkb(shapely.to_wkb(geometry))
        qgs_geometry.convertToMultiType()
        feature.setGeometry(qgs_geometry)
        area = float(geometry.area)
        feature.setAttributes(
            [check_id, titles[check_id], parcel_id or "", status, area, m2_to_ha(area), m2_to_mu(area)]
        )
        writer.addFeature(feature)
        count += 1
    del writer  # flushes and closes the file
    return count
