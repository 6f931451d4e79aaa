"""Read-only, indexed access to the layers of one plan, shared across reviews.

A review never scans a whole layer. The first queries of a layer go through
OGR's spatial filter, which uses the GeoPackage R-tree (or a shapefile .qix);
once a layer has been asked ``promote_after`` times the plan is evidently being
reused (batch, warm dock runs), so the layer is read once into a shapely
STRtree and later queries never touch OGR. Features come back in the review's
working CRS; transformed features are cached per (layer, fid, CRS).

OGR handles are not thread-safe, so every access holds the plan's lock.
"""

from __future__ import annotations

import datetime as _dt
import hashlib
import os
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import shapely
from osgeo import gdal, ogr
from shapely.geometry.base import BaseGeometry

from .crs import spatial_reference, srs_key, transform_coordinates, transform_geometry
from .plan_location import PlanLayerRef, PlanLocation, resolve_plan

gdal.UseExceptions()
ogr.UseExceptions()

DEFAULT_PROMOTE_AFTER = 1  # the second review of a plan builds the in-memory index


@dataclass(frozen=True)
class PlanFeature:
    layer: str
    fid: int
    attributes: dict[str, Any]
    geometry: BaseGeometry


def _json_value(value: Any) -> Any:
    if isinstance(value, (_dt.date, _dt.datetime, _dt.time)):
        return value.isoformat()
    if isinstance(value, bytes):
        return value.hex()
    return value


def _shapely_from_ogr(geometry: ogr.Geometry | None) -> BaseGeometry | None:
    if geometry is None:
        return None
    if geometry.HasCurveGeometry():
        geometry = geometry.GetLinearGeometry()
    shape = shapely.from_wkb(bytes(geometry.ExportToIsoWkb()))
    if shape.has_z:
        shape = shapely.force_2d(shape)
    if not shape.is_valid:
        # Plan data with self-intersections would make overlays throw; repair
        # in memory only (the plan file is never written to).
        shape = shapely.make_valid(shape)
    return shape


class PlanLayer:
    """One contract layer: its OGR handle, CRS and (once promoted) STRtree."""

    def __init__(self, ref: PlanLayerRef, promote_after: int):
        self.ref = ref
        self.name = ref.name
        self._promote_after = promote_after
        self._queries = 0
        self._dataset = None
        self._layer = None
        layer = self._ogr_layer()
        srs = layer.GetSpatialRef()
        if srs is not None and not srs.GetAuthorityCode(None):
            try:  # shapefile .prj files often carry ESRI WKT without the EPSG code
                srs.AutoIdentifyEPSG()
            except RuntimeError:
                pass
        self.crs_key = srs_key(srs) if srs is not None else None
        self._geometry_type = layer.GetGeomType()
        self._extent = None
        if self._geometry_type != ogr.wkbNone and layer.GetFeatureCount() > 0:
            minx, maxx, miny, maxy = layer.GetExtent()
            self._extent = (minx, miny, maxx, maxy)
        self._cache: dict[int, PlanFeature] = {}  # features in the layer's CRS
        self._index: tuple[shapely.STRtree, np.ndarray] | None = None  # (tree, fids)

    def _ogr_layer(self) -> ogr.Layer:
        """The OGR layer, (re)opened read-only on demand."""
        if self._layer is None:
            ref = self.ref
            options = [f"ENCODING={ref.encoding}"] if ref.encoding else []
            self._dataset = gdal.OpenEx(ref.datasource, gdal.OF_VECTOR | gdal.OF_READONLY, open_options=options)
            self._layer = self._dataset.GetLayerByName(ref.layer) if ref.layer else self._dataset.GetLayer(0)
            if self._layer is None:
                raise ValueError(f"规划图层无法打开: {ref.datasource} {ref.layer or ''}")
        return self._layer

    def release(self) -> None:
        """Close the OGR handle; cached features and the STRtree stay (reopened when needed)."""
        self._layer = None
        self._dataset = None

    def has_geometry(self) -> bool:
        return self._geometry_type != ogr.wkbNone

    def extent(self) -> tuple[float, float, float, float] | None:
        return self._extent

    def _feature(self, feature: ogr.Feature) -> PlanFeature:
        fid = feature.GetFID()
        cached = self._cache.get(fid)
        if cached is None:
            attributes = {key: _json_value(value) for key, value in feature.items().items()}
            cached = PlanFeature(self.name, fid, attributes, _shapely_from_ogr(feature.GetGeometryRef()))
            self._cache[fid] = cached
        return cached

    def _promote(self) -> None:
        layer = self._ogr_layer()
        layer.SetSpatialFilter(None)
        layer.ResetReading()
        features = [self._feature(feature) for feature in layer]
        features = [f for f in features if f.geometry is not None and not f.geometry.is_empty]
        geometries = np.array([f.geometry for f in features], dtype=object)
        self._index = (shapely.STRtree(geometries), np.array([f.fid for f in features], dtype=np.int64))

    def query_bbox(self, bbox: tuple[float, float, float, float]) -> list[PlanFeature]:
        """Features whose envelope meets bbox (layer CRS), through an index either way."""
        self._queries += 1
        if self._index is None and self._queries > self._promote_after:
            self._promote()
        if self._index is not None:
            tree, fids = self._index
            hits = tree.query(shapely.box(*bbox))
            return [self._cache[int(fid)] for fid in fids[np.sort(hits)]]
        layer = self._ogr_layer()
        layer.SetSpatialFilterRect(*bbox)
        layer.ResetReading()
        try:
            return [self._feature(feature) for feature in layer if feature.GetGeometryRef() is not None]
        finally:
            layer.SetSpatialFilter(None)

    def all_rows(self) -> list[dict[str, Any]]:
        """Attribute rows of a table layer (GHZB); tables are small."""
        layer = self._ogr_layer()
        layer.ResetReading()
        return [{key: _json_value(v) for key, v in f.items().items()} for f in layer]


class PlanSource:
    """An opened plan: one read-only handle per layer, cached indexes and transforms."""

    def __init__(self, location: PlanLocation, promote_after: int = DEFAULT_PROMOTE_AFTER):
        self.location = location
        self._promote_after = promote_after
        self._layers: dict[str, PlanLayer] = {}
        self._lock = threading.RLock()
        self._transformed: dict[tuple[str, int, str], PlanFeature] = {}
        self._sha256: str | None = None
        self._extent: dict[str, tuple[float, float, float, float] | None] = {}

    @property
    def source(self) -> str:
        return self.location.source

    def has_layer(self, name: str) -> bool:
        return name in self.location.layers

    def layer(self, name: str) -> PlanLayer:
        with self._lock:
            if name not in self._layers:
                self._layers[name] = PlanLayer(self.location.layers[name], self._promote_after)
            return self._layers[name]

    def crs_key(self) -> str | None:
        """The CRS of the plan's spatial layers (the first one that declares one)."""
        for name in self.location.layers:
            layer = self.layer(name)
            if layer.has_geometry() and layer.crs_key:
                return layer.crs_key
        return None

    def extent(self, target_key: str) -> tuple[float, float, float, float] | None:
        """The plan's extent in target_key: the administrative area, else all layers."""
        with self._lock:
            if target_key not in self._extent:
                names = ["XZQ"] if self.has_layer("XZQ") else list(self.location.layers)
                boxes = []
                for name in names:
                    layer = self.layer(name)
                    box = layer.extent() if layer.has_geometry() else None
                    if box is not None and layer.crs_key:
                        corners = np.array([[box[0], box[1]], [box[2], box[1]], [box[2], box[3]], [box[0], box[3]]])
                        xy = transform_coordinates(corners, layer.crs_key, target_key)
                        boxes.append((xy[:, 0].min(), xy[:, 1].min(), xy[:, 0].max(), xy[:, 1].max()))
                self._extent[target_key] = (
                    (min(b[0] for b in boxes), min(b[1] for b in boxes), max(b[2] for b in boxes), max(b[3] for b in boxes))
                    if boxes
                    else None
                )
            return self._extent[target_key]

    def query(self, name: str, area: BaseGeometry, working_key: str, grow_m: float = 0.0) -> list[PlanFeature]:
        """Plan features of ``name`` whose envelope meets ``area`` grown by grow_m, in working_key."""
        minx, miny, maxx, maxy = area.bounds
        bbox_working = (minx - grow_m, miny - grow_m, maxx + grow_m, maxy + grow_m)
        with self._lock:
            layer = self.layer(name)
            layer_key = layer.crs_key or working_key
            bbox = _bbox_in(bbox_working, working_key, layer_key)
            found = layer.query_bbox(bbox)
            if layer_key == working_key:
                return found
            return [self._in_working(feature, layer_key, working_key) for feature in found]

    def _in_working(self, feature: PlanFeature, layer_key: str, working_key: str) -> PlanFeature:
        key = (feature.layer, feature.fid, working_key)
        cached = self._transformed.get(key)
        if cached is None:
            geometry = transform_geometry(feature.geometry, layer_key, working_key)
            cached = PlanFeature(feature.layer, feature.fid, feature.attributes, geometry)
            self._transformed[key] = cached
        return cached

    def release_handles(self) -> None:
        """Close every OGR handle, keeping cached features and indexes.

        Called after each review: no GDAL object outlives a review, so nothing
        is left for GDAL to free after QGIS has torn it down at exit.
        """
        with self._lock:
            for layer in self._layers.values():
                layer.release()

    def close(self) -> None:
        """Release the OGR handles and forget cached features and indexes."""
        with self._lock:
            self.release_handles()
            self._layers.clear()

    def table_rows(self, name: str) -> list[dict[str, Any]]:
        with self._lock:
            return self.layer(name).all_rows()

    def sha256(self) -> str | None:
        """Hash of the plan file(s), computed once per opened plan."""
        with self._lock:
            if self._sha256 is None:
                self._sha256 = plan_sha256(self.location.source)
            return self._sha256


def _bbox_in(bbox: tuple[float, float, float, float], source_key: str, target_key: str):
    if source_key == target_key:
        return bbox
    minx, miny, maxx, maxy = bbox
    # Edge midpoints too: a box's image is curved, its corners alone can miss bulges.
    xs, ys = np.linspace(minx, maxx, 5), np.linspace(miny, maxy, 5)
    ring = np.array([(x, miny) for x in xs] + [(x, maxy) for x in xs] + [(minx, y) for y in ys] + [(maxx, y) for y in ys])
    xy = transform_coordinates(ring, source_key, target_key)
    return float(xy[:, 0].min()), float(xy[:, 1].min()), float(xy[:, 0].max()), float(xy[:, 1].max())


def plan_sha256(source: str) -> str | None:
    path = Path(source)
    digest = hashlib.sha256()
    if path.is_file():
        files = [path]
    elif path.is_dir():
        files = sorted(p for p in path.iterdir() if p.is_file())
    else:
        return None
    for file in files:
        if len(files) > 1:
            digest.update(file.name.encode("utf-8") + b"\0")
        with file.open("rb") as handle:
            for block in iter(lambda: handle.read(1 << 20), b""):
                digest.update(block)
    return digest.hexdigest()


_OPEN_PLANS: dict[tuple[str, float, int], PlanSource] = {}
_OPEN_LOCK = threading.Lock()


def _stamp(location: PlanLocation) -> tuple[str, float, int]:
    path = Path(location.source)
    try:
        stat = path.stat()
        return str(path.resolve()), stat.st_mtime, stat.st_size
    except OSError:
        return location.source, 0.0, 0


def open_plan(plan: str | os.PathLike | PlanLocation | PlanSource | None) -> PlanSource:
    """The shared handle of a plan (opened once per file version, reused by later reviews)."""
    if isinstance(plan, PlanSource):
        return plan
    location = plan if isinstance(plan, PlanLocation) else resolve_plan(plan)
    key = _stamp(location)
    with _OPEN_LOCK:
        source = _OPEN_PLANS.get(key)
        if source is None:
            source = PlanSource(location)
            _OPEN_PLANS[key] = source
        return source


def close_plans() -> None:
    """Forget every cached plan handle (tests, or after the plan file changed)."""
    with _OPEN_LOCK:
        for source in _OPEN_PLANS.values():
            source.close()
        _OPEN_PLANS.clear()


def plan_crs_definition(source: PlanSource) -> str:
    key = source.crs_key()
    if key is None:
        raise ValueError(f"规划数据没有坐标系定义: {source.source}")
    spatial_reference(key)  # fails early on an unusable definition
    return key
