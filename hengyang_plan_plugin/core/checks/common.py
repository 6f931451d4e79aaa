"""Pieces shared by the checks: area wording, overlap classification, grouping."""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable

from ..overlay import Overlap, is_sliver, overlap
from ..plan_source import PlanFeature
from ..result import CONFLICT, PASS, WARNING, CheckOutcome, FeatureHit
from ..rules import check_basis
from ..settings import ReviewSettings
from ..units import m2_to_ha, m2_to_mu

NONE, SLIVER, REAL = "none", "sliver", "real"


def area_text(area_m2: float) -> str:
    return f"{area_m2:,.2f} 平方米（{m2_to_ha(area_m2):.4f} 公顷，{m2_to_mu(area_m2):.2f} 亩）"


def share_text(part_m2: float, whole_m2: float) -> str:
    return f"{100.0 * part_m2 / whole_m2:.1f}%" if whole_m2 > 0 else "—"


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
            f"与{what}仅有微小重叠 {area_text(found.area_m2)}，小于容差（{settings.sliver_area_m2:g} 平方米"
            f"或宽度 {settings.sliver_width_m:g} 米），疑似边界误差，需人工复核"
        ),
        basis=check_basis(check_id),
        overlap_area_m2=found.area_m2,
        features=hits(found),
        conflict_geometry=found.geometry,
        details={"sliver": True},
    )


def simple_overlap_check(
    check_id: str, what: str, site_geometry, features, settings, on_real
) -> CheckOutcome:
    """No overlap → pass; sliver → warning; real overlap → ``on_real(found)``."""
    found = overlap(site_geometry, features)
    kind = classify(found, settings)
    if kind == NONE:
        return CheckOutcome(PASS, f"未占用{what}", basis=check_basis(check_id))
    if kind == SLIVER:
        return sliver_outcome(check_id, found, what, settings)
    return on_real(found)


__all__ = ["CONFLICT", "PASS", "WARNING"]
