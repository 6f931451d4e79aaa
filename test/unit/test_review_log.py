"""The review log (留痕): records, filters, versions, and that API reviews land in it."""

from __future__ import annotations

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
from test.review_log_cases import FIXTURE
from test.review_log_cases import review_result as _result


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


def test_case_name_and_document_number_are_logged_and_searchable(log_path):
    log = ReviewLog(log_path)
    first = log.append(_result("sample_submission", sha="1" * 64), project_name="雁城滨江综合体",
                       document_number="衡规审〔2025〕18号")
    log.append(_result("sample_submission", sha="2" * 64))
    record = log.get(first)
    assert (record.project_name, record.document_number) == ("雁城滨江综合体", "衡规审〔2025〕18号")
    assert [r.id for r in log.records(text="滨江综合体")] == [first]
    assert [r.id for r in log.records(text="〔2025〕18号")] == [first]


def test_report_dir_is_filled_once_after_the_export(log_path, tmp_path):
    log = ReviewLog(log_path)
    record_id = log.append(_result("案", sha="1" * 64))
    assert log.get(record_id).report_dir is None
    assert log.set_report_dir(record_id, tmp_path / "report")
    assert log.get(record_id).report_dir == str(tmp_path / "report")
    assert not log.set_report_dir(record_id, tmp_path / "elsewhere")  # a record is not rewritten
    assert log.get(record_id).report_dir == str(tmp_path / "report")


def test_a_log_from_before_the_case_columns_gains_them(tmp_path):
    path = tmp_path / "old.sqlite"
    with sqlite3.connect(path) as connection:  # the first release's table, one record in it
        connection.executescript(
            "CREATE TABLE reviews (id INTEGER PRIMARY KEY AUTOINCREMENT, time TEXT NOT NULL,"
            " reviewer TEXT NOT NULL DEFAULT '', entry TEXT NOT NULL DEFAULT '',"
            " submission_name TEXT NOT NULL DEFAULT '', submission_source TEXT NOT NULL DEFAULT '',"
            " submission_sha256 TEXT, plan_source TEXT NOT NULL DEFAULT '', plan_sha256 TEXT, land_use TEXT,"
            " verdict TEXT NOT NULL, site_area_m2 REAL, checks_json TEXT NOT NULL, report_dir TEXT,"
            " result_json TEXT);"
            "INSERT INTO reviews (time, verdict, checks_json, submission_name)"
            " VALUES ('2025-01-01T00:00:00+00:00', 'pass', '{}', '旧案');"
        )
    connection.close()
    log = ReviewLog(path)
    old = log.records()[0]
    assert old.submission_name == "旧案" and old.project_name == ""
    new = log.append(_result("新案", sha="3" * 64), project_name="新项目")
    assert log.get(new).project_name == "新项目"
