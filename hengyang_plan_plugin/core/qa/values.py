"""Value rules: domain values known to the rule tables, BSM present and unique, MJ/TBMJ against the drawn area."""

from __future__ import annotations

from collections import defaultdict

import numpy as np
import shapely

from ..land_use_codes import current_code, land_use_codes
from ..plan_schema import (
    CZKFBJ_PARTS,
    GHFQ_CODES,
    LINE_LEVELS,
    RENEWAL_TYPES,
    czkfbj_part,
    field_names_for,
    layer_title,
)
from ..rules import land_use_matrix
from .layer_data import LayerData
from .model import Finding

AREA_ABS_TOLERANCE_M2 = 1.0
AREA_REL_TOLERANCE = 0.001
ZONE_LAYERS = ("GHFQ", "ZXCQGHFQ")
LEVEL_LAYERS = ("ZXCQCSLVX", "ZXCQCSLX", "ZXCQCSHX")
BSM_LAYERS = ("STBHHX", "YJJBNT")  # the contract requires BSM there; elsewhere it is checked when present
# 国土调查 DLTB.TBMJ is the 图斑椭球面积 (国土调查办发〔2008〕32号; TD/T 1055-2019 三调技术规程), not the planar
# area this rule compares with: a survey delivered as surveyed would warn on every 图斑.
AREA_EXEMPT_LAYERS = ("DLTB",)


def known_zone_names() -> set[str]:
    return set(GHFQ_CODES.values()) | set(land_use_matrix())


def _text(value) -> str:
    return "" if value is None else str(value).strip()


def _domain(data: LayerData, field: str, rule_id: str, accept, label: str, allowed: str) -> list[Finding]:
    values = data.values(field)
    if values is None:
        return []  # field_missing says so
    found = []
    for index, value in enumerate(values):
        if accept(_text(value)):
            continue
        shown = f"“{_text(value)}”" if _text(value) else "为空"
        found.append(
            Finding(
                rule_id,
                data.name,
                f"{layer_title(data.name)}（{data.name}）要素 {int(data.fids[index])} 的{label} {field} {shown}，"
                f"不在值域内（{allowed}）",
                (int(data.fids[index]),),
                data.geometries[index],
            )
        )
    return found


def domain_findings(data: LayerData) -> list[Finding]:
    name = data.name
    if name in ZONE_LAYERS:
        zones = known_zone_names()
        return _domain(
            data, "GHFQMC", "zone_name", zones.__contains__, "规划分区名称", "国家规划分区及衡阳城镇发展区细分"
        )
    if name == "CZKFBJ":
        return _domain(
            data,
            "GHFQMC",
            "boundary_part",
            lambda v: czkfbj_part(v) in CZKFBJ_PARTS,
            "分区名称",
            "集中建设区/城镇集中建设区、弹性发展区/城镇弹性发展区、特别用途区",
        )
    if name == "ZXCQGHYDYH":
        codes = land_use_codes()
        return _domain(
            data, "YDYHFLDM", "land_use_code", lambda v: current_code(v) in codes, "用地用海代码", "2023年分类代码"
        )
    if name in LEVEL_LAYERS:
        return _domain(data, "JB", "line_level", LINE_LEVELS.__contains__, "级别", "、".join(LINE_LEVELS))
    if name == "CSGXDY":
        return _domain(data, "GXLX", "renewal_type", RENEWAL_TYPES.__contains__, "更新类型", "、".join(RENEWAL_TYPES))
    return []


def bsm_findings(data: LayerData) -> list[Finding]:
    values = data.values("BSM")
    if values is None:
        return []
    found, seen = [], defaultdict(list)
    title = f"{layer_title(data.name)}（{data.name}）"
    for index, value in enumerate(values):
        text = _text(value)
        if text:
            seen[text].append(index)
        elif data.name in BSM_LAYERS:
            fid = int(data.fids[index])
            found.append(
                Finding("bsm_empty", data.name, f"{title}要素 {fid} 的标识码 BSM 为空", (fid,), data.geometries[index])
            )
    for value, indexes in seen.items():
        if len(indexes) < 2:
            continue
        fids = tuple(int(data.fids[i]) for i in indexes)
        shapes = [g for g in data.geometries[indexes] if g is not None]
        found.append(
            Finding(
                "bsm_duplicate",
                data.name,
                f"{title}标识码 BSM “{value}” 重复 {len(fids)} 次（要素 {', '.join(map(str, fids[:10]))}）",
                fids,
                shapely.GeometryCollection(shapes) if shapes else None,
            )
        )
    return found


def area_findings(data: LayerData, comparable: bool) -> list[Finding]:
    """MJ (or TBMJ/TBDLMJ) against the planar area, for valid polygons in the plan's projected CRS."""
    if not comparable or not data.has_geometry or not len(data) or data.name in AREA_EXEMPT_LAYERS:
        return []
    stored = next((data.values(name) for name in field_names_for("MJ") if data.values(name) is not None), None)
    if stored is None:
        return []
    declared = np.array([_number(v) for v in stored], dtype=float)
    geometries = data.geometries
    usable = ~shapely.is_missing(geometries) & ~np.isnan(declared)
    usable[usable] &= shapely.is_valid(geometries[usable]) & (shapely.get_dimensions(geometries[usable]) == 2)
    areas = np.zeros(len(declared))
    areas[usable] = shapely.area(geometries[usable])
    tolerance = np.maximum(AREA_ABS_TOLERANCE_M2, AREA_REL_TOLERANCE * areas)
    bad = usable & (np.abs(declared - areas) > tolerance)
    title = f"{layer_title(data.name)}（{data.name}）"
    return [
        Finding(
            "area_field",
            data.name,
            f"{title}要素 {int(data.fids[i])} 的面积字段为 {declared[i]:,.2f} 平方米，图形面积为 {areas[i]:,.2f} 平方米"
            f"（相差 {declared[i] - areas[i]:+,.2f}）",
            (int(data.fids[i]),),
            geometries[i],
            float(areas[i]),
        )
        for i in np.flatnonzero(bad)
    ]


def _number(value) -> float:
    try:
        return float(value)
    except (TypeError, ValueError):
        return float("nan")
