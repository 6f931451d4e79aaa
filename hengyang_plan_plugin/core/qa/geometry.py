"""Geometry rules, one layer at a time: empty, invalid, multi-part patches, slivers, duplicated features."""

from __future__ import annotations

import re
from collections import defaultdict

import numpy as np
import shapely

from ..plan_schema import layer_title
from .layer_data import LayerData
from .model import Finding

PATCH_LAYERS = ("YJJBNT", "STBHHX", "ZXCQGHYDYH")  # 图斑 layers: one polygon per feature
SLIVER_AREA_M2 = 1.0
SLIVER_WIDTH_M = 0.1  # mean width 2·area/perimeter
_REASON_POINT = re.compile(r"\[\s*(-?[\d.eE+]+)\s+(-?[\d.eE+]+)")


def geometry_findings(data: LayerData) -> list[Finding]:
    if not data.has_geometry or not len(data):
        return []
    title = f"{layer_title(data.name)}（{data.name}）"
    geometries, fids = data.geometries, data.fids
    found = []
    empty = shapely.is_missing(geometries) | shapely.is_empty(geometries)
    for i in np.flatnonzero(empty):
        found.append(
            Finding("geometry_empty", data.name, f"{title}要素 {int(fids[i])} 没有图形或图形为空", (int(fids[i]),))
        )
    present = np.flatnonzero(~empty)
    valid = np.zeros(len(geometries), dtype=bool)
    valid[present] = shapely.is_valid(geometries[present])
    for i in present[~valid[present]]:
        reason = shapely.is_valid_reason(geometries[i])
        match = _REASON_POINT.search(reason)
        where = shapely.Point(float(match.group(1)), float(match.group(2))) if match else geometries[i]
        found.append(
            Finding(
                "geometry_invalid",
                data.name,
                f"{title}要素 {int(fids[i])} 图形无效：{_reason_text(reason)}",
                (int(fids[i]),),
                where,
            )
        )
    polygons = present[shapely.get_dimensions(geometries[present]) == 2]
    if data.name in PATCH_LAYERS and len(polygons):
        parts = shapely.get_num_geometries(geometries[polygons])
        for i in polygons[parts > 1]:
            found.append(
                Finding(
                    "multipart",
                    data.name,
                    f"{title}要素 {int(fids[i])} 由 {shapely.get_num_geometries(geometries[i])} 个分离的面组成",
                    (int(fids[i]),),
                    geometries[i],
                )
            )
    sound = polygons[valid[polygons]]
    if len(sound):
        areas = shapely.area(geometries[sound])
        widths = 2 * areas / np.maximum(shapely.length(geometries[sound]), 1e-12)
        for position in np.flatnonzero((areas < SLIVER_AREA_M2) | (widths < SLIVER_WIDTH_M)):
            i = sound[position]
            found.append(
                Finding(
                    "sliver",
                    data.name,
                    f"{title}要素 {int(fids[i])} 是碎片多边形（面积 {areas[position]:,.2f} 平方米，"
                    f"平均宽度 {widths[position]:.3f} 米）",
                    (int(fids[i]),),
                    geometries[i],
                    float(areas[position]),
                )
            )
    # Points may share a place (a school and a clinic in one building); areas and lines may not.
    shaped = present[valid[present]]
    found += _duplicates(data, shaped[shapely.get_dimensions(geometries[shaped]) > 0], title)
    return found


def _duplicates(data: LayerData, indexes: np.ndarray, title: str) -> list[Finding]:
    if not len(indexes):
        return []
    keys = shapely.to_wkb(shapely.normalize(data.geometries[indexes]))
    groups = defaultdict(list)
    for index, key in zip(indexes, keys):
        groups[key].append(int(index))
    found = []
    for members in groups.values():
        if len(members) < 2:
            continue
        fids = tuple(int(data.fids[i]) for i in members)
        found.append(
            Finding(
                "duplicate_geometry",
                data.name,
                f"{title}要素 {', '.join(map(str, fids))} 的图形完全相同",
                fids,
                data.geometries[members[0]],
            )
        )
    return found


_REASONS = {
    "Self-intersection": "自相交",
    "Ring Self-intersection": "环自相交",
    "Too few points": "点数不足",
    "Hole lies outside shell": "内环在外环之外",
    "Interior is disconnected": "内部不连通",
    "Nested shells": "外环嵌套",
    "Duplicate Rings": "重复的环",
    "Invalid Coordinate": "坐标无效",
    "Ring is not closed": "环未闭合",
    "Nested holes": "内环嵌套",
}


def _reason_text(reason: str) -> str:
    kind = reason.split("[")[0].strip()
    match = _REASON_POINT.search(reason)
    where = f"，位置 X={float(match.group(1)):.2f} Y={float(match.group(2)):.2f}" if match else ""
    return f"{_REASONS.get(kind, kind)}{where}"
