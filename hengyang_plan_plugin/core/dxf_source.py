"""What a DXF drawing holds (its text encoding, CAD layers, duplicate shapes) and which CAD layer is the site.

GDAL facts this module relies on (checked in GDAL's DXF driver source, ogrdxfdatasource.cpp,
ReadHeaderSection, unchanged from GDAL 1.x to the 3.10/3.11 sources, and in its driver docs
https://gdal.org/drivers/vector/dxf.html "Character Encodings"):

- GDAL picks the text encoding from ``$DWGCODEPAGE`` alone (ANSI_936 -> CP936, missing or
  ANSI_1252 -> ISO-8859-1); ``$ACADVER`` is never consulted, so an AutoCAD 2007+ (AC1021+) file,
  which is UTF-8 whatever its code page says (ezdxf docs, "DXF File Encoding"; Autodesk DXF
  reference, "Storage of String Values"), is misread as CP936.
- The ``DXF_ENCODING`` configuration option (an iconv name) overrides that choice; "UTF-8" means
  no recoding. It is read once, while the dataset opens. The ``ENCODING`` open option (GDAL 3.10,
  OSGeo/gdal#10261) was ignored for files with a HEADER until GDAL 3.12 / 3.11.5
  (OSGeo/gdal#13224, fixed by #13226), so the configuration option is used, thread-locally.
- A file that starts with its ENTITIES section (no HEADER, no TABLES) is always read as
  ISO-8859-1 and ``DXF_ENCODING`` is ignored: the Latin-1 text is decoded again here instead.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from osgeo import gdal, ogr
from shapely import STRtree
from shapely.errors import GEOSException
from shapely.geometry.base import BaseGeometry

from .submission_model import AmbiguousLayerError, SubmissionError

DXF_LAYER_FIELD = "Layer"

# AutoCAD 2007 (AC1021) and later write DXF text as UTF-8.
FIRST_UTF8_ACADVER = 1021
BINARY_DXF_SENTINEL = b"AutoCAD Binary DXF"
HEADER_SCAN_LIMIT = 1 << 20  # the HEADER section of real drawings is well under 100 KB

# Exact layer names (case-insensitive) that mean "the site red line" (用地红线) in Chinese CAD
# drawings. Names that merely contain 红线 (道路红线, 河道蓝线...) are other boundaries.
RED_LINE_NAMES = (
    "用地红线",
    "红线",
    "建设用地红线",
    "规划用地红线",
    "项目红线",
    "地块红线",
    "送审红线",
    "用地范围线",
    "YDHX",  # 用地红线 in pinyin initials
    "HX",
)
# A sort number before ("0-HX", "01_用地红线") and a copy number after ("用地红线-1", "HX2") are
# allowed: layer standards number layers to order them, CAD copies get numbered. Two numbered
# copies both match, which makes the choice ambiguous and asks the user: never a wrong guess.
RED_LINE_LAYER_PATTERN = re.compile(
    r"^(?:\d{1,3}[-_ .])?(?:" + "|".join(map(re.escape, RED_LINE_NAMES)) + r")(?:[-_ ]?\d{1,3})?$",
    re.IGNORECASE,
)

# One shape drawn twice (a HATCH and its boundary): every vertex within a millimetre of the other
# outline (rounding to mm without rounding's bucket edges), or symmetric difference under 0.01 m².
DUPLICATE_DISTANCE_M = 0.001
DUPLICATE_AREA_M2 = 0.01
DUPLICATE_BOUNDS_M = 0.05

T = TypeVar("T")


@dataclass(frozen=True)
class DxfEncoding:
    """How the text of one DXF is decoded.

    ``gdal_name`` goes to GDAL as DXF_ENCODING (None: GDAL's own choice); ``latin1_codec`` is set
    when GDAL will read the text as ISO-8859-1 regardless, and names the codec that undoes it.
    """

    gdal_name: str | None = None
    latin1_codec: str | None = None
    note: str | None = None

    def text(self, value: object) -> object:
        """A string attribute as the drawing meant it."""
        if not isinstance(value, str):
            return value
        if self.latin1_codec:
            with suppress(UnicodeError):  # not GDAL's Latin-1 reading after all: leave it
                value = value.encode("latin-1").decode(self.latin1_codec)
        return unescape_unicode(value)


# AutoCAD writes characters its code page lacks as \U+XXXX (an R2000 drawing saved on an
# English-locale system keeps its Chinese layer names that way); GDAL passes them through.
_UNICODE_ESCAPE = re.compile(r"\\U\+([0-9A-Fa-f]{4})")


def unescape_unicode(text: str) -> str:
    return _UNICODE_ESCAPE.sub(lambda match: chr(int(match.group(1), 16)), text) if "\\U+" in text else text


@dataclass(frozen=True)
class DxfHeader:
    first_section: str  # HEADER, TABLES, ENTITIES; BINARY for binary DXF; "" when unreadable
    acadver: str | None = None
    codepage: str | None = None

    @property
    def is_utf8_version(self) -> bool:
        match = re.fullmatch(r"AC(\d{4})", (self.acadver or "").strip().upper())
        return bool(match) and int(match.group(1)) >= FIRST_UTF8_ACADVER


def read_header(path: Path) -> DxfHeader:
    """$ACADVER and $DWGCODEPAGE of an ASCII DXF (their values are ASCII whatever the encoding)."""
    with path.open("rb") as handle:
        data = handle.read(HEADER_SCAN_LIMIT)
    if data.startswith(BINARY_DXF_SENTINEL):
        return DxfHeader("BINARY")
    data = data.removeprefix(codecs.BOM_UTF8)
    pairs = _group_pairs(data)
    first = _first_section(pairs)
    variables: dict[str, str] = {}
    if first == "HEADER":
        for (code, value), (next_code, next_value) in zip(pairs, pairs[1:]):
            if code == "0" and value == "ENDSEC":
                break
            if code == "9" and value in ("$ACADVER", "$DWGCODEPAGE") and next_code in ("1", "3"):
                variables[value] = next_value
    return DxfHeader(first, variables.get("$ACADVER"), variables.get("$DWGCODEPAGE"))


def _group_pairs(data: bytes) -> list[tuple[str, str]]:
    lines = data.split(b"\n")
    if len(lines) % 2:
        lines = lines[:-1]  # a pair cut by the scan limit
    pairs = []
    for code, value in zip(lines[0::2], lines[1::2]):
        pairs.append((code.strip().decode("ascii", "replace"), value.strip().decode("ascii", "replace")))
    return pairs


def _first_section(pairs: list[tuple[str, str]]) -> str:
    meaningful = [pair for pair in pairs[:8] if pair[0] != "999"]  # 999: comments
    if len(meaningful) >= 2 and meaningful[0] == ("0", "SECTION") and meaningful[1][0] == "2":
        return meaningful[1][1].upper()
    return ""


def text_encoding(path: Path) -> DxfEncoding:
    """The encoding of a DXF's text: the header's rule, checked against the bytes."""
    header = read_header(path)
    if header.first_section == "BINARY":
        return DxfEncoding()
    if header.first_section == "ENTITIES":
        return _headerless_encoding(path)
    declared = _codepage_codec(header.codepage)
    if header.is_utf8_version:
        if _decodes(path, "utf-8"):
            return DxfEncoding("UTF-8")
        fallback = declared or "gb18030"
        return DxfEncoding(
            _iconv_name(fallback), note=f"DXF为AutoCAD 2007及以后版本，文字却不是UTF-8，已按{fallback.upper()}读取"
        )
    if declared:
        if _decodes(path, declared) or not _decodes(path, "utf-8"):
            return DxfEncoding(_iconv_name(declared))
        return DxfEncoding("UTF-8", note=f"DXF声明代码页{header.codepage}，文字却是UTF-8，已按UTF-8读取")
    if _decodes(path, "ascii"):
        return DxfEncoding()
    if _decodes(path, "utf-8"):
        return DxfEncoding("UTF-8", note="DXF没有声明中文代码页，文字是UTF-8，已按UTF-8读取")
    # ANSI_1252 over GBK bytes: Chinese CAD tools that never set the code page. In a Hengyang
    # submission GBK is far likelier than Western Latin-1, and the note lets the user check.
    if _decodes(path, "gbk"):
        return DxfEncoding("CP936", note=f"DXF声明代码页{header.codepage or '(无)'}，文字按GBK读取，请核对图层名")
    return DxfEncoding()  # GDAL's own reading (ISO-8859-1)


def looks_like_dxf(path: Path) -> bool:
    """An ASCII DXF by its first group (``0`` then ``SECTION``), whatever the file is called:
    GDAL recognises DXF by content, so a renamed drawing reaches its DXF driver too."""
    try:
        with path.open("rb") as handle:
            head = handle.read(64)
    except OSError:
        return False
    words = head.split()
    return len(words) >= 2 and words[0] == b"0" and words[1].upper() == b"SECTION"


def damaged_line_end(path: Path) -> int | None:
    """The line of a carriage return followed by NUL or by the end of the file, else None.

    GDAL 3.6's DXF reader never returns on such a file (it seeks back to the CR forever), so it
    is refused before GDAL sees it; a whole exported drawing never has one.
    """
    data = path.read_bytes()
    position = data.find(b"\r\x00")
    if position < 0 and data.endswith(b"\r"):
        position = len(data) - 1
    return None if position < 0 else data.count(b"\n", 0, position) + 1


def _headerless_encoding(path: Path) -> DxfEncoding:
    if _decodes(path, "ascii"):
        return DxfEncoding()
    for codec in ("utf-8", "gb18030"):
        if _decodes(path, codec):
            return DxfEncoding(latin1_codec=codec, note=f"DXF没有文件头，文字按{codec.upper()}读取")
    # Neither decodes the whole file (a stray byte): each name is still tried as UTF-8 on its own.
    return DxfEncoding(latin1_codec="utf-8", note="DXF没有文件头，文字编码无法确定，按UTF-8逐项读取，请核对图层名")


def _codepage_codec(codepage: str | None) -> str | None:
    """The Python codec of a $DWGCODEPAGE such as ANSI_936; None for ANSI_1252/unknown (GDAL's default)."""
    match = re.fullmatch(r"ANSI_(\d+)", (codepage or "").strip().upper())
    if not match or match.group(1) == "1252":
        return None
    codec = "gbk" if match.group(1) == "936" else f"cp{match.group(1)}"
    try:
        codecs.lookup(codec)
    except LookupError:
        return None
    return codec


def _iconv_name(codec: str) -> str:
    return {"gbk": "CP936", "gb18030": "GB18030", "utf-8": "UTF-8"}.get(codec, codec.upper())


def _decodes(path: Path, codec: str) -> bool:
    decoder = codecs.getincrementaldecoder(codec)("strict")
    try:
        with path.open("rb") as handle:
            for chunk in iter(lambda: handle.read(1 << 20), b""):
                decoder.decode(chunk)
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return False
    return True


@contextmanager
def gdal_text_encoding(encoding: DxfEncoding | None) -> Iterator[None]:
    """DXF_ENCODING for datasets opened in this thread only (reviews run in background threads)."""
    if encoding is None or encoding.gdal_name is None:
        yield
        return
    previous = gdal.GetThreadLocalConfigOption("DXF_ENCODING", None)
    gdal.SetThreadLocalConfigOption("DXF_ENCODING", encoding.gdal_name)
    try:
        yield
    finally:
        gdal.SetThreadLocalConfigOption("DXF_ENCODING", previous)


def layer_of(feature: ogr.Feature, encoding: DxfEncoding) -> str | None:
    """The CAD layer a DXF entity is drawn on."""
    if feature.GetFieldIndex(DXF_LAYER_FIELD) < 0:
        return None
    return encoding.text(feature.GetField(DXF_LAYER_FIELD))  # type: ignore[return-value]


def cad_layers(
    ogr_layer: ogr.Layer, encoding: DxfEncoding, is_closed_shape: Callable[[ogr.Feature], bool] | None = None
) -> list[tuple[str, int]]:
    """The CAD layers in drawing order, each with its number of closed shapes (0 without a counter)."""
    counts: dict[str, int] = {}
    ogr_layer.ResetReading()
    for feature in ogr_layer:
        name = layer_of(feature, encoding)
        if name is None:
            continue
        closed = is_closed_shape is not None and _may_have_area(feature) and is_closed_shape(feature)
        counts[name] = counts.get(name, 0) + int(closed)
    ogr_layer.ResetReading()
    return list(counts.items())


def _may_have_area(feature: ogr.Feature) -> bool:
    """Cheap test first: text and point entities (most of a topographic map) are never shapes."""
    geometry = feature.GetGeometryRef()
    return geometry is not None and ogr.GT_Flatten(geometry.GetGeometryType()) not in (ogr.wkbPoint, ogr.wkbMultiPoint)


def is_red_line_name(name: str) -> bool:
    return bool(RED_LINE_LAYER_PATTERN.match(name.strip()))


def pick_site_layer(layers: list[tuple[str, int]], requested: str | None, path: str) -> tuple[str, str | None]:
    """The CAD layer that is the site, and a note when it was chosen among several.

    Chosen by itself only when unambiguous: the one red-line-named layer (with closed shapes, or
    the only red-line name at all), or without red-line names the only layer with closed shapes.
    Otherwise the user must choose: AmbiguousLayerError.
    """
    names = [name for name, _count in layers]
    if requested:
        if requested not in names:
            raise SubmissionError(f"DXF中没有图层“{requested}”(有: {'、'.join(names)})", path)
        return requested, None
    red_lines = [(name, count) for name, count in layers if is_red_line_name(name)]
    red_with_shapes = [name for name, count in red_lines if count]
    with_shapes = [name for name, count in layers if count]
    several = len(layers) > 1
    if len(red_with_shapes) == 1:
        return red_with_shapes[0], f"DXF有多个图层，读取红线图层“{red_with_shapes[0]}”" if several else None
    if not red_with_shapes and len(red_lines) == 1:
        return red_lines[0][0], None  # its missing closed shapes are the error the user must see
    if not red_lines and len(with_shapes) == 1:
        return with_shapes[0], f"DXF有多个图层，读取唯一含闭合图形的图层“{with_shapes[0]}”" if several else None
    if not with_shapes:
        raise SubmissionError("DXF中没有面、闭合多段线或填充，请在CAD中将用地红线画成闭合多段线", path)
    raise AmbiguousLayerError(_ambiguous_message(layers), path, layers)


def _ambiguous_message(layers: list[tuple[str, int]]) -> str:
    listing = "、".join(f"{name}({count})" for name, count in layers if count)
    return (
        f"多个图层含闭合图形，无法确定哪个是用地红线：{listing}（括号内为闭合图形数）。"
        "请在导入对话框中选择图层；命令行请用 LAYER=<图层名> 指定"
    )


def without_duplicate_shapes(shapes: Sequence[tuple[BaseGeometry, T]]) -> tuple[list[tuple[BaseGeometry, T]], int]:
    """The shapes with repeats dropped (first kept), and how many were dropped.

    CAD users draw a HATCH over the site's boundary polyline: both are read as the same polygon.
    """
    tree = STRtree([geometry for geometry, _extra in shapes])
    kept: list[tuple[BaseGeometry, T]] = []
    dropped_indices: set[int] = set()
    for index, (geometry, extra) in enumerate(shapes):
        if index in dropped_indices:
            continue
        kept.append((geometry, extra))
        for other in tree.query(geometry.envelope.buffer(DUPLICATE_BOUNDS_M)):
            if other > index and other not in dropped_indices and _same_shape(geometry, shapes[other][0]):
                dropped_indices.add(int(other))
    return kept, len(dropped_indices)


def _same_shape(a: BaseGeometry, b: BaseGeometry) -> bool:
    if any(abs(p - q) > DUPLICATE_BOUNDS_M for p, q in zip(a.bounds, b.bounds)):
        return False
    try:
        return a.hausdorff_distance(b) <= DUPLICATE_DISTANCE_M or a.symmetric_difference(b).area < DUPLICATE_AREA_M2
    except GEOSException:  # a self-intersecting ring: not provably the same shape
        return False
