"""The three control lines' areas against the plan's published figures and the GHZB targets: differences, not findings.

Each row is evaluated by the plan indicators' own rules (``core.indicators``:
the indicator matching, the scopes 市域/市辖区/中心城区, the unit conversion and
rounding), so 质检, the 规划指标 panel and planindicators show the same figure.
Only the measure differs: QA already holds every layer in memory, and the
area of a union is summed over interior-disjoint pieces (``PieceMeasure``)
instead of building a city-wide union of 310,000 patches.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import shapely

from ..crs import spatial_reference
from ..indicators import (  # the indicator panel's rules: one figure on every surface
    PlanMeasure,
    evaluate_indicator,
    number_or_none,
)
from .layer_data import LayerData

# 《规划》2.2 统筹划定“三条控制线” (市域) and 4.1 (市辖区三条控制线): (indicator, scope, unit, figure, source).
PUBLISHED = (
    ("永久基本农田保护面积", "市域", "万亩", 476.06, "《规划》2.2 统筹划定“三条控制线”"),
    ("生态保护红线面积", "市域", "平方千米", 1809.56, "《规划》2.2 统筹划定“三条控制线”"),
    ("城镇开发边界面积", "市域", "平方千米", 607.04, "《规划》2.2 统筹划定“三条控制线”"),
    ("永久基本农田保护面积", "市辖区", "万亩", 7.83, "《规划》4.1 城市功能布局（市辖区三条控制线）"),
    ("生态保护红线面积", "市辖区", "平方千米", 4.59, "《规划》4.1 城市功能布局（市辖区三条控制线）"),
    ("城镇开发边界面积", "市辖区", "平方千米", 244.32, "《规划》4.1 城市功能布局（市辖区三条控制线）"),
)
CONTROL_LINE_LAYERS = ("YJJBNT", "STBHHX", "CZKFBJ")


class PieceMeasure(PlanMeasure):
    """The indicators' measure over layers QA has read: the union's area without building the union.

    The polygons are split into interior-disjoint pieces: a polygon that
    overlaps no other is its own piece, overlapping ones are unioned cluster by
    cluster (STRtree pairs, never all pairs). The union's area in a scope is
    then the sum of each piece's area in it, pieces wholly inside counted
    without any intersection.
    """

    def __init__(self, backend, layers: dict[str, LayerData]):
        super().__init__(backend)
        self._data = layers
        self._pieces: dict[tuple, np.ndarray] = {}

    def features(self, layer: str) -> list:
        if layer not in self._features:
            data = self._data[layer]
            self._features[layer] = [
                ({key: values[i] for key, values in data.columns.items()}, data.geometries[i])
                for i in range(len(data))
                if data.geometries[i] is not None and not data.geometries[i].is_empty
            ]
        return self._features[layer]

    def _polygons(self, layer: str, field: str | None, value: str | None) -> np.ndarray:
        data = self._data[layer]
        shapes = data.geometries
        keep = ~shapely.is_missing(shapes)
        if field is not None:
            column = data.values(field) or [None] * len(data)
            keep &= np.array([str(v or "").strip() == value for v in column], dtype=bool)
        shapes = shapes[keep]
        shapes = shapes[~shapely.is_empty(shapes) & (shapely.get_dimensions(shapes) == 2)]
        invalid = ~shapely.is_valid(shapes)
        if invalid.any():
            shapes = shapes.copy()
            shapes[invalid] = shapely.make_valid(shapes[invalid])
        return shapes

    def pieces(self, layer: str, field: str | None = None, value: str | None = None) -> np.ndarray:
        key = (layer, field, value)
        if key not in self._pieces:
            self._pieces[key] = disjoint_pieces(self._polygons(layer, field, value))
        return self._pieces[key]

    def area_m2(self, rule, scope: str) -> float:
        pieces = self.pieces(rule.layer, rule.field, rule.value)
        area = self.scope(scope)
        if area is None or not len(pieces):
            return float(shapely.area(pieces).sum()) if len(pieces) else 0.0
        shapely.prepare(area)
        inside = shapely.contains_properly(area, pieces)
        crossing = ~inside & shapely.intersects(area, pieces)
        total = shapely.area(pieces[inside]).sum()
        if crossing.any():
            total += shapely.area(shapely.intersection(pieces[crossing], area)).sum()
        return float(total)


def disjoint_pieces(shapes: np.ndarray) -> np.ndarray:
    """Interior-disjoint pieces whose union is the union of ``shapes``: overlapping clusters unioned."""
    if not len(shapes):
        return shapes
    left, right = shapely.STRtree(shapes).query(shapes, predicate="intersects")
    keep = left < right
    left, right = left[keep], right[keep]
    if len(left):
        real = shapely.relate_pattern(shapes[left], shapes[right], "2********")
        left, right = left[real], right[real]
    if not len(left):
        return shapes
    parent = list(range(len(shapes)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for a, b in zip(left.tolist(), right.tolist()):
        ra, rb = root(a), root(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)
    clusters: dict[int, list[int]] = {}
    for index in set(left.tolist()) | set(right.tolist()):
        clusters.setdefault(root(index), []).append(index)
    involved = np.zeros(len(shapes), dtype=bool)
    involved[list(set(left.tolist()) | set(right.tolist()))] = True
    merged = [shapely.union_all(shapes[members]) for members in clusters.values()]
    return np.concatenate([shapes[~involved], np.array(merged, dtype=object)])


def control_line_figures(backend, layers: dict[str, LayerData] | None = None) -> tuple[list[dict[str, Any]], list[str]]:
    """One row per published figure: the measured value, the figure, the GHZB target and both differences."""
    measure = PlanMeasure(backend)
    if (
        layers is not None
        and all(layers[name].crs_key == measure.key for name in CONTROL_LINE_LAYERS + ("XZQ",) if name in layers)
        and spatial_reference(measure.key).IsProjected()
    ):
        measure = PieceMeasure(backend, layers)
    notes = []
    targets: dict[tuple[str, str, str], float | None] = {}
    if backend.has_layer("GHZB"):
        for row in backend.table_rows("GHZB"):
            name = str(row.get("ZBMC") or "").strip()
            if any(word in name for word in ("永久基本农田", "生态保护红线", "城镇开发边界")):
                evaluated = evaluate_indicator({**row, "GHMBZ": None}, _NoMeasure(backend))
                targets[(evaluated.layer, evaluated.scope, evaluated.unit)] = number_or_none(row.get("GHMBZ"))
    else:
        notes.append("规划数据缺少规划指标表（GHZB），只与规划文本公布的数字比较")
    rows = []
    for name, scope, unit, figure, source in PUBLISHED:
        row = evaluate_indicator({"ZBMC": name, "FW": scope, "DW": unit, "GHMBZ": figure, "LY": source}, measure)
        target = targets.get((row.layer, scope, unit))
        rows.append(
            {
                "indicator": name,
                "layer": row.layer,
                "scope": scope,
                "unit": unit,
                "value": row.value,
                "published": figure,
                "published_source": source,
                "difference_published": row.difference,
                "ghzb_target": target,
                "difference_ghzb": None if target is None or row.value is None else round(row.value - target, 2),
                "method": row.method,
            }
        )
    return rows, notes


class _NoMeasure:
    """For reading a GHZB row's layer, scope and unit without measuring anything."""

    def __init__(self, backend):
        self.source = _NoLayers()


class _NoLayers:
    def has_layer(self, name: str) -> bool:
        return False
