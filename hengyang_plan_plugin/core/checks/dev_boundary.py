"""城镇开发边界 (CZKFBJ): construction outside is a conflict; inside, which part and what it means."""

from __future__ import annotations

import shapely

from ..context import ReviewContext, ReviewSite
from ..land_use_codes import is_construction
from ..overlay import difference, is_sliver, merge, polygonal
from ..plan_schema import czkfbj_part
from ..result import CONFLICT, PASS, WARNING, CheckOutcome, worst_status
from ..rules import (
    OUTSIDE_PART,
    SCATTERED_PART,
    check_basis,
    dev_boundary_outside_exceptions,
    dev_boundary_parts,
    land_use_matrix,
    most_specific,
)
from .common import area_text, attribute, group_by, hits, share_text
from .zones import site_zones

CHECK_ID = "dev_boundary"
LAYER = "CZKFBJ"
PART_FIELD = "GHFQMC"
SCATTERED_ZONE = "其他城镇建设区"  # 《规划》4.1: 零星 town land outside the boundary


def scattered_town_land(ctx: ReviewContext, site: ReviewSite, outside_geometry):
    """The part of the site outside the boundary that the plan zones as 其他城镇建设区.

    自然资发〔2023〕193号 allows 有特定选址要求的零星城镇建设用地 outside the boundary
    (never 城镇居住用地): where the zone matrix does not forbid the use there, such
    land is a warning, not a conflict. Empty when the use is forbidden there.
    """
    cell = most_specific(site.land_use, land_use_matrix().get(SCATTERED_ZONE, {}))
    if cell is None or cell.status == "forbidden":
        return None
    pieces = [piece.found.geometry for piece in site_zones(ctx, site).pieces if piece.name == SCATTERED_ZONE]
    if not pieces:
        return None
    found = polygonal(shapely.intersection(outside_geometry, shapely.union_all(pieces)))
    return None if found.is_empty or is_sliver(found, ctx.settings) else found


def run(ctx: ReviewContext, site: ReviewSite) -> CheckOutcome:
    settings = ctx.settings
    parts_table = dev_boundary_parts()
    site_area = site.geometry.area
    # 城镇集中建设区 (national GHFQMC) and 集中建设区 (the sample's) are one part.
    by_part = group_by(ctx.features(LAYER), lambda f: czkfbj_part(attribute(f, PART_FIELD)))
    part_overlaps = {part: ctx.overlap(site.geometry, features) for part, features in sorted(by_part.items())}
    inside = merge(list(part_overlaps.values()))
    outside_geometry = inside.remainder(site.geometry)
    outside_area = float(outside_geometry.area)
    construction = is_construction(site.land_use)

    statuses, sentences, parts = [], [], []
    for part, found in part_overlaps.items():
        if found.is_empty:
            continue
        rule = parts_table.get(part)
        meaning = rule.meaning if rule else f"{part}（未在 dev_boundary.csv 中说明）"
        parts.append(
            {
                "part": part,
                "area_m2": round(found.area_m2, 2),
                "share": round(found.area_m2 / site_area, 6),
                "meaning": meaning,
                "basis": rule.basis if rule else "",
            }
        )
        sentences.append(
            f"{share_text(found.area_m2, site_area)} 位于{part}（{area_text(found.area_m2)}）：{meaning}"
        )
        if construction and not is_sliver(found.geometry, settings):
            statuses.append(rule.construction_status if rule else WARNING)

    conflict_geometry = None
    outside_rule = parts_table[OUTSIDE_PART]
    if outside_area > 0 and not is_sliver(outside_geometry, settings):
        sentence = f"{share_text(outside_area, site_area)} 位于城镇开发边界外（{area_text(outside_area)}）"
        exception = most_specific(site.land_use, dev_boundary_outside_exceptions()) if construction else None
        scattered = scattered_town_land(ctx, site, outside_geometry) if construction and not exception else None
        if scattered is not None:
            scattered_rule = parts_table[SCATTERED_PART]
            scattered_area = float(scattered.area)
            statuses.append(scattered_rule.construction_status)
            sentences.append(
                f"{share_text(scattered_area, site_area)} 位于城镇开发边界外的{SCATTERED_ZONE}"
                f"（{area_text(scattered_area)}）：{scattered_rule.meaning}"
            )
            parts.append(
                {
                    "part": SCATTERED_PART,
                    "area_m2": round(scattered_area, 2),
                    "share": round(scattered_area / site_area, 6),
                    "meaning": scattered_rule.meaning,
                    "basis": scattered_rule.basis,
                }
            )
            conflict_geometry = outside_geometry
            rest = difference(outside_geometry, scattered)
            if not rest.is_empty and not is_sliver(rest, settings):
                rest_area = float(rest.area)
                statuses.append(outside_rule.construction_status)
                sentences.append(
                    f"其余 {share_text(rest_area, site_area)} 位于城镇开发边界外（{area_text(rest_area)}），"
                    f"拟建用途 {site.land_use} 为建设用地：{outside_rule.meaning}"
                )
        elif exception is not None:
            statuses.append(exception.status)
            sentences.append(f"{sentence}：{exception.reason}")
            conflict_geometry = outside_geometry
        elif construction:
            statuses.append(outside_rule.construction_status)
            sentences.append(f"{sentence}，拟建用途 {site.land_use} 为建设用地：{outside_rule.meaning}")
            conflict_geometry = outside_geometry
        elif not site.land_use:
            statuses.append(WARNING)
            sentences.append(f"{sentence}；未申报用地用海代码，无法判断是否为城镇建设，需人工复核")
            conflict_geometry = outside_geometry
        else:
            sentences.append(f"{sentence}；拟建用途 {site.land_use} 不属于城镇建设用地")
    elif outside_area > 0:
        statuses.append(WARNING)
        sentences.append(f"与城镇开发边界外仅有微小重叠 {area_text(outside_area)}，疑似边界误差，需人工复核")
        conflict_geometry = outside_geometry

    if not construction and site.land_use and not statuses:
        sentences.append(f"拟建用途 {site.land_use} 不属于城镇建设用地（07–16），不受开发边界内分区建设管控")
    status = worst_status(statuses) if statuses else PASS
    return CheckOutcome(
        status,
        "；".join(sentences) if sentences else "未涉及城镇开发边界",
        basis=check_basis(CHECK_ID),
        overlap_area_m2=inside.area_m2,
        features=hits(inside),
        conflict_geometry=conflict_geometry,
        extra_areas={"outside_area": outside_area},
        details={"parts": parts, "construction_land_use": construction},
    )


__all__ = ["run", "CONFLICT"]
