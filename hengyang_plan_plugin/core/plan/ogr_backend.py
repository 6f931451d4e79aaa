"""A file plan (GeoPackage, or a folder of shapefiles/GeoPackages) as a read-only, indexed ``PlanBackend``.

Each layer is an ``OgrLayer`` (cold queries through OGR's index, warm ones
through an STRtree). Features come back in the review's working CRS;
transformed features are cached per (layer, fid, CRS). OGR handles are closed
at the end of every review (``release_handles``) and reopened on demand. A
GeoPackage whose huge layer is read through SQLite (``gpkg_direct``) keeps that
one read-only ``sqlite3`` connection (not a GDAL object) until the backend is
closed: when the plan file changes (registry) or the plugin unloads.

OGR handles are not thread-safe, so every access holds the plan's lock.
"""

from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path
from typing import Any

from osgeo import gdal, ogr
from shapely.geometry.base import BaseGeometry

from ..crs import transform_geometry
from ..readonly_source import open_vector
from .common import LayeredPlan, bbox_in, grown_bounds
from .gpkg_direct import connect
from .model import FieldMatch, OverlayAnswer, PlanFeature, PlanLayerRef, PlanLocation, PlanSourceError
from .ogr_layer import OgrLayer

DEFAULT_PROMOTE_AFTER = 1  # the second review of a plan builds the in-memory index


class OgrBackend(LayeredPlan):
    """An opened file plan: one read-only handle per file, cached indexes and transforms."""

    def __init__(self, location: PlanLocation, promote_after: int = DEFAULT_PROMOTE_AFTER):
        super().__init__(location)
        self._promote_after = promote_after
        self._layers: dict[str, OgrLayer] = {}
        self._datasets: dict[tuple[str, str | None], gdal.Dataset] = {}  # open between release_handles()
        self._connections: dict[str, sqlite3.Connection] = {}  # kept until close()
        self._reviews_served = 0
        self._transformed: dict[tuple[str, int, str], PlanFeature] = {}

    def layer(self, name: str) -> OgrLayer:
        with self._lock:
            if name not in self._layers:
                ref = self.location.layers[name]
                self._layers[name] = OgrLayer(
                    ref, lambda: self._ogr_layer(ref), self._is_reused, lambda: self._connection(ref.datasource)
                )
            return self._layers[name]

    def _is_reused(self) -> bool:
        return self._reviews_served >= self._promote_after

    def _ogr_layer(self, ref: PlanLayerRef) -> ogr.Layer:
        """The live OGR layer; one read-only dataset per file, shared by its layers."""
        key = (ref.datasource, ref.encoding)
        dataset = self._datasets.get(key)
        if dataset is None:
            options = [f"ENCODING={ref.encoding}"] if ref.encoding else []
            dataset, message = open_vector(ref.datasource, options, "无法识别的数据格式")
            if dataset is None:
                raise PlanSourceError(f"规划数据无法打开: {ref.datasource}（{message}）")
            self._datasets[key] = dataset
        layer = dataset.GetLayerByName(ref.layer) if ref.layer else dataset.GetLayer(0)
        if layer is None:
            raise PlanSourceError(f"规划图层无法打开: {ref.datasource} {ref.layer or ''}")
        return layer

    def _connection(self, datasource: str) -> sqlite3.Connection:
        """The GeoPackage's read-only SQLite connection, opened at its first use and kept."""
        connection = self._connections.get(datasource)
        if connection is None:
            connection = self._connections[datasource] = connect(datasource)
        return connection

    def query(
        self,
        name: str,
        area: BaseGeometry,
        working_key: str,
        grow_m: float = 0.0,
        where: FieldMatch | None = None,
    ) -> list[PlanFeature]:
        with self._lock:
            layer = self.layer(name)
            layer_key = layer.crs_key or working_key
            found = layer.query_bbox(bbox_in(grown_bounds(area, grow_m), working_key, layer_key), where)
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

    def overlay(
        self,
        site: BaseGeometry,
        features: list[PlanFeature],
        working_key: str,
        noise_m2: float,
        buffers: tuple[list[float], int] | None = None,
    ) -> OverlayAnswer | None:
        """Files have no overlay engine of their own: shapely does it (``core/overlay.py``)."""
        return None

    def table_rows(self, name: str, where: FieldMatch | None = None) -> list[dict[str, Any]]:
        with self._lock:
            return self.layer(name).all_rows(where)

    def unreadable_count(self, name: str) -> int:
        with self._lock:
            return self.layer(name).unreadable_count()

    def sha256(self) -> str | None:
        """Hash of the plan file(s), computed once per opened plan.

        Reads the files without the plan's lock (no OGR handle is involved), so
        reviews on other threads are not held up while a large plan is hashed."""
        if self._sha256 is None:
            digest = files_sha256(self.location.source)
            with self._lock:
                self._sha256 = self._sha256 or digest
        return self._sha256

    def release_handles(self) -> None:
        """Close every OGR handle, keeping cached features and indexes.

        Called after each review: no GDAL object outlives a review, so nothing
        is left for GDAL to free after QGIS has torn it down at exit.
        """
        with self._lock:
            self._reviews_served += 1
            self._datasets.clear()

    def close(self) -> None:
        """Release the OGR handles and the SQLite connections, forget cached features and indexes."""
        with self._lock:
            self.release_handles()
            for connection in self._connections.values():
                connection.close()
            self._connections.clear()
            self._layers.clear()


def files_sha256(source: str) -> str | None:
    """SHA-256 of a plan file, or of a folder's files (named, in name order); None when neither exists."""
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
