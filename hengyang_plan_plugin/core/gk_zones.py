"""CGCS2000 Gauss-Kruger zones: from 带号 or a zone-prefixed easting to an EPSG code and back.

EPSG numbers the CGCS2000 Gauss-Kruger systems in four contiguous blocks, so the
codes are arithmetic rather than a lookup table (checked against GDAL's EPSG
database in the tests):

* 6-degree zones 13-23 with the zone prefix: EPSG:4491-4501
* 6-degree, no prefix (CM 75E-135E):         EPSG:4502-4512
* 3-degree zones 25-45 with the zone prefix: EPSG:4513-4533
* 3-degree, no prefix (CM 75E-135E):         EPSG:4534-4554
"""

from __future__ import annotations

import math
from dataclasses import dataclass

SIX_DEGREE = 6
THREE_DEGREE = 3

SIX_DEGREE_ZONES = range(13, 24)  # CM 75E ... 135E, China's extent
THREE_DEGREE_ZONES = range(25, 46)  # CM 75E ... 135E

_SIX_PREFIXED_BASE = 4491 - 13
_SIX_PLAIN_BASE = 4502
_THREE_PREFIXED_BASE = 4513 - 25
_THREE_PLAIN_BASE = 4534

# A plain Gauss-Kruger easting is the false easting 500 000 m plus at most a few
# hundred kilometres; anything from 10 000 000 up carries a zone prefix.
PREFIXED_EASTING_MIN = 10_000_000.0


@dataclass(frozen=True)
class GaussKrugerZone:
    """A CGCS2000 Gauss-Kruger system: zone width, zone number and whether eastings carry the prefix."""

    width: int  # 3 or 6 (几度分带)
    zone: int  # 带号
    prefixed: bool

    @property
    def central_meridian(self) -> int:
        return self.zone * 3 if self.width == THREE_DEGREE else self.zone * 6 - 3

    @property
    def epsg(self) -> int:
        if self.width == THREE_DEGREE:
            if self.prefixed:
                return _THREE_PREFIXED_BASE + self.zone
            return _THREE_PLAIN_BASE + (self.central_meridian - 75) // 3
        if self.prefixed:
            return _SIX_PREFIXED_BASE + self.zone
        return _SIX_PLAIN_BASE + (self.central_meridian - 75) // 6

    @property
    def authid(self) -> str:
        return f"EPSG:{self.epsg}"


def zone_is_valid(width: int, zone: int) -> bool:
    zones = THREE_DEGREE_ZONES if width == THREE_DEGREE else SIX_DEGREE_ZONES
    return zone in zones


def width_for_zone_number(zone: int) -> int | None:
    """The zone width a bare 带号 implies: the 3-degree and 6-degree numbers used in China do not overlap."""
    if zone in THREE_DEGREE_ZONES:
        return THREE_DEGREE
    if zone in SIX_DEGREE_ZONES:
        return SIX_DEGREE
    return None


def zone_from_easting(easting: float) -> int | None:
    """The zone number carried in the leading digits of a prefixed easting, None without prefix."""
    if not math.isfinite(easting) or easting < PREFIXED_EASTING_MIN:
        return None
    return int(easting // 1_000_000)


def zone_from_epsg(code: int) -> GaussKrugerZone | None:
    """The inverse of ``GaussKrugerZone.epsg`` for the CGCS2000 Gauss-Kruger block."""
    if 4491 <= code <= 4501:
        return GaussKrugerZone(SIX_DEGREE, code - _SIX_PREFIXED_BASE, True)
    if 4502 <= code <= 4512:
        return GaussKrugerZone(SIX_DEGREE, (75 + (code - _SIX_PLAIN_BASE) * 6 + 3) // 6, False)
    if 4513 <= code <= 4533:
        return GaussKrugerZone(THREE_DEGREE, code - _THREE_PREFIXED_BASE, True)
    if 4534 <= code <= 4554:
        return GaussKrugerZone(THREE_DEGREE, (75 + (code - _THREE_PLAIN_BASE) * 3) // 3, False)
    return None


def zone_from_authid(authid: str | None) -> GaussKrugerZone | None:
    if not authid or not authid.upper().startswith("EPSG:"):
        return None
    try:
        return zone_from_epsg(int(authid.split(":", 1)[1]))
    except ValueError:
        return None


def three_degree_zone_for_longitude(longitude: float) -> int:
    """The 3-degree zone whose central meridian is nearest (zone n spans 3n ± 1.5 degrees)."""
    return int(math.floor((longitude + 1.5) / 3.0))


# Datums the TXT header may name. Only CGCS2000 is accepted: the others need a
# seven-parameter transformation the file does not reliably carry.
CGCS2000 = "CGCS2000"
XIAN_1980 = "1980西安坐标系"
BEIJING_1954 = "1954北京坐标系"
WGS84 = "WGS84"


def datum_from_name(name: str) -> str | None:
    """Classify a 坐标系 header value; None when it names nothing recognisable."""
    text = name.replace(" ", "").upper()
    if not text:
        return None
    if "2000" in text or "CGCS" in text:
        return CGCS2000
    if "西安" in text or "XIAN" in text or "80" in text:
        return XIAN_1980
    if "北京" in text or "BEIJING" in text or "54" in text:
        return BEIJING_1954
    if "WGS" in text or "84" in text:
        return WGS84
    return None
