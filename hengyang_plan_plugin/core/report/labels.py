"""Chinese wording and number formats of the report (the report is an official Chinese document)."""

from __future__ import annotations

from typing import Any

from ..units import m2_to_ha, m2_to_mu

VERDICT_LABELS = {"pass": "通过", "fail": "不通过", "review": "需人工复核"}
VERDICT_COLOURS = {"pass": "#1b7a2f", "fail": "#c00000", "review": "#b36b00"}

# Same wording as core/result.py uses on screen, so the report and the dock agree.
STATUS_LABELS = {"pass": "通过", "conflict": "冲突", "warning": "需人工复核", "not_run": "未执行"}
STATUS_COLOURS = {"pass": "#1b7a2f", "conflict": "#c00000", "warning": "#b36b00", "not_run": "#666666"}

CHINESE_ORDINALS = "一二三四五六七八九十"

# Attributes that name a plan feature, most telling first; the rest is shown only
# when none of these is present.
FEATURE_NAME_FIELDS = ("MC", "DYMC", "GHFQMC", "YDYHFLMC", "BSM", "XZQMC")
FEATURE_DETAIL_FIELDS = ("JB", "GXLX", "YDYHFLDM", "GHFQDM", "LX", "DJ", "KZKD", "XZQDM")


def verdict_label(verdict: str) -> str:
    return VERDICT_LABELS.get(verdict, verdict)


def status_label(status: str) -> str:
    return STATUS_LABELS.get(status, status)


def chinese_ordinal(index: int) -> str:
    """1 -> 一, 11 -> 十一, 20 -> 二十 (enough for the 13 checks)."""
    if index <= 10:
        return CHINESE_ORDINALS[index - 1]
    tens, units = divmod(index, 10)
    prefix = "" if tens == 1 else CHINESE_ORDINALS[tens - 1]
    return prefix + "十" + (CHINESE_ORDINALS[units - 1] if units else "")


def format_m2(area_m2: float | None) -> str:
    return "—" if area_m2 is None else f"{area_m2:,.2f}"


def format_ha(area_m2: float | None) -> str:
    return "—" if area_m2 is None else f"{m2_to_ha(area_m2):,.4f}"


def format_mu(area_m2: float | None) -> str:
    return "—" if area_m2 is None else f"{m2_to_mu(area_m2):,.2f}"


def area_triple(area_m2: float | None) -> str:
    """'12,345.60 m²（1.2346 公顷，18.52 亩）': all three units staff quote."""
    if area_m2 is None:
        return "—"
    return f"{format_m2(area_m2)} m²（{format_ha(area_m2)} 公顷，{format_mu(area_m2)} 亩）"


def as_float(value: Any) -> float | None:
    try:
        return None if value is None else float(value)
    except (TypeError, ValueError):
        return None


def feature_name(attributes: dict[str, Any]) -> str:
    for field_name in FEATURE_NAME_FIELDS:
        value = attributes.get(field_name)
        if value not in (None, ""):
            return str(value)
    return ""


def feature_details(attributes: dict[str, Any]) -> str:
    parts = [
        f"{key}={attributes[key]}" for key in FEATURE_DETAIL_FIELDS if attributes.get(key) not in (None, "")
    ]
    if not parts and not feature_name(attributes):
        parts = [f"{key}={value}" for key, value in attributes.items()]
    return "；".join(parts)
