"""Pieces shared by the checks: overlap classification, grouping, sliver findings.

Area wording is core/report/presentation.py's (re-exported here for the checks).
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable

from ..context import ReviewContext
from ..overlay import Overlap, is_sliver
from ..plan.model import PlanFeature
from ..report.presentation import area_in_unit, area_text, share_text
from ..result import CONFLICT, PASS, WARNING, CheckOutcome, FeatureHit
from ..rules import check_basis
from ..settings import ReviewSettings

NONE, SLIVER, REAL = "none", "sliver", "real"


def classify(found: Overlap, settings: ReviewSettings) -> str:
    if found.is_empty:
        return NONE
    return SLIVER if is_sliver(found.geometry, settings) else REAL


def hits(found: Overlap, keys: Iterable[str] | None = None) -> list[FeatureHit]:
    """Feature entries for the JSON; ``keys`` limits the attributes shown."""
    out = []
    for feature, area in found.pieces:
        attributes = feature.attributes if keys is None else {k: feature.attributes.get(k) for k in keys}
        out.append(FeatureHit(feature.layer, feature.fid, attributes, area))
    return out


def group_by(features: list[PlanFeature], key: Callable[[PlanFeature], Hashable]) -> dict:
    groups: dict[str, list[PlanFeature]] = {}
    for feature in features:
        groups.setdefault(key(feature), []).append(feature)
    return groups


def attribute(feature: PlanFeature, name: str) -> str:
    value = feature.attributes.get(name)
    return "" if value is None else str(value).strip()


def sliver_outcome(check_id: str, found: Overlap, what: str, settings: ReviewSettings) -> CheckOutcome:
    return CheckOutcome(
        status=WARNING,
        message=(
            f"与{what}仅有微小重叠 {area_text(found.area_m2)}，"
            f"小于容差（{area_in_unit(settings.sliver_area_m2)}或宽度 {settings.sliver_width_m:g} 米），"
            "疑似边界误差，需人工复核"
        ),
        basis=check_basis(check_id),
        overlap_area_m2=found.area_m2,
        features=hits(found),
        conflict_geometry=found.geometry,
        details={"sliver": True},
    )


def simple_overlap_check(
    ctx: ReviewContext, check_id: str, what: str, site_geometry, features, on_real
) -> CheckOutcome:
    """No overlap → pass; sliver → warning; real overlap → ``on_real(found)``."""
    found = ctx.overlap(site_geometry, features)
    kind = classify(found, ctx.settings)
    if kind == NONE:
        return CheckOutcome(PASS, f"未占用{what}", basis=check_basis(check_id))
    if kind == SLIVER:
        return sliver_outcome(check_id, found, what, ctx.settings)
    return on_real(found)


__all__ = ["CONFLICT", "PASS", "WARNING", "area_text", "share_text"]
