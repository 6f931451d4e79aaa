"""规划跨江通道 (KJTD): intrusion into each line's control corridor (buffer of half its KZKD)."""

from __future__ import annotations

from ..context import ReviewContext, ReviewSite
from ..result import CONFLICT, PASS, CheckOutcome
from ..rules import check_basis, most_specific, river_crossing_exceptions
from .common import NONE, SLIVER, area_text, attribute, classify, hits, sliver_outcome

CHECK_ID = "river_crossing"
LAYER = "KJTD"
WIDTH_FIELD = "KZKD"
# Candidates are fetched this far around the site; corridors wider than twice
# this would be missed (the plan's crossings are tens of metres wide).
SEARCH_MARGIN_M = 1000.0
CORRIDOR_QUAD_SEGS = 16  # round ends with 64 segments per circle (shapely 2 default, stated here)


def corridor_width(feature) -> float | None:
    try:
        width = float(feature.attributes.get(WIDTH_FIELD))
    except (TypeError, ValueError):
        return None
    return width if width > 0 else None


def corridors(ctx: ReviewContext):
    """(features, corridor polygons) for lines with a usable KZKD, built once per review."""
    key = ("corridors",)
    if key not in ctx.memo:
        usable = [(f, corridor_width(f)) for f in ctx.features(LAYER, SEARCH_MARGIN_M)]
        usable = [(f, w) for f, w in usable if w is not None]
        ctx.memo[key] = (
            [f for f, _ in usable],
            [f.geometry.buffer(w / 2.0, quad_segs=CORRIDOR_QUAD_SEGS) for f, w in usable],
        )
    return ctx.memo[key]


def run(ctx: ReviewContext, site: ReviewSite) -> CheckOutcome:
    features, buffers = corridors(ctx)
    half_widths = [corridor_width(f) / 2.0 for f in features]
    corridor_shapes = (half_widths, CORRIDOR_QUAD_SEGS)
    found = ctx.overlap(site.geometry, features, geometries=buffers, buffers=corridor_shapes)
    kind = classify(found, ctx.settings)
    if kind == NONE:
        return CheckOutcome(PASS, "未侵入规划跨江通道控制范围", basis=check_basis(CHECK_ID))
    if kind == SLIVER:
        return sliver_outcome(CHECK_ID, found, "规划跨江通道控制范围", ctx.settings)
    names = "、".join(f"{attribute(f, 'MC')}（控制宽度 {corridor_width(f):g} 米）" for f, _ in found.pieces)
    exception = most_specific(site.land_use, river_crossing_exceptions())
    message = f"侵入规划跨江通道控制范围 {area_text(found.area_m2)}：{names}"
    if exception is not None:
        status, message = exception.status, f"{message}；{exception.reason}"
    else:
        status, message = CONFLICT, f"{message}；须为通道建设预留空间，不得布局妨碍通道实施的建设"
    return CheckOutcome(
        status,
        message,
        basis=check_basis(CHECK_ID),
        overlap_area_m2=found.area_m2,
        features=hits(found),
        conflict_geometry=found.geometry,
    )
