"""Text encodings of Chinese GIS files (GBK shapefiles, GBK/UTF-8 TXT)."""

from __future__ import annotations

from pathlib import Path

# Tried in this order: UTF-8 first because GBK decodes many UTF-8 byte strings
# without error (into mojibake), while the converse is rare.
CANDIDATE_ENCODINGS = ("utf-8", "gb18030")


def decode_text(data: bytes) -> tuple[str, str]:
    """Decode bytes of a Chinese text file; returns (text, encoding name).

    Handles a UTF-8 byte-order mark; GB18030 is a superset of GBK and GB2312.
    """
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8"), "utf-8-sig"
    for encoding in CANDIDATE_ENCODINGS:
        try:
            return data.decode(encoding), encoding
        except UnicodeDecodeError:
            continue
    return data.decode("gb18030", errors="replace"), "gb18030"


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
