"""The Gauss-Kruger zone of a 界址点坐标 TXT file: header 带号 and the easting prefixes, which must agree."""

from __future__ import annotations

import numpy as np

from . import gk_zones
from .txt_fields import TxtLineError, parse_int
from .txt_header import Header
from .txt_points import PointColumns


def file_zone(header: Header, width: int | None, points: PointColumns) -> gk_zones.GaussKrugerZone:
    """``points``: every point of the file, in file order."""
    prefixes = _easting_prefixes(points)
    declared, declared_line = _declared_zone(header)
    if prefixes:
        zone_number, zone_line = next(iter(prefixes.items()))
        if declared is not None and declared != zone_number:
            raise TxtLineError(declared_line, f"带号{declared}与Y坐标的带号前缀{zone_number}(第{zone_line}行)不一致")
        prefixed = True
    else:
        if declared is None:
            raise TxtLineError(
                declared_line,
                "无法确定投影带: 表头没有带号，Y坐标也没有带号前缀；"
                "请在表头写明带号(如“带号=38”)，或在Y坐标前加上带号后再导入",
            )
        zone_number, zone_line, prefixed = declared, declared_line, False

    zone_width = width or gk_zones.width_for_zone_number(zone_number)
    if zone_width is None or not gk_zones.zone_is_valid(zone_width, zone_number):
        width_text = f"{zone_width}度带" if zone_width else "3度带或6度带"
        raise TxtLineError(zone_line, f"带号{zone_number}不是CGCS2000有效的{width_text}带号")
    return gk_zones.GaussKrugerZone(zone_width, zone_number, prefixed)


def _easting_prefixes(points: PointColumns) -> dict[int, int]:
    """Zone prefix -> first line carrying it; a file mixing prefixed and plain eastings is refused."""
    prefixed = points.x >= gk_zones.PREFIXED_EASTING_MIN  # gk_zones.zone_from_easting, for the array
    if not prefixed.any():
        return {}
    if not prefixed.all():
        plain_lines, prefixed_lines = points.lines[~prefixed], points.lines[prefixed]
        odd_lines = plain_lines if len(plain_lines) <= len(prefixed_lines) else prefixed_lines  # the fewer is wrong
        raise TxtLineError(int(odd_lines[0]), "部分Y坐标带有带号前缀、部分没有，无法确定投影带；请检查此行的Y坐标")
    zones, first = np.unique(points.x // 1_000_000, return_index=True)  # floats: an absurd easting stays itself
    prefixes = {int(zones[i]): int(points.lines[first[i]]) for i in np.argsort(first)}  # in file order
    if len(prefixes) > 1:
        found = list(prefixes)  # the second zone met is the odd one out
        raise TxtLineError(
            prefixes[found[1]],
            f"Y坐标的带号前缀不一致({'、'.join(map(str, found))})，一个文件只能在一个投影带内",
        )
    return prefixes


def _declared_zone(header: Header) -> tuple[int | None, int]:
    text = header.values.get("带号", "")
    line = header.lines.get("带号", header.section_line)
    if not text:
        return None, line
    declared = parse_int(text)
    if declared is None:
        raise TxtLineError(line, f"带号不是整数: “{text}”")
    return declared, line
