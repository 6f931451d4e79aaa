"""Point lines ``点号,圈号,X,Y`` (X the northing, Y the easting) and checks that they are plane coordinates."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from . import gk_zones
from .txt_fields import TxtLineError, parse_float, parse_int, split_values

# A Gauss-Kruger northing in China lies between 1 000 km and 10 000 km; eastings
# are below 1 000 km, or from 10 000 km up with the zone prefix.
NORTHING_RANGE = (1_000_000.0, 10_000_000.0)
PLAIN_EASTING_MAX = 1_000_000.0
DEGREES_MAX = 180.0  # plane coordinates in metres are never this small; degrees always are
MAX_RING = 2**31 - 1  # 圈号 numbers rings; beyond this it is no ring number (and no array holds it)

ZJGG_MESSAGE = (
    "这是增减挂钩项目的坐标文件(坐标行为“点号,X,Y,边长,圈号”)，本插件不支持；"
    "请按勘测定界/建设用地报批格式(坐标行为“点号,圈号,X,Y”)导出后再导入"
)


@dataclass
class PointLine:
    line: int
    ring: int
    x: float  # easting (file column Y)
    y: float  # northing (file column X)


@dataclass
class PointColumns:
    """A parcel's point lines as arrays, in file order: what the checks and the rings work on,
    so that a parcel of 1,000,000 界址点 costs array operations, not a million objects."""

    lines: np.ndarray  # file line numbers
    ring: np.ndarray  # 圈号
    x: np.ndarray  # easting (file column Y)
    y: np.ndarray  # northing (file column X)

    @classmethod
    def from_points(cls, points: list[PointLine]) -> PointColumns:
        return cls(
            np.array([p.line for p in points], dtype=np.int64),
            np.array([p.ring for p in points], dtype=np.int64),
            np.array([p.x for p in points], dtype=np.float64),
            np.array([p.y for p in points], dtype=np.float64),
        )

    def __len__(self) -> int:
        return len(self.lines)

    def point(self, index: int) -> PointLine:
        return PointLine(int(self.lines[index]), int(self.ring[index]), float(self.x[index]), float(self.y[index]))

    def point_lines(self) -> list[PointLine]:
        return [self.point(index) for index in range(len(self))]


def concatenated(chunks: list[PointColumns]) -> PointColumns:
    return PointColumns(*(np.concatenate([getattr(c, name) for c in chunks]) for name in ("lines", "ring", "x", "y")))


def shown_number(value: float) -> str:
    """A coordinate as the user typed it, to the mm; an absurd one short (1e+308, not 309 digits)."""
    return f"{value:.3f}" if abs(value) < 1e12 else f"{value:.6g}"

def parse_point_line(stripped: str, number: int) -> PointLine:
    values = split_values(stripped)
    if _is_zjgg_point(values):
        raise TxtLineError(number, ZJGG_MESSAGE)
    if len(values) < 4:
        raise TxtLineError(number, f"坐标行应为“点号,圈号,X,Y”，只有{len(values)}个字段: {stripped[:60]}")
    ring = parse_int(values[1])
    if ring is None or ring < 0:
        raise TxtLineError(number, f"圈号不是整数: “{values[1]}”")
    if ring > MAX_RING:
        raise TxtLineError(number, f"圈号“{values[1]}”过大，应为1、2、3…这样的圈的序号")
    northing = parse_float(values[2])
    easting = parse_float(values[3])
    if northing is None or easting is None:
        bad = values[2] if northing is None else values[3]
        column = "X" if northing is None else "Y"
        raise TxtLineError(number, f"坐标不是数字: {column}=“{bad}”")
    return PointLine(number, ring, easting, northing)


def _is_zjgg_point(values: list[str]) -> bool:
    """CCTool 增减挂钩 lines ``J1,X,Y,边长,圈号,``: coordinates where 圈号 and X should be."""
    if len(values) < 5:
        return False
    x, y = parse_float(values[1]), parse_float(values[2])
    return x is not None and y is not None and abs(x) > DEGREES_MAX and abs(y) > DEGREES_MAX


def _is_northing(value):
    """For a number or an array of them."""
    return (NORTHING_RANGE[0] <= value) & (value < NORTHING_RANGE[1])


def fix_axis_order(points: PointColumns, parcel_id: str, block_line: int, warn) -> None:
    """Swap back a parcel written easting-first; a line in the other order than the rest is an error there."""
    x_is_north, y_is_north = _is_northing(points.y), _is_northing(points.x)
    in_order = x_is_north & ~y_is_north  # X north, Y east
    exchanged = y_is_north & ~x_is_north
    swapped = int(exchanged.sum()) > int(in_order.sum())
    odd_ones = in_order if swapped else exchanged
    if odd_ones.any():
        raise TxtLineError(int(points.lines[np.argmax(odd_ones)]), _odd_order_message(parcel_id, swapped))
    if swapped:
        points.x, points.y = points.y, points.x
        warn(block_line, f"地块“{parcel_id}”的X、Y坐标填反了(X应为北坐标，Y应为带带号的东坐标)，已交换后读取")


def _odd_order_message(parcel_id: str, others_swapped: bool) -> str:
    if others_swapped:
        return (
            f"此行X、Y的顺序与地块“{parcel_id}”的其他坐标行相反(其他行X列为东坐标、Y列为北坐标)，"
            "请把此行改成与其他行一致后再导入"
        )
    return f"此行X、Y填反了(X应为北坐标，Y应为东坐标)，与地块“{parcel_id}”的其他坐标行不同，请改正此行后再导入"


def check_plane_coordinates(points: PointColumns) -> None:
    """Refuse, at its line, the first point that cannot be a CGCS2000 Gauss-Kruger coordinate in China."""
    x, y = points.x, points.y
    prefixed = x >= gk_zones.PREFIXED_EASTING_MIN  # what gk_zones.zone_from_easting reads a zone from
    bad = (
        ((np.abs(x) <= DEGREES_MAX) & (np.abs(y) <= DEGREES_MAX))
        | ~_is_northing(y)
        | (~prefixed & ~((x > 0.0) & (x < PLAIN_EASTING_MAX)))
    )
    if bad.any():
        _refuse_point(points.point(int(np.argmax(bad))))


def _refuse_point(point: PointLine) -> None:
    """The message for a point check_plane_coordinates found wrong (tested in the same order)."""
    if abs(point.x) <= DEGREES_MAX and abs(point.y) <= DEGREES_MAX:
        raise TxtLineError(
            point.line,
            f"坐标(X={point.y:g}, Y={point.x:g})像是经纬度，界址点坐标应为CGCS2000高斯-克吕格平面坐标(米)；"
            "请转换为平面坐标后再导入",
        )
    if not _is_northing(point.y):
        raise TxtLineError(
            point.line,
            f"X坐标{shown_number(point.y)}不是高斯-克吕格北坐标(应为7位整数的米数，衡阳约2 9xx xxx)；"
            "请检查此行或文件的坐标系",
        )
    if gk_zones.zone_from_easting(point.x) is None and not 0.0 < point.x < PLAIN_EASTING_MAX:
        raise TxtLineError(
            point.line,
            f"Y坐标{shown_number(point.x)}既不是带带号的东坐标(如38带为38xxxxxx)，也不是不带带号的6位东坐标；"
            "请检查此行或文件的坐标系",
        )
