"""The text of a 界址点坐标 TXT file (core/encodings.py decides the encoding), errors at their line."""

from __future__ import annotations

from .encodings import FALLBACK_ENCODING, byte_order_mark, decode_text
from .txt_fields import TxtLineError


def decode_txt(data: bytes) -> str:
    """The file's text; raises TxtLineError when the bytes contradict their BOM."""
    try:
        return decode_text(data)
    except UnicodeDecodeError as error:
        bom, encoding, label = byte_order_mark(data)  # only a decode by its BOM is strict
        body = data[len(bom) :]
        line = body[: error.start].decode(encoding, errors="ignore").count("\n") + 1
        raise TxtLineError(line, f"文件以{label} BOM开头，但含有不是{label}编码的字节") from error


def decode_head(data: bytes) -> str:
    """Best-effort text of the first bytes of a file (a cut may split a character)."""
    mark = byte_order_mark(data)
    if mark is not None:
        return data[len(mark[0]) :].decode(mark[1], errors="ignore")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        if error.start >= len(data) - 3:  # only the cut character is broken
            return data[: error.start].decode("utf-8", errors="ignore")
    return data.decode(FALLBACK_ENCODING, errors="replace")
