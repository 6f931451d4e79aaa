"""What a technician should look at when a site's coordinates do not land on the plan.

The causes seen in practice are few: a Y (easting) written without its zone
prefix, X and Y exchanged, or a file in another CRS than the one chosen. The
hint names the likely one in the surveyors' X (north) / Y (east) terms.
"""

from __future__ import annotations

from . import gk_zones

CHOOSE_CRS = "请在导入时选择正确的坐标系"


def coordinate_hint(bounds: tuple[float, float, float, float], source_key: str) -> str:
    """One sentence on the likely cause, for coordinates ``bounds`` (minx, miny, maxx, maxy) in ``source_key``."""
    minx, miny, maxx, maxy = bounds
    zone = gk_zones.zone_from_authid(source_key)
    if -180 <= minx <= 180 and -90 <= miny <= 90 and maxx <= 180 and maxy <= 90:
        return f"坐标像经纬度，而不是{source_key}的平面坐标；{CHOOSE_CRS}"
    if zone is not None and zone.prefixed:
        if maxx < gk_zones.PREFIXED_EASTING_MIN and maxy < gk_zones.PREFIXED_EASTING_MIN:
            return f"Y坐标（东坐标）没有{zone.zone}带号前缀？{CHOOSE_CRS}（不带带号的CGCS2000 3度带）"
        if minx < gk_zones.PREFIXED_EASTING_MIN <= miny:
            return "X、Y坐标是否颠倒（X为北坐标，Y为带带号的东坐标）？请检查坐标列顺序"
        if gk_zones.zone_from_easting(minx) not in (None, zone.zone):
            return f"Y坐标的带号为{gk_zones.zone_from_easting(minx)}，与坐标系的{zone.zone}带不符；{CHOOSE_CRS}"
    if zone is not None and not zone.prefixed and minx >= gk_zones.PREFIXED_EASTING_MIN:
        return f"Y坐标带有带号前缀，而坐标系{source_key}不带带号；{CHOOSE_CRS}"
    return f"请检查坐标系、带号或X、Y是否颠倒；{CHOOSE_CRS}"
