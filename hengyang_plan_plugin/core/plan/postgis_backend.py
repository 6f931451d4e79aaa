"""A plan in PostGIS: the ``PlanBackend`` the checks use, with the overlay on the server.

Candidate features come from a GiST-indexed ``&&`` query; the overlay of a
site with a group of candidates (``overlay``) runs as one SQL statement:
``ST_Intersection`` per feature, ``ST_Area`` per piece, ``ST_Union`` of the
pieces, all in the plan's projected CRS. ``core/overlay.py`` then applies the
same dust floor, polygon extraction and sliver tests as for a file plan.

SQL is composed with ``psycopg2.sql``: identifiers (schema, table, column)
are quoted by ``sql.Identifier``, values are bound parameters.

One connection per opened plan, autocommit and read-only, guarded by the
plan's lock. A connection that drops raises PlanSourceError for the review in
progress; the next query reconnects (a batch goes on with the next case).
"""

from __future__ import annotations

import contextlib
import datetime as _dt
import decimal
import hashlib
from typing import Any

import numpy as np
import shapely
from shapely.geometry.base import BaseGeometry

from ..crs import spatial_reference, srs_key, transform_geometry
from .common import LayeredPlan, bbox_in, clean_geometries, grown_bounds
from .model import (
    LIKE_ESCAPE,
    Bbox,
    FieldMatch,
    OverlayAnswer,
    PlanFeature,
    PlanLayerRef,
    PlanLocation,
    PlanSourceError,
)
from .postgis_catalog import connect, psycopg2, sql


def _json_value(value: Any) -> Any:
    if isinstance(value, decimal.Decimal):
        return float(value)
    if isinstance(value, (_dt.date, _dt.datetime, _dt.time)):
        return value.isoformat()
    if isinstance(value, memoryview):
        return bytes(value).hex()
    return value


def attribute_key(column: str) -> str:
    """The attribute name a column stands for: ogr2ogr launders the national field names to lower case."""
    return column.upper() if column.islower() else column


class PostgisLayer:
    """One contract table: its columns, CRS and extent (read once)."""

    def __init__(self, ref: PlanLayerRef, cursor, run=None):
        """``run`` (statement → rows, the backend's) reads the extent when first asked for: ST_Extent
        scans the whole table, seconds for a DLTB, and a review asks only XZQ's."""
        self.ref = ref
        self.name = ref.name
        self.table = sql.Identifier(ref.schema, ref.layer)
        self.key = sql.Identifier(ref.key_column)
        self.geometry = sql.Identifier(ref.geometry_column) if ref.geometry_column else None
        self.srid = ref.srid or 0
        self.crs_key = srs_key(spatial_reference(f"EPSG:{ref.srid}")) if ref.srid else None
        cursor.execute(
            "SELECT a.attname FROM pg_attribute a WHERE a.attrelid = %s::regclass AND a.attnum > 0 "
            "AND NOT a.attisdropped AND a.attname NOT IN (%s, %s) "
            "AND a.atttypid <> 'geometry'::regtype ORDER BY a.attnum",
            (self.table.as_string(cursor), ref.key_column, ref.geometry_column or ""),
        )
        self.columns = [row[0] for row in cursor.fetchall()]
        self.unreadable: int | None = None  # set by PostgisBackend.unreadable_count
        self.fields = [attribute_key(column) for column in self.columns]
        self._run_query = run
        self._extent: Bbox | None = None
        self._extent_read = self.geometry is None

    def has_geometry(self) -> bool:
        return self.geometry is not None

    def extent(self) -> Bbox | None:
        if not self._extent_read and self._run_query is not None:
            rows = self._run_query(
                sql.SQL(
                    "SELECT ST_XMin(e), ST_YMin(e), ST_XMax(e), ST_YMax(e) "
                    "FROM (SELECT ST_Extent({}) AS e FROM {}) s"
                ).format(self.geometry, self.table)
            )
            if rows and rows[0][0] is not None:
                self._extent = tuple(float(v) for v in rows[0])
            self._extent_read = True
        return self._extent

    def column_for(self, field: str) -> sql.Identifier:
        """The column behind an attribute name (FieldMatch conditions use the national names)."""
        for column, key in zip(self.columns, self.fields):
            if key == field or column == field:
                return sql.Identifier(column)
        raise PlanSourceError(f"{self.name}: 没有字段 {field}")

    def attribute_list(self) -> sql.Composable:
        return sql.SQL(", ").join(sql.Identifier(column) for column in self.columns)

    def valid_geometry(self, alias: str) -> sql.Composable:
        """The 2D geometry, repaired when invalid (as a file plan is repaired in memory)."""
        column = sql.SQL("{}.{}").format(sql.Identifier(alias), self.geometry)
        return sql.SQL(
            "CASE WHEN ST_IsValid({g}) THEN ST_Force2D({g}) ELSE ST_MakeValid(ST_Force2D({g})) END"
        ).format(g=column)


def attribute_condition(layer: PostgisLayer, where: FieldMatch) -> tuple[sql.Composable, str]:
    """The SQL condition of ``where`` on ``layer`` and its bound value (a prefix matches literally)."""
    column = layer.column_for(where.field)
    if where.prefix:
        condition = sql.SQL("{}::text LIKE %(value)s ESCAPE {}").format(column, sql.Literal(LIKE_ESCAPE))
        return condition, where.like_pattern()
    return sql.SQL("{}::text = %(value)s").format(column), where.value


class PostgisBackend(LayeredPlan):
    """An opened PostGIS plan; see the module docstring."""

    def __init__(self, location: PlanLocation):
        if location.connection is None:
            raise PlanSourceError(f"不是 PostgreSQL 规划源: {location.source}")
        super().__init__(location)
        self._handle = None
        self._layers: dict[str, PostgisLayer] = {}
        self.reviews_served = 0
        self.server_overlays = 0  # statements run by overlay (tests and the benchmark read it)

    # --- connection -----------------------------------------------------------------

    def _cursor(self):
        if self._handle is None or self._handle.closed:
            self._handle = connect(self.location.connection)
        return self._handle.cursor()

    def _run(self, statement, parameters=None) -> list[tuple]:
        """Execute and fetch; a dropped connection becomes PlanSourceError and is reopened next time."""
        with self._lock:
            try:
                with self._cursor() as cursor:
                    cursor.execute(statement, parameters)
                    return cursor.fetchall()
            except (psycopg2.OperationalError, psycopg2.InterfaceError) as error:
                self._drop_connection()
                reason = (str(error).strip().splitlines() or [type(error).__name__])[0]
                raise PlanSourceError(
                    f"与 PostgreSQL 数据库的连接中断（{self.location.connection.server_label()}）：{reason}"
                ) from None

    def _drop_connection(self) -> None:
        if self._handle is not None:
            with contextlib.suppress(psycopg2.Error):
                self._handle.close()
        self._handle = None

    def backend_pid(self) -> int | None:
        """The server process of the open connection (tests end it to simulate a dropped link)."""
        with self._lock:
            return (
                self._handle.get_backend_pid()
                if self._handle is not None and not self._handle.closed
                else None
            )

    # --- PlanBackend ----------------------------------------------------------------------

    def layer(self, name: str) -> PostgisLayer:
        with self._lock:
            if name not in self._layers:
                ref = self.location.layers[name]
                try:
                    with self._cursor() as cursor:
                        self._layers[name] = PostgisLayer(ref, cursor, self._run)
                except (psycopg2.OperationalError, psycopg2.InterfaceError) as error:
                    self._drop_connection()
                    raise PlanSourceError(f"与 PostgreSQL 数据库的连接中断：{error}".strip()) from None
                except psycopg2.Error as error:
                    raise PlanSourceError(
                        f"规划图层无法读取: {ref.schema}.{ref.layer}（{error}）".strip()
                    ) from None
            return self._layers[name]

    def query(
        self,
        name: str,
        area: BaseGeometry,
        working_key: str,
        grow_m: float = 0.0,
        where: FieldMatch | None = None,
    ) -> list[PlanFeature]:
        layer = self.layer(name)
        layer_key = layer.crs_key or working_key
        bbox = bbox_in(grown_bounds(area, grow_m), working_key, layer_key)
        envelope = sql.SQL("ST_MakeEnvelope(%(minx)s, %(miny)s, %(maxx)s, %(maxy)s, %(srid)s)")
        conditions = [sql.SQL("{g} && {e} AND ST_Intersects({g}, {e})").format(g=layer.geometry, e=envelope)]
        parameters: dict[str, Any] = dict(
            zip(("minx", "miny", "maxx", "maxy"), map(float, bbox)), srid=layer.srid
        )
        if where is not None:
            condition, parameters["value"] = attribute_condition(layer, where)
            conditions.append(condition)
        statement = sql.SQL(
            "SELECT {key}, ST_AsBinary(ST_Force2D({g})){attributes} "
            "FROM {table} WHERE {conditions} ORDER BY {key}"
        ).format(
            key=layer.key,
            g=layer.geometry,
            attributes=(sql.SQL(", ") + layer.attribute_list()) if layer.columns else sql.SQL(""),
            table=layer.table,
            conditions=sql.SQL(" AND ").join(conditions),
        )
        rows = self._run(statement, parameters)
        if not rows:
            return []
        shapes = clean_geometries(shapely.from_wkb(np.array([bytes(row[1]) for row in rows], dtype=object)))
        features = []
        for row, shape in zip(rows, shapes):
            attributes = {key: _json_value(value) for key, value in zip(layer.fields, row[2:])}
            if layer_key != working_key:
                shape = transform_geometry(shape, layer_key, working_key)
            features.append(PlanFeature(name, int(row[0]), attributes, shape))
        return features

    def overlay(
        self,
        site: BaseGeometry,
        features: list[PlanFeature],
        working_key: str,
        noise_m2: float,
        buffers: tuple[list[float], int] | None = None,
    ) -> OverlayAnswer | None:
        """Site ∩ each feature and the union of the pieces, computed by the server.

        Only for the features of one layer reviewed in the layer's own CRS
        (the server's geometries are the features' geometries); None otherwise,
        and on a GEOS topology error, so the caller overlays locally.
        """
        names = {feature.layer for feature in features}
        if len(names) != 1:
            return None
        layer = self.layer(names.pop())
        if (layer.crs_key or working_key) != working_key:
            return None
        if buffers is None:
            shape = layer.valid_geometry("t")
            distances = [0.0] * len(features)
            quad_segs = 8
        else:
            shape = sql.SQL("ST_Buffer({}, b.distance, %(buffer_style)s)").format(layer.valid_geometry("t"))
            distances, quad_segs = [float(d) for d in buffers[0]], int(buffers[1])
        statement = sql.SQL(
            """
            WITH site AS (SELECT ST_GeomFromWKB(%(site)s, %(srid)s) AS g),
            wanted AS (SELECT * FROM unnest(%(fids)s::bigint[], %(distances)s::float8[]) AS b(fid, distance)),
            pieces AS (
                SELECT t.{key} AS fid, ST_Intersection({shape}, site.g) AS piece
                  FROM {table} AS t JOIN wanted AS b ON t.{key} = b.fid, site
                 WHERE ST_Expand(t.{geom}, b.distance) && site.g
            ),
            measured AS (SELECT fid, piece, ST_Area(piece) AS area FROM pieces)
            SELECT array_agg(fid ORDER BY fid), array_agg(area ORDER BY fid), ST_AsBinary(ST_Union(piece))
              FROM measured WHERE area >= %(noise)s
            """
        ).format(key=layer.key, shape=shape, table=layer.table, geom=layer.geometry)
        parameters = {
            "site": shapely.to_wkb(site),
            "srid": layer.srid,
            "fids": [feature.fid for feature in features],
            "distances": distances,
            "buffer_style": f"quad_segs={quad_segs}",
            "noise": noise_m2,
        }
        with self._lock:
            try:
                rows = self._run(statement, parameters)
            except psycopg2.InternalError as error:
                if "TopologyException" not in str(error) and "GEOS" not in str(error):
                    raise PlanSourceError(f"PostGIS 叠加分析失败（{layer.name}）：{error}".strip()) from None
                return None
            except psycopg2.Error as error:
                raise PlanSourceError(f"PostGIS 叠加分析失败（{layer.name}）：{error}".strip()) from None
            self.server_overlays += 1
        fids, areas, union_wkb = rows[0]
        if not fids:
            return [], None
        area_by_fid = dict(zip(fids, areas))
        pieces = [
            (feature, float(area_by_fid[feature.fid])) for feature in features if feature.fid in area_by_fid
        ]
        return pieces, shapely.from_wkb(bytes(union_wkb))

    def table_rows(self, name: str, where: FieldMatch | None = None) -> list[dict[str, Any]]:
        layer = self.layer(name)
        if not layer.columns:
            return []
        condition, parameters = sql.SQL("true"), {}
        if where is not None:
            condition, parameters["value"] = attribute_condition(layer, where)
        rows = self._run(
            sql.SQL("SELECT {} FROM {} WHERE {} ORDER BY {}").format(
                layer.attribute_list(), layer.table, condition, layer.key
            ),
            parameters,
        )
        return [{key: _json_value(value) for key, value in zip(layer.fields, row)} for row in rows]

    def unreadable_count(self, name: str) -> int:
        """NULL or empty geometries, counted once per opened plan (like its hash); read-only.

        Invalid geometries are not counted: they are repaired, as a file plan's
        are, and the type column admits no garbage.
        """
        layer = self.layer(name)
        if layer.geometry is None:
            return 0
        with self._lock:
            if layer.unreadable is None:
                statement = sql.SQL("SELECT count(*) FROM {} WHERE {g} IS NULL OR ST_IsEmpty({g})").format(
                    layer.table, g=layer.geometry
                )
                try:
                    layer.unreadable = int(self._run(statement)[0][0])
                except psycopg2.Error as error:
                    raise PlanSourceError(f"规划图层无法读取: {layer.name}（{error}）".strip()) from None
            return layer.unreadable

    def sha256(self) -> str | None:
        """A stable hash of the plan's table contents (md5 of each row, in key order), computed once.

        On a connection of its own, without the plan's lock (as a file plan is hashed): the review
        log hashes in a worker thread, and hashing a million-row DLTB takes seconds that a review
        on the shared connection must not wait for."""
        if self._sha256 is None:
            digest = hashlib.sha256()
            try:
                with contextlib.closing(connect(self.location.connection)) as handle, handle.cursor() as cursor:
                    for name in sorted(self.location.layers):
                        ref = self.location.layers[name]
                        cursor.execute(
                            sql.SQL("SELECT md5(string_agg(md5(t::text), '' ORDER BY t.{})) FROM {} AS t").format(
                                sql.Identifier(ref.key_column), sql.Identifier(ref.schema, ref.layer)
                            )
                        )
                        row = cursor.fetchone()
                        digest.update(name.encode("utf-8") + b"\0" + (row[0] or "").encode("ascii") + b"\0")
            except psycopg2.Error as error:
                raise PlanSourceError(f"规划数据库无法读取（计算校验值）：{error}".strip()) from None
            with self._lock:
                self._sha256 = self._sha256 or digest.hexdigest()
        return self._sha256

    def release_handles(self) -> None:
        """After each review. The connection stays open: the shared server is the warm path."""
        with self._lock:
            self.reviews_served += 1

    def close(self) -> None:
        with self._lock:
            self._drop_connection()
            self._layers.clear()
