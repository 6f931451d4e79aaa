"""Repair of an invalid submitted polygon that keeps what the surveyor drew.

``shapely.make_valid`` (GEOS "linework") rebuilds a polygon from all its
edges: a hole that shares an edge with its shell then vanishes (a 7,500 m²
parcel is reviewed as 10,000 m²). Here, as GEOS 3.10's "structure" method
does, each polygon's shell is made valid on its own and its holes are cut out
of it, so a hole always removes area and never adds any. Shapely 2.0 (the
3.22 and 3.40 hosts) has no ``method=`` argument, so the rule is written out.
"""

from __future__ import annotations

import shapely
from shapely.geometry import MultiPolygon, Polygon
from shapely.geometry.base import BaseGeometry

from .overlay import EMPTY, polygonal


def repair_polygonal(geometry: BaseGeometry) -> BaseGeometry:
    """A valid (Multi)Polygon: shells made valid and unioned, each polygon's own holes removed."""
    if isinstance(geometry, Polygon):
        return _repair_polygon(geometry)
    if isinstance(geometry, MultiPolygon):
        parts = [_repair_polygon(part) for part in geometry.geoms]
        return polygonal(shapely.union_all([part for part in parts if not part.is_empty]))
    return polygonal(shapely.make_valid(geometry))


def _repair_polygon(polygon: Polygon) -> BaseGeometry:
    if polygon.is_empty:
        return EMPTY
    shell = polygonal(shapely.make_valid(Polygon(polygon.exterior.coords)))
    holes = [polygonal(shapely.make_valid(Polygon(ring.coords))) for ring in polygon.interiors]
    holes = [hole for hole in holes if not hole.is_empty]
    if shell.is_empty or not holes:
        return shell
    return polygonal(shapely.difference(shell, shapely.union_all(holes)))
