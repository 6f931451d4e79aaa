"""Structure rules: layers present, required fields present and typed usably, one projected CGCS2000 GK CRS."""

from __future__ import annotations

from collections import Counter

from ..plan_schema import LAYER_BY_NAME, LAYERS, field_names_for, layer_title, missing_required_fields
from .layer_data import INTEGER, REAL, STRING, LayerData
from .model import Finding

# Areas, widths, targets, the 田坎 deduction coefficient (DLTB KCXS): computed with.
NUMERIC_FIELDS = ("MJ", "KZKD", "GHMBZ", "TBMJ", "KCXS", "TBDLMJ")
# Codes with leading zeros: a number loses them (DLTB: 地类编码 0101, 权属单位代码 430405…).
CODE_FIELDS = ("BSM", "XZQDM", "GHFQDM", "YDYHFLDM", "DLBM", "QSDWDM")


def missing_layers(missing: list[str]) -> list[Finding]:
    return [
        Finding("layer_missing", name, f"缺少{layer_title(name)}图层（{name}）：依赖它的审查项将无法执行")
        for name in missing
        if name in LAYER_BY_NAME and not getattr(LAYER_BY_NAME[name], "optional", False)
    ]


def field_findings(data: LayerData) -> list[Finding]:
    spec = LAYER_BY_NAME.get(data.name)
    if spec is None:
        return []
    found = [
        Finding(
            "field_missing",
            data.name,
            f"{layer_title(data.name)}（{data.name}）缺少必填字段 {name}"
            + (f"（或其国标写法 {'/'.join(field_names_for(name)[1:])}）" if len(field_names_for(name)) > 1 else ""),
        )
        for name in missing_required_fields(spec, data.field_kinds)
    ]
    for name in spec.required_fields:
        for spelling in field_names_for(name):
            stored = data.field_name(spelling)
            if stored is None:
                continue
            kind = data.field_kinds[stored]
            if name in NUMERIC_FIELDS and kind not in (REAL, INTEGER):
                found.append(
                    Finding("field_type", data.name, f"{data.name}.{stored} 应为数值型，实为{_kind_label(kind)}")
                )
            elif name in CODE_FIELDS and kind != STRING:
                found.append(
                    Finding(
                        "field_type",
                        data.name,
                        f"{data.name}.{stored} 应为字符型（代码前导零会丢失），实为{_kind_label(kind)}",
                    )
                )
    return found


def _kind_label(kind: str) -> str:
    return {STRING: "字符型", REAL: "浮点型", INTEGER: "整型"}.get(kind, "其他类型")


def is_cgcs2000_gauss_kruger(srs) -> bool:
    datum = (srs.GetAttrValue("DATUM") or "").replace(" ", "_").lower()
    return bool(srs.IsProjected()) and srs.GetAttrValue("PROJECTION") == "Transverse_Mercator" and "2000" in datum


def plan_crs(layers: dict[str, LayerData]) -> str | None:
    """The plan's CRS: the one most spatial layers declare (ties: the first in the contract's order)."""
    order = [layer.name for layer in LAYERS]
    keys = [layers[name].crs_key for name in order if name in layers and layers[name].has_geometry]
    counts = Counter(key for key in keys if key)
    if not counts:
        return None
    best = max(counts.values())
    return next(key for key in keys if key and counts[key] == best)


def crs_findings(layers: dict[str, LayerData], plan_key: str | None) -> tuple[list[Finding], set[str]]:
    """CRS findings, and the layers whose coordinates cannot be compared with the others (excluded from topology)."""
    found, excluded = [], set()
    for name, data in layers.items():
        if not data.has_geometry:
            continue
        title = f"{layer_title(name)}（{name}）"
        if data.crs_key is None:
            found.append(Finding("crs_missing", name, f"{title}没有坐标系定义，按全库坐标系 {plan_key} 读取"))
            continue
        if data.crs_key != plan_key:
            excluded.add(name)
            found.append(
                Finding(
                    "crs_inconsistent",
                    name,
                    f"{title}的坐标系为 {_crs_label(data)}，与全库的 {plan_key} 不一致；该图层未参与拓扑检查",
                )
            )
        elif not is_cgcs2000_gauss_kruger(data.srs):
            found.append(
                Finding("crs_not_gk", name, f"{title}的坐标系 {_crs_label(data)} 不是CGCS2000高斯-克吕格投影坐标系")
            )
    return found, excluded


def _crs_label(data: LayerData) -> str:
    key = data.crs_key or ""
    name = data.srs.GetName() if data.srs is not None else ""
    return f"{key}（{name}）" if key.startswith("EPSG:") and name else (name or key[:60])
