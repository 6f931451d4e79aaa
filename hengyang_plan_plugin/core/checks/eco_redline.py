"""生态保护红线 (STBHHX): conflict, or warning for the limited activities of 自然资发〔2022〕142号."""

from __future__ import annotations

from ..context import ReviewContext, ReviewSite
from ..result import CONFLICT, WARNING, CheckOutcome
from ..rules import check_basis, eco_redline_allowed, most_specific
from .common import area_text, hits, simple_overlap_check

CHECK_ID = "eco_redline"
LAYER = "STBHHX"
WHAT = "生态保护红线"


def run(ctx: ReviewContext, site: ReviewSite) -> CheckOutcome:
    allowed = most_specific(site.land_use, eco_redline_allowed())

    def on_real(found):
        common = dict(
            basis=check_basis(CHECK_ID),
            overlap_area_m2=found.area_m2,
            features=hits(found),
            conflict_geometry=found.geometry,
        )
        if allowed is not None:
            return CheckOutcome(
                WARNING,
                f"占用生态保护红线 {area_text(found.area_m2)}。拟建用途 {site.land_use} 属有限人为活动"
                f"“{allowed.reason}”，须论证无法避让并按规定办理，需人工复核",
                details={"limited_activity": allowed.reason, "limited_activity_basis": allowed.basis},
                **common,
            )
        return CheckOutcome(
            CONFLICT,
            f"占用生态保护红线 {area_text(found.area_m2)}。生态保护红线内禁止开发性、生产性建设活动",
            **common,
        )

    return simple_overlap_check(ctx, CHECK_ID, WHAT, site.geometry, ctx.features(LAYER), on_real)
