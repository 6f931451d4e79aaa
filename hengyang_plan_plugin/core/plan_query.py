"""What the plan says at one point: zones, land use, control lines, city lines,
renewal unit and river-crossing corridors (the dock's 规划查询 tool)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import shapely

from .plan.model import PlanBackend
from .plan_schema import layer_title

# Polygon layers answered by "does it cover the point", in the order shown.
POINT_LAYERS = (
    "XZQ", "GHFQ", "ZXCQGHFQ", "ZXCQGHYDYH", "YJJBNT", "STBHHX", "CZKFBJ",
    "ZXCQCSLVX", "ZXCQCSLX", "ZXCQCSZX", "ZXCQCSHX", "CSGXDY",
)
CORRIDOR_LAYER = "KJTD"
CORRIDOR_WIDTH_FIELD = "KZKD"
# Fields worth showing per layer (others stay in ``attributes``).
SUMMARY_FIELDS = ("XZQMC", "GHFQMC", "YDYHFLDM", "YDYHFLMC", "BSM", "JB", "MC", "DYMC", "GXLX", "KZKD")


@dataclass
class PointAnswer:
    layer: str
    title: str
    fid: int
    summary: str
    attributes: dict[str, Any] = field(default_factory=dict)


def _summary(attributes: dict[str, Any]) -> str:
    return " · ".join(str(attributes[name]) for name in SUMMARY_FIELDS
                      if attributes.get(name) not in (None, ""))


def query_point(plan: PlanBackend, x: float, y: float) -> tuple[list[PointAnswer], list[str]]:
    """Plan features at (x, y) in the plan's CRS, and the layers the plan lacks."""
    working_key = plan.crs_key()
    point = shapely.Point(x, y)
    answers: list[PointAnswer] = []
    missing: list[str] = []
    for name in POINT_LAYERS:
        if not plan.has_layer(name):
            missing.append(name)
            continue
        for feature in plan.query(name, point, working_key):
            if feature.geometry.covers(point):
                answers.append(PointAnswer(name, layer_title(name), feature.fid,
                                           _summary(feature.attributes), feature.attributes))
    if plan.has_layer(CORRIDOR_LAYER):
        # A corridor applies within half its control width of the line.
        widest = 500.0
        for feature in plan.query(CORRIDOR_LAYER, point, working_key, grow_m=widest):
            half_width = float(feature.attributes.get(CORRIDOR_WIDTH_FIELD) or 0) / 2
            if feature.geometry.distance(point) <= half_width:
                answers.append(PointAnswer(CORRIDOR_LAYER, layer_title(CORRIDOR_LAYER), feature.fid,
                                           _summary(feature.attributes), feature.attributes))
    else:
        missing.append(CORRIDOR_LAYER)
    return answers, missing


def city_line_rule_text(layer: str, level: str | None) -> str:
    """The management rule of a city line (绿线/蓝线/紫线/黄线) at its level, with its basis."""
    from .rules import city_line_rules

    for rule in city_line_rules().values():
        if rule.layer == layer and rule.level in ((level or "").strip(), ""):
            return f"{rule.rule}（{rule.basis}）"
    return ""
