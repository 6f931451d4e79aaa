"""The sections of a 界址点坐标 TXT file and its ``[属性描述]`` header of ``key=value`` lines."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

HEADER_SECTION = "属性描述"
PARCEL_SECTION = "地块坐标"

# Header keys some exporters spell differently (e.g. CCTool 增减挂钩 and a C# exporter write 分带=3度带).
KEY_ALIASES = {"分带": "几度分带"}


@dataclass
class Header:
    values: dict[str, str] = field(default_factory=dict)
    lines: dict[str, int] = field(default_factory=dict)
    section_line: int = 1


SECTION_OPENERS = ("[", "【", "［")


def section_name(stripped: str) -> str | None:
    """``属性描述`` for ``[属性描述]``, ``【属性描述】`` or ``［属性描述］``; None for any other line."""
    match = re.fullmatch(r"[\[【［]\s*(.+?)\s*[\]】］]", stripped.lstrip("\ufeff").strip())
    return match.group(1) if match else None


def find_sections(lines: list[str]) -> tuple[int | None, int | None]:
    """Indexes of the first ``[属性描述]`` and ``[地块坐标]`` lines (None when absent)."""
    header_index = parcel_index = None
    for index, raw in enumerate(lines):
        if raw.lstrip().lstrip("\ufeff").lstrip()[:1] not in SECTION_OPENERS:  # most lines: no regex
            continue
        name = section_name(raw.strip())
        if name == HEADER_SECTION and header_index is None:
            header_index = index
        elif name == PARCEL_SECTION and parcel_index is None:
            parcel_index = index
        if header_index is not None and parcel_index is not None:
            break
    return header_index, parcel_index


def read_header(lines: list[str], header_index: int, parcel_index: int, warn) -> Header:
    header = Header(section_line=header_index + 1)
    for index in range(header_index + 1, parcel_index):
        stripped = lines[index].strip()
        if not stripped:
            continue
        key, sep, value = stripped.replace("＝", "=").partition("=")
        if not sep:
            warn(index + 1, f"表头行没有“=”，已忽略: {stripped[:40]}")
            continue
        header.values[key.strip()] = value.strip()
        header.lines[key.strip()] = index + 1
    for alias, key in KEY_ALIASES.items():
        if alias in header.values and key not in header.values:
            header.values[key] = header.values[alias]
            header.lines[key] = header.lines[alias]
    return header
