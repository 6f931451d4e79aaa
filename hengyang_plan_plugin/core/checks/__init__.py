"""The review checks, in report order. Ids and titles follow the contract.

Each check is ``run(ctx, site) -> CheckOutcome`` for one site (the whole
submission or one parcel). ``layers`` lists the plan layers it needs (all of
them, or with ``any_layer`` at least one); without them it is ``not_run``.
``uses_land_use`` marks checks whose answer depends on the proposed use.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from . import (
    city_lines,
    current_land_use,
    dev_boundary,
    eco_redline,
    farmland,
    geometry,
    land_use,
    renewal_unit,
    river_crossing,
    service_coverage,
    zoning,
)
from .zones import ZONE_LAYERS


@dataclass(frozen=True)
class CheckSpec:
    id: str
    run: Callable
    layers: tuple[str, ...] = ()
    any_layer: bool = False
    uses_land_use: bool = False


CHECKS: tuple[CheckSpec, ...] = (
    CheckSpec("geometry", geometry.run),
    # the 永久基本农田 verdict follows the use (the 农田保护区 row of the matrix, issue 15)
    CheckSpec("farmland", farmland.run, (farmland.LAYER,), uses_land_use=True),
    CheckSpec("eco_redline", eco_redline.run, (eco_redline.LAYER,), uses_land_use=True),
    CheckSpec("dev_boundary", dev_boundary.run, (dev_boundary.LAYER,), uses_land_use=True),
    CheckSpec("zoning", zoning.run, ZONE_LAYERS, any_layer=True),
    CheckSpec("land_use", land_use.run, ZONE_LAYERS, any_layer=True, uses_land_use=True),
    *(
        CheckSpec(check_id, city_lines.runner(check_id), (layer,), uses_land_use=True)
        for check_id, layer in city_lines.LINE_LAYERS.items()
    ),
    CheckSpec("renewal_unit", renewal_unit.run, (renewal_unit.LAYER,)),
    CheckSpec("river_crossing", river_crossing.run, (river_crossing.LAYER,), uses_land_use=True),
    CheckSpec(
        "service_coverage", service_coverage.run, (service_coverage.FACILITY_LAYER,), uses_land_use=True
    ),
    # 现状地类 from the optional DLTB; the 农用地转用 area follows the use
    CheckSpec("current_land_use", current_land_use.run, (current_land_use.LAYER,), uses_land_use=True),
)

CHECK_IDS = tuple(spec.id for spec in CHECKS)
