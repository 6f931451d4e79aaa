"""永久基本农田 (YJJBNT): a real overlap is judged by the 农田保护区 row of the zone matrix.

The 用地用海兼容性 check reads the same row for land in the 农田保护区, so both
checks give one verdict for the same ground:

- ``forbidden`` (construction, 园地/林地/草地/湿地, 养殖设施, 坑塘 …; 《土地管理法》
  第35条、第37条, 自然资发〔2021〕166号) or a use not in the row, or no declared use → conflict;
- ``conditional`` (the 第35条 key projects: 交通 12, 公用设施 13, 军事设施 1501 …) →
  warning: possible only with State Council approval, 需人工复核;
- ``allowed`` (耕地 01) → pass: the use is the land's protected use.
"""

from __future__ import annotations

from ..context import ReviewContext, ReviewSite
from ..result import CONFLICT, PASS, WARNING, CheckOutcome
from ..rules import check_basis, default_mark, land_use_matrix, most_specific
from .common import area_text, hits, simple_overlap_check

CHECK_ID = "farmland"
LAYER = "YJJBNT"
WHAT = "永久基本农田"
FARMLAND_ZONE = "农田保护区"  # the zone matrix row that also rules 永久基本农田


def farmland_rule(land_use: str | None):
    """The 农田保护区 matrix cell for a 用地用海 code (None when undeclared or not in the row)."""
    return most_specific(land_use, land_use_matrix().get(FARMLAND_ZONE, {}))


def rule_reason(basis: str) -> str:
    """The rule part of a 农田保护区 cell's basis, without the zone definition (编制指南, 《规划》4.1)."""
    parts = [p for p in basis.split("；") if not p.startswith(("《市级国土空间总体规划编制指南", "《规划》4.1"))]
    return "；".join(parts) or basis


def run(ctx: ReviewContext, site: ReviewSite) -> CheckOutcome:
    rule = farmland_rule(site.land_use)

    def on_real(found):
        occupied = f"占用永久基本农田 {area_text(found.area_m2)}，涉及 {len(found.pieces)} 个图斑。"
        details = {}
        if rule is not None:
            details = {
                "land_use_rule": rule.status,
                "land_use_rule_basis": rule.basis,
                "source_status": rule.source_status,
            }
        mark = default_mark(rule.source_status) if rule else ""
        common = dict(
            basis=check_basis(CHECK_ID),
            overlap_area_m2=found.area_m2,
            features=hits(found),
            conflict_geometry=found.geometry,
            details=details,
        )
        if rule is not None and rule.status == "allowed":
            return CheckOutcome(
                PASS,
                f"{occupied}拟建用途 {site.land_use} 即永久基本农田的保护用途（耕地），不改变其用途",
                **common,
            )
        if rule is not None and rule.status == "conditional":
            return CheckOutcome(
                WARNING,
                f"{occupied}拟建用途 {site.land_use} 在永久基本农田上仅有条件允许（{rule_reason(rule.basis)}），"
                f"须论证无法避让并落实补划，需人工复核{mark}",
                **common,
            )
        return CheckOutcome(
            CONFLICT,
            f"{occupied}永久基本农田不得擅自占用或改变用途（《土地管理法》第35条），"
            "不得发展林果业、挖塘养鱼，不得种植苗木草皮、挖湖造景、建设绿化带或新建畜禽水产养殖设施"
            "（第37条、自然资发〔2021〕166号）；重大建设项目确实难以避让的须经国务院批准",
            **common,
        )

    return simple_overlap_check(ctx, CHECK_ID, WHAT, site.geometry, ctx.features(LAYER), on_real)
