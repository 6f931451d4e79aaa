"""The generated sample plan GeoPackage: schema, calibration and consistency.

Every figure is measured here from the file itself (OGR reads, shapely
unions), never read back from the generator.
"""

from __future__ import annotations

import csv
import subprocess
import sys
from functools import cache
from pathlib import Path

import numpy as np
import pytest
import shapely
from osgeo import ogr

from hengyang_plan_plugin.core import plan_schema as ps
from hengyang_plan_plugin.core.units import km2_to_m2, wan_mu_to_m2

REPO_ROOT = Path(__file__).resolve().parents[2]
GENERATOR = REPO_ROOT / "scripts" / "generate_sample_plan.py"
CODES_CSV = REPO_ROOT / "resources" / "landuse" / "ydyh_codes.csv"


CITY_AREA_KM2 = 15_299.18
CALIBRATION = 0.01  # the plan's figures must hold to ±1 %


# --------------------------------------------------------------------------
# Reading helpers (cached per file and layer: the file is read-only here)
# --------------------------------------------------------------------------


@cache
def read_layer(path: str, name: str) -> tuple[tuple[dict, ...], np.ndarray]:
    ds = ogr.Open(path)
    layer = ds.GetLayerByName(name)
    assert layer is not None, f"layer {name} missing"
    defn = layer.GetLayerDefn()
    names = [defn.GetFieldDefn(i).GetName() for i in range(defn.GetFieldCount())]
    attrs, geoms = [], []
    for feat in layer:
        attrs.append({n: feat.GetField(n) for n in names})
        g = feat.GetGeometryRef()
        geoms.append(shapely.from_wkb(bytes(g.ExportToWkb())) if g is not None else None)
    return tuple(attrs), np.array(geoms, dtype=object)


def features(path, name, **where) -> tuple[list[dict], np.ndarray]:
    attrs, geoms = read_layer(str(path), name)
    keep = [i for i, a in enumerate(attrs) if all(a.get(k) == v for k, v in where.items())]
    return [attrs[i] for i in keep], geoms[keep]


@cache
def _union(path: str, name: str, where: tuple) -> object:
    _, geoms = features(path, name, **dict(where))
    return shapely.union_all(geoms)


def union(path, name, **where):
    return _union(str(path), name, tuple(sorted(where.items())))


def districts(path):
    _, geoms = features(path, "XZQ")
    attrs, _ = features(path, "XZQ")
    return shapely.union_all([g for a, g in zip(attrs, geoms) if a["XZQDM"] in ps.DISTRICT_CODES])


def assert_close(measured: float, expected: float, rel: float, what: str) -> None:
    assert abs(measured - expected) <= rel * expected, f"{what}: {measured:.2f} vs {expected:.2f}"


def assert_tiles(parts: np.ndarray, container, what: str) -> None:
    """parts cover container with no gaps or overlaps."""
    total = float(shapely.area(parts).sum())
    merged = shapely.union_all(parts)
    tol = max(1e-6 * container.area, 0.5)
    assert abs(merged.area - container.area) <= tol, f"{what}: union {merged.area} vs {container.area}"
    assert abs(total - merged.area) <= tol, f"{what}: overlaps, sum {total} vs union {merged.area}"
    assert merged.symmetric_difference(container).area <= tol, f"{what}: does not match its container"


# --------------------------------------------------------------------------
# Schema
# --------------------------------------------------------------------------


def test_layers_fields_and_crs(sample_plan_path):
    ds = ogr.Open(str(sample_plan_path))
    names = {ds.GetLayer(i).GetName() for i in range(ds.GetLayerCount())}
    assert {spec.name for spec in ps.LAYERS} <= names
    for spec in ps.LAYERS:
        layer = ds.GetLayerByName(spec.name)
        defn = layer.GetLayerDefn()
        fields = {defn.GetFieldDefn(i).GetName() for i in range(defn.GetFieldCount())}
        assert set(spec.required_fields) <= fields, spec.name
        assert layer.GetFeatureCount() > 0, spec.name
        if spec.geometry == ps.TABLE:
            assert layer.GetGeomType() == ogr.wkbNone
            continue
        srs = layer.GetSpatialRef()
        assert srs.GetAuthorityName(None) == "EPSG" and srs.GetAuthorityCode(None) == "4526", spec.name
        flat = ogr.GT_Flatten(layer.GetGeomType())
        expected = {
            ps.POLYGON: (ogr.wkbPolygon, ogr.wkbMultiPolygon),
            ps.LINE: (ogr.wkbLineString, ogr.wkbMultiLineString),
            ps.POINT: (ogr.wkbPoint,),
        }[spec.geometry]
        assert flat in expected, spec.name


def test_every_layer_says_it_is_sample_data(sample_plan_path):
    ds = ogr.Open(str(sample_plan_path))
    sql = ds.ExecuteSQL("SELECT table_name, description FROM gpkg_contents")
    descriptions = {f.GetField(0): f.GetField(1) for f in sql}
    ds.ReleaseResultSet(sql)
    for spec in ps.LAYERS:
        assert "示意数据" in (descriptions.get(spec.name) or ""), spec.name


def test_spatial_layers_have_rtree_index(sample_plan_path):
    ds = ogr.Open(str(sample_plan_path))
    sql = ds.ExecuteSQL("SELECT table_name FROM gpkg_extensions WHERE extension_name = 'gpkg_rtree_index'")
    indexed = {f.GetField(0) for f in sql}
    ds.ReleaseResultSet(sql)
    for spec in ps.LAYERS:
        if spec.geometry != ps.TABLE:
            assert spec.name in indexed, spec.name
            check = ds.ExecuteSQL(f"SELECT COUNT(*) FROM rtree_{spec.name}_geom")
            assert check.GetNextFeature().GetField(0) == ds.GetLayerByName(spec.name).GetFeatureCount()
            ds.ReleaseResultSet(check)


def test_geometries_valid_and_non_empty(sample_plan_path):
    for spec in ps.LAYERS:
        if spec.geometry == ps.TABLE:
            continue
        _, geoms = features(sample_plan_path, spec.name)
        assert all(g is not None for g in geoms), spec.name
        assert not shapely.is_empty(geoms).any(), spec.name
        invalid = [shapely.is_valid_reason(g) for g in geoms if not shapely.is_valid(g)]
        assert not invalid, f"{spec.name}: {invalid[:3]}"


# --------------------------------------------------------------------------
# Calibration against the plan's figures
# --------------------------------------------------------------------------

CITY_FIGURES = {
    "YJJBNT": wan_mu_to_m2(476.06),
    "STBHHX": km2_to_m2(1809.56),
    "CZKFBJ": km2_to_m2(607.04),
}
DISTRICT_FIGURES = {
    "YJJBNT": wan_mu_to_m2(7.83),
    "STBHHX": km2_to_m2(4.59),
    "CZKFBJ": km2_to_m2(244.32),
}


def test_city_area(sample_plan_path):
    attrs, geoms = features(sample_plan_path, "XZQ")
    assert sorted((a["XZQDM"], a["XZQMC"]) for a in attrs) == sorted(ps.COUNTIES)
    total = float(shapely.area(geoms).sum())
    assert_close(total, km2_to_m2(CITY_AREA_KM2), 1e-4, "XZQ total")
    assert_close(shapely.union_all(geoms).area, total, 1e-6, "XZQ overlaps")


def test_county_sizes_are_plausible(sample_plan_path):
    attrs, geoms = features(sample_plan_path, "XZQ")
    km2 = {a["XZQDM"]: g.area / 1e6 for a, g in zip(attrs, geoms)}
    for code in ("430405", "430406", "430407", "430408"):
        assert 90 <= km2[code] <= 240, (code, km2[code])
    assert 150 <= km2["430412"] <= 220
    for code in ("430421", "430422", "430423", "430424", "430426", "430481", "430482"):
        assert 850 <= km2[code] <= 2800, (code, km2[code])


def test_units_sit_roughly_where_they_are(sample_plan_path):
    """Relative positions of the county-level units (centroids, km from the city centre)."""
    attrs, geoms = features(sample_plan_path, "XZQ")
    at = {a["XZQMC"]: ((g.centroid.x - 38_360_912.22) / 1e3, (g.centroid.y - 2_977_318.93) / 1e3)
          for a, g in zip(attrs, geoms)}
    for name in ("珠晖区", "雁峰区", "石鼓区", "蒸湘区"):
        assert np.hypot(*at[name]) < 15, name
    assert at["珠晖区"][0] > max(at["雁峰区"][0], at["石鼓区"][0], at["蒸湘区"][0]), "珠晖 on the east bank"
    assert at["石鼓区"][1] > at["雁峰区"][1], "石鼓 north of 雁峰"
    assert at["南岳区"][1] > 25 and at["衡山县"][1] > 25, "南岳 and 衡山 to the north"
    assert at["祁东县"][0] < -40, "祁东 to the west"
    assert at["衡东县"][0] > 20 and at["衡东县"][1] > 0, "衡东 north-east"
    assert at["耒阳市"][0] > 15 and at["耒阳市"][1] < -20, "耒阳 south-east"
    assert at["常宁市"][0] < 0 and at["常宁市"][1] < -20, "常宁 south-west"
    assert at["衡阳县"][0] < 0 and at["衡阳县"][1] > 0, "衡阳县 north-west"
    assert at["衡南县"][1] < 0, "衡南 south"


@pytest.mark.parametrize("layer", sorted(CITY_FIGURES))
def test_city_wide_control_lines(sample_plan_path, layer):
    assert_close(union(sample_plan_path, layer).area, CITY_FIGURES[layer], CALIBRATION, layer)


@pytest.mark.parametrize("layer", sorted(DISTRICT_FIGURES))
def test_district_control_lines(sample_plan_path, layer):
    inside = union(sample_plan_path, layer).intersection(districts(sample_plan_path))
    assert_close(inside.area, DISTRICT_FIGURES[layer], CALIBRATION, f"市辖区 {layer}")


CITY_LINE_FIGURES = [  # (layer, JB or None, km², names that must appear)
    ("ZXCQCSLVX", "一级", 15.73, ()),
    ("ZXCQCSLVX", "二级", 2.52, ()),
    ("ZXCQCSLX", "一级", 19.42, ("湘江", "耒水", "蒸水")),
    ("ZXCQCSLX", "二级", 0.71, ("雁栖湖", "国庆水库", "柿江河")),
    ("ZXCQCSZX", None, 0.52, ()),
    ("ZXCQCSHX", "一级", 2.81, ()),
    ("ZXCQCSHX", "二级", 0.45, ()),
]


@pytest.mark.parametrize("layer,level,km2,names", CITY_LINE_FIGURES)
def test_city_lines_in_central_city(sample_plan_path, layer, level, km2, names):
    where = {"JB": level} if level else {}
    attrs, _ = features(sample_plan_path, layer, **where)
    measured = union(sample_plan_path, layer, **where).intersection(union(sample_plan_path, "ZXCQFW")).area
    assert_close(measured, km2_to_m2(km2), CALIBRATION, f"{layer} {level}")
    assert set(names) <= {a["MC"] for a in attrs}


def test_yellow_lines_cover_the_named_facility_types(sample_plan_path):
    attrs, _ = features(sample_plan_path, "ZXCQCSHX")
    kinds = {(a["JB"], a["LX"]) for a in attrs}
    for kind in ("港口码头", "铁路客货运场站", "给水厂", "污水处理厂", "燃气门站"):
        assert ("一级", kind) in kinds
    for kind in ("220千伏变电站", "公路客运站", "消防站", "垃圾中转站"):
        assert ("二级", kind) in kinds


def test_city_lines_lie_in_central_city(sample_plan_path):
    zx = union(sample_plan_path, "ZXCQFW")
    for layer in ("ZXCQCSLVX", "ZXCQCSLX", "ZXCQCSZX", "ZXCQCSHX", "CSGXDY", "ZXCQGHYDYH", "ZXCQGHFQ"):
        assert union(sample_plan_path, layer).difference(zx).area < 1.0, layer


def test_central_city_size(sample_plan_path):
    zx = union(sample_plan_path, "ZXCQFW")
    assert 450e6 <= zx.area <= 600e6
    urban = districts(sample_plan_path)
    assert zx.difference(urban).area < 1.0, "中心城区 lies in the urban districts"


# --------------------------------------------------------------------------
# Consistency between layers
# --------------------------------------------------------------------------


def test_ghfq_tiles_the_city(sample_plan_path):
    attrs, geoms = features(sample_plan_path, "GHFQ")
    assert {a["GHFQMC"] for a in attrs} <= set(ps.GHFQ_LEVEL1.values())
    assert all(ps.GHFQ_CODES[a["GHFQDM"]] == a["GHFQMC"] for a in attrs)
    assert_tiles(geoms, union(sample_plan_path, "XZQ"), "GHFQ")


def test_zxcq_zoning_tiles_the_central_city(sample_plan_path):
    attrs, geoms = features(sample_plan_path, "ZXCQGHFQ")
    names = {a["GHFQMC"] for a in attrs}
    assert names <= set(ps.GHFQ_CODES.values())
    assert set(ps.GHFQ_URBAN_SUBZONES.values()) <= names
    assert all(ps.GHFQ_CODES[a["GHFQDM"]] == a["GHFQMC"] for a in attrs)
    assert_tiles(geoms, union(sample_plan_path, "ZXCQFW"), "ZXCQGHFQ")


def test_land_use_tiles_the_central_city(sample_plan_path):
    with CODES_CSV.open(encoding="utf-8") as handle:
        codes = {row["code"]: row["name"] for row in csv.DictReader(handle)}
    attrs, geoms = features(sample_plan_path, "ZXCQGHYDYH")
    assert all(codes.get(a["YDYHFLDM"]) == a["YDYHFLMC"] for a in attrs)
    used = {a["YDYHFLDM"] for a in attrs}
    assert {"0701", "0804", "0901", "1001", "1101", "1207", "1401", "1402", "1701"} <= used
    # some 三级 codes of the 2023 指南, as delivered databases mix both levels
    assert {"060102", "060201", "070301", "100102", "120801"} <= used
    assert_tiles(geoms, union(sample_plan_path, "ZXCQFW"), "ZXCQGHYDYH")


def test_land_use_area_fields_are_the_national_ones(sample_plan_path):
    """用地用海 parcels carry their area as TBMJ and TBDLMJ, as the public 质检 tools read it (not MJ)."""
    attrs, geoms = features(sample_plan_path, "ZXCQGHYDYH")
    assert "MJ" not in attrs[0]
    for name in ("TBMJ", "TBDLMJ"):
        assert np.allclose([a[name] for a in attrs], shapely.area(geoms), atol=0.01), name


# 要素代码 of the public county-tool pattern (official-rules-check §1.2), unconfirmed for a 市级 database.
PUBLIC_YSDM = {
    "GHFQ": "2090020610",
    "ZXCQGHFQ": "2090020610",
    "ZXCQGHYDYH": "2090020620",
    "ZXCQCSLVX": "2090020232",
    "ZXCQCSLX": "2090020233",
    "ZXCQCSHX": "2090020234",
}


def test_ysdm_follows_the_public_pattern(sample_plan_path):
    codes = {}
    for spec in ps.LAYERS:
        attrs, _ = features(sample_plan_path, spec.name)
        if "YSDM" in attrs[0]:
            values = {a["YSDM"] for a in attrs}
            assert len(values) == 1 and all(len(v) == 10 and v.isdigit() for v in values), spec.name
            codes[spec.name] = values.pop()
    for name, code in PUBLIC_YSDM.items():
        assert codes[name] == code, name
    # XZQ and DLTB carry 国土调查 (三调-family) codes, the plan layers the 20900 pattern.
    assert all(code.startswith("20900") for name, code in codes.items() if name not in ("XZQ", "DLTB"))
    assert codes["DLTB"] == "2001010100"
    assert codes["ZXCQCSZX"] != codes["ZXCQCSLX"], "the public tool's copy error is not repeated"


def test_red_line_marks_a_nature_reserve_core_zone(sample_plan_path):
    attrs, geoms = features(sample_plan_path, "STBHHX")
    core = [(a, g) for a, g in zip(attrs, geoms) if "核心保护区" in (a.get("BZ") or "")]
    assert core and all(a["XZQDM"] == "430412" for a, _ in core), "衡山, in 南岳区"
    assert len(core) == 1 and len(attrs) > 1, "one patch is the core zone; the limited activities apply elsewhere"


def test_control_lines_nest_in_zoning(sample_plan_path):
    p = sample_plan_path
    eco_zone = union(p, "GHFQ", GHFQMC="生态保护区")
    farm_zone = union(p, "GHFQ", GHFQMC="农田保护区")
    urban_zone = union(p, "GHFQ", GHFQMC="城镇发展区")
    stbhhx, yjjbnt, czkfbj = union(p, "STBHHX"), union(p, "YJJBNT"), union(p, "CZKFBJ")
    assert yjjbnt.difference(farm_zone).area < 1.0
    assert stbhhx.difference(eco_zone).area < 1.0
    assert eco_zone.symmetric_difference(stbhhx).area < 1.0, "生态保护区 = 生态保护红线"
    assert urban_zone.symmetric_difference(czkfbj).area < 1.0, "城镇发展区 = 城镇开发边界"
    assert czkfbj.intersection(yjjbnt).area < 1.0
    assert czkfbj.intersection(stbhhx).area < 1.0


def test_urban_boundary_parts(sample_plan_path):
    attrs, geoms = features(sample_plan_path, "CZKFBJ")
    areas: dict[str, float] = {}
    for a, g in zip(attrs, geoms):
        assert a["GHFQMC"] in ps.CZKFBJ_PARTS
        areas[a["GHFQMC"]] = areas.get(a["GHFQMC"], 0.0) + g.area
    assert set(areas) == set(ps.CZKFBJ_PARTS)
    assert areas["集中建设区"] > 0.8 * sum(areas.values())


def test_urban_subzones_sit_inside_the_boundary(sample_plan_path):
    p = sample_plan_path
    czkfbj = union(p, "CZKFBJ")
    for code, name in ps.GHFQ_URBAN_SUBZONES.items():
        zone = union(p, "ZXCQGHFQ", GHFQMC=name)
        outside = zone.difference(czkfbj).area
        if code == "0404":  # 其他城镇建设区 lies outside the boundary by definition
            assert zone.intersection(czkfbj).area < 1.0
        else:
            assert outside < 1.0, name


def test_patches_are_many_and_realistic(sample_plan_path):
    _, farm = features(sample_plan_path, "YJJBNT")
    _, eco = features(sample_plan_path, "STBHHX")
    assert len(farm) >= 2000
    assert len(eco) >= 50
    assert np.median(shapely.area(farm)) < 2e6, "field blocks, not blobs"


# --------------------------------------------------------------------------
# 国土调查 地类图斑 (DLTB, issue 17)
# --------------------------------------------------------------------------

CULTIVATED = ("0101", "0102", "0103")
CULTIVATED_CITY_WAN_MU = 525.81  # 《规划》2.2 耕地保有量
CULTIVATED_DISTRICT_WAN_MU = 10.25  # 《规划》4.1 市辖区 耕地保有量


def test_dltb_cultivated_land_meets_the_plans_figures(sample_plan_path):
    attrs, _ = features(sample_plan_path, "DLTB")
    net = [(a["XZQDM"], a["TBDLMJ"]) for a in attrs if a["DLBM"] in CULTIVATED]
    city = sum(area for _, area in net)
    district = sum(area for code, area in net if code in ps.DISTRICT_CODES)
    for measured, figure, what in (
        (city, CULTIVATED_CITY_WAN_MU, "耕地 city-wide"),
        (district, CULTIVATED_DISTRICT_WAN_MU, "耕地 in the 市辖区"),
    ):
        target = wan_mu_to_m2(figure)
        assert target <= measured <= target * (1 + CALIBRATION), f"{what}: {measured / target:.4f}"


def test_dltb_tiles_the_city_with_modest_patches(sample_plan_path):
    _, geoms = features(sample_plan_path, "DLTB")
    assert 2_000 <= len(geoms) <= 20_000
    assert_tiles(geoms, union(sample_plan_path, "XZQ"), "DLTB")


def test_permanent_farmland_lies_on_cultivated_land(sample_plan_path):
    attrs, geoms = features(sample_plan_path, "DLTB")
    cultivated = shapely.union_all([g for a, g in zip(attrs, geoms) if a["DLBM"] in CULTIVATED])
    assert union(sample_plan_path, "YJJBNT").difference(cultivated).area < 1.0


def test_dltb_codes_areas_and_tiankan(sample_plan_path):
    from hengyang_plan_plugin.core.rules import survey_classes

    classes = survey_classes()
    attrs, geoms = features(sample_plan_path, "DLTB")
    for a, g in zip(attrs, geoms):
        assert a["DLBM"] in classes and a["DLMC"] == classes[a["DLBM"]].name, a["BSM"]
        assert a["TBMJ"] == pytest.approx(g.area, abs=0.01)
        assert a["KCMJ"] == pytest.approx(a["TBMJ"] * a["KCXS"], abs=0.01)
        assert a["TBDLMJ"] == pytest.approx(a["TBMJ"] - a["KCMJ"], abs=0.01)
        if a["DLBM"] in CULTIVATED:
            assert 0.04 <= a["KCXS"] <= 0.16, a["BSM"]
        else:
            assert a["KCXS"] == 0.0, a["BSM"]


def test_dltb_built_land_and_ownership(sample_plan_path):
    p = sample_plan_path
    attrs, geoms = features(p, "DLTB")
    towns = [g for a, g in zip(attrs, geoms) if a["CZCSXM"] in ("201", "202")]
    built = shapely.union_all(towns)
    assert built.difference(union(p, "CZKFBJ")).area < 1.0, "城镇 built land lies in the 城镇开发边界"
    assert built.area >= 0.9 * union(p, "CZKFBJ", GHFQMC="集中建设区").area
    collective = [(a, g) for a, g in zip(attrs, geoms) if a["QSXZ"] == "30"]
    assert shapely.union_all([g for _, g in collective]).intersection(built).area < 1.0, "国有 inside towns"
    for a, _ in collective:
        assert a["QSDWMC"].endswith("村农民集体") and len(a["QSDWDM"]) == 19, a["BSM"]
        assert a["QSDWDM"][:12] == a["ZLDWDM"][:12] and a["QSDWDM"][:6] == a["XZQDM"]
    state = [a for a in attrs if a["CZCSXM"] in ("201", "202")]
    assert state and all(a["QSXZ"] == "20" for a in state)
    villages = {a["QSDWDM"] for a, _ in collective}
    assert len(villages) >= 500 and len({a["QSDWMC"] for a, _ in collective}) == len(villages)


def test_control_line_attributes(sample_plan_path):
    county_codes = {code for code, _ in ps.COUNTIES}
    for layer in ("STBHHX", "YJJBNT"):
        attrs, geoms = features(sample_plan_path, layer)
        bsm = [a["BSM"] for a in attrs]
        assert len(set(bsm)) == len(bsm) and all(len(b) == 18 for b in bsm), layer
        assert {a["XZQDM"] for a in attrs} <= county_codes
        assert np.allclose([a["MJ"] for a in attrs], shapely.area(geoms), atol=0.01)


def test_land_use_agrees_with_zones_and_lines(sample_plan_path):
    p = sample_plan_path

    def share(prefix, zone_layer, **where):
        attrs, geoms = features(p, "ZXCQGHYDYH")
        parcels = shapely.union_all([g for a, g in zip(attrs, geoms) if a["YDYHFLDM"].startswith(prefix)])
        return parcels.intersection(union(p, zone_layer, **where)).area / parcels.area

    assert share("0701", "ZXCQGHFQ", GHFQMC="居住生活区") > 0.8
    assert share("1001", "ZXCQGHFQ", GHFQMC="工业发展区") > 0.7
    assert share("1101", "ZXCQGHFQ", GHFQMC="物流仓储区") > 0.6
    # River, lake and reservoir parcels are the blue lines (ponds, 1704, are not);
    # green lines are green land use; yellow lines are transport or utility land.
    attrs, geoms = features(p, "ZXCQGHYDYH")
    water = shapely.union_all([g for a, g in zip(attrs, geoms) if a["YDYHFLDM"] in ("1701", "1702", "1703")])
    blue = union(p, "ZXCQCSLX")
    assert water.symmetric_difference(blue).area < 1.0
    green_use = shapely.union_all([g for a, g in zip(attrs, geoms) if a["YDYHFLDM"].startswith("14")])
    green = union(p, "ZXCQCSLVX")
    assert green.difference(green_use).area < 1.0
    yellow_use = shapely.union_all([g for a, g in zip(attrs, geoms) if a["YDYHFLDM"][:2] in ("12", "13")])
    assert union(p, "ZXCQCSHX").difference(yellow_use).area < 1.0


def test_land_use_parcels_are_street_block_lots(sample_plan_path):
    """In the 集中建设区 the parcels are lots of street blocks: streets (1207) take about a tenth of
    the land, and the lots between them are a few hectares each, not the generator's Voronoi cells."""
    p = sample_plan_path
    attrs, geoms = features(p, "ZXCQGHYDYH")
    core = union(p, "CZKFBJ", GHFQMC="集中建设区").intersection(union(p, "ZXCQFW"))
    shapely.prepare(core)
    inside = shapely.contains(core, shapely.point_on_surface(geoms))
    roads = np.array([a["YDYHFLDM"] == "1207" for a in attrs])
    areas = shapely.area(geoms)
    assert 0.08 <= areas[inside & roads].sum() / areas[inside].sum() <= 0.2
    lots = areas[inside & ~roads]
    assert len(lots) >= 1500
    assert 2e4 <= np.median(lots) <= 8e4, "lots of a few hectares"


def test_planned_roads_cross_no_parcel(sample_plan_path):
    """Every planned road (ZXCQDL) runs on road reserves (1207) or over water (a bridge), never
    through a parcel of another use: the reserve was cut out of 黄线 facilities and rural land too."""
    attrs, geoms = features(sample_plan_path, "ZXCQGHYDYH")
    _, roads = features(sample_plan_path, "ZXCQDL")
    centrelines = shapely.union_all(roads)
    crossed = [
        (a["YDYHFLDM"], a["BSM"], shapely.intersection(centrelines, g.buffer(-0.5)).length)
        for a, g in zip(attrs, geoms)
        if a["YDYHFLDM"] != "1207" and not a["YDYHFLDM"].startswith("17") and g.intersects(centrelines)
    ]
    assert all(length < 0.01 for *_, length in crossed), [c for c in crossed if c[2] >= 0.01][:5]


def test_each_parcel_lies_in_its_own_zone(sample_plan_path):
    """Blocks crossing a 规划分区 boundary are cut at it: each parcel lies in the zone it names."""
    attrs, geoms = features(sample_plan_path, "ZXCQGHYDYH")
    zone_attrs, zones = features(sample_plan_path, "ZXCQGHFQ")
    tree = shapely.STRtree(zones)
    for a, g in zip(attrs, geoms):
        own = [i for i in tree.query(g, predicate="intersects")
               if (zone_attrs[i]["GHFQMC"], zone_attrs[i]["XZQDM"]) == (a["GHFQMC"], a["XZQDM"])]
        inside = float(shapely.area(shapely.intersection(zones[own], g)).sum()) if own else 0.0
        assert g.area - inside < 0.1, (a["BSM"], a["GHFQMC"], g.area - inside)


# --------------------------------------------------------------------------
# Central-city networks and services
# --------------------------------------------------------------------------


def test_renewal_units(sample_plan_path):
    attrs, geoms = features(sample_plan_path, "CSGXDY")
    got = {(a["DYMC"], a["GXLX"]) for a in attrs}
    expected = {(name, kind) for kind, names in ps.RENEWAL_UNITS.items() for name in names}
    assert got == expected and len(attrs) == 15
    assert float(shapely.area(geoms).sum()) == pytest.approx(shapely.union_all(geoms).area, rel=1e-9)


def test_river_crossings(sample_plan_path):
    attrs, geoms = features(sample_plan_path, "KJTD")
    assert len(attrs) == 7 and len({a["MC"] for a in attrs}) == 7
    xiang = union(sample_plan_path, "ZXCQCSLX", MC="湘江")
    for a, g in zip(attrs, geoms):
        assert 60 <= a["KZKD"] <= 120
        assert g.crosses(xiang) and g.difference(xiang).geom_type == "MultiLineString", a["MC"]


EXPRESSWAYS = ("二环快速路", "船山西路—船山东路", "衡州大道", "蔡伦大道")
TRUNK_I = ("船山大道", "解放大道", "华新大道", "绿岛大道", "白沙大道", "西二环路南延", "蒸湘路", "酃湖路",
           "北三环路", "东三环路", "南三环路")
TRUNK_II = ("衡岳大道", "松木路", "长丰大道", "松平路", "蒸阳路", "雁城路", "跃林路", "东风路", "新城路",
            "双江路")


def test_roads(sample_plan_path):
    attrs, geoms = features(sample_plan_path, "ZXCQDL")
    classes = {a["MC"]: a["DJ"] for a in attrs}
    for names, klass in ((EXPRESSWAYS, "快速路"), (TRUNK_I, "I级主干路"), (TRUNK_II, "II级主干路")):
        for name in names:
            assert classes.get(name) == klass, name
    assert {a["DJ"] for a in attrs} <= set(ps.ROAD_CLASSES)
    ring = shapely.union_all([g for a, g in zip(attrs, geoms) if a["MC"] == "二环快速路"])
    assert shapely.polygonize(shapely.get_parts(shapely.line_merge(ring))).area > 50e6, "二环 is a ring"


def test_public_services(sample_plan_path):
    attrs, geoms = features(sample_plan_path, "GGFWSS")
    assert {a["LX"] for a in attrs} == set(ps.SERVICE_TYPES)
    zx = union(sample_plan_path, "ZXCQFW")
    shapely.prepare(zx)
    inside = shapely.contains(zx, geoms)
    counts: dict[str, int] = {}
    for a, ok in zip(attrs, inside):
        if ok:
            counts[a["LX"]] = counts.get(a["LX"], 0) + 1
    assert counts["小学"] >= 180 and counts["初中"] >= 70


def test_service_distances_are_realistic(sample_plan_path):
    """Most homes are 300-1000 m from a clinic and a park; some fringe land is not."""
    attrs, geoms = features(sample_plan_path, "GGFWSS")
    parcel_attrs, parcels = features(sample_plan_path, "ZXCQGHYDYH")
    homes = np.array([g for a, g in zip(parcel_attrs, parcels) if a["YDYHFLDM"] == "0701"])
    homes = shapely.point_on_surface(homes)
    urban = shapely.point_on_surface(
        np.array([g for a, g in zip(parcel_attrs, parcels) if a["GHFQMC"] in ps.GHFQ_URBAN_SUBZONES.values()])
    )
    for kind in ("社区卫生服务中心", "公园"):
        pts = shapely.union_all([g for a, g in zip(attrs, geoms) if a["LX"] == kind])
        near = shapely.distance(homes, pts)
        assert np.mean(near <= 1000) > 0.8, kind
        assert np.mean(near <= 300) < 0.6, kind
        assert (shapely.distance(urban, pts) > 1000).any(), kind


def test_indicators(sample_plan_path):
    attrs, _ = features(sample_plan_path, "GHZB")
    table = {a["ZBMC"]: a for a in attrs}
    expected = {
        "耕地保有量": (525.81, "约束性"),
        "永久基本农田保护面积": (476.06, "约束性"),
        "生态保护红线面积": (1809.56, "约束性"),
        "城镇开发边界面积": (607.04, "约束性"),
        "耕地保有量（市辖区）": (10.25, "约束性"),
        "永久基本农田保护面积（市辖区）": (7.83, "约束性"),
        "生态保护红线面积（市辖区）": (4.59, "约束性"),
        "城镇开发边界面积（市辖区）": (244.32, "约束性"),
        "常住人口规模": (680.0, "预期性"),
        "常住人口城镇化率": (73.5, "预期性"),
        "人均公共绿地面积": (11.0, "预期性"),
        "天然林与公益林面积": (5006.0, "约束性"),
        "15分钟社区生活圈覆盖率": (90.0, "预期性"),
        "每千人医疗卫生机构床位数": (12.0, "预期性"),
        "人均体育设施用地面积": (0.6, "预期性"),
        "人均教育设施用地面积": (6.6, "预期性"),
        "每千名老人养老床位数": (55.0, "预期性"),
        "重要江河湖泊水功能区水质达标率": (97.0, "约束性"),
        "人均应急避难场所面积": (2.0, "预期性"),
        "一级绿线面积": (15.73, "约束性"),
        "二级绿线面积": (2.52, "约束性"),
        "一级蓝线面积": (19.42, "约束性"),
        "二级蓝线面积": (0.71, "约束性"),
        "城市紫线面积": (0.52, "约束性"),
        "一级黄线面积": (2.81, "约束性"),
        "二级黄线面积": (0.45, "约束性"),
    }
    for name, (value, kind) in expected.items():
        row = table[name]
        assert row["GHMBZ"] == pytest.approx(value) and row["ZBSX"] == kind, name
        assert row["DW"] and row["LY"], name
    assert {a["ZBSX"] for a in attrs} <= set(ps.INDICATOR_KINDS)
    assert table["永久基本农田保护面积"]["LY"].startswith("2.2")


# --------------------------------------------------------------------------
# Determinism
# --------------------------------------------------------------------------


def dump(path: Path) -> dict[str, list]:
    ds = ogr.Open(str(path))
    out = {}
    for i in range(ds.GetLayerCount()):
        layer = ds.GetLayer(i)
        rows = []
        for feat in layer:
            g = feat.GetGeometryRef()
            rows.append((feat.GetFID(), feat.items(), bytes(g.ExportToWkb()) if g is not None else None))
        out[layer.GetName()] = rows
    return out


def test_generation_is_deterministic(tmp_path):
    outputs = [tmp_path / "a.gpkg", tmp_path / "b.gpkg"]
    runs = [
        subprocess.Popen([sys.executable, str(GENERATOR), "--quiet", "--output", str(out)], cwd=REPO_ROOT,
                         stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        for out in outputs
    ]
    for run in runs:
        log, _ = run.communicate(timeout=300)
        assert run.returncode == 0, log.decode()
    first, second = (dump(p) for p in outputs)
    assert first.keys() == second.keys()
    for name in first:
        assert first[name] == second[name], name
