"""The plugin's settings, stored with QgsSettings under ``hengyang_plan_plugin/``."""

from __future__ import annotations

from dataclasses import dataclass, fields

from qgis.core import QgsSettings

SETTINGS_PREFIX = "hengyang_plan_plugin/"


@dataclass
class Preferences:
    plan_source: str = ""  # empty: the bundled sample plan
    area_unit: str = "m2"  # m2, ha or mu, as shown in the dock
    sliver_area_m2: float = 1.0  # smaller overlaps are 疑似边界误差
    sliver_width_m: float = 0.1  # narrower overlaps are 疑似边界误差
    reviewer: str = ""
    reviewing_unit: str = "衡阳市自然资源和规划局"

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

    def review_settings(self):
        from ..core.settings import ReviewSettings

        return ReviewSettings(sliver_area_m2=self.sliver_area_m2, sliver_width_m=self.sliver_width_m)

    def save(self) -> None:
        settings = QgsSettings()
        for field in fields(self):
            settings.setValue(SETTINGS_PREFIX + field.name, getattr(self, field.name))
