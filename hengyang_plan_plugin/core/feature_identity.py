"""A plan feature named for a person: by itself (name, zone or land use, 标识码), never by its
district alone, and never as a bare number ("YJJBNT#259", "430400040000000259")."""

from __future__ import annotations

from typing import Any

from .plan_schema import layer_title

NAME_FIELDS = ("MC", "DYMC", "GHFQMC")
DISTRICT_FIELD = "XZQMC"
DISTRICT_LAYER = "XZQ"
BSM_LABEL = "标识码"


def _text(attributes: dict[str, Any], name: str) -> str:
    value = attributes.get(name)
    return "" if value in (None, "") else str(value).strip()


def feature_identity(attributes: dict[str, Any] | None, layer: str | None = None) -> str:
    """'湘江西岸滨水绿地 · 标识码 4304…', '水田 · 标识码 4304… · 雁峰区', '0701 城镇住宅用地';
    a feature with nothing but its 标识码 and district: '标识码 4304… · 珠晖区'."""
    attributes = attributes or {}
    parts = []
    name = next((_text(attributes, f) for f in NAME_FIELDS if _text(attributes, f)), "")
    land_use = " ".join(v for v in (_text(attributes, "YDYHFLDM"), _text(attributes, "YDYHFLMC")) if v)
    kind = _text(attributes, "DLMC")  # 永久基本农田 patches carry their 地类 (水田, 旱地 …)
    district = _text(attributes, DISTRICT_FIELD)
    first = name or land_use or kind
    if not first and (layer == DISTRICT_LAYER or not _text(attributes, "BSM")):
        first = district  # a 行政区 is named by its own name
    parts.append(first)
    bsm = _text(attributes, "BSM")
    if bsm:
        parts.append(f"{BSM_LABEL} {bsm}")
    if district and district != first:
        parts.append(district)
    return " · ".join(part for part in parts if part)


def feature_title(layer: str, attributes: dict[str, Any] | None, fid: int | None = None) -> str:
    """'永久基本农田 水田 · 标识码 4304… · 雁峰区'; the feature id only when nothing else names it."""
    identity = feature_identity(attributes, layer)
    if identity:
        return f"{layer_title(layer)} {identity}"
    return f"{layer_title(layer)} 第{fid}号要素" if fid is not None else layer_title(layer)
