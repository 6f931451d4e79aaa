"""Each plan layer read once, whole and raw, for QA: geometries as stored (not repaired), attributes, field types.

The review's backends repair geometries as they read them (a review must not
throw on bad data); QA must see the data as delivered, so it reads the
layers itself, read-only: a file plan through OGR's Arrow stream
(``readonly_source.open_vector``: never a write, not even a WAL checkpoint),
a PostGIS plan in one SELECT per table on a read-only connection.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import shapely
from osgeo import ogr

from ..crs import srs_key
from ..gdal_errors import quiet_errors
from ..plan.model import PlanLayerRef, PlanSourceError
from ..readonly_source import open_vector

STRING, REAL, INTEGER, OTHER = "string", "real", "integer", "other"

_OGR_KINDS = {
    ogr.OFTString: STRING,
    ogr.OFTReal: REAL,
    ogr.OFTInteger: INTEGER,
    ogr.OFTInteger64: INTEGER,
}
_PG_KINDS = {
    "text": STRING,
    "character varying": STRING,
    "character": STRING,
    "double precision": REAL,
    "real": REAL,
    "numeric": REAL,
    "integer": INTEGER,
    "bigint": INTEGER,
    "smallint": INTEGER,
}


# Layers whose attribute values no rule reads beyond these fields (structure rules need only the
# schema): a city's DLTB is a million 图斑 × 12 fields, a gigabyte as Python values for nothing.
VALUES_READ: dict[str, tuple[str, ...]] = {"DLTB": ("BSM",)}


def _read(name: str, stored: str) -> bool:
    wanted = VALUES_READ.get(name)
    return wanted is None or stored.upper() in {field.upper() for field in wanted}


@dataclass
class LayerData:
    name: str
    crs_key: str | None
    srs: Any  # osr.SpatialReference or None
    has_geometry: bool
    field_kinds: dict[str, str]  # attribute name as stored → STRING / REAL / INTEGER / OTHER
    fids: np.ndarray = field(default_factory=lambda: np.array([], dtype=np.int64))
    geometries: np.ndarray = field(default_factory=lambda: np.array([], dtype=object))  # raw, may be None
    columns: dict[str, list] = field(default_factory=dict)

    def __len__(self) -> int:
        return len(self.fids)

    def field_name(self, name: str) -> str | None:
        """The stored name of field ``name`` (case-insensitive), None when absent."""
        wanted = name.upper()
        for stored in self.field_kinds:
            if stored.upper() == wanted:
                return stored
        return None

    def values(self, name: str) -> list | None:
        stored = self.field_name(name)
        return None if stored is None else self.columns.get(stored)


def _cell(value: Any) -> Any:
    if isinstance(value, (bytes, np.bytes_)):
        return bytes(value).decode("utf-8", errors="replace")
    if isinstance(value, float) and np.isnan(value):
        return None
    return value


def read_ogr_layer(ref: PlanLayerRef) -> LayerData:
    options = [f"ENCODING={ref.encoding}"] if ref.encoding else []
    dataset, message = open_vector(ref.datasource, options, "无法识别的数据格式")
    if dataset is None:
        raise PlanSourceError(f"规划数据无法打开: {ref.datasource}（{message}）")
    layer = dataset.GetLayerByName(ref.layer) if ref.layer else dataset.GetLayer(0)
    if layer is None:
        raise PlanSourceError(f"规划图层无法打开: {ref.datasource} {ref.layer or ''}")
    srs = layer.GetSpatialRef()
    if srs is not None and not srs.GetAuthorityCode(None):
        with contextlib.suppress(RuntimeError), quiet_errors():
            srs.AutoIdentifyEPSG()
    definition = layer.GetLayerDefn()
    kinds = {}
    for i in range(definition.GetFieldCount()):
        field_definition = definition.GetFieldDefn(i)
        kinds[field_definition.GetName()] = _OGR_KINDS.get(field_definition.GetType(), OTHER)
    has_geometry = layer.GetGeomType() != ogr.wkbNone
    data = LayerData(ref.name, srs_key(srs) if srs is not None else None, srs, has_geometry, kinds)
    names = [name for name in kinds if _read(ref.name, name)]
    fids, wkbs, columns = [], [], {name: [] for name in names}
    read = [(definition.GetFieldIndex(name), columns[name]) for name in names]
    # Feature by feature: one pass, bounded work per feature, and a damaged blob reads as None
    # (the geometry check reports it) instead of failing the whole Arrow batch.
    with quiet_errors():
        layer.SetIgnoredFields([name for name in kinds if name not in columns] + ["OGR_STYLE"])
        layer.ResetReading()
        for feature in layer:
            fids.append(feature.GetFID())
            if has_geometry:
                geometry = feature.GetGeometryRef()
                if geometry is not None and geometry.HasCurveGeometry():
                    geometry = geometry.GetLinearGeometry()
                wkbs.append(bytes(geometry.ExportToIsoWkb()) if geometry is not None else None)
            for i, column in read:
                column.append(_cell(feature.GetField(i)) if feature.IsFieldSetAndNotNull(i) else None)
    data.fids = np.array(fids, dtype=np.int64)
    data.columns = columns
    if has_geometry:
        with quiet_errors():
            data.geometries = shapely.from_wkb(np.array(wkbs, dtype=object), on_invalid="ignore")
    else:
        data.geometries = np.full(len(fids), None, dtype=object)
    return data


def read_postgis_layer(table, cursor) -> LayerData:
    """``table`` is the backend's ``PostgisLayer`` (quoted names, key, geometry column, SRID)."""
    from ..plan.postgis_backend import _json_value  # psycopg2 only for PostGIS plans
    from ..plan.postgis_catalog import sql

    ref = table.ref
    cursor.execute(
        "SELECT a.attname, format_type(a.atttypid, NULL) FROM pg_attribute a WHERE a.attrelid = %s::regclass "
        "AND a.attnum > 0 AND NOT a.attisdropped",
        (table.table.as_string(cursor),),
    )
    types = dict(cursor.fetchall())
    kinds = {key: _PG_KINDS.get(types.get(column, ""), OTHER) for column, key in zip(table.columns, table.fields)}
    crs_key, srs = None, None
    if ref.srid:
        from ..crs import spatial_reference

        srs = spatial_reference(f"EPSG:{ref.srid}")
        crs_key = srs_key(srs)
    data = LayerData(ref.name, crs_key, srs, table.geometry is not None, kinds)
    geometry = sql.SQL("ST_AsBinary({})").format(table.geometry) if table.geometry is not None else sql.SQL("NULL")
    keys = [key for key in table.fields if _read(ref.name, key)]
    attributes = sql.SQL("").join(sql.SQL(", {}").format(table.column_for(key)) for key in keys)
    cursor.execute(
        sql.SQL("SELECT {key}, {geometry}{attributes} FROM {table} ORDER BY {key}").format(
            key=table.key, geometry=geometry, attributes=attributes, table=table.table
        )
    )
    rows = cursor.fetchall()
    data.fids = np.array([int(row[0]) for row in rows], dtype=np.int64)
    data.geometries = shapely.from_wkb(
        np.array([bytes(row[1]) if row[1] is not None else None for row in rows], dtype=object), on_invalid="ignore"
    )
    data.columns = {key: [_json_value(row[2 + i]) for row in rows] for i, key in enumerate(keys)}
    return data
