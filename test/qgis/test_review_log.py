"""The review log (留痕) in QGIS: the dock's log tab, and that dock reviews land in the log.

The Qt-free tests of the log itself are in test/unit/test_review_log.py.
"""

from __future__ import annotations

import pytest

from hengyang_plan_plugin.core.review_log import ENV_VAR, ReviewLog
from test.batch_cases import close_plans_after_module  # noqa: F401 (autouse fixture)
from test.review_log_cases import review_result as _result


@pytest.fixture
def log_path(tmp_path, monkeypatch):
    path = tmp_path / "log" / "review_log.sqlite"
    monkeypatch.setenv(ENV_VAR, str(path))
    return path


# --- the dock tab and the dock itself -------------------------------------------------


def test_log_panel_lists_filters_and_reopens(qgis_app, tmp_path, log_path):
    from hengyang_plan_plugin.gui.review_log_panel import ReviewLogPanel

    log = ReviewLog(log_path)
    report_dir = tmp_path / "case"
    report_dir.mkdir()
    (report_dir / "review.pdf").write_bytes(b"%PDF-1.4")
    with_report = log.append(_result("有报告", sha="1" * 64), report_dir=report_dir)
    without = log.append(_result("有报告", sha="2" * 64, verdict="pass"))
    log.append(_result("其他", sha="3" * 64, verdict="review"))

    panel = ReviewLogPanel()
    opened = []
    panel.opener = opened.append
    panel.refresh()
    assert panel.table.rowCount() == 3
    panel.filter_edit.setText("有报告")
    panel.refresh()
    assert [r.id for r in panel.records()] == [without, with_report]
    panel.verdict_combo.setCurrentIndex(panel.verdict_combo.findData("pass"))
    assert [r.id for r in panel.records()] == [without]
    assert panel.table.item(0, panel.VERDICT_COLUMN).text() == "通过"

    panel.verdict_combo.setCurrentIndex(0)
    assert panel.select_record(with_report)
    assert panel.open_report() == report_dir / "review.pdf"
    assert panel.select_record(without)
    rendered = panel.open_report()  # no report files: rebuilt from the logged review.json
    assert rendered.suffix == ".html" and "有报告" in rendered.read_text(encoding="utf-8")
    assert opened == [report_dir / "review.pdf", rendered]

    compared = []
    panel.compare_requested.connect(lambda old, new: compared.append((old, new)))
    assert panel.compare_with_previous()
    assert compared[0][0]["submission"]["sha256"] == "1" * 64
    assert compared[0][1]["submission"]["sha256"] == "2" * 64


def test_log_panel_without_a_log(qgis_app, tmp_path, monkeypatch):
    from hengyang_plan_plugin.gui.review_log_panel import ReviewLogPanel

    panel = ReviewLogPanel(tmp_path / "none.sqlite")
    panel.refresh()
    assert panel.table.rowCount() == 0
    assert panel.open_report() is None
    assert not (tmp_path / "none.sqlite").exists()


def test_the_dock_review_is_logged(qgis_iface, qgis_new_project, tmp_path, log_path, sample_plan_path):
    from hengyang_plan_plugin.gui.dock import HengyangPlanDock
    from test.batch_cases import write_case

    dock = HengyangPlanDock(qgis_iface)
    try:
        outcome = dock.review_file_and_wait(str(write_case(tmp_path / "码头地块.txt", 1)), land_use="1001")
    finally:
        dock.shutdown()
    assert outcome is not None
    records = ReviewLog(log_path).records()
    assert len(records) == 1
    assert records[0].submission_name.startswith("码头地块")
    assert records[0].land_use == "1001"
    assert records[0].verdict == outcome["verdict"]
    assert records[0].checks == outcome["checks"]
