"""The plugin's options page: 审查人, 审查单位 and 制图单位 reach the case every paper is printed with."""

from __future__ import annotations

import pytest
from qgis.PyQt.QtWidgets import QFormLayout, QLineEdit

from hengyang_plan_plugin.core.report.case_info import CaseInfo
from hengyang_plan_plugin.qgis_adapters.preferences import Preferences
from hengyang_plan_plugin.qgis_adapters.review_defaults import complete_case


@pytest.fixture
def stored_preferences():
    """The test profile's preferences, put back as they were after the test."""
    saved = Preferences.load()
    yield saved
    saved.save()


def _row_of(form: QFormLayout, widget) -> int:
    row, _role = form.getWidgetPosition(widget)
    return row


def test_mapping_unit_sits_below_the_reviewing_unit_and_is_saved(qgis_iface, stored_preferences):
    from hengyang_plan_plugin.gui.options_page import HengyangOptionsPage
    from hengyang_plan_plugin.i18n import tr

    page = HengyangOptionsPage()
    mapping = page.findChild(QLineEdit, "mappingUnitOption")
    reviewing = page.findChild(QLineEdit, "reviewingUnitOption")
    assert mapping is page.mapping_unit and reviewing is page.reviewing_unit
    form = page.layout()
    assert _row_of(form, mapping) == _row_of(form, reviewing) + 1
    label = form.labelForField(mapping)
    assert label is not None and label.text() == tr("Mapping unit")
    assert mapping.text() == stored_preferences.mapping_unit  # shows what is stored
    assert mapping.placeholderText() == tr("Same as the reviewing unit")

    page.reviewing_unit.setText("衡阳市自然资源和规划局")
    mapping.setText("  衡阳市规划设计测绘总院  ")
    page.apply()
    stored = Preferences.load()
    assert stored.mapping_unit == "衡阳市规划设计测绘总院"  # trimmed
    assert stored.reviewing_unit == "衡阳市自然资源和规划局"
    assert stored.plan_source == stored_preferences.plan_source  # the rest kept as it was

    # Every path fills an unset 制图单位 of the case from the options (the 审查图's 制图单位：line).
    case = complete_case(CaseInfo())
    assert case.mapping_unit == case.mapping_unit_text == "衡阳市规划设计测绘总院"
    assert complete_case(CaseInfo(mapping_unit="项目自填单位")).mapping_unit == "项目自填单位"

    mapping.setText("")
    page.apply()
    assert Preferences.load().mapping_unit == ""
    assert complete_case(CaseInfo()).mapping_unit_text == "衡阳市自然资源和规划局"  # empty: the reviewing unit


def test_the_mapping_unit_label_has_its_chinese_translation():
    import xml.etree.ElementTree as ET

    from hengyang_plan_plugin.paths import PACKAGE_DIR

    ts = ET.parse(PACKAGE_DIR / "i18n" / "hengyang_plan_plugin_zh_CN.ts").getroot()
    translated = {m.findtext("source"): m.findtext("translation") for m in ts.iter("message")}
    assert translated["Mapping unit"] == "制图单位"
    assert translated["Same as the reviewing unit"] == "同审查单位"
