"""Batch review (core driver, real engine): 50 generated cases, broken ones, cancel, summary.csv."""

from __future__ import annotations

import csv
import json

import pytest

from hengyang_plan_plugin.core import review_log
from hengyang_plan_plugin.core.batch import (
    COL_AREA_M2,
    COL_CASE,
    COL_ERROR,
    COL_STATE,
    COL_VERDICT_CODE,
    ROW_ERROR,
    ROW_OK,
    SUMMARY_NAME,
    BatchError,
    conflict_column,
    csv_cell,
    list_cases,
    read_summary,
    run_batch,
)
from hengyang_plan_plugin.core.feedback import Feedback
from hengyang_plan_plugin.core.plan.registry import close_plans
from test.batch_cases import (
    FARMLAND_OVERLAP_M2,
    SITE_AREA_M2,
    close_plans_after_module,  # noqa: F401 (autouse fixture)
    make_cases,
    make_plan,
    write_case,
)

FARMLAND = conflict_column("farmland")


@pytest.fixture
def plan(tmp_path):
    close_plans()
    return str(make_plan(tmp_path / "plan.gpkg"))


def test_fifty_cases_three_broken(tmp_path, plan):
    expected = make_cases(tmp_path / "in", 50, broken=(7, 23, 41))
    progress = []
    summary = run_batch(
        list_cases(tmp_path / "in"),
        tmp_path / "out",
        plan=plan,
        progress=lambda done, total, name: progress.append((done, total, name)),
    )
    assert (summary.ok_count, summary.error_count, summary.cancelled) == (47, 3, False)
    assert progress == [(i + 1, 50, f"case_{i:02d}") for i in range(50)]

    raw = (tmp_path / "out" / SUMMARY_NAME).read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # BOM: Excel reads it as UTF-8
    rows = read_summary(tmp_path / "out" / SUMMARY_NAME)
    assert len(rows) == 50
    assert sum(r[COL_STATE] == ROW_OK for r in rows) == 47
    errors = [r for r in rows if r[COL_STATE] == ROW_ERROR]
    assert [r[COL_CASE] for r in errors] == ["case_07", "case_23", "case_41"]
    assert all(r[COL_ERROR] for r in errors)
    assert "属性描述" in errors[0][COL_ERROR]  # the reader's own message, naming the problem
    for row in rows:
        kind = expected[row[COL_CASE]]
        if kind == "broken":
            assert not (tmp_path / "out" / row[COL_CASE] / "review.json").exists()
            continue
        assert float(row[COL_AREA_M2]) == SITE_AREA_M2
        result = json.loads((tmp_path / "out" / row[COL_CASE] / "review.json").read_text(encoding="utf-8"))
        assert result["verdict"] == row[COL_VERDICT_CODE]
        if kind == "conflict":
            assert row[COL_VERDICT_CODE] == "fail"
            assert float(row[FARMLAND]) == FARMLAND_OVERLAP_M2
        else:
            assert row[FARMLAND] == ""


def test_cancel_keeps_finished_cases(tmp_path, plan):
    make_cases(tmp_path / "in", 10, broken=())
    done, feedback = [], Feedback()
    summary = run_batch(
        list_cases(tmp_path / "in"),
        tmp_path / "out",
        plan=plan,
        progress=lambda n, total, name: done.append(n) or (n >= 4 and feedback.cancel()),
        feedback=feedback,
    )
    assert summary.cancelled and summary.total == 10
    rows = read_summary(tmp_path / "out" / SUMMARY_NAME)
    assert [r[COL_CASE] for r in rows] == ["case_00", "case_01", "case_02", "case_03"]
    assert sorted(p.name for p in (tmp_path / "out").iterdir() if p.is_dir()) == [r[COL_CASE] for r in rows]
    assert all((tmp_path / "out" / r[COL_CASE] / "review.json").is_file() for r in rows)


def test_case_folders_lists_and_names(tmp_path):
    folder = tmp_path / "in"
    (folder / "案件甲").mkdir(parents=True)
    write_case(folder / "案件甲" / "红线.txt", 0)
    (folder / "案件乙").mkdir()
    write_case(folder / "案件乙" / "a.txt", 0)
    write_case(folder / "案件乙" / "b.txt", 1)
    (folder / "空").mkdir()
    write_case(folder / "单独.txt", 1)
    (folder / "单独.geojson").write_text("{}", encoding="utf-8")
    (folder / "说明.docx").write_text("x", encoding="utf-8")
    (folder / "earlier_run" / "case_00").mkdir(parents=True)
    (folder / "earlier_run" / "summary.csv").write_text("", encoding="utf-8")
    (folder / "earlier_case").mkdir()
    (folder / "earlier_case" / "review.json").write_text("{}", encoding="utf-8")
    cases = list_cases(folder, out_dir=tmp_path / "out")
    assert [(c.name, c.path.name if c.path else None) for c in cases] == [
        ("单独", "单独.geojson"),
        ("单独_txt", "单独.txt"),
        ("earlier_case", None),
        ("earlier_run", None),
        ("案件乙", None),
        ("案件甲", "红线.txt"),
        ("空", None),
    ]
    assert all("以前审查的输出文件夹" in c.problem for c in cases[2:4])
    assert "多个送审文件" in cases[4].problem and "没有送审文件" in cases[6].problem
    listed = list_cases([folder / "单独.txt", folder / "案件甲", folder / "missing.txt"])
    assert [c.name for c in listed] == ["单独", "案件甲", "missing"]
    assert listed[2].problem.startswith("文件不存在")
    with pytest.raises(BatchError):
        list_cases(tmp_path / "in" / "空")
    with pytest.raises(BatchError, match="不存在"):
        list_cases(tmp_path / "nowhere")


def test_every_candidate_gets_a_row(tmp_path, plan):
    """Hidden folders, folders holding old outputs and stray output files: reviewed or an error row."""
    folder = tmp_path / "in"
    (folder / ".hidden").mkdir(parents=True)
    write_case(folder / ".hidden" / "a.txt", 0)
    (folder / "with_old_report").mkdir()
    write_case(folder / "with_old_report" / "red.txt", 1)
    (folder / "with_old_report" / "review.json").write_text("{}", encoding="utf-8")
    (folder / "old_batch").mkdir()
    (folder / "old_batch" / SUMMARY_NAME).write_text("", encoding="utf-8")
    (folder / "review.json").write_text("{}", encoding="utf-8")
    summary = run_batch(list_cases(folder), tmp_path / "out", plan=plan)
    rows = read_summary(summary.summary_path)
    assert [(r[COL_CASE], r[COL_STATE]) for r in rows] == [
        ("review", ROW_ERROR),
        ("hidden", ROW_OK),
        ("old_batch", ROW_ERROR),
        ("with_old_report", ROW_OK),
    ]
    assert "审查输出文件" in rows[0][COL_ERROR] and "以前审查的输出文件夹" in rows[2][COL_ERROR]


def test_an_output_folder_in_the_input_is_refused(tmp_path, plan):
    folder = tmp_path / "in"
    make_cases(folder, 2, broken=())
    for out in (folder, folder / "out", folder / "out" / "deeper"):
        with pytest.raises(BatchError, match="输出文件夹不能是送审文件夹或其中的子文件夹"):
            list_cases(folder, out_dir=out)
    with pytest.raises(BatchError, match="送审文件在输出文件夹"):  # the core API without out_dir
        run_batch(list_cases(folder), folder, plan=plan)
    assert not (folder / SUMMARY_NAME).exists()
    assert len(list_cases(folder, out_dir=tmp_path / "in_out")) == 2  # a sibling is fine


def test_an_earlier_summary_is_never_overwritten(tmp_path, plan):
    make_cases(tmp_path / "in", 2, broken=())
    first = run_batch(list_cases(tmp_path / "in"), tmp_path / "out", plan=plan)
    kept = first.summary_path.read_bytes()
    with pytest.raises(BatchError, match="已有上次批量审查的汇总表"):
        run_batch(list_cases(tmp_path / "in"), tmp_path / "out", plan=plan)
    assert first.summary_path.read_bytes() == kept


def test_formula_like_case_names_are_neutralised(tmp_path, plan):
    folder = tmp_path / "in"
    folder.mkdir()
    stems = ["+SUM(1)", "-1+1", "-1", "=HYPERLINK(A1)", "@cmd"]
    for index, stem in enumerate(stems):
        write_case(folder / f"{stem}.txt", 2 * index)
    summary = run_batch(list_cases(folder), tmp_path / "out", plan=plan)
    with summary.summary_path.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    cases = {row[COL_CASE]: row for row in rows}
    assert set(cases) == {"'+SUM(1)", "'-1+1", "-1", "'=HYPERLINK(A1)", "'@cmd"}  # -1 is a number
    assert all(row[COL_STATE] == ROW_OK and row[COL_AREA_M2] == "10000.00" for row in rows)
    assert all(row[FARMLAND] in ("", "5000.00") for row in rows)


def test_csv_cell():
    assert [csv_cell(v) for v in ("=1+1", "+1", "@a", "\tx", "\rx", "-x", "-3.5", "12", "", "a=b")] == [
        "'=1+1", "'+1", "'@a", "'\tx", "'\rx", "'-x", "-3.5", "12", "", "a=b",
    ]
    assert csv_cell(3.0) == 3.0 and csv_cell(None) is None


def test_listing_problems_become_error_rows(tmp_path, plan):
    folder = tmp_path / "in"
    (folder / "two").mkdir(parents=True)
    write_case(folder / "two" / "a.txt", 0)
    write_case(folder / "two" / "b.txt", 0)
    write_case(folder / "good.txt", 0)
    summary = run_batch(list_cases(folder), tmp_path / "out", plan=plan)
    assert [(o.case.name, o.ok) for o in summary.outcomes] == [("good", True), ("two", False)]


def test_the_log_records_batch_reviews(tmp_path, plan, monkeypatch):
    log_path = tmp_path / "log.sqlite"
    monkeypatch.setenv(review_log.ENV_VAR, str(log_path))
    make_cases(tmp_path / "in", 4, broken=(2,))
    run_batch(
        list_cases(tmp_path / "in"),
        tmp_path / "out",
        plan=plan,
    )
    records = review_log.ReviewLog(log_path).records()
    assert len(records) == 3  # the broken case never reached the engine
    assert {r.entry for r in records} == {"batch"}
    assert {r.report_dir for r in records} == {
        str(tmp_path / "out" / n) for n in ("case_00", "case_01", "case_03")
    }
    assert all(r.submission_sha256 and r.plan_sha256 for r in records)


def test_unusable_plan_stops_before_any_case(tmp_path):
    from hengyang_plan_plugin.core.plan.model import PlanSourceError

    make_cases(tmp_path / "in", 2, broken=())
    with pytest.raises(PlanSourceError):
        run_batch(list_cases(tmp_path / "in"), tmp_path / "out", plan=str(tmp_path / "nope.gpkg"))
