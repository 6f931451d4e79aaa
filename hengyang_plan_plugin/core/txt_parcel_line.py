"""Parcel lines of a 界址点坐标 TXT file (the lines that end with ``@``), in the layouts exporters write.

- Official: ``界址点数,地块面积,地块编号,地块名称,图形属性,图幅号,地块用途,地类编码,@``.
- Without 界址点数 (a web 一张图 exporter): ``地块面积,地块编号,地块名称,图形属性,…,@``.
- Short 一张图 line (CCTool YZT): ``地块编号,地块名称,图形属性,,@``.

The 图形属性 value (面/线/点) tells the layouts apart. 地块面积 is in 公顷 but
may carry a unit (``0.7655公顷``, ``12亩``, ``7655平方米``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .txt_fields import TxtLineError, parse_float, parse_int
from .txt_points import PointColumns, PointLine
from .units import M2_PER_HA, M2_PER_MU, MAX_DECLARED_AREA_M2

PARCEL_LINE_END = "@"
PARCEL_LINE_ENDS = ("@", "＠")

FIELD_POINT_COUNT = "界址点数"
FIELD_AREA = "地块面积"
FIELD_ID = "地块编号"
FIELD_NAME = "地块名称"
FIELD_SHAPE = "图形属性"
FIELD_SHEET = "图幅号"
FIELD_USE = "地块用途"
FIELD_CODE = "地类编码"
FIELD_EXTRA = "附加字段"  # fields some exporters add before "@", kept verbatim
PARCEL_FIELDS = (
    FIELD_POINT_COUNT,
    FIELD_AREA,
    FIELD_ID,
    FIELD_NAME,
    FIELD_SHAPE,
    FIELD_SHEET,
    FIELD_USE,
    FIELD_CODE,
)
NO_COUNT_FIELDS = PARCEL_FIELDS[1:]
SHORT_FIELDS = (FIELD_ID, FIELD_NAME, FIELD_SHAPE, FIELD_USE)
LAYOUTS = (PARCEL_FIELDS, NO_COUNT_FIELDS, SHORT_FIELDS)

POLYGON_SHAPE = "面"
SHAPES = (POLYGON_SHAPE, "线", "点")

# m² per unit; longer spellings first so "hm2" is not read as "m2".
AREA_UNITS = (
    ("平方米", 1.0),
    ("平米", 1.0),
    ("公顷", M2_PER_HA),
    ("hm²", M2_PER_HA),
    ("hm2", M2_PER_HA),
    ("ha", M2_PER_HA),
    ("亩", M2_PER_MU),
    ("㎡", 1.0),
    ("m²", 1.0),
    ("m2", 1.0),
)

# First fields of a field-list line some exporters put under [地块坐标] (not a parcel).
FIELD_LIST_FIRST = ("界址点数", "坐标点个数", "界址点个数", "点数", FIELD_AREA, FIELD_ID)


@dataclass
class ParcelBlock:
    line: int
    fields: dict[str, str]
    extra: list[str]
    point_count: int | None
    area_m2: float | None
    area_unit_given: bool  # the area carried its unit, so it is not guessed at
    points: list[PointLine] = field(default_factory=list)  # read line by line
    columns: PointColumns | None = None  # read as one run (txt_point_run), instead of points

    def point_columns(self) -> PointColumns:
        if self.columns is None:
            self.columns = PointColumns.from_points(self.points)
            self.points = []
        return self.columns

    def add_point(self, point: PointLine) -> None:
        if self.columns is not None:  # a point line after the run (past a blank line): one list again
            self.points, self.columns = self.columns.point_lines(), None
        self.points.append(point)


def is_parcel_line(stripped: str) -> bool:
    return stripped.endswith(PARCEL_LINE_ENDS)


def parcel_values(stripped: str) -> list[str]:
    """The fields before "@"; full-width commas separate only when the line has too few half-width ones
    (the writer puts "，" inside names so that they cannot break the line)."""
    body = stripped[:-1]
    values = [v.strip() for v in body.split(",")]
    if len(values) < len(SHORT_FIELDS):
        values = [v.strip() for v in body.replace("，", ",").split(",")]
    if values and values[-1] == "":
        values.pop()  # the comma before "@"
    return values


def is_field_list_line(stripped: str) -> bool:
    """``界址点数,地块面积,…,@`` or ``【坐标点个数,…,@】``: the column names, not a parcel."""
    text = stripped.strip("[]【】［］ ")
    first = re.split(r"[,，]", text, maxsplit=1)[0].strip()
    return first in FIELD_LIST_FIRST


def parse_parcel_line(stripped: str, number: int, warn) -> ParcelBlock:
    values = parcel_values(stripped)
    if len(values) < 3:
        raise TxtLineError(number, f"地块行字段不足(应为 {','.join(PARCEL_FIELDS)},@): {stripped[:60]}")
    layout = _layout(values)
    fields = dict(zip(layout, values))
    for key in PARCEL_FIELDS:
        fields.setdefault(key, "")
    extra = values[len(layout) :]
    point_count = _point_count(fields[FIELD_POINT_COUNT], number)
    area_m2, unit_given = parse_area(fields[FIELD_AREA], number)
    shape = fields[FIELD_SHAPE]
    if shape and shape != POLYGON_SHAPE:
        warn(number, f"图形属性为“{shape}”，按面读取")
    return ParcelBlock(number, fields, extra, point_count, area_m2, unit_given)


def _layout(values: list[str]) -> tuple[str, ...]:
    for layout in LAYOUTS:
        position = layout.index(FIELD_SHAPE)
        if len(values) > position and values[position] in SHAPES:
            return layout
    if values and _unit_of(values[0]) is not None:  # an area with its unit comes first
        return NO_COUNT_FIELDS
    return PARCEL_FIELDS


def _point_count(text: str, number: int) -> int | None:
    if not text:
        return None
    count = parse_int(text)
    if count is None or count < 0:
        raise TxtLineError(number, f"界址点数不是整数: “{text}”")
    return count


def _unit_of(text: str) -> tuple[str, float] | None:
    lowered = text.strip().lower()
    return next(((unit, m2) for unit, m2 in AREA_UNITS if lowered.endswith(unit)), None)


def parse_area(text: str, number: int) -> tuple[float | None, bool]:
    """(declared area in m², whether the text named its unit); a bare number is in 公顷."""
    if not text:
        return None, False
    unit = _unit_of(text)
    figure = text.strip()[: -len(unit[0])] if unit else text
    value = parse_float(figure)
    if value is None or value < 0:
        raise TxtLineError(number, f"地块面积不是数字: “{text}”")
    m2_per_unit = unit[1] if unit else M2_PER_HA
    area_m2 = value * m2_per_unit
    if area_m2 > MAX_DECLARED_AREA_M2:
        raise TxtLineError(number, f"地块面积“{text}”大得不合理（超过10万平方千米），请检查面积栏和单位")
    return area_m2, unit is not None
