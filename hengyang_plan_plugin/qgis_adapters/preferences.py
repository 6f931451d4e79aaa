"""The plugin's settings, stored with QgsSettings under ``hengyang_plan_plugin/``."""

from __future__ import annotations

from dataclasses import dataclass, fields

from qgis.core import QgsSettings

from ..core.settings import DEFAULT_SETTINGS, ReviewSettings

SETTINGS_PREFIX = "hengyang_plan_plugin/"


@dataclass
class Preferences:
    plan_source: str = ""  # empty: the bundled sample plan
    area_unit: str = "m2"  # m2, ha or mu, as shown in the dock
    # Review tolerances: one per ReviewSettings field, same name and default.
    sliver_area_m2: float = DEFAULT_SETTINGS.sliver_area_m2  # smaller overlaps are 疑似边界误差
    sliver_width_m: float = DEFAULT_SETTINGS.sliver_width_m  # narrower overlaps are 疑似边界误差
    declared_area_abs_tolerance_m2: float = DEFAULT_SETTINGS.declared_area_abs_tolerance_m2
    declared_area_rel_tolerance: float = DEFAULT_SETTINGS.declared_area_rel_tolerance
    plan_extent_margin_m: float = DEFAULT_SETTINGS.plan_extent_margin_m
    reviewer: str = ""
    reviewing_unit: str = "衡阳市自然资源和规划局"
    mapping_unit: str = ""  # 制图单位 on the 审查图; empty: the reviewing unit

    @classmethod
    def load(cls) -> Preferences:
        settings = QgsSettings()
        values = {}
        for field in fields(cls):
            default = getattr(cls, field.name)
            value = settings.value(SETTINGS_PREFIX + field.name, default)
            try:
                values[field.name] = type(default)(value)
            except (TypeError, ValueError):
                values[field.name] = default
        return cls(**values)

    def review_settings(self) -> ReviewSettings:
        return ReviewSettings(**{field.name: getattr(self, field.name) for field in fields(ReviewSettings)})

    def save(self) -> None:
        settings = QgsSettings()
        for field in fields(self):
            settings.setValue(SETTINGS_PREFIX + field.name, getattr(self, field.name))
