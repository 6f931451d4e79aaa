"""The Gauss-Kruger zone of a 界址点坐标 TXT file: header 带号 and the easting prefixes, which must agree."""

from __future__ import annotations

from . import gk_zones
from .txt_fields import TxtLineError, parse_int
from .txt_header import Header
from .txt_points import PointLine


def file_zone(header: Header, width: int | None, points: list[PointLine]) -> gk_zones.GaussKrugerZone:
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


def _easting_prefixes(points: list[PointLine]) -> dict[int, int]:
    """Zone prefix -> first line carrying it; a file mixing prefixed and plain eastings is refused."""
    prefixes: dict[int, int] = {}
    prefixed_lines, plain_lines = [], []
    for point in points:
        prefix = gk_zones.zone_from_easting(point.x)
        if prefix is None:
            plain_lines.append(point.line)
        else:
            prefixed_lines.append(point.line)
            prefixes.setdefault(prefix, point.line)
    if prefixed_lines and plain_lines:
        odd_lines = plain_lines if len(plain_lines) <= len(prefixed_lines) else prefixed_lines  # the fewer is wrong
        raise TxtLineError(odd_lines[0], "部分Y坐标带有带号前缀、部分没有，无法确定投影带；请检查此行的Y坐标")
    if len(prefixes) > 1:
        zones = list(prefixes)  # in file order: the second zone met is the odd one out
        raise TxtLineError(
            prefixes[zones[1]],
            f"Y坐标的带号前缀不一致({'、'.join(map(str, zones))})，一个文件只能在一个投影带内",
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
