"""What both backends derive the same way: bbox transforms, geometry cleaning, the plan's CRS and extent."""

from __future__ import annotations

import threading

import numpy as np
import shapely

from ..crs import spatial_reference, transform_coordinates
from .model import Bbox, PlanLocation, PlanSourceError


def bbox_in(bbox: Bbox, source_key: str, target_key: str) -> Bbox:
    """The bbox, in target_key, of a bbox given in source_key."""
    if source_key == target_key:
        return bbox
    minx, miny, maxx, maxy = bbox
    # Edge midpoints too: a box's image is curved, its corners alone can miss bulges.
    xs, ys = np.linspace(minx, maxx, 5), np.linspace(miny, maxy, 5)
    ring = np.array(
        [(x, miny) for x in xs] + [(x, maxy) for x in xs] + [(minx, y) for y in ys] + [(maxx, y) for y in ys]
    )
    xy = transform_coordinates(ring, source_key, target_key)
    return float(xy[:, 0].min()), float(xy[:, 1].min()), float(xy[:, 0].max()), float(xy[:, 1].max())


def grown_bounds(area, grow_m: float) -> Bbox:
    minx, miny, maxx, maxy = area.bounds
    return minx - grow_m, miny - grow_m, maxx + grow_m, maxy + grow_m


def clean_geometries(shapes: np.ndarray) -> np.ndarray:
    """2D and valid: plan data with self-intersections would make overlays throw.

    Repaired in memory only; the plan is never written to.
    """
    if shapely.has_z(shapes).any():
        shapes = shapely.force_2d(shapes)
    present = ~shapely.is_missing(shapes)
    invalid = present & ~shapely.is_valid(shapes)
    if invalid.any():
        shapes[invalid] = shapely.make_valid(shapes[invalid])
    return shapes


class LayeredPlan:
    """The part of a backend that follows from its location and its layers' CRS and extent.

    Subclasses provide ``layer(name)`` and set ``_sha256`` once they hash.
    """

    def __init__(self, location: PlanLocation):
        self.location = location
        self._lock = threading.RLock()  # one per plan: held around every access to the store
        self._extent: dict[str, Bbox | None] = {}
        self._sha256: str | None = None

    @property
    def source(self) -> str:
        return self.location.source

    def has_layer(self, name: str) -> bool:
        return name in self.location.layers

    def layer(self, name: str):
        raise NotImplementedError

    def crs_key(self) -> str | None:
        for name in self.location.layers:
            layer = self.layer(name)
            if layer.has_geometry() and layer.crs_key:
                return layer.crs_key
        return None

    def extent(self, target_key: str) -> Bbox | None:
        with self._lock:
            if target_key not in self._extent:
                self._extent[target_key] = self._layers_extent(target_key)
            return self._extent[target_key]

    def _layers_extent(self, target_key: str) -> Bbox | None:
        names = ["XZQ"] if self.has_layer("XZQ") else list(self.location.layers)
        boxes = []
        for name in names:
            layer = self.layer(name)
            box = layer.extent() if layer.has_geometry() else None
            if box is None or not layer.crs_key:
                continue
            corners = np.array([[box[0], box[1]], [box[2], box[1]], [box[2], box[3]], [box[0], box[3]]])
            xy = transform_coordinates(corners, layer.crs_key, target_key)
            boxes.append((xy[:, 0].min(), xy[:, 1].min(), xy[:, 0].max(), xy[:, 1].max()))
        if not boxes:
            return None
        minx, miny, maxx, maxy = zip(*boxes)
        return min(minx), min(miny), max(maxx), max(maxy)

    def known_sha256(self) -> str | None:
        return self._sha256


def plan_crs_definition(plan) -> str:
    """The plan's CRS key; PlanSourceError when the plan declares none or an unusable one."""
    key = plan.crs_key()
    if key is None:
        raise PlanSourceError(f"规划数据没有坐标系定义: {plan.source}")
    spatial_reference(key)  # fails early on an unusable definition
    return key
