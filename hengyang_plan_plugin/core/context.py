"""What every check sees: the opened plan, the working CRS, the sites and settings."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from shapely.geometry.base import BaseGeometry

from . import overlay
from .overlay import Overlap
from .plan.model import FieldMatch, PlanBackend, PlanFeature
from .settings import ReviewSettings

WHOLE_SITE = ""  # ReviewSite.key of the union of all parcels


@dataclass
class PreparedParcel:
    """A submission parcel after repair and transformation to the working CRS."""

    id: str
    name: str
    geometry: BaseGeometry | None  # working CRS; None when unusable
    land_use: str | None
    declared_area_m2: float | None
    source_area_m2: float | None  # in the submission's own projected CRS, for the declared-area comparison
    notes: list[str] = field(default_factory=list)  # repairs and remarks (geometry warnings)
    problem: str | None = None  # why the parcel cannot be reviewed

    @property
    def area_m2(self) -> float:
        return float(self.geometry.area) if self.geometry is not None else 0.0


@dataclass
class ReviewSite:
    key: str  # WHOLE_SITE or a parcel id
    geometry: BaseGeometry  # working CRS, polygonal, valid
    land_use: str | None

    @property
    def is_whole(self) -> bool:
        return self.key == WHOLE_SITE


@dataclass
class ReviewContext:
    plan: PlanBackend
    working_crs: str
    settings: ReviewSettings
    whole_site: BaseGeometry
    parcels: list[PreparedParcel]
    submission_crs: str
    submission_warnings: list[str]
    _candidates: dict[tuple, list[PlanFeature]] = field(default_factory=dict)
    memo: dict[Any, Any] = field(default_factory=dict)  # per-review results shared between checks
    layers_read: set[str] = field(default_factory=set)  # layers queried by the check running now

    def has_layer(self, name: str) -> bool:
        return self.plan.has_layer(name)

    def features(self, layer: str, grow_m: float = 0.0, where: FieldMatch | None = None) -> list[PlanFeature]:
        """Candidates near the whole site, fetched once per review through the plan's index.

        Parcels lie inside the whole site, so their checks reuse the same list;
        the overlay functions drop the candidates a parcel does not meet.
        """
        key = (layer, grow_m, where)
        if self.has_layer(layer):
            self.layers_read.add(layer)
        if key not in self._candidates:
            found = (
                self.plan.query(layer, self.whole_site, self.working_crs, grow_m, where)
                if self.has_layer(layer)
                else []
            )
            self._candidates[key] = found
        return self._candidates[key]

    def overlap(
        self, site: BaseGeometry, features: list[PlanFeature], geometries=None, buffers=None
    ) -> Overlap:
        """Site ∩ features, by the plan's backend where it can (PostGIS: on the server), else with shapely.

        ``geometries`` replaces the features' geometries; ``buffers``
        (distances, quad_segs) says how they were made, so a backend can make
        them the same way. Replaced geometries without ``buffers`` stay local.
        """
        if features and (geometries is None or buffers is not None):
            answer = self.plan.overlay(site, list(features), self.working_crs, overlay.AREA_NOISE_M2, buffers)
            if answer is not None:
                return overlay.overlap_from_pieces(*answer)
        return overlay.overlap(site, features, geometries)
