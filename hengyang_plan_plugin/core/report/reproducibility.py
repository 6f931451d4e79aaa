"""What another reviewer needs to get the same numbers: versions, hashes, method."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..plan_schema import PLAN_EPSG

AREA_METHOD = (
    f"平面面积，在规划数据的投影坐标系 EPSG:{PLAN_EPSG}（CGCS2000 3度带高斯-克吕格）中计算；"
    "送审用地红线先投影到该坐标系，与同一图层全部要素的并集求交，相互重叠的规划要素不重复计算；"
    "1 公顷 = 10000 m²，1 亩 = 10000/15 m²。"
)

PLAN_TITLE = "衡阳市国土空间总体规划（2021—2035年）"


def file_sha256(path: str | Path) -> str | None:
    """sha256 of a local file, None when the source is not a readable file (PG:, memory)."""
    try:
        candidate = Path(path)
        if not candidate.is_file():
            return None
        digest = hashlib.sha256()
        with candidate.open("rb") as handle:
            for block in iter(lambda: handle.read(1 << 20), b""):
                digest.update(block)
        return digest.hexdigest()
    except (OSError, ValueError):
        return None


@dataclass
class ReproducibilityInfo:
    plugin_version: str = ""
    qgis_version: str = ""
    gdal_version: str = ""
    submission_source: str = ""
    submission_sha256: str | None = None
    plan_source: str = ""
    plan_sha256: str | None = None
    plan_version: str = PLAN_TITLE
    is_sample_plan: bool = False
    generated_at: str = ""
    tolerances: dict[str, str] = field(default_factory=dict)
    area_method: str = AREA_METHOD
    plan_qa: dict[str, Any] | None = None  # the plan version's last 规划成果质检 (core/qa/history.py)


def _gdal_version() -> str:
    try:
        from osgeo import gdal

        return str(gdal.__version__)
    except ImportError:  # core stays usable without GDAL bindings
        return ""


def _is_sample_plan(plan: dict[str, Any]) -> bool:
    from ...paths import SAMPLE_PLAN_PATH

    if "is_sample" in plan:
        return bool(plan["is_sample"])
    source = str(plan.get("source") or "")
    return not source or Path(source).name == SAMPLE_PLAN_PATH.name


# Chinese names of the engine's tolerances (core/settings.py); unknown keys show as they are.
TOLERANCE_LABELS = {
    "sliver_area_m2": "碎片面积阈值（m²）",
    "sliver_width_m": "碎片宽度阈值（m）",
    "declared_area_abs_tolerance_m2": "申报面积绝对容差（m²）",
    "declared_area_rel_tolerance": "申报面积相对容差",
    "plan_extent_margin_m": "规划范围外容许距离（m）",
}


def _tolerances(result: dict[str, Any]) -> dict[str, str]:
    declared = result.get("tolerances") or {}
    return {TOLERANCE_LABELS.get(str(key), str(key)): str(value) for key, value in declared.items()}


def reproducibility_from_result(
    result: dict[str, Any],
    *,
    qgis_version: str | None = None,
    gdal_version: str | None = None,
    submission_sha256: str | None = None,
) -> ReproducibilityInfo:
    """Collect versions and hashes, preferring what the result recorded at review time."""
    submission = result.get("submission") or {}
    plan = result.get("plan") or {}
    submission_source = str(submission.get("source") or "")
    plan_source = str(plan.get("source") or "")
    plan_sha256 = plan.get("sha256") or file_sha256(plan_source)
    from ..qa.history import last_check

    return ReproducibilityInfo(
        plugin_version=str(result.get("plugin_version") or ""),
        qgis_version=str(result.get("qgis_version") or qgis_version or ""),
        gdal_version=str(result.get("gdal_version") or gdal_version or _gdal_version()),
        submission_source=submission_source,
        submission_sha256=submission.get("sha256") or submission_sha256 or file_sha256(submission_source),
        plan_source=plan_source,
        plan_sha256=plan_sha256,
        plan_version=str(plan.get("version") or PLAN_TITLE),
        is_sample_plan=_is_sample_plan(plan),
        generated_at=str(result.get("generated_at") or ""),
        tolerances=_tolerances(result),
        plan_qa=last_check(plan_sha256),
    )
