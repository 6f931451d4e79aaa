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

from hengyang_plan_plugin.core.qa.rules import ERROR, WARNING
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
    severity: str = ERROR


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


def _two_free_zones(path: Path, layer: str = "GHFQ"):
    """Two polygons of ``layer`` sharing a border, neither a protection zone, and a point on that border."""
    zones = [z for z in _features(path, layer) if z[1].get("GHFQMC") not in PROTECTED_ZONES]
    tree = shapely.STRtree([z[2] for z in zones])  # the parcel layer has thousands: no all-pairs loop
    for i, (fid_a, _, a) in enumerate(zones):
        for j in tree.query(a, predicate="intersects"):
            if j <= i:
                continue
            fid_b, _, b = zones[j]
            border = shapely.intersection(a.boundary, b.boundary)
            if border.length > 100:
                return fid_a, a, fid_b, b, shapely.line_interpolate_point(border, 0.5, normalized=True)
    raise AssertionError(f"the sample plan has no two free {layer} features sharing a border")


def _add_feature(path: Path, layer: str, values: dict, geometry: shapely.Geometry) -> int:
    dataset = ogr.Open(str(path), 1)
    target = dataset.GetLayerByName(layer)
    feature = ogr.Feature(target.GetLayerDefn())
    for name, value in values.items():
        feature.SetField(name, value)
    feature.SetGeometry(ogr.CreateGeometryFromWkb(shapely.to_wkb(geometry)))
    target.CreateFeature(feature)
    fid = feature.GetFID()
    dataset = None
    return fid


def _free_square(path: Path, inside: shapely.Geometry, avoid: tuple[str, ...]) -> shapely.Geometry:
    """A 50 m² square well inside ``inside`` and at least 20 m from every feature of the ``avoid`` layers."""
    obstacles = shapely.STRtree([g for name in avoid for _, _, g in _features(path, name)])
    core = inside.buffer(-30)
    x0, y0, x1, y1 = core.bounds
    shapely.prepare(core)
    for fx in (0.5, 0.3, 0.7, 0.1, 0.9):
        for fy in (0.5, 0.3, 0.7, 0.1, 0.9):
            point = shapely.Point(x0 + fx * (x1 - x0), y0 + fy * (y1 - y0))
            square = _square(point)
            if core.contains(square) and not len(obstacles.query(square.buffer(20), predicate="intersects")):
                return square
    raise AssertionError("no free place for a seeded square")


def _zone(path: Path, name: str | None, exclude: tuple[str, ...] = ()) -> shapely.Geometry:
    """The largest GHFQ zone called ``name`` (None: the largest not in ``exclude``)."""
    zones = [g for _, a, g in _features(path, "GHFQ") if (a["GHFQMC"] == name if name else a["GHFQMC"] not in exclude)]
    return max(zones, key=lambda g: g.area)


def _values_like(path: Path, layer: str, **overrides) -> dict:
    """The attributes of a layer's first feature, with ``overrides``: a new feature every value rule accepts."""
    _, values, _ = _features(path, layer)[0]
    return {**values, **overrides}


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


def farmland_in_boundary(folder: Path, source: Path = SAMPLE_PLAN_PATH, layer: str = "YJJBNT") -> tuple[Path, Defect]:
    """A new 城镇开发边界 polygon drawn over one 永久基本农田 (or ``layer``) patch."""
    path = _copy(folder, f"{layer.lower()}_boundary", source)
    fid, _, patch = max(_features(path, layer), key=lambda f: f[2].area)
    values = {"BSM": "430400QA0000000001", "GHFQMC": "特别用途区", "MJ": patch.area}
    new_fid = _add_feature(path, "CZKFBJ", values, patch)
    return path, Defect("control_line_overlap", layer, (fid, new_fid), patch.buffer(0.01), patch.area)


def redline_in_boundary(folder: Path, source: Path = SAMPLE_PLAN_PATH) -> tuple[Path, Defect]:
    """A new 城镇开发边界 polygon drawn over one 生态保护红线 patch."""
    return farmland_in_boundary(folder, source, "STBHHX")


def gap_in_central_zones(folder: Path, source: Path = SAMPLE_PLAN_PATH) -> tuple[Path, Defect]:
    """The 中心城区 zoning (ZXCQGHFQ) must tile ZXCQFW as the 市域 one tiles XZQ."""
    path = _copy(folder, "central_gap", source)
    fid_a, a, fid_b, b, point = _two_free_zones(path, "ZXCQGHFQ")
    hole = _square(point)
    _set_geometry(path, "ZXCQGHFQ", fid_a, a.difference(hole))
    _set_geometry(path, "ZXCQGHFQ", fid_b, b.difference(hole))
    return path, Defect("zoning_gap", "ZXCQGHFQ", None, hole.buffer(0.01), 50.0)


def overlapping_parcels(folder: Path, source: Path = SAMPLE_PLAN_PATH) -> tuple[Path, Defect]:
    """50 m² of one 用地用海 parcel grown over its neighbour (its TBMJ/TBDLMJ kept true to its new shape)."""
    path = _copy(folder, "parcel_overlap", source)
    fid_a, a, fid_b, b, point = _two_free_zones(path, "ZXCQGHYDYH")
    low, high = 1.0, 20.0
    for _ in range(60):
        radius = (low + high) / 2
        disk = point.buffer(radius, quad_segs=32)
        candidate = b.intersection(disk)
        low, high = (radius, high) if candidate.area < 50.0 else (low, radius)
    # a ∪ (b ∩ disk) as (a ∪ b) ∩ (a ∪ disk): a plain union leaves a hairline between a and the piece
    # (a two-part parcel, a second finding).
    grown = shapely.intersection(shapely.union(a, b), shapely.union(a, disk))
    assert grown.geom_type == "Polygon", grown.geom_type
    _set_geometry(path, "ZXCQGHYDYH", fid_a, grown)
    _set_field(path, "ZXCQGHYDYH", fid_a, "TBMJ", grown.area)
    _set_field(path, "ZXCQGHYDYH", fid_a, "TBDLMJ", grown.area)
    return path, Defect("parcel_overlap", "ZXCQGHYDYH", tuple(sorted((fid_a, fid_b))), candidate.buffer(0.01), 50.0)


def parcel_outside_central_area(folder: Path, source: Path = SAMPLE_PLAN_PATH) -> tuple[Path, Defect]:
    """A new 50 m² 用地用海 parcel outside ZXCQFW (in the 市域, away from every other parcel)."""
    path = _copy(folder, "parcel_outside", source)
    central = shapely.union_all([g for _, _, g in _features(path, "ZXCQFW")])
    outside = shapely.union_all([g for _, _, g in _features(path, "XZQ")]).difference(central.buffer(200))
    square = _free_square(path, max(shapely.get_parts(outside), key=lambda g: g.area), ("ZXCQGHYDYH",))
    values = _values_like(path, "ZXCQGHYDYH", BSM="430400QA0000000003", TBMJ=square.area, TBDLMJ=square.area)
    fid = _add_feature(path, "ZXCQGHYDYH", values, square)
    return path, Defect("parcel_outside", "ZXCQGHYDYH", (fid,), square.buffer(0.01), 50.0)


def farmland_outside_its_zone(folder: Path, source: Path = SAMPLE_PLAN_PATH) -> tuple[Path, Defect]:
    """A new 永久基本农田 patch in a zone other than 农田保护区, touching no other control line."""
    path = _copy(folder, "farmland_zone", source)
    square = _free_square(path, _zone(path, None, PROTECTED_ZONES), ("YJJBNT", "STBHHX", "CZKFBJ"))
    fid = _add_feature(path, "YJJBNT", _values_like(path, "YJJBNT", BSM="430400QA0000000004", MJ=square.area), square)
    return path, Defect("farmland_zone", "YJJBNT", (fid,), square.buffer(0.01), 50.0)


def redline_outside_its_zone(folder: Path, source: Path = SAMPLE_PLAN_PATH) -> tuple[Path, Defect]:
    """A new 生态保护红线 patch in a zone other than 生态保护区, touching no other control line."""
    path = _copy(folder, "redline_zone", source)
    square = _free_square(path, _zone(path, None, PROTECTED_ZONES), ("YJJBNT", "STBHHX", "CZKFBJ"))
    fid = _add_feature(path, "STBHHX", _values_like(path, "STBHHX", BSM="430400QA0000000005", MJ=square.area), square)
    return path, Defect("redline_zone", "STBHHX", (fid,), square.buffer(0.01), 50.0)


def renewal_unit_outside_boundary(folder: Path, source: Path = SAMPLE_PLAN_PATH) -> tuple[Path, Defect]:
    """A new 城市更新单元 outside the 城镇开发边界: a 警告, not an 错误."""
    path = _copy(folder, "renewal_boundary", source)
    square = _free_square(path, _zone(path, None, PROTECTED_ZONES), ("CZKFBJ", "CSGXDY"))
    values = _values_like(path, "CSGXDY", BSM="430400QA0000000006", DYMC="质检测试单元", MJ=square.area)
    fid = _add_feature(path, "CSGXDY", values, square)
    return path, Defect("renewal_boundary", "CSGXDY", (fid,), square.buffer(0.01), 50.0, severity=WARNING)


def duplicated_bsm(folder: Path, source: Path = SAMPLE_PLAN_PATH) -> tuple[Path, Defect]:
    path = _copy(folder, "bsm", source)
    (fid_a, first, _), (fid_b, _, _) = _features(path, "YJJBNT")[:2]
    _set_field(path, "YJJBNT", fid_b, "BSM", first["BSM"])
    return path, Defect("bsm_duplicate", "YJJBNT", (fid_a, fid_b), None, message_has=first["BSM"])


def wrong_area_field(folder: Path, source: Path = SAMPLE_PLAN_PATH) -> tuple[Path, Defect]:
    """MJ 100 m² above the drawn area: a 警告 naming both figures."""
    path = _copy(folder, "area", source)
    # A patch of about 1 公顷: 100 m² is beyond its tolerance max(1 m², 0.1 %).
    fid, _, patch = min(_features(path, "YJJBNT"), key=lambda f: abs(f[2].area - 10_000.0))
    _set_field(path, "YJJBNT", fid, "MJ", patch.area + 100.0)
    return path, Defect(
        "area_field", "YJJBNT", (fid,), patch.buffer(0.01), message_has="相差 +100.00", severity=WARNING
    )


def unknown_land_use_code(folder: Path, source: Path = SAMPLE_PLAN_PATH) -> tuple[Path, Defect]:
    path = _copy(folder, "code", source)
    fid, _, parcel = max(_features(path, "ZXCQGHYDYH"), key=lambda f: f[2].area)
    _set_field(path, "ZXCQGHYDYH", fid, "YDYHFLDM", "0799")
    return path, Defect("land_use_code", "ZXCQGHYDYH", (fid,), parcel.buffer(1.0), message_has="“0799”")


def duplicated_road(folder: Path, source: Path = SAMPLE_PLAN_PATH) -> tuple[Path, Defect]:
    """A road (line) feature stored twice, the copy with its own BSM."""
    path = _copy(folder, "duplicate", source)
    fid, values, road = _features(path, "ZXCQDL")[0]
    new_fid = _add_feature(path, "ZXCQDL", {**values, "BSM": "430400QA0000000007"}, road)
    return path, Defect("duplicate_geometry", "ZXCQDL", (fid, new_fid), road.buffer(0.01))


def survey_layer_without_a_field(folder: Path, source: Path = SAMPLE_PLAN_PATH) -> tuple[Path, Defect]:
    """The optional 地类图斑 (DLTB), when present, has its fields checked like every other layer."""
    path = _copy(folder, "dltb_field", source)
    with sqlite3.connect(path) as connection:
        connection.execute('ALTER TABLE "DLTB" DROP COLUMN "KCXS"')
    return path, Defect("field_missing", "DLTB", (), None, message_has="KCXS")


def zone_beyond_the_city(folder: Path, source: Path = SAMPLE_PLAN_PATH) -> tuple[Path, Defect]:
    """A 市域 zone grown 50 m² beyond the 行政区 (XZQ) it must tile."""
    path = _copy(folder, "zone_outside", source)
    city = shapely.union_all([g for _, _, g in _features(path, "XZQ")])
    fid, point = next(
        (fid, shapely.line_interpolate_point(edge, 0.5, normalized=True))
        for fid, attrs, zone in _features(path, "GHFQ")
        if attrs["GHFQMC"] not in PROTECTED_ZONES
        for edge in [
            shapely.intersection(zone.boundary, city.exterior if city.geom_type == "Polygon" else city.boundary)
        ]
        if edge.length > 100
    )
    low, high = 1.0, 20.0
    for _ in range(60):
        radius = (low + high) / 2
        piece = point.buffer(radius, quad_segs=32).difference(city)
        low, high = (radius, high) if piece.area < 50.0 else (low, radius)
    zone = next(g for f, _, g in _features(path, "GHFQ") if f == fid)
    _set_geometry(path, "GHFQ", fid, shapely.union(zone, piece))
    return path, Defect("zoning_outside", "GHFQ", (fid,), piece.buffer(0.01), 50.0)


def unknown_boundary_part(folder: Path, source: Path = SAMPLE_PLAN_PATH) -> tuple[Path, Defect]:
    path = _copy(folder, "boundary_part", source)
    fid, _, part = _features(path, "CZKFBJ")[0]
    _set_field(path, "CZKFBJ", fid, "GHFQMC", "城镇发展区")  # a 规划分区 name, not a part of the boundary
    return path, Defect("boundary_part", "CZKFBJ", (fid,), part.buffer(1.0), message_has="“城镇发展区”")


def unknown_line_level(folder: Path, source: Path = SAMPLE_PLAN_PATH) -> tuple[Path, Defect]:
    path = _copy(folder, "line_level", source)
    fid, _, line = _features(path, "ZXCQCSLVX")[0]
    _set_field(path, "ZXCQCSLVX", fid, "JB", "三级")
    return path, Defect("line_level", "ZXCQCSLVX", (fid,), line.buffer(1.0), message_has="“三级”")


def unknown_renewal_type(folder: Path, source: Path = SAMPLE_PLAN_PATH) -> tuple[Path, Defect]:
    path = _copy(folder, "renewal_type", source)
    fid, _, unit = _features(path, "CSGXDY")[0]
    _set_field(path, "CSGXDY", fid, "GXLX", "改造型")
    return path, Defect("renewal_type", "CSGXDY", (fid,), unit.buffer(1.0), message_has="“改造型”")


def empty_bsm(folder: Path, source: Path = SAMPLE_PLAN_PATH) -> tuple[Path, Defect]:
    """An empty 标识码 on a 生态保护红线 patch: a 警告."""
    path = _copy(folder, "bsm_empty", source)
    fid, _, patch = _features(path, "STBHHX")[0]
    _set_field(path, "STBHHX", fid, "BSM", "")
    return path, Defect("bsm_empty", "STBHHX", (fid,), patch.buffer(1.0), severity=WARNING)


def empty_geometry(folder: Path, source: Path = SAMPLE_PLAN_PATH) -> tuple[Path, Defect]:
    """A road whose geometry is empty: the finding has no place, only the feature."""
    path = _copy(folder, "geometry_empty", source)
    fid, _, _ = _features(path, "ZXCQDL")[0]
    _set_geometry(path, "ZXCQDL", fid, shapely.LineString())
    return path, Defect("geometry_empty", "ZXCQDL", (fid,), None)


def multipart_patch(folder: Path, source: Path = SAMPLE_PLAN_PATH) -> tuple[Path, Defect]:
    """A 永久基本农田 patch cut in two by a 0.5 m strip (MJ kept true to the new shape): a 警告."""
    path = _copy(folder, "multipart", source)
    fid, _, patch = min(
        (f for f in _features(path, "YJJBNT") if len(shapely.get_parts(f[2])) == 1 and f[2].area > 5_000),
        key=lambda f: abs(f[2].area - 20_000.0),
    )
    centre = shapely.point_on_surface(patch)
    x0, _, x1, _ = patch.bounds
    cut = patch.difference(shapely.box(x0 - 1, centre.y - 0.25, x1 + 1, centre.y + 0.25))
    parts = shapely.get_parts(cut)
    assert len(parts) == 2 and min(p.area for p in parts) > 100, [p.area for p in parts]
    _set_geometry(path, "YJJBNT", fid, cut)
    _set_field(path, "YJJBNT", fid, "MJ", cut.area)
    return path, Defect("multipart", "YJJBNT", (fid,), patch.buffer(0.01), message_has="由 2 个", severity=WARNING)


def survey_area_as_text(folder: Path, source: Path = SAMPLE_PLAN_PATH) -> tuple[Path, Defect]:
    """DLTB.TBMJ delivered as a text column (same values): a field nobody can add up."""
    path = _copy(folder, "dltb_type", source)
    dataset = ogr.Open(str(path), 1)  # through OGR: the GeoPackage's triggers need its SQL functions
    layer = dataset.GetLayerByName("DLTB")
    layer.CreateField(ogr.FieldDefn("TBMJ_TEXT", ogr.OFTString))
    values = [(f.GetFID(), f.GetField("TBMJ")) for f in layer]
    dataset.StartTransaction()
    for fid, value in values:
        feature = layer.GetFeature(fid)
        feature.SetField("TBMJ_TEXT", repr(value))
        layer.SetFeature(feature)
    dataset.CommitTransaction()
    feature = None  # before the field goes: a feature outliving its changed definition crashes GDAL
    layer.DeleteField(layer.GetLayerDefn().GetFieldIndex("TBMJ"))
    renamed = ogr.FieldDefn("TBMJ", ogr.OFTString)
    layer.AlterFieldDefn(layer.GetLayerDefn().GetFieldIndex("TBMJ_TEXT"), renamed, ogr.ALTER_NAME_FLAG)
    layer = None
    dataset = None
    return path, Defect("field_type", "DLTB", (), None, message_has="DLTB.TBMJ 应为数值型，实为字符型")


BUILDERS = (
    gap_between_zones,
    overlap_between_zones,
    renamed_zone,
    wrong_crs,
    missing_field,
    self_intersecting_patch,
    farmland_in_boundary,
    gap_in_central_zones,
    overlapping_parcels,
    parcel_outside_central_area,
    farmland_outside_its_zone,
    redline_outside_its_zone,
    renewal_unit_outside_boundary,
    duplicated_bsm,
    wrong_area_field,
    unknown_land_use_code,
    duplicated_road,
    survey_layer_without_a_field,
    survey_area_as_text,
    redline_in_boundary,
    zone_beyond_the_city,
    unknown_boundary_part,
    unknown_line_level,
    unknown_renewal_type,
    empty_bsm,
    empty_geometry,
    multipart_patch,
)
