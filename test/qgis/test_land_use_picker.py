"""The dock's 用地用海 picker offers the 2023 三级 (6-digit) codes (issue 15)."""

from __future__ import annotations

from qgis.PyQt.QtWidgets import QComboBox

from hengyang_plan_plugin.core.land_use_codes import land_use_codes
from hengyang_plan_plugin.gui.land_use_picker import LandUsePicker


def _items(picker: QComboBox) -> dict[str, str]:
    return {picker.itemData(index): picker.itemText(index).strip() for index in range(1, picker.count())}


def test_picker_offers_field_road_and_every_third_level_code(qgis_app):
    picker = LandUsePicker()
    items = _items(picker)
    assert items["060102"] == "060102 田间道"
    assert items["080403"] == "080403 中小学用地"
    assert set(items) == set(land_use_codes())
    assert picker.itemText(picker.findData("060102")).startswith("        060102")  # indented under 0601
    picker.set_code("060102")
    assert picker.code() == "060102"
    picker.setEditText("060102")
    assert picker.code() == "060102"


def test_dock_picker_contains_field_road(qgis_iface, qgis_new_project, sample_plan_path):
    from test.qgis_iface_support import complete_iface

    complete_iface(qgis_iface)
    from hengyang_plan_plugin import classFactory

    instance = classFactory(qgis_iface)
    instance.initGui()
    try:
        picker = instance.dock.findChild(QComboBox, "landUsePicker")
        assert picker is not None
        assert _items(picker)["060102"] == "060102 田间道"
    finally:
        instance.unload()
