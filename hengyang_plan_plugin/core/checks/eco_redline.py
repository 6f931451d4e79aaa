"""生态保护红线 (STBHHX): conflict, or warning for the limited activities of 自然资发〔2022〕142号.

Inside a 自然保护地核心保护区 no limited activity applies (142号 一（一）: human
activity is banned there in principle): an STBHHX feature any of whose text
attributes names a 核心保护区 (e.g. a zone-type or remark field) makes the
overlap a conflict whatever the proposed use.
"""

from __future__ import annotations

from ..context import ReviewContext, ReviewSite
from ..result import CONFLICT, WARNING, CheckOutcome
from ..rules import check_basis, default_mark, eco_redline_allowed, most_specific
from .common import area_text, hits, simple_overlap_check

CHECK_ID = "eco_redline"
LAYER = "STBHHX"
WHAT = "生态保护红线"
CORE_ZONE_MARK = "核心保护区"
CORE_ZONE_RULE = (
    "自然资发〔2022〕142号 第一条（一）：自然保护地核心保护区原则上禁止人为活动，有限人为活动的例外不适用"
)


def is_core_zone(feature) -> bool:
    """An STBHHX feature that is (part of) a 自然保护地核心保护区."""
    return any(isinstance(value, str) and CORE_ZONE_MARK in value for value in feature.attributes.values())


def run(ctx: ReviewContext, site: ReviewSite) -> CheckOutcome:
    allowed = most_specific(site.land_use, eco_redline_allowed())

    def on_real(found):
        common = dict(
            basis=check_basis(CHECK_ID),
            overlap_area_m2=found.area_m2,
            features=hits(found),
            conflict_geometry=found.geometry,
        )
        core_m2 = sum(area for feature, area in found.pieces if is_core_zone(feature))
        if allowed is not None and core_m2 > 0:
            return CheckOutcome(
                CONFLICT,
                f"占用生态保护红线 {area_text(found.area_m2)}，其中自然保护地核心保护区 {area_text(core_m2)}。"
                f"拟建用途 {site.land_use} 虽属有限人为活动“{allowed.reason}”，但核心保护区内原则上禁止人为活动",
                details={"core_zone_area_m2": round(core_m2, 2), "core_zone_basis": CORE_ZONE_RULE},
                **common,
            )
        if allowed is not None:
            return CheckOutcome(
                WARNING,
                f"占用生态保护红线 {area_text(found.area_m2)}。拟建用途 {site.land_use} 属有限人为活动"
                f"“{allowed.reason}”，须论证无法避让并按规定办理，需人工复核{default_mark(allowed.source_status)}",
                details={
                    "limited_activity": allowed.reason,
                    "limited_activity_basis": allowed.basis,
                    "source_status": allowed.source_status,
                },
                **common,
            )
        return CheckOutcome(
            CONFLICT,
            f"占用生态保护红线 {area_text(found.area_m2)}。生态保护红线内禁止开发性、生产性建设活动",
            **common,
        )

    return simple_overlap_check(ctx, CHECK_ID, WHAT, site.geometry, ctx.features(LAYER), on_real)
