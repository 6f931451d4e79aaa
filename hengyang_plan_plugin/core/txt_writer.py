"""界址点坐标 TXT writer: the official layout, CRLF, GBK-compatible (what Windows survey software reads)."""

from __future__ import annotations

import datetime as _dt
import re
from pathlib import Path

from shapely.geometry import MultiPolygon, Polygon
from shapely.geometry.base import BaseGeometry

from . import gk_zones, output_files
from .submission_model import Parcel, Submission, SubmissionError
from .txt_header import HEADER_SECTION, PARCEL_SECTION
from .txt_parcel_line import FIELD_CODE, FIELD_EXTRA, FIELD_SHAPE, FIELD_SHEET, PARCEL_LINE_END, POLYGON_SHAPE
from .units import M2_PER_HA

OUTER_RING = 1
DEFAULT_DECIMALS = 3
DEFAULT_ENCODING = "gb18030"  # a superset of GBK, what Chinese survey software reads


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
    output_files.write_bytes(path, text.replace("\n", "\r\n").encode(encoding))
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
