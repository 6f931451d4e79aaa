#!/usr/bin/env python3
"""Generate the synthetic sample plan GeoPackage (示意数据，非法定规划成果).

    python scripts/generate_sample_plan.py --output resources/data/hengyang_sample_plan.gpkg

The output imitates the Hengyang territorial spatial master plan 2021-2035 in
the layer structure of the 市级国土空间总体规划数据库规范: same layers, fields and
calibrated headline areas as the published plan, but every geometry is made up.
It is deterministic: the same seed gives the same features, attributes and
geometries on every run.

How it is built (all geometry in EPSG:4526, x = easting, y = northing):

1. An irregular city outline, scaled to exactly 15 299.18 km².
2. A Voronoi tessellation of jittered points (fine in the central city, coarse
   elsewhere) clipped to the outline. The cells ("pieces") are the atoms every
   polygon layer is made of, so the layers tile exactly where they must.
3. Rivers (湘江, 蒸水, 耒水) cut the pieces into land and water.
4. Pieces are assigned to the 12 county-level units, then to classes
   (城镇开发边界, 生态保护红线, 永久基本农田, ...) county by county. Each class
   target is met exactly by splitting the last piece with a half-plane.
5. The central city gets its sub-zones, the four city lines (areas calibrated
   by bisection on a size factor), renewal units, river crossings, roads and
   public services.
6. 用地用海 parcels: inside the 集中建设区 a planned street grid (次干路/支路,
   turned to the arterials' bearing, jittered, some segments left out) gives
   road reserves (1207); the blocks between the reserves and the overlays
   (lakes, 黄线 facilities, arterials, 绿线) are cut at the 规划分区 boundaries and
   across their long axis into 1-4 lots, each with a land use drawn for its
   zone. The arterials' reserves run through the whole central city, so no
   parcel lies across a planned road. Elsewhere the pieces stay parcels.
"""

from __future__ import annotations

import argparse
import hashlib
import math
import os
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
if str(REPO_ROOT) not in sys.path:
    sys.path.insert(0, str(REPO_ROOT))

import numpy as np  # noqa: E402
import shapely  # noqa: E402
import shapely.affinity  # noqa: E402
from osgeo import gdal, ogr, osr  # noqa: E402
from shapely.geometry import LineString, MultiPolygon, Point, Polygon, box  # noqa: E402

from hengyang_plan_plugin.core import plan_schema as ps  # noqa: E402
from hengyang_plan_plugin.core.land_use_codes import land_use_codes  # noqa: E402
from hengyang_plan_plugin.core.rules import survey_classes  # noqa: E402
from hengyang_plan_plugin.core.units import km2_to_m2, wan_mu_to_m2  # noqa: E402

gdal.UseExceptions()

# Vocabulary from plan_schema (the single source of names).
ECO_PROTECT, ECO_CONTROL, FARMLAND, URBAN, RURAL, MINING = (
    ps.GHFQ_LEVEL1[code] for code in ("01", "02", "03", "04", "05", "07")
)
CONCENTRATED, FLEXIBLE, SPECIAL = ps.CZKFBJ_PARTS  # 特别用途区 is also the 0403 sub-zone
RESIDENTIAL, SERVICE_ZONE, COMMERCIAL, INDUSTRIAL, LOGISTICS, GREEN_LEISURE, TRANSPORT_HUB = (
    ps.GHFQ_URBAN_SUBZONES[f"0401{i:02d}"] for i in range(1, 8)
)
FLEX_ZONE, OTHER_URBAN = ps.GHFQ_URBAN_SUBZONES["0402"], ps.GHFQ_URBAN_SUBZONES["0404"]
LEVEL_1, LEVEL_2 = ps.LINE_LEVELS
EXPRESSWAY, TRUNK_I, TRUNK_II = ps.ROAD_CLASSES

SEED = 20231230  # the plan's approval date

# City centre (112.6°E, 26.9°N) in EPSG:4526; hand-drawn shapes are given in
# km relative to it (x east, y north).
CENTER_E = 38_360_912.22
CENTER_N = 2_977_318.93

CITY_AREA_KM2 = 15_299.18

# Calibration targets (the plan's published figures).
CITY_TARGETS = {
    "YJJBNT": wan_mu_to_m2(476.06),
    "STBHHX": km2_to_m2(1809.56),
    "CZKFBJ": km2_to_m2(607.04),
}
DISTRICT_TARGETS = {
    "YJJBNT": wan_mu_to_m2(7.83),
    "STBHHX": km2_to_m2(4.59),
    "CZKFBJ": km2_to_m2(244.32),
}
GREEN_TARGETS_KM2 = {LEVEL_1: 15.73, LEVEL_2: 2.52}
BLUE_TARGETS_KM2 = {LEVEL_1: 19.42, LEVEL_2: 0.71}
PURPLE_TARGET_KM2 = 0.52
YELLOW_TARGETS_KM2 = {LEVEL_1: 2.81, LEVEL_2: 0.45}
# Three city lines are drawn a little off the plan's figures (GHZB keeps the figures), within the
# ±1 % the sample holds to: the 规划指标 panel then measures one line above its target and two short
# of it (15.82 ≥ 15.73 达标; 2.50 < 2.52 and 2.80 < 2.81 未达标), as real plan data would. The
# other lines and the 三区三线 are drawn to their figures exactly.
CITY_LINE_DRAWN = {("green", LEVEL_1): 1.006, ("green", LEVEL_2): 0.992, ("yellow", LEVEL_1): 0.996}

# 要素代码 (YSDM) per layer, NOT CONFIRMED: the 市级数据库规范's 表1 was not
# retrieved. Where a public county-level 国土空间总体规划 动态维护 tool writes a code
# (official-rules-check §1.2: GHFQ/ZXCQGHFQ 2090020610, ZXCQGHYDYH 2090020620,
# 绿线 2090020232, 蓝线 2090020233, 黄线 2090020234) the sample uses it; that tool
# writes the 紫线 with the 蓝线's code (a copy error), so 紫线 takes the next free
# number of its run; the layers the tool does not know take numbers of the same
# 20900 2xxxx pattern: the 三条控制线 in the tool's control-line run (22x-23x, where
# it puts 历史文化保护线 2090020227 and 洪涝风险控制线 2090020229), 中心城区范围 and
# 更新单元 beside the 规划分区 codes. XZQ keeps the 三调 code of 行政区. The tool
# writes these codes into its 动态维护 layers, so even the confirmed ones are a
# secondary reading. Readers never key on YSDM (only its presence is required).
YSDM = {
    "XZQ": "1000600100",
    "ZXCQFW": "2090020140",  # pattern only
    "STBHHX": "2090020221",  # pattern only
    "YJJBNT": "2090020222",  # pattern only
    "CZKFBJ": "2090020223",  # pattern only
    "GHFQ": "2090020610",
    "ZXCQGHFQ": "2090020610",
    "ZXCQGHYDYH": "2090020620",
    "ZXCQCSLVX": "2090020232",
    "ZXCQCSLX": "2090020233",
    "ZXCQCSZX": "2090020235",  # pattern only (the public tool repeats 2090020233)
    "ZXCQCSHX": "2090020234",
    "CSGXDY": "2090020640",  # pattern only
    "DLTB": "2001010100",  # 地类图斑 in the 三调 database (《第三次全国国土调查数据库标准》, not re-read [K])
}
# The area field as delivered: 用地用海 layers carry TBMJ and TBDLMJ (the public
# 质检/动态维护 tools), the others MJ (required by the contract for STBHHX/YJJBNT).
AREA_FIELDS = {"ZXCQGHYDYH": ("TBMJ", "TBDLMJ")}

# 自然资发〔2022〕142号: no limited activity inside a 自然保护地核心保护区.
CORE_ZONE_REMARK = "南岳衡山国家级自然保护区核心保护区（示意）"

COUNTY_NAME = dict(ps.COUNTIES)
NANYUE = "430412"

# Rough real areas (km²) used to size the power diagram of the outer units.
OUTER_UNIT_AREAS_KM2 = {
    "430421": 2558,
    "430422": 2619,
    "430423": 936,
    "430424": 1927,
    "430426": 1872,
    "430481": 2656,
    "430482": 2046,
    NANYUE: 181,
}
# Seeds of the outer units (lon, lat), roughly at each unit's middle.
OUTER_UNIT_SEEDS = {
    "430421": (112.30, 27.12),
    "430422": (112.62, 26.62),
    "430423": (112.82, 27.38),
    "430424": (113.07, 27.08),
    "430426": (111.90, 26.85),
    "430481": (112.95, 26.36),
    "430482": (112.38, 26.35),
    NANYUE: (112.70, 27.23),
}
# Urban centres per unit (lon, lat, relative reach) for the 城镇开发边界.
TOWN_CENTRES = {
    "430421": [(112.37, 26.97, 1.0), (112.28, 27.18, 0.45)],
    "430422": [(112.68, 26.72, 1.0), (112.55, 26.55, 0.4)],
    "430423": [(112.87, 27.23, 1.0)],
    "430424": [(112.95, 27.08, 1.0), (112.86, 27.03, 0.6)],
    "430426": [(112.11, 26.79, 1.0), (111.95, 26.92, 0.4)],
    "430481": [(112.86, 26.42, 1.0), (112.98, 26.25, 0.4)],
    "430482": [(112.40, 26.42, 1.0), (112.55, 26.58, 0.5)],
    NANYUE: [(112.72, 27.25, 1.0)],
}
# Per-unit class targets (km²); district values add up to DISTRICT_TARGETS,
# all units to CITY_TARGETS (checked in build_targets).
CZKFBJ_SHARE_KM2 = {
    "central": 230.32,
    NANYUE: 14.0,
    "430481": 75.0,
    "430482": 55.0,
    "430426": 50.0,
    "430421": 50.0,
    "430422": 55.0,
    "430424": 40.0,
    "430423": 37.72,
}
STBHHX_SHARE_KM2 = {
    NANYUE: 3.39,
    "430405": 1.2,
    "430423": 230.0,
    "430424": 260.0,
    "430421": 330.0,
    "430426": 300.0,
    "430482": 280.0,
    "430481": 250.0,
    "430422": 154.97,
}
YJJBNT_DISTRICT_KM2 = {"430405": 14.0, "430406": 6.0, "430407": 8.0, "430408": 9.0, NANYUE: 15.2}
YJJBNT_COUNTY_SHARE = {
    "430421": 0.20,
    "430422": 0.21,
    "430426": 0.15,
    "430481": 0.15,
    "430482": 0.13,
    "430424": 0.10,
    "430423": 0.06,
}
# Mountains (lon, lat, sigma km, height) behind the 生态保护红线 ranking.
MOUNTAINS = [
    (112.70, 27.30, 10, 1.0),  # 衡山
    (112.12, 27.25, 15, 1.0),  # 九峰山
    (111.82, 26.62, 15, 1.0),  # 四明山
    (112.30, 26.95, 8, 0.6),  # 岐山
    (112.58, 26.28, 12, 0.9),  # 天堂山
    (112.30, 26.22, 12, 0.9),  # 大义山
    (113.15, 26.30, 14, 1.0),  # 天光山
    (113.17, 27.22, 14, 1.0),  # 四方山
]
MINING_CENTRES = [(112.55, 26.60), (112.93, 26.50), (111.98, 26.72)]  # 水口山, 耒阳煤矿, 祁东

# Coarse outline of Hengyang (lon, lat), roughened and scaled later.
OUTLINE_LONLAT = [
    (111.55, 26.86), (111.66, 27.00), (111.85, 27.05), (112.03, 27.12), (112.18, 27.30),
    (112.42, 27.36), (112.60, 27.46), (112.80, 27.45), (112.96, 27.41), (113.10, 27.34),
    (113.21, 27.20), (113.27, 27.00), (113.16, 26.85), (113.10, 26.60), (113.16, 26.35),
    (113.04, 26.13), (112.86, 26.11), (112.62, 26.19), (112.42, 26.12), (112.21, 26.20),
    (112.10, 26.40), (111.90, 26.50), (111.70, 26.59), (111.56, 26.72),
]

# River centre lines in km from the city centre (flow direction), base widths in m.
RIVERS = {
    "湘江": {
        "width": 560.0,
        "km": [(-84, -33), (-65, -39), (-45, -42), (-25, -35), (-12, -24), (-6, -17), (-2.5, -11.5),
               (0.8, -8.2), (2.4, -6.4), (1.7, -3.2), (1.0, -0.2), (1.3, 2.5), (2.4, 6.0), (4.0, 10.0),
               (8, 15), (15, 22), (22, 32), (27, 42), (30, 55), (33, 72)],
    },
    "蒸水": {
        "width": 210.0,
        "km": [(-80, 21), (-60, 18), (-40, 15), (-25, 8.5), (-15, 6.5), (-8, 4.2), (-3, 3.6), (1.3, 2.5)],
    },
    "耒水": {
        "width": 260.0,
        "km": [(42, -100), (35, -70), (30, -50), (22, -35), (14, -22), (8, -12.5), (4.6, -8.5), (2.4, -6.4)],
    },
}

ZXCQ_AREA_KM2 = 500.0
DISTRICT_REGION_AREA_KM2 = 610.0

ROAD_HALF_WIDTH = {EXPRESSWAY: 30.0, TRUNK_I: 25.0, TRUNK_II: 20.0}
ROADS = [  # (name, class, km polyline)
    ("二环快速路", EXPRESSWAY, "ring"),
    ("船山西路—船山东路", EXPRESSWAY, [(-13, 4.6), (-7, 4.0), (-2, 4.6), (3, 4.8), (8, 4.4), (12.5, 5.0)]),
    ("衡州大道", EXPRESSWAY, [(-12.5, -2.4), (-7, -2.8), (-2, -3.0), (4, -3.6), (9.5, -3.9)]),
    ("蔡伦大道", EXPRESSWAY, [(-7.2, -12.5), (-7.0, -6), (-6.8, 0), (-6.6, 5), (-6.4, 10.5)]),
    ("船山大道", TRUNK_I, [(-1.6, -9.0), (-1.4, -4), (-1.2, 0), (-1.0, 4), (-0.6, 9.0)]),
    ("解放大道", TRUNK_I, [(-6.5, 0.3), (-3, 0.4), (0, 0.6), (4, 0.5), (7.5, 0.7)]),
    ("华新大道", TRUNK_I, [(-3.6, -6.0), (-3.5, -2), (-3.4, 1), (-3.2, 3.4)]),
    ("绿岛大道", TRUNK_I, [(-1.2, -10.5), (-2.6, -8.5), (-4.6, -6.2)]),
    ("白沙大道", TRUNK_I, [(-4.0, -12.8), (-3.6, -9.5), (-3.2, -6.6)]),
    ("西二环路南延", TRUNK_I, [(-5.9, -4.5), (-6.0, -8.5), (-6.3, -12.5)]),
    ("蒸湘路", TRUNK_I, [(-4.6, 3.4), (-4.9, 0), (-5.1, -4.2)]),
    ("酃湖路", TRUNK_I, [(4.6, -6.4), (4.9, -2.5), (5.0, 1.0), (5.2, 3.6)]),
    ("北三环路", TRUNK_I, [(-8.5, 9.0), (-3, 9.6), (2, 10.2), (8.5, 10.0)]),
    ("东三环路", TRUNK_I, [(9.0, -8.5), (9.3, -3), (9.5, 3), (9.6, 9.5)]),
    ("南三环路", TRUNK_I, [(-8.5, -9.8), (-3, -10.4), (3, -9.8), (8.8, -9.0)]),
    ("衡岳大道", TRUNK_II, [(2.6, 5.2), (3.2, 8.5), (4.2, 12.0)]),
    ("松木路", TRUNK_II, [(1.4, 7.2), (4, 8.0), (6.5, 9.0)]),
    ("长丰大道", TRUNK_II, [(-7.5, 6.2), (-4.5, 6.6), (-1.8, 7.0)]),
    ("松平路", TRUNK_II, [(3.6, 6.0), (3.9, 8.5), (4.0, 11.0)]),
    ("蒸阳路", TRUNK_II, [(-2.6, 3.8), (-2.4, 6.5), (-2.1, 9.0)]),
    ("雁城路", TRUNK_II, [(-0.4, -1.2), (-0.6, -3.5), (-0.8, -6.0)]),
    ("跃林路", TRUNK_II, [(2.3, 2.8), (4.5, 2.6), (7.2, 2.9)]),
    ("东风路", TRUNK_II, [(2.2, -2.0), (4.5, -1.6), (7.6, -1.4)]),
    ("新城路", TRUNK_II, [(-1.8, -3.4), (-4.5, -3.8), (-7.4, -3.6)]),
    ("双江路", TRUNK_II, [(6.2, -1.0), (6.4, 2.0), (6.6, 5.2)]),
]

# 规划跨江通道: (name, kind, y km where it crosses the 湘江, control width m)
RIVER_CROSSINGS = [
    ("南三环湘江大桥", "桥梁", -10.6, 80),
    ("白沙洲湘江大桥", "桥梁", -8.9, 100),
    ("雁城路湘江隧道", "隧道", -4.6, 60),
    ("湘江中路过江隧道", "隧道", -1.6, 60),
    ("合江套湘江大桥", "桥梁", 4.0, 120),
    ("松木湘江大桥", "桥梁", 7.6, 100),
    ("北三环湘江大桥", "桥梁", 9.6, 80),
]

# Central-city functional anchors (x km, y km, radius km) for the 集中建设区 sub-zones.
SUBZONE_ANCHORS = [
    (TRANSPORT_HUB, 6.5, 1.6, 0.9),
    (TRANSPORT_HUB, 2.6, -1.0, 0.55),
    (SERVICE_ZONE, -0.5, -0.4, 1.4),
    (SERVICE_ZONE, -3.8, 2.0, 1.0),
    (COMMERCIAL, -2.6, 0.6, 1.2),
    (COMMERCIAL, 3.7, 0.4, 1.1),
    (INDUSTRIAL, 2.6, 8.4, 2.6),
    (INDUSTRIAL, -4.2, -7.6, 2.6),
    (INDUSTRIAL, -5.6, -1.2, 1.8),
    (LOGISTICS, 5.0, -5.6, 1.5),
    (LOGISTICS, 6.6, 6.4, 1.2),
    (GREEN_LEISURE, 5.0, -2.3, 0.8),
    (GREEN_LEISURE, -7.5, 3.2, 0.7),
]

RENEWAL_CENTRES_KM = {
    "五一合江更新单元": (0.2, 2.0, 0.8),
    "老城居住更新单元": (-0.9, -1.0, 0.9),
    "老城文化更新单元": (-0.3, 0.7, 0.7),
    "雁峰联合更新单元": (-0.8, -3.6, 0.9),
    "苏州湾更新单元": (-1.6, 5.2, 0.8),
    "江东中心南更新单元": (3.1, -1.6, 0.9),
    "龙山公园更新单元": (-3.0, -5.0, 0.8),
    "松木工业区更新单元": (2.8, 8.6, 1.3),
    "高新区更新单元": (-4.8, -1.4, 1.2),
    "白沙工业园更新单元": (-4.0, -7.8, 1.3),
    "白沙洲更新单元": (-1.0, -8.0, 1.0),
    "松梅更新单元": (4.6, 7.2, 1.0),
    "江东中心北更新单元": (3.6, 1.8, 0.9),
    "衡州大道南更新单元": (-6.2, -4.2, 1.1),
    "科学城更新单元": (-8.2, 0.2, 1.3),
}
RENEWAL_METHOD = {"整治型": "综合整治", "调整型": "功能优化", "重构型": "拆除重建"}

# Land use (2023 codes) drawn for the remainder of each central-city piece, by zone.
# Mostly second level, as a 总体规划 draws it, with some 三级 codes of the 2023 指南
# where the sample shows them (060102 田间道, 060201 种植设施, 070301 一类农村宅基地,
# 100102 二类工业, 120801 对外交通场站): a delivered database mixes both levels.
# (Replacing a code here keeps the random draws, so every geometry stays put.)
ZONE_LAND_USE = {
    RESIDENTIAL: (("0701", 78), ("0702", 8), ("0901", 8), ("1403", 2), ("0804", 4)),
    SERVICE_ZONE: (("0801", 22), ("0803", 14), ("0806", 12), ("0901", 26), ("0805", 10), ("0701", 16)),
    COMMERCIAL: (("0901", 45), ("0902", 40), ("0903", 5), ("0701", 10)),
    INDUSTRIAL: (("100102", 90), ("1402", 6), ("1312", 4)),
    LOGISTICS: (("1101", 85), ("1001", 10), ("1208", 5)),
    GREEN_LEISURE: (("1401", 60), ("1403", 15), ("0805", 15), ("1402", 10)),
    TRANSPORT_HUB: (("120801", 70), ("1201", 20), ("0902", 10)),
    FLEX_ZONE: (("16", 50), ("0103", 30), ("0301", 20)),
    SPECIAL: (("1402", 50), ("0301", 50)),
    OTHER_URBAN: (("1001", 40), ("0901", 30), ("1302", 30)),
    ECO_PROTECT: (("0301", 80), ("0302", 20)),
    ECO_CONTROL: (("0301", 50), ("0201", 15), ("0403", 15), ("0304", 20)),
    FARMLAND: (("0101", 85), ("0103", 10), ("060102", 5)),
    RURAL: (("070301", 30), ("0101", 25), ("0201", 15), ("0301", 20), ("060201", 5), ("1704", 5)),
    MINING: (("1002", 100),),
}
SERVICE_LAND_USE = {"初中": "0804", "医院": "0806", "养老": "0807", "体育": "0805", "文化": "0803"}

# Public service counts in the central city (plan: ≥180 小学, ≥70 初中).
CENTRAL_SERVICE_COUNTS = {
    "小学": 186,
    "初中": 72,
    "医院": 16,
    "社区卫生服务中心": 80,
    "公园": 90,
    "养老": 40,
    "体育": 18,
    "文化": 18,
}
SERVICE_NAME_SUFFIX = {
    "小学": "小学",
    "初中": "中学",
    "医院": "医院",
    "社区卫生服务中心": "社区卫生服务中心",
    "公园": "社区公园",
    "养老": "养老服务中心",
    "体育": "全民健身中心",
    "文化": "文化活动中心",
}


# --------------------------------------------------------------------------
# Small geometry helpers
# --------------------------------------------------------------------------

_TO_PLAN = None


def lonlat_to_plan(lon: float, lat: float) -> tuple[float, float]:
    """CGCS2000 lon/lat to EPSG:4526 easting/northing."""
    global _TO_PLAN
    if _TO_PLAN is None:
        src = osr.SpatialReference()
        src.ImportFromEPSG(4490)
        src.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
        _TO_PLAN = osr.CoordinateTransformation(src, plan_srs())
    x, y, _ = _TO_PLAN.TransformPoint(lon, lat)
    return x, y


def plan_srs() -> osr.SpatialReference:
    srs = osr.SpatialReference()
    srs.ImportFromEPSG(ps.PLAN_EPSG)
    srs.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
    return srs


def km(x: float, y: float) -> tuple[float, float]:
    """A point given in km from the city centre."""
    return CENTER_E + x * 1000.0, CENTER_N + y * 1000.0


def polygon_parts(geom) -> list[Polygon]:
    """The non-empty polygon parts of any geometry (drops stray lines/points)."""
    if geom is None:
        return []
    kind = geom.geom_type
    if kind == "Polygon":
        return [geom] if geom.area > 0 else []
    if kind in ("MultiPolygon", "GeometryCollection"):
        return [part for g in geom.geoms for part in polygon_parts(g)]
    return []


def as_multipolygon(geom) -> MultiPolygon:
    return MultiPolygon(polygon_parts(geom))


def chaikin(coords: np.ndarray, rounds: int = 3) -> np.ndarray:
    """Corner-cutting smoothing that keeps the end points (open lines)."""
    pts = np.asarray(coords, dtype=float)
    for _ in range(rounds):
        q = 0.75 * pts[:-1] + 0.25 * pts[1:]
        r = 0.25 * pts[:-1] + 0.75 * pts[1:]
        mid = np.empty((2 * len(q), 2))
        mid[0::2], mid[1::2] = q, r
        pts = np.vstack([pts[:1], mid, pts[-1:]])
    return pts


def roughen(coords: np.ndarray, rng: np.random.Generator, depth: int, amplitude: float,
            closed: bool) -> np.ndarray:
    """Midpoint displacement: each round inserts midpoints pushed sideways."""
    pts = np.asarray(coords, dtype=float)
    for _round in range(depth):
        ring = np.vstack([pts, pts[:1]]) if closed else pts
        a, b = ring[:-1], ring[1:]
        seg = b - a
        length = np.hypot(seg[:, 0], seg[:, 1])
        normal = np.column_stack([-seg[:, 1], seg[:, 0]]) / np.maximum(length, 1e-9)[:, None]
        offset = rng.normal(0.0, amplitude, len(a)) * length
        mids = (a + b) / 2 + normal * offset[:, None]
        out = np.empty((len(a) * 2 + (0 if closed else 1), 2))
        out[0 : 2 * len(a) : 2] = a
        out[1 : 2 * len(a) : 2] = mids
        if not closed:
            out[-1] = ring[-1]
        pts = out
        amplitude *= 0.75
    return pts


def km_line(points_km, rng=None, roughness=0.0) -> LineString:
    pts = np.array([km(x, y) for x, y in points_km])
    if rng is not None and roughness > 0:
        pts = roughen(pts, rng, 2, roughness, closed=False)
    return LineString(chaikin(pts, 3))


def noisy_ellipse(cx: float, cy: float, rx: float, ry: float, rng: np.random.Generator, angle: float = 0.0,
                  wobble: float = 0.12, n: int = 48) -> Polygon:
    """An irregular blob: an ellipse whose radius wobbles with a few harmonics."""
    t = np.linspace(0, 2 * np.pi, n, endpoint=False)
    r = np.ones_like(t)
    for k in (2, 3, 4):
        r += wobble / k * np.cos(k * t + rng.uniform(0, 2 * np.pi))
    x, y = rx * r * np.cos(t), ry * r * np.sin(t)
    ca, sa = math.cos(angle), math.sin(angle)
    return Polygon(np.column_stack([cx + ca * x - sa * y, cy + sa * x + ca * y]))


def half_plane(geom, direction: tuple[float, float], offset: float) -> Polygon:
    """The part of a box around geom where (p · direction) <= offset."""
    ux, uy = direction
    minx, miny, maxx, maxy = geom.bounds
    span = (maxx - minx) + (maxy - miny) + 10.0
    cx, cy = (minx + maxx) / 2, (miny + maxy) / 2
    # Point on the cut line, then a big rectangle on its "<=" side.
    base = offset - (cx * ux + cy * uy)
    px, py = cx + base * ux, cy + base * uy
    vx, vy = -uy, ux  # along the cut
    return Polygon([
        (px + vx * span, py + vy * span),
        (px - vx * span, py - vy * span),
        (px - vx * span - ux * 2 * span, py - vy * span - uy * 2 * span),
        (px + vx * span - ux * 2 * span, py + vy * span - uy * 2 * span),
    ])


def split_to_area(geom, area: float, direction: tuple[float, float]):
    """Split geom by a straight cut so the kept part has exactly `area` m².

    The kept part lies on the low side of `direction`; bisection on the cut
    position gets the area to well under a square millimetre.
    """
    proj = shapely.get_coordinates(geom) @ np.asarray(direction)
    lo, hi = float(proj.min()), float(proj.max())
    for _ in range(100):
        mid = (lo + hi) / 2
        cut = half_plane(geom, direction, mid)
        keep = geom.intersection(cut)
        error = keep.area - area
        if abs(error) < 1e-4:
            break
        if error < 0:
            lo = mid
        else:
            hi = mid
    return keep, geom.difference(cut)


def calibrate(build, target: float, lo: float, hi: float, rel_tol: float = 1e-7):
    """Find s in [lo, hi] with area(build(s)) == target (area increasing in s).

    Illinois false position: a handful of builds instead of ~40 bisections.
    Returns (s, built result).
    """
    def area_of(s):
        result = build(s)
        return result, result_area(result) - target

    r_lo, f_lo = area_of(lo)
    r_hi, f_hi = area_of(hi)
    if f_lo > 0 or f_hi < 0:
        raise RuntimeError(f"calibration target {target} not bracketed: {f_lo + target} .. {f_hi + target}")
    side = 0
    best = (hi, r_hi, f_hi)
    for _ in range(60):
        s = (lo * f_hi - hi * f_lo) / (f_hi - f_lo) if f_hi != f_lo else (lo + hi) / 2
        r, f = area_of(s)
        best = (s, r, f)
        if abs(f) <= rel_tol * target:
            break
        if f < 0:
            lo, f_lo = s, f
            if side == -1:
                f_hi /= 2
            side = -1
        else:
            hi, f_hi = s, f
            if side == 1:
                f_lo /= 2
            side = 1
    return best[0], best[1]


def result_area(result) -> float:
    if isinstance(result, list):
        return sum(item["geom"].area for item in result)
    return result.area


# --------------------------------------------------------------------------
# Pieces: the atoms of every polygon layer
# --------------------------------------------------------------------------


@dataclass(slots=True)
class Piece:
    geom: Polygon
    zx: bool = False  # inside 中心城区范围
    dreg: bool = False  # inside the four urban districts
    water: str | None = None  # river name for water pieces
    county: str = ""
    cls: str = ""  # 市域一级规划分区 name
    czk: str | None = None  # 城镇开发边界 part (集中建设区/弹性发展区/特别用途区)
    subzone: str | None = None  # 中心城区规划分区 name
    patch: object = None  # 永久基本农田 patch geometry
    service_code: str | None = None  # land use forced by a hosted public service
    elev: float = 0.0
    noise: float = 0.0
    x: float = 0.0
    y: float = 0.0
    area: float = 0.0

    def refresh(self) -> None:
        self.area = self.geom.area
        p = self.geom.point_on_surface()
        self.x, self.y = p.x, p.y

    def copy_with(self, geom) -> Piece:
        piece = Piece(geom, self.zx, self.dreg, self.water, self.county, self.cls, self.czk, self.subzone,
                      elev=self.elev, noise=self.noise)
        piece.refresh()
        return piece


class NoiseField:
    """A smooth pseudo-random scalar field (sum of plane waves), seeded."""

    def __init__(self, rng: np.random.Generator, waves: int, min_km: float, max_km: float):
        self.k = 2 * np.pi / (rng.uniform(min_km, max_km, waves) * 1000.0)
        self.angle = rng.uniform(0, np.pi, waves)
        self.phase = rng.uniform(0, 2 * np.pi, waves)

    def __call__(self, x: np.ndarray, y: np.ndarray) -> np.ndarray:
        dx, dy = x - CENTER_E, y - CENTER_N
        proj = np.outer(dx, np.cos(self.angle)) + np.outer(dy, np.sin(self.angle))
        return np.sin(proj * self.k + self.phase).mean(axis=1)


# --------------------------------------------------------------------------
# City outline, cells, rivers
# --------------------------------------------------------------------------


def make_outline(rng: np.random.Generator) -> Polygon:
    base = np.array([lonlat_to_plan(lon, lat) for lon, lat in OUTLINE_LONLAT])
    rough = roughen(base, rng, 6, 0.09, closed=True)
    poly = shapely.make_valid(Polygon(rough))
    poly = max(polygon_parts(poly), key=lambda g: g.area)
    poly = Polygon(poly.exterior)  # no holes: a city outline
    factor = math.sqrt(km2_to_m2(CITY_AREA_KM2) / poly.area)
    c = poly.centroid
    return shapely.affinity.scale(poly, factor, factor, origin=(c.x, c.y))


def make_cells(outline: Polygon, rng: np.random.Generator) -> list[Piece]:
    """Voronoi cells of jittered points: ~330 m near the centre, ~900 m elsewhere."""
    minx, miny, maxx, maxy = outline.bounds
    fine_radius = 17_000.0

    def grid(x0, y0, x1, y1, step):
        xs, ys = np.meshgrid(np.arange(x0, x1, step), np.arange(y0, y1, step))
        pts = np.column_stack([xs.ravel(), ys.ravel()])
        return pts + rng.uniform(-0.42, 0.42, pts.shape) * step

    coarse = grid(minx - 900, miny - 900, maxx + 900, maxy + 900, 900.0)
    coarse = coarse[np.hypot(coarse[:, 0] - CENTER_E, coarse[:, 1] - CENTER_N) > fine_radius + 300]
    r = fine_radius
    fine = grid(CENTER_E - r, CENTER_N - r, CENTER_E + r, CENTER_N + r, 330.0)
    fine = fine[np.hypot(fine[:, 0] - CENTER_E, fine[:, 1] - CENTER_N) <= fine_radius]
    pts = np.vstack([fine, coarse])
    near = outline.buffer(2000.0)
    shapely.prepare(near)
    pts = pts[shapely.contains_xy(near, pts[:, 0], pts[:, 1])]

    envelope = box(minx - 20_000, miny - 20_000, maxx + 20_000, maxy + 20_000)
    voronoi = shapely.voronoi_polygons(shapely.multipoints(pts), extend_to=envelope)
    cells = np.array(shapely.get_parts(voronoi))
    # voronoi_polygons does not keep input order: pair cells with their points.
    tree = shapely.STRtree(cells)
    point_idx, cell_idx = tree.query(shapely.points(pts), predicate="within")
    order = np.empty(len(pts), dtype=int)
    order[point_idx] = cell_idx
    cells = cells[order]

    shapely.prepare(outline)
    inside = shapely.contains_properly(outline, cells)
    clipped = cells.copy()
    clipped[~inside] = shapely.intersection(cells[~inside], outline)
    pieces = []
    for geom in clipped:
        for part in polygon_parts(geom):
            piece = Piece(part)
            piece.refresh()
            pieces.append(piece)
    return pieces


def river_lines(rng: np.random.Generator) -> dict[str, LineString]:
    return {name: km_line(spec["km"], rng, 0.04) for name, spec in RIVERS.items()}


def river_polygons(lines: dict[str, LineString], factor: float, outline: Polygon) -> dict[str, Polygon]:
    """River bodies, each minus the ones before it (湘江 first), clipped to the city."""
    bodies, taken = {}, None
    for name, line in lines.items():
        body = line.buffer(RIVERS[name]["width"] * factor / 2, quad_segs=4).intersection(outline)
        if taken is not None:
            body = body.difference(taken)
        bodies[name] = body
        taken = body if taken is None else taken.union(body)
    return bodies


def side_of(line: LineString, xs: np.ndarray, ys: np.ndarray) -> np.ndarray:
    """+1 left of the line (looking downstream), -1 right."""
    pts = shapely.points(xs, ys)
    s = shapely.line_locate_point(line, pts)
    a = shapely.get_coordinates(shapely.line_interpolate_point(line, np.maximum(s - 5, 0)))
    b = shapely.get_coordinates(shapely.line_interpolate_point(line, np.minimum(s + 5, line.length)))
    tx, ty = b[:, 0] - a[:, 0], b[:, 1] - a[:, 1]
    return np.sign(tx * (ys - a[:, 1]) - ty * (xs - a[:, 0]))


# --------------------------------------------------------------------------
# Regions and counties
# --------------------------------------------------------------------------


def region_radius(pieces: list[Piece], rng: np.random.Generator) -> np.ndarray:
    """A normalised, wobbly radius from a point west of the centre (elongated N-S)."""
    cx, cy = km(-1.5, -0.5)
    xs = np.array([p.x for p in pieces]) - cx
    ys = np.array([p.y for p in pieces]) - cy
    theta = np.arctan2(ys, xs)
    wobble = np.ones_like(theta)
    for k, amp in ((2, 0.08), (3, 0.07), (5, 0.05)):
        wobble += amp * np.cos(k * theta + rng.uniform(0, 2 * np.pi))
    return np.hypot(xs, ys / 1.2) / wobble


def mark_regions(pieces: list[Piece], rng: np.random.Generator) -> None:
    """中心城区 and the four urban districts: the pieces inside two nested wobbly radii."""
    radius = region_radius(pieces, rng)
    order = np.argsort(radius, kind="stable")
    areas = np.array([p.area for p in pieces])[order]
    cum = np.cumsum(areas)
    n_zx = int(np.searchsorted(cum, km2_to_m2(ZXCQ_AREA_KM2)))
    n_dr = int(np.searchsorted(cum, km2_to_m2(DISTRICT_REGION_AREA_KM2)))
    for i in order[: n_dr + 1]:
        pieces[i].dreg = True
    for i in order[: n_zx + 1]:
        pieces[i].zx = True


def cut_rivers(pieces: list[Piece], bodies: dict[str, Polygon]) -> list[Piece]:
    water = shapely.union_all(list(bodies.values()))
    shapely.prepare(water)
    geoms = np.array([p.geom for p in pieces])
    hits = shapely.intersects(water, geoms)
    out = []
    for piece, hit in zip(pieces, hits):
        if not hit:
            out.append(piece)
            continue
        for part in polygon_parts(piece.geom.difference(water)):
            out.append(piece.copy_with(part))
        for name, body in bodies.items():
            for part in polygon_parts(piece.geom.intersection(body)):
                wet = piece.copy_with(part)
                wet.water = name
                out.append(wet)
    return out


def assign_counties(pieces: list[Piece], lines: dict[str, LineString], wiggle) -> None:
    xs = np.array([p.x for p in pieces])
    ys = np.array([p.y for p in pieces])
    dreg = np.array([p.dreg for p in pieces])

    # Urban districts: 湘江 east bank → 珠晖; west bank north of 蒸水 → 石鼓;
    # the rest split west (蒸湘) / south-east (雁峰).
    east = side_of(lines["湘江"], xs, ys) < 0
    north_of_zheng = side_of(lines["蒸水"], xs, ys) > 0
    dx, dy = (xs - CENTER_E) / 1000.0, (ys - CENTER_N) / 1000.0
    zhengxiang = (dx - 0.3 * dy) < -4.5
    for i in np.nonzero(dreg)[0]:
        if east[i]:
            code = "430405"
        elif north_of_zheng[i] and dy[i] > -1.0:
            code = "430407"
        elif zhengxiang[i]:
            code = "430408"
        else:
            code = "430406"
        pieces[i].county = code

    # Outer units: a power diagram whose weights are tuned towards real sizes.
    outer = np.nonzero(~dreg)[0]
    codes = list(OUTER_UNIT_SEEDS)
    seeds = np.array([lonlat_to_plan(*OUTER_UNIT_SEEDS[c]) for c in codes])
    areas = np.array([pieces[i].area for i in outer])
    targets = np.array([OUTER_UNIT_AREAS_KM2[c] for c in codes], dtype=float)
    targets *= areas.sum() / targets.sum()
    d2 = (xs[outer, None] - seeds[None, :, 0]) ** 2 + (ys[outer, None] - seeds[None, :, 1]) ** 2
    # A smooth noise term bends the straight power-diagram borders.
    d2 = d2 + 4e8 * wiggle(xs[outer], ys[outer])[:, None] * np.linspace(-1, 1, len(codes))[None, :]
    weights = np.zeros(len(codes))
    for _ in range(200):
        label = np.argmin(d2 - weights[None, :], axis=1)
        got = np.bincount(label, weights=areas, minlength=len(codes))
        weights += 0.6 * (targets - got) / math.pi
    label = np.argmin(d2 - weights[None, :], axis=1)
    for i, lab in zip(outer, label):
        pieces[i].county = codes[lab]


# --------------------------------------------------------------------------
# Class assignment (三条控制线 and 一级规划分区)
# --------------------------------------------------------------------------


def fill_class(pieces: list[Piece], candidates: list[int], score: np.ndarray, target: float,
               apply, measure=None, toward: tuple[float, float] | None = None) -> None:
    """Give the best-scored (lowest) candidates a class until exactly `target` m².

    `apply(piece)` marks a piece. The last one is split with a straight cut
    whose kept side faces `toward`; the rest goes back to the pool as a new
    piece. With `measure` (farmland), what counts is a patch inside the piece,
    and only that patch is trimmed.
    """
    total = 0.0
    for idx in np.argsort(score, kind="stable"):
        i = candidates[idx]
        piece = pieces[i]
        size = measure(piece) if measure else piece.area
        if size <= 0:
            continue
        if total + size < target:
            apply(piece)
            total += size
            continue
        need = target - total
        if need > 1e-6:
            direction = cut_direction(piece, toward)
            if measure:
                keep, _ = split_to_area(piece.patch, need, direction)
                apply(piece, patch=keep)
            else:
                split_piece(pieces, i, need, direction, apply)
        return
    raise RuntimeError(f"not enough candidates to reach {target / 1e6:.2f} km²")


def cut_direction(piece: Piece, toward: tuple[float, float] | None) -> tuple[float, float]:
    """Unit vector pointing away from `toward`: the low side of a cut faces it."""
    tx, ty = toward if toward else (piece.x - 1.0, piece.y)
    d = np.array([piece.x - tx, piece.y - ty])
    d = d / (np.hypot(*d) or 1.0)
    return float(d[0]), float(d[1])


def split_piece(pieces: list[Piece], i: int, need: float, direction, apply) -> None:
    piece = pieces[i]
    keep, rest = split_to_area(piece.geom, need, direction)
    piece.geom = keep
    piece.refresh()
    apply(piece)
    for part in polygon_parts(rest):
        leftover = piece.copy_with(part)
        leftover.cls, leftover.czk, leftover.subzone = "", None, None
        pieces.append(leftover)


def farmland_patch(piece: Piece, rng: np.random.Generator):
    """A field block: the piece shrunk by a lane, sometimes split by a field road."""
    inset = rng.uniform(15.0, 45.0)
    patch = piece.geom.buffer(-inset, join_style="mitre")
    if patch.is_empty:
        return None
    if piece.area > 250_000 and rng.random() < 0.4:
        angle = rng.uniform(0, np.pi)
        dx, dy = math.cos(angle) * 3000, math.sin(angle) * 3000
        track = LineString([(piece.x - dx, piece.y - dy), (piece.x + dx, piece.y + dy)])
        road = track.buffer(8.0, cap_style="flat")
        patch = patch.difference(road)
    parts = polygon_parts(patch)
    return MultiPolygon(parts) if parts else None


def build_targets() -> dict[str, dict[str, float]]:
    """Per-unit class targets (m²); they add up to the plan's figures."""
    czk = {k: km2_to_m2(v) for k, v in CZKFBJ_SHARE_KM2.items()}
    eco = {k: km2_to_m2(v) for k, v in STBHHX_SHARE_KM2.items()}
    farm = {k: km2_to_m2(v) for k, v in YJJBNT_DISTRICT_KM2.items()}
    rest = CITY_TARGETS["YJJBNT"] - DISTRICT_TARGETS["YJJBNT"]
    for code, share in YJJBNT_COUNTY_SHARE.items():
        farm[code] = rest * share
    checks = (
        (czk, "CZKFBJ", ("central", NANYUE)),
        (eco, "STBHHX", ps.DISTRICT_CODES),
        (farm, "YJJBNT", ps.DISTRICT_CODES),
    )
    for table, layer, district_keys in checks:
        district = sum(v for k, v in table.items() if k in district_keys)
        assert abs(district - DISTRICT_TARGETS[layer]) < 1.0, layer
        assert abs(sum(table.values()) - CITY_TARGETS[layer]) < 1.0, layer
    return {"CZKFBJ": czk, "STBHHX": eco, "YJJBNT": farm}


def assign_classes(pieces: list[Piece], rng: np.random.Generator) -> None:
    targets = build_targets()
    elevation_noise = NoiseField(rng, 14, 6, 40)
    fine_noise = NoiseField(rng, 10, 2, 8)
    xs = np.array([p.x for p in pieces])
    ys = np.array([p.y for p in pieces])
    elev = -0.6 * np.exp(-((xs - CENTER_E) ** 2 + (ys - CENTER_N) ** 2) / (2 * 35_000.0**2))
    for lon, lat, sigma, height in MOUNTAINS:
        mx, my = lonlat_to_plan(lon, lat)
        elev += height * np.exp(-((xs - mx) ** 2 + (ys - my) ** 2) / (2 * (sigma * 1000.0) ** 2))
    elev += 0.35 * elevation_noise(xs, ys)
    noise = fine_noise(xs, ys)
    for p, e, n in zip(pieces, elev, noise):
        p.elev, p.noise = float(e), float(n)

    assign_urban(pieces, targets["CZKFBJ"])
    assign_eco(pieces, targets["STBHHX"], rng)
    assign_farmland(pieces, targets["YJJBNT"], rng)
    assign_rest(pieces)


def pool(pieces: list[Piece], pred) -> list[int]:
    return [i for i, p in enumerate(pieces) if pred(p)]


def urban_score(pieces, idx, centres) -> np.ndarray:
    xs = np.array([pieces[i].x for i in idx])
    ys = np.array([pieces[i].y for i in idx])
    noise = np.array([pieces[i].noise for i in idx])
    best = np.full(len(idx), np.inf)
    for cx, cy, reach in centres:
        best = np.minimum(best, np.hypot(xs - cx, ys - cy) / reach)
    return best * (1.0 + 0.25 * noise)


def set_urban(piece: Piece, **_) -> None:
    piece.cls = URBAN
    piece.czk = CONCENTRATED


def assign_urban(pieces: list[Piece], targets: dict[str, float]) -> None:
    """城镇开发边界: the pieces closest to each urban centre, per unit."""
    central = [km(0, 0) + (1.0,), km(-4.2, -7.4) + (0.55,), km(2.4, 8.2) + (0.55,), km(-5.2, -1.0) + (0.7,),
               km(5.0, -2.0) + (0.7,), km(6.6, 1.6) + (0.5,), km(-2.5, 4.5) + (0.6,)]
    groups = [("central", lambda p: p.zx and not p.water, central)]
    for code, towns in TOWN_CENTRES.items():
        centres = [lonlat_to_plan(lon, lat) + (reach,) for lon, lat, reach in towns]
        groups.append((code, lambda p, c=code: p.county == c and not p.water and not p.zx, centres))
    for key, pred, centres in groups:
        idx = pool(pieces, lambda p: pred(p) and not p.cls)  # noqa: B023 (pool() calls it at once)
        score = urban_score(pieces, idx, centres)
        start = len(pieces)
        fill_class(pieces, idx, score, targets[key], set_urban, toward=centres[0][:2])
        members = [i for i in idx if pieces[i].cls == URBAN]
        members += [i for i in range(start, len(pieces)) if pieces[i].cls == URBAN]
        split_boundary_parts(pieces, members, centres)


def split_boundary_parts(pieces: list[Piece], members: list[int], centres) -> None:
    """The outer ~7% of a town's boundary is 弹性发展区, a noisy ~3% 特别用途区."""
    score = urban_score(pieces, members, centres)
    order = np.argsort(score, kind="stable")
    areas = np.array([pieces[members[k]].area for k in order])
    frac = np.cumsum(areas) / areas.sum()
    for k, f in zip(order, frac):
        piece = pieces[members[k]]
        if f > 0.93:
            piece.czk = FLEXIBLE
        elif 0.55 < f <= 0.93 and piece.noise > 0.42:
            piece.czk = SPECIAL


def assign_eco(pieces: list[Piece], targets: dict[str, float], rng: np.random.Generator) -> None:
    """生态保护红线: mountain cores plus scattered small patches (wetlands, forest parks).

    85 % of each unit's target goes to its highest ground; the rest to random
    single pieces on middling ground, so the layer has many patches, as real
    red lines do.
    """
    def set_eco(piece: Piece, **_) -> None:
        piece.cls = ECO_PROTECT

    for code, target in targets.items():
        idx = pool(pieces, lambda p: p.county == code and not p.cls and not p.water)  # noqa: B023 (pool() calls it at once)
        score = -np.array([pieces[i].elev + 0.1 * pieces[i].noise for i in idx])
        top = max(idx, key=lambda i: pieces[i].elev)
        fill_class(pieces, idx, score, 0.85 * target, set_eco, toward=(pieces[top].x, pieces[top].y))
        idx = pool(pieces, lambda p: p.county == code and not p.cls and not p.water)  # noqa: B023 (pool() calls it at once)
        elev = np.array([pieces[i].elev for i in idx])
        score = rng.random(len(idx)) + (elev < np.median(elev))  # prefer higher ground
        fill_class(pieces, idx, score, target - 0.85 * target, set_eco)


def assign_farmland(pieces: list[Piece], targets: dict[str, float], rng: np.random.Generator) -> None:
    """永久基本农田: scattered field blocks on low ground, each a shrunk piece."""
    def set_farm(piece: Piece, patch=None) -> None:
        piece.cls = FARMLAND
        if patch is not None:
            piece.patch = patch

    made: set[int] = set()

    def patch_area(piece: Piece) -> float:
        # Patches are made lazily, in ranking order: only candidates reached cost a buffer.
        if id(piece) not in made:
            made.add(id(piece))
            piece.patch = farmland_patch(piece, rng)
        return piece.patch.area if piece.patch is not None else 0.0

    for code, target in targets.items():
        idx = pool(pieces, lambda p: p.county == code and not p.cls and not p.water)  # noqa: B023 (pool() calls it at once)
        score = np.array([pieces[i].elev + 0.55 * pieces[i].noise for i in idx])
        fill_class(pieces, idx, score, target, set_farm, measure=patch_area)
        for i in idx:  # unused patches are not farmland
            if pieces[i].cls != FARMLAND:
                pieces[i].patch = None


def assign_rest(pieces: list[Piece]) -> None:
    """Everything else: 矿产能源发展区 near mines, 生态控制区 on high ground and water, else 乡村发展区."""
    mines = [lonlat_to_plan(lon, lat) for lon, lat in MINING_CENTRES]
    by_county: dict[str, list[Piece]] = {}
    for p in pieces:
        if p.cls:
            continue
        if not p.dreg and any(math.hypot(p.x - mx, p.y - my) < 3200 for mx, my in mines):
            p.cls = MINING
        elif p.water:
            p.cls = ECO_CONTROL
        else:
            by_county.setdefault(p.county, []).append(p)
    for group in by_county.values():
        cut = np.quantile([p.elev for p in group], 0.55)
        for p in group:
            p.cls = ECO_CONTROL if p.elev > cut else RURAL


# --------------------------------------------------------------------------
# Central city: sub-zones
# --------------------------------------------------------------------------


def assign_subzones(pieces: list[Piece], rng: np.random.Generator) -> None:
    anchors = [(name, *km(x, y), r * 1000.0) for name, x, y, r in SUBZONE_ANCHORS]
    zx = [p for p in pieces if p.zx]
    jitter = {id(p): v for p, v in zip(zx, rng.uniform(-1, 1, len(zx)))}  # ragged zone edges
    rural = []
    for p in pieces:
        if not p.zx:
            continue
        if p.czk == FLEXIBLE:
            p.subzone = FLEX_ZONE
        elif p.czk == SPECIAL:
            p.subzone = SPECIAL
        elif p.czk == CONCENTRATED:
            best, best_d = RESIDENTIAL, 1.0
            for name, ax, ay, r in anchors:
                d = math.hypot(p.x - ax, p.y - ay) / r * (1.0 + 0.35 * p.noise + 0.25 * jitter[id(p)])
                if d < best_d:
                    best, best_d = name, d
            p.subzone = best
        else:
            p.subzone = p.cls
            if p.cls == RURAL:
                rural.append(p)
    # A few scattered (零星) 其他城镇建设区 outside the boundary: village industry, utilities.
    for p in farthest_points(rural, 14, km(0, 0)):
        p.subzone = OTHER_URBAN


# --------------------------------------------------------------------------
# Central city: overlays (city lines, roads) and land-use parcels
# --------------------------------------------------------------------------


@dataclass
class CentralCity:
    zxcqfw: Polygon
    urban: Polygon  # 城镇开发边界 land inside the central city
    core: list[Piece]  # 集中建设区 pieces in the central city
    rivers: Polygon
    river_bodies: dict[str, Polygon]
    lines: dict[str, LineString]
    roads: list
    county_at: object = None
    park_hosts: list = field(default_factory=list)
    occupied: object = None
    layers: dict[str, list[dict]] = field(default_factory=dict)

    def snap(self, x_km: float, y_km: float) -> tuple[float, float]:
        """The 集中建设区 piece nearest to a wished-for spot (keeps features on urban land)."""
        x, y = km(x_km, y_km)
        best = min(self.core, key=lambda p: (p.x - x) ** 2 + (p.y - y) ** 2)
        return best.x, best.y


def xiang_x_at(line: LineString, y: float) -> float:
    coords = shapely.get_coordinates(line)
    i = int(np.argmin(np.abs(coords[:, 1] - y)))
    return float(coords[i, 0])


def exclusive(features: list[dict], taken) -> list[dict]:
    """Make features disjoint from `taken` and from each other (earlier wins)."""
    out = []
    for feat in features:
        geom = feat["geom"]
        if taken is not None:
            geom = geom.difference(taken)
        parts = polygon_parts(geom)
        if not parts:
            continue
        geom = MultiPolygon(parts)
        out.append({**feat, "geom": geom})
        taken = geom if taken is None else taken.union(geom)
    return out


def union_of(features: list[dict]):
    return shapely.union_all([f["geom"] for f in features]) if features else Polygon()


def build_central(pieces: list[Piece], bodies: dict[str, Polygon], lines, roads, rng) -> CentralCity:
    zx_pieces = [p for p in pieces if p.zx]
    zxcqfw = shapely.union_all([p.geom for p in zx_pieces])
    urban = shapely.union_all([p.geom for p in zx_pieces if p.czk])
    core = [p for p in zx_pieces if p.czk == CONCENTRATED]
    # Only the river reaches near the central city matter here (keeps buffers cheap).
    frame = box(*zxcqfw.buffer(2000).bounds)
    bodies = {name: body.intersection(frame) for name, body in bodies.items()}
    rivers = shapely.union_all(list(bodies.values())).intersection(zxcqfw)
    city = CentralCity(zxcqfw, urban, core, rivers, bodies, lines, roads)
    shapely.prepare(city.urban)
    city.occupied = rivers

    city.layers["blue2"] = build_lakes(city, rng)
    city.occupied = city.occupied.union(union_of(city.layers["blue2"]))
    city.layers["yellow1"], city.layers["yellow2"] = build_yellow(city, rng)
    city.occupied = city.occupied.union(union_of(city.layers["yellow1"] + city.layers["yellow2"]))
    city.layers["roads"] = build_road_strips(city)
    city.occupied = city.occupied.union(union_of(city.layers["roads"]))
    city.layers["green1"], city.layers["green2"] = build_green(city, rng)
    city.layers["purple"] = build_purple(city, rng)
    return city


def road_lines(rng: np.random.Generator) -> list[tuple[str, str, LineString]]:
    out = []
    for name, klass, pts in ROADS:
        if pts == "ring":
            t = np.linspace(0, 2 * np.pi, 72, endpoint=False)
            r = 1 + 0.06 * np.cos(3 * t + 0.7) + 0.04 * np.cos(5 * t + 2.1)
            ring = np.column_stack([0.4 + 6.2 * r * np.cos(t), 0.2 + 7.2 * r * np.sin(t)])
            coords = [km(x, y) for x, y in ring]
            line = LineString(coords + coords[:1])
        else:
            line = km_line(pts, rng, 0.03)
        out.append((name, klass, line))
    return out


def build_road_strips(city: CentralCity) -> list[dict]:
    """Road reserves (用地 1207) inside the urban area, cut later by blocks."""
    feats = []
    for name, klass, line in city.roads:
        strip = line.buffer(ROAD_HALF_WIDTH[klass], cap_style="flat", quad_segs=4).intersection(city.urban)
        feats.append({"geom": strip, "MC": name, "code": "1207", "split": True})
    return exclusive(feats, city.occupied)


def facility(cx, cy, w, h, angle=0.0):
    rect = box(-w / 2, -h / 2, w / 2, h / 2)
    rect = shapely.affinity.rotate(rect, angle, origin=(0, 0))
    return shapely.affinity.translate(rect, cx, cy)


YELLOW_FACILITIES = {
    LEVEL_1: [  # (name, 设施类型, land use, x km, y km, width m, height m)
        ("衡阳港松木港区", "港口码头", "1204", 3.3, 8.0, 900, 420),
        ("衡阳港茶山坳作业区", "港口码头", "1204", 0.6, -9.6, 600, 300),
        ("衡阳东站", "铁路客货运场站", "120801", 6.5, 1.6, 1200, 360),
        ("衡阳站", "铁路客货运场站", "120801", 2.7, -1.0, 800, 260),
        ("衡阳北铁路货场", "铁路客货运场站", "1201", 4.6, 6.2, 900, 300),
        ("衡阳南铁路货场", "铁路客货运场站", "1201", 4.2, -6.0, 900, 300),
        ("第一水厂", "给水厂", "1301", -0.3, 1.6, 280, 220),
        ("江东水厂", "给水厂", "1301", 2.9, -3.4, 300, 240),
        ("松亭水厂", "给水厂", "1301", -3.0, 6.0, 300, 240),
        ("江东污水处理厂", "污水处理厂", "1302", 3.9, 4.0, 420, 300),
        ("松亭污水处理厂", "污水处理厂", "1302", -2.4, 7.6, 420, 300),
        ("城南污水处理厂", "污水处理厂", "1302", -1.6, -8.2, 420, 300),
        ("城西燃气门站", "燃气门站", "1304", -7.0, -1.0, 160, 150),
        ("江东燃气门站", "燃气门站", "1304", 7.4, -2.2, 160, 150),
    ],
    LEVEL_2: [
        ("雁城220千伏变电站", "220千伏变电站", "1303", -2.0, -1.8, 160, 140),
        ("松木220千伏变电站", "220千伏变电站", "1303", 3.4, 9.2, 160, 140),
        ("白沙220千伏变电站", "220千伏变电站", "1303", -4.6, -9.0, 160, 140),
        ("酃湖220千伏变电站", "220千伏变电站", "1303", 6.0, -3.6, 160, 140),
        ("汽车西站", "公路客运站", "120801", -5.6, 0.2, 260, 200),
        ("汽车南站", "公路客运站", "120801", -1.0, -6.6, 260, 200),
        ("汽车东站", "公路客运站", "120801", 5.6, 0.6, 260, 200),
        ("特勤消防站", "消防站", "1310", -1.8, 2.6, 130, 100),
        ("江东战勤保障消防站", "消防站", "1310", 4.4, -0.6, 130, 100),
        ("城西特勤消防站", "消防站", "1310", -6.0, 2.0, 130, 100),
        ("城北垃圾中转站", "垃圾中转站", "1309", 0.6, 6.4, 110, 90),
        ("城南垃圾中转站", "垃圾中转站", "1309", -2.6, -5.4, 110, 90),
        ("江东垃圾中转站", "垃圾中转站", "1309", 6.2, 4.0, 110, 90),
    ],
}


def build_yellow(city: CentralCity, rng):
    results = []
    taken = city.occupied
    for level in ps.LINE_LEVELS:
        specs = YELLOW_FACILITIES[level]
        angles = rng.uniform(-25, 25, len(specs))
        centres = [city.snap(x, y) for _, _, _, x, y, _, _ in specs]

        def build(s, specs=specs, angles=angles, centres=centres, taken=taken):
            feats = [
                {"geom": facility(cx, cy, w * s, h * s, a).intersection(city.urban), "MC": name, "LX": kind,
                 "code": code, "JB": level}  # noqa: B023 (used at once)
                for (name, kind, code, _, _, w, h), a, (cx, cy) in zip(specs, angles, centres)
            ]
            return exclusive(feats, taken)

        target = km2_to_m2(YELLOW_TARGETS_KM2[level]) * CITY_LINE_DRAWN.get(("yellow", level), 1.0)
        _, feats = calibrate(build, target, 0.3, 3.0)
        results.append(feats)
        taken = taken.union(union_of(feats))
    return results


def build_lakes(city: CentralCity, rng) -> list[dict]:
    """二级蓝线: 雁栖湖, 国庆水库 and the 柿江河 stream."""
    lake_specs = [("雁栖湖", "1702", -5.0, -5.6, 430, 250), ("国庆水库", "1703", -7.2, 2.6, 330, 260)]
    blobs = [
        (name, code, *city.snap(x, y), rx, ry, rng.uniform(0, np.pi)) for name, code, x, y, rx, ry in lake_specs
    ]
    wobble_seed = int(rng.integers(1 << 30))
    stream = km_line([(-6.5, -1.6), (-5.0, -2.0), (-3.6, -2.1), (-2.0, -2.6), (-0.2, -3.0)], rng, 0.04)

    def build(s):
        local = np.random.default_rng(wobble_seed)
        feats = [
            {"geom": noisy_ellipse(x, y, rx * s, ry * s, local, angle).intersection(city.urban), "MC": name,
             "code": code, "JB": LEVEL_2}
            for name, code, x, y, rx, ry, angle in blobs
        ]
        channel = stream.buffer(14.0 * s, cap_style="flat").intersection(city.urban)
        feats.append({"geom": channel, "MC": "柿江河", "code": "1701", "JB": LEVEL_2})
        return exclusive(feats, city.occupied)

    _, feats = calibrate(build, km2_to_m2(BLUE_TARGETS_KM2[LEVEL_2]), 0.3, 4.0)
    return feats


CITY_PARKS = [  # 一级 green: (name, x km, y km, rx m, ry m)
    ("岳屏公园", -0.9, 0.4, 420, 330),
    ("南郊公园（回雁峰）", -0.4, -3.2, 520, 400),
    ("酃湖公园", 5.0, -2.3, 700, 520),
    ("西湖公园", -1.9, 1.5, 380, 300),
    ("来雁塔公园", 2.2, 3.6, 360, 300),
    ("雁栖湖公园", -5.0, -5.6, 700, 520),
    ("衡州植物园", -6.2, 2.4, 650, 480),
    ("石鼓公园", 0.6, 2.9, 300, 240),
]
DISTRICT_PARKS = [  # 二级 green: (name, x km, y km, r m)
    ("华新公园", -3.0, -0.6, 200), ("蒸湘公园", -4.4, 2.2, 200), ("松木公园", 2.0, 7.0, 200),
    ("江东公园", 4.2, 1.0, 200), ("白沙公园", -3.2, -8.2, 200), ("东阳渡公园", 6.8, -1.0, 200),
    ("苗圃公园", -2.4, -4.4, 200), ("合江公园", -0.2, 3.8, 180), ("立新公园", 5.6, 3.4, 200),
    ("三塘公园", 1.2, -7.6, 200),
]


BANK_NAMES = {"湘江": ("西岸", "东岸"), "蒸水": ("北岸", "南岸"), "耒水": ("北岸", "南岸")}  # (left, right)


def riverside_strips(city: CentralCity, width: float) -> list[dict]:
    """三江六岸 waterfront green: a band of `width` m along each bank, on urban land."""
    feats = []
    for name, body in city.river_bodies.items():
        band = body.buffer(width, quad_segs=4).difference(city.rivers).intersection(city.urban)
        line = city.lines[name]
        sides = {}
        for part in polygon_parts(band):
            p = part.point_on_surface()
            left = side_of(line, np.array([p.x]), np.array([p.y]))[0] > 0
            sides.setdefault(left, []).append(part)
        for left, parts in sorted(sides.items()):
            bank = BANK_NAMES[name][0 if left else 1]
            feats.append({"geom": MultiPolygon(parts), "MC": f"{name}{bank}滨水绿地", "LX": "滨水绿地",
                          "code": "1401", "JB": LEVEL_1, "split": True})
    return feats


def build_green(city: CentralCity, rng):
    parks = [(name, *city.snap(x, y), rx, ry, rng.uniform(0, np.pi)) for name, x, y, rx, ry in CITY_PARKS]
    park_seed = int(rng.integers(1 << 30))

    def parks_feats(scale, seed, specs, kind, level):
        local = np.random.default_rng(seed)
        return [
            {"geom": noisy_ellipse(x, y, rx * scale, ry * scale, local, a).intersection(city.urban),
             "MC": name, "LX": kind, "code": "1401", "JB": level}
            for name, x, y, rx, ry, a in specs
        ]

    fixed_parks = parks_feats(1.0, park_seed, parks, "公园绿地", LEVEL_1)

    def build1(width):
        return exclusive(riverside_strips(city, width) + fixed_parks, city.occupied)

    target1 = km2_to_m2(GREEN_TARGETS_KM2[LEVEL_1]) * CITY_LINE_DRAWN[("green", LEVEL_1)]
    _, green1 = calibrate(build1, target1, 10.0, 600.0)
    taken = city.occupied.union(union_of(green1))

    small = [(name, *city.snap(x, y), r, r * 0.8, rng.uniform(0, np.pi)) for name, x, y, r in DISTRICT_PARKS]
    small_seed = int(rng.integers(1 << 30))
    rail = km_line([(3.1, -9.5), (3.0, -5), (2.9, -1.5), (3.2, 3), (3.6, 7), (4.2, 11)], rng, 0.02)

    def build2(s):
        feats = parks_feats(s, small_seed, small, "公园绿地", LEVEL_2)
        belt = rail.buffer(18.0 * s, cap_style="flat").intersection(city.urban)
        feats.append({"geom": belt, "MC": "京广铁路防护绿地", "LX": "防护绿地", "code": "1402", "JB": LEVEL_2,
                      "split": True})
        return exclusive(feats, taken)

    _, green2 = calibrate(build2, km2_to_m2(GREEN_TARGETS_KM2[LEVEL_2]) * CITY_LINE_DRAWN[("green", LEVEL_2)], 0.2, 4.0)
    return green1, green2


def build_purple(city: CentralCity, rng) -> list[dict]:
    specs = [
        ("建湘历史文化街区保护范围", -0.5, 1.0, 480, 300),
        ("湘江路历史文化街区保护范围", -0.2, -1.8, 420, 260),
    ]
    blobs = [(name, *city.snap(x, y), rx, ry, rng.uniform(0, np.pi)) for name, x, y, rx, ry in specs]
    seed = int(rng.integers(1 << 30))

    def build(s):
        local = np.random.default_rng(seed)
        feats = [
            {"geom": noisy_ellipse(x, y, rx * s, ry * s, local, a).intersection(city.zxcqfw), "MC": name}
            for name, x, y, rx, ry, a in blobs
        ]
        return exclusive(feats, city.rivers)

    _, feats = calibrate(build, km2_to_m2(PURPLE_TARGET_KM2), 0.3, 3.0)
    return feats


# --------------------------------------------------------------------------
# Central city: planned streets, street blocks and the 用地用海 parcels
# --------------------------------------------------------------------------

# The planned street grid inside the 集中建设区 (次干路 every other line, 支路 between):
# blocks of 300-600 m between street centrelines, as a 控制性详细规划 lays them out.
SECONDARY, BRANCH = "次干路", "支路"
STREET_HALF_WIDTH = {SECONDARY: 12.0, BRANCH: 8.0}  # 红线宽度 24 m / 16 m
STREET_SPACING = (320.0, 580.0)
STREET_NODE_JITTER = 45.0  # m: grid nodes moved off the lattice, so streets bend a little
STREET_DROP = 0.16  # share of grid segments left out (T-junctions, larger blocks)
STREET_ARTERIAL_CLEARANCE = 170.0  # no street segment centred this close to an arterial
STREET_SEED_OFFSET = 29  # the street grid draws from its own stream
PARCEL_HA = 4.5  # a block is cut into about one parcel per 4.5 ha (1-4 parcels)
SMALL_PARCEL_M2 = 1500.0  # block remnants this small become 防护绿地 in built-up zones
ROAD_CUT_M = 900.0  # road reserves are cut into lengths of about this size
PARCEL_GRID_M = 1e-5  # parcel coordinates snapped to 0.01 mm (see add() in land_use_parcels)


def arterial_bearing(city: CentralCity) -> float:
    """The arterials' mean bearing modulo 90° (radians): the street grid follows it."""
    vectors = []
    for _, _, line in city.roads:
        xy = shapely.get_coordinates(line)
        d = np.diff(xy, axis=0)
        length = np.hypot(d[:, 0], d[:, 1])
        angle = np.arctan2(d[:, 1], d[:, 0])
        vectors.append(np.column_stack([length * np.cos(4 * angle), length * np.sin(4 * angle)]))
    sx, sy = np.vstack(vectors).sum(axis=0)
    return math.atan2(sy, sx) / 4


def street_lines(city: CentralCity, domain, rng: np.random.Generator) -> list[tuple[str, LineString]]:
    """Street centrelines: a jittered grid turned to the arterials' bearing, some segments left out."""
    theta = arterial_bearing(city)
    c, s = math.cos(theta), math.sin(theta)
    xy = shapely.get_coordinates(domain.envelope.buffer(600.0, join_style="mitre"))
    u = (xy[:, 0] - CENTER_E) * c + (xy[:, 1] - CENTER_N) * s
    v = -(xy[:, 0] - CENTER_E) * s + (xy[:, 1] - CENTER_N) * c

    def ticks(lo, hi):
        out = [lo]
        while out[-1] < hi:
            out.append(out[-1] + rng.uniform(*STREET_SPACING))
        return np.array(out)

    us, vs = ticks(u.min(), u.max()), ticks(v.min(), v.max())
    nu, nv = len(us), len(vs)
    jitter = rng.uniform(-STREET_NODE_JITTER, STREET_NODE_JITTER, (nu, nv, 2))
    uu = us[:, None] + jitter[:, :, 0]
    vv = vs[None, :] + jitter[:, :, 1]
    nodes_x = CENTER_E + uu * c - vv * s
    nodes_y = CENTER_N + uu * s + vv * c
    arterials = shapely.union_all([line for _, _, line in city.roads])
    shapely.prepare(arterials)
    shapely.prepare(domain)

    def run_lines(points: list[tuple[float, float]], keep: list[bool], klass: str):
        out, run = [], [points[0]]
        for k, ok in enumerate(keep):
            if ok:
                run.append(points[k + 1])
            else:
                if len(run) > 1:
                    out.append((klass, LineString(run)))
                run = [points[k + 1]]
        if len(run) > 1:
            out.append((klass, LineString(run)))
        return out

    def keep_segment(a, b) -> bool:
        seg = LineString([a, b])
        mid = seg.interpolate(0.5, normalized=True)
        if not shapely.intersects(domain, seg):
            return False
        if shapely.dwithin(arterials, mid, STREET_ARTERIAL_CLEARANCE):
            return False
        return rng.uniform() >= STREET_DROP

    lines = []
    for i in range(nu):  # lines along v (constant u)
        pts = [(nodes_x[i, j], nodes_y[i, j]) for j in range(nv)]
        keep = [keep_segment(pts[k], pts[k + 1]) for k in range(nv - 1)]
        lines += run_lines(pts, keep, SECONDARY if i % 2 == 0 else BRANCH)
    for j in range(nv):  # lines along u (constant v)
        pts = [(nodes_x[i, j], nodes_y[i, j]) for i in range(nu)]
        keep = [keep_segment(pts[k], pts[k + 1]) for k in range(nu - 1)]
        lines += run_lines(pts, keep, SECONDARY if j % 2 == 0 else BRANCH)
    return lines


def street_reserves(lines, domain, taken):
    """The streets' 道路红线 (用地 1207) on the block domain, outside the overlays already placed."""
    strips = [line.buffer(STREET_HALF_WIDTH[klass], cap_style="flat", join_style="mitre", mitre_limit=2.0)
              for klass, line in lines]
    return shapely.union_all(strips).intersection(domain).difference(taken)


def long_axis(geom) -> tuple[np.ndarray, float, float]:
    """Unit vector of a polygon's long axis and the span of its projection on it.

    The axis of the minimum-width rectangle around the convex hull, computed here: GEOS 3.12
    changed what minimum_rotated_rectangle returns, and the lots must not depend on the GEOS.
    """
    hull = shapely.get_coordinates(geom.convex_hull)
    edges = np.diff(hull, axis=0)
    lengths = np.hypot(edges[:, 0], edges[:, 1])
    edges, lengths = edges[lengths > 1e-6], lengths[lengths > 1e-6]
    units = edges / lengths[:, None]
    normals = np.column_stack([-units[:, 1], units[:, 0]])
    along = hull @ units.T  # (points, edges)
    across = hull @ normals.T
    widths = across.max(axis=0) - across.min(axis=0)
    best = int(np.argmin(widths))
    length = along[:, best].max() - along[:, best].min()
    axis = units[best] if length >= widths[best] else normals[best]
    if axis[0] < 0 or (axis[0] == 0 and axis[1] < 0):  # one sense for a direction: the same cuts
        axis = -axis
    proj = shapely.get_coordinates(geom) @ axis
    return axis, float(proj.min()), float(proj.max())


def subdivide(block, draw: float) -> list:
    """A block cut across its long axis into 1-4 parcels of similar size."""
    n = int(min(4, max(1, round(block.area / (PARCEL_HA * 1e4) + (draw - 0.5)))))
    if n == 1:
        return [block]
    axis, lo, hi = long_axis(block)
    normal = np.array([-axis[1], axis[0]])
    centre = np.asarray(block.centroid.coords[0])
    reach = (hi - lo) + 1000.0
    base = centre - (centre @ axis) * axis
    cuts = [lo - 10.0] + [lo + (hi - lo) * (k + (draw - 0.5) * 0.3) / n for k in range(1, n)] + [hi + 10.0]
    # Shared corner points: neighbouring strips meet on exactly the same edge.
    corners = [(base + t * axis + reach * normal, base + t * axis - reach * normal) for t in cuts]
    parts = []
    for (a1, a2), (b1, b2) in zip(corners[:-1], corners[1:]):
        strip = Polygon([tuple(a1), tuple(b1), tuple(b2), tuple(a2)])
        parts += polygon_parts(block.intersection(strip))
    return parts


def cut_grid(geom, size: float) -> list:
    """A long strip cut by a square grid into pieces of about `size` m."""
    minx, miny, maxx, maxy = geom.bounds
    if max(maxx - minx, maxy - miny) <= size * 1.3:
        return polygon_parts(geom)
    out = []
    xs = np.arange(math.floor(minx / size) * size, maxx + size, size)
    ys = np.arange(math.floor(miny / size) * size, maxy + size, size)
    cells = [box(x, y, x + size, y + size) for x in xs[:-1] for y in ys[:-1]]
    for part in shapely.intersection(np.array(cells), geom):
        out += polygon_parts(part)
    return out


def draw_code(options, key) -> str:
    """A land use drawn by weight, keyed on the parcel's place (not on the order parts come in)."""
    weights = np.array([w for _, w in options], dtype=float)
    cum = np.cumsum(weights / weights.sum())
    return options[int(min(np.searchsorted(cum, hash_unit(key), side="right"), len(options) - 1))][0]


def place_key(geom) -> tuple[int, int]:
    p = geom.centroid  # whole metres: the same key whatever order GEOS returns the parts in
    return round(p.x), round(p.y)


def arterial_overlays(city: CentralCity) -> list[dict]:
    """The overlays as parcels, with the arterials' reserves across the whole central city.

    The city-line layers stay as they are; only their land-use parcels change: where an
    arterial passes a 黄线 facility or leaves the 城镇开发边界, its reserve (1207) is cut out
    of the facility or the rural pieces, so no parcel lies across a planned road (bridges
    over rivers and lakes stay water).
    """
    taken = union_of(city.layers["blue2"] + city.layers["roads"] + city.layers["green1"] + city.layers["green2"])
    taken = city.rivers.union(taken)
    extra = []
    for name, klass, line in city.roads:
        strip = line.buffer(ROAD_HALF_WIDTH[klass], cap_style="flat", quad_segs=4).intersection(city.zxcqfw)
        extra.append({"geom": strip, "MC": name, "code": "1207", "split": True})
    extra = exclusive(extra, taken)
    strips = union_of(extra)
    yellow = [{**f, "geom": f["geom"].difference(strips)} for f in city.layers["yellow1"] + city.layers["yellow2"]]
    return city.layers["blue2"] + yellow + city.layers["roads"] + extra + city.layers["green1"] + city.layers["green2"]


def land_use_parcels(pieces: list[Piece], city: CentralCity, rng, seed: int = SEED) -> list[dict]:
    """用地用海 parcels tiling the central city.

    Inside the 集中建设区: the overlays (lakes, 黄线 facilities, arterial reserves, 绿线)
    first, then planned street reserves (1207), then the street blocks between them,
    each cut at the 规划分区 boundaries (no parcel in two zones) and across its long
    axis into 1-4 parcels with a land use drawn for its zone. Elsewhere in the central
    city (弹性发展区, 特别用途区, rural land, rivers) the pieces stay parcels.
    """
    codes = land_use_codes()
    overlays = arterial_overlays(city)
    overlay_union = union_of(overlays)
    shapely.prepare(overlay_union)
    zx = [p for p in pieces if p.zx]
    in_blocks = [p.czk == CONCENTRATED and not p.water for p in zx]
    zones = dissolve(group_by(zx, lambda p: (p.county, p.subzone)))
    zone_keys = sorted(zones)
    zone_geoms = np.array([zones[k] for k in zone_keys])
    zone_tree = shapely.STRtree(zone_geoms)
    parcels = []

    def add(geom, code, county, subzone, name=None):
        # On a 0.01 mm grid: overlays cut from each other leave edges a few nanometres
        # apart, on which GEOS's predicates can fail (side location conflict) in a QA run.
        for part in polygon_parts(shapely.set_precision(geom, PARCEL_GRID_M)):
            parcels.append({"geom": part, "code": code, "YDYHFLMC": codes[code].name, "XZQDM": county,
                            "GHFQMC": subzone, "MC": name})

    def by_zone(geom):
        """(zone key, geom ∩ zone) for each zone the geometry reaches."""
        idx = zone_tree.query(geom, predicate="intersects")
        for i in sorted(int(i) for i in idx):
            for part in polygon_parts(geom.intersection(zone_geoms[i])):
                yield zone_keys[i], part

    # Outside the blocks: each piece is a parcel, minus the overlays on it.
    hits = shapely.intersects(overlay_union, np.array([p.geom for p in zx]))
    for piece, hit, blocky in zip(zx, hits, in_blocks):
        code = piece_land_use(piece, rng)  # drawn for every piece: the stream stays as it was
        if not blocky:
            add(piece.geom.difference(overlay_union) if hit else piece.geom, code, piece.county, piece.subzone,
                piece.water)
    # The overlays, cut at the zone boundaries (long ones also into road-length pieces).
    for feat in overlays:
        for (county, subzone), part in by_zone(feat["geom"]):
            for cut in (cut_grid(part, ROAD_CUT_M) if feat.get("split") else [part]):
                add(cut, feat["code"], county, subzone, feat["MC"])

    domain = shapely.union_all([p.geom for p, blocky in zip(zx, in_blocks) if blocky])
    streets = street_lines(city, domain, np.random.default_rng(seed + STREET_SEED_OFFSET))
    reserves = street_reserves(streets, domain, overlay_union)
    for (county, subzone), part in by_zone(reserves):
        for cut in cut_grid(part, ROAD_CUT_M):
            add(cut, "1207", county, subzone, None)
    blocks = domain.difference(overlay_union.union(reserves))
    services = [p for p, blocky in zip(zx, in_blocks) if blocky and p.service_code]
    lots = []
    for (county, subzone), block in by_zone(blocks):
        options = ZONE_LAND_USE[subzone]
        key = place_key(block)
        if block.area < SMALL_PARCEL_M2:
            lots.append((block, "1402", county, subzone))
            continue
        for lot in subdivide(block, hash_unit(("block", *key))):
            lots.append((lot, draw_code(options, ("lot", *place_key(lot))), county, subzone))
    # A public service's lot takes its land use (school, hospital, community park …).
    lot_tree = shapely.STRtree(np.array([lot for lot, *_ in lots]))
    for p in services:
        hit = lot_tree.query(Point(p.x, p.y), predicate="intersects")
        i = int(hit[0]) if len(hit) else int(lot_tree.nearest(Point(p.x, p.y)))
        lots[i] = (lots[i][0], p.service_code, *lots[i][2:])
    for lot, code, county, subzone in lots:
        add(lot, code, county, subzone)
    return parcels


def piece_land_use(piece: Piece, rng) -> str:
    if piece.water:
        return "1701"
    if piece.service_code:
        return piece.service_code
    options = ZONE_LAND_USE[piece.subzone]
    weights = np.array([w for _, w in options], dtype=float)
    return options[int(rng.choice(len(options), p=weights / weights.sum()))][0]


# --------------------------------------------------------------------------
# Central city: renewal units, crossings, services
# --------------------------------------------------------------------------


def renewal_units(pieces: list[Piece], city: CentralCity) -> list[dict]:
    units = []
    for gxlx, names in ps.RENEWAL_UNITS.items():
        for name in names:
            x, y, r = RENEWAL_CENTRES_KM[name]
            units.append((name, gxlx, *city.snap(x, y), r * 1000.0))
    members: dict[str, list] = {u[0]: [] for u in units}
    for p in city.core:
        best, best_d = None, 1.0
        for name, _, ux, uy, r in units:
            d = math.hypot(p.x - ux, p.y - uy) / r
            if d < best_d:
                best, best_d = name, d
        if best:
            members[best].append(p.geom)
    out = []
    for name, gxlx, ux, uy, _ in units:
        geom = shapely.union_all(members[name]) if members[name] else Point(ux, uy).buffer(300)
        out.append({"geom": geom, "DYMC": name, "GXLX": gxlx, "GXFS": RENEWAL_METHOD[gxlx]})
    return out


def crossings(city: CentralCity) -> list[dict]:
    out = []
    for name, kind, y_km, width in RIVER_CROSSINGS:
        y = CENTER_N + y_km * 1000.0
        x = xiang_x_at(city.lines["湘江"], y)
        line = LineString([(x - 1400, y - 120), (x - 300, y - 20), (x + 300, y + 20), (x + 1400, y + 120)])
        out.append({"geom": line, "MC": name, "KZKD": float(width), "LX": kind})
    return out


def farthest_points(cands: list[Piece], count: int, start: tuple[float, float]) -> list[Piece]:
    """Farthest-point sampling: even coverage, deterministic."""
    if not cands:
        return []
    xy = np.array([(p.x, p.y) for p in cands])
    first = int(np.argmin(np.hypot(xy[:, 0] - start[0], xy[:, 1] - start[1])))
    chosen = [first]
    dist = np.hypot(xy[:, 0] - xy[first, 0], xy[:, 1] - xy[first, 1])
    while len(chosen) < min(count, len(cands)):
        nxt = int(np.argmax(dist))
        chosen.append(nxt)
        dist = np.minimum(dist, np.hypot(xy[:, 0] - xy[nxt, 0], xy[:, 1] - xy[nxt, 1]))
    return [cands[i] for i in chosen]


def plan_services(pieces: list[Piece], city: CentralCity) -> list[tuple[str, Piece]]:
    """Pick host pieces for public services; hosts of larger facilities change land use."""
    living = [p for p in city.core if p.subzone in (RESIDENTIAL, SERVICE_ZONE)]
    used: set[int] = set()
    plan = []
    for kind, count in CENTRAL_SERVICE_COUNTS.items():
        if kind == "公园":
            continue
        cands = [p for p in living if id(p) not in used]
        picked = farthest_points(cands, count, km(0, 0))
        for p in picked:
            if kind in SERVICE_LAND_USE:
                used.add(id(p))
                p.service_code = SERVICE_LAND_USE[kind]
            plan.append((kind, p))
    # Community parks: their host pieces become park land (1401).
    hosts = [p for p in city.core if p.subzone in (GREEN_LEISURE, RESIDENTIAL) and id(p) not in used]
    city.park_hosts = farthest_points(hosts, CENTRAL_SERVICE_COUNTS["公园"], km(1, 1))
    for p in city.park_hosts:
        p.service_code = "1401"
    for code, towns in TOWN_CENTRES.items():
        town = [p for p in pieces if p.county == code and p.czk == CONCENTRATED and not p.zx]
        lon, lat, _ = towns[0]
        for kind, count in (("医院", 1), ("小学", 4), ("初中", 2), ("社区卫生服务中心", 2), ("公园", 1)):
            for p in farthest_points(town, count, lonlat_to_plan(lon, lat)):
                plan.append((kind, p))
    return plan


def service_points(plan, city: CentralCity) -> list[dict]:
    counters: dict[tuple[str, str], int] = {}
    out = []
    for kind, p in plan:
        key = (p.county, kind)
        counters[key] = counters.get(key, 0) + 1
        name = f"{COUNTY_NAME[p.county]}第{counters[key]}{SERVICE_NAME_SUFFIX[kind]}"
        level = "市级" if kind in ("医院", "体育", "文化") and counters[key] <= 2 else "社区级"
        out.append({"geom": Point(p.x, p.y), "MC": name, "LX": kind, "JB": level, "XZQDM": p.county})
    # Parks: one point inside each green-line park, then community parks in green zones.
    for feat in city.layers["green1"] + city.layers["green2"]:
        if feat.get("LX") == "公园绿地":
            rep = feat["geom"].point_on_surface()
            level = "市级" if feat["JB"] == LEVEL_1 else "片区级"
            out.append({"geom": rep, "MC": feat["MC"], "LX": "公园", "JB": level, "XZQDM": ""})
    green_hosts = city.park_hosts
    for i, p in enumerate(green_hosts, 1):
        out.append({"geom": Point(p.x, p.y), "MC": f"{COUNTY_NAME[p.county]}第{i}社区公园", "LX": "公园",
                    "JB": "社区级", "XZQDM": p.county})
    xzq_lookup(out, city)
    return out


def xzq_lookup(points: list[dict], city: CentralCity) -> None:
    for pt in points:
        if not pt["XZQDM"]:
            pt["XZQDM"] = city.county_at(pt["geom"])


# --------------------------------------------------------------------------
# Indicators
# --------------------------------------------------------------------------

S22 = "2.2 统筹划定“三条控制线”"
S41 = "4.1 城市功能布局（市辖区三条控制线）"
S48 = "4.8 城市四线管控"
S42 = "4.2 公共服务配置"
INDICATORS = [  # (ZBMC, GHMBZ, DW, ZBSX, LY, FW)
    ("耕地保有量", 525.81, "万亩", "约束性", S22, "市域"),
    ("永久基本农田保护面积", 476.06, "万亩", "约束性", S22, "市域"),
    ("生态保护红线面积", 1809.56, "平方千米", "约束性", S22, "市域"),
    ("城镇开发边界面积", 607.04, "平方千米", "约束性", S22, "市域"),
    ("耕地保有量（市辖区）", 10.25, "万亩", "约束性", S41, "市辖区"),
    ("永久基本农田保护面积（市辖区）", 7.83, "万亩", "约束性", S41, "市辖区"),
    ("生态保护红线面积（市辖区）", 4.59, "平方千米", "约束性", S41, "市辖区"),
    ("城镇开发边界面积（市辖区）", 244.32, "平方千米", "约束性", S41, "市辖区"),
    ("一级绿线面积", 15.73, "平方千米", "约束性", S48, "中心城区"),
    ("二级绿线面积", 2.52, "平方千米", "约束性", S48, "中心城区"),
    ("一级蓝线面积", 19.42, "平方千米", "约束性", S48, "中心城区"),
    ("二级蓝线面积", 0.71, "平方千米", "约束性", S48, "中心城区"),
    ("城市紫线面积", 0.52, "平方千米", "约束性", S48, "中心城区"),
    ("一级黄线面积", 2.81, "平方千米", "约束性", S48, "中心城区"),
    ("二级黄线面积", 0.45, "平方千米", "约束性", S48, "中心城区"),
    ("常住人口规模", 680.0, "万人", "预期性", "1.2 开发保护目标与战略", "市域"),
    ("常住人口城镇化率", 73.5, "%", "预期性", "1.2 开发保护目标与战略", "市域"),
    ("天然林与公益林面积", 5006.0, "平方千米", "约束性", "2.4 生态保护空间", "市域"),
    ("重要江河湖泊水功能区水质达标率", 97.0, "%", "约束性", "2.4 生态保护空间", "市域"),
    ("人均公共绿地面积", 11.0, "平方米", "预期性", "4.3 绿地开敞空间", "中心城区"),
    ("公园绿地、广场步行5分钟覆盖率", 90.0, "%", "预期性", "4.3 绿地开敞空间", "中心城区"),
    ("15分钟社区生活圈覆盖率", 90.0, "%", "预期性", S42, "中心城区"),
    ("每千人医疗卫生机构床位数", 12.0, "张", "预期性", S42, "中心城区"),
    ("人均体育设施用地面积", 0.6, "平方米", "预期性", S42, "中心城区"),
    ("人均教育设施用地面积", 6.6, "平方米", "预期性", S42, "中心城区"),
    ("每千名老人养老床位数", 55.0, "张", "预期性", S42, "中心城区"),
    ("小学数量", 180.0, "所", "预期性", S42, "中心城区"),
    ("初级中学数量", 70.0, "所", "预期性", S42, "中心城区"),
    ("人均应急避难场所面积", 2.0, "平方米", "预期性", "4.7 市政设施和综合防灾", "中心城区"),
    ("天然气气化率", 95.0, "%", "预期性", "4.7 市政设施和综合防灾", "中心城区"),
    ("雨水年径流总量控制率", 75.0, "%", "预期性", "4.7 市政设施和综合防灾", "中心城区"),
    ("新增跨湘江通道", 7.0, "处", "预期性", "4.5 城市道路网系统", "中心城区"),
]


# --------------------------------------------------------------------------
# 国土调查 地类图斑 (DLTB): the ground as it is today
# --------------------------------------------------------------------------

# 耕地保有量 (《规划》2.2: 525.81万亩 city-wide; 4.1: 10.25万亩 in the 市辖区). The sample's 耕地
# (0101+0102+0103, TBDLMJ: net of 田坎) is filled to just above each figure, inside the 1 % window.
CULTIVATED_CITY = wan_mu_to_m2(525.81)
CULTIVATED_DISTRICT = wan_mu_to_m2(10.25)
CULTIVATED_AIM = 1.004
DLTB_SEED_OFFSET = 17  # DLTB draws from its own stream: every other layer stays byte-identical
VILLAGE_M, TOWN_M = 4_000.0, 14_000.0  # a village's and a township's reach (grid cells)
# 田坎系数 (KCXS) ranges by 耕地 type (Hunan hills: steeper 旱地 carry more 田坎); one per village.
RIDGE_RANGES = {"0101": (0.04, 0.09), "0102": (0.05, 0.10), "0103": (0.08, 0.16)}
BUILT_BY_SUBZONE = {
    RESIDENTIAL: "0701", SERVICE_ZONE: "08H2", COMMERCIAL: "05H1", INDUSTRIAL: "0601",
    LOGISTICS: "0508", GREEN_LEISURE: "0810", TRANSPORT_HUB: "1005",
}
TOWN_BUILT = (("0701", 0.6), ("0601", 0.2), ("1004", 0.1), ("08H2", 0.05), ("05H1", 0.05))
FOREST = (("0301", 0.6), ("0302", 0.15), ("0305", 0.1), ("0307", 0.1), ("0404", 0.05))
COUNTRYSIDE = (("0301", 0.6), ("0702", 0.14), ("0201", 0.1), ("1104", 0.1), ("0202", 0.06))
# 城镇村属性码 (CZCSXM): 201 城市, 202 建制镇, 203 村庄, 204 盐田及采矿用地.
NAME_SYLLABLES = "金石松柏龙凤桥塘湾岭坪冲田山溪泉竹梅桃杨花枫樟茶荷莲云峰水源新旧东西南北大小长高安平和兴"
STATE, COLLECTIVE = "20", "30"  # 国有土地使用权, 集体土地所有权 (QSXZ); rivers 10 国有土地所有权
RIVER_OWNER = "10"


def _choice(rng: np.random.Generator, options) -> str:
    codes, weights = zip(*options)
    return codes[int(rng.choice(len(codes), p=np.array(weights) / sum(weights)))]


@dataclass
class SurveyPiece:
    piece: Piece
    code: str = ""
    owner: str = COLLECTIVE
    czcsxm: str | None = None


class Villages:
    """Village-level 权属单位 on a grid: names and 12-digit codes (county + township + village)."""

    def __init__(self, rng: np.random.Generator):
        self.rng = rng
        self.towns: dict[tuple, tuple[str, str]] = {}
        self.villages: dict[tuple, tuple[str, str]] = {}
        self.used: set[str] = set()

    def _name(self, suffix: str) -> str:
        while True:
            a, b = self.rng.choice(len(NAME_SYLLABLES), 2, replace=False)
            name = NAME_SYLLABLES[a] + NAME_SYLLABLES[b] + suffix
            if name not in self.used:
                self.used.add(name)
                return name

    def town(self, county: str, x: float, y: float) -> tuple[str, str]:
        key = (county, int(x // TOWN_M), int(y // TOWN_M))
        if key not in self.towns:
            number = 100 + sum(1 for k in self.towns if k[0] == county) + 1
            self.towns[key] = (f"{county}{number:03d}", self._name("镇"))
        return self.towns[key]

    def village(self, county: str, x: float, y: float) -> tuple[str, str]:
        town_code, _ = self.town(county, x, y)
        key = (county, int(x // VILLAGE_M), int(y // VILLAGE_M))
        if key not in self.villages:
            number = 200 + sum(1 for code, _ in self.villages.values() if code.startswith(town_code)) + 1
            self.villages[key] = (f"{town_code}{number:03d}", self._name("村"))
        return self.villages[key]


def survey_pieces(pieces: list[Piece], rng: np.random.Generator) -> tuple[list[SurveyPiece], list[SurveyPiece]]:
    """Each piece's current 地类 and owner; 耕地 filled to the plan's 耕地保有量 on the lowest ground."""
    out, open_land = [], []
    for p in pieces:
        sp = SurveyPiece(p)
        if p.water:
            sp.code, sp.owner = "1101", RIVER_OWNER
        elif p.cls == MINING:
            sp.code, sp.owner, sp.czcsxm = "0602", STATE, "204"
        elif p.czk == CONCENTRATED:
            built = BUILT_BY_SUBZONE.get(p.subzone) if p.zx else None
            sp.code, sp.owner = built or _choice(rng, TOWN_BUILT), STATE
            sp.czcsxm = "201" if p.zx else "202"
        elif p.cls == FARMLAND and p.patch is not None:
            # The 永久基本农田 patch is 耕地 (its DLBM as the YJJBNT layer says); the lane around it
            # is 田间道 or 沟渠, the rest of a trimmed piece ordinary countryside.
            sp.piece = p.copy_with(p.patch)
            sp.code = "0101" if p.noise > -0.35 else "0103"
            for part in polygon_parts(p.geom.difference(p.patch)):
                lane = SurveyPiece(p.copy_with(part))
                if p.patch.area >= 0.5 * p.area:
                    lane.code = "1107" if p.noise > 0.2 else "1006"
                else:
                    lane.code = _choice(rng, COUNTRYSIDE)
                open_land.append(lane)  # may become 耕地 below
                out.append(lane)
        elif p.cls in (ECO_PROTECT, ECO_CONTROL):
            sp.code = _choice(rng, FOREST)
        else:
            sp.code = _choice(rng, COUNTRYSIDE)
            open_land.append(sp)
        out.append(sp)
    for sp in out:
        if sp.code == "0702":
            sp.czcsxm = "203"
    return out, open_land


def fill_cultivated(survey: list[SurveyPiece], open_land: list[SurveyPiece], ridge) -> None:
    """More 耕地 on the lowest open ground: the 市辖区 first, then the rest of the city."""
    def net(sp: SurveyPiece) -> float:
        return sp.piece.area * (1.0 - ridge(sp))

    def cultivated(pred) -> float:
        return sum(net(sp) for sp in survey if sp.code in RIDGE_RANGES and pred(sp.piece))

    def in_district(p: Piece) -> bool:
        return p.county in ps.DISTRICT_CODES

    def outside(p: Piece) -> bool:
        return not in_district(p)

    district = 0.0
    for pred, target in ((in_district, CULTIVATED_DISTRICT), (outside, CULTIVATED_CITY)):
        target -= district  # the counties fill what the 市辖区 leaves of the city's figure
        have = cultivated(pred)
        candidates = sorted((sp for sp in open_land if pred(sp.piece) and sp.code not in RIDGE_RANGES),
                            key=lambda sp: sp.piece.elev + 0.3 * sp.piece.noise)
        for sp in candidates:
            if have >= target * CULTIVATED_AIM:
                break
            sp.code = "0102" if sp.piece.noise > 0.55 else ("0101" if sp.piece.noise > -0.35 else "0103")
            sp.czcsxm = None
            have += net(sp)
        district = have


def build_dltb(pieces: list[Piece], seed: int) -> list[dict]:
    """地类图斑: the pieces by 地类, dissolved per village and split into their parts."""
    rng = np.random.default_rng(seed + DLTB_SEED_OFFSET)
    survey, open_land = survey_pieces(pieces, rng)
    villages = Villages(rng)
    owners = {id(sp): villages.village(sp.piece.county, sp.piece.x, sp.piece.y) for sp in survey}

    def ridge_share(village_code: str, code: str) -> float:
        if code not in RIDGE_RANGES:
            return 0.0
        low, high = RIDGE_RANGES[code]
        return round(low + (high - low) * hash_unit((village_code, code)), 4)

    def ridge(sp: SurveyPiece) -> float:
        return ridge_share(owners[id(sp)][0], sp.code)

    fill_cultivated(survey, open_land, ridge)
    groups: dict[tuple, list] = {}
    for sp in survey:
        groups.setdefault((owners[id(sp)], sp.code, sp.owner, sp.czcsxm), []).append(sp.piece.geom)
    classes = survey_classes()
    rows = []
    for (village, code, owner, czcsxm), geoms in sorted(groups.items(), key=lambda kv: kv[0][:3]):
        village_code, village_name = village
        town_code = village_code[:9]
        if owner == COLLECTIVE:
            unit_code, unit_name = village_code + "0000000", f"{village_name}农民集体"
        else:
            unit_code, unit_name = town_code + "000" + "0000000", f"{COUNTY_NAME[village_code[:6]]}国有土地"
        for part in polygon_parts(shapely.union_all(geoms)):
            share = ridge_share(village_code, code)
            tbmj = round(part.area, 2)
            kcmj = round(tbmj * share, 2)
            rows.append({
                "geom": part, "DLBM": code, "DLMC": classes[code].name, "QSXZ": owner,
                "QSDWDM": unit_code, "QSDWMC": unit_name,
                "ZLDWDM": village_code + "0000000", "ZLDWMC": village_name,
                "TBMJ": tbmj, "KCXS": share, "KCMJ": kcmj, "TBDLMJ": round(tbmj - kcmj, 2),
                "CZCSXM": czcsxm, "XZQDM": village_code[:6],
            })
    return rows


def hash_unit(key: tuple) -> float:
    """A stable number in [0, 1) for a key (Python's hash() is salted per process)."""
    digest = hashlib.sha256(repr(key).encode("utf-8")).digest()
    return int.from_bytes(digest[:8], "big") / 2**64


# --------------------------------------------------------------------------
# Writing
# --------------------------------------------------------------------------

FIELD_TYPES = {
    "MJ": ogr.OFTReal, "TBMJ": ogr.OFTReal, "TBDLMJ": ogr.OFTReal, "KCXS": ogr.OFTReal, "KCMJ": ogr.OFTReal,
    "GHMBZ": ogr.OFTReal, "KZKD": ogr.OFTReal,
    "CD": ogr.OFTReal, "HXKD": ogr.OFTReal,
    "XH": ogr.OFTInteger,
}
FIELD_WIDTHS = {"BSM": 18, "YSDM": 10, "XZQDM": 12, "GHFQDM": 10, "YDYHFLDM": 10, "BZ": 255,
                "DLBM": 5, "QSXZ": 2, "QSDWDM": 19, "ZLDWDM": 19, "CZCSXM": 4}
DLTB_FIELDS = ["BSM", "YSDM", "DLBM", "DLMC", "QSXZ", "QSDWDM", "QSDWMC", "ZLDWDM", "ZLDWMC",
               "TBMJ", "KCXS", "KCMJ", "TBDLMJ", "CZCSXM", "XZQDM"]


OGR_TYPES = {
    ps.POLYGON: ogr.wkbMultiPolygon,
    ps.LINE: ogr.wkbLineString,
    ps.POINT: ogr.wkbPoint,
    ps.TABLE: ogr.wkbNone,
}


class PlanWriter:
    def __init__(self, path: Path):
        self.path = path
        for suffix in ("", "-wal", "-shm", "-journal"):
            Path(str(path) + suffix).unlink(missing_ok=True)
        path.parent.mkdir(parents=True, exist_ok=True)
        self.ds = ogr.GetDriverByName("GPKG").CreateDataSource(str(path))
        self.srs = plan_srs()

    def write(self, name: str, fields: list[str], rows: list[dict]) -> None:
        spec = ps.LAYER_BY_NAME[name]
        missing = set(spec.required_fields) - set(fields)
        assert not missing, (name, missing)
        geom_type = OGR_TYPES[spec.geometry]
        options = [
            f"DESCRIPTION={spec.title}（{ps.SAMPLE_NOTICE}）",
            f"IDENTIFIER={spec.title}",
            "FID=fid",
        ]
        if geom_type != ogr.wkbNone:
            options += ["GEOMETRY_NAME=geom", "SPATIAL_INDEX=YES"]
        layer = self.ds.CreateLayer(name, self.srs if geom_type != ogr.wkbNone else None, geom_type, options)
        for fname in fields:
            fdef = ogr.FieldDefn(fname, FIELD_TYPES.get(fname, ogr.OFTString))
            if fname in FIELD_WIDTHS:
                fdef.SetWidth(FIELD_WIDTHS[fname])
            layer.CreateField(fdef)
        self.ds.StartTransaction()
        defn = layer.GetLayerDefn()
        for row in rows:
            feat = ogr.Feature(defn)
            for index, fname in enumerate(fields):
                value = row.get(fname)
                if value is not None:
                    feat.SetField(index, value)
            if geom_type != ogr.wkbNone:
                geom = row["geom"]
                if spec.geometry == ps.POLYGON:
                    geom = as_multipolygon(geom)
                feat.SetGeometry(ogr.CreateGeometryFromWkb(shapely.to_wkb(geom)))
            layer.CreateFeature(feat)
        self.ds.CommitTransaction()

    def close(self) -> None:
        self.ds.SetMetadataItem("NOTICE", ps.SAMPLE_NOTICE)
        self.ds = None


class Numbering:
    """BSM: 18 characters, 430400 + layer number + sequence."""

    def __init__(self):
        self.seq: dict[str, int] = {}

    def __call__(self, layer: str) -> str:
        n = self.seq[layer] = self.seq.get(layer, 0) + 1
        index = [spec.name for spec in ps.LAYERS].index(layer) + 1
        return f"430400{index:02d}{n:010d}"


def dissolve(groups: dict[tuple, list]) -> dict[tuple, object]:
    return {key: shapely.union_all(geoms) for key, geoms in groups.items()}


GHFQ_CODE_BY_NAME = {name: code for code, name in ps.GHFQ_CODES.items()}
CZK_CODE = {CONCENTRATED: "0401", FLEXIBLE: "0402", SPECIAL: "0403"}


def write_plan(path: Path, pieces: list[Piece], city: CentralCity, parcels, services, roads, units,
               kjtd, dltb: list[dict]) -> None:
    bsm = Numbering()
    w = PlanWriter(path)

    def base(layer, geom, **attrs):
        area = round(geom.area, 2)
        row = {"geom": geom, "BSM": bsm(layer), "YSDM": YSDM.get(layer), **attrs}
        row.update((name, area) for name in AREA_FIELDS.get(layer, ("MJ",)))
        return row

    # Zones per unit first: each unit is then the union of a handful of zones.
    zones = dissolve(group_by(pieces, lambda p: (p.county, p.cls)))
    xzq = {
        code: shapely.union_all([g for key, g in zones.items() if key[0] == code]) for code, _ in ps.COUNTIES
    }
    rows = [base("XZQ", xzq[code], XZQDM=code, XZQMC=name) for code, name in ps.COUNTIES]
    w.write("XZQ", ["BSM", "YSDM", "XZQDM", "XZQMC", "MJ"], rows)

    w.write("ZXCQFW", ["BSM", "YSDM", "MC", "MJ"], [base("ZXCQFW", city.zxcqfw, MC="衡阳市中心城区")])

    def county_attrs(code):
        return {"XZQDM": code, "XZQMC": COUNTY_NAME[code]}

    eco = dissolve(group_by([p for p in pieces if p.cls == ECO_PROTECT], lambda p: p.county))
    rows = [
        base("STBHHX", part, **county_attrs(code)) for code in sorted(eco) for part in polygon_parts(eco[code])
    ]
    # The largest red-line patch of 南岳区 (衡山) is marked as a 自然保护地核心保护区 in
    # BZ, as delivered data may say in a remark: no limited activity applies there.
    core = max((row for row in rows if row["XZQDM"] == NANYUE), key=lambda row: row["geom"].area)
    core["BZ"] = CORE_ZONE_REMARK
    w.write("STBHHX", ["BSM", "YSDM", "XZQDM", "XZQMC", "MJ", "BZ"], rows)

    rows = []
    for p in pieces:
        if p.patch is None or p.cls != FARMLAND:
            continue
        for part in polygon_parts(p.patch):
            dl = "0101" if p.noise > -0.35 else "0103"
            name = land_use_codes()[dl].name
            rows.append(base("YJJBNT", part, DLBM=dl, DLMC=name, **county_attrs(p.county)))
    rows.sort(key=lambda r: r["XZQDM"])
    for i, row in enumerate(rows, 1):  # BSM in county order
        row["BSM"] = f"43040004{i:010d}"
    w.write("YJJBNT", ["BSM", "YSDM", "XZQDM", "XZQMC", "DLBM", "DLMC", "MJ"], rows)

    czk = dissolve(group_by([p for p in pieces if p.czk], lambda p: (p.county, p.czk)))
    rows = [
        base("CZKFBJ", part, GHFQDM=CZK_CODE[key[1]], GHFQMC=key[1], **county_attrs(key[0]))
        for key in sorted(czk, key=lambda k: (k[0], ps.CZKFBJ_PARTS.index(k[1])))
        for part in polygon_parts(czk[key])
    ]
    w.write("CZKFBJ", ["BSM", "YSDM", "XZQDM", "XZQMC", "GHFQDM", "GHFQMC", "MJ"], rows)

    rows = [
        base("GHFQ", zones[key], GHFQDM=GHFQ_CODE_BY_NAME[key[1]], GHFQMC=key[1], BZ=ps.SAMPLE_NOTICE,
             **county_attrs(key[0]))
        for key in sorted(zones)
    ]
    w.write("GHFQ", ["BSM", "YSDM", "XZQDM", "XZQMC", "GHFQDM", "GHFQMC", "MJ", "BZ"], rows)

    sub = dissolve(group_by([p for p in pieces if p.zx], lambda p: (p.county, p.subzone)))
    rows = [
        base("ZXCQGHFQ", sub[key], GHFQDM=GHFQ_CODE_BY_NAME[key[1]], GHFQMC=key[1], BZ=ps.SAMPLE_NOTICE,
             **county_attrs(key[0]))
        for key in sorted(sub)
    ]
    w.write("ZXCQGHFQ", ["BSM", "YSDM", "XZQDM", "XZQMC", "GHFQDM", "GHFQMC", "MJ", "BZ"], rows)

    rows = [
        base("ZXCQGHYDYH", p["geom"], YDYHFLDM=p["code"], YDYHFLMC=p["YDYHFLMC"], XZQDM=p["XZQDM"],
             GHFQMC=p["GHFQMC"], MC=p["MC"])
        for p in parcels
    ]
    w.write("ZXCQGHYDYH", ["BSM", "YSDM", "XZQDM", "YDYHFLDM", "YDYHFLMC", "GHFQMC", "MC", "TBMJ", "TBDLMJ"], rows)

    rows = [base("ZXCQCSLVX", f["geom"], JB=f["JB"], MC=f["MC"], LX=f["LX"]) for f in
            city.layers["green1"] + city.layers["green2"]]
    w.write("ZXCQCSLVX", ["BSM", "YSDM", "JB", "MC", "LX", "MJ"], rows)

    blue1 = [
        {"geom": city.river_bodies[name].intersection(city.zxcqfw), "MC": name, "JB": LEVEL_1, "LX": "河流"}
        for name in RIVERS
    ]
    blue2 = [{**f, "LX": "河流" if f["code"] == "1701" else ("湖泊" if f["code"] == "1702" else "水库")}
             for f in city.layers["blue2"]]
    rows = [base("ZXCQCSLX", f["geom"], JB=f["JB"], MC=f["MC"], LX=f["LX"]) for f in blue1 + blue2]
    w.write("ZXCQCSLX", ["BSM", "YSDM", "JB", "MC", "LX", "MJ"], rows)

    rows = [base("ZXCQCSZX", f["geom"], MC=f["MC"], LX="历史文化街区") for f in city.layers["purple"]]
    w.write("ZXCQCSZX", ["BSM", "YSDM", "MC", "LX", "MJ"], rows)

    rows = [base("ZXCQCSHX", f["geom"], JB=f["JB"], MC=f["MC"], LX=f["LX"]) for f in
            city.layers["yellow1"] + city.layers["yellow2"]]
    w.write("ZXCQCSHX", ["BSM", "YSDM", "JB", "MC", "LX", "MJ"], rows)

    rows = [base("CSGXDY", u["geom"], DYMC=u["DYMC"], GXLX=u["GXLX"], GXFS=u["GXFS"],
                 XZQDM=city.county_at(u["geom"].point_on_surface())) for u in units]
    w.write("CSGXDY", ["BSM", "YSDM", "DYMC", "GXLX", "GXFS", "XZQDM", "MJ"], rows)

    rows = [{"geom": k["geom"], "BSM": bsm("KJTD"), "MC": k["MC"], "KZKD": k["KZKD"], "LX": k["LX"],
             "CD": round(k["geom"].length, 2)} for k in kjtd]
    w.write("KJTD", ["BSM", "MC", "KZKD", "LX", "CD"], rows)

    rows = []
    for name, klass, line in roads:
        clipped = line.intersection(city.zxcqfw)
        merged = clipped if clipped.geom_type == "LineString" else shapely.line_merge(clipped)
        for part in shapely.get_parts(merged):
            if part.geom_type == "LineString" and part.length > 200:
                rows.append({"geom": part, "BSM": bsm("ZXCQDL"), "MC": name, "DJ": klass,
                             "HXKD": 2 * ROAD_HALF_WIDTH[klass], "CD": round(part.length, 2)})
    w.write("ZXCQDL", ["BSM", "MC", "DJ", "HXKD", "CD"], rows)

    rows = [{**s, "BSM": bsm("GGFWSS")} for s in services]
    w.write("GGFWSS", ["BSM", "MC", "LX", "JB", "XZQDM"], rows)

    rows = [
        {"XH": i, "ZBMC": n, "GHMBZ": v, "DW": u, "ZBSX": kind, "LY": src, "FW": scope}
        for i, (n, v, u, kind, src, scope) in enumerate(INDICATORS, 1)
    ]
    w.write("GHZB", ["XH", "ZBMC", "GHMBZ", "DW", "ZBSX", "LY", "FW"], rows)

    w.write("DLTB", DLTB_FIELDS, [{**row, "BSM": bsm("DLTB"), "YSDM": YSDM["DLTB"]} for row in dltb])
    w.close()


def group_by(pieces, key) -> dict:
    groups: dict = {}
    for p in pieces:
        groups.setdefault(key(p), []).append(p.geom)
    return groups


# --------------------------------------------------------------------------
# Main
# --------------------------------------------------------------------------


def check_vocabulary() -> None:
    """The tables above may only use names plan_schema knows (fails fast on a rename)."""
    assert ps.GHFQ_URBAN_SUBZONES["0403"] == SPECIAL
    assert set(CENTRAL_SERVICE_COUNTS) == set(ps.SERVICE_TYPES)
    assert set(SERVICE_LAND_USE) <= set(ps.SERVICE_TYPES)
    assert set(ZONE_LAND_USE) <= set(ps.GHFQ_CODES.values())
    assert {name for name, *_ in SUBZONE_ANCHORS} <= set(ps.GHFQ_URBAN_SUBZONES.values())
    assert set(RENEWAL_CENTRES_KM) == {name for names in ps.RENEWAL_UNITS.values() for name in names}
    assert set(RENEWAL_METHOD) == set(ps.RENEWAL_TYPES)
    assert {code for code, _ in ps.COUNTIES} == set(OUTER_UNIT_SEEDS) | {"430405", "430406", "430407", "430408"}
    codes = land_use_codes()
    used = {code for options in ZONE_LAND_USE.values() for code, _ in options} | set(SERVICE_LAND_USE.values())
    assert used <= set(codes), used - set(codes)


def generate(output: Path, seed: int = SEED, verbose: bool = False) -> None:
    check_vocabulary()
    t0 = time.perf_counter()

    def log(msg):
        if verbose:
            print(f"[{time.perf_counter() - t0:6.1f}s] {msg}", flush=True)

    rng = np.random.default_rng(seed)
    outline = make_outline(rng)
    pieces = make_cells(outline, rng)
    log(f"{len(pieces)} cells")
    mark_regions(pieces, rng)
    zxcqfw = shapely.union_all([p.geom for p in pieces if p.zx])
    lines = river_lines(rng)

    def blue1(factor):
        return shapely.union_all(list(river_polygons(lines, factor, outline).values())).intersection(zxcqfw)

    factor, _ = calibrate(blue1, km2_to_m2(BLUE_TARGETS_KM2[LEVEL_1]), 0.3, 3.0)
    bodies = river_polygons(lines, factor, outline)
    pieces = cut_rivers(pieces, bodies)
    log(f"rivers cut (width factor {factor:.3f}), {len(pieces)} pieces")
    assign_counties(pieces, lines, NoiseField(rng, 8, 8, 30))
    assign_classes(pieces, rng)
    log("classes assigned")
    assign_subzones(pieces, rng)
    city_roads = road_lines(rng)
    city = build_central(pieces, bodies, lines, city_roads, rng)
    city.county_at = county_locator(pieces)
    log("central city overlays built")
    services_plan = plan_services(pieces, city)
    parcels = land_use_parcels(pieces, city, rng, seed)
    services = service_points(services_plan, city)
    units = renewal_units(pieces, city)
    kjtd = crossings(city)
    log(f"{len(parcels)} land-use parcels, {len(services)} services")
    dltb = build_dltb(pieces, seed)
    log(f"{len(dltb)} 地类图斑")
    write_plan(output, pieces, city, parcels, services, city_roads, units, kjtd, dltb)
    log(f"wrote {output}")


def county_locator(pieces: list[Piece]):
    zx = [p for p in pieces if p.dreg]
    tree = shapely.STRtree(np.array([p.geom for p in zx]))

    def locate(point) -> str:
        hit = tree.query(point, predicate="intersects")
        if len(hit):
            return zx[int(hit[0])].county
        return zx[int(tree.nearest(point))].county

    return locate


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--output", type=Path, required=True, help="GeoPackage to (over)write")
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument("--quiet", action="store_true")
    args = parser.parse_args(argv)
    start = time.perf_counter()
    # Write beside the target and rename, so readers never see a half-written plan.
    partial = args.output.with_name(args.output.name + ".partial")
    partial.unlink(missing_ok=True)
    generate(partial, args.seed, verbose=not args.quiet)
    os.replace(partial, args.output)
    print(f"sample plan written to {args.output} in {time.perf_counter() - start:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
