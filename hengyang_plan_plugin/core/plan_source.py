"""Read-only, indexed access to the layers of one plan, shared across reviews.

A review never scans a whole layer. During the first review of a plan every
query goes through OGR's spatial filter, which uses the GeoPackage R-tree (or a
shapefile .qix), with attribute conditions as OGR attribute filters. Once the
plan has served a review it is evidently being reused (batch, warm dock runs),
so each layer is read once, at its next query, into a shapely STRtree, and
later queries never touch OGR. Features come back in the review's working CRS;
transformed features are cached per (layer, fid, CRS). OGR handles are closed
at the end of every review (``release_handles``) and reopened on demand.

OGR handles are not thread-safe, so every access holds the plan's lock.
"""

from __future__ import annotations

import contextlib
import datetime as _dt
import hashlib
import os
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import shapely
from osgeo import gdal, ogr
from shapely.geometry.base import BaseGeometry

from .crs import spatial_reference, srs_key, transform_coordinates, transform_geometry
from .gdal_errors import last_error, quiet_errors
from .plan_location import PlanLayerRef, PlanLocation, PlanSourceError, resolve_plan

DEFAULT_PROMOTE_AFTER = 1  # the second review of a plan builds the in-memory index


@dataclass(frozen=True)
class PlanFeature:
    layer: str
    fid: int
    attributes: dict[str, Any]
    geometry: BaseGeometry
    # A source that can overlay this feature itself (PostGIS: in the database); None = shapely here.
    origin: Any = field(default=None, compare=False, repr=False)


@dataclass(frozen=True)
class FieldMatch:
    """An attribute condition a query can hand to OGR (cold path) or test in Python (indexed path)."""

    field: str
    value: str
    prefix: bool = False  # value is a prefix (``YDYHFLDM`` 14 matches 1401, 1402 …)

    def matches(self, attributes: dict[str, Any]) -> bool:
        actual = str(attributes.get(self.field) or "")
        return actual.startswith(self.value) if self.prefix else actual == self.value

    def ogr_filter(self) -> str:
        quoted = self.value.replace("'", "''")
        if self.prefix:
            return f"\"{self.field}\" LIKE '{quoted}%'"
        return f"\"{self.field}\" = '{quoted}'"


def _json_value(value: Any) -> Any:
    if isinstance(value, (_dt.date, _dt.datetime, _dt.time)):
        return value.isoformat()
    if isinstance(value, bytes):
        return value.hex()
    return value


def _wkb(geometry: ogr.Geometry) -> bytes:
    if geometry.HasCurveGeometry():
        geometry = geometry.GetLinearGeometry()
    return bytes(geometry.ExportToIsoWkb())


def _field_getter(definition: ogr.FieldDefn):
    """A direct, typed getter: ogr.Feature.GetField's generic dispatch dominates reading otherwise."""
    kind = definition.GetType()
    if kind == ogr.OFTString:
        return ogr.Feature.GetFieldAsString
    if kind == ogr.OFTReal:
        return ogr.Feature.GetFieldAsDouble
    if kind in (ogr.OFTInteger, ogr.OFTInteger64) and definition.GetSubType() != ogr.OFSTBoolean:
        return ogr.Feature.GetFieldAsInteger64
    return lambda feature, index: _json_value(feature.GetField(index))


def _clean(shapes: np.ndarray) -> np.ndarray:
    """2D and valid: plan data with self-intersections would make overlays throw.

    Repaired in memory only; the plan file is never written to.
    """
    if shapely.has_z(shapes).any():
        shapes = shapely.force_2d(shapes)
    present = ~shapely.is_missing(shapes)
    invalid = present & ~shapely.is_valid(shapes)
    if invalid.any():
        shapes[invalid] = shapely.make_valid(shapes[invalid])
    return shapes


def _python_value(value: Any) -> Any:
    """An Arrow/NumPy cell as the plain Python value OGR's per-feature API returns."""
    if value is None or value is np.ma.masked:
        return None
    if isinstance(value, (bytes, np.bytes_)):
        return bytes(value).decode("utf-8", errors="replace")
    if isinstance(value, np.datetime64):
        return str(value)
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, float) and np.isnan(value):
        return None
    return _json_value(value)


class PlanLayer:
    """One contract layer: its CRS, cached features and (once promoted) STRtree.

    ``open_layer`` returns the live OGR layer; the plan owns the handle and
    may close it between reviews.
    """

    def __init__(self, ref: PlanLayerRef, open_layer, reused: Callable[[], bool]):
        self.ref = ref
        self.name = ref.name
        self._open_layer = open_layer
        self._reused = reused  # has the plan already served a review?
        layer = open_layer()
        srs = layer.GetSpatialRef()
        if srs is not None and not srs.GetAuthorityCode(None):
            # shapefile .prj files often carry ESRI WKT without the EPSG code
            with contextlib.suppress(RuntimeError), quiet_errors():
                srs.AutoIdentifyEPSG()
        self.crs_key = srs_key(srs) if srs is not None else None
        self._geometry_type = layer.GetGeomType()
        self._extent = None
        if self._geometry_type != ogr.wkbNone and layer.GetFeatureCount() > 0:
            minx, maxx, miny, maxy = layer.GetExtent()
            self._extent = (minx, miny, maxx, maxy)
        definition = layer.GetLayerDefn()
        self._fields = [definition.GetFieldDefn(i).GetName() for i in range(definition.GetFieldCount())]
        self._getters = [_field_getter(definition.GetFieldDefn(i)) for i in range(definition.GetFieldCount())]
        self._cache: dict[int, PlanFeature] = {}  # features in the layer's CRS
        # Once promoted: STRtree over all geometries, with their fids, geometries and attribute columns.
        self._index: tuple[shapely.STRtree, np.ndarray, np.ndarray, dict[str, Any]] | None = None

    def has_geometry(self) -> bool:
        return self._geometry_type != ogr.wkbNone

    def extent(self) -> tuple[float, float, float, float] | None:
        return self._extent

    def _attributes(self, feature: ogr.Feature) -> dict[str, Any]:
        return {
            name: (get(feature, i) if feature.IsFieldSetAndNotNull(i) else None)
            for i, (name, get) in enumerate(zip(self._fields, self._getters))
        }

    def _features(self, layer: ogr.Layer) -> list[PlanFeature]:
        """The layer's current selection as PlanFeatures; new ones converted in one vectorised pass."""
        found, fresh = [], []
        for feature in layer:
            geometry = feature.GetGeometryRef()
            if geometry is None:
                continue
            fid = feature.GetFID()
            cached = self._cache.get(fid)
            if cached is None:
                fresh.append((len(found), fid, self._attributes(feature), _wkb(geometry)))
            found.append(cached)
        if fresh:
            shapes = _clean(shapely.from_wkb(np.array([wkb for *_, wkb in fresh], dtype=object)))
            for (position, fid, attributes, _), shape in zip(fresh, shapes):
                found[position] = self._cache[fid] = PlanFeature(self.name, fid, attributes, shape)
        return found

    def _read_all(self) -> tuple[np.ndarray, np.ndarray, dict[str, list]]:
        """Every feature at once through OGR's Arrow stream (vectorised), else feature by feature."""
        layer = self._open_layer()
        layer.SetSpatialFilter(None)
        layer.ResetReading()
        geometry_column = layer.GetGeometryColumn() or "wkb_geometry"
        fid_column = layer.GetFIDColumn() or "OGC_FID"
        try:
            fids, wkbs, chunks = [], [], {name: [] for name in self._fields}
            with quiet_errors():  # a failing stream (old GDAL, odd driver) falls back below
                stream = layer.GetArrowStreamAsNumPy(
                    options=[f"GEOMETRY_NAME={geometry_column}", "INCLUDE_FID=YES"]
                )
            for batch in stream:
                fids.append(np.asarray(batch[fid_column], dtype=np.int64))
                wkbs.append(np.asarray(batch[geometry_column], dtype=object))
                for name in self._fields:
                    chunks[name].append(batch[name])
            fid_array = np.concatenate(fids) if fids else np.array([], dtype=np.int64)
            wkb_array = np.concatenate(wkbs) if wkbs else np.array([], dtype=object)
            # Attribute cells stay raw NumPy until a feature is hit (_indexed_feature converts one row).
            columns = {name: (np.ma.concatenate(parts) if parts else []) for name, parts in chunks.items()}
            geometries = shapely.from_wkb(wkb_array)
            if any(
                g is not None and g.geom_type.startswith(("Curve", "Compound", "MultiCurve", "MultiSurface"))
                for g in geometries[:1]
            ):
                raise ValueError("curved geometries")
            return fid_array, _clean(geometries), columns
        except (AttributeError, TypeError, RuntimeError, ValueError, KeyError, shapely.errors.GEOSException):
            layer.ResetReading()
            features = self._features(layer)
            columns = {name: [f.attributes[name] for f in features] for name in self._fields}
            geometries = np.array([f.geometry for f in features], dtype=object)
            return np.array([f.fid for f in features], dtype=np.int64), geometries, columns

    def _promote(self) -> None:
        fids, geometries, columns = self._read_all()
        keep = ~shapely.is_missing(geometries) & ~shapely.is_empty(geometries)
        # Plain lists (masked cells become None) index far faster than NumPy masked arrays.
        kept_columns = {
            name: (
                values[keep].tolist()
                if isinstance(values, np.ndarray)
                else [v for v, k in zip(values, keep) if k]
            )
            for name, values in columns.items()
        }
        self._index = (shapely.STRtree(geometries[keep]), fids[keep], geometries[keep], kept_columns)

    def _indexed_feature(self, position: int) -> PlanFeature:
        _, fids, geometries, columns = self._index
        fid = int(fids[position])
        cached = self._cache.get(fid)
        if cached is None:
            attributes = {name: _python_value(values[position]) for name, values in columns.items()}
            cached = PlanFeature(self.name, fid, attributes, geometries[position])
            self._cache[fid] = cached
        return cached

    def query_bbox(
        self, bbox: tuple[float, float, float, float], where: FieldMatch | None = None
    ) -> list[PlanFeature]:
        """Features whose geometry meets bbox (layer CRS) and ``where``, through an index either way."""
        if self._index is None and self._reused():
            self._promote()
        if self._index is not None:
            # predicate="intersects" selects exactly what OGR's spatial filter selects
            hits = np.sort(self._index[0].query(shapely.box(*bbox), predicate="intersects"))
            found = [self._indexed_feature(int(position)) for position in hits]
            return [f for f in found if where.matches(f.attributes)] if where else found
        layer = self._open_layer()
        layer.SetSpatialFilterRect(*bbox)
        if where is not None and layer.SetAttributeFilter(where.ogr_filter()) != 0:
            raise PlanSourceError(f"{self.name}: 属性条件无效 {where.ogr_filter()}")
        layer.ResetReading()
        try:
            return self._features(layer)
        finally:
            layer.SetSpatialFilter(None)
            if where is not None:
                layer.SetAttributeFilter(None)

    def all_rows(self) -> list[dict[str, Any]]:
        """Attribute rows of a table layer (GHZB); tables are small."""
        layer = self._open_layer()
        layer.ResetReading()
        return [{key: _json_value(v) for key, v in f.items().items()} for f in layer]


class PlanExtentMixin:
    """What every plan source (file or database) derives the same way from its layers.

    Needs ``location``, ``layer(name)``, ``has_layer(name)``, ``_lock``, ``_extent``
    and ``_sha256`` on the source."""

    def crs_key(self) -> str | None:
        return plan_crs_key(self)

    def extent(self, target_key: str) -> tuple[float, float, float, float] | None:
        """The plan's extent in target_key: the administrative area, else all layers."""
        with self._lock:
            if target_key not in self._extent:
                self._extent[target_key] = layers_extent(self, target_key)
            return self._extent[target_key]

    def known_sha256(self) -> str | None:
        """The plan hash if it has been computed already (never computes it)."""
        return self._sha256


class PlanSource(PlanExtentMixin):
    """An opened plan: one read-only handle per layer, cached indexes and transforms."""

    def __init__(self, location: PlanLocation, promote_after: int = DEFAULT_PROMOTE_AFTER):
        self.location = location
        self._promote_after = promote_after
        self._layers: dict[str, PlanLayer] = {}
        self._datasets: dict[tuple[str, str | None], gdal.Dataset] = {}  # open between release_handles()
        self._reviews_served = 0
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
                ref = self.location.layers[name]
                self._layers[name] = PlanLayer(ref, lambda: self._ogr_layer(ref), self._is_reused)
            return self._layers[name]

    def _is_reused(self) -> bool:
        return self._reviews_served >= self._promote_after

    def _ogr_layer(self, ref: PlanLayerRef) -> ogr.Layer:
        """The live OGR layer; one read-only dataset per file, shared by its layers."""
        key = (ref.datasource, ref.encoding)
        dataset = self._datasets.get(key)
        if dataset is None:
            options = [f"ENCODING={ref.encoding}"] if ref.encoding else []
            try:
                with quiet_errors():
                    dataset = gdal.OpenEx(
                        ref.datasource, gdal.OF_VECTOR | gdal.OF_READONLY, open_options=options
                    )
                    message = last_error("无法识别的数据格式")
            except RuntimeError as error:  # raised instead when someone turned GDAL exceptions on
                dataset, message = None, str(error)
            if dataset is None:
                raise PlanSourceError(f"规划数据无法打开: {ref.datasource}（{message}）")
            self._datasets[key] = dataset
        layer = dataset.GetLayerByName(ref.layer) if ref.layer else dataset.GetLayer(0)
        if layer is None:
            raise PlanSourceError(f"规划图层无法打开: {ref.datasource} {ref.layer or ''}")
        return layer

    def query(
        self,
        name: str,
        area: BaseGeometry,
        working_key: str,
        grow_m: float = 0.0,
        where: FieldMatch | None = None,
    ) -> list[PlanFeature]:
        """Features of ``name`` meeting the bbox of ``area`` grown by grow_m and ``where``, in working_key."""
        minx, miny, maxx, maxy = area.bounds
        bbox_working = (minx - grow_m, miny - grow_m, maxx + grow_m, maxy + grow_m)
        with self._lock:
            layer = self.layer(name)
            layer_key = layer.crs_key or working_key
            bbox = _bbox_in(bbox_working, working_key, layer_key)
            found = layer.query_bbox(bbox, where)
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
            self._reviews_served += 1
            self._datasets.clear()

    def close(self) -> None:
        """Release the OGR handles and forget cached features and indexes."""
        with self._lock:
            self.release_handles()
            self._layers.clear()

    def table_rows(self, name: str) -> list[dict[str, Any]]:
        with self._lock:
            return self.layer(name).all_rows()

    def sha256(self) -> str | None:
        """Hash of the plan file(s), computed once per opened plan.

        Reads the files without the plan's lock (no OGR handle is involved), so
        reviews on other threads are not held up while a large plan is hashed."""
        if self._sha256 is None:
            digest = plan_sha256(self.location.source)
            with self._lock:
                self._sha256 = self._sha256 or digest
        return self._sha256



def plan_crs_key(plan) -> str | None:
    """The CRS of a plan's spatial layers (the first one that declares one)."""
    for name in plan.location.layers:
        layer = plan.layer(name)
        if layer.has_geometry() and layer.crs_key:
            return layer.crs_key
    return None


def layers_extent(plan, target_key: str) -> tuple[float, float, float, float] | None:
    """Bounding box, in target_key, of the plan's XZQ layer (else of all its layers)."""
    names = ["XZQ"] if plan.has_layer("XZQ") else list(plan.location.layers)
    boxes = []
    for name in names:
        layer = plan.layer(name)
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


def _bbox_in(bbox: tuple[float, float, float, float], source_key: str, target_key: str):
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
    """What identifies one version of a plan: its path, newest mtime and total size."""
    path = Path(location.source)
    try:
        files = [path] if path.is_file() else [p for p in path.iterdir() if p.is_file()]
        stats = [file.stat() for file in files]
        return (
            str(path.resolve()),
            max((st.st_mtime for st in stats), default=0.0),
            sum(st.st_size for st in stats),
        )
    except OSError:
        return location.source, 0.0, 0


def open_plan(plan: str | os.PathLike | PlanLocation | PlanSource | None) -> PlanSource:
    """The shared handle of a plan (opened once per file version, reused by later reviews).

    A PostGIS plan is opened once per connection and schema; its data is read
    from the server at every query, so there is no version to track.
    """
    if isinstance(plan, PlanSource) or _is_postgis_source(plan):
        return plan
    location = plan if isinstance(plan, PlanLocation) else resolve_plan(plan)
    if location.kind == "postgres":
        return _open_postgis(location)
    key = _stamp(location)
    with _OPEN_LOCK:
        source = _OPEN_PLANS.get(key)
        if source is None:
            # The file changed (or is new): forget handles of its older versions.
            for stale in [k for k in _OPEN_PLANS if k[0] == key[0]]:
                _OPEN_PLANS.pop(stale).close()
            source = PlanSource(location)
            _OPEN_PLANS[key] = source
        return source


def _is_postgis_source(plan) -> bool:
    return type(plan).__name__ == "PostgisPlanSource"


def _open_postgis(location: PlanLocation):
    from .plan_postgis import PostgisPlanSource

    key = ("postgres", location.source, location.connection)
    with _OPEN_LOCK:
        source = _OPEN_PLANS.get(key)
        if source is None:
            source = PostgisPlanSource(location)
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
        raise PlanSourceError(f"规划数据没有坐标系定义: {source.source}")
    spatial_reference(key)  # fails early on an unusable definition
    return key
