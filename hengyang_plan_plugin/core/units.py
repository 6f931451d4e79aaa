"""Area units used in Chinese land administration."""

from __future__ import annotations

M2_PER_HA = 10_000.0  # 1 公顷
M2_PER_MU = 10_000.0 / 15.0  # 1 亩
M2_PER_KM2 = 1_000_000.0
MU_PER_WAN_MU = 10_000.0  # 1 万亩


def m2_to_ha(area_m2: float) -> float:
    return area_m2 / M2_PER_HA


def m2_to_mu(area_m2: float) -> float:
    return area_m2 / M2_PER_MU


def m2_to_km2(area_m2: float) -> float:
    return area_m2 / M2_PER_KM2


def wan_mu_to_m2(area_wan_mu: float) -> float:
    return area_wan_mu * MU_PER_WAN_MU * M2_PER_MU


def km2_to_m2(area_km2: float) -> float:
    return area_km2 * M2_PER_KM2

# No declared area can exceed this (100,000 km², several times the whole city): larger figures are
# typing or exporter errors, and 1e308 公顷 would become an infinite area in review.json.
MAX_DECLARED_AREA_M2 = 1e11
