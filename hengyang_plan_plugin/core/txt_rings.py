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

import shapely
from shapely.errors import GEOSException
from shapely.geometry import MultiPolygon, Polygon
from shapely.geometry.base import BaseGeometry

from .txt_fields import TxtLineError
from .txt_points import PointLine

# Closing points are usually copied verbatim; a sub-millimetre difference still
# means the surveyor closed the ring.
CLOSURE_TOLERANCE_M = 0.001


@dataclass
class Ring:
    number: int  # 圈号 as written
    line: int  # the ring's first point line
    points: list[PointLine]
    closed: bool  # the file repeats the first point at the end

    @property
    def label(self) -> str:
        return f"第{self.number}圈"


def split_rings(points: list[PointLine], parcel_id: str, warn) -> list[Ring]:
    """A ring ends where it repeats its first point or where 圈号 changes."""
    rings: list[Ring] = []
    current: list[PointLine] = []

    def finish(closed: bool) -> None:
        if not current:
            return
        if not closed:
            warn(current[-1].line, f"地块“{parcel_id}”第{current[0].ring}圈未闭合，已自动闭合")
        rings.append(Ring(current[0].ring, current[0].line, list(current), closed))
        current.clear()

    for point in points:
        if current and point.ring != current[0].ring:
            finish(closed=False)
        current.append(point)
        if len(current) >= 4 and _same_point(point, current[0]):
            finish(closed=True)
    finish(closed=False)
    return rings


def ring_polygon(ring: Ring, parcel_id: str) -> Polygon:
    coords = _distinct_coords(ring.points)
    distinct = len(set(coords))
    if distinct < 3:
        raise TxtLineError(ring.line, f"地块“{parcel_id}”{ring.label}只有{distinct}个不同的点，不能构成面")
    polygon = Polygon(coords)
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
        part = Polygon(polygons[shell].exterior.coords, [polygons[i].exterior.coords for i in inner])
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


def _same_point(a: PointLine, b: PointLine) -> bool:
    return abs(a.x - b.x) <= CLOSURE_TOLERANCE_M and abs(a.y - b.y) <= CLOSURE_TOLERANCE_M


def _distinct_coords(points: list[PointLine]) -> list[tuple[float, float]]:
    """Ring coordinates without the closing point and without consecutive repeats."""
    coords: list[tuple[float, float]] = []
    for point in points:
        xy = (point.x, point.y)
        if not coords or coords[-1] != xy:
            coords.append(xy)
    if len(coords) > 1 and _close(coords[0], coords[-1]):
        coords.pop()
    return coords


def _close(a: tuple[float, float], b: tuple[float, float]) -> bool:
    return abs(a[0] - b[0]) <= CLOSURE_TOLERANCE_M and abs(a[1] - b[1]) <= CLOSURE_TOLERANCE_M


def _covers(outer: Polygon, inner: Polygon) -> bool:
    try:
        return bool(outer.covers(inner))
    except GEOSException:  # an invalid outer ring: fall back to a point test
        try:
            return bool(outer.buffer(0).covers(inner.representative_point()))
        except GEOSException:
            return False
