"""What every check sees: the opened plan, the working CRS, the sites and settings."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

import shapely
from shapely.geometry.base import BaseGeometry

from . import overlay
from .overlay import Overlap
from .plan.model import FieldMatch, PlanBackend, PlanFeature
from .settings import ReviewSettings

WHOLE_SITE = ""  # ReviewSite.key of the union of all parcels
# Below this many candidates a parcel's checks scan the whole-site list; above it, an STRtree
# narrows the list to the parcel's surroundings, so a 10,000-parcel site costs linear time.
INDEXED_CANDIDATES = 32


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
    _focus: BaseGeometry | None = None  # the parcel being checked; None for the whole site
    _trees: dict[tuple, shapely.STRtree] = field(default_factory=dict)

    def parcel(self, key: str) -> PreparedParcel:
        """The parcel a ReviewSite key names (a dict built once: reviews of 10,000 parcels stay linear)."""
        by_key = self.memo.get("parcels_by_id")
        if by_key is None:
            by_key = self.memo["parcels_by_id"] = {}
            for parcel in self.parcels:
                by_key.setdefault(parcel.id, parcel)  # the first of equal ids, as a scan would find
        return by_key[key]

    @contextmanager
    def focused_on(self, geometry: BaseGeometry | None) -> Iterator[None]:
        """While a parcel is checked, ``features`` returns only the candidates near it."""
        previous, self._focus = self._focus, geometry
        try:
            yield
        finally:
            self._focus = previous

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
        return self._near_focus(key, grow_m)

    def _near_focus(self, key: tuple, grow_m: float) -> list[PlanFeature]:
        # A bounding-box filter only: the overlay and distance functions make the exact test.
        found = self._candidates[key]
        if self._focus is None or len(found) <= INDEXED_CANDIDATES:
            return found
        tree = self._trees.get(key)
        if tree is None:
            tree = self._trees[key] = shapely.STRtree([feature.geometry for feature in found])
        minx, miny, maxx, maxy = self._focus.bounds
        hits = tree.query(shapely.box(minx - grow_m, miny - grow_m, maxx + grow_m, maxy + grow_m))
        return [found[index] for index in sorted(hits)]  # the whole-site order: same pieces, same text

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
