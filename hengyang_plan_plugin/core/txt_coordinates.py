"""界址点坐标 TXT (勘测定界 / 建设用地报批 coordinate files): the reader, and the names callers import.

The file has a ``[属性描述]`` header of ``key=value`` lines and a ``[地块坐标]``
section of parcels. Each parcel starts with
``界址点数,地块面积,地块编号,地块名称,图形属性,图幅号,地块用途,地类编码,@`` and is
followed by point lines ``点号,圈号,X,Y`` where X is the northing and Y the
easting, usually with the zone number as a prefix. The variants exporters write
are read by the ``txt_*`` modules: encodings (txt_encoding), header
(txt_header), parcel lines (txt_parcel_line), point lines (txt_points), rings
(txt_rings), zone (txt_zone); writing is txt_writer.

Everything the reader finds wrong is a ``SubmissionError`` whose message starts
with ``第N行``; everything it can repair is a warning on the ``Submission``.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

from shapely.geometry.base import BaseGeometry
from shapely.validation import explain_validity

from . import gk_zones
from .land_use_codes import current_code, land_use_codes
from .submission_crs import old_datum_message
from .submission_model import Parcel, Submission, SubmissionError
from .txt_encoding import decode_head, decode_txt
from .txt_fields import TxtLineError, split_values
from .txt_fields import parse_float as _parse_float
from .txt_fields import parse_int as _parse_int
from .txt_header import HEADER_SECTION, PARCEL_SECTION, Header, find_sections, read_header, section_name
from .txt_parcel_line import (
    FIELD_AREA,
    FIELD_CODE,
    FIELD_EXTRA,
    FIELD_ID,
    FIELD_NAME,
    FIELD_POINT_COUNT,
    FIELD_SHAPE,
    FIELD_SHEET,
    FIELD_USE,
    PARCEL_FIELDS,
    PARCEL_LINE_END,
    POLYGON_SHAPE,
    ParcelBlock,
    is_field_list_line,
    is_parcel_line,
    parse_parcel_line,
)
from .txt_point_run import PointRuns
from .txt_points import (
    DEGREES_MAX,
    NORTHING_RANGE,
    check_plane_coordinates,
    concatenated,
    fix_axis_order,
    parse_point_line,
)
from .txt_rings import CLOSURE_TOLERANCE_M, Ring, assemble, split_rings
from .txt_writer import DEFAULT_DECIMALS, DEFAULT_ENCODING, OUTER_RING, format_txt, write_txt
from .txt_zone import file_zone
from .units import M2_PER_HA

__all__ = [
    "CLOSURE_TOLERANCE_M",
    "DEFAULT_DECIMALS",
    "DEFAULT_ENCODING",
    "FIELD_AREA",
    "FIELD_CODE",
    "FIELD_EXTRA",
    "FIELD_ID",
    "FIELD_NAME",
    "FIELD_POINT_COUNT",
    "FIELD_SHAPE",
    "FIELD_SHEET",
    "FIELD_USE",
    "HEADER_SECTION",
    "NORTHING_RANGE",
    "OUTER_RING",
    "PARCEL_FIELDS",
    "PARCEL_LINE_END",
    "PARCEL_SECTION",
    "POLYGON_SHAPE",
    "format_txt",
    "land_use_from_code_or_name",
    "looks_like_coordinate_txt",
    "parse_txt",
    "read_txt",
    "write_txt",
]

# A bare 地块面积 this close to the computed area in m² (not 公顷) was written in m².
M2_IN_HA_FIELD_TOLERANCE = 0.1

LONLAT_FILE_MESSAGE = (
    "这是经纬度坐标文件(没有[属性描述]节，坐标以度为单位)，不是界址点坐标文件；"
    "请转换为CGCS2000高斯-克吕格平面坐标，按界址点坐标格式(含[属性描述]节)导出后再导入"
)
UNCLOSED_NOTE_MESSAGE = "[地块坐标]下的说明以“【”开始，却没有以“】”结束"


def _line_error(message: str, path: str, line: int) -> SubmissionError:
    return SubmissionError(f"第{line}行: {message}", path, line)


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
        lines = decode_txt(data).replace("\r\n", "\n").replace("\r", "\n").split("\n")
        return _Reader(path, lines).read()
    except TxtLineError as problem:
        raise _line_error(problem.message, path, problem.line) from None


def looks_like_coordinate_txt(data: bytes) -> bool:
    """Whether bytes look like a 界址点坐标 file (for sniffing .txt inputs)."""
    names = {section_name(line) for line in decode_head(data[:4096]).splitlines()}
    return HEADER_SECTION in names or PARCEL_SECTION in names


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
        header = read_header(self.lines, header_index, parcel_index, self.warn)
        width = self._check_datum(header)
        blocks = self._read_blocks(parcel_index)
        for block in blocks:
            fix_axis_order(block.point_columns(), block.fields[FIELD_ID], block.line, self.warn)
            check_plane_coordinates(block.point_columns())
        zone = file_zone(header, width, concatenated([block.point_columns() for block in blocks]))
        parcels = [self._parcel(block) for block in blocks]
        return Submission(
            name=Path(self.path).stem,
            source=self.path,
            crs=zone.authid,
            parcels=parcels,
            warnings=self.warnings,
        )

    def _find_sections(self) -> tuple[int, int]:
        header_index, parcel_index = find_sections(self.lines)
        if header_index is None:
            lonlat_line = self._first_lonlat_point(parcel_index)
            if lonlat_line is not None:
                raise self.error(lonlat_line, LONLAT_FILE_MESSAGE)
            raise self.error(1, "缺少[属性描述]节，不是界址点坐标文件")
        if parcel_index is None:
            last_line = max((i + 1 for i, raw in enumerate(self.lines) if raw.strip()), default=1)
            raise self.error(last_line, "缺少[地块坐标]节，文件中没有地块坐标")
        if parcel_index < header_index:
            raise self.error(parcel_index + 1, "[地块坐标]节出现在[属性描述]节之前")
        return header_index, parcel_index

    def _first_lonlat_point(self, parcel_index: int | None) -> int | None:
        """The first point line under [地块坐标] whose X and Y are degrees (a 经纬度 export)."""
        if parcel_index is None:
            return None
        for index in range(parcel_index + 1, len(self.lines)):
            values = split_values(self.lines[index])
            if len(values) < 4 or is_parcel_line(self.lines[index].strip()):
                continue
            x, y = _parse_float(values[2]), _parse_float(values[3])
            if x is not None and y is not None and abs(x) <= DEGREES_MAX and abs(y) <= DEGREES_MAX:
                return index + 1
            return None
        return None

    def _check_datum(self, header: Header) -> int | None:
        """Refuse other datums; returns the declared zone width (几度分带) if any."""
        name = header.values.get("坐标系", "")
        line = header.lines.get("坐标系", header.section_line)
        datum = gk_zones.datum_from_name(name)
        if datum in (gk_zones.XIAN_1980, gk_zones.BEIJING_1954):
            raise self.error(line, old_datum_message(datum, name))  # the rule of every reader
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

    def _read_blocks(self, parcel_index: int) -> list[ParcelBlock]:
        blocks: list[ParcelBlock] = []
        runs = PointRuns(self.lines)
        index = parcel_index + 1
        while index < len(self.lines):
            number = index + 1
            stripped = self.lines[index].strip()
            index += 1
            if not stripped:
                continue
            if not blocks and _opens_note(stripped):
                index = self._skip_note(index - 1)
                continue
            if section_name(stripped):
                self.warn(number, f"[地块坐标]之后的“{stripped}”节已忽略")
                break
            if is_field_list_line(stripped):
                continue
            if is_parcel_line(stripped):
                blocks.append(parse_parcel_line(stripped, number, self.warn))
                run = runs.read(index) if index < len(self.lines) else None
                if run is not None:  # all its point lines plain: read at once
                    blocks[-1].columns, index = run
                continue
            if not blocks:
                raise self.error(number, f"坐标行之前没有地块行(以“@”结尾): {stripped[:40]}")
            blocks[-1].add_point(parse_point_line(stripped, number))
        if not blocks:
            raise self.error(parcel_index + 1, "[地块坐标]节中没有地块")
        self._check_ids(blocks)
        return blocks

    def _skip_note(self, index: int) -> int:
        """Past a ``【地块坐标要求：…】`` note or ``【坐标点个数,…,@】`` field list, which may span lines."""
        for end in range(index, len(self.lines)):
            if self.lines[end].strip().endswith(("】", "]", "］")):
                return end + 1
        raise self.error(index + 1, UNCLOSED_NOTE_MESSAGE)

    def _check_ids(self, blocks: list[ParcelBlock]) -> None:
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

    def _parcel(self, block: ParcelBlock) -> Parcel:
        parcel_id = block.fields[FIELD_ID]
        if not len(block.point_columns()):
            raise self.error(block.line, f"地块“{parcel_id}”没有界址点")
        rings = split_rings(block.point_columns(), parcel_id, self.warn)
        self._check_point_count(block, rings)
        geometry = assemble(rings, parcel_id)
        if not geometry.is_valid:
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
            declared_area_m2=self._declared_area(block, geometry),
            attributes=attributes,
        )

    def _check_point_count(self, block: ParcelBlock, rings: list[Ring]) -> None:
        """界址点数 counts the point lines, or (a common convention) leaves out each ring's closing line."""
        lines = len(block.point_columns())
        closing_lines = sum(ring.closed for ring in rings)
        if block.point_count is not None and block.point_count not in (lines, lines - closing_lines):
            self.warn(
                block.line,
                f"地块“{block.fields[FIELD_ID]}”的界址点数为{block.point_count}，实际读到{lines}个坐标行",
            )

    def _declared_area(self, block: ParcelBlock, geometry: BaseGeometry) -> float | None:
        """The declared area in m²; read, not judged (the geometry check compares it with tolerances),
        except that a bare figure matching the computed m² is taken as m² written in the 公顷 field."""
        declared = block.area_m2 or None
        computed = geometry.area
        if declared is None or block.area_unit_given or computed <= 0:
            return declared
        figure = declared / M2_PER_HA
        if abs(figure - computed) > M2_IN_HA_FIELD_TOLERANCE * computed:
            return declared
        self.warn(
            block.line,
            f"地块“{block.fields[FIELD_ID]}”的地块面积“{block.fields[FIELD_AREA]}”按公顷计是计算面积的约1万倍，"
            f"像是把平方米填进了公顷栏，已按{figure:g}平方米(即{figure / M2_PER_HA:.4f}公顷)读取",
        )
        return figure

    def _land_use(self, block: ParcelBlock) -> str | None:
        code, use = block.fields[FIELD_CODE], block.fields[FIELD_USE]
        resolved = land_use_from_code_or_name(code, use)
        if code and resolved != code:
            self.warn(block.line, f"地类编码“{code}”不是用地用海分类代码，未作为拟用地性质")
        return resolved


def _opens_note(stripped: str) -> bool:
    """A bracketed note or field list under [地块坐标] (``【地块坐标要求：…】``), not a section."""
    if not stripped.startswith(("【", "[", "［")):
        return False
    name = section_name(stripped)
    if name is None:  # the note goes on over the next lines
        return True
    return name not in (HEADER_SECTION, PARCEL_SECTION) and re.search(r"[,，:：@]|要求|说明", name) is not None


def land_use_from_code_or_name(code: str, name: str) -> str | None:
    """The 用地用海 code a parcel proposes: its 地类编码 when it is one, else its 用途 by name."""
    code = (code or "").strip()
    if code:
        # a 2020 试行 code the 2023 指南 dropped (0603) is kept: the review reads it as its 2023 code
        # and says so (land_use_codes.code_2020_note)
        return code if current_code(code) in land_use_codes() else None
    name = (name or "").strip()
    if not name:
        return None
    by_name = {entry.name: entry.code for entry in land_use_codes().values()}
    for candidate in (name, name.removesuffix("用地"), name + "用地"):
        if candidate in by_name:
            return by_name[candidate]
    return None
