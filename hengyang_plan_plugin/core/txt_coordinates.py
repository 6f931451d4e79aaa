"""界址点坐标 TXT (勘测定界 / 建设用地报批 coordinate files): reader and writer.

The file has a ``[属性描述]`` header of ``key=value`` lines and a ``[地块坐标]``
section of parcels. Each parcel starts with
``界址点数,地块面积,地块编号,地块名称,图形属性,图幅号,地块用途,地类编码,@`` and is
followed by point lines ``点号,圈号,X,Y`` where X is the northing and Y the
easting, usually with the zone number as a prefix. 圈号 1 is the outer ring,
higher numbers are holes; each ring repeats its first point to close.

Everything the reader finds wrong is a ``SubmissionError`` whose message starts
with ``第N行``; everything it can repair is a warning on the ``Submission``.
"""

from __future__ import annotations

import datetime as _dt
import hashlib
import math
import re
from dataclasses import dataclass, field
from pathlib import Path

from shapely.errors import GEOSException
from shapely.geometry import MultiPolygon, Polygon
from shapely.geometry.base import BaseGeometry

from . import gk_zones
from .encodings import decode_text
from .land_use_codes import land_use_codes
from .submission_model import Parcel, Submission, SubmissionError
from .units import M2_PER_HA

HEADER_SECTION = "属性描述"
PARCEL_SECTION = "地块坐标"
PARCEL_LINE_END = "@"

# Attribute keys a parcel line fills, in file order (the first two are numbers).
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

POLYGON_SHAPE = "面"
OUTER_RING = 1

# Closing points are usually copied verbatim; a sub-millimetre difference still
# means the surveyor closed the ring.
CLOSURE_TOLERANCE_M = 0.001

# A Gauss-Kruger northing in China lies between 1 000 km and 10 000 km; eastings
# are below 1 000 km, or from 10 000 km up with the zone prefix.
NORTHING_RANGE = (1_000_000.0, 10_000_000.0)

DEFAULT_DECIMALS = 3
DEFAULT_ENCODING = "gb18030"  # a superset of GBK, what Chinese survey software reads


@dataclass
class _PointLine:
    line: int
    ring: int
    x: float  # easting (file column Y)
    y: float  # northing (file column X)


@dataclass
class _ParcelBlock:
    line: int
    fields: dict[str, str]
    extra: list[str]
    point_count: int | None
    area_ha: float | None
    points: list[_PointLine] = field(default_factory=list)


@dataclass
class _Header:
    values: dict[str, str] = field(default_factory=dict)
    lines: dict[str, int] = field(default_factory=dict)
    section_line: int = 1


def _line_error(message: str, path: str, line: int) -> SubmissionError:
    return SubmissionError(f"第{line}行: {message}", path, line)


# --- reading ------------------------------------------------------------------


def read_txt(path: str | Path) -> Submission:
    """Read a 界址点坐标 TXT file into a Submission (parcels in the file's Gauss-Kruger CRS)."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as error:
        raise SubmissionError(f"无法读取文件: {error.strerror or error}", str(path)) from error
    submission = parse_txt(data, str(path))
    submission.sha256 = hashlib.sha256(data).hexdigest()
    return submission


def parse_txt(data: bytes, path: str = "<txt>") -> Submission:
    """Parse the bytes of a coordinate file; ``path`` is only used in messages."""
    try:
        text, _encoding = decode_text(data)
    except UnicodeDecodeError as error:  # a UTF-8 byte-order mark followed by other bytes
        line = data[: error.start + 3].count(b"\n") + 1
        raise _line_error("文件以UTF-8 BOM开头，但含有不是UTF-8编码的字节", path, line) from error
    lines = re.split(r"\r\n|\r|\n", text)
    reader = _Reader(path, lines)
    return reader.read()


def _section_name(stripped: str) -> str | None:
    match = re.fullmatch(r"[\[【［]\s*(.+?)\s*[\]】］]", stripped)
    return match.group(1) if match else None


def _parse_float(text: str) -> float | None:
    try:
        value = float(text.strip())
    except ValueError:
        return None
    return value if math.isfinite(value) else None


def _parse_int(text: str) -> int | None:
    text = text.strip()
    if re.fullmatch(r"[+-]?\d{1,18}", text):
        return int(text)
    value = _parse_float(text)
    if value is not None and value.is_integer():
        return int(value)
    return None


class _Reader:
    def __init__(self, path: str, lines: list[str]):
        self.path = path
        self.label = Path(path).name or path
        self.lines = lines
        self.warnings: list[str] = []

    def warn(self, line: int | None, message: str) -> None:
        where = f"第{line}行: " if line else ""
        self.warnings.append(f"{self.label} {where}{message}")

    def error(self, line: int, message: str) -> SubmissionError:
        return _line_error(message, self.path, line)

    # The whole read: sections, header, parcels, CRS, geometry.
    def read(self) -> Submission:
        header_index, parcel_index = self._find_sections()
        header = self._read_header(header_index, parcel_index)
        width = self._check_datum(header)
        blocks = self._read_blocks(parcel_index)
        for block in blocks:
            self._fix_swapped_axes(block)
        zone = self._zone(header, width, blocks)
        parcels = [self._parcel(block) for block in blocks]
        return Submission(
            name=Path(self.path).stem,
            source=self.path,
            crs=zone.authid,
            parcels=parcels,
            warnings=self.warnings,
        )

    def _find_sections(self) -> tuple[int, int]:
        header_index = parcel_index = None
        for index, raw in enumerate(self.lines):
            name = _section_name(raw.strip().lstrip("\ufeff"))
            if name == HEADER_SECTION and header_index is None:
                header_index = index
            elif name == PARCEL_SECTION and parcel_index is None:
                parcel_index = index
        if header_index is None:
            raise self.error(1, "缺少[属性描述]节，不是界址点坐标文件")
        if parcel_index is None:
            last_line = max((i + 1 for i, raw in enumerate(self.lines) if raw.strip()), default=1)
            raise self.error(last_line, "缺少[地块坐标]节，文件中没有地块坐标")
        if parcel_index < header_index:
            raise self.error(parcel_index + 1, "[地块坐标]节出现在[属性描述]节之前")
        return header_index, parcel_index

    def _read_header(self, header_index: int, parcel_index: int) -> _Header:
        header = _Header(section_line=header_index + 1)
        for index in range(header_index + 1, parcel_index):
            stripped = self.lines[index].strip()
            if not stripped:
                continue
            key, sep, value = stripped.replace("＝", "=").partition("=")
            if not sep:
                self.warn(index + 1, f"表头行没有“=”，已忽略: {stripped[:40]}")
                continue
            header.values[key.strip()] = value.strip()
            header.lines[key.strip()] = index + 1
        return header

    def _check_datum(self, header: _Header) -> int | None:
        """Refuse other datums; returns the declared zone width (几度分带) if any."""
        name = header.values.get("坐标系", "")
        line = header.lines.get("坐标系", header.section_line)
        datum = gk_zones.datum_from_name(name)
        if datum in (gk_zones.XIAN_1980, gk_zones.BEIJING_1954):
            raise self.error(
                line,
                f"坐标系为“{name}”({datum})，只接受2000国家大地坐标系(CGCS2000)。"
                f"{datum}与CGCS2000基准不同，换算需要七参数，不能自动转换；请先转换为CGCS2000坐标后再送审",
            )
        if datum == gk_zones.WGS84:
            raise self.error(
                line, f"坐标系为“{name}”，界址点坐标应为2000国家大地坐标系(CGCS2000)高斯-克吕格投影"
            )
        if datum is None and name:
            raise self.error(line, f"无法识别的坐标系“{name}”，只接受2000国家大地坐标系(CGCS2000)")
        if datum is None:
            self.warn(header.section_line, "表头未注明坐标系，按2000国家大地坐标系(CGCS2000)读取")

        unit = header.values.get("计量单位", "")
        if unit and unit.lower() not in ("米", "m", "meter", "metre", "公尺"):
            raise self.error(header.lines["计量单位"], f"计量单位为“{unit}”，坐标应以米为单位")
        projection = header.values.get("投影类型", "")
        if projection and not re.search(
            r"高斯|克吕格|克里格|gauss|kruger|krüger|tm", projection, re.IGNORECASE
        ):
            self.warn(
                header.lines["投影类型"], f"投影类型“{projection}”不是高斯-克吕格，按高斯-克吕格投影读取"
            )
        parameters = header.values.get("转换参数", "")
        if any((_parse_float(p) or 0.0) != 0.0 for p in parameters.split(",") if p.strip()):
            self.warn(header.lines["转换参数"], f"转换参数“{parameters}”不为零，已忽略；坐标按CGCS2000读取")

        width_text = header.values.get("几度分带", "")
        width = None
        if width_text:
            width = _parse_int(re.sub(r"[度°带\s]", "", width_text))
            if width not in (gk_zones.THREE_DEGREE, gk_zones.SIX_DEGREE):
                raise self.error(header.lines["几度分带"], f"几度分带应为3或6，实为“{width_text}”")
        return width

    def _read_blocks(self, parcel_index: int) -> list[_ParcelBlock]:
        blocks: list[_ParcelBlock] = []
        for index in range(parcel_index + 1, len(self.lines)):
            number = index + 1
            stripped = self.lines[index].strip()
            if not stripped:
                continue
            if _section_name(stripped):
                self.warn(number, f"[地块坐标]之后的“{stripped}”节已忽略")
                break
            if stripped.endswith(PARCEL_LINE_END):
                blocks.append(self._parcel_block(stripped, number))
                continue
            if not blocks:
                raise self.error(number, f"坐标行之前没有地块行(以“@”结尾): {stripped[:40]}")
            blocks[-1].points.append(self._point_line(stripped, number))
        if not blocks:
            raise self.error(parcel_index + 1, "[地块坐标]节中没有地块")
        seen: dict[str, int] = {}
        for block in blocks:
            parcel_id = block.fields[FIELD_ID]
            if not parcel_id:
                continue
            if parcel_id in seen:
                raise self.error(block.line, f"地块编号“{parcel_id}”重复(第{seen[parcel_id]}行已出现)")
            seen[parcel_id] = block.line
        for position, block in enumerate(blocks, start=1):
            if not block.fields[FIELD_ID]:
                block.fields[FIELD_ID] = str(position) if str(position) not in seen else f"地块{position}"
                self.warn(block.line, f"地块没有编号，编为“{block.fields[FIELD_ID]}”")
        return blocks

    def _parcel_block(self, stripped: str, number: int) -> _ParcelBlock:
        values = [v.strip() for v in stripped[: -len(PARCEL_LINE_END)].split(",")]
        if values and values[-1] == "":
            values.pop()  # the comma before "@"
        if len(values) < 3:
            raise self.error(
                number,
                f"地块行字段不足(应为 {','.join(PARCEL_FIELDS)},@): {stripped[:60]}",
            )
        fields = dict(zip(PARCEL_FIELDS, values))
        for key in PARCEL_FIELDS:
            fields.setdefault(key, "")
        extra = values[len(PARCEL_FIELDS) :]
        point_count = None
        if fields[FIELD_POINT_COUNT]:
            point_count = _parse_int(fields[FIELD_POINT_COUNT])
            if point_count is None or point_count < 0:
                raise self.error(number, f"界址点数不是整数: “{fields[FIELD_POINT_COUNT]}”")
        area_ha = None
        if fields[FIELD_AREA]:
            area_ha = _parse_float(fields[FIELD_AREA])
            if area_ha is None or area_ha < 0:
                raise self.error(number, f"地块面积不是数字: “{fields[FIELD_AREA]}”")
        shape = fields[FIELD_SHAPE]
        if shape and shape != POLYGON_SHAPE:
            self.warn(number, f"图形属性为“{shape}”，按面读取")
        return _ParcelBlock(number, fields, extra, point_count, area_ha)

    def _point_line(self, stripped: str, number: int) -> _PointLine:
        values = [v.strip() for v in stripped.replace("，", ",").split(",")]
        if len(values) < 4:
            raise self.error(number, f"坐标行应为“点号,圈号,X,Y”，只有{len(values)}个字段: {stripped[:60]}")
        ring = _parse_int(values[1])
        if ring is None or ring < 0:
            raise self.error(number, f"圈号不是整数: “{values[1]}”")
        northing = _parse_float(values[2])
        easting = _parse_float(values[3])
        if northing is None or easting is None:
            bad = values[2] if northing is None else values[3]
            column = "X" if northing is None else "Y"
            raise self.error(number, f"坐标不是数字: {column}=“{bad}”")
        return _PointLine(number, ring, easting, northing)

    def _fix_swapped_axes(self, block: _ParcelBlock) -> None:
        """Swap back a parcel whose X column holds eastings and Y column northings."""

        def is_northing(value: float) -> bool:
            return NORTHING_RANGE[0] <= value < NORTHING_RANGE[1]

        if not block.points:
            return
        # The stored x is the file's Y column, y the file's X column.
        swapped = all(is_northing(p.x) and not is_northing(p.y) for p in block.points)
        if swapped:
            for point in block.points:
                point.x, point.y = point.y, point.x
            self.warn(
                block.line,
                f"地块“{block.fields[FIELD_ID]}”的X、Y坐标填反了(X应为北坐标，Y应为带带号的东坐标)，已交换后读取",
            )

    def _zone(
        self, header: _Header, width: int | None, blocks: list[_ParcelBlock]
    ) -> gk_zones.GaussKrugerZone:
        """The Gauss-Kruger zone from 带号 and the easting prefixes, which must agree."""
        prefixes: dict[int, int] = {}
        plain_line = None
        for block in blocks:
            for point in block.points:
                prefix = gk_zones.zone_from_easting(point.x)
                if prefix is None:
                    plain_line = plain_line or point.line
                else:
                    prefixes.setdefault(prefix, point.line)
        if prefixes and plain_line:
            raise self.error(plain_line, "部分Y坐标带有带号前缀、部分没有，无法确定投影带")
        if len(prefixes) > 1:
            zones = list(prefixes)  # in file order: the second zone met is the odd one out
            raise self.error(
                prefixes[zones[1]],
                f"Y坐标的带号前缀不一致({'、'.join(map(str, zones))})，一个文件只能在一个投影带内",
            )

        declared_text = header.values.get("带号", "")
        declared_line = header.lines.get("带号", header.section_line)
        declared = None
        if declared_text:
            declared = _parse_int(declared_text)
            if declared is None:
                raise self.error(declared_line, f"带号不是整数: “{declared_text}”")

        if prefixes:
            zone_number, zone_line = next(iter(prefixes.items()))
            if declared is not None and declared != zone_number:
                raise self.error(
                    declared_line, f"带号{declared}与Y坐标的带号前缀{zone_number}(第{zone_line}行)不一致"
                )
            prefixed = True
        else:
            if declared is None:
                raise self.error(declared_line, "无法确定投影带: 表头没有带号，Y坐标也没有带号前缀")
            zone_number, zone_line, prefixed = declared, declared_line, False

        zone_width = width or gk_zones.width_for_zone_number(zone_number)
        if zone_width is None or not gk_zones.zone_is_valid(zone_width, zone_number):
            width_text = f"{zone_width}度带" if zone_width else "3度带或6度带"
            raise self.error(zone_line, f"带号{zone_number}不是CGCS2000有效的{width_text}带号")
        return gk_zones.GaussKrugerZone(zone_width, zone_number, prefixed)

    def _parcel(self, block: _ParcelBlock) -> Parcel:
        parcel_id = block.fields[FIELD_ID]
        if not block.points:
            raise self.error(block.line, f"地块“{parcel_id}”没有界址点")
        if block.point_count is not None and block.point_count != len(block.points):
            self.warn(
                block.line,
                f"地块“{parcel_id}”的界址点数为{block.point_count}，实际读到{len(block.points)}个坐标行",
            )
        geometry = self._geometry(block)
        # Read, not judged: the geometry check compares it with the review's tolerances.
        declared = block.area_ha * M2_PER_HA if block.area_ha else None
        if not geometry.is_valid:
            from shapely.validation import explain_validity

            self.warn(block.line, f"地块“{parcel_id}”的图形无效({explain_validity(geometry)})")
        attributes = {
            key: block.fields[key]
            for key in (FIELD_ID, FIELD_NAME, FIELD_SHAPE, FIELD_SHEET, FIELD_USE, FIELD_CODE)
        }
        if block.extra:
            attributes[FIELD_EXTRA] = ",".join(block.extra)
        return Parcel(
            id=parcel_id,
            geometry=geometry,
            name=block.fields[FIELD_NAME],
            land_use=self._land_use(block),
            land_use_name=block.fields[FIELD_USE],
            declared_area_m2=declared,
            attributes=attributes,
        )

    def _land_use(self, block: _ParcelBlock) -> str | None:
        code, use = block.fields[FIELD_CODE], block.fields[FIELD_USE]
        resolved = land_use_from_code_or_name(code, use)
        if code and resolved != code:
            self.warn(block.line, f"地类编码“{code}”不是用地用海分类代码，未作为拟用地性质")
        return resolved

    def _rings(self, block: _ParcelBlock) -> list[tuple[int, int, list[_PointLine]]]:
        """Split the points into rings: (圈号, first line, points incl. closure)."""
        rings: list[tuple[int, int, list[_PointLine]]] = []
        current: list[_PointLine] = []

        def finish(closed: bool) -> None:
            if not current:
                return
            if not closed:
                self.warn(
                    current[-1].line, f"地块“{block.fields[FIELD_ID]}”第{current[0].ring}圈未闭合，已自动闭合"
                )
            rings.append((current[0].ring, current[0].line, list(current)))
            current.clear()

        for point in block.points:
            if current and point.ring != current[0].ring:
                finish(closed=False)
            current.append(point)
            first = current[0]
            if len(current) >= 4 and _same_point(point, first):
                finish(closed=True)
        finish(closed=False)
        return rings

    def _geometry(self, block: _ParcelBlock) -> BaseGeometry:
        parcel_id = block.fields[FIELD_ID]
        rings = self._rings(block)
        outer_number = rings[0][0]
        if outer_number != OUTER_RING:
            self.warn(rings[0][1], f"地块“{parcel_id}”的外环圈号为{outer_number}(应为1)，按外环读取")
        parts: list[tuple[Polygon, list[Polygon]]] = []
        for number, line, points in rings:
            coords = _distinct_coords(points)
            distinct = len(set(coords))
            if distinct < 3:
                raise self.error(line, f"地块“{parcel_id}”第{number}圈只有{distinct}个不同的点，不能构成面")
            ring_polygon = Polygon(coords)
            if ring_polygon.area == 0.0:
                raise self.error(line, f"地块“{parcel_id}”第{number}圈的点在一条直线上，面积为零")
            if number == outer_number:
                parts.append((ring_polygon, []))
                continue
            owner = next((part for part in parts if _covers(part[0], ring_polygon)), None)
            if owner is None:
                raise self.error(line, f"地块“{parcel_id}”的内环(圈号{number})不在外环之内")
            owner[1].append(ring_polygon)
        polygons = [
            Polygon(outer.exterior.coords, [hole.exterior.coords for hole in holes]) for outer, holes in parts
        ]
        return polygons[0] if len(polygons) == 1 else MultiPolygon(polygons)


def _same_point(a: _PointLine, b: _PointLine) -> bool:
    return abs(a.x - b.x) <= CLOSURE_TOLERANCE_M and abs(a.y - b.y) <= CLOSURE_TOLERANCE_M


def _distinct_coords(points: list[_PointLine]) -> list[tuple[float, float]]:
    """Ring coordinates without the closing point and without consecutive repeats."""
    coords: list[tuple[float, float]] = []
    for point in points:
        xy = (point.x, point.y)
        if not coords or coords[-1] != xy:
            coords.append(xy)
    if len(coords) > 1 and _close(coords[0], coords[-1]):
        coords.pop()
    return coords


def _close(a: tuple[float, float], b: tuple[float, float]) -> bool:
    return abs(a[0] - b[0]) <= CLOSURE_TOLERANCE_M and abs(a[1] - b[1]) <= CLOSURE_TOLERANCE_M


def _covers(outer: Polygon, inner: Polygon) -> bool:
    try:
        return bool(outer.covers(inner))
    except GEOSException:  # an invalid outer ring: fall back to a point test
        try:
            return bool(outer.buffer(0).covers(inner.representative_point()))
        except GEOSException:
            return False


def land_use_from_code_or_name(code: str, name: str) -> str | None:
    """The 用地用海 code a parcel proposes: its 地类编码 when it is one, else its 用途 by name."""
    code = (code or "").strip()
    if code:
        return code if code in land_use_codes() else None
    name = (name or "").strip()
    if not name:
        return None
    by_name = {entry.name: entry.code for entry in land_use_codes().values()}
    for candidate in (name, name.removesuffix("用地"), name + "用地"):
        if candidate in by_name:
            return by_name[candidate]
    return None


# --- writing ------------------------------------------------------------------


def format_txt(
    submission: Submission,
    decimals: int = DEFAULT_DECIMALS,
    producer: str = "",
    date: _dt.date | None = None,
) -> str:
    """The coordinate file text (LF line ends) for a submission in a CGCS2000 Gauss-Kruger CRS."""
    zone = gk_zones.zone_from_authid(submission.crs)
    if zone is None:
        raise SubmissionError(
            f"坐标系{submission.crs or '(未知)'}不是CGCS2000高斯-克吕格投影，不能导出界址点坐标",
            submission.source,
        )
    date = date or _dt.date.today()
    lines = [
        f"[{HEADER_SECTION}]",
        "格式版本号=1.01版本",
        f"数据产生单位={_clean(producer)}",
        f"数据产生日期={date.isoformat()}",
        "坐标系=2000国家大地坐标系",
        f"几度分带={zone.width}",
        "投影类型=高斯克吕格",
        "计量单位=米",
        f"带号={zone.zone}",
        f"精度={10**-decimals:.{decimals}f}" if decimals > 0 else "精度=1",
        "转换参数=,,,,,,",
        f"[{PARCEL_SECTION}]",
    ]
    for parcel in submission.parcels:
        lines.extend(_parcel_lines(parcel, decimals))
    return "\n".join(lines) + "\n"


def write_txt(
    submission: Submission,
    path: str | Path,
    decimals: int = DEFAULT_DECIMALS,
    encoding: str = DEFAULT_ENCODING,
    producer: str = "",
) -> Path:
    """Write the coordinate file with CRLF line ends (what Windows survey software expects)."""
    path = Path(path)
    text = format_txt(submission, decimals=decimals, producer=producer)
    path.write_bytes(text.replace("\n", "\r\n").encode(encoding))
    return path


def _clean(value: object) -> str:
    """A field value that cannot break the comma-separated line."""
    text = "" if value is None else str(value)
    return re.sub(r"[\r\n]+", " ", text).replace(",", "，").strip()


def _polygons(geometry: BaseGeometry) -> list[Polygon]:
    if isinstance(geometry, Polygon):
        return [geometry]
    if isinstance(geometry, MultiPolygon):
        return list(geometry.geoms)
    return [g for g in getattr(geometry, "geoms", []) if isinstance(g, Polygon)]


def _parcel_lines(parcel: Parcel, decimals: int) -> list[str]:
    point_lines: list[str] = []
    numbered = 0  # 界址点 numbers run on through the parcel's rings, as surveyors number them
    for polygon in _polygons(parcel.geometry):
        if polygon.is_empty:
            continue
        rings = [polygon.exterior, *polygon.interiors]
        for ring_number, ring in enumerate(rings, start=OUTER_RING):
            coords = list(ring.coords)
            first = numbered + 1
            for index, (x, y, *_z) in enumerate(coords):
                is_closing = index == len(coords) - 1
                number = first if is_closing else numbered + 1  # the closing point repeats the first
                if not is_closing:
                    numbered += 1
                point_lines.append(f"J{number},{ring_number},{y:.{decimals}f},{x:.{decimals}f}")
    if not point_lines:
        raise SubmissionError(f"地块“{parcel.id}”不是面，不能导出界址点坐标")
    area_m2 = parcel.declared_area_m2 if parcel.declared_area_m2 is not None else parcel.geometry.area
    attributes = parcel.attributes or {}
    # A 地类编码 attribute is what the source said; keep it even when it is not a 用地用海 code.
    use_code = attributes.get(FIELD_CODE, parcel.land_use or "")
    fields = [
        str(len(point_lines)),
        f"{area_m2 / M2_PER_HA:.4f}",
        _clean(parcel.id),
        _clean(parcel.name),
        _clean(attributes.get(FIELD_SHAPE) or POLYGON_SHAPE),
        _clean(attributes.get(FIELD_SHEET, "")),
        _clean(parcel.land_use_name),
        _clean(use_code),
    ]
    extra = attributes.get(FIELD_EXTRA)
    if extra:
        fields.append(re.sub(r"[\r\n]+", " ", str(extra)))
    return [",".join(fields) + f",{PARCEL_LINE_END}", *point_lines]


def looks_like_coordinate_txt(data: bytes) -> bool:
    """Whether bytes look like a 界址点坐标 file (for sniffing .txt inputs)."""
    try:
        text, _ = decode_text(data[:4096])
    except UnicodeDecodeError:  # the cut may split a UTF-8 character after a BOM
        text = data[:4096].decode("utf-8", errors="ignore")
    return f"[{HEADER_SECTION}]" in text or f"[{PARCEL_SECTION}]" in text
