"""A plan in PostGIS: the same interface the checks use from ``PlanSource``, with the overlay on the server.

The bureau's shared 一张图 lives in one schema whose tables carry the contract
layer names (case-insensitive, like GeoPackage layers). Candidate features
come from a GiST-indexed ``&&`` query; the overlay of a site with a group of
candidates (``overlay_pieces``) runs as one SQL statement: ``ST_Intersection``
per feature, ``ST_Area`` per piece, ``ST_Union`` of the pieces, all in the
plan's projected CRS. Python then applies the same dust floor, polygon
extraction and sliver tests as on the GeoPackage path (``core/overlay.py``).

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
import threading
from typing import Any

import numpy as np
import shapely
from shapely.geometry.base import BaseGeometry

from .crs import spatial_reference, srs_key
from .pg_connection import PgConnection
from .plan_location import PlanLayerRef, PlanLocation, PlanSourceError
from .plan_source import FieldMatch, PlanExtentMixin, PlanFeature, _bbox_in, _clean

try:
    import psycopg2
    from psycopg2 import sql
except ImportError:  # pragma: no cover - Debian's python3-psycopg2 is in APT_PACKAGES
    psycopg2 = None
    sql = None

APPLICATION_NAME = "hengyang_plan_review"
# Messages of libpq/the server that mean the credentials were refused.
AUTH_FAILURES = ("password authentication failed", "no password supplied", "authentication failed")


def _require_driver() -> None:
    if psycopg2 is None:
        raise PlanSourceError("读取 PostGIS 规划需要 psycopg2（Debian 软件包 python3-psycopg2）")


def connect(connection: PgConnection):
    """An autocommit, read-only psycopg2 connection; PlanSourceError with a clear reason otherwise."""
    _require_driver()
    try:
        credentials = connection.with_credentials()
    except (ValueError, LookupError) as error:
        raise PlanSourceError(str(error)) from error
    try:
        handle = psycopg2.connect(application_name=APPLICATION_NAME, **credentials.libpq_arguments())
    except psycopg2.OperationalError as error:
        raise PlanSourceError(_connect_message(credentials, error)) from None
    handle.autocommit = True
    with handle.cursor() as cursor:
        # Plan data is never written to, whatever role the connection has.
        cursor.execute("SET default_transaction_read_only = on")
    return handle


def _connect_message(connection: PgConnection, error: Exception) -> str:
    reason = (str(error).strip().splitlines() or [type(error).__name__])[-1]
    where = connection.server_label()
    if any(text in str(error) for text in AUTH_FAILURES):
        who = f"用户 {connection.user}" if connection.user else "当前用户"
        return (
            f"PostgreSQL 认证失败（{where}，{who}）：用户名或密码错误，"
            f"请检查 QGIS 认证配置或 pg_service/.pgpass（{reason}）"
        )
    return f"无法连接 PostgreSQL 数据库 {where}：{reason}"


_TABLES_SQL = """
SELECT c.relname,
       (SELECT a.attname FROM pg_attribute a JOIN pg_type t ON t.oid = a.atttypid
         WHERE a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped AND t.typname = 'geometry'
         ORDER BY a.attnum LIMIT 1) AS geometry_column,
       (SELECT a.attname FROM pg_index i
          JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = i.indkey[0]
         WHERE i.indrelid = c.oid AND i.indisprimary AND i.indnatts = 1) AS key_column
  FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
 WHERE n.nspname = %s AND c.relkind IN ('r', 'v', 'm', 'p', 'f')
 ORDER BY c.relname
"""


def find_plan_tables(connection: PgConnection) -> dict[str, PlanLayerRef]:
    """Contract name → table reference, for the tables of the connection's schema."""
    from .plan_schema import LAYER_BY_NAME

    handle = connect(connection)
    try:
        with handle.cursor() as cursor:
            cursor.execute("SELECT 1 FROM pg_namespace WHERE nspname = %s", (connection.schema,))
            if cursor.fetchone() is None:
                raise PlanSourceError(
                    f"PostgreSQL 数据库 {connection.server_label()} 中没有模式“{connection.schema}”"
                )
            cursor.execute(_TABLES_SQL, (connection.schema,))
            rows = cursor.fetchall()
            found: dict[str, PlanLayerRef] = {}
            for table, geometry_column, key_column in rows:
                name = table.upper()
                if name not in LAYER_BY_NAME or key_column is None:
                    continue
                if name in found and found[name].layer == name:
                    continue  # an exact-case table wins over a laundered one
                srid = _srid(cursor, connection.schema, table, geometry_column) if geometry_column else None
                found[name] = PlanLayerRef(
                    name,
                    connection.display(),
                    table,
                    schema=connection.schema,
                    geometry_column=geometry_column,
                    key_column=key_column,
                    srid=srid,
                )
            return found
    except psycopg2.Error as error:
        raise PlanSourceError(
            f"读取 PostgreSQL 规划目录失败（{connection.server_label()}）：{error}".strip()
        ) from None
    finally:
        handle.close()


def _srid(cursor, schema: str, table: str, column: str) -> int | None:
    """The column's declared SRID, else the first row's."""
    cursor.execute(
        "SELECT postgis_typmod_srid(a.atttypmod) FROM pg_attribute a "
        "WHERE a.attrelid = %s::regclass AND a.attname = %s",
        (sql.Identifier(schema, table).as_string(cursor), column),
    )
    row = cursor.fetchone()
    if row and row[0]:
        return int(row[0])
    cursor.execute(
        sql.SQL("SELECT ST_SRID({}) FROM {} WHERE {} IS NOT NULL LIMIT 1").format(
            sql.Identifier(column), sql.Identifier(schema, table), sql.Identifier(column)
        )
    )
    row = cursor.fetchone()
    return int(row[0]) if row and row[0] else None


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

    def __init__(self, ref: PlanLayerRef, cursor):
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
        self.fields = [attribute_key(column) for column in self.columns]
        self._extent = None
        if self.geometry is not None:
            cursor.execute(
                sql.SQL(
                    "SELECT ST_XMin(e), ST_YMin(e), ST_XMax(e), ST_YMax(e) "
                    "FROM (SELECT ST_Extent({}) AS e FROM {}) s"
                ).format(self.geometry, self.table)
            )
            row = cursor.fetchone()
            if row and row[0] is not None:
                self._extent = tuple(float(v) for v in row)

    def has_geometry(self) -> bool:
        return self.geometry is not None

    def extent(self) -> tuple[float, float, float, float] | None:
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
        """The 2D geometry, repaired when invalid (as the GeoPackage path repairs in memory)."""
        column = sql.SQL("{}.{}").format(sql.Identifier(alias), self.geometry)
        return sql.SQL(
            "CASE WHEN ST_IsValid({g}) THEN ST_Force2D({g}) ELSE ST_MakeValid(ST_Force2D({g})) END"
        ).format(g=column)


class PostgisPlanSource(PlanExtentMixin):
    """An opened PostGIS plan; see the module docstring."""

    def __init__(self, location: PlanLocation):
        if location.connection is None:
            raise PlanSourceError(f"不是 PostgreSQL 规划源: {location.source}")
        self.location = location
        self._lock = threading.RLock()
        self._handle = None
        self._layers: dict[str, PostgisLayer] = {}
        self._extent: dict[str, tuple[float, float, float, float] | None] = {}
        self._sha256: str | None = None
        self.reviews_served = 0
        self.server_overlays = 0  # statements run by overlay_pieces (tests and the benchmark read it)

    @property
    def source(self) -> str:
        return self.location.source

    def has_layer(self, name: str) -> bool:
        return name in self.location.layers

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

    # --- the PlanSource interface -------------------------------------------------------

    def layer(self, name: str) -> PostgisLayer:
        with self._lock:
            if name not in self._layers:
                ref = self.location.layers[name]
                try:
                    with self._cursor() as cursor:
                        self._layers[name] = PostgisLayer(ref, cursor)
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
        """Features of ``name`` meeting the bbox of ``area`` (grown) and ``where``, in working_key.

        In the plan's own CRS the features carry this source as their overlay
        engine, so ``overlay.overlap`` runs on the server.
        """
        from .crs import transform_geometry

        layer = self.layer(name)
        layer_key = layer.crs_key or working_key
        minx, miny, maxx, maxy = area.bounds
        bbox = _bbox_in((minx - grow_m, miny - grow_m, maxx + grow_m, maxy + grow_m), working_key, layer_key)
        envelope = sql.SQL("ST_MakeEnvelope(%(minx)s, %(miny)s, %(maxx)s, %(maxy)s, %(srid)s)")
        conditions = [sql.SQL("{g} && {e} AND ST_Intersects({g}, {e})").format(g=layer.geometry, e=envelope)]
        parameters: dict[str, Any] = dict(
            zip(("minx", "miny", "maxx", "maxy"), map(float, bbox)), srid=layer.srid
        )
        if where is not None:
            column = layer.column_for(where.field)
            if where.prefix:
                escaped = where.value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
                conditions.append(sql.SQL("{}::text LIKE %(value)s").format(column))
                parameters["value"] = escaped + "%"
            else:
                conditions.append(sql.SQL("{}::text = %(value)s").format(column))
                parameters["value"] = where.value
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
        shapes = _clean(shapely.from_wkb(np.array([bytes(row[1]) for row in rows], dtype=object)))
        engine = self if layer_key == working_key else None
        features = []
        for row, shape in zip(rows, shapes):
            attributes = {key: _json_value(value) for key, value in zip(layer.fields, row[2:])}
            if layer_key != working_key:
                shape = transform_geometry(shape, layer_key, working_key)
            features.append(PlanFeature(name, int(row[0]), attributes, shape, origin=engine))
        return features

    def overlay_pieces(
        self,
        site: BaseGeometry,
        features: list[PlanFeature],
        noise_m2: float,
        buffers: tuple[list[float], int] | None = None,
    ) -> tuple[list[tuple[PlanFeature, float]], BaseGeometry | None] | None:
        """Site ∩ each feature and the union of the pieces, computed by the server.

        Returns (feature, piece area) for pieces of at least ``noise_m2`` in
        the order of ``features``, and the union as a shapely geometry (None
        when nothing is left); None when the server cannot do it (GEOS
        topology error), so the caller falls back to the local overlay.
        ``buffers`` = (distance per feature, quad_segs): each feature is
        buffered first (river-crossing corridors), as GEOS does locally.
        """
        names = {feature.layer for feature in features}
        if len(names) != 1:
            return None
        layer = self.layer(names.pop())
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

    def table_rows(self, name: str) -> list[dict[str, Any]]:
        layer = self.layer(name)
        if not layer.columns:
            return []
        rows = self._run(
            sql.SQL("SELECT {} FROM {} ORDER BY {}").format(layer.attribute_list(), layer.table, layer.key)
        )
        return [{key: _json_value(value) for key, value in zip(layer.fields, row)} for row in rows]

    def sha256(self) -> str | None:
        """A stable hash of the plan's table contents (md5 of each row, in key order), computed once."""
        with self._lock:
            if self._sha256 is None:
                digest = hashlib.sha256()
                for name in sorted(self.location.layers):
                    layer = self.layer(name)
                    rows = self._run(
                        sql.SQL("SELECT md5(string_agg(md5(t::text), '' ORDER BY t.{})) FROM {} AS t").format(
                            layer.key, layer.table
                        )
                    )
                    digest.update(name.encode("utf-8") + b"\0" + (rows[0][0] or "").encode("ascii") + b"\0")
                self._sha256 = digest.hexdigest()
            return self._sha256

    def release_handles(self) -> None:
        """After each review. The connection stays open: the shared server is the warm path."""
        with self._lock:
            self.reviews_served += 1

    def close(self) -> None:
        with self._lock:
            self._drop_connection()
            self._layers.clear()
