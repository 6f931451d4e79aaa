"""PostGIS plans: connecting (read-only) and finding the contract tables of the connection's schema.

The bureau's shared 一张图 lives in one schema whose tables carry the contract
layer names (case-insensitive, like GeoPackage layers). Identifiers are quoted
by ``psycopg2.sql``, values are bound parameters.
"""

from __future__ import annotations

from ..plan_schema import LAYER_BY_NAME, LAYERS
from .model import PlanLayerRef, PlanLocation, PlanSourceError
from .pg_connection import PgConnection, parse_pg_source

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


def resolve_postgis_plan(text: str) -> PlanLocation:
    """The contract tables in the PG: source's schema; credentials resolved, never shown."""
    try:
        connection = parse_pg_source(text)
    except ValueError as error:
        raise PlanSourceError(f"PostgreSQL 连接串无效: {error}") from error
    location = PlanLocation(connection.display(), "postgres", connection=connection)
    tables = find_plan_tables(connection)  # raises PlanSourceError (unreachable, refused, no schema)
    for spec in LAYERS:
        ref = tables.get(spec.name)
        if ref is None:
            if not spec.optional:  # an optional layer (DLTB) is simply absent, not missing
                location.missing.append(spec.name)
        else:
            location.layers[spec.name] = ref
    if not location.layers:
        raise PlanSourceError(
            f"{location.source} 的模式 {connection.schema} 中没有找到任何规划图层"
            "（表名应使用国家数据库规范的图层名，如 YJJBNT、STBHHX）"
        )
    return location


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
