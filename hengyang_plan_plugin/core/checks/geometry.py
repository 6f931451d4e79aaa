"""用地红线几何: CRS, validity, parcels, area, declared against computed area.

The only place a declared (申报) area is judged: readers pass it on, the
review's settings say how far it may be off.
"""

from __future__ import annotations

from ..context import ReviewContext, ReviewSite
from ..result import CONFLICT, PASS, WARNING, CheckOutcome
from ..rules import check_basis
from .common import area_in_unit, area_text

CHECK_ID = "geometry"


def declared_area_mismatch(declared_m2: float | None, computed_m2: float | None, settings) -> str | None:
    """The finding when a declared area is off by more than both tolerances allow, else None."""
    if declared_m2 is None or computed_m2 is None:
        return None
    difference = computed_m2 - declared_m2
    allowance = max(
        settings.declared_area_abs_tolerance_m2, settings.declared_area_rel_tolerance * computed_m2
    )
    if abs(difference) <= allowance:
        return None
    return (
        f"申报面积 {area_text(declared_m2)} 与计算面积 {area_text(computed_m2)} "
        f"相差 {area_in_unit(difference, signed=True)}，超出允许误差 {area_in_unit(allowance)}"
    )


def _parcel_findings(ctx: ReviewContext, parcel) -> tuple[str, list[str]]:
    if parcel.problem:
        return CONFLICT, [parcel.problem]
    findings = list(parcel.notes)
    mismatch = declared_area_mismatch(parcel.declared_area_m2, parcel.source_area_m2, ctx.settings)
    if mismatch:
        findings.append(mismatch)
    return (WARNING if findings else PASS), findings


MESSAGE_FINDINGS = 20  # findings told in the message; review.json's details keep them all


def _findings_text(findings: list[str]) -> str:
    if not findings:
        return "；几何有效"
    text = "；" + "；".join(findings[:MESSAGE_FINDINGS])
    if len(findings) > MESSAGE_FINDINGS:
        text += f"；另有 {len(findings) - MESSAGE_FINDINGS} 条，见分地块结果"
    return text


def run(ctx: ReviewContext, site: ReviewSite) -> CheckOutcome:
    basis = check_basis(CHECK_ID)
    geometry = site.geometry
    holes = sum(len(polygon.interiors) for polygon in getattr(geometry, "geoms", [geometry]))
    shape = f"{len(getattr(geometry, 'geoms', [geometry]))} 个面、{holes} 个内环"
    if site.is_whole:
        statuses, findings = [], list(ctx.submission_warnings)
        for parcel in ctx.parcels:
            status, parcel_findings = _parcel_findings(ctx, parcel)
            statuses.append(status)
            findings += [f"地块 {parcel.id}：{text}" for text in parcel_findings]
        status = CONFLICT if CONFLICT in statuses else WARNING if (WARNING in statuses or findings) else PASS
        head = (
            f"坐标系 {ctx.submission_crs}，共 {len(ctx.parcels)} 个地块（{shape}），"
            f"总面积 {area_text(geometry.area)}（{ctx.working_crs} 平面面积）"
        )
    else:
        parcel = ctx.parcel(site.key)
        status, findings = _parcel_findings(ctx, parcel)
        head = f"地块 {parcel.id}（{shape}）面积 {area_text(geometry.area)}"
    return CheckOutcome(
        status,
        head + _findings_text(findings),
        basis=basis,
        overlap_area_m2=geometry.area,
        details={
            "findings": findings,
            "polygons": len(getattr(geometry, "geoms", [geometry])),
            "holes": holes,
        },
    )
