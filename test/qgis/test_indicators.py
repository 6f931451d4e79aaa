"""Plan indicators in QGIS: the dock's indicators panel. The Qt-free tests are in test/unit/test_indicators.py."""

from __future__ import annotations

from pathlib import Path

import pytest
from qgis.PyQt.QtCore import Qt

from hengyang_plan_plugin.core.indicators import NOT_MET
from test.batch_cases import close_plans_after_module  # noqa: F401 (autouse fixture)
from test.indicators_cases import write_ghzb as _ghzb
from test.indicators_cases import write_handmade_plan


@pytest.fixture
def handmade(tmp_path):
    return write_handmade_plan(tmp_path / "plan.gpkg")


def test_indicators_panel(qgis_app, handmade, tmp_path):
    from hengyang_plan_plugin.gui.indicators_panel import IndicatorsPanel

    _ghzb(handmade, [("永久基本农田保护面积", 1.6, "平方千米", "市域"), ("耕地保有量", 1.0, "万亩", "市域")])
    panel = IndicatorsPanel(lambda: str(handmade))
    report = panel.compute_now()
    assert panel.table.rowCount() == 2
    assert [panel.table.item(0, c).text() for c in (0, 2, 3, 4, 5, 7)] == [
        "永久基本农田保护面积",
        "空间指标",
        "1.6",
        "1.1",
        "-0.5",
        "未达标",
    ]
    assert "永久基本农田（YJJBNT）" in panel.table.item(0, 8).text()  # the layers it is measured from
    assert [panel.table.item(1, c).text() for c in (2, 4, 7)] == ["非空间指标", "", "待填现状值"]
    assert "国土变更调查" in panel.table.item(1, 8).text()  # where its 现状值 comes from
    assert not panel.table.item(0, 4).flags() & Qt.ItemFlag.ItemIsEditable  # measured: not typed over
    assert panel.table.item(1, 4).flags() & Qt.ItemFlag.ItemIsEditable

    # The technician types the 现状值 (full-width digits too); the row is compared and exported with it.
    try:
        panel.table.item(1, 4).setText("０.８")
        assert [panel.table.item(1, c).text() for c in (4, 5, 7)] == ["0.8", "-0.2", "未达标"]
        assert panel.report.rows[1].value_origin == "entered"
        csv_path = panel.export(str(tmp_path / "indicators.csv"))
        text = Path(csv_path).read_text(encoding="utf-8-sig")
        assert "耕地保有量,市域,非空间指标,约束性,万亩,1.0,不低于,0.8,人工填报,-0.2,未达标" in text
        again = IndicatorsPanel(lambda: str(handmade)).compute_now()  # kept for this plan
        assert again.rows[1].value == 0.8
        panel.table.item(1, 4).setText("abc")
        assert "“abc”" in panel.status_label.text() and panel.table.item(1, 4).text() == "0.8"  # refused, named
    finally:
        panel.set_current_value("耕地保有量", None)
    assert panel.county_table.rowCount() == 2
    assert panel.county_table.item(0, 2).text() == "0.60"
    assert report.rows[0].status == NOT_MET

    broken = IndicatorsPanel(lambda: str(handmade.parent / "missing.gpkg"))
    assert broken.compute_now() is None
    assert "不存在" in broken.status_label.text()
