"""Make Chinese text in Qt-written PDFs searchable and extractable.

Qt's PDF engine builds each font's ToUnicode map by taking, for every glyph,
the *lowest* code point that maps to it. In Noto CJK the Kangxi radicals
(U+2F00-U+2FDF) and the CJK radical supplement (U+2E80-U+2EFF) share glyphs
with ordinary ideographs, so 用 comes out as ⽤ (U+2F64) and 页 as ⻚: the page
looks right, but pdftotext, copy-paste and "find" see other characters.

Qt writes ToUnicode streams uncompressed and every code point we touch is a
4-digit BMP value, so the repair swaps hex digits in place: same length, no
offsets to rewrite.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from pathlib import Path

from qgis.PyQt.QtGui import QFont, QRawFont

RADICAL_RANGES = ((0x2E80, 0x2EFF), (0x2F00, 0x2FDF))
UNIFIED_RANGE = (0x4E00, 0x9FFF)
# The faces Qt may draw Chinese with: the templates' SC, and the faces fontconfig falls back to for a
# CJK character in a Latin font (the table's DejaVu digits: 西 then comes from JP or KR, where it
# shares its glyph with the radical ⻄). A radical maps to the ideograph of the first face that draws
# both with one glyph.
REFERENCE_FONTS = ("Noto Sans CJK SC", "Noto Sans CJK JP", "Noto Sans CJK KR", "Noto Sans CJK TC",
                   "Noto Sans CJK HK")

_TO_UNICODE_REF = re.compile(rb"/ToUnicode (\d+) 0 R")
_HEX4 = re.compile(rb"<([0-9A-Fa-f]{4})>")


def _is_radical(code: int) -> bool:
    return any(low <= code <= high for low, high in RADICAL_RANGES)


def _shared_glyphs(family: str) -> dict[int, int]:
    """Radical code point -> the ideograph ``family`` draws with the same glyph."""
    raw_font = QRawFont.fromFont(QFont(family))
    if not raw_font.isValid() or raw_font.familyName() != family:
        return {}
    glyph_to_ideograph: dict[int, int] = {}
    ideographs = "".join(chr(c) for c in range(UNIFIED_RANGE[0], UNIFIED_RANGE[1] + 1))
    for char, glyph in zip(ideographs, raw_font.glyphIndexesForString(ideographs)):
        if glyph:
            glyph_to_ideograph.setdefault(glyph, ord(char))
    shared: dict[int, int] = {}
    for low, high in RADICAL_RANGES:
        radicals = "".join(chr(c) for c in range(low, high + 1))
        for char, glyph in zip(radicals, raw_font.glyphIndexesForString(radicals)):
            if glyph and glyph in glyph_to_ideograph:
                shared[ord(char)] = glyph_to_ideograph[glyph]
    return shared


@lru_cache(maxsize=1)
def radical_replacements() -> dict[int, int]:
    """Radical code point -> the ideograph drawn with the same glyph (or its NFKC form)."""
    replacements: dict[int, int] = {}
    for family in REFERENCE_FONTS:
        for radical, ideograph in _shared_glyphs(family).items():
            replacements.setdefault(radical, ideograph)
    for low, high in RADICAL_RANGES:
        for code in range(low, high + 1):
            normalized = unicodedata.normalize("NFKC", chr(code))
            if code not in replacements and len(normalized) == 1 and normalized != chr(code):
                replacements[code] = ord(normalized)
    return {radical: target for radical, target in replacements.items() if target <= 0xFFFF}


def _fix_cmap_line(line: bytes, replacements: dict[int, int]) -> bytes:
    tokens = _HEX4.findall(line)
    # "<cid> <cid> <start>" with a real range: shifting the start would break the
    # run, and Qt only writes such ranges for consecutive code points; leave them.
    if len(tokens) == 3 and b"[" not in line and tokens[0] != tokens[1]:
        return line
    cid_tokens = 1 if len(tokens) == 2 and b"[" not in line else 2
    seen = 0

    def swap(match: re.Match) -> bytes:
        nonlocal seen
        seen += 1
        if seen <= cid_tokens:
            return match.group(0)
        code = int(match.group(1), 16)
        if _is_radical(code) and code in replacements:
            return b"<%04X>" % replacements[code]
        return match.group(0)

    return _HEX4.sub(swap, line)


def _fix_cmap(cmap: bytes, replacements: dict[int, int]) -> bytes:
    return b"\n".join(_fix_cmap_line(line, replacements) for line in cmap.split(b"\n"))


def fix_cjk_text_extraction(pdf_path: str | Path) -> int:
    """Repair the ToUnicode maps of ``pdf_path`` in place; returns how many were changed."""
    pdf_path = Path(pdf_path)
    data = bytearray(pdf_path.read_bytes())
    replacements = radical_replacements()
    changed = 0
    for object_number in {int(m.group(1)) for m in _TO_UNICODE_REF.finditer(data)}:
        header = re.search(rb"(?:^|\n)%d 0 obj\s*<<([^>]*)>>\s*stream\r?\n" % object_number, data)
        if header is None or b"/Filter" in header.group(1):
            continue  # compressed map: not written by Qt, leave it alone
        length = re.search(rb"/Length (\d+)(?! \d+ R)", header.group(1))
        if length is None:
            continue
        start, end = header.end(), header.end() + int(length.group(1))
        original = bytes(data[start:end])
        fixed = _fix_cmap(original, replacements)
        if fixed != original and len(fixed) == len(original):
            data[start:end] = fixed
            changed += 1
    if changed:
        pdf_path.write_bytes(bytes(data))
    return changed
