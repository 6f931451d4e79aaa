"""The shapes a report draws: parcels and conflict areas, all in the review's working CRS."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import shapely
from shapely import union_all
from shapely.geometry.base import BaseGeometry

from ..crs import transform_geometry
from ..plan_schema import PLAN_EPSG

# What is drawn (map figures, the sheet, the canvas) of a shape with a very large number of
# vertices is that shape simplified by 1 cm: less than half a pixel at any scale coarser than
# 1:40 on screen and below a 600 dpi dot on paper at 1:500, while a million-vertex boundary drawn
# as it is costs QGIS seconds per render. Areas and every figure stay those of the exact shape.
DRAWING_SIMPLIFY_FROM_VERTICES = 50_000
DRAWING_TOLERANCE_M = 0.01


def drawable(geometry: BaseGeometry) -> BaseGeometry:
    """The shape to draw: itself, or for a very large one the same simplified below visibility."""
    if geometry is None or shapely.get_num_coordinates(geometry) < DRAWING_SIMPLIFY_FROM_VERTICES:
        return geometry
    simplified = shapely.simplify(geometry, DRAWING_TOLERANCE_M, preserve_topology=False)
    return geometry if simplified.is_empty else simplified


@dataclass
class ConflictArea:
    check_id: str
    title: str
    parcel_id: str | None  # None: the whole-site finding
    status: str
    geometry: BaseGeometry


@dataclass
class ReviewGeometries:
    crs: str = f"EPSG:{PLAN_EPSG}"
    parcels: list[tuple[str, BaseGeometry]] = field(default_factory=list)
    conflicts: list[ConflictArea] = field(default_factory=list)

    _site_cache: tuple[int, BaseGeometry | None] | None = field(default=None, repr=False, compare=False)

    @property
    def site(self) -> BaseGeometry | None:
        """The union of the parcels, computed once (for 10,000 parcels it costs most of a second)."""
        if self._site_cache is None or self._site_cache[0] != len(self.parcels):
            shapes = [geometry for _, geometry in self.parcels if geometry is not None and not geometry.is_empty]
            self._site_cache = (len(self.parcels), union_all(shapes) if shapes else None)
        return self._site_cache[1]

    def site_conflicts(self) -> list[ConflictArea]:
        """Whole-site conflict areas (one per check); what the map highlights."""
        return [area for area in self.conflicts if area.parcel_id is None]

    def parcel_conflicts(self) -> list[ConflictArea]:
        return [area for area in self.conflicts if area.parcel_id is not None]


def review_geometries(result: Any, submission: Any = None) -> ReviewGeometries:
    """Parcels from the submission and conflict areas from the engine's result object.

    ``result`` is the engine's ReviewResult (``working_crs``, ``checks``,
    ``conflict_geometries()``); a plain dict carries no geometry, so only the
    parcels are drawn then.
    """
    working_crs = getattr(result, "working_crs", None) or f"EPSG:{PLAN_EPSG}"
    geometries = ReviewGeometries(crs=working_crs)
    if submission is not None:
        source_crs = submission.crs or working_crs
        for parcel in submission.parcels:
            geometries.parcels.append(
                (str(parcel.id), transform_geometry(parcel.geometry, source_crs, working_crs))
            )
    if hasattr(result, "conflict_geometries"):
        titles = {check.id: check.title for check in getattr(result, "checks", [])}
        for check_id, parcel_id, status, geometry in result.conflict_geometries():
            geometries.conflicts.append(
                ConflictArea(check_id, titles.get(check_id, check_id), parcel_id, status, geometry)
            )
    return geometries
