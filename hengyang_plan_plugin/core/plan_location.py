"""Resolve where a plan lives into one reference per contract layer.

A plan is a GeoPackage, a folder of shapefiles (or GeoPackages) named after
the national layer names, or a PostgreSQL source as a GDAL ``PG:`` string.
Empty means the bundled sample plan. Nothing here opens the data for writing.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from ..paths import SAMPLE_PLAN_PATH
from .encodings import shapefile_encoding
from .pg_connection import PgConnection, is_pg_source, parse_pg_source
from .plan_schema import LAYERS


@dataclass(frozen=True)
class PlanLayerRef:
    name: str  # contract layer name, e.g. "YJJBNT"
    datasource: str  # what OGR/QGIS opens: a .gpkg or .shp path, or a PG: string
    layer: str | None  # layer inside the datasource; None for a shapefile
    encoding: str | None = None  # attribute encoding for OGR/QGIS, None = let the driver decide
    schema: str | None = None  # PostGIS only: the table's schema (``layer`` is the table)
    geometry_column: str | None = None  # PostGIS only; None for a table without geometry
    key_column: str | None = None  # PostGIS only: the integer primary key used as fid
    srid: int | None = None  # PostGIS only

    def qgis_uri(self) -> str:
        """The ``ogr`` provider URI (PostGIS sources build their own URI)."""
        if self.layer is None:
            return self.datasource
        return f"{self.datasource}|layername={self.layer}"


@dataclass
class PlanLocation:
    source: str
    kind: str  # "gpkg", "folder" or "postgres"
    layers: dict[str, PlanLayerRef] = field(default_factory=dict)
    missing: list[str] = field(default_factory=list)
    is_sample: bool = False
    connection: PgConnection | None = None  # kind == "postgres" only


class PlanSourceError(ValueError):
    """The plan source cannot be used at all (not found, not a plan)."""


def _layer_names_in_gpkg(path: Path) -> list[str]:
    from osgeo import ogr

    dataset = ogr.Open(str(path), 0)
    if dataset is None:
        raise PlanSourceError(f"规划数据无法打开: {path}")
    return [dataset.GetLayerByIndex(i).GetName() for i in range(dataset.GetLayerCount())]


def _resolve_gpkg(path: Path, location: PlanLocation) -> None:
    present = {name.upper(): name for name in _layer_names_in_gpkg(path)}
    for spec in LAYERS:
        actual = present.get(spec.name)
        if actual is None:
            location.missing.append(spec.name)
        else:
            location.layers[spec.name] = PlanLayerRef(spec.name, str(path), actual)


def _resolve_folder(folder: Path, location: PlanLocation) -> None:
    files = {p.stem.upper(): p for p in sorted(folder.iterdir()) if p.suffix.lower() in (".shp", ".gpkg", ".dbf")}
    for spec in LAYERS:
        path = files.get(spec.name)
        if path is None:
            location.missing.append(spec.name)
        elif path.suffix.lower() == ".gpkg":
            names = _layer_names_in_gpkg(path)
            location.layers[spec.name] = PlanLayerRef(spec.name, str(path), names[0] if names else spec.name)
        else:
            # A lone .dbf is a table (GHZB); OGR reads it like a shapefile.
            location.layers[spec.name] = PlanLayerRef(spec.name, str(path), None, shapefile_encoding(path))


def resolve_plan(plan: str | os.PathLike | None) -> PlanLocation:
    """Find the contract layers in a plan source; missing ones are listed, not fatal."""
    if plan is None or str(plan).strip() == "":
        plan = SAMPLE_PLAN_PATH
    text = str(plan).strip()
    if is_pg_source(text):
        return _resolve_postgres(text)
    path = Path(text).expanduser()
    is_sample = path.resolve() == SAMPLE_PLAN_PATH.resolve()
    if path.is_dir():
        location = PlanLocation(str(path), "folder", is_sample=is_sample)
        _resolve_folder(path, location)
    elif path.is_file():
        location = PlanLocation(str(path), "gpkg", is_sample=is_sample)
        _resolve_gpkg(path, location)
    else:
        raise PlanSourceError(f"规划数据不存在: {path}")
    if not location.layers:
        raise PlanSourceError(f"{path} 中没有找到任何规划图层（应使用国家数据库规范的图层名，如 YJJBNT、STBHHX）")
    return location


def _resolve_postgres(text: str) -> PlanLocation:
    """The contract tables in the PG: source's schema; credentials resolved, never shown."""
    from .plan_postgis import find_plan_tables  # psycopg2 only when a PG: source is used

    try:
        connection = parse_pg_source(text)
    except ValueError as error:
        raise PlanSourceError(f"PostgreSQL 连接串无效: {error}") from error
    location = PlanLocation(connection.display(), "postgres", connection=connection)
    tables = find_plan_tables(connection)  # raises PlanSourceError (unreachable, refused, no schema)
    for spec in LAYERS:
        ref = tables.get(spec.name)
        if ref is None:
            location.missing.append(spec.name)
        else:
            location.layers[spec.name] = ref
    if not location.layers:
        raise PlanSourceError(
            f"{location.source} 的模式 {connection.schema} 中没有找到任何规划图层"
            "（表名应使用国家数据库规范的图层名，如 YJJBNT、STBHHX）"
        )
    return location
