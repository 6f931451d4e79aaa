"""What a QA run finds: plain data, no I/O. ``QaReport.to_dict()`` is qa.json (schema hengyang-plan-qa/1)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import shapely
from shapely.geometry import Polygon
from shapely.geometry.base import BaseGeometry
from shapely.ops import polylabel

from .rules import ERROR, RULES, WARNING, rule

SCHEMA = "hengyang-plan-qa/1"

__all__ = ["ERROR", "SCHEMA", "WARNING", "Finding", "QaReport"]


@dataclass
class Finding:
    rule_id: str
    layer: str  # contract layer name ("" for the plan as a whole)
    message: str  # Chinese, names the feature and what is wrong
    fids: tuple[int, ...] = ()  # the features involved (two for an overlap)
    geometry: BaseGeometry | None = None  # where: the gap, the overlap, the bad feature (plan CRS)
    area_m2: float | None = None
    count: int = 1  # > 1: a summary standing for this many findings not listed one by one
    _location: tuple | None = field(default=None, init=False, repr=False, compare=False)  # (point,) once known

    @property
    def severity(self) -> str:
        return rule(self.rule_id).severity

    def location(self) -> tuple[float, float] | None:
        """A point on the finding (inside its area when it has one), for lists and zooming; worked out once."""
        if self._location is None:
            self._location = (self._find_location(),)
        return self._location[0]

    def _find_location(self) -> tuple[float, float] | None:
        if self.geometry is None or self.geometry.is_empty:
            return None
        # On the feature for every dimension (a curved road's centroid may lie far off it); for an
        # area, the point deepest inside its largest part: an overlay can leave a hair-thin sliver
        # along a shared edge joined to the finding, and GEOS 3.13 put point_on_surface at its tip.
        geometry = self.geometry
        parts = [part for part in shapely.get_parts(geometry) if isinstance(part, Polygon) and part.area > 0]
        if parts:
            largest = max(parts, key=lambda part: part.area)
            minx, miny, maxx, maxy = largest.bounds
            try:
                point = polylabel(largest, tolerance=max(maxx - minx, maxy - miny) / 1000.0)
            except Exception:  # noqa: BLE001 - a malformed shape (the finding itself): any point on it will do
                point = shapely.point_on_surface(largest)
        else:
            point = shapely.point_on_surface(geometry)
        return round(point.x, 3), round(point.y, 3)

    def to_dict(self) -> dict[str, Any]:
        location = self.location()
        bounds = None if self.geometry is None or self.geometry.is_empty else self.geometry.bounds
        return {
            "rule": self.rule_id,
            "severity": self.severity,
            "layer": self.layer,
            "fids": list(self.fids),
            "message": self.message,
            "area_m2": None if self.area_m2 is None else round(self.area_m2, 2),
            "count": self.count,
            "location": list(location) if location else None,
            "bbox": [round(v, 3) for v in bounds] if bounds else None,
        }


@dataclass
class QaReport:
    plan_source: str
    plan_kind: str
    crs: str | None
    is_sample: bool = False
    generated_at: str = ""
    plugin_version: str = ""
    findings: list[Finding] = field(default_factory=list)
    figures: list[dict[str, Any]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # what could not be checked and why
    checked_layers: dict[str, int] = field(default_factory=dict)  # layer → feature count
    seconds: float = 0.0

    def add(self, finding: Finding) -> None:
        self.findings.append(finding)

    def count(self, severity: str) -> int:
        return sum(finding.count for finding in self.findings if finding.severity == severity)

    @property
    def error_count(self) -> int:
        return self.count(ERROR)

    @property
    def warning_count(self) -> int:
        return self.count(WARNING)

    def by_rule(self) -> list[tuple[Any, list[Finding]]]:
        """(rule, its findings) in the rule table's order, rules without findings left out."""
        grouped = []
        for entry in RULES:
            found = [f for f in self.findings if f.rule_id == entry.id]
            if found:
                grouped.append((entry, found))
        return grouped

    def summary(self) -> str:
        if not self.findings:
            return "质检通过：未发现错误或警告"
        return f"发现 {self.error_count} 个错误、{self.warning_count} 个警告"

    def to_dict(self) -> dict[str, Any]:
        return {
            "schema": SCHEMA,
            "plan": {"source": self.plan_source, "kind": self.plan_kind, "crs": self.crs, "is_sample": self.is_sample},
            "generated_at": self.generated_at,
            "plugin_version": self.plugin_version,
            "seconds": round(self.seconds, 2),
            "summary": {"errors": self.error_count, "warnings": self.warning_count, "text": self.summary()},
            "rules": [
                {**entry.to_dict(), "count": sum(f.count for f in self.findings if f.rule_id == entry.id)}
                for entry in RULES
            ],
            "findings": [finding.to_dict() for finding in self.findings],
            "figures": self.figures,
            "notes": list(self.notes),
            "layers": dict(self.checked_layers),
        }
