"""Tolerances and switches of a review, with the defaults the plugin ships."""

from __future__ import annotations

from dataclasses import asdict, dataclass


@dataclass(frozen=True)
class ReviewSettings:
    # An overlap smaller than this, or thinner than sliver_width_m everywhere, is
    # reported as 疑似边界误差 (warning) instead of a conflict: digitising noise
    # along shared boundaries must not fail a submission.
    sliver_area_m2: float = 1.0
    sliver_width_m: float = 0.1
    # Declared (申报) against computed parcel area: a mismatch beyond both the
    # absolute and the relative allowance is a geometry warning.
    declared_area_abs_tolerance_m2: float = 1.0
    declared_area_rel_tolerance: float = 0.001
    # The site must lie within the plan's extent grown by this margin, else the
    # coordinates are refused as "outside the plan area" (wrong zone, swapped X/Y).
    plan_extent_margin_m: float = 1000.0

    def to_dict(self) -> dict[str, float]:
        return asdict(self)


DEFAULT_SETTINGS = ReviewSettings()
