"""公共服务设施覆盖: for residential uses, distance to the nearest school, clinic, park and green space.

Distances are straight-line from the site boundary (0 when the facility is on
the site), a lower bound of the walking distance; thresholds and their plan
sources are in resources/rules/service_thresholds.csv.
"""

from __future__ import annotations

from ..context import ReviewContext, ReviewSite
from ..overlay import nearest_within
from ..result import NOT_RUN, PASS, WARNING, CheckOutcome, FeatureHit
from ..rules import check_basis, service_thresholds
from .common import attribute

CHECK_ID = "service_coverage"
FACILITY_LAYER = "GGFWSS"
RESIDENTIAL = "07"


def applies(land_use: str | None) -> bool:
    return bool(land_use) and land_use.strip().startswith(RESIDENTIAL)


def run(ctx: ReviewContext, site: ReviewSite) -> CheckOutcome:
    basis = check_basis(CHECK_ID)
    if not site.land_use:
        return CheckOutcome(
            NOT_RUN, "未申报用途，不评估居住用地的公共服务覆盖", basis=basis, reason="未申报用途"
        )
    if not applies(site.land_use):
        return CheckOutcome(
            NOT_RUN,
            f"拟建用途 {site.land_use} 非居住用地（07），不评估生活圈覆盖",
            basis=basis,
            reason="非居住用地，不适用",
        )
    rows, sentences, features, statuses, bases = [], [], [], [], [basis]
    for threshold in service_thresholds():
        if not ctx.has_layer(threshold.layer):
            statuses.append(WARNING)
            sentences.append(f"{threshold.service}：规划数据缺少图层 {threshold.layer}，未评估")
            rows.append({"service": threshold.service, "threshold_m": threshold.threshold_m, "covered": None})
            continue
        # The attribute condition goes to OGR with the bbox: only this kind of facility is read.
        candidates = ctx.features(threshold.layer, threshold.threshold_m, threshold.match)
        found = nearest_within(site.geometry, [f.geometry for f in candidates], threshold.threshold_m)
        bases.append(threshold.basis)
        if found is not None:
            nearest, distance = candidates[found[0]], found[1]
            name = (
                attribute(nearest, "MC")
                or attribute(nearest, "YDYHFLMC")
                or f"{threshold.layer}#{nearest.fid}"
            )
            limit = f"要求 ≤{threshold.threshold_m:.0f} 米"
            sentences.append(f"{threshold.service}：最近 {name}，距离 {distance:.0f} 米（{limit}），满足")
            rows.append(
                {
                    "service": threshold.service,
                    "threshold_m": threshold.threshold_m,
                    "covered": True,
                    "nearest": name,
                    "distance_m": round(float(distance), 1),
                }
            )
            features.append(
                FeatureHit(
                    nearest.layer,
                    nearest.fid,
                    nearest.attributes,
                    0.0,
                    {"service": threshold.service, "distance_m": round(float(distance), 1)},
                )
            )
            statuses.append(PASS)
        else:
            sentences.append(f"{threshold.service}：{threshold.threshold_m:.0f} 米范围内没有，不满足")
            rows.append(
                {"service": threshold.service, "threshold_m": threshold.threshold_m, "covered": False}
            )
            statuses.append(WARNING)
    status = WARNING if WARNING in statuses else PASS
    message = "；".join(sentences)
    if status == WARNING:
        message += "。生活圈配套不足，需人工复核并在详细规划中补足"
    return CheckOutcome(
        status,
        message,
        basis="；".join(dict.fromkeys(bases)),
        features=features,
        details={"services": rows, "distance_method": "直线距离（步行距离的下限）"},
    )
