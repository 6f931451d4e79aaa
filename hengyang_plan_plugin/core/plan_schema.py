"""The plan database schema: layer names, fields, value domains and groups.

Layer and field names follow 《市级国土空间总体规划数据库规范（试行）》 where it has
one; 城市更新单元, 跨江通道, roads and public services are local layers. This is
the single source for the names the generator, the loader, the styles and the
review checks use.
"""

from __future__ import annotations

from dataclasses import dataclass

PLAN_EPSG = 4526  # CGCS2000 3-degree Gauss-Kruger zone 38, with zone prefix

POLYGON = "Polygon"
LINE = "LineString"
POINT = "Point"
TABLE = "None"


@dataclass(frozen=True)
class LayerSpec:
    name: str
    title: str  # Chinese title shown in the layer tree and reports
    geometry: str
    required_fields: tuple[str, ...]
    group: str  # Chinese group name in the layer tree
    # An optional layer is not reported missing when a plan lacks it, and its check's
    # not_run does not stop a 通过 verdict (a plan without it reviews as before).
    optional: bool = False


# Groups in drawing order, top first.
GROUP_CONTROL_LINES = "三条控制线"
GROUP_CITY_LINES = "城市四线"
GROUP_RENEWAL = "城市更新"
GROUP_TRANSPORT = "交通"
GROUP_SERVICES = "公共服务"
GROUP_ZONING = "规划分区"
GROUP_ADMIN = "行政区划"
GROUP_SURVEY = "国土调查现状"
GROUP_INDICATORS = "规划指标"

GROUP_ORDER = (
    GROUP_SERVICES,
    GROUP_TRANSPORT,
    GROUP_CITY_LINES,
    GROUP_RENEWAL,
    GROUP_CONTROL_LINES,
    GROUP_ZONING,
    GROUP_SURVEY,
    GROUP_ADMIN,
)

LAYERS: tuple[LayerSpec, ...] = (
    LayerSpec("XZQ", "行政区", POLYGON, ("XZQDM", "XZQMC"), GROUP_ADMIN),
    LayerSpec("ZXCQFW", "中心城区范围", POLYGON, (), GROUP_ADMIN),
    LayerSpec("STBHHX", "生态保护红线", POLYGON, ("BSM", "YSDM", "XZQDM", "MJ"), GROUP_CONTROL_LINES),
    LayerSpec("YJJBNT", "永久基本农田", POLYGON, ("BSM", "YSDM", "XZQDM", "MJ"), GROUP_CONTROL_LINES),
    LayerSpec("CZKFBJ", "城镇开发边界", POLYGON, ("GHFQMC",), GROUP_CONTROL_LINES),
    LayerSpec("GHFQ", "市域规划分区", POLYGON, ("GHFQDM", "GHFQMC"), GROUP_ZONING),
    LayerSpec("ZXCQGHFQ", "中心城区规划分区", POLYGON, ("GHFQDM", "GHFQMC"), GROUP_ZONING),
    LayerSpec("ZXCQGHYDYH", "中心城区规划用地用海", POLYGON, ("YDYHFLDM", "YDYHFLMC"), GROUP_ZONING),
    LayerSpec("ZXCQCSLVX", "城市绿线", POLYGON, ("JB", "MC"), GROUP_CITY_LINES),
    LayerSpec("ZXCQCSLX", "城市蓝线", POLYGON, ("JB", "MC"), GROUP_CITY_LINES),
    LayerSpec("ZXCQCSZX", "城市紫线", POLYGON, ("MC",), GROUP_CITY_LINES),
    LayerSpec("ZXCQCSHX", "城市黄线", POLYGON, ("JB", "MC"), GROUP_CITY_LINES),
    LayerSpec("CSGXDY", "城市更新单元", POLYGON, ("DYMC", "GXLX"), GROUP_RENEWAL),
    LayerSpec("KJTD", "规划跨江通道", LINE, ("MC", "KZKD"), GROUP_TRANSPORT),
    LayerSpec("ZXCQDL", "道路", LINE, ("MC", "DJ"), GROUP_TRANSPORT),
    LayerSpec("GGFWSS", "公共服务设施", POINT, ("MC", "LX"), GROUP_SERVICES),
    LayerSpec("GHZB", "规划指标", TABLE, ("ZBMC", "GHMBZ", "DW", "ZBSX", "LY"), GROUP_INDICATORS),
    # 国土调查 (三调 / 年度变更调查) 地类图斑: what the ground is today. Optional: a plan
    # database need not carry it; the current_land_use check then does not run.
    LayerSpec(
        "DLTB",
        "地类图斑（国土调查现状）",
        POLYGON,
        ("DLBM", "DLMC", "QSXZ", "QSDWDM", "QSDWMC", "TBMJ", "KCXS", "TBDLMJ"),
        GROUP_SURVEY,
        optional=True,
    ),
)

LAYER_BY_NAME = {spec.name: spec for spec in LAYERS}

# Field names as delivered databases spell them, for a field this project names
# otherwise (official-rules-check §1.2): the 用地用海 layers of the public
# 质检/入库 tools carry the area as TBMJ (图斑面积) or TBDLMJ (图斑地类面积), not
# MJ; one provincial 统一规划 standard writes the county code as XJXZQDM (县级
# 行政区代码), not XZQDM. The project's own name wins when both are present.
FIELD_ALTERNATIVES: dict[str, tuple[str, ...]] = {
    "MJ": ("TBMJ", "TBDLMJ"),
    "XZQDM": ("XJXZQDM",),
}


def field_names_for(name: str) -> tuple[str, ...]:
    """The project's field name and the delivered spellings accepted for it, in order of preference."""
    return (name, *FIELD_ALTERNATIVES.get(name, ()))


def field_value(attributes: dict, name: str):
    """A feature's value for a schema field, read from a delivered spelling when the field is absent or empty."""
    for candidate in field_names_for(name):
        value = attributes.get(candidate)
        if value not in (None, ""):
            return value
    return None


def missing_required_fields(spec: LayerSpec, field_names) -> tuple[str, ...]:
    """The required fields of ``spec`` that a layer with ``field_names`` lacks under every accepted spelling."""
    present = {str(name).upper() for name in field_names}
    return tuple(
        name for name in spec.required_fields if not any(c.upper() in present for c in field_names_for(name))
    )

# Drawing order inside the map, top first (points and lines over areas,
# control lines over zoning, administrative units at the bottom).
DRAWING_ORDER = (
    "GGFWSS",
    "KJTD",
    "ZXCQDL",
    "ZXCQCSZX",
    "ZXCQCSHX",
    "ZXCQCSLX",
    "ZXCQCSLVX",
    "CSGXDY",
    "STBHHX",
    "YJJBNT",
    "CZKFBJ",
    "ZXCQFW",
    "ZXCQGHYDYH",
    "ZXCQGHFQ",
    "GHFQ",
    "DLTB",
    "XZQ",
)

# The 12 county-level units (5 districts, 5 counties, 2 county-level cities).
COUNTIES: tuple[tuple[str, str], ...] = (
    ("430405", "珠晖区"),
    ("430406", "雁峰区"),
    ("430407", "石鼓区"),
    ("430408", "蒸湘区"),
    ("430412", "南岳区"),
    ("430421", "衡阳县"),
    ("430422", "衡南县"),
    ("430423", "衡山县"),
    ("430424", "衡东县"),
    ("430426", "祁东县"),
    ("430481", "耒阳市"),
    ("430482", "常宁市"),
)
DISTRICT_CODES = ("430405", "430406", "430407", "430408", "430412")  # 市辖区

# 规划分区 value domain. GHFQDM codes are this project's own lookup (the national
# code table was not available); checks key on GHFQMC.
GHFQ_LEVEL1 = {
    "01": "生态保护区",
    "02": "生态控制区",
    "03": "农田保护区",
    "04": "城镇发展区",
    "05": "乡村发展区",
    "07": "矿产能源发展区",
}
GHFQ_URBAN_SUBZONES = {
    "040101": "居住生活区",
    "040102": "综合服务区",
    "040103": "商业商务区",
    "040104": "工业发展区",
    "040105": "物流仓储区",
    "040106": "绿地休闲区",
    "040107": "交通枢纽区",
    "0402": "城镇弹性发展区",
    "0403": "特别用途区",
    "0404": "其他城镇建设区",
}
# National second-level zones the sample plan does not draw, accepted in delivered
# data (《市级国土空间总体规划编制指南（试行）》附录 规划分区): 战略预留区 is a sub-zone
# of 城镇集中建设区, the other four subdivide 乡村发展区. 其他城镇建设区 above is
# Hengyang's own zone (《规划》4.1, 城镇发展区细分9类) and stays. Codes are this
# project's lookup, like the rest (GHFQDM table not confirmed).
GHFQ_NATIONAL_SUBZONES = {
    "040108": "战略预留区",
    "0501": "村庄建设区",
    "0502": "一般农业区",
    "0503": "林业发展区",
    "0504": "牧业发展区",
}
GHFQ_CODES = {**GHFQ_LEVEL1, **GHFQ_URBAN_SUBZONES, **GHFQ_NATIONAL_SUBZONES}

# 城镇开发边界 parts (CZKFBJ.GHFQMC). The project's sample writes the short names;
# the national value domain (GHFQMC 城镇集中建设区 / 城镇弹性发展区 / 特别用途区, the
# names of the 城镇发展区 sub-zones in 《市级国土空间总体规划编制指南（试行）》附录 and
# in public 三区三线 database tools) is accepted as well and folded onto the short
# name by ``czkfbj_part``, the one place where a part name is normalised.
CZKFBJ_PARTS = ("集中建设区", "弹性发展区", "特别用途区")
CZKFBJ_NATIONAL_NAMES = {
    "集中建设区": "城镇集中建设区",
    "弹性发展区": "城镇弹性发展区",
    "特别用途区": "特别用途区",
}
CZKFBJ_PART_SPELLINGS: dict[str, tuple[str, ...]] = {
    part: tuple(dict.fromkeys((part, national))) for part, national in CZKFBJ_NATIONAL_NAMES.items()
}
_CZKFBJ_PART_BY_SPELLING = {
    spelling: part for part, spellings in CZKFBJ_PART_SPELLINGS.items() for spelling in spellings
}


def czkfbj_part(name: object) -> str:
    """The project's part name for a CZKFBJ GHFQMC value (城镇集中建设区 → 集中建设区).

    Surrounding blanks are dropped; unknown values come back stripped, unchanged.
    """
    text = "" if name is None else str(name).strip()
    return _CZKFBJ_PART_BY_SPELLING.get(text, text)


LINE_LEVELS = ("一级", "二级")
RENEWAL_TYPES = ("整治型", "调整型", "重构型")

# 城市更新单元 named by the plan (section 4.6).
RENEWAL_UNITS: dict[str, tuple[str, ...]] = {
    "整治型": (
        "五一合江更新单元",
        "老城居住更新单元",
        "老城文化更新单元",
        "雁峰联合更新单元",
        "苏州湾更新单元",
        "江东中心南更新单元",
        "龙山公园更新单元",
    ),
    "调整型": ("松木工业区更新单元", "高新区更新单元", "白沙工业园更新单元", "白沙洲更新单元"),
    "重构型": ("松梅更新单元", "江东中心北更新单元", "衡州大道南更新单元", "科学城更新单元"),
}

ROAD_CLASSES = ("快速路", "I级主干路", "II级主干路")
SERVICE_TYPES = ("小学", "初中", "医院", "社区卫生服务中心", "公园", "养老", "体育", "文化")

INDICATOR_KINDS = ("约束性", "预期性")

SAMPLE_NOTICE = "示意数据，非法定规划成果"


def layer_title(name: str) -> str:
    spec = LAYER_BY_NAME.get(name)
    return spec.title if spec else name
