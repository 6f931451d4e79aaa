"""How a review reads and looks, everywhere: labels, colours, feature names, area text.

The dock, the report (HTML/PDF), the print layout, the canvas layers, the check
messages and the resubmission diff all take their wording from here, so a
status, a plan feature or an area reads the same on every surface. The wording
is Chinese domain text (the report is an official Chinese document); Qt-free.
"""

from __future__ import annotations

from typing import Any

from ..status import CONFLICT, NOT_RUN, PASS, VERDICT_FAIL, VERDICT_PASS, VERDICT_REVIEW, WARNING
from ..units import m2_to_ha, m2_to_mu

# --- labels ------------------------------------------------------------------

VERDICT_LABELS = {VERDICT_PASS: "通过", VERDICT_FAIL: "不通过", VERDICT_REVIEW: "需人工复核"}
STATUS_LABELS = {PASS: "通过", CONFLICT: "冲突", WARNING: "需人工复核", NOT_RUN: "未执行"}
NO_VALUE = "—"


def verdict_label(verdict: str | None) -> str:
    return VERDICT_LABELS.get(verdict, verdict or NO_VALUE)


def status_label(status: str | None) -> str:
    return STATUS_LABELS.get(status, status or NO_VALUE)


# --- colours -----------------------------------------------------------------
# Dark enough for text on paper and for white text on a banner.

STATUS_COLOURS = {PASS: "#1b7a2f", CONFLICT: "#c00000", WARNING: "#b36b00", NOT_RUN: "#666666"}
VERDICT_COLOURS = {
    VERDICT_PASS: STATUS_COLOURS[PASS],
    VERDICT_FAIL: STATUS_COLOURS[CONFLICT],
    VERDICT_REVIEW: STATUS_COLOURS[WARNING],
}
TEXT_COLOUR = "#000000"
SITE_COLOUR = "#e60000"  # the 用地红线 itself: outline, location marker, parcel rings
CONFLICT_COLOUR = STATUS_COLOURS[CONFLICT]  # conflict hatch and outline, their map labels
NOTICE_COLOUR = STATUS_COLOURS[CONFLICT]  # 示意数据 notice on the report and the sheet
CONFLICT_FILL_ALPHA = 50  # of 255: the hatch's translucent fill


def status_colour(status: str | None) -> str:
    return STATUS_COLOURS.get(status, TEXT_COLOUR)


def verdict_colour(verdict: str | None) -> str:
    return VERDICT_COLOURS.get(verdict, TEXT_COLOUR)


def rgb(colour: str) -> tuple[int, int, int]:
    """'#c00000' -> (192, 0, 0), for QGIS symbol properties and QColor."""
    value = colour.lstrip("#")
    return int(value[0:2], 16), int(value[2:4], 16), int(value[4:6], 16)


# --- plan feature names -------------------------------------------------------
# The attribute that names a plan feature, first present wins: the feature's own
# name (线/通道/设施 MC, 更新单元 DYMC, 分区 GHFQMC, 用地 YDYHFLMC), then the county
# (XZQMC, the only name an 行政区 has), the 标识码 only when nothing reads better.
FEATURE_NAME_FIELDS = ("MC", "DYMC", "GHFQMC", "YDYHFLMC", "XZQMC", "BSM")
FEATURE_DETAIL_FIELDS = ("JB", "GXLX", "YDYHFLDM", "GHFQDM", "LX", "DJ", "KZKD", "XZQDM", "XJXZQDM")
FEATURE_LEVEL_FIELDS = ("JB", "GXLX", "LX")  # the short qualifier the dock shows after the name


def feature_name(attributes: dict[str, Any]) -> str:
    for field_name in FEATURE_NAME_FIELDS:
        value = attributes.get(field_name)
        if value not in (None, ""):
            return str(value)
    return ""


def feature_level(attributes: dict[str, Any]) -> str:
    return next((str(attributes[f]) for f in FEATURE_LEVEL_FIELDS if attributes.get(f) not in (None, "")), "")


def feature_details(attributes: dict[str, Any]) -> str:
    parts = [
        f"{key}={attributes[key]}" for key in FEATURE_DETAIL_FIELDS if attributes.get(key) not in (None, "")
    ]
    if not parts and not feature_name(attributes):
        parts = [f"{key}={value}" for key, value in attributes.items()]
    return "；".join(parts)


# --- areas -------------------------------------------------------------------
# One format: m² with 2 decimals, 公顷 with 4, 亩 with 2, thousands separated;
# together "1,234.56 m²（0.1235 公顷，1.85 亩）".

M2, HA, MU = "m2", "ha", "mu"
AREA_UNITS = (M2, HA, MU)
UNIT_SYMBOLS = {M2: "m²", HA: "公顷", MU: "亩"}
_UNIT_DECIMALS = {M2: 2, HA: 4, MU: 2}
_FROM_M2 = {M2: float, HA: m2_to_ha, MU: m2_to_mu}


def area_number(area_m2: float | None, unit: str = M2, signed: bool = False) -> str:
    """The number alone, for a table column headed with its unit: '1,234.56'."""
    if area_m2 is None:
        return NO_VALUE
    sign = "+" if signed else ""
    return f"{_FROM_M2[unit](area_m2):{sign},.{_UNIT_DECIMALS[unit]}f}"


def format_m2(area_m2: float | None, signed: bool = False) -> str:
    return area_number(area_m2, M2, signed)


def format_ha(area_m2: float | None, signed: bool = False) -> str:
    return area_number(area_m2, HA, signed)


def format_mu(area_m2: float | None, signed: bool = False) -> str:
    return area_number(area_m2, MU, signed)


def area_in_unit(area_m2: float | None, unit: str = M2, signed: bool = False) -> str:
    """One unit with its symbol: '1,234.56 m²', '0.1235 公顷', '1.85 亩'."""
    if area_m2 is None:
        return NO_VALUE
    return f"{area_number(area_m2, unit, signed)} {UNIT_SYMBOLS[unit]}"


def area_text(area_m2: float | None, signed: bool = False) -> str:
    """All three units staff quote: '1,234.56 m²（0.1235 公顷，1.85 亩）'."""
    if area_m2 is None:
        return NO_VALUE
    return (
        f"{area_in_unit(area_m2, M2, signed)}"
        f"（{area_in_unit(area_m2, HA, signed)}，{area_in_unit(area_m2, MU, signed)}）"
    )


def share_text(part_m2: float, whole_m2: float) -> str:
    return f"{100.0 * part_m2 / whole_m2:.1f}%" if whole_m2 > 0 else NO_VALUE


# --- numbering ---------------------------------------------------------------

CONCERN_LABELS = {"dev_boundary": "边界外面积"}
DEFAULT_CONCERN_LABEL = "涉及面积"


def concern_label(check_id: str | None) -> str:
    """What a check's figure of concern is called, on every surface."""
    return CONCERN_LABELS.get(str(check_id or ""), DEFAULT_CONCERN_LABEL)


def concern_area(entry: dict[str, Any]) -> float:
    """A check's (or a check's parcel's) figure of concern from review.json; records written
    before it existed fall back to the overlap."""
    value = entry.get("concern_area_m2", entry.get("overlap_area_m2"))
    return float(value or 0.0)


CHINESE_ORDINALS = "一二三四五六七八九十"


def chinese_ordinal(index: int) -> str:
    """1 -> 一, 11 -> 十一, 20 -> 二十 (enough for the 13 checks)."""
    if index <= 10:
        return CHINESE_ORDINALS[index - 1]
    tens, units = divmod(index, 10)
    prefix = "" if tens == 1 else CHINESE_ORDINALS[tens - 1]
    return prefix + "十" + (CHINESE_ORDINALS[units - 1] if units else "")
