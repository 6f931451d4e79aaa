"""A parcel's point lines as rings, and the rings as a (Multi)Polygon by containment.

Exporters disagree on 圈号: 1 outer and 2, 3 … holes (the official rule), but
also 0 or a running part index (4, 5 …) for further parts, and inner rings
written before the outer one. So 圈号 only separates rings; geometry decides:
a ring inside another is its hole, a ring outside all others is another part,
and a ring inside a hole is again a part (an island).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np
import shapely
from shapely.errors import GEOSException
from shapely.geometry import MultiPolygon, Polygon
from shapely.geometry.base import BaseGeometry

from .txt_fields import TxtLineError
from .txt_points import PointColumns

# Closing points are usually copied verbatim; a sub-millimetre difference still
# means the surveyor closed the ring.
CLOSURE_TOLERANCE_M = 0.001
SMALL_RING = 32  # points; below this, list passes beat array passes (10,000 parcels of 5 points)


@dataclass
class Ring:
    number: int  # 圈号 as written
    line: int  # the ring's first point line
    coords: np.ndarray  # (n, 2) easting, northing, as the file lists them
    closed: bool  # the file repeats the first point at the end

    @property
    def label(self) -> str:
        return f"第{self.number}圈"


def split_rings(points: PointColumns, parcel_id: str, warn) -> list[Ring]:
    """A ring ends where it repeats its first point (from its fourth point on) or where 圈号 changes."""
    rings: list[Ring] = []
    changes = list(np.flatnonzero(points.ring[1:] != points.ring[:-1]) + 1) + [len(points)]
    start = 0
    for stop in changes:  # each run of one 圈号 may hold several closed rings
        while start < stop:
            end = _closing_index(points, start, stop)
            closed = end is not None
            if not closed:
                end = stop - 1
                warn(int(points.lines[end]), f"地块“{parcel_id}”第{int(points.ring[start])}圈未闭合，已自动闭合")
            coords = np.column_stack((points.x[start : end + 1], points.y[start : end + 1]))
            rings.append(Ring(int(points.ring[start]), int(points.lines[start]), coords, closed))
            start = end + 1
    return rings


def _closing_index(points: PointColumns, start: int, stop: int) -> int | None:
    """The first point from start + 3 on that repeats the point at start; searched in growing
    windows, so a run of many small rings costs what one pass over it does."""
    x0, y0 = points.x[start], points.y[start]
    low, window = start + 3, 64
    while low < stop:
        high = min(stop, low + window)
        close = (np.abs(points.x[low:high] - x0) <= CLOSURE_TOLERANCE_M) & (
            np.abs(points.y[low:high] - y0) <= CLOSURE_TOLERANCE_M
        )
        if close.any():
            return low + int(np.argmax(close))
        low, window = high, window * 2
    return None


def ring_polygon(ring: Ring, parcel_id: str) -> Polygon:
    coords = _distinct_coords(ring.coords)
    distinct = _distinct_count(coords)
    if distinct < 3:
        raise TxtLineError(ring.line, f"地块“{parcel_id}”{ring.label}只有{distinct}个不同的点，不能构成面")
    polygon = shapely.polygons(coords)
    if polygon.area == 0.0:
        crossing = _self_crossing(polygon)
        if crossing is not None:  # a bow-tie: its lobes cancel in the signed area, so it only looks flat
            raise TxtLineError(
                ring.line,
                f"地块“{parcel_id}”{ring.label}的边在 {crossing} 处相互交叉（“8”字形），面积无法确定："
                "请按顺时针或逆时针顺序核对界址点",
            )
        raise TxtLineError(ring.line, f"地块“{parcel_id}”{ring.label}的点在一条直线上，面积为零")
    return polygon


def _self_crossing(polygon: Polygon) -> str | None:
    """Where a zero-area ring crosses itself, in the file's X/Y, or None if it is flat."""
    try:
        if shapely.area(shapely.make_valid(polygon)) <= 0.0:
            return None
        reason = shapely.is_valid_reason(polygon)
    except GEOSException:
        return None
    match = re.search(r"\[([-\d.eE+]+) ([-\d.eE+]+)\]", reason)
    # shapely x is the easting (the file's Y column), y the northing (X)
    return f"X={float(match.group(2)):.3f}、Y={float(match.group(1)):.3f}" if match else "某点"


def assemble(rings: list[Ring], parcel_id: str) -> BaseGeometry:
    """The parcel's geometry: holes by containment, further parts where rings lie apart."""
    polygons = [ring_polygon(ring, parcel_id) for ring in rings]
    _refuse_crossing_rings(rings, polygons, parcel_id)
    containers = [
        [j for j, outer in enumerate(polygons) if j != i and _covers(outer, inner)] for i, inner in enumerate(polygons)
    ]
    depth = [len(found) for found in containers]
    holes: dict[int, list[int]] = {i: [] for i in range(len(rings)) if depth[i] % 2 == 0}
    for i in range(len(rings)):
        if depth[i] % 2:
            parent = next((j for j in containers[i] if depth[j] == depth[i] - 1), None)  # the innermost one
            if parent is None:  # containment of invalid rings need not nest; keep the ring as a part
                holes[i] = []
            else:
                holes[parent].append(i)
    parts = []
    for shell, inner in holes.items():
        part = polygons[shell] if not inner else shapely.polygons(
            polygons[shell].exterior, [polygons[i].exterior for i in inner]
        )
        if part.area <= 0.0:
            raise TxtLineError(rings[shell].line, f"地块“{parcel_id}”{rings[shell].label}被内环占满，面积为零")
        parts.append(part)
    return parts[0] if len(parts) == 1 else MultiPolygon(parts)


def _refuse_crossing_rings(rings: list[Ring], polygons: list[Polygon], parcel_id: str) -> None:
    """Two rings that are the same, or that cross, are neither a hole nor a separate part."""
    for j in range(len(rings)):
        for i in range(j):
            relation = _relation(polygons[i], polygons[j])
            if relation is None:
                continue
            raise TxtLineError(
                rings[j].line,
                f"地块“{parcel_id}”{rings[j].label}(第{rings[j].line}行起)与{rings[i].label}"
                f"(第{rings[i].line}行起){relation}：内环应完全在外环之内，分开的部分不能相交；请检查坐标",
            )


def _relation(a: Polygon, b: Polygon) -> str | None:
    try:
        if a.equals(b):
            return "重合"
        if a.overlaps(b):
            return "部分重叠"
    except GEOSException:  # an invalid ring: the validity warning reports it
        return None
    return None


def _distinct_coords(coords: np.ndarray) -> np.ndarray:
    """Ring coordinates without the closing point and without consecutive repeats."""
    if len(coords) <= SMALL_RING:  # a few points: one list pass costs less than array passes
        kept: list[list[float]] = []
        for xy in coords.tolist():
            if not kept or kept[-1] != xy:
                kept.append(xy)
        coords = np.array(kept, dtype=np.float64).reshape(-1, 2)
    else:
        keep = np.ones(len(coords), dtype=bool)
        keep[1:] = np.any(coords[1:] != coords[:-1], axis=1)
        coords = coords[keep]
    if len(coords) > 1 and np.all(np.abs(coords[0] - coords[-1]) <= CLOSURE_TOLERANCE_M):
        coords = coords[:-1]
    return coords


def _distinct_count(coords: np.ndarray) -> int:
    """How many distinct points, counted up to 3 (all a ring needs), without sorting a million."""
    if len(coords) == 0:
        return 0
    first = coords[:3].tolist()
    if len(first) == 3 and first[0] != first[1] and first[1] != first[2] and first[0] != first[2]:
        return 3  # the usual ring, decided without array passes
    other = np.any(coords != coords[0], axis=1)
    if not other.any():
        return 1
    second = coords[int(np.argmax(other))]
    return 3 if np.any(other & np.any(coords != second, axis=1)) else 2


def _covers(outer: Polygon, inner: Polygon) -> bool:
    try:
        return bool(outer.covers(inner))
    except GEOSException:  # an invalid outer ring: fall back to a point test
        try:
            return bool(outer.buffer(0).covers(inner.representative_point()))
        except GEOSException:
            return False
