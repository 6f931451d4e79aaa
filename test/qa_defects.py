"""Copies of the sample plan with one seeded defect each, for the 规划成果质检 tests.

Each builder copies the sample GeoPackage, changes exactly one thing in the
copy (through OGR or SQLite, never the sample itself) and returns what the
QA must find: the rule, the layer, the feature ids and where.
"""

from __future__ import annotations

import shutil
import sqlite3
from dataclasses import dataclass
from pathlib import Path

import shapely
from osgeo import ogr

from hengyang_plan_plugin.paths import SAMPLE_PLAN_PATH

SQUARE_SIDE_M = (10.0, 5.0)  # 50 m²
PROTECTED_ZONES = ("农田保护区", "生态保护区")  # zones other rules depend on: the defects keep off them


@dataclass
class Defect:
    rule: str
    layer: str
    fids: tuple[int, ...] | None  # None: the finding names no feature (a gap)
    where: shapely.Geometry | None  # the finding's location lies in it (None: no place, e.g. a field)
    area_m2: float | None = None
    message_has: str = ""


def _copy(folder: Path, name: str, source: Path) -> Path:
    target = folder / f"{name}.gpkg"
    shutil.copyfile(source, target)
    return target


def _features(path: Path, layer: str) -> list[tuple[int, dict, shapely.Geometry]]:
    dataset = ogr.Open(str(path))
    found = [
        (f.GetFID(), f.items(), shapely.from_wkb(bytes(f.GetGeometryRef().ExportToIsoWkb())))
        for f in dataset.GetLayerByName(layer)
    ]
    dataset = None
    return found


def _set_geometry(path: Path, layer: str, fid: int, geometry: shapely.Geometry) -> None:
    dataset = ogr.Open(str(path), 1)
    target = dataset.GetLayerByName(layer)
    feature = target.GetFeature(fid)
    feature.SetGeometry(ogr.CreateGeometryFromWkb(shapely.to_wkb(geometry)))
    target.SetFeature(feature)
    dataset = None


def _set_field(path: Path, layer: str, fid: int, field: str, value) -> None:
    dataset = ogr.Open(str(path), 1)
    target = dataset.GetLayerByName(layer)
    feature = target.GetFeature(fid)
    feature.SetField(field, value)
    target.SetFeature(feature)
    dataset = None


def _two_free_zones(path: Path):
    """Two GHFQ zones sharing a border, neither a protection zone, and a point on that border."""
    zones = [z for z in _features(path, "GHFQ") if z[1]["GHFQMC"] not in PROTECTED_ZONES]
    for i, (fid_a, _, a) in enumerate(zones):
        for fid_b, _, b in zones[i + 1 :]:
            if a.geom_type and shapely.intersects(a, b):
                border = shapely.intersection(a.boundary, b.boundary)
                if border.length > 100:
                    return fid_a, a, fid_b, b, shapely.line_interpolate_point(border, 0.5, normalized=True)
    raise AssertionError("the sample plan has no two free zones sharing a border")


def _square(center: shapely.Point) -> shapely.Geometry:
    w, h = SQUARE_SIDE_M
    return shapely.box(center.x - w / 2, center.y - h / 2, center.x + w / 2, center.y + h / 2)


def gap_between_zones(folder: Path, source: Path = SAMPLE_PLAN_PATH) -> tuple[Path, Defect]:
    path = _copy(folder, "gap", source)
    fid_a, a, fid_b, b, point = _two_free_zones(path)
    hole = _square(point)
    _set_geometry(path, "GHFQ", fid_a, a.difference(hole))
    _set_geometry(path, "GHFQ", fid_b, b.difference(hole))
    return path, Defect("zoning_gap", "GHFQ", None, hole.buffer(0.01), 50.0)


def overlap_between_zones(folder: Path, source: Path = SAMPLE_PLAN_PATH) -> tuple[Path, Defect]:
    path = _copy(folder, "overlap", source)
    fid_a, a, fid_b, b, point = _two_free_zones(path)
    # The part of b within r of a border point, r chosen so it is 50 m², added to a: 50 m² of a over b.
    low, high = 1.0, 20.0
    for _ in range(60):
        radius = (low + high) / 2
        candidate = b.intersection(point.buffer(radius, quad_segs=32))
        low, high = (radius, high) if candidate.area < 50.0 else (low, radius)
    _set_geometry(path, "GHFQ", fid_a, shapely.union(a, candidate))
    return path, Defect("zoning_overlap", "GHFQ", tuple(sorted((fid_a, fid_b))), candidate.buffer(0.01), 50.0)


def renamed_zone(folder: Path, source: Path = SAMPLE_PLAN_PATH) -> tuple[Path, Defect]:
    path = _copy(folder, "renamed", source)
    fid, _, geometry = next(z for z in _features(path, "GHFQ") if z[1]["GHFQMC"] == "乡村发展区")
    _set_field(path, "GHFQ", fid, "GHFQMC", "乡村振兴区")
    return path, Defect("zone_name", "GHFQ", (fid,), geometry.buffer(1.0), message_has="乡村振兴区")


def wrong_crs(folder: Path, source: Path = SAMPLE_PLAN_PATH) -> tuple[Path, Defect]:
    """ZXCQDL declared in EPSG:4527 (zone 39) with its zone-38 coordinates left as they are."""
    path = _copy(folder, "crs", source)
    with sqlite3.connect(path) as connection:
        row = connection.execute(
            "SELECT srs_name, organization, organization_coordsys_id, definition, description "
            "FROM gpkg_spatial_ref_sys WHERE srs_id = 4526"
        ).fetchone()
        definition = row[3].replace("zone 38", "zone 39").replace("4526", "4527").replace("114", "117")
        connection.execute(
            "INSERT OR IGNORE INTO gpkg_spatial_ref_sys VALUES ('CGCS2000 / 3-degree Gauss-Kruger zone 39', "
            "4527, 'EPSG', 4527, ?, '')",
            (definition,),
        )
        connection.execute("UPDATE gpkg_geometry_columns SET srs_id = 4527 WHERE table_name = 'ZXCQDL'")
        connection.execute("UPDATE gpkg_contents SET srs_id = 4527 WHERE table_name = 'ZXCQDL'")
    return path, Defect("crs_inconsistent", "ZXCQDL", (), None, message_has="EPSG:4527")


def missing_field(folder: Path, source: Path = SAMPLE_PLAN_PATH) -> tuple[Path, Defect]:
    path = _copy(folder, "field", source)
    with sqlite3.connect(path) as connection:
        connection.execute('ALTER TABLE "STBHHX" DROP COLUMN "YSDM"')
    return path, Defect("field_missing", "STBHHX", (), None, message_has="YSDM")


def self_intersecting_patch(folder: Path, source: Path = SAMPLE_PLAN_PATH) -> tuple[Path, Defect]:
    path = _copy(folder, "bowtie", source)
    fid, centre = next(
        (fid, shapely.point_on_surface(patch))
        for fid, _, patch in _features(path, "YJJBNT")
        if patch.buffer(-1).contains(shapely.point_on_surface(patch).buffer(8, cap_style="square"))
    )
    x0, y0, x1, y1 = centre.x - 5, centre.y - 5, centre.x + 5, centre.y + 5
    bowtie = shapely.Polygon([(x0, y0), (x1, y1), (x1, y0), (x0, y1), (x0, y0)])
    _set_geometry(path, "YJJBNT", fid, shapely.MultiPolygon([bowtie]))
    return path, Defect("geometry_invalid", "YJJBNT", (fid,), centre.buffer(0.01), message_has="自相交")


def farmland_in_boundary(folder: Path, source: Path = SAMPLE_PLAN_PATH) -> tuple[Path, Defect]:
    """A new 城镇开发边界 polygon drawn over one 永久基本农田 patch."""
    path = _copy(folder, "farmland_boundary", source)
    fid, _, patch = max(_features(path, "YJJBNT"), key=lambda f: f[2].area)
    dataset = ogr.Open(str(path), 1)
    layer = dataset.GetLayerByName("CZKFBJ")
    feature = ogr.Feature(layer.GetLayerDefn())
    feature.SetField("BSM", "430400QA0000000001")
    feature.SetField("GHFQMC", "特别用途区")
    feature.SetField("MJ", patch.area)
    feature.SetGeometry(ogr.CreateGeometryFromWkb(shapely.to_wkb(patch)))
    layer.CreateFeature(feature)
    new_fid = feature.GetFID()
    dataset = None
    return path, Defect("control_line_overlap", "YJJBNT", (fid, new_fid), patch.buffer(0.01), patch.area)


BUILDERS = (
    gap_between_zones,
    overlap_between_zones,
    renamed_zone,
    wrong_crs,
    missing_field,
    self_intersecting_patch,
    farmland_in_boundary,
)
