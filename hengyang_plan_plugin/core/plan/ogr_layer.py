"""One layer of a file plan read through OGR: cold queries through OGR's index, warm ones through an STRtree.

A review never scans a whole layer. While the plan serves its first review,
every query goes through OGR's spatial filter (the GeoPackage R-tree or a
shapefile .qix), with attribute conditions as OGR attribute filters. Once the
plan has served a review it is evidently being reused (batch, warm dock
runs), so the layer is read once, at its next query, through OGR's Arrow
stream into a shapely STRtree, and later queries never touch OGR.

A layer with unreadable geometries (NULL, empty, garbage or truncated blobs,
damaged pages) is counted once, in one streaming pass (``unreadable_count``),
and never promoted: every review then reads it the same, bounded way.

A layer of more than ``PROMOTE_MAX_FEATURES`` features (a city's 国土调查 DLTB
runs to a million 图斑 and more) is never promoted either: holding it whole
would cost gigabytes, while a site only ever meets a few hundred of its
features, which the R-tree finds and the feature cache keeps. In a GeoPackage
such a layer is read through SQLite directly (``gpkg_direct``: the R-tree and
the blobs over one kept read-only connection, no OGR reopen per review).
"""

from __future__ import annotations

import contextlib
import datetime as _dt
import sqlite3
from collections.abc import Callable
from typing import Any

import numpy as np
import shapely
from osgeo import gdal, ogr

from ..crs import srs_key
from ..gdal_errors import quiet_errors
from ..readonly_source import open_vector
from .common import clean_geometries
from .gpkg_direct import GpkgTable, plain_converters
from .model import LIKE_ESCAPE, Bbox, FieldMatch, PlanFeature, PlanLayerRef, PlanSourceError


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


def ogr_attribute_filter(where: FieldMatch) -> str | None:
    """``where`` in OGR SQL (the GeoPackage driver hands it to SQLite as is); values match literally.

    None for a value with a backslash: OGR SQL reads one before a quote as an
    escape, SQLite does not, so such a condition is tested in Python instead.
    """
    if "\\" in where.value:
        return None
    column = '"' + where.field.replace('"', '""') + '"'
    if where.prefix:
        return f"{column} LIKE {_sql_literal(where.like_pattern())} ESCAPE '{LIKE_ESCAPE}'"
    return f"{column} = {_sql_literal(where.value)}"


def _sql_literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


PROMOTE_MAX_FEATURES = 500_000


class OgrLayer:
    """One contract layer: its CRS, cached features and (once promoted) STRtree.

    ``open_layer`` returns the live OGR layer; the plan owns the handle and
    may close it between reviews.
    """

    def __init__(
        self,
        ref: PlanLayerRef,
        open_layer,
        reused: Callable[[], bool],
        open_sqlite: Callable[[], sqlite3.Connection] | None = None,
    ):
        self.ref = ref
        self.name = ref.name
        self._open_layer = open_layer
        self._reused = reused  # has the plan already served a review?
        self._open_sqlite = open_sqlite  # the GeoPackage's kept read-only connection (gpkg_direct)
        layer = open_layer()
        srs = layer.GetSpatialRef()
        if srs is not None and not srs.GetAuthorityCode(None):
            # shapefile .prj files often carry ESRI WKT without the EPSG code
            with contextlib.suppress(RuntimeError), quiet_errors():
                srs.AutoIdentifyEPSG()
        self.crs_key = srs_key(srs) if srs is not None else None
        self._geometry_type = layer.GetGeomType()
        self._extent = None
        self.feature_count = layer.GetFeatureCount()
        if self._geometry_type != ogr.wkbNone and self.feature_count > 0:
            minx, maxx, miny, maxy = layer.GetExtent()
            self._extent = (minx, miny, maxx, maxy)
        definition = layer.GetLayerDefn()
        self._fields = [definition.GetFieldDefn(i).GetName() for i in range(definition.GetFieldCount())]
        self._getters = [_field_getter(definition.GetFieldDefn(i)) for i in range(definition.GetFieldCount())]
        self._direct: GpkgTable | None = None  # a huge GeoPackage layer read through SQLite, once checked
        self._direct_checked = False
        self._direct_source = (layer.GetName(), layer.GetFIDColumn(), layer.GetGeometryColumn(),
                               plain_converters(definition))
        self._unparsable: set[int] = set()  # fids whose blob no reader can parse (skipped, as OGR does)
        self._cache: dict[int, PlanFeature] = {}  # features in the layer's CRS
        self._unreadable: int | None = None  # features whose geometry cannot be read, once counted
        # Once promoted: STRtree over all geometries, with their fids, geometries and attribute columns.
        self._index: tuple[shapely.STRtree, np.ndarray, np.ndarray, dict[str, Any]] | None = None

    def has_geometry(self) -> bool:
        return self._geometry_type != ogr.wkbNone

    def _promotable(self) -> bool:
        return self.feature_count <= PROMOTE_MAX_FEATURES

    def extent(self) -> Bbox | None:
        return self._extent

    def unreadable_count(self) -> int:
        """How many features have no usable geometry (NULL, empty, unparseable), counted once.

        A spatial query never returns such a feature, so only a whole-layer
        count can tell a damaged layer from an empty area. One feature at a
        time through OGR's own parser (which checks blob sizes): bounded memory.
        A huge GeoPackage layer (never promoted) is counted from its R-tree instead:
        the features without an index entry are exactly those no query can see,
        and counting them takes 0.1 s where parsing a million blobs takes seconds.
        """
        if self._unreadable is None:
            if not self.has_geometry():
                self._unreadable = 0
            else:
                indexed = None if self._promotable() else self._rtree_count()
                self._unreadable = self.feature_count - indexed if indexed is not None else self._count_unreadable()
        return self._unreadable

    def _rtree_count(self) -> int | None:
        """Rows of the layer's GeoPackage R-tree, or None (not a GeoPackage, no R-tree, unreadable)."""
        if not str(self.ref.datasource).lower().endswith(".gpkg"):
            return None
        direct = self._direct_table()
        if direct is not None:
            try:
                return direct.count()
            except (sqlite3.Error, OSError):
                self._direct = None
        layer = self._open_layer()
        table = f"rtree_{layer.GetName()}_{layer.GetGeometryColumn()}".replace('"', '""')
        dataset, _ = open_vector(self.ref.datasource, default_message="")
        if dataset is None:
            return None
        try:
            with quiet_errors():
                result = dataset.ExecuteSQL(f'SELECT COUNT(*) FROM "{table}"')
            if result is None:
                return None
            try:
                row = result.GetNextFeature()
                return int(row.GetField(0)) if row is not None else None
            finally:
                dataset.ReleaseResultSet(result)
        except RuntimeError:
            return None
        finally:
            dataset = None

    def _count_unreadable(self) -> int:
        layer = self._open_layer()
        layer.SetSpatialFilter(None)
        layer.SetIgnoredFields([*self._fields, "OGR_STYLE"])  # geometries only: faster
        layer.ResetReading()
        seen = unreadable = 0
        try:
            with quiet_errors():
                while True:
                    gdal.ErrorReset()  # a bad blob errors too; only an error at the end means a broken read
                    feature = layer.GetNextFeature()
                    if feature is None:
                        break
                    seen += 1
                    geometry = feature.GetGeometryRef()
                    unreadable += geometry is None or geometry.IsEmpty()
                stopped = gdal.GetLastErrorType() >= gdal.CE_Failure  # e.g. a damaged page
                declared = layer.GetFeatureCount() if stopped else seen
        except RuntimeError:  # GDAL exceptions switched on by someone else
            stopped, declared = True, -1
        finally:
            layer.SetIgnoredFields([])
            layer.ResetReading()
        if stopped:
            unreadable += max(declared - seen, 1)  # at least the feature the read broke on
        return unreadable

    def _attributes(self, feature: ogr.Feature) -> dict[str, Any]:
        return {
            name: (get(feature, i) if feature.IsFieldSetAndNotNull(i) else None)
            for i, (name, get) in enumerate(zip(self._fields, self._getters))
        }

    def _features(self, layer: ogr.Layer) -> list[PlanFeature]:
        """The layer's current selection as PlanFeatures; new ones converted in one vectorised pass."""
        found, fresh = [], []
        with quiet_errors():  # an unreadable blob reads as no geometry (counted by unreadable_count)
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
            shapes = clean_geometries(shapely.from_wkb(np.array([wkb for *_, wkb in fresh], dtype=object)))
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
            return fid_array, clean_geometries(geometries), columns
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

    def _direct_table(self) -> GpkgTable | None:
        """The layer as a GeoPackage table read through SQLite: only a layer never promoted (read
        near the site at every review), in a GeoPackage, with a registered R-tree and plain fields."""
        if not self._direct_checked:
            self._direct_checked = True
            table, fid_column, geometry_column, converters = self._direct_source
            if (
                self._open_sqlite is not None
                and not self._promotable()
                and converters is not None
                and fid_column
                and geometry_column
                and str(self.ref.datasource).lower().endswith(".gpkg")
            ):
                direct = GpkgTable(self._open_sqlite, table, fid_column, geometry_column, self._fields, converters)
                try:
                    self._direct = direct if direct.usable() else None
                except (sqlite3.Error, OSError):
                    self._direct = None
        return self._direct

    def _query_direct(self, direct: GpkgTable, bbox: Bbox) -> list[PlanFeature]:
        """What OGR's spatial filter gives (features whose geometry meets the box, by fid), through the
        R-tree and the blobs; features read once stay cached like the OGR path's."""
        fids = sorted(direct.fids_in(bbox))
        fresh = [fid for fid in fids if fid not in self._cache and fid not in self._unparsable]
        if fresh:
            read_fids, shapes, attributes = direct.read(fresh)
            present = ~shapely.is_missing(shapes)
            shapes[present] = clean_geometries(shapes[present].copy())
            for fid, shape, row in zip(read_fids, shapes, attributes):
                if shape is None:
                    self._unparsable.add(fid)
                else:
                    self._cache[fid] = PlanFeature(self.name, fid, row, shape)
        found = [self._cache[fid] for fid in fids if fid in self._cache]
        if not found:
            return []
        # The R-tree's boxes are rounded outwards; OGR then tests each geometry against the box.
        meets = shapely.intersects(shapely.box(*bbox), np.array([f.geometry for f in found], dtype=object))
        return [f for f, hit in zip(found, meets) if hit]

    def query_bbox(self, bbox: Bbox, where: FieldMatch | None = None) -> list[PlanFeature]:
        """Features whose geometry meets bbox (layer CRS) and ``where``, through an index either way."""
        if self._index is None and self._reused() and self._promotable() and self.unreadable_count() == 0:
            self._promote()
        if self._index is not None:
            # predicate="intersects" selects exactly what OGR's spatial filter selects
            hits = np.sort(self._index[0].query(shapely.box(*bbox), predicate="intersects"))
            found = [self._indexed_feature(int(position)) for position in hits]
            return [f for f in found if where.matches(f.attributes)] if where else found
        direct = self._direct_table()
        if direct is not None:
            try:
                found = self._query_direct(direct, bbox)
            except (sqlite3.Error, OSError):  # what SQLite cannot do, OGR is asked below (and from now on)
                self._direct = None
            else:
                return [f for f in found if where.matches(f.attributes)] if where is not None else found
        layer = self._open_layer()
        layer.SetSpatialFilterRect(*bbox)
        condition = ogr_attribute_filter(where) if where is not None else None
        if condition is not None and layer.SetAttributeFilter(condition) != 0:
            raise PlanSourceError(f"{self.name}: 属性条件无效 {condition}")
        layer.ResetReading()
        try:
            # In fid order, as the index above and PostGIS give them: the order of an R-tree
            # spatial filter differs between GDAL versions (3.6 and 3.10 do).
            found = sorted(self._features(layer), key=lambda feature: feature.fid)
            # Always re-tested in Python: SQLite's LIKE ignores ASCII case, the in-memory index
            # (second review on) and shapefiles do not, and every review must select the same.
            return [f for f in found if where.matches(f.attributes)] if where is not None else found
        finally:
            layer.SetSpatialFilter(None)
            if condition is not None:
                layer.SetAttributeFilter(None)

    def all_rows(self, where: FieldMatch | None = None) -> list[dict[str, Any]]:
        """Attribute rows of a table (GHZB), or of the features meeting ``where``: geometry never read,
        the condition run by the store (SQLite for a GeoPackage) and re-tested as in ``query_bbox``."""
        layer = self._open_layer()
        condition = ogr_attribute_filter(where) if where is not None else None
        if condition is not None and layer.SetAttributeFilter(condition) != 0:
            raise PlanSourceError(f"{self.name}: 属性条件无效 {condition}")
        layer.SetIgnoredFields(["OGR_GEOMETRY", "OGR_STYLE"])
        layer.ResetReading()
        try:
            rows = [{key: _json_value(v) for key, v in f.items().items()} for f in layer]
        finally:
            layer.SetIgnoredFields([])
            if condition is not None:
                layer.SetAttributeFilter(None)
        return [row for row in rows if where.matches(row)] if where is not None else rows
