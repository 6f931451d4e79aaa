"""Overlay arithmetic shared by the checks: site ∩ plan features, without double counting."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import shapely
from shapely.errors import GEOSException
from shapely.geometry import MultiPolygon, Polygon
from shapely.geometry.base import BaseGeometry

from .plan.model import PlanFeature
from .settings import ReviewSettings

EMPTY = Polygon()
POLYGON_TYPE_ID = 3  # shapely.get_type_id of a Polygon
MULTI_TYPE_IDS = (4, 5, 6, 7)  # multi-point, -line, -polygon, collection


# Overlay results carry floating-point dust: parts of 1e-9 m² along boundaries
# the site and a plan feature share. Parts below this floor (1 cm², far below
# the sliver tolerance) are dropped from overlaps and differences in metres.
AREA_NOISE_M2 = 1e-4


def polygonal(geometry: BaseGeometry | None, min_area: float = 0.0) -> BaseGeometry:
    """Only the areal parts (a shared edge or corner is no overlap), without parts below min_area."""
    if geometry is None or geometry.is_empty:
        return EMPTY
    if isinstance(geometry, Polygon):
        return geometry if min_area <= 0.0 or geometry.area >= min_area else EMPTY
    parts = shapely.get_parts(geometry)
    while np.isin(shapely.get_type_id(parts), MULTI_TYPE_IDS).any():  # make_valid nests multi-parts
        parts = shapely.get_parts(parts)
    keep = shapely.get_type_id(parts) == POLYGON_TYPE_ID
    if min_area > 0.0:
        keep &= shapely.area(parts) >= min_area
    if not keep.any():
        return EMPTY
    if isinstance(geometry, MultiPolygon):
        return geometry if keep.all() else MultiPolygon(list(parts[keep]))
    return shapely.union_all(parts[keep])


# A site this large (a densified survey boundary of a million 界址点) is clipped to the bounding
# box of what it is overlaid with first: GEOS overlay cost grows with the vertices of both operands,
# and a rectangle clip is one linear pass. The box is widened by a margin so that the clip's new
# edges lie away from the other operand: (site ∩ box) ∩ X = site ∩ X whenever X lies in the box.
LARGE_SITE_VERTICES = 50_000
CLIP_MARGIN_M = 1.0


def near_part(site: BaseGeometry, other: BaseGeometry, reach_m: float = 0.0) -> BaseGeometry:
    """The part of a large ``site`` within ``reach_m`` of ``other``'s box (what can meet ``other``, or
    lie that close to it); the site itself when it is small or the box covers it."""
    if other.is_empty or shapely.get_num_coordinates(site) < LARGE_SITE_VERTICES:
        return site
    xmin, ymin, xmax, ymax = other.bounds
    sxmin, symin, sxmax, symax = site.bounds
    margin = reach_m + CLIP_MARGIN_M
    box = (xmin - margin, ymin - margin, xmax + margin, ymax + margin)
    if box[0] <= sxmin and box[1] <= symin and box[2] >= sxmax and box[3] >= symax:
        return site
    return shapely.clip_by_rect(site, *box)


def _site_intersection(site: BaseGeometry, other: BaseGeometry) -> BaseGeometry:
    """site ∩ other, on the part of a large site near ``other``; the whole site if GEOS balks at the clip."""
    part = near_part(site, other)
    if part is site:
        return shapely.intersection(site, other)
    try:
        return shapely.intersection(part, other)
    except GEOSException:
        return shapely.intersection(site, other)


def _intersect_each(shapes: np.ndarray, site: BaseGeometry) -> np.ndarray:
    """Each shape ∩ site (vectorised for an ordinary site, shape by shape on its near part for a large one)."""
    if shapely.get_num_coordinates(site) < LARGE_SITE_VERTICES:
        return shapely.intersection(shapes, site)
    return geometry_array([_site_intersection(site, shape) for shape in shapes])


def geometry_array(geometries: Sequence[BaseGeometry]) -> np.ndarray:
    """A 1-D object array of geometries; filled in place, since np.array() probes every element (slow)."""
    array = np.empty(len(geometries), dtype=object)
    array[:] = geometries
    return array


@dataclass
class Overlap:
    """The part of a site over a set of plan features."""

    geometry: BaseGeometry  # site ∩ union(features), polygonal
    area_m2: float
    pieces: list[tuple[PlanFeature, float]]  # each feature with its own overlap area, > 0 only
    # The site and the plan shapes the overlap was cut from (None after a server overlay): what the
    # site minus this overlap is computed from, since a − (a ∩ X) = a − X, and for a large site
    # the overlap shares its vertices with the site, which makes GEOS's a − (a ∩ X) very slow.
    site: BaseGeometry | None = None
    shapes: np.ndarray | None = None

    @property
    def is_empty(self) -> bool:
        return self.area_m2 <= 0.0

    def remainder(self, site: BaseGeometry) -> BaseGeometry:
        """``site`` − this overlap, polygonal; ``site`` is the one the overlap was computed on."""
        if self.is_empty:
            return site
        if self.site is site and self.shapes is not None and shapely.get_num_coordinates(site) >= LARGE_SITE_VERTICES:
            return difference(site, union_of(self.shapes))
        return difference(site, self.geometry)  # a small site: cheaper than unioning whole plan features


def union_of(shapes: np.ndarray) -> BaseGeometry:
    return shapes[0] if len(shapes) == 1 else shapely.union_all(shapes)


def vertex_count(geometries) -> int:
    return int(np.sum(shapely.get_num_coordinates(geometries)))


def overlap(site: BaseGeometry, features: Sequence[PlanFeature], geometries=None) -> Overlap:
    """Site ∩ each feature (vectorised), then the union of those pieces.

    The union of the per-feature pieces equals site ∩ union(features), so plan
    features that overlap each other are counted once. ``geometries`` replaces
    the features' own geometries (e.g. buffered corridors). The checks call
    this through ``ReviewContext.overlap``, which asks the plan's backend first.
    """
    if not features:
        return Overlap(EMPTY, 0.0, [])
    shapes = geometry_array([f.geometry for f in features] if geometries is None else list(geometries))
    try:
        return _overlap(site, shapes, features)
    except GEOSException:
        return _overlap(snap(site), snap(shapes), features)


def _overlap(site: BaseGeometry, shapes: np.ndarray, features: Sequence[PlanFeature]) -> Overlap:
    shapely.prepare(site)  # the site is tested against every candidate: prepared predicates
    candidates = shapely.intersects(site, shapes)
    if not candidates.any():
        return Overlap(EMPTY, 0.0, [])
    chosen = [feature for feature, keep in zip(features, candidates) if keep]
    shapes = shapes[candidates]
    # Features wholly inside the site are their own piece: no overlay needed,
    # which for a large site is most of them.
    inside = shapely.contains(site, shapes)
    # And a site wholly inside a feature is its own piece: a parcel in one zone, the usual case
    # for each of 10,000 parcels. Asked as "feature contains site" on the prepared features: the
    # plan's features are the same objects review after review and parcel after parcel, so each is
    # indexed once (GEOS does not speed up "prepared site within feature").
    covered = ~inside
    if covered.any():
        outer = shapes[covered]
        shapely.prepare(outer)
        covered[covered] = shapely.contains(outer, site)
    pieces = shapes.copy()
    pieces[covered] = site
    cut = ~inside & ~covered
    if cut.any():
        pieces[cut] = _intersect_each(shapes[cut], site)
    # Vectorised: the area of a mixed collection counts only its polygons, so
    # lines and points where a feature merely touches the site weigh nothing.
    areas = shapely.area(pieces)
    keep = areas >= AREA_NOISE_M2
    if not keep.any():
        return Overlap(EMPTY, 0.0, [])
    kept = [(feature, float(area)) for feature, area, k in zip(chosen, areas, keep) if k]
    kept_pieces, kept_shapes = pieces[keep], shapes[keep]
    if len(kept_pieces) == 1:  # its own union: a parcel inside one plan feature, 10,000 times in a large submission
        union = kept_pieces[0]
    elif shapely.get_num_coordinates(site) > vertex_count(kept_shapes):
        # A site larger than the features: one overlay of the site with their union. Unioning
        # the pieces would overlay the site's boundary with itself, piece by piece (a
        # 1,000,000-vertex site: minutes).
        union = _site_intersection(site, union_of(kept_shapes))
    else:
        union = shapely.union_all(kept_pieces)
    union = polygonal(union, AREA_NOISE_M2)
    return Overlap(union, float(union.area), kept, site, kept_shapes)


def overlap_from_pieces(pieces: list[tuple[PlanFeature, float]], union: BaseGeometry | None) -> Overlap:
    """An overlay a plan backend computed itself (PostGIS: on the server), with the same dust floor."""
    if not pieces:
        return Overlap(EMPTY, 0.0, [])
    union = polygonal(union, AREA_NOISE_M2)
    return Overlap(union, float(union.area), pieces)


def merge(parts: Sequence[Overlap]) -> Overlap:
    """The union of overlaps computed on disjoint groups of features of one layer."""
    parts = [part for part in parts if not part.is_empty]
    if not parts:
        return Overlap(EMPTY, 0.0, [])
    if len(parts) == 1:
        return parts[0]
    pieces = [piece for part in parts for piece in part.pieces]
    site = parts[0].site
    if site is not None and all(part.site is site and part.shapes is not None for part in parts):
        shapes = np.concatenate([part.shapes for part in parts])
        if shapely.get_num_coordinates(site) > vertex_count(shapes):  # as in _overlap: the smaller overlay
            union = intersection(site, union_of(shapes))
            return Overlap(union, float(union.area), pieces, site, shapes)
    else:
        site, shapes = None, None
    try:
        union = polygonal(shapely.union_all([part.geometry for part in parts]), AREA_NOISE_M2)
    except GEOSException:
        union = polygonal(shapely.union_all([snap(part.geometry) for part in parts]), AREA_NOISE_M2)
    return Overlap(union, float(union.area), pieces, site, shapes)


# Nearly coincident edges can defeat GEOS's floating-point overlay
# ("TopologyException: side location conflict"). Snapping both sides to a
# 0.1 mm grid then gives a robust answer that differs from the exact one by far
# less than any tolerance of the review.
FALLBACK_GRID_M = 1e-4


def snap(geometry):
    return shapely.set_precision(geometry, FALLBACK_GRID_M)


def intersection(a: BaseGeometry, b: BaseGeometry) -> BaseGeometry:
    """Polygonal a ∩ b, robust like ``overlap``."""
    try:
        return polygonal(_site_intersection(a, b), AREA_NOISE_M2)
    except GEOSException:
        return polygonal(shapely.intersection(snap(a), snap(b)), AREA_NOISE_M2)


def difference(a: BaseGeometry, b: BaseGeometry) -> BaseGeometry:
    """Polygonal a − b, robust like ``overlap``."""
    try:
        return polygonal(shapely.difference(a, b), AREA_NOISE_M2)
    except GEOSException:
        return polygonal(shapely.difference(snap(a), snap(b)), AREA_NOISE_M2)


def is_sliver(geometry: BaseGeometry, settings: ReviewSettings) -> bool:
    """疑似边界误差: tiny, or thinner than the width tolerance everywhere."""
    if geometry.is_empty:
        return False
    if geometry.area < settings.sliver_area_m2:
        return True
    # The part of a polygon closer than d to its boundary has area ≤ perimeter·d;
    # a larger area must contain a point farther than d, so it is no sliver.
    if geometry.area > geometry.length * settings.sliver_width_m / 2.0:
        return False
    return geometry.buffer(-settings.sliver_width_m / 2.0).is_empty


# A large site is measured against a copy simplified by this much first: a distance to it is
# within this of the exact one (Douglas-Peucker keeps both outlines within the tolerance of each
# other), which is enough to tell which geometry can be the nearest.
COARSE_TOLERANCE_M = 0.5
_last_coarse: tuple[BaseGeometry, BaseGeometry] | None = None  # (site, its coarse copy): one per review


def _coarse(site: BaseGeometry) -> BaseGeometry:
    global _last_coarse
    cached = _last_coarse
    if cached is None or cached[0] is not site:
        cached = _last_coarse = (site, shapely.simplify(site, COARSE_TOLERANCE_M, preserve_topology=False))
    return cached[1]


def nearest_within(site: BaseGeometry, geometries: Sequence[BaseGeometry], within_m: float) -> tuple[int, float] | None:
    """(index, exact distance) of the geometry nearest the site if it lies within ``within_m``, else None.

    A geometry on the site is at 0 (a prepared test). GEOS's distance walks every pair of segments,
    seconds for a million-vertex site, so a large site is first measured coarsely (a simplified
    copy) and only the geometries that can be the nearest are measured exactly, each against the
    part of the site near it (a subset of the site holding its nearest point: nothing reads shorter)."""
    shapes = geometry_array(list(geometries))
    if not len(shapes):
        return None
    shapely.prepare(site)
    on_site = np.flatnonzero(shapely.intersects(site, shapes))
    if len(on_site):
        return int(on_site[0]), 0.0
    if shapely.get_num_coordinates(site) < LARGE_SITE_VERTICES:
        distances = shapely.distance(shapes, site)
        index = int(np.argmin(distances))
        return (index, float(distances[index])) if distances[index] <= within_m else None
    estimates = shapely.distance(shapes, _coarse(site))
    slack = COARSE_TOLERANCE_M
    contenders = np.flatnonzero(estimates - slack <= min(estimates.min() + slack, within_m))
    best: tuple[int, float] | None = None
    for index in contenders:
        part = near_part(site, shapes[index], within_m)
        distance = float(shapely.distance(shapes[index], part)) if not part.is_empty else np.inf
        if distance <= within_m and (best is None or distance < best[1]):
            best = (int(index), distance)
    return best
