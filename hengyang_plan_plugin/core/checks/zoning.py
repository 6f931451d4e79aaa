"""规划分区: the zones a site falls in, with area shares."""

from __future__ import annotations

from ..context import ReviewContext, ReviewSite
from ..overlay import is_sliver
from ..result import PASS, WARNING, CheckOutcome, FeatureHit
from ..rules import check_basis
from .common import area_text, share_text
from .zones import site_zones

CHECK_ID = "zoning"


def run(ctx: ReviewContext, site: ReviewSite) -> CheckOutcome:
    zones = site_zones(ctx, site)
    site_area = site.geometry.area
    covered = sum(piece.area_m2 for piece in zones.pieces)
    rows, sentences, features = [], [], []
    for piece in zones.pieces:
        rows.append(
            {
                "name": piece.name,
                "codes": piece.codes,
                "layers": piece.layers,
                "area_m2": round(piece.area_m2, 2),
                "share": round(piece.area_m2 / site_area, 6),
            }
        )
        sentences.append(f"{piece.name} {share_text(piece.area_m2, site_area)}（{area_text(piece.area_m2)}）")
        features += [FeatureHit(f.layer, f.fid, f.attributes, area) for f, area in piece.found.pieces]
    uncovered = float(zones.uncovered.area)
    status, conflict_geometry = PASS, None
    message = "用地位于" + "、".join(sentences) if sentences else ""
    if uncovered > 0 and not is_sliver(zones.uncovered, ctx.settings):
        status, conflict_geometry = WARNING, zones.uncovered
        gap = f"{area_text(uncovered)}未落入任何规划分区（规划数据缺失或用地超出分区范围），需人工复核"
        message = f"{message}；另有 {gap}" if message else f"用地 {gap}"
    return CheckOutcome(
        status,
        message,
        basis=check_basis(CHECK_ID),
        overlap_area_m2=covered,
        features=features,
        conflict_geometry=conflict_geometry,
        details={"zones": rows, "uncovered_area_m2": round(uncovered, 2)},
    )
