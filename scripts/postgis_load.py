"""Load a plan GeoPackage into a PostGIS schema, ready for the plugin (``make postgis-load``).

    .venv/bin/python scripts/postgis_load.py [--gpkg plan.gpkg | --bench full|smoke] \
        [--pg "PG:host=127.0.0.1 port=55432 dbname=hengyang user=hengyang"] [--schema hengyang]

Each GeoPackage layer becomes one table named like the layer (exact case),
with the GeoPackage fid as integer primary key ``fid`` (so feature ids match
the GeoPackage's), the national field names as columns, and ``geom`` typed
with the layer's SRID. Then a GiST index on ``geom`` and ANALYZE. The schema
is replaced as a whole. Rows go in through COPY; identifiers are quoted by
psycopg2.sql, never pasted.
"""

from __future__ import annotations

import argparse
import io
import os
import sys
from pathlib import Path

import numpy as np
import shapely
from osgeo import ogr

REPO_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO_ROOT))

import psycopg2  # noqa: E402
from psycopg2 import sql  # noqa: E402

from hengyang_plan_plugin.core.plan.pg_connection import parse_pg_source  # noqa: E402

DEFAULT_PG = "PG:host=127.0.0.1 port=55432 dbname=hengyang user=hengyang"
PG_TYPES = {
    ogr.OFTString: "text",
    ogr.OFTReal: "double precision",
    ogr.OFTInteger: "integer",
    ogr.OFTInteger64: "bigint",
    ogr.OFTDate: "date",
    ogr.OFTDateTime: "timestamp",
}
KEY_COLUMN = "fid"
GEOMETRY_COLUMN = "geom"


def _copy_text(value) -> str:
    """One field in COPY's text format."""
    if value is None:
        return "\\N"
    text = str(value)
    return text.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")


def _srid(layer: ogr.Layer) -> int:
    srs = layer.GetSpatialRef()
    if srs is None:
        return 0
    srs.AutoIdentifyEPSG()
    code = srs.GetAuthorityCode(None)
    return int(code) if code else 0


MULTI = {"Polygon": "MultiPolygon", "LineString": "MultiLineString", "Point": "MultiPoint"}
PROMOTE = {
    "MultiPolygon": shapely.multipolygons,
    "MultiLineString": shapely.multilinestrings,
    "MultiPoint": shapely.multipoints,
}


def _one_geometry_type(shapes: np.ndarray) -> tuple[np.ndarray, str]:
    """One geometry type per table (QGIS reads it from the column): singles promoted to multi when mixed."""
    present = ~shapely.is_missing(shapes)
    kinds = {shape.geom_type for shape in shapes[present]}
    if len(kinds) == 1:
        return shapes, kinds.pop()
    multi = {MULTI.get(kind, kind) for kind in kinds}
    if len(multi) == 1 and (target := multi.pop()) in PROMOTE:
        single = present & (shapely.get_type_id(shapes) < 4)
        shapes = shapes.copy()
        shapes[single] = PROMOTE[target](shapes[single][:, None]) if single.any() else shapes[single]
        return shapes, target
    return shapes, "Geometry"


def load_layer(cursor, schema: str, layer: ogr.Layer, table: str) -> int:
    definition = layer.GetLayerDefn()
    fields = [definition.GetFieldDefn(i) for i in range(definition.GetFieldCount())]
    has_geometry = layer.GetGeomType() != ogr.wkbNone
    srid = _srid(layer) if has_geometry else 0
    columns = [sql.SQL("{} bigint PRIMARY KEY").format(sql.Identifier(KEY_COLUMN))]
    columns += [
        sql.SQL("{} {}").format(sql.Identifier(f.GetName()), sql.SQL(PG_TYPES.get(f.GetType(), "text")))
        for f in fields
    ]
    buffer, wkbs, count = io.StringIO(), [], 0
    layer.ResetReading()
    rows = []
    for feature in layer:
        values = [feature.GetFID()] + [
            feature.GetField(i) if feature.IsFieldSetAndNotNull(i) else None for i in range(len(fields))
        ]
        rows.append(values)
        if has_geometry:
            geometry = feature.GetGeometryRef()
            wkbs.append(bytes(geometry.ExportToIsoWkb()) if geometry is not None else None)
    geometry_type = "Geometry"
    if has_geometry:
        shapes = shapely.from_wkb(np.array(wkbs, dtype=object)) if rows else np.array([], dtype=object)
        shapes, geometry_type = _one_geometry_type(shapes)
        shapes = shapely.set_srid(shapes, srid)
        hexes = shapely.to_wkb(shapes, hex=True, include_srid=True)
        columns.append(
            sql.SQL("{} geometry({}, {})").format(
                sql.Identifier(GEOMETRY_COLUMN), sql.SQL(geometry_type), sql.Literal(srid)
            )
        )
    target = sql.Identifier(schema, table)
    cursor.execute(sql.SQL("CREATE TABLE {} ({})").format(target, sql.SQL(", ").join(columns)))
    for index, values in enumerate(rows):
        cells = [_copy_text(v) for v in values]
        if has_geometry:
            cells.append(_copy_text(hexes[index]))
        buffer.write("\t".join(cells) + "\n")
        count += 1
    buffer.seek(0)
    names = [sql.Identifier(KEY_COLUMN)] + [sql.Identifier(f.GetName()) for f in fields]
    if has_geometry:
        names.append(sql.Identifier(GEOMETRY_COLUMN))
    cursor.copy_expert(
        sql.SQL("COPY {} ({}) FROM STDIN").format(target, sql.SQL(", ").join(names)).as_string(cursor), buffer
    )
    if has_geometry:
        cursor.execute(
            sql.SQL("CREATE INDEX {} ON {} USING GIST ({})").format(
                sql.Identifier(f"{table}_geom_gist"), target, sql.Identifier(GEOMETRY_COLUMN)
            )
        )
    cursor.execute(sql.SQL("ANALYZE {}").format(target))
    return count


def source_stamp(gpkg: Path) -> str:
    """What identifies the loaded file version (kept as the schema's comment)."""
    stat = gpkg.stat()
    return f"hengyang-plan {gpkg.resolve()} size={stat.st_size} mtime={stat.st_mtime_ns}"


def is_loaded(cursor, gpkg: Path, schema: str) -> bool:
    cursor.execute(
        "SELECT obj_description(oid, 'pg_namespace') FROM pg_namespace WHERE nspname = %s", (schema,)
    )
    row = cursor.fetchone()
    return bool(row) and row[0] == source_stamp(gpkg)


def load_plan(
    gpkg: Path, pg: str, schema: str, layer_names: dict[str, str] | None = None, force: bool = True
) -> dict[str, int] | None:
    """Replace ``schema`` with the GeoPackage's layers; returns rows per table.

    ``layer_names`` renames tables (tests use it for awkward names). Without
    ``force`` a schema already loaded from the same file version is kept (None).
    """
    connection = parse_pg_source(pg)
    dataset = ogr.Open(str(gpkg), 0)
    if dataset is None:
        raise SystemExit(f"error: cannot open {gpkg}")
    counts = {}
    handle = psycopg2.connect(**connection.libpq_arguments())
    try:
        with handle, handle.cursor() as cursor:
            if not force and is_loaded(cursor, gpkg, schema):
                return None
            cursor.execute(sql.SQL("DROP SCHEMA IF EXISTS {} CASCADE").format(sql.Identifier(schema)))
            cursor.execute(sql.SQL("CREATE SCHEMA {}").format(sql.Identifier(schema)))
            cursor.execute(
                sql.SQL("COMMENT ON SCHEMA {} IS {}").format(
                    sql.Identifier(schema), sql.Literal(source_stamp(gpkg))
                )
            )
            for index in range(dataset.GetLayerCount()):
                layer = dataset.GetLayerByIndex(index)
                name = layer.GetName()
                table = (layer_names or {}).get(name, name)
                counts[table] = load_layer(cursor, schema, layer, table)
    finally:
        handle.close()
    return counts


BENCH_SCHEMA = "hengyang_bench_{}"  # per benchmark scale (full, smoke)


def bench_plan(scale_name: str) -> Path:
    """The benchmark's generated plan (generated now if it is not there yet)."""
    sys.path.insert(0, str(REPO_ROOT / "scripts"))
    import bench_data

    scale = bench_data.SMOKE if scale_name == "smoke" else bench_data.FULL
    if bench_data.load_manifest(scale) is None:
        bench_data.generate(scale)
    return bench_data.data_dir(scale) / "plan.gpkg"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--gpkg", type=Path, help="plan GeoPackage (default: the sample plan)")
    parser.add_argument("--bench", choices=("full", "smoke"), help="load the benchmark's plan of this scale")
    parser.add_argument(
        "--pg", default=os.environ.get("HENGYANG_PG", DEFAULT_PG), help="PG: connection string"
    )
    parser.add_argument("--schema", help="target schema (default hengyang, or hengyang_bench_<scale>)")
    parser.add_argument("--force", action="store_true", help="reload even when this file version is loaded")
    args = parser.parse_args(argv)
    if args.bench:
        args.gpkg = bench_plan(args.bench)
        args.schema = args.schema or BENCH_SCHEMA.format(args.bench)
    args.gpkg = args.gpkg or REPO_ROOT / "resources" / "data" / "hengyang_sample_plan.gpkg"
    args.schema = args.schema or "hengyang"
    counts = load_plan(args.gpkg, args.pg, args.schema, force=args.force or not args.bench)
    if counts is None:
        print(f"postgis-load: schema {args.schema} already holds {args.gpkg}")
        return 0
    total = sum(counts.values())
    print(f"postgis-load: {args.gpkg} → schema {args.schema}: {len(counts)} tables, {total} rows")
    return 0


if __name__ == "__main__":
    sys.exit(main())
