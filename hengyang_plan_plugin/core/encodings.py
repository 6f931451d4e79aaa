"""Text encodings of Chinese GIS files (GBK shapefiles, GBK/UTF-8 TXT)."""

from __future__ import annotations

import codecs
from pathlib import Path

# Windows Notepad saves "Unicode" as UTF-16 LE with a BOM; survey software writes GBK (read as
# GB18030, its superset); web exporters write UTF-8.
BYTE_ORDER_MARKS = (
    (codecs.BOM_UTF8, "utf-8", "UTF-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le", "UTF-16"),
    (codecs.BOM_UTF16_BE, "utf-16-be", "UTF-16"),
)
FALLBACK_ENCODING = "gb18030"


def byte_order_mark(data: bytes) -> tuple[bytes, str, str] | None:
    """(BOM, codec, label) of the mark ``data`` starts with, if any."""
    return next((mark for mark in BYTE_ORDER_MARKS if data.startswith(mark[0])), None)


def decode_text(data: bytes) -> str:
    """The text of a Chinese text file: by its BOM, else UTF-8, else GB18030.

    Raises UnicodeDecodeError (offsets after the BOM) when the bytes contradict their BOM.
    UTF-8 is tried before GB18030: GB18030 decodes most UTF-8 bytes too, into mojibake.
    """
    mark = byte_order_mark(data)
    if mark is not None:
        return data[len(mark[0]) :].decode(mark[1])
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode(FALLBACK_ENCODING, errors="replace")


def _dbf_text_bytes(dbf_path: Path, limit: int = 1 << 20) -> bytes:
    """The record area of a DBF file (skipping the binary header)."""
    with dbf_path.open("rb") as handle:
        header = handle.read(32)
        if len(header) < 32:
            return b""
        header_length = int.from_bytes(header[8:10], "little")
        handle.seek(header_length)
        return handle.read(limit)


def shapefile_encoding(shp_path: str | Path) -> str | None:
    """The attribute encoding of a shapefile, for OGR's ENCODING open option.

    None when a ``.cpg`` file declares it (OGR reads that itself) or the text is
    plain ASCII/UTF-8; ``"GBK"`` (as GB18030) when the bytes are not UTF-8, which
    is how Chinese desktop GIS writes shapefiles without a ``.cpg``.
    """
    shp_path = Path(shp_path)
    for suffix in (".cpg", ".CPG"):
        if shp_path.with_suffix(suffix).is_file():
            return None
    dbf = next((shp_path.with_suffix(s) for s in (".dbf", ".DBF") if shp_path.with_suffix(s).is_file()), None)
    if dbf is None:
        return None
    data = _dbf_text_bytes(dbf)
    try:
        data.decode("utf-8")
        return "UTF-8"
    except UnicodeDecodeError:
        return "GB18030"
