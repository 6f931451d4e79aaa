"""The text of a 界址点坐标 TXT file: BOM (UTF-8, UTF-16 LE/BE), else UTF-8, else GB18030.

Windows Notepad saves "Unicode" as UTF-16 LE with a BOM; survey software writes
GBK (read as GB18030, its superset); web exporters write UTF-8.
"""

from __future__ import annotations

import codecs

from .txt_fields import TxtLineError

BYTE_ORDER_MARKS = (
    (codecs.BOM_UTF8, "utf-8", "UTF-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le", "UTF-16"),
    (codecs.BOM_UTF16_BE, "utf-16-be", "UTF-16"),
)
FALLBACK_ENCODING = "gb18030"


def decode_txt(data: bytes) -> str:
    """The file's text; raises TxtLineError when the bytes contradict their BOM."""
    for bom, encoding, label in BYTE_ORDER_MARKS:
        if data.startswith(bom):
            body = data[len(bom) :]
            try:
                return body.decode(encoding)
            except UnicodeDecodeError as error:
                line = body[: error.start].decode(encoding, errors="ignore").count("\n") + 1
                raise TxtLineError(line, f"文件以{label} BOM开头，但含有不是{label}编码的字节") from error
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        # UTF-8 is tried first: GB18030 decodes most UTF-8 bytes too, into mojibake.
        return data.decode(FALLBACK_ENCODING, errors="replace")


def decode_head(data: bytes) -> str:
    """Best-effort text of the first bytes of a file (a cut may split a character)."""
    for bom, encoding, _label in BYTE_ORDER_MARKS:
        if data.startswith(bom):
            return data[len(bom) :].decode(encoding, errors="ignore")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        if error.start >= len(data) - 3:  # only the cut character is broken
            return data[: error.start].decode("utf-8", errors="ignore")
    return data.decode(FALLBACK_ENCODING, errors="replace")
