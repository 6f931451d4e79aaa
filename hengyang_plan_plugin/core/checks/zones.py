"""Which 规划分区 a site falls in: 中心城区规划分区 first, 市域规划分区 for the rest.

Both ``zoning`` and ``land_use`` need this; it is computed once per site and
review (kept in the context memo).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from shapely.geometry.base import BaseGeometry

from ..context import ReviewContext, ReviewSite
from ..overlay import EMPTY, Overlap, is_sliver, merge
from .common import attribute, group_by

CENTRAL_LAYER = "ZXCQGHFQ"
CITY_LAYER = "GHFQ"
ZONE_LAYERS = (CENTRAL_LAYER, CITY_LAYER)
NAME_FIELD = "GHFQMC"
CODE_FIELD = "GHFQDM"


@dataclass
class ZonePiece:
    name: str
    codes: list[str]
    found: Overlap
    layers: list[str] = field(default_factory=list)

    @property
    def area_m2(self) -> float:
        return self.found.area_m2


@dataclass
class SiteZones:
    pieces: list[ZonePiece]
    uncovered: BaseGeometry


def site_zones(ctx: ReviewContext, site: ReviewSite) -> SiteZones:
    key = ("zones", site.key)
    if key not in ctx.memo:
        ctx.memo[key] = _compute(ctx, site)
    return ctx.memo[key]


def _compute(ctx: ReviewContext, site: ReviewSite) -> SiteZones:
    remaining = site.geometry
    by_name: dict[str, ZonePiece] = {}
    for layer in ZONE_LAYERS:
        # A remainder within the sliver tolerance is boundary noise, not a gap to fill from GHFQ.
        if remaining.is_empty or is_sliver(remaining, ctx.settings) or not ctx.has_layer(layer):
            continue
        found_here = []
        for name, features in group_by(ctx.features(layer), lambda f: attribute(f, NAME_FIELD)).items():
            found = ctx.overlap(remaining, features)
            if found.is_empty:
                continue
            found_here.append(found)
            codes = sorted({attribute(f, CODE_FIELD) for f, _ in found.pieces})
            piece = by_name.get(name)
            if piece is None:
                by_name[name] = ZonePiece(name, codes, found, [layer])
            else:  # same zone name on both layers: their parts are disjoint (GHFQ fills what remains)
                piece.found = merge([piece.found, found])
                piece.codes = sorted(set(piece.codes) | set(codes))
                piece.layers.append(layer)
        covered = merge(found_here)
        remaining = covered.remainder(remaining)
    pieces = sorted(by_name.values(), key=lambda p: -p.area_m2)
    return SiteZones(pieces, remaining if not remaining.is_empty else EMPTY)
