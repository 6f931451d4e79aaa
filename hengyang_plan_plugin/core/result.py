"""Review results and their JSON form (contract schema ``hengyang-plan-review/1``).

A check runs once on the whole site (the union of the parcels, so nothing is
counted twice) and once per parcel. ``CheckResult.to_dict()`` gives the whole-site
finding in the contract's fields plus ``parcels``: one short entry per parcel with
its own status, areas, features and message. Conflict geometries stay shapely
objects here; only the Processing OUTPUT_CONFLICTS layer serialises them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from shapely.geometry.base import BaseGeometry

from .report.presentation import verdict_label
from .status import CONFLICT, NOT_RUN, PASS, VERDICT_FAIL, VERDICT_PASS, VERDICT_REVIEW, WARNING
from .units import m2_to_ha, m2_to_mu

SCHEMA = "hengyang-plan-review/1"

# Worst first: the whole-site status of a check is the worst of its runs.
_STATUS_RANK = {CONFLICT: 3, WARNING: 2, PASS: 1, NOT_RUN: 0}

AREA_DECIMALS = 2  # m² in the JSON; ha and 亩 keep more digits so they stay exact enough


def worst_status(statuses) -> str:
    statuses = list(statuses)
    return max(statuses, key=_STATUS_RANK.__getitem__) if statuses else NOT_RUN


def area_fields(prefix: str, area_m2: float) -> dict[str, float]:
    """``{prefix}_m2``, ``{prefix}_ha`` and ``{prefix}_mu`` for one area."""
    return {
        f"{prefix}_m2": round(area_m2, AREA_DECIMALS),
        f"{prefix}_ha": round(m2_to_ha(area_m2), 6),
        f"{prefix}_mu": round(m2_to_mu(area_m2), 4),
    }


@dataclass
class FeatureHit:
    """One plan feature a check involves, with the part of the site over it."""

    layer: str
    fid: int
    attributes: dict[str, Any]
    overlap_area_m2: float = 0.0
    extra: dict[str, Any] = field(default_factory=dict)  # e.g. distance_m for service facilities

    def to_dict(self, with_attributes: bool = True) -> dict[str, Any]:
        data: dict[str, Any] = {"layer": self.layer, "fid": self.fid}
        if with_attributes:
            data["attributes"] = self.attributes
        data["overlap_area_m2"] = round(self.overlap_area_m2, AREA_DECIMALS)
        data.update(self.extra)
        return data


@dataclass
class CheckOutcome:
    """What one check found for one site (the whole submission or one parcel)."""

    status: str
    message: str
    basis: str = ""
    overlap_area_m2: float = 0.0
    features: list[FeatureHit] = field(default_factory=list)
    conflict_geometry: BaseGeometry | None = None  # in the review's working CRS
    extra_areas: dict[str, float] = field(default_factory=dict)  # e.g. {"outside_area": m2}
    details: dict[str, Any] = field(default_factory=dict)
    reason: str | None = None  # why a check did not run
    # A not_run that leaves a question open (missing plan layer) stops a 通过
    # verdict; one that does not apply (not residential) does not.
    blocks_pass: bool = False


# The one figure each check is about, per site and per parcel: the overlap, except where the
# concern is the part *outside* something (城镇开发边界: the area outside the boundary) or a part of
# the overlap (现状地类: the 耕地 occupied, the figure behind its warning). Every
# surface (dock, map labels, report, sheet, summary.csv) shows ``concern_area_m2``.
CONCERN_AREA_FROM = {"dev_boundary": "outside_area", "current_land_use": "cultivated_area"}


def concern_area_m2(check_id: str, outcome: CheckOutcome) -> float:
    source = CONCERN_AREA_FROM.get(check_id)
    if source is None:
        return outcome.overlap_area_m2
    return float(outcome.extra_areas.get(source, 0.0))


@dataclass
class CheckResult:
    id: str
    title: str
    site: CheckOutcome  # the whole submission
    parcels: list[tuple[str, CheckOutcome]] = field(default_factory=list)

    @property
    def status(self) -> str:
        return worst_status([self.site.status, *(outcome.status for _, outcome in self.parcels)])

    @property
    def blocks_pass(self) -> bool:
        return self.site.blocks_pass or any(outcome.blocks_pass for _, outcome in self.parcels)

    def to_dict(self) -> dict[str, Any]:
        site = self.site
        data: dict[str, Any] = {"id": self.id, "title": self.title, "status": self.status}
        data.update(area_fields("overlap_area", site.overlap_area_m2))
        for name, area in site.extra_areas.items():
            data.update(area_fields(name, area))
        data.update(area_fields("concern_area", concern_area_m2(self.id, site)))
        data["features"] = [hit.to_dict() for hit in site.features]
        data["basis"] = site.basis
        data["message"] = site.message
        if site.reason:
            data["reason"] = site.reason
        if site.details:
            data["details"] = site.details
        data["parcels"] = [_parcel_dict(self.id, parcel_id, outcome) for parcel_id, outcome in self.parcels]
        return data


# The few details a parcel entry carries (the rest would repeat the site's shape 10,000 times):
# 现状地类's 耕地 split and 权属单位, which each parcel's page of the 审查图 prints.
PARCEL_DETAILS = {"current_land_use": ("cultivated", "owners")}


def _parcel_dict(check_id: str, parcel_id: str, outcome: CheckOutcome) -> dict[str, Any]:
    data: dict[str, Any] = {"id": parcel_id, "status": outcome.status}
    data.update(area_fields("overlap_area", outcome.overlap_area_m2))
    for name, area in outcome.extra_areas.items():
        data.update(area_fields(name, area))
    if check_id in CONCERN_AREA_FROM:  # elsewhere it is overlap_area_m2: not repeated 10,000 times
        data.update(area_fields("concern_area", concern_area_m2(check_id, outcome)))
    details = {key: outcome.details[key] for key in PARCEL_DETAILS.get(check_id, ()) if key in outcome.details}
    if details:
        data["details"] = details
    data["features"] = [hit.to_dict(with_attributes=False) for hit in outcome.features]
    data["message"] = outcome.message
    if outcome.reason:
        data["reason"] = outcome.reason
    return data


@dataclass
class ParcelSummary:
    id: str
    name: str
    area_m2: float
    declared_area_m2: float | None
    land_use: str | None
    verdict: str = VERDICT_PASS

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "name": self.name,
            **area_fields("area", self.area_m2),
            "declared_area_m2": self.declared_area_m2,
            "land_use": self.land_use,
            "verdict": self.verdict,
        }


@dataclass
class ReviewResult:
    submission_name: str
    submission_source: str
    submission_crs: str | None
    submission_sha256: str | None
    site_area_m2: float
    parcels: list[ParcelSummary]
    plan_source: str
    plan_is_sample: bool
    working_crs: str
    land_use: str | None
    checks: list[CheckResult]
    generated_at: str
    plugin_version: str
    gdal_version: str
    tolerances: dict[str, float]
    qgis_version: str | None = None
    warnings: list[str] = field(default_factory=list)
    # Filled in by the pipeline from core/plan_hash.py (hashed off the caller's thread).
    plan_sha256: str | None = None
    # The reviewed parcels, repaired and in working_crs (for maps and layers).
    parcel_geometries: list[tuple[str, BaseGeometry]] = field(default_factory=list)

    @property
    def verdict(self) -> str:
        return verdict_of(self.checks)

    @property
    def verdict_label(self) -> str:
        return verdict_label(self.verdict)

    def check(self, check_id: str) -> CheckResult:
        for result in self.checks:
            if result.id == check_id:
                return result
        raise KeyError(check_id)

    def conflict_geometries(self):
        """(check id, parcel id or None, status, geometry) for every finding with a geometry."""
        for result in self.checks:
            if result.site.conflict_geometry is not None and not result.site.conflict_geometry.is_empty:
                yield result.id, None, result.site.status, result.site.conflict_geometry
            for parcel_id, outcome in result.parcels:
                if outcome.conflict_geometry is not None and not outcome.conflict_geometry.is_empty:
                    yield result.id, parcel_id, outcome.status, outcome.conflict_geometry

    def to_dict(self) -> dict[str, Any]:
        """The contract's review.json; plain data, no I/O."""
        return {
            "schema": SCHEMA,
            "verdict": self.verdict,
            "verdict_label": self.verdict_label,
            "submission": {
                "name": self.submission_name,
                "source": self.submission_source,
                "crs": self.submission_crs,
                "sha256": self.submission_sha256,
                **area_fields("area", self.site_area_m2),
                "parcels": [parcel.to_dict() for parcel in self.parcels],
            },
            "plan": {"source": self.plan_source, "sha256": self.plan_sha256, "is_sample": self.plan_is_sample},
            "land_use": self.land_use,
            "working_crs": self.working_crs,
            "generated_at": self.generated_at,
            "plugin_version": self.plugin_version,
            "qgis_version": self.qgis_version,
            "gdal_version": self.gdal_version,
            "tolerances": self.tolerances,
            "warnings": self.warnings,
            "checks": [check.to_dict() for check in self.checks],
        }


def _verdict(findings) -> str:
    """fail on any conflict; review on any warning or blocking not_run; else pass."""
    findings = list(findings)
    statuses = [finding.status for finding in findings]
    if CONFLICT in statuses:
        return VERDICT_FAIL
    if WARNING in statuses or any(finding.blocks_pass for finding in findings):
        return VERDICT_REVIEW
    return VERDICT_PASS


def verdict_of(checks: list[CheckResult]) -> str:
    return _verdict(checks)


def parcel_verdicts(checks: list[CheckResult]) -> dict[str, str]:
    """Every parcel's verdict from its outcomes in all checks, in one pass (linear in parcels)."""
    outcomes: dict[str, list] = {}
    for check in checks:
        for pid, outcome in check.parcels:
            outcomes.setdefault(pid, []).append(outcome)
    return {pid: _verdict(found) for pid, found in outcomes.items()}

