"""A GeoPackage table read straight through SQLite: its R-tree and its geometry blobs, no OGR.

Why: a layer too large to hold in memory (a city's DLTB, a million 图斑: ``ogr_layer.PROMOTE_MAX_FEATURES``)
is read near the site at every review. Through OGR that meant reopening the GeoPackage for each
review (GDAL handles are closed after every review, ``OgrBackend.release_handles``: ≈ 5 ms with
the close) and converting every feature through OGR's per-feature API (≈ 3 ms for 100 图斑),
as much again as the rest of a warm review. One read-only ``sqlite3`` connection (Python's, not
a GDAL object, so nothing is left for QGIS's GDAL teardown at exit) is kept while the plan
version is current; the R-tree answers the box, the rows not yet cached are fetched by fid, and
their blobs are parsed in one vectorised ``shapely.from_wkb`` after their GeoPackage header
(http://www.geopackage.org/spec/#gpb_format: "GP", version, flags, srs_id, envelope; the flags'
bits 1–3 give the envelope's size, 0/32/48/48/64 bytes).

Read-only and never changing the file: the connection is ``mode=ro`` on the path
``readonly_source.readable_path`` gives (a private copy of a WAL-mode file or one with
sidecars), and holds no lock between queries (every statement is read to its end).

Only where it gives what OGR gives: the table must have its R-tree registered
(``gpkg_extensions``, as GDAL requires before using it), plain fields (text, real, integer: no
date, boolean or blob, whose OGR values differ in form), and a blob OGR would read otherwise
(curves, the extended GeoPackageBinary) is parsed by OGR. Anything unexpected (an SQLite error)
gives None and the caller reads through OGR.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import shapely
from osgeo import ogr

from ..gdal_errors import quiet_errors
from ..readonly_source import readable_path

GPKG_MAGIC = b"GP"
ENVELOPE_BYTES = {0: 0, 1: 32, 2: 48, 3: 48, 4: 64}  # flags bits 1-3 → envelope size
EXTENDED_FLAG = 0x20  # an extended GeoPackageBinary geometry (a vendor's own type): OGR reads it
EMPTY_FLAG = 0x10
FETCH_CHUNK = 500  # fids per IN (...) statement: below SQLite's oldest variable limit (999)
PLAIN_TYPES = {ogr.OFTString: str, ogr.OFTReal: float, ogr.OFTInteger: int, ogr.OFTInteger64: int}


def connect(path: str) -> sqlite3.Connection:
    """A read-only connection to ``path`` (or to the private copy reading it in place would need)."""
    uri = Path(readable_path(path)).absolute().as_uri() + "?mode=ro"
    connection = sqlite3.connect(uri, uri=True, check_same_thread=False)  # the plan's lock serialises use
    connection.text_factory = lambda data: data.decode("utf-8", errors="replace")
    return connection


def _quoted(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def plain_converters(definition: ogr.FeatureDefn) -> list[Callable[[Any], Any]] | None:
    """Per field, what turns an SQLite value into the value OGR's typed getter gives; None when a
    field is of another kind (date, time, boolean, binary, lists)."""
    converters = []
    for index in range(definition.GetFieldCount()):
        field = definition.GetFieldDefn(index)
        kind = PLAIN_TYPES.get(field.GetType())
        if kind is None or field.GetSubType() != ogr.OFSTNone:
            return None
        converters.append(kind)
    return converters


def _convert(convert: Callable[[Any], Any], value: Any) -> Any:
    if value is None:
        return None
    if isinstance(value, bytes):
        value = value.decode("utf-8", errors="replace")
    try:
        return convert(value)
    except (TypeError, ValueError):  # text in a numeric column (SQLite allows it): no number
        return None


class GpkgTable:
    """One GeoPackage table with an R-tree, read through a kept read-only SQLite connection."""

    def __init__(
        self,
        connection: Callable[[], sqlite3.Connection],
        table: str,
        fid_column: str,
        geometry_column: str,
        fields: Sequence[str],
        converters: Sequence[Callable[[Any], Any]],
    ):
        self._connection = connection
        self.rtree = f"rtree_{table}_{geometry_column}"
        self._box_sql = (
            f"SELECT id FROM {_quoted(self.rtree)} WHERE minx <= ? AND maxx >= ? AND miny <= ? AND maxy >= ?"
        )
        columns = ", ".join(_quoted(name) for name in (fid_column, geometry_column, *fields))
        self._rows_sql = f"SELECT {columns} FROM {_quoted(table)} WHERE {_quoted(fid_column)} IN "
        self._fields = list(fields)
        self._converters = list(converters)
        self._table, self._geometry_column = table, geometry_column

    def usable(self) -> bool:
        """The R-tree exists and is registered, as GDAL requires before it trusts one."""
        connection = self._connection()
        found = connection.execute(
            "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name IN (?, 'gpkg_extensions')",
            (self.rtree,),
        ).fetchone()[0]
        if found != 2:
            return False
        registered = connection.execute(
            "SELECT COUNT(*) FROM gpkg_extensions WHERE lower(table_name) = lower(?) "
            "AND lower(column_name) = lower(?) AND extension_name = 'gpkg_rtree_index'",
            (self._table, self._geometry_column),
        ).fetchone()[0]
        return registered > 0

    def count(self) -> int:
        """Rows of the R-tree: the features with a geometry a query can find."""
        return int(self._connection().execute(f"SELECT COUNT(*) FROM {_quoted(self.rtree)}").fetchone()[0])

    def fids_in(self, bbox: tuple[float, float, float, float]) -> list[int]:
        """Fids whose R-tree box meets ``bbox`` (the R-tree's boxes are rounded outwards: a superset)."""
        minx, miny, maxx, maxy = bbox
        rows = self._connection().execute(self._box_sql, (maxx, minx, maxy, miny)).fetchall()
        return [row[0] for row in rows]

    def read(self, fids: Sequence[int]) -> tuple[list[int], np.ndarray, list[dict[str, Any]]]:
        """(fids, geometries or None where unreadable, attribute dicts) of the rows with these fids."""
        connection = self._connection()
        rows = []
        for start in range(0, len(fids), FETCH_CHUNK):
            chunk = list(fids[start : start + FETCH_CHUNK])
            sql = self._rows_sql + "(" + ",".join("?" * len(chunk)) + ")"
            rows += connection.execute(sql, chunk).fetchall()
        geometries = parse_blobs([row[1] for row in rows])
        attributes = [
            {name: _convert(convert, value) for name, convert, value in zip(self._fields, self._converters, row[2:])}
            for row in rows
        ]
        return [int(row[0]) for row in rows], geometries, attributes


def _wkb_part(blob: Any) -> bytes | None:
    """The WKB after a GeoPackage geometry header; None for NULL, empty, extended or garbage."""
    if not isinstance(blob, bytes) or len(blob) < 8 or blob[:2] != GPKG_MAGIC:
        return None
    flags = blob[3]
    envelope = ENVELOPE_BYTES.get((flags >> 1) & 0x07)
    if envelope is None or flags & (EXTENDED_FLAG | EMPTY_FLAG):
        return None
    return blob[8 + envelope :]


def parse_blobs(blobs: Sequence[Any]) -> np.ndarray:
    """GeoPackage geometry blobs → shapely geometries (None where no geometry can be read), in one
    vectorised pass; a blob shapely cannot parse (a curve) goes through OGR as OGR's reader would."""
    parts = [_wkb_part(blob) for blob in blobs]
    shapes = np.empty(len(parts), dtype=object)
    present = [i for i, part in enumerate(parts) if part is not None]
    if present:
        try:
            shapes[present] = shapely.from_wkb(np.array([parts[i] for i in present], dtype=object), on_invalid="ignore")
        except NotImplementedError:  # shapely 2.1 on GEOS >= 3.13 reads a curve, then refuses it: one by one
            for i in present:
                shapes[i] = _linear_only(parts[i])
    for index, blob in enumerate(blobs):
        if shapes[index] is None and isinstance(blob, bytes):
            shapes[index] = _through_ogr(blob)
    return shapes


def _linear_only(wkb: bytes):
    """A WKB geometry shapely can hold, or None (a curve: the caller asks OGR)."""
    try:
        return shapely.from_wkb(wkb, on_invalid="ignore")
    except NotImplementedError:
        return None


def _through_ogr(blob: bytes):
    """OGR's own reading of a GeoPackage blob (curves linearised as OgrLayer does), or None."""
    part = _wkb_part(blob)
    if part is None:  # NULL, empty, a vendor's extended geometry or garbage: nothing to read
        return None
    with quiet_errors():
        try:
            geometry = ogr.CreateGeometryFromWkb(part)
        except RuntimeError:
            return None
    if geometry is None or geometry.IsEmpty():
        return None
    if geometry.HasCurveGeometry():
        geometry = geometry.GetLinearGeometry()
    try:
        return shapely.from_wkb(bytes(geometry.ExportToIsoWkb()))
    except shapely.errors.GEOSException:
        return None
