"""Parcels of one submission that overlap each other.

Two parcels claiming the same ground are a drafting error (a copied parcel,
a boundary drawn twice) and would count that ground twice in the declared
totals. The review measures the site as the union of the parcels, so the
ground is counted once, and each of the two parcels gets a finding naming the
other and the overlap, so the parcel is 需人工复核 instead of passing unseen.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import shapely
from shapely.geometry.base import BaseGeometry

from .overlay import geometry_array
from .report.presentation import area_text

MAX_NAMED_OVERLAPS = 5  # other parcels named in one parcel's finding; the rest are counted
IDENTICAL_FRACTION = 1e-9


def overlapping_pairs(
    geometries: Sequence[BaseGeometry | None], min_area_m2: float
) -> list[tuple[int, int, float]]:
    """(i, j, overlap m²) for i < j whose overlap is at least ``min_area_m2``; an STRtree, not all pairs."""
    present = [index for index, geometry in enumerate(geometries) if geometry is not None and not geometry.is_empty]
    if len(present) < 2:
        return []
    shapes = geometry_array([geometries[index] for index in present])
    tree = shapely.STRtree(shapes)
    left, right = tree.query(shapes, predicate="intersects")
    keep = left < right
    left, right = left[keep], right[keep]
    if not len(left):
        return []
    areas = shapely.area(shapely.intersection(shapes[left], shapes[right]))
    found = np.nonzero(areas >= min_area_m2)[0]
    return [(present[left[k]], present[right[k]], float(areas[k])) for k in found]


def overlap_notes(ids: Sequence[str], geometries: Sequence[BaseGeometry | None], min_area_m2: float) -> dict[int, str]:
    """For each parcel index that overlaps others, its finding."""
    others: dict[int, list[tuple[str, float, bool]]] = {}
    for i, j, area in overlapping_pairs(geometries, min_area_m2):
        # the overlap is the whole of both parcels: the same parcel submitted twice
        same = area >= (1.0 - IDENTICAL_FRACTION) * max(geometries[i].area, geometries[j].area)
        others.setdefault(i, []).append((ids[j], area, same))
        others.setdefault(j, []).append((ids[i], area, same))
    notes = {}
    for index, found in others.items():
        named = "、".join(
            f"地块 {other}（{'完全重合' if same else '重叠'} {area_text(area)}）"
            for other, area, same in found[:MAX_NAMED_OVERLAPS]
        )
        more = f"等 {len(found)} 个地块" if len(found) > MAX_NAMED_OVERLAPS else ""
        notes[index] = f"与其他地块重叠：{named}{more}；重叠部分在用地总面积中只计一次，请核对是否重复提交或界址画错"
    return notes
