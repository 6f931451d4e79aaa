"""The QA rules: id, family, severity and basis, one table for every surface (json, html, gpkg, dock).

错误 (error) means reviews against the plan cannot be trusted until it is fixed;
警告 (warning) means someone should look. Bases name the standard or the plan
section the rule comes from.
"""

from __future__ import annotations

from dataclasses import dataclass

ERROR = "错误"
WARNING = "警告"

STRUCTURE = "structure"
VALUES = "values"
GEOMETRY = "geometry"
TOPOLOGY = "topology"

FAMILY_TITLES = {STRUCTURE: "结构", VALUES: "属性值", GEOMETRY: "几何", TOPOLOGY: "拓扑（三区三线）"}

DATABASE_SPEC = "《市级国土空间总体规划数据库规范（试行）》"
PLAN = "《衡阳市国土空间总体规划（2021—2035年）》"
LAND_USE_GUIDE = "《国土空间调查、规划、用途管制用地用海分类指南》（2023）"
ZONING_GUIDE = "《市级国土空间总体规划编制指南（试行）》附录 规划分区"


@dataclass(frozen=True)
class QaRule:
    id: str
    family: str
    severity: str
    title: str
    basis: str

    def to_dict(self) -> dict[str, str]:
        return {
            "id": self.id,
            "family": self.family,
            "severity": self.severity,
            "title": self.title,
            "basis": self.basis,
        }


RULES: tuple[QaRule, ...] = (
    QaRule("layer_missing", STRUCTURE, ERROR, "缺少图层", f"{DATABASE_SPEC} 图层组织；本插件接口约定的图层表"),
    QaRule(
        "field_missing", STRUCTURE, ERROR, "缺少必填字段", f"{DATABASE_SPEC} 属性结构（字段名及国标写法 TBMJ、XJXZQDM）"
    ),
    QaRule(
        "field_type", STRUCTURE, ERROR, "字段类型不可用", f"{DATABASE_SPEC} 属性结构：面积、宽度为数值型，代码为字符型"
    ),
    QaRule(
        "crs_missing", STRUCTURE, ERROR, "图层无坐标系", f"{DATABASE_SPEC} 数学基础：2000国家大地坐标系（CGCS2000）"
    ),
    QaRule(
        "crs_not_gk",
        STRUCTURE,
        ERROR,
        "坐标系不是CGCS2000高斯-克吕格投影",
        f"{DATABASE_SPEC} 数学基础：CGCS2000，高斯-克吕格投影，平面坐标",
    ),
    QaRule("crs_inconsistent", STRUCTURE, ERROR, "图层坐标系不一致", f"{DATABASE_SPEC} 数学基础：全库同一坐标系"),
    QaRule("zone_name", VALUES, ERROR, "规划分区名称不在值域内", f"{ZONING_GUIDE}；{PLAN} 4.1（城镇发展区细分）"),
    QaRule(
        "boundary_part",
        VALUES,
        ERROR,
        "城镇开发边界分区名称不在值域内",
        f"{DATABASE_SPEC} 城镇开发边界 GHFQMC：城镇集中建设区、城镇弹性发展区、特别用途区",
    ),
    QaRule("land_use_code", VALUES, ERROR, "用地用海代码不在分类中", LAND_USE_GUIDE),
    QaRule("line_level", VALUES, ERROR, "城市四线级别不在值域内", f"{PLAN} 4.8 城市四线管控（一级、二级）"),
    QaRule(
        "renewal_type", VALUES, ERROR, "城市更新单元类型不在值域内", f"{PLAN} 4.6 城市更新（整治型、调整型、重构型）"
    ),
    QaRule("bsm_empty", VALUES, WARNING, "标识码为空", f"{DATABASE_SPEC} 标识码（BSM）必填"),
    QaRule("bsm_duplicate", VALUES, ERROR, "标识码重复", f"{DATABASE_SPEC} 标识码（BSM）在图层内唯一"),
    QaRule(
        "area_field",
        VALUES,
        WARNING,
        "面积字段与图形面积不符",
        f"{DATABASE_SPEC} 面积（MJ/TBMJ）为图斑平面面积；容差 max(1 平方米, 0.1%)",
    ),
    QaRule("geometry_empty", GEOMETRY, ERROR, "空几何", f"{DATABASE_SPEC} 图形要求：要素必须有图形"),
    QaRule(
        "geometry_invalid",
        GEOMETRY,
        ERROR,
        "无效几何（自相交等）",
        "OGC 简单要素规范有效性；自然资源部 国土空间规划“一张图”成果质检 图形检查",
    ),
    QaRule("multipart", GEOMETRY, WARNING, "图斑为多部件", f"{DATABASE_SPEC} 图斑为单一面"),
    QaRule("sliver", GEOMETRY, WARNING, "碎片多边形", "成果质检 碎片多边形：面积小于 1 平方米或平均宽度小于 0.1 米"),
    QaRule("duplicate_geometry", GEOMETRY, ERROR, "重复要素", "成果质检 重复要素：同一图层内图形完全相同"),
    QaRule(
        "zoning_gap",
        TOPOLOGY,
        ERROR,
        "规划分区未覆盖全域（缝隙）",
        f"{ZONING_GUIDE}：规划分区全覆盖、不重叠（市域分区覆盖行政区，中心城区分区覆盖中心城区范围）",
    ),
    QaRule("zoning_overlap", TOPOLOGY, ERROR, "规划分区相互重叠", f"{ZONING_GUIDE}：规划分区全覆盖、不重叠"),
    QaRule("zoning_outside", TOPOLOGY, ERROR, "规划分区超出范围", f"{ZONING_GUIDE}：分区在行政区/中心城区范围内"),
    QaRule("parcel_outside", TOPOLOGY, ERROR, "用地用海图斑超出中心城区范围", f"{PLAN} 第四章 中心城区规划用地布局"),
    QaRule("parcel_overlap", TOPOLOGY, ERROR, "用地用海图斑相互重叠", f"{LAND_USE_GUIDE}：每块用地只有一个用途"),
    QaRule(
        "control_line_overlap",
        TOPOLOGY,
        ERROR,
        "三条控制线相互重叠",
        f"{PLAN} 2.2 统筹划定“三条控制线”；"
        "《关于在国土空间规划中统筹划定落实三条控制线的指导意见》：三条控制线不交叉不重叠",
    ),
    QaRule(
        "farmland_zone",
        TOPOLOGY,
        ERROR,
        "永久基本农田不在农田保护区内",
        f"{ZONING_GUIDE}：农田保护区为永久基本农田相对集中需严格保护的区域",
    ),
    QaRule(
        "redline_zone",
        TOPOLOGY,
        ERROR,
        "生态保护红线不在生态保护区内",
        f"{ZONING_GUIDE}：生态保护区即生态保护红线范围",
    ),
    QaRule(
        "renewal_boundary",
        TOPOLOGY,
        WARNING,
        "城市更新单元超出城镇开发边界",
        f"{PLAN} 4.6 城市更新：更新单元在城镇开发边界内划定",
    ),
)

RULE_BY_ID = {rule.id: rule for rule in RULES}


def rule(rule_id: str) -> QaRule:
    return RULE_BY_ID[rule_id]
