"""One click from a finding to the map at a readable scale.

The finding's extent plus a margin, never closer than 1:MIN_SCALE (a 50 m² sliver is not worth
1:500) nor farther than 1:MAX_SCALE (a 城镇开发边界 feature is not worth the whole city: the
finding is its part around the site).
"""

from __future__ import annotations

from qgis.core import QgsCoordinateReferenceSystem, QgsCoordinateTransform, QgsGeometry, QgsProject, QgsRectangle

MARGIN = 0.25  # of the finding's size, on each side
MIN_SCALE = 2_000.0
MAX_SCALE = 50_000.0
MIN_SIZE_M = 1.0  # a point-like finding still gets an extent


def zoom_to_extent(canvas, extent: QgsRectangle, crs: QgsCoordinateReferenceSystem) -> float:
    """Show ``extent`` (in ``crs``) with a margin, within the scale limits; returns the scale shown."""
    transform = QgsCoordinateTransform(crs, canvas.mapSettings().destinationCrs(), QgsProject.instance())
    rect = QgsRectangle(transform.transformBoundingBox(extent))
    grow = max(rect.width(), rect.height(), MIN_SIZE_M) * MARGIN
    rect.grow(grow)
    canvas.setExtent(rect)
    scale = canvas.scale()
    if scale < MIN_SCALE:
        canvas.zoomScale(MIN_SCALE)
    elif scale > MAX_SCALE:
        canvas.zoomScale(MAX_SCALE)
    canvas.refresh()
    return canvas.scale()


def finding_box(geometry: QgsGeometry, canvas) -> QgsRectangle:
    """The extent to show for a finding: all of it, or, when its parts lie too far apart to be read
    at 1:MAX_SCALE (a site of parcels kilometres apart), its largest part (the parcel rows lead
    to the others)."""
    box = geometry.boundingBox()
    size_px = max(canvas.width(), canvas.height(), 1)
    readable_m = MAX_SCALE * size_px * 0.0254 / max(canvas.mapSettings().outputDpi(), 1.0)
    if max(box.width(), box.height()) * (1 + 2 * MARGIN) <= readable_m or not geometry.isMultipart():
        return box
    parts = [QgsGeometry(part.clone()) for part in geometry.constParts()]
    return max(parts, key=lambda part: part.area()).boundingBox()


def zoom_to_geometry(canvas, geometry: QgsGeometry, crs: QgsCoordinateReferenceSystem) -> float:
    return zoom_to_extent(canvas, finding_box(geometry, canvas), crs)
