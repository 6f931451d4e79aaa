"""Plan indicators in QGIS: the dock's indicators panel. The Qt-free tests are in test/unit/test_indicators.py."""

from __future__ import annotations

import pytest

from hengyang_plan_plugin.core.indicators import NOT_MET
from test.batch_cases import close_plans_after_module  # noqa: F401 (autouse fixture)
from test.indicators_cases import write_ghzb as _ghzb
from test.indicators_cases import write_handmade_plan


@pytest.fixture
def handmade(tmp_path):
    return write_handmade_plan(tmp_path / "plan.gpkg")


def test_indicators_panel(qgis_app, handmade):
    from hengyang_plan_plugin.gui.indicators_panel import IndicatorsPanel

    _ghzb(handmade, [("永久基本农田保护面积", 1.6, "平方千米", "市域"), ("耕地保有量", 1.0, "万亩", "市域")])
    panel = IndicatorsPanel(lambda: str(handmade))
    report = panel.compute_now()
    assert panel.table.rowCount() == 2
    assert [panel.table.item(0, c).text() for c in (0, 2, 3, 4, 6)] == [
        "永久基本农田保护面积",
        "1.6",
        "1.1",
        "-0.5",
        "未达标",
    ]
    assert panel.table.item(1, 6).text() == "无法由数据计算"
    assert panel.county_table.rowCount() == 2
    assert panel.county_table.item(0, 2).text() == "0.60"
    assert report.rows[0].status == NOT_MET

    broken = IndicatorsPanel(lambda: str(handmade.parent / "missing.gpkg"))
    assert broken.compute_now() is None
    assert "不存在" in broken.status_label.text()
