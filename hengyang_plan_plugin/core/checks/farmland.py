"""永久基本农田 (YJJBNT): any real overlap is a conflict."""

from __future__ import annotations

from ..context import ReviewContext, ReviewSite
from ..result import CONFLICT, CheckOutcome
from ..rules import check_basis
from .common import area_text, hits, simple_overlap_check

CHECK_ID = "farmland"
LAYER = "YJJBNT"
WHAT = "永久基本农田"


def run(ctx: ReviewContext, site: ReviewSite) -> CheckOutcome:
    def conflict(found):
        return CheckOutcome(
            CONFLICT,
            f"占用永久基本农田 {area_text(found.area_m2)}，涉及 {len(found.pieces)} 个图斑。"
            "永久基本农田不得擅自占用或改变用途，重大建设项目确实难以避让的须经国务院批准",
            basis=check_basis(CHECK_ID),
            overlap_area_m2=found.area_m2,
            features=hits(found),
            conflict_geometry=found.geometry,
        )

    return simple_overlap_check(ctx, CHECK_ID, WHAT, site.geometry, ctx.features(LAYER), conflict)
