"""Plan indicators (规划指标监测): what the plan data measure against the GHZB targets.

For each row of the ``GHZB`` table the indicator is matched to a computation
by the keyword in its name (ZBMC), its scope (FW field, else a scope in
brackets in the name, else 市域) and its unit (DW):

=====================  =====================================================  ==========
ZBMC contains          computation                                            met when
=====================  =====================================================  ==========
永久基本农田            area of the union of YJJBNT features ∩ scope           ≥ target
生态保护红线            area of the union of STBHHX features ∩ scope           ≥ target
城镇开发边界            area of the union of CZKFBJ features ∩ scope           ≤ target
一级/二级绿线           union of ZXCQCSLVX with JB = 一级/二级 ∩ scope           ≥ target
一级/二级蓝线           union of ZXCQCSLX with JB = 一级/二级 ∩ scope            ≥ target
紫线                    union of ZXCQCSZX ∩ scope                              ≥ target
一级/二级黄线           union of ZXCQCSHX with JB = 一级/二级 ∩ scope            ≥ target
跨湘江通道              number of KJTD features                                ≥ target
小学数量 / 初级中学数量  number of GGFWSS points with LX = 小学 / 初中 in scope   ≥ target
耕地保有量              Σ 图斑地类面积 TBDLMJ (田坎 deducted) of the DLTB 耕地      ≥ target
                       图斑 (DLBM 01xx) whose 坐落单位 ZLDWDM lies in the scope;
                       非空间指标 (年度国土变更调查) when the plan has no DLTB
anything else           非空间指标 (population, rates, per-capita figures …)
=====================  =====================================================  ==========

Each row says which kind it is. A 空间指标 names the layers it is measured from (the
indicator's layer and the scope's) and the method. A 非空间指标 names where its 现状值 comes
from (DATA_SOURCES: 人口普查, 统计年鉴, 国土变更调查 …); the technician enters that value
(``apply_current_values``) and the row is then compared with its target like a measured one.

Scopes: 市域 = the whole layer; 市辖区 = the XZQ units in ``DISTRICT_CODES``;
中心城区 = ZXCQFW; a county name = that XZQ unit. Areas are planar in the
plan's projected CRS (EPSG:4526 when the plan is geographic), converted to the
row's unit (万亩, 亩, 公顷, 平方千米, 平方米) and compared at the precision of
the target (two decimals at least), so a value equal to the target is met.
Unions make overlapping features count once. Besides the GHZB rows the report
breaks the three control lines down per county (no targets exist for those).
Qt-free.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from typing import Any

import shapely
from shapely.geometry.base import BaseGeometry

from .crs import spatial_reference, transform_geometry
from .plan.model import FieldMatch
from .plan_schema import COUNTIES, DISTRICT_CODES, PLAN_EPSG, field_value, layer_title
from .units import M2_PER_HA, M2_PER_KM2, M2_PER_MU, MU_PER_WAN_MU

MET = "met"
NOT_MET = "not_met"
NOT_COMPUTABLE = "not_computable"
STATUS_LABELS = {MET: "达标", NOT_MET: "未达标", NOT_COMPUTABLE: "无法由数据计算"}
AWAITING_VALUE_LABEL = "待填现状值"  # a 非空间指标 without its entered 现状值

SPATIAL = "spatial"
NON_SPATIAL = "non_spatial"
KIND_LABELS = {SPATIAL: "空间指标", NON_SPATIAL: "非空间指标"}
VALUE_MEASURED = "measured"  # 由规划数据计算
VALUE_ENTERED = "entered"  # 人工填报的现状值
VALUE_ORIGIN_LABELS = {VALUE_MEASURED: "规划数据计算", VALUE_ENTERED: "人工填报"}

# Where a 非空间指标's 现状值 is published: the first entry with a keyword in ZBMC applies.
DATA_SOURCES: tuple[tuple[tuple[str, ...], str], ...] = (
    (("耕地保有量",), "年度国土变更调查成果（耕地面积）"),
    (("常住人口规模",), "第七次全国人口普查公报、衡阳市统计年鉴（年末常住人口）"),
    (("城镇化率",), "衡阳市统计年鉴、国民经济和社会发展统计公报（常住人口城镇化率）"),
    (("天然林", "公益林", "森林"), "林草湿调查监测成果（森林资源管理“一张图”）"),
    (("水质",), "衡阳市生态环境状况公报（水功能区水质监测）"),
    (("养老",), "民政事业统计（养老机构床位数）与老年人口"),
    (("医疗", "卫生"), "卫生健康统计年鉴（医疗卫生机构床位数）与常住人口"),
    (("覆盖率",), "城市体检评估（设施服务范围分析）"),
    (("人均公共绿地", "绿地"), "城市建设统计年鉴（园林绿化）与常住人口"),
    (("体育", "教育"), "年度国土变更调查（设施用地面积）与常住人口"),
    (("避难",), "应急管理部门应急避难场所统计与常住人口"),
    (("燃气", "气化率"), "城市建设统计年鉴（燃气普及率）"),
    (("径流", "海绵"), "海绵城市建设自评估报告"),
)
DEFAULT_DATA_SOURCE = "相关部门统计数据或城市体检评估"
# 非空间指标 that must stay at or below their target; the others at or above.
AT_MOST_KEYWORDS = ("用水总量", "能耗", "碳排放", "开发强度")

AT_LEAST = "at_least"
AT_MOST = "at_most"
DIRECTION_LABELS = {AT_LEAST: "不低于", AT_MOST: "不高于"}

SCOPE_CITY = "市域"
SCOPE_DISTRICTS = "市辖区"
SCOPE_CENTRAL = "中心城区"

AREA = "area"
COUNT = "count"
SURVEY_AREA = "survey_area"  # summed from 国土调查 attributes by 坐落单位, as the 变更调查 reports it

# m² per unit for area indicators.
AREA_UNITS = {
    "万亩": M2_PER_MU * MU_PER_WAN_MU,
    "亩": M2_PER_MU,
    "公顷": M2_PER_HA,
    "平方千米": M2_PER_KM2,
    "平方公里": M2_PER_KM2,
    "km²": M2_PER_KM2,
    "km2": M2_PER_KM2,
    "平方米": 1.0,
    "m²": 1.0,
    "m2": 1.0,
}
COUNT_UNITS = ("处", "所", "个", "座", "条")

# A box holding any plan in any CRS: "all features" through the indexed query.
EVERYWHERE = shapely.box(-1e12, -1e12, 1e12, 1e12)

# Layers broken down per county (they carry XZQDM and cover the whole city).
COUNTY_LAYERS = ("YJJBNT", "STBHHX", "CZKFBJ")


@dataclass(frozen=True)
class IndicatorRule:
    keywords: tuple[str, ...]  # all must appear in ZBMC
    kind: str  # AREA or COUNT; "" = not computable
    layer: str | None
    direction: str
    method: str  # how it is computed, Chinese, shown in the table
    field: str | None = None  # attribute filter for AREA/COUNT
    value: str | None = None


def _line(keyword: str, level: str | None, layer: str) -> IndicatorRule:
    keywords = (level, keyword) if level else (keyword,)
    where = f"（JB={level}）" if level else ""
    return IndicatorRule(
        keywords,
        AREA,
        layer,
        AT_LEAST,
        f"{layer_title(layer)}{where}图斑并集面积",
        "JB" if level else None,
        level,
    )


# Most specific first: the first rule whose keywords all occur in ZBMC applies.
RULES: tuple[IndicatorRule, ...] = (
    IndicatorRule(
        ("耕地保有量",),
        SURVEY_AREA,
        "DLTB",
        AT_LEAST,
        "耕地（DLBM 0101 水田、0102 水浇地、0103 旱地）图斑地类面积 TBDLMJ 之和（已扣除田坎；"
        "缺 TBDLMJ 时取 TBMJ×(1−KCXS)），按坐落单位代码 ZLDWDM 前 6 位归入范围",
        "DLBM",
        "01",
    ),
    IndicatorRule(("永久基本农田",), AREA, "YJJBNT", AT_LEAST, "永久基本农田图斑并集面积"),
    IndicatorRule(("生态保护红线",), AREA, "STBHHX", AT_LEAST, "生态保护红线图斑并集面积"),
    IndicatorRule(
        ("城镇开发边界",),
        AREA,
        "CZKFBJ",
        AT_MOST,
        "城镇开发边界（集中建设区、弹性发展区、特别用途区）并集面积",
    ),
    _line("绿线", "一级", "ZXCQCSLVX"),
    _line("绿线", "二级", "ZXCQCSLVX"),
    _line("绿线", None, "ZXCQCSLVX"),
    _line("蓝线", "一级", "ZXCQCSLX"),
    _line("蓝线", "二级", "ZXCQCSLX"),
    _line("蓝线", None, "ZXCQCSLX"),
    _line("紫线", None, "ZXCQCSZX"),
    _line("黄线", "一级", "ZXCQCSHX"),
    _line("黄线", "二级", "ZXCQCSHX"),
    _line("黄线", None, "ZXCQCSHX"),
    IndicatorRule(("跨湘江通道",), COUNT, "KJTD", AT_LEAST, "规划跨江通道要素数"),
    IndicatorRule(
        ("小学", "数量"), COUNT, "GGFWSS", AT_LEAST, "公共服务设施中小学（LX=小学）个数", "LX", "小学"
    ),
    IndicatorRule(
        ("初级中学", "数量"), COUNT, "GGFWSS", AT_LEAST, "公共服务设施中初中（LX=初中）个数", "LX", "初中"
    ),
)
NOT_SPATIAL = "非空间指标，规划数据不能计算"
# Without its layer a rule with a published 现状 (耕地保有量: the 变更调查) is a 非空间指标 to fill in.
FALLBACK_WITHOUT_LAYER = {"DLTB": "规划数据不含国土调查地类图斑（DLTB），耕地保有量不能由规划数据计算"}
# The layer that bounds each scope (市域: none, the whole layer).
SCOPE_LAYERS = {SCOPE_CENTRAL: "ZXCQFW"}
COUNTY_SCOPE_LAYER = "XZQ"


def data_source(name: str) -> str:
    for keywords, source in DATA_SOURCES:
        if any(keyword in name for keyword in keywords):
            return source
    return DEFAULT_DATA_SOURCE


def _layers_text(layers: list[str]) -> str:
    return "、".join(f"{layer_title(layer)}（{layer}）" for layer in layers)


@dataclass
class IndicatorRow:
    name: str  # ZBMC
    scope: str
    unit: str  # DW
    target: float | None  # GHMBZ
    attribute: str  # ZBSX 约束性/预期性
    source: str  # LY
    status: str
    value: float | None = None
    difference: float | None = None  # value - target, at the compared precision
    direction: str | None = None
    method: str = ""
    layer: str | None = None
    value_m2: float | None = None
    kind: str = NON_SPATIAL
    layers: list[str] = field(default_factory=list)  # what a 空间指标 is measured from
    data_source: str = ""  # where a 非空间指标's 现状值 comes from
    value_origin: str | None = None  # VALUE_MEASURED / VALUE_ENTERED

    @property
    def status_label(self) -> str:
        if self.status == NOT_COMPUTABLE and self.kind == NON_SPATIAL and self.target is not None:
            return AWAITING_VALUE_LABEL
        return STATUS_LABELS[self.status]

    @property
    def kind_label(self) -> str:
        return KIND_LABELS[self.kind]

    @property
    def basis_text(self) -> str:
        """How the value is had: the layers and method, or the data source of the 现状值."""
        if self.kind == SPATIAL:
            return f"{self.method}；图层：{_layers_text(self.layers)}" if self.layers else self.method
        return f"{self.method}；现状值来源：{self.data_source}"

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["status_label"] = self.status_label
        data["direction_label"] = DIRECTION_LABELS.get(self.direction or "", "")
        data["kind_label"] = self.kind_label
        data["layers_text"] = _layers_text(self.layers)
        data["value_origin_label"] = VALUE_ORIGIN_LABELS.get(self.value_origin or "", "")
        data["basis_text"] = self.basis_text
        return data


@dataclass
class CountyArea:
    code: str
    name: str
    layer: str
    area_m2: float

    def to_dict(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "name": self.name,
            "layer": self.layer,
            "layer_title": layer_title(self.layer),
            "area_m2": round(self.area_m2, 2),
            "area_km2": round(self.area_m2 / M2_PER_KM2, 4),
            "area_wan_mu": round(self.area_m2 / (M2_PER_MU * MU_PER_WAN_MU), 4),
        }


@dataclass
class IndicatorReport:
    plan_source: str
    rows: list[IndicatorRow] = field(default_factory=list)
    counties: list[CountyArea] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def row(self, name: str) -> IndicatorRow:
        for row in self.rows:
            if row.name == name:
                return row
        raise KeyError(name)

    def to_dict(self) -> dict[str, Any]:
        return {
            "plan_source": self.plan_source,
            "indicators": [row.to_dict() for row in self.rows],
            "counties": [county.to_dict() for county in self.counties],
            "warnings": list(self.warnings),
        }


def match_rule(name: str) -> IndicatorRule | None:
    for rule in RULES:
        if all(keyword in name for keyword in rule.keywords):
            return rule
    return None


def row_scope(row: dict[str, Any]) -> str:
    """FW when the table has it, else a scope in brackets in ZBMC, else 市域."""
    scope = str(row.get("FW") or "").strip()
    if scope:
        return scope
    found = re.search(r"[（(]([^）)]+)[）)]\s*$", str(row.get("ZBMC") or ""))
    return found.group(1).strip() if found else SCOPE_CITY


def _decimals(value: float) -> int:
    text = f"{value:.6f}".rstrip("0").rstrip(".")
    return len(text.split(".")[1]) if "." in text else 0


class PlanMeasure:
    """Unions and scope geometries of one plan, in one projected CRS, each built once.

    Public because 规划成果质检 (core/qa/figures.py) measures through a subclass of it."""

    def __init__(self, source):
        self.source = source
        key = source.crs_key() or f"EPSG:{PLAN_EPSG}"
        self.key = key if spatial_reference(key).IsProjected() else f"EPSG:{PLAN_EPSG}"
        self._features: dict[str, list] = {}
        self._unions: dict[tuple, BaseGeometry] = {}
        self._scopes: dict[str, BaseGeometry | None] = {}

    def features(self, layer: str) -> list:
        """Every feature of a layer, through the backend's query (which holds the plan's lock:
        a review may be using the same OGR handles in another thread)."""
        if layer not in self._features:
            layer_key = self.source.layer(layer).crs_key or self.key
            found = self.source.query(layer, EVERYWHERE, layer_key)
            self._features[layer] = [
                (f.attributes, transform_geometry(f.geometry, layer_key, self.key))
                for f in found
                if f.geometry is not None and not f.geometry.is_empty
            ]
        return self._features[layer]

    def union(self, layer: str, field: str | None = None, value: str | None = None) -> BaseGeometry:
        key = (layer, field, value)
        if key not in self._unions:
            geometries = [
                g
                for attrs, g in self.features(layer)
                if field is None or str(attrs.get(field) or "").strip() == value
            ]
            polygons = [g for g in geometries if g.geom_type in ("Polygon", "MultiPolygon")]
            self._unions[key] = shapely.union_all(polygons) if polygons else shapely.Polygon()
        return self._unions[key]

    def scope(self, scope: str) -> BaseGeometry | None:
        """None = the whole plan (市域); raises LookupError when the scope's layer is missing."""
        if scope == SCOPE_CITY:
            return None
        if scope not in self._scopes:
            if scope == SCOPE_CENTRAL:
                self._require("ZXCQFW", scope)
                self._scopes[scope] = self.union("ZXCQFW")
            else:
                codes = self._county_codes(scope)
                self._require("XZQ", scope)
                parts = [g for attrs, g in self.features("XZQ") if str(field_value(attrs, "XZQDM") or "")[:6] in codes]
                if not parts:
                    raise LookupError(f"行政区图层中没有{scope}的范围")
                self._scopes[scope] = shapely.union_all(parts)
        return self._scopes[scope]

    def _require(self, layer: str, scope: str) -> None:
        if not self.source.has_layer(layer):
            raise LookupError(f"规划数据缺少{layer_title(layer)}图层（{layer}），无法按{scope}统计")

    @staticmethod
    def _county_codes(scope: str) -> tuple[str, ...]:
        if scope == SCOPE_DISTRICTS:
            return DISTRICT_CODES
        for code, name in COUNTIES:
            if scope in (code, name):
                return (code,)
        raise LookupError(f"无法识别的指标范围：{scope}")

    def area_m2(self, rule: IndicatorRule, scope: str) -> float:
        union = self.union(rule.layer, rule.field, rule.value)
        area = self.scope(scope)
        return float((union if area is None else union.intersection(area)).area)

    def survey_area_m2(self, rule: IndicatorRule, scope: str) -> float:
        """Σ 图斑地类面积 of the 图斑 meeting the rule (attributes only, never the geometry: a city's
        DLTB has a million 图斑) whose 坐落单位 lies in the scope, as the 变更调查 tallies by unit."""
        if scope == SCOPE_CENTRAL:
            raise LookupError(f"{layer_title(rule.layer)}按坐落单位（ZLDWDM）汇总，不能按{scope}统计")
        codes = None if scope == SCOPE_CITY else self._county_codes(scope)
        total = 0.0
        for attrs in self.source.table_rows(rule.layer, FieldMatch(rule.field, rule.value, prefix=True)):
            if codes is not None and str(field_value(attrs, "ZLDWDM") or "")[:6] not in codes:
                continue
            total += _net_area(attrs)
        return total

    def count(self, rule: IndicatorRule, scope: str) -> int:
        area = self.scope(scope)
        geometries = [
            g
            for attrs, g in self.features(rule.layer)
            if rule.field is None or str(attrs.get(rule.field) or "").strip() == rule.value
        ]
        if area is None:
            return len(geometries)
        shapely.prepare(area)
        return int(shapely.intersects(area, geometries).sum()) if geometries else 0


def number_or_none(value) -> float | None:
    """A table cell as a number; None when empty or not a number (GHMBZ, TBDLMJ …)."""
    try:
        return float(value) if value not in (None, "") else None
    except (TypeError, ValueError):
        return None


def _net_area(attrs: dict[str, Any]) -> float:
    """A 图斑's 地类面积: TBDLMJ, else TBMJ less its 田坎 (KCMJ, else TBMJ×KCXS); 0 when unknown."""
    net = number_or_none(field_value(attrs, "TBDLMJ"))
    if net is not None:
        return net
    gross = number_or_none(field_value(attrs, "TBMJ"))
    if gross is None:
        return 0.0
    ridge = number_or_none(field_value(attrs, "KCMJ"))
    if ridge is None:
        share = number_or_none(field_value(attrs, "KCXS"))  # a fraction, as current_land_use reads it
        ridge = gross * share if share is not None and 0.0 <= share < 1.0 else 0.0
    return gross - ridge


def evaluate_indicator(row: dict[str, Any], measure: PlanMeasure) -> IndicatorRow:
    """One GHZB row measured by ``measure``: shared with 规划成果质检 (core/qa/figures.py) so both show one figure."""
    name = str(row.get("ZBMC") or "").strip()
    unit = str(row.get("DW") or "").strip()
    target = number_or_none(row.get("GHMBZ"))
    out = IndicatorRow(
        name,
        row_scope(row),
        unit,
        target,
        str(row.get("ZBSX") or ""),
        str(row.get("LY") or ""),
        NOT_COMPUTABLE,
    )
    rule = match_rule(name)
    if rule is not None and rule.layer in FALLBACK_WITHOUT_LAYER and not measure.source.has_layer(rule.layer):
        rule = IndicatorRule(rule.keywords, "", None, rule.direction, FALLBACK_WITHOUT_LAYER[rule.layer])
    if rule is None or not rule.kind:
        out.method = rule.method if rule is not None else NOT_SPATIAL
        out.direction = AT_MOST if any(k in name for k in AT_MOST_KEYWORDS) else AT_LEAST
        out.data_source = data_source(name)
        return out
    out.method, out.direction, out.layer = rule.method, rule.direction, rule.layer
    out.kind = SPATIAL
    scope_layer = SCOPE_LAYERS.get(out.scope) if out.scope != SCOPE_CITY else None
    if out.scope not in (SCOPE_CITY, SCOPE_CENTRAL):
        scope_layer = COUNTY_SCOPE_LAYER
    if rule.kind == SURVEY_AREA:  # scoped by the 坐落单位 code, not by a layer
        scope_layer = None
    out.layers = [rule.layer] + ([scope_layer] if scope_layer else [])
    if not measure.source.has_layer(rule.layer):
        out.method = f"规划数据缺少{layer_title(rule.layer)}图层（{rule.layer}）"
        return out
    try:
        if rule.kind in (AREA, SURVEY_AREA):
            if unit not in AREA_UNITS:
                out.method = f"单位“{unit}”不是面积单位，无法换算"
                return out
            measured = measure.survey_area_m2 if rule.kind == SURVEY_AREA else measure.area_m2
            out.value_m2 = measured(rule, out.scope)
            value = out.value_m2 / AREA_UNITS[unit]
            decimals = max(2, _decimals(target)) if target is not None else 2
        else:
            value = float(measure.count(rule, out.scope))
            decimals = 0
    except LookupError as error:
        out.method = str(error)
        return out
    out.value = round(value, decimals)
    out.value_origin = VALUE_MEASURED
    if target is None:
        out.method += "（无目标值）"
        return out
    _compare(out, decimals)
    return out


def _compare(row: IndicatorRow, decimals: int) -> None:
    row.difference = round(row.value - round(row.target, decimals), decimals)
    met = row.difference >= 0 if row.direction == AT_LEAST else row.difference <= 0
    row.status = MET if met else NOT_MET


def apply_current_values(report: IndicatorReport, values: dict[str, float | None]) -> IndicatorReport:
    """Put the entered 现状值 of 非空间指标 (by ZBMC) into the report and compare them with their
    targets; a value removed (None) puts the row back to 待填现状值. Measured rows are kept."""
    for row in report.rows:
        if row.kind != NON_SPATIAL or row.name not in values:
            continue
        value = values[row.name]
        if value is None:
            row.value = row.difference = None
            row.value_origin = None
            row.status = NOT_COMPUTABLE
            continue
        decimals = max(2, _decimals(float(value)), _decimals(row.target) if row.target is not None else 0)
        row.value = round(float(value), decimals)
        row.value_origin = VALUE_ENTERED
        if row.target is None:
            row.status = NOT_COMPUTABLE
            continue
        _compare(row, decimals)
    return report


def _county_breakdown(measure: PlanMeasure) -> list[CountyArea]:
    if not measure.source.has_layer("XZQ"):
        return []
    names = dict(COUNTIES)
    out = []
    units = [
        (str(field_value(attrs, "XZQDM") or "")[:6], str(attrs.get("XZQMC") or ""), g)
        for attrs, g in measure.features("XZQ")
    ]
    for layer in COUNTY_LAYERS:
        if not measure.source.has_layer(layer):
            continue
        union = measure.union(layer)
        for code, name, geometry in sorted(units, key=lambda unit: unit[0]):
            area = float(union.intersection(geometry).area)
            out.append(CountyArea(code, name or names.get(code, code), layer, area))
    return out


def compute_indicators(
    plan: Any = None, counties: bool = True, current_values: dict[str, float | None] | None = None
) -> IndicatorReport:
    """Indicators of a plan (path, PlanLocation or opened plan backend; None = the sample plan),
    with the entered 现状值 of its 非空间指标 (by ZBMC) when given."""
    from .plan.registry import open_plan

    source = open_plan(plan)
    measure = PlanMeasure(source)
    report = IndicatorReport(source.source)
    if source.has_layer("GHZB"):
        rows = source.table_rows("GHZB")
        rows.sort(key=lambda r: (r.get("XH") is None, r.get("XH") or 0))
        report.rows = [evaluate_indicator(row, measure) for row in rows if str(row.get("ZBMC") or "").strip()]
    else:
        report.warnings.append("规划数据缺少规划指标表（GHZB），只统计各县（市、区）控制线面积")
    if counties:
        report.counties = _county_breakdown(measure)
    if current_values:
        apply_current_values(report, current_values)
    return report


CSV_COLUMNS = (
    ("name", "指标名称"), ("scope", "范围"), ("kind_label", "指标类型"), ("attribute", "指标属性"),
    ("unit", "单位"), ("target", "规划目标值"), ("direction_label", "要求"), ("value", "现状值"),
    ("value_origin_label", "现状值来源方式"), ("difference", "差值"), ("status_label", "结果"),
    ("layers_text", "计算图层"), ("method", "计算方法"), ("data_source", "现状值数据来源"), ("source", "规划依据"),
)


def indicators_csv(report: IndicatorReport) -> str:
    """The table as the dock shows it (entered 现状值 included), for Excel (UTF-8 with BOM)."""
    import csv
    import io

    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([title for _, title in CSV_COLUMNS])
    for row in report.rows:
        data = row.to_dict()
        writer.writerow(["" if data.get(key) is None else data[key] for key, _ in CSV_COLUMNS])
    return "\ufeff" + buffer.getvalue()
