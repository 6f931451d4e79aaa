"""The review log (留痕): records, filters, versions, and that reviews from every entry point land in it."""

from __future__ import annotations

import json
import sqlite3

import pytest

from hengyang_plan_plugin.core import review_log
from hengyang_plan_plugin.core.review_log import (
    ENV_VAR,
    ReviewLog,
    record_review,
    resolve_log_path,
)
from test.batch_cases import close_plans_after_module  # noqa: F401 (autouse fixture)

FIXTURE = json.loads(
    (__import__("pathlib").Path(__file__).parents[1] / "data" / "review_result_fixture.json").read_text(
        encoding="utf-8"
    )
)


def _result(name="项目A", sha="a" * 64, verdict="fail", area=100.0, land_use="0701"):
    data = json.loads(json.dumps(FIXTURE))
    data["submission"].update(name=name, sha256=sha, area_m2=area)
    data["verdict"] = verdict
    data["land_use"] = land_use
    return data


@pytest.fixture
def log_path(tmp_path, monkeypatch):
    path = tmp_path / "log" / "review_log.sqlite"
    monkeypatch.setenv(ENV_VAR, str(path))
    return path


def test_path_from_env_else_default_dir_else_none(tmp_path, monkeypatch):
    monkeypatch.delenv(ENV_VAR, raising=False)
    monkeypatch.setitem(review_log._defaults, "default_dir", None)
    assert resolve_log_path() is None
    assert resolve_log_path(tmp_path) == tmp_path / review_log.LOG_FILENAME
    review_log.configure(default_dir=tmp_path / "qgis")
    assert resolve_log_path() == tmp_path / "qgis" / review_log.LOG_FILENAME
    monkeypatch.setenv(ENV_VAR, str(tmp_path / "env.sqlite"))
    assert resolve_log_path() == tmp_path / "env.sqlite"


def test_no_log_configured_records_nothing(tmp_path, monkeypatch):
    monkeypatch.delenv(ENV_VAR, raising=False)
    monkeypatch.setitem(review_log._defaults, "default_dir", None)
    assert record_review(_result()) is None
    assert list(tmp_path.iterdir()) == []


def test_append_keeps_what_an_auditor_asks_for(log_path):
    record_id = record_review(_result(), entry=review_log.ENTRY_DOCK, reviewer="张三")
    log = ReviewLog(log_path)
    record = log.get(record_id)
    assert record.reviewer == "张三"
    assert record.entry == "dock"
    assert record.submission_sha256 == "a" * 64
    assert record.plan_sha256 == FIXTURE["plan"]["sha256"]
    assert record.land_use == "0701"
    assert record.verdict == "fail"
    assert record.checks == {c["id"]: c["status"] for c in FIXTURE["checks"]}
    assert record.time.endswith("+00:00")
    assert log.result(record_id)["submission"]["name"] == "项目A"


def test_filters_and_order(log_path):
    log = ReviewLog(log_path)
    first = log.append(_result("衡阳A", verdict="fail"), reviewer="甲", time="2026-11-01T08:00:00+00:00")
    second = log.append(
        _result("衡阳B", verdict="pass"),
        reviewer="乙",
        time="2026-11-02T08:00:00+00:00",
        entry=review_log.ENTRY_BATCH,
    )
    third = log.append(
        _result("其他C", verdict="review", land_use="1001"), reviewer="甲", time="2026-11-03T08:00:00+00:00"
    )
    assert [r.id for r in log.records()] == [third, second, first]
    assert [r.id for r in log.records(text="衡阳")] == [second, first]
    assert [r.id for r in log.records(text="1001")] == [third]
    assert [r.id for r in log.records(verdict="pass")] == [second]
    assert [r.id for r in log.records(entry="batch")] == [second]
    assert [r.id for r in log.records(since="2026-11-02", until="2026-11-02")] == [second]
    assert [r.id for r in log.records(text="甲", until="2026-11-01")] == [first]
    assert log.count() == 3


def test_previous_version_of_a_case(log_path):
    log = ReviewLog(log_path)
    v1 = log.append(_result("项目A", sha="1" * 64), time="2026-11-01T08:00:00+00:00")
    log.append(_result("项目B", sha="9" * 64), time="2026-11-01T09:00:00+00:00")
    again = log.append(_result("项目A", sha="1" * 64), time="2026-11-02T08:00:00+00:00")  # same file again
    v2 = log.append(_result("项目A", sha="2" * 64), time="2026-11-03T08:00:00+00:00")
    assert log.previous_version(log.get(v2)).id == again
    assert log.previous_version(log.get(again)) is None  # same file: not a previous version
    assert log.previous_version(log.get(v1)) is None


def test_a_record_keeps_entry_reviewer_and_report_folder(log_path):
    first = record_review(_result(), entry=review_log.ENTRY_BATCH, report_dir="/tmp/case", reviewer="李四")
    record = ReviewLog(log_path).get(first)
    assert (record.entry, record.report_dir, record.reviewer) == ("batch", "/tmp/case", "李四")
    assert not hasattr(ReviewLog, "update")  # what was found is never rewritten
    assert record_review(_result(), entry=review_log.ENTRY_DOCK) != first
    assert ReviewLog(log_path).count() == 2


def test_a_broken_log_never_fails_the_review(tmp_path, monkeypatch):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    monkeypatch.setenv(ENV_VAR, str(blocker / "log.sqlite"))  # parent is a file
    assert record_review(_result()) is None


def test_log_is_plain_sqlite(log_path):
    record_review(_result())
    with sqlite3.connect(log_path) as connection:
        rows = connection.execute("SELECT submission_name, verdict FROM reviews").fetchall()
    assert rows == [("项目A", "fail")]


def test_api_review_appends_a_record(tmp_path, log_path):
    from hengyang_plan_plugin import api
    from test.batch_cases import make_plan, write_case

    plan = make_plan(tmp_path / "plan.gpkg")
    case = write_case(tmp_path / "case_00.txt", 0)
    result = api.review(case, plan=str(plan))
    records = ReviewLog(log_path).records()
    assert len(records) == 1
    record = records[0]
    assert record.entry == "api"
    assert record.submission_sha256 == result.submission_sha256
    assert record.plan_sha256 == result.to_dict()["plan"]["sha256"] is not None
    assert ReviewLog(log_path).result(record.id)["plan"]["sha256"] == record.plan_sha256
    assert record.verdict == result.verdict == "fail"
    assert record.checks["farmland"] == "conflict"


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
    assert panel.table.item(0, 3).text() == "通过"

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
