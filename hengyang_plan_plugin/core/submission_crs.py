"""Which CRS a submission file is in, decided the same way for every reader.

A source's own definition wins; an ESRI ``.prj`` that holds only a name is
resolved by that name; without any definition, Gauss-Kruger zone-prefixed
eastings decide. Anything else is a guess, and the review never runs on a
guess: the caller is told to choose the CRS. Old datums (Xian 1980, Beijing
1954) are refused for every reader: converting them to CGCS2000 needs
parameters the file does not carry.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from contextlib import suppress
from functools import lru_cache
from pathlib import Path

from osgeo import osr

from . import gk_zones
from .encodings import decode_text
from .gdal_errors import quiet_errors
from .submission_model import SubmissionError

# EPSG ranges whose ESRI names a name-only .prj may carry (EPSG registry):
# CGCS2000 geographic 4490, 6-degree GK zones/CMs 4491-4512, 3-degree 4513-4554;
# Xian 1980 4610 and 2327-2390; Beijing 1954 4214, 2401-2442, 21413-21423, 21473-21483.
_NAMED_EPSG_CODES = (
    (4490, 4554),
    (4610, 4610),
    (2327, 2390),
    (4214, 4214),
    (2401, 2442),
    (21413, 21423),
    (21473, 21483),
    (4326, 4326),
)

CHOOSE_CRS_HINT = "请在导入对话框中选择坐标系（命令行用 CRS=EPSG:代码），或重新导出带坐标系定义的文件"

_MEAN_EARTH_RADIUS_M = 6371008.8
# What GDAL reports for a GeoPackage layer with srs_id 0 or -1: no CRS at all, not a real one.
UNDEFINED_SRS_NAMES = ("Undefined geographic SRS", "Undefined cartesian SRS")


def crs_authid(srs: osr.SpatialReference | None) -> str | None:
    """``EPSG:nnnn`` when GDAL can identify the CRS, else its WKT; None without a CRS."""
    if srs is None or srs.GetName() in UNDEFINED_SRS_NAMES:
        return None
    srs = srs.Clone()
    with quiet_errors(), suppress(RuntimeError):  # no EPSG twin: FindMatches below is the looser try
        srs.AutoIdentifyEPSG()
    name, code = srs.GetAuthorityName(None), srs.GetAuthorityCode(None)
    if name and code:
        return f"{name}:{code}"
    try:
        with quiet_errors():
            matches = srs.FindMatches() or []
    except RuntimeError:
        matches = []
    for match, confidence in matches:
        if confidence >= 90 and match.GetAuthorityName(None) and match.GetAuthorityCode(None):
            return f"{match.GetAuthorityName(None)}:{match.GetAuthorityCode(None)}"
    # A name in the .prj that is not UTF-8 comes back as bytes (or with lone surrogates), which osr
    # cannot take again (TypeError): the name is shown, so its odd bytes become U+FFFD.
    wkt = srs.ExportToWkt()
    raw = wkt if isinstance(wkt, bytes) else wkt.encode("utf-8", "surrogateescape")
    return raw.decode("utf-8", "replace")


def crs_from_eastings(eastings: Iterable[float]) -> str | None:
    """The CGCS2000 3-degree (or 6-degree) CRS implied by zone-prefixed eastings, if they all agree."""
    zones = {gk_zones.zone_from_easting(e) for e in eastings}
    if len(zones) != 1 or None in zones:
        return None
    zone = zones.pop()
    width = gk_zones.width_for_zone_number(zone)
    if width is None:
        return None
    return gk_zones.GaussKrugerZone(width, zone, True).authid


@lru_cache(maxsize=1)
def _epsg_by_esri_name() -> dict[str, int]:
    names: dict[str, int] = {}
    for first, last in _NAMED_EPSG_CODES:
        for code in range(first, last + 1):
            srs = osr.SpatialReference()
            with quiet_errors(), suppress(RuntimeError):
                if srs.ImportFromEPSG(code) != 0:
                    continue
                names[_name_key(srs.GetName() or "")] = code
                esri = re.match(r'\s*\w+\["([^"]+)"', srs.ExportToWkt(["FORMAT=WKT1_ESRI"]) or "")
                if esri:
                    names[_name_key(esri.group(1))] = code
    names.pop("", None)
    return names


def _name_key(name: str) -> str:
    """EPSG's and ESRI's spellings of one name to one key: ``CGCS2000 / 3-degree Gauss-Kruger zone 38``
    and ``CGCS2000_3_Degree_GK_Zone_38`` both become ``CGCS20003DEGREEGKZONE38``."""
    key = re.sub(r"[^0-9A-Z]", "", name.upper()).replace("GAUSSKRUGER", "GK")
    return key[3:] if key.startswith("GCS") else key


def epsg_from_prj_name(prj_text: str) -> int | None:
    """The EPSG code of a .prj that GDAL could not read, from the name in its first ``[\"…\"]``."""
    match = re.search(r'^\s*(?:PROJCS|GEOGCS|PROJCRS|GEOGCRS)\s*\[\s*"([^"]+)"', prj_text, re.IGNORECASE)
    if match is None:
        return None
    return _epsg_by_esri_name().get(_name_key(match.group(1)))


def prj_path(source: Path) -> Path | None:
    for suffix in (".prj", ".PRJ"):
        candidate = source.with_suffix(suffix)
        if candidate.is_file():
            return candidate
    return None


def crs_from_prj_file(source: Path) -> str | None:
    """For a shapefile whose .prj GDAL could not read: the CRS its name stands for.

    Raises SubmissionError when the .prj exists but names nothing known: a
    .prj that is there and unreadable must not be ignored in favour of a guess.
    """
    prj = prj_path(source)
    if prj is None:
        return None
    data = prj.read_bytes()
    try:
        text = decode_text(data).strip()
    except UnicodeDecodeError:  # bytes that contradict their BOM: shown as they are, then refused
        text = data.decode("latin-1").strip()
    if not text:
        return None
    code = epsg_from_prj_name(text)
    if code is None:
        raise SubmissionError(
            f"{prj.name}中的坐标系定义无法识别（{text[:60]}）。请用GIS软件重新导出带完整定义的.prj，"
            f"或删除.prj后在导入对话框中选择坐标系",
            str(source),
        )
    return f"EPSG:{code}"


def old_datum(srs: osr.SpatialReference) -> str | None:
    """1980西安坐标系 / 1954北京坐标系 when ``srs`` is on one of those datums, else None."""
    datum = (srs.GetAttrValue("DATUM") or "") + " " + (srs.GetAttrValue("GEOGCS") or "")
    text = datum.upper()
    if "XIAN" in text or "XI'AN" in text or "1980" in text:
        return gk_zones.XIAN_1980
    if "BEIJING" in text or "1954" in text:
        return gk_zones.BEIJING_1954
    return None


def old_datum_message(datum: str, declared: str) -> str:
    """The one refusal every reader gives for a submission on an old datum."""
    return (
        f"坐标系为“{declared}”({datum})，只接受2000国家大地坐标系(CGCS2000)。"
        f"{datum}与CGCS2000基准不同，换算需要七参数，不能自动转换；请先转换为CGCS2000坐标后再送审"
    )


def refuse_old_datum(definition: str, source: str) -> None:
    """Raise SubmissionError when ``definition`` (authid or WKT) is on an old datum."""
    srs = osr.SpatialReference()
    try:
        with quiet_errors():
            if srs.SetFromUserInput(definition) != 0:
                return
    except RuntimeError:
        return
    datum = old_datum(srs)
    if datum is not None:
        raise SubmissionError(old_datum_message(datum, srs.GetName() or definition[:60]), source)


def is_geographic(definition: str | None) -> bool:
    if not definition:
        return False
    srs = osr.SpatialReference()
    try:
        with quiet_errors():
            return srs.SetFromUserInput(definition) == 0 and bool(srs.IsGeographic())
    except (RuntimeError, TypeError):  # TypeError: text osr cannot pass to C
        return False


def distance_m(a: tuple[float, float], b: tuple[float, float], geographic: bool) -> float:
    """Metres between two points; great-circle for lon/lat (ample for a 0.1 m closing tolerance)."""
    if not geographic:
        return math.dist(a[:2], b[:2])
    lon1, lat1, lon2, lat2 = map(math.radians, (a[0], a[1], b[0], b[1]))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * _MEAN_EARTH_RADIUS_M * math.asin(min(1.0, math.sqrt(h)))


CRS_OWN = "文件自带的坐标系定义"
CRS_CHOSEN = "导入时选择的坐标系"
CRS_FROM_PREFIX = "文件不含坐标系，按东坐标的带号前缀确定"


def choose_crs(
    own: str | None, requested: str | None, eastings: list[float], warn, source: str
) -> tuple[str, str]:
    """The CRS to read the source in and why: its own, the one the user chose, or zone-prefixed eastings.

    Raises SubmissionError when none applies, and for an old datum whichever way it came.
    """
    chosen, reason = _choose(own, requested, eastings, warn, source)
    refuse_old_datum(chosen, source)
    return chosen, reason


def _choose(own: str | None, requested: str | None, eastings: list[float], warn, source: str) -> tuple[str, str]:
    if own:
        if requested and requested != own:
            warn(f"数据自带坐标系{own}，忽略指定的{requested}")
        return own, CRS_OWN
    if requested:
        return requested, CRS_CHOSEN
    inferred = crs_from_eastings(eastings)
    if inferred:
        warn(f"数据不含坐标系，按东坐标的带号前缀取{inferred}")
        return inferred, CRS_FROM_PREFIX
    raise SubmissionError(
        "数据不含坐标系，东坐标也没有高斯-克吕格带号前缀（如38），无法判断坐标系；" + CHOOSE_CRS_HINT, source
    )
