"""城市更新单元 (CSGXDY): which unit and type, with the plan's renewal approach for that type."""

from __future__ import annotations

from ..context import ReviewContext, ReviewSite
from ..overlay import merge
from ..result import PASS, CheckOutcome
from ..rules import check_basis, default_mark, renewal_approaches, renewal_source_statuses
from .common import area_text, attribute, group_by, hits, share_text

CHECK_ID = "renewal_unit"
LAYER = "CSGXDY"


def run(ctx: ReviewContext, site: ReviewSite) -> CheckOutcome:
    grouped = group_by(ctx.features(LAYER), lambda f: (attribute(f, "DYMC"), attribute(f, "GXLX")))
    unit_overlaps = {unit: ctx.overlap(site.geometry, group) for unit, group in sorted(grouped.items())}
    found = merge(list(unit_overlaps.values()))
    basis = [check_basis(CHECK_ID)]
    if found.is_empty:
        return CheckOutcome(PASS, "不在城市更新单元内", basis=basis[0])
    site_area = site.geometry.area
    approaches = renewal_approaches()
    units, sentences = [], []
    for (name, kind), part in unit_overlaps.items():
        if part.is_empty:
            continue
        approach, type_basis = approaches.get(kind, ("更新类型未在 renewal_types.csv 中说明，需人工确认", ""))
        units.append(
            {
                "name": name,
                "type": kind,
                "approach": approach,
                "area_m2": round(part.area_m2, 2),
                "share": round(part.area_m2 / site_area, 6),
            }
        )
        share = share_text(part.area_m2, site_area)
        mark = default_mark(renewal_source_statuses().get(kind, ""))
        sentences.append(f"{share} 位于{name}（{kind}，{area_text(part.area_m2)}）：{approach}{mark}")
        if type_basis:
            basis.append(type_basis)
    return CheckOutcome(
        PASS,
        "；".join(sentences),
        basis="；".join(dict.fromkeys(basis)),
        overlap_area_m2=found.area_m2,
        features=hits(found),
        details={"units": units},
    )
