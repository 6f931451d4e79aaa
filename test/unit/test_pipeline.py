"""The one review pipeline (core/pipeline.py): cancellation, the plan hash, one log record per review."""

from __future__ import annotations

import dataclasses
import hashlib
import os
import shutil
import threading

import pytest

from hengyang_plan_plugin.core import checks as checks_module
from hengyang_plan_plugin.core import plan_hash, review_log
from hengyang_plan_plugin.core.feedback import Feedback, ReviewCancelled, StepFeedback
from hengyang_plan_plugin.core.pipeline import ENTRY_DOCK, ReviewRequest, run_review
from hengyang_plan_plugin.core.plan.registry import open_plan
from hengyang_plan_plugin.core.report.case_info import CaseInfo
from hengyang_plan_plugin.core.settings import ReviewSettings
from test.review_fixtures import rect, release_plans, submission, write_plan

FARM = {"BSM": "F1", "YSDM": "2090010100", "XZQDM": "430405", "MJ": 1.0}
PLAN_FEATURES = {
    "YJJBNT": [(rect(0, -100, 200, 200), FARM)],
    "CZKFBJ": [(rect(-500, -500, 0, 500), {"GHFQMC": "集中建设区"})],
}
HALF_SITE = rect(-50, 0, 50, 100)  # half of it (5000 m²) on YJJBNT


@pytest.fixture(autouse=True)
def _fresh_plans():
    yield
    release_plans()
    plan_hash.forget_plan_hashes()


@pytest.fixture
def plan_path(tmp_path):
    return write_plan(tmp_path / "plan.gpkg", PLAN_FEATURES)


@pytest.fixture
def log_path(tmp_path, monkeypatch):
    path = tmp_path / "log.sqlite"
    monkeypatch.setenv(review_log.ENV_VAR, str(path))
    return path


def _records(log_path):
    return review_log.ReviewLog(log_path).records() if log_path.exists() else []


def test_a_finished_review_writes_one_record_with_what_the_request_said(plan_path, log_path, tmp_path):
    request = ReviewRequest(
        submission(HALF_SITE, land_use="0701"),
        plan=plan_path,
        entry=ENTRY_DOCK,
        case=CaseInfo(reviewer="张三"),
        report_dir=tmp_path / "reports",
    )
    run = run_review(request)
    assert run.verdict == "fail" and run.data["verdict"] == "fail"
    assert run.data["plan"]["sha256"] == hashlib.sha256(plan_path.read_bytes()).hexdigest()
    [record] = _records(log_path)
    assert record.id == run.log_id
    assert (record.entry, record.reviewer, record.report_dir) == ("dock", "张三", str(tmp_path / "reports"))
    assert record.plan_sha256 == run.plan_sha256
    assert review_log.ReviewLog(log_path).result(record.id)["checks"] == run.data["checks"]


def test_feedback_cancelled_before_the_run_reviews_and_logs_nothing(plan_path, log_path, tmp_path):
    feedback = Feedback()
    feedback.cancel()
    missing = tmp_path / "not-even-read.txt"  # reading it would fail: the run must stop first
    with pytest.raises(ReviewCancelled):
        run_review(ReviewRequest(missing, plan=plan_path), feedback)
    assert _records(log_path) == []


def test_feedback_cancelled_inside_a_check_stops_before_the_next_one(plan_path, log_path, monkeypatch):
    feedback = Feedback()
    ran = []
    specs = list(checks_module.CHECKS)
    farmland = next(index for index, spec in enumerate(specs) if spec.id == "farmland")

    def watched(spec, cancel):
        def run(ctx, site):
            ran.append(spec.id)
            outcome = spec.run(ctx, site)
            if cancel:
                feedback.cancel()  # the user presses Cancel while this check works
            return outcome

        return dataclasses.replace(spec, run=run)

    patched = [watched(spec, index == farmland) for index, spec in enumerate(specs)]
    monkeypatch.setattr("hengyang_plan_plugin.core.review.CHECKS", patched)
    with pytest.raises(ReviewCancelled):
        run_review(ReviewRequest(submission(HALF_SITE, land_use="0701"), plan=plan_path), feedback)
    assert set(ran) == {spec.id for spec in specs[: farmland + 1]}
    assert _records(log_path) == []
    # the plan handle is still good for the next review
    assert run_review(ReviewRequest(submission(HALF_SITE, land_use="0701"), plan=plan_path)).verdict == "fail"


def test_the_plan_is_hashed_once_per_version_and_never_on_the_calling_thread(plan_path, log_path, monkeypatch):
    backend = type(open_plan(plan_path))
    original = backend.sha256
    calls = []

    def counting_sha256(self):
        if self._sha256 is None:  # only count real hashing, not the memoised answer
            calls.append(threading.current_thread())
        return original(self)

    monkeypatch.setattr(backend, "sha256", counting_sha256)
    for _ in range(3):
        run_review(ReviewRequest(submission(HALF_SITE), plan=plan_path))
    assert len(calls) == 1

    # A new version of the file (same path): hashed once more, and the log says which version was reviewed.
    copy = plan_path.with_name("copy.gpkg")
    shutil.copyfile(plan_path, copy)
    write_plan(copy, {**PLAN_FEATURES, "YJJBNT": []})
    os.replace(copy, plan_path)
    new_run = run_review(ReviewRequest(submission(HALF_SITE), plan=plan_path))
    run_review(ReviewRequest(submission(HALF_SITE), plan=plan_path))
    assert len(calls) == 2
    assert all(thread is not threading.main_thread() for thread in calls)
    assert all(thread.name.startswith(plan_hash.THREAD_PREFIX) for thread in calls)
    assert new_run.plan_sha256 == hashlib.sha256(plan_path.read_bytes()).hexdigest()
    assert new_run.data["checks"][1]["status"] == "pass"  # the new version has no farmland
    assert len({record.plan_sha256 for record in _records(log_path)}) == 2


def test_settings_of_the_request_reach_the_checks(plan_path, log_path):
    # 5000 m² on farmland is a conflict by default; as a "sliver" below 6000 m² it is only a warning.
    lenient = ReviewSettings(sliver_area_m2=6000.0)
    default = run_review(ReviewRequest(submission(HALF_SITE, land_use="0701"), plan=plan_path))
    widened = run_review(ReviewRequest(submission(HALF_SITE, land_use="0701"), plan=plan_path, settings=lenient))
    assert default.result.check("farmland").status == "conflict"
    assert widened.result.check("farmland").status == "warning"
    assert widened.data["tolerances"]["sliver_area_m2"] == 6000.0


def test_step_feedback_maps_a_case_into_the_batch_progress():
    parent = Feedback()
    step = StepFeedback(parent, 50.0, 25.0)
    step.setProgress(100.0)
    assert parent.progress == 75.0
    parent.cancel()
    assert step.isCanceled()
