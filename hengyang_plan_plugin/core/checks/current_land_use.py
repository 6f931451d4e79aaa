"""现状地类 (DLTB, 国土调查地类图斑): what the site occupies today, whose land it is, what it needs.

Areas are planar (working CRS), like every other check. A site's piece of a
图斑 is split by the 图斑's 田坎系数 as the survey splits the 图斑 itself
(KCMJ = TBMJ × KCXS, TBDLMJ = TBMJ − KCMJ): piece × KCXS is 1203 田坎, the
rest is the 图斑's own 地类. So the rows always add up to the site area.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

import shapely
from shapely.errors import GEOSException
from shapely.geometry.base import BaseGeometry

from ..context import ReviewContext, ReviewSite
from ..land_use_codes import is_construction
from ..overlay import (
    AREA_NOISE_M2,
    EMPTY,
    LARGE_SITE_VERTICES,
    difference,
    geometry_array,
    is_sliver,
    near_part,
    polygonal,
    snap,
)
from ..plan.model import PlanFeature
from ..result import PASS, WARNING, CheckOutcome, FeatureHit
from ..rules import LAND_CLASSES, SurveyClass, check_basis, survey_classes
from ..units import m2_to_mu
from .common import area_text, attribute

CHECK_ID = "current_land_use"
LAYER = "DLTB"
AGRICULTURAL, CONSTRUCTION, UNUSED = LAND_CLASSES
CULTIVATED = {"0101": "水田", "0102": "水浇地", "0103": "旱地"}
RIDGE = "1203"  # 田坎
# 权属性质 (QSXZ) codes of the 三调 database: 10/20 国有, 30–34/40 集体.
OWNERSHIP_NAMES = {
    "10": "国有土地所有权",
    "20": "国有土地使用权",
    "30": "集体土地所有权",
    "31": "村民小组",
    "32": "村集体经济组织",
    "33": "乡集体经济组织",
    "34": "其他农民集体经济组织",
    "40": "集体土地使用权",
}
STATE, COLLECTIVE, UNKNOWN_OWNER = "国有", "集体", "未知"
FEATURE_KEYS = ("BSM", "DLBM", "DLMC", "QSXZ", "QSDWDM", "QSDWMC", "ZLDWMC", "KCXS")
UNKNOWN_CLASS = "地类不明"
UNCOVERED = "无现状图斑"
# The 地类面积汇总表's columns after the 权属 columns: 耕地 by type, the other 农用地
# 一级类, 建设用地, 未利用地; the last two only when the site has such land.
TABLE_COLUMNS = ("水田", "水浇地", "旱地", "园地", "林地", "草地", "其他农用地", "建设用地", "未利用地")
OPTIONAL_COLUMNS = (UNKNOWN_CLASS, UNCOVERED)
AGRICULTURAL_COLUMNS = {"02": "园地", "03": "林地", "04": "草地"}
METHOD = (
    "按图斑逐块叠加：用地红线与每个地类图斑相交的平面面积（工作坐标系），按该图斑扣除系数 KCXS "
    "拆分为田坎（1203，相交面积×KCXS）与图斑地类（相交面积×(1−KCXS)），与国土调查 KCMJ=TBMJ×KCXS、"
    "TBDLMJ=TBMJ−KCMJ 的拆分一致；KCXS 缺失时取 1−TBDLMJ/TBMJ；面积不按椭球面积（TBMJ）缩放"
)


@dataclass
class Owner:
    code: str
    name: str
    kind: str  # 国有 / 集体 / 未知
    ownership: str  # the QSXZ name
    columns: dict[str, float] = field(default_factory=lambda: defaultdict(float))


def classify(code: str) -> tuple[SurveyClass | None, bool]:
    """The 三调 class of a DLBM value and whether it is a 可调整地类 (suffix K)."""
    text = code.strip().upper()
    adjustable = text.endswith("K")
    base = text[:-1] if adjustable else text
    return survey_classes().get(base), adjustable


def ridge_share(attributes: dict) -> float | None:
    """KCXS as a fraction, else 1 − TBDLMJ/TBMJ; None when neither is usable."""
    value = _number(attributes.get("KCXS"))
    if value is not None and 0.0 <= value < 1.0:
        return value
    total, net = _number(attributes.get("TBMJ")), _number(attributes.get("TBDLMJ"))
    if total and net is not None and 0.0 <= net <= total:
        return 1.0 - net / total
    return None if value is not None else 0.0


def _number(value) -> float | None:
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return number if number == number else None  # NaN is no number


def ownership_kind(qsxz: str) -> str:
    if qsxz[:1] in ("1", "2"):
        return STATE
    if qsxz[:1] in ("3", "4"):
        return COLLECTIVE
    return UNKNOWN_OWNER


def column_of(survey: SurveyClass | None, code: str) -> str:
    if survey is None:
        return UNKNOWN_CLASS
    if survey.code in CULTIVATED:
        return CULTIVATED[survey.code]
    if survey.land_class == AGRICULTURAL:
        return AGRICULTURAL_COLUMNS.get(code[:2], "其他农用地")
    return survey.land_class


@dataclass
class Tally:
    """Areas of one site by 二级 code, 一级类, 三大类 and 权属单位."""

    by_code: dict[str, float] = field(default_factory=lambda: defaultdict(float))
    names: dict[str, str] = field(default_factory=dict)
    owners: dict[tuple, Owner] = field(default_factory=dict)
    unknown_codes: set[str] = field(default_factory=set)
    bad_ridge: int = 0

    def add(self, feature: PlanFeature, area: float) -> None:
        attributes = feature.attributes
        code = attribute(feature, "DLBM").upper()
        survey, _ = classify(code)
        share = ridge_share(attributes)
        if share is None:
            self.bad_ridge += 1
            share = 0.0
        if survey is None:
            self.unknown_codes.add(code or "（空）")
        ridge = area * share if survey is not None and survey.land_class == AGRICULTURAL else 0.0
        self.by_code[code] += area - ridge
        self.names.setdefault(code, survey.name if survey else attribute(feature, "DLMC"))
        owner = self._owner(feature)
        owner.columns[column_of(survey, code)] += area - ridge
        if ridge:
            self.by_code[RIDGE] += ridge
            self.names.setdefault(RIDGE, "田坎")
            owner.columns["其他农用地"] += ridge

    def _owner(self, feature: PlanFeature) -> Owner:
        qsxz = attribute(feature, "QSXZ")
        key = (attribute(feature, "QSDWDM"), attribute(feature, "QSDWMC"), qsxz)
        owner = self.owners.get(key)
        if owner is None:
            owner = self.owners[key] = Owner(key[0], key[1], ownership_kind(qsxz), OWNERSHIP_NAMES.get(qsxz, qsxz))
        return owner

    def total(self, predicate) -> float:
        return sum(area for code, area in self.by_code.items() if predicate(classify(code)[0]))


@dataclass
class SurveyPieces:
    """The site cut by each 图斑 it meets: (feature, piece) in the layer's order, no union taken."""

    features: list[PlanFeature]
    geometries: list  # site ∩ feature, polygonal, one per feature

    @property
    def areas(self) -> list[float]:
        return [float(area) for area in shapely.area(geometry_array(self.geometries))] if self.geometries else []

    def union(self, keep) -> object:
        chosen = [g for f, g in zip(self.features, self.geometries) if keep(f)]
        return polygonal(shapely.union_all(geometry_array(chosen))) if chosen else EMPTY


def survey_pieces(site: BaseGeometry, features: list[PlanFeature]) -> SurveyPieces:
    """Site ∩ each 图斑, vectorised. A survey's 图斑 tile the ground without overlapping, so the
    pieces' areas add up to the covered area and no union is needed (10,000 parcels stay cheap)."""
    if not features:
        return SurveyPieces([], [])
    shapes = geometry_array([f.geometry for f in features])
    shapely.prepare(site)  # a no-op when another check has prepared this parcel already
    meets = shapely.intersects(site, shapes)
    chosen = [f for f, hit in zip(features, meets) if hit]
    if not chosen:
        return SurveyPieces([], [])
    shapes = shapes[meets]
    try:
        pieces = _cut(site, shapes)
    except GEOSException:  # a topology error: on the 0.1 mm grid, as the other overlays retry
        pieces = _cut(snap(site), snap(shapes))
    pieces = [polygonal(piece, AREA_NOISE_M2) for piece in pieces]
    kept = [(f, g) for f, g in zip(chosen, pieces) if not g.is_empty]
    return SurveyPieces([f for f, _ in kept], [g for _, g in kept])


def _cut(site: BaseGeometry, shapes):
    if shapely.get_num_coordinates(site) < LARGE_SITE_VERTICES:
        return list(shapely.intersection(shapes, site))
    # a huge site (a dense survey boundary): each 图斑 against the part of the site near it
    return [shapely.intersection(near_part(site, shape), shape) for shape in shapes]


def run(ctx: ReviewContext, site: ReviewSite) -> CheckOutcome:
    found = survey_pieces(site.geometry, ctx.features(LAYER))
    pieces = list(zip(found.features, found.areas))
    site_area = float(site.geometry.area)
    covered = sum(area for _, area in pieces)
    overlapping = False
    if covered > site_area + 0.01:  # overlapping 图斑 (a data error) would count ground twice
        union = float(found.union(lambda f: True).area)
        overlapping, scale = True, union / covered
        pieces, covered = [(f, area * scale) for f, area in pieces], union
    tally = Tally()
    for feature, area in pieces:
        tally.add(feature, area)
    uncovered = site_area - covered
    uncovered = uncovered if uncovered > AREA_NOISE_M2 else 0.0  # overlay dust is no gap

    cultivated = {code: tally.by_code.get(code, 0.0) for code in CULTIVATED}
    cultivated_area = sum(cultivated.values())
    classes = {name: tally.total(lambda s, n=name: s is not None and s.land_class == n) for name in LAND_CLASSES}
    conversion = conversion_area(ctx, site, found.features, classes[AGRICULTURAL])
    collective = [o for o in tally.owners.values() if o.kind == COLLECTIVE and sum(o.columns.values()) > 0]

    statuses, sentences, notes = [PASS], [], []
    sentences.append(
        "现状" + "，".join(f"{name} {area_text(area)}" for name, area in classes.items() if area > 0)
        if covered > 0
        else "用地范围内无现状地类图斑"
    )
    cultivated_geometry = None
    if cultivated_area > 0:
        cultivated_geometry = found.union(lambda f: _code_of(f) in CULTIVATED)
        real = not is_sliver(cultivated_geometry, ctx.settings)
        split = "、".join(
            f"{name} {area_text(cultivated[code])}" for code, name in CULTIVATED.items() if cultivated[code]
        )
        if real:
            statuses.append(WARNING)
            sentences.append(
                f"占用耕地 {area_text(cultivated_area)}（{split}），"
                "须落实占补平衡（补充数量、质量相当的耕地），需人工复核"
            )
        else:
            sentences.append(f"与耕地仅有微小重叠 {area_text(cultivated_area)}（{split}），疑似边界误差")
    if conversion is None:
        notes.append("未申报拟建用途，农用地转用面积未计算")
    elif conversion > 0:
        sentences.append(f"农用地转用面积 {area_text(conversion)}")
    if collective:
        units = "、".join(
            f"{o.name or o.code or '权属单位不明'} {area_text(sum(o.columns.values()))}" for o in collective
        )
        sentences.append(f"涉及集体土地（{units}），须依法办理土地征收")
    if uncovered > 0 and not is_sliver(difference(site.geometry, found.union(lambda f: True)), ctx.settings):
        statuses.append(WARNING)
        sentences.append(f"{area_text(uncovered)}无现状地类图斑（现状数据缺失或超出调查范围），需人工复核")
    if tally.unknown_codes:
        statuses.append(WARNING)
        sentences.append(f"地类编码无法识别：{'、'.join(sorted(tally.unknown_codes))}，需人工复核")
    if tally.bad_ridge:
        statuses.append(WARNING)
        sentences.append(f"{tally.bad_ridge} 个图斑的扣除系数 KCXS 无效且无法由 TBDLMJ/TBMJ 推得，按不扣除田坎计")
    if overlapping:
        statuses.append(WARNING)
        sentences.append("现状地类图斑相互重叠，面积已按其并集折算，需人工复核")
    status = WARNING if WARNING in statuses else PASS
    extra = {"cultivated_area": cultivated_area}
    if conversion is not None:
        extra["conversion_area"] = conversion
    return CheckOutcome(
        status,
        "；".join([*sentences, *notes]),
        basis=check_basis(CHECK_ID),
        overlap_area_m2=covered,
        features=[FeatureHit(f.layer, f.fid, {k: f.attributes.get(k) for k in FEATURE_KEYS}, a) for f, a in pieces],
        conflict_geometry=cultivated_geometry if status == WARNING else None,
        extra_areas=extra,
        details=_details(tally, classes, cultivated, conversion, site_area, uncovered, collective, site.is_whole),
    )


def conversion_area(
    ctx: ReviewContext, site: ReviewSite, features: list[PlanFeature], agricultural_m2: float
) -> float | None:
    """农用地 under the parcels proposed for construction (用地用海 07–16); None when no use is declared."""
    if site.land_use:
        return agricultural_m2 if is_construction(site.land_use) else 0.0
    parcels = [p for p in ctx.parcels if p.geometry is not None]
    if not site.is_whole or not any(p.land_use for p in parcels):
        return None
    # Parcels with different uses: the 农用地 under the construction ones (田坎 included, being 农用地).
    built = [p.geometry for p in parcels if is_construction(p.land_use)]
    target = polygonal(shapely.intersection(shapely.union_all(built), site.geometry)) if built else None
    if target is None or target.is_empty:
        return 0.0
    agricultural = [f for f in features if _land_class(f) == AGRICULTURAL]
    return ctx.overlap(target, agricultural).area_m2 if agricultural else 0.0


def _land_class(feature: PlanFeature) -> str:
    survey, _ = classify(attribute(feature, "DLBM"))
    return survey.land_class if survey else ""


def _code_of(feature: PlanFeature) -> str:
    survey, adjustable = classify(attribute(feature, "DLBM"))
    return survey.code if survey and not adjustable else ""


def _area_row(area: float) -> dict:
    return {"area_m2": round(area, 2), "area_mu": round(m2_to_mu(area), 4)}


def _details(tally: Tally, classes, cultivated, conversion, site_area, uncovered, collective, whole: bool) -> dict:
    codes = sorted(code for code, area in tally.by_code.items() if area > 0)
    by_level1: dict[tuple, float] = defaultdict(float)
    by_code = []
    for code in codes:
        survey, adjustable = classify(code)
        level1 = (survey.level1_code, survey.level1_name, survey.land_class) if survey else ("", UNKNOWN_CLASS, "")
        by_level1[level1] += tally.by_code[code]
        name = tally.names.get(code, "") + ("（可调整）" if adjustable else "")
        by_code.append(
            {"code": code, "name": name, "level1": level1[1], "class": level1[2], **_area_row(tally.by_code[code])}
        )
    details = {
        "method": METHOD,
        "site_area_m2": round(site_area, 2),
        "uncovered_area_m2": round(uncovered, 2),
        "by_class": [{"class": name, **_area_row(area)} for name, area in classes.items()],
        "by_level1": [
            {"code": code, "name": name, "class": land_class, **_area_row(area)}
            for (code, name, land_class), area in sorted(by_level1.items())
        ],
        "by_code": by_code,
        "cultivated": [
            {"code": code, "name": name, **_area_row(cultivated[code])} for code, name in CULTIVATED.items()
        ],
        "conversion_area_m2": None if conversion is None else round(conversion, 2),
        "collective": [
            {"code": o.code, "name": o.name, "ownership": o.ownership, **_area_row(sum(o.columns.values()))}
            for o in collective
        ],
        # every 权属单位 with its area, 国有 first: what a parcel's page of the 审查图 lists (a parcel
        # entry carries this and ``cultivated`` only, core/result.py PARCEL_DETAILS)
        "owners": [
            {"code": o.code, "name": o.name, "ownership": o.ownership, "kind": o.kind,
             **_area_row(sum(o.columns.values()))}
            for o in sorted(tally.owners.values(), key=_owner_order)
            if sum(o.columns.values()) > 0
        ],
    }
    if whole:  # the 地类面积汇总表 is the site's (parcel entries carry no details in review.json)
        details["summary_table"] = summary_table(tally, site_area, uncovered)
    return details


def _owner_order(owner: Owner) -> tuple:
    return (owner.kind != STATE, owner.code, owner.name, owner.ownership)


def summary_table(tally: Tally, site_area: float, uncovered: float) -> dict:
    """地类面积汇总表 (权属单位 × 地类) in m² and in 亩, each adding up exactly to the site area.

    Cells are rounded (0.01 m², 0.0001 亩) and summed as integers, so 合计 is the sum of the
    printed cells; where those differ from the rounded site area a 「舍入差」 row says by how much.
    """
    owners = sorted(tally.owners.values(), key=_owner_order)
    extra = [
        name
        for name, present in (
            (UNKNOWN_CLASS, any(UNKNOWN_CLASS in o.columns for o in owners)),
            (UNCOVERED, uncovered > 0),
        )
        if present
    ]
    columns = [*TABLE_COLUMNS, *extra]
    rows = [(o.name, o.code, o.ownership, o.kind, o.columns) for o in owners]
    if uncovered > 0:
        rows.append(("（无现状图斑）", "", "", "", {UNCOVERED: uncovered}))
    return {
        # each row: name, code, ownership (the 权属性质 as QSXZ names it), kind (国有/集体), values
        "key_columns": ["权属单位名称", "权属单位代码", "权属性质"],
        "columns": [*columns, "合计"],
        "m2": _table_in(rows, columns, site_area, 100, 2),
        "mu": _table_in(rows, columns, m2_to_mu(site_area), 10_000, 4, to_unit=m2_to_mu),
    }


def _table_in(rows, columns, site_total: float, scale: int, decimals: int, to_unit=lambda a: a) -> dict:
    def units(value: float) -> int:
        return round(to_unit(value) * scale)

    out_rows, sums = [], [0] * (len(columns) + 1)
    for name, code, ownership, kind, cells in rows:
        ints = [units(cells.get(column, 0.0)) for column in columns]
        ints.append(sum(ints))
        sums = [a + b for a, b in zip(sums, ints)]
        values = [i / scale for i in ints]
        out_rows.append({"name": name, "code": code, "ownership": ownership, "kind": kind, "values": values})
    target = round(site_total * scale)
    residual = target - sums[-1]
    table = {"unit": "平方米" if decimals == 2 else "亩", "rows": out_rows, "residual": None}
    if residual:
        table["residual"] = {"name": "舍入差", "values": [0.0] * len(columns) + [residual / scale]}
        sums[-1] += residual
    table["total"] = {"name": "合计", "values": [round(s / scale, decimals) for s in sums]}
    return table
