"""The one review pipeline: the dock, Processing, batch, ``make review`` and the API all call ``run_review``.

A request goes in (submission, plan, land use, settings, entry point, case
fields); a run comes out (the result, the submission as read, review.json,
the review log id and the plan hash). The steps are always the same:

1. read the submission (unless the caller already has one: the dock reads a layer);
2. open the plan through the registry (one handle per plan version) and start
   hashing it on the hash thread (core/plan_hash.py);
3. review (core/review.py), asking the feedback between checks;
4. wait for the plan hash, then write exactly one review log record.

Nothing here knows Qt or QGIS; entry points differ only in where the request's
values come from (qgis_adapters/review_defaults.py for the plugin's settings).
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import Any

from . import review_log
from .feedback import ReviewFeedback, stop_if_cancelled
from .plan.registry import open_plan
from .plan_hash import plan_sha256, start_plan_hash
from .report.case_info import CaseInfo
from .result import ReviewResult
from .review import review_submission
from .settings import DEFAULT_SETTINGS, ReviewSettings
from .submission_io import read_submission
from .submission_model import Submission

ENTRY_API = review_log.ENTRY_API
ENTRY_DOCK = review_log.ENTRY_DOCK
ENTRY_PROCESSING = review_log.ENTRY_PROCESSING
ENTRY_BATCH = review_log.ENTRY_BATCH


@dataclass(frozen=True)
class ReviewRequest:
    """Everything one review depends on, decided by the entry point before the review starts."""

    submission: Submission | str | os.PathLike
    plan: Any = None  # path, ``PG:`` string, PlanLocation or an opened plan; None: the bundled sample
    land_use: str | None = None  # 用地用海 code for every parcel; None: each parcel's own
    settings: ReviewSettings = DEFAULT_SETTINGS
    entry: str = ENTRY_API
    case: CaseInfo = field(default_factory=CaseInfo)
    report_dir: str | os.PathLike | None = None  # where the entry point writes the reports (for 留痕)
    submission_layer: str | None = None  # OGR/CAD layer of a multi-layer submission file
    submission_crs: str | None = None  # CRS for a file without one (DXF)
    log_path: str | os.PathLike | None = None  # None: the configured review log


@dataclass
class ReviewRun:
    request: ReviewRequest
    submission: Submission
    result: ReviewResult
    data: dict[str, Any]  # review.json
    log_id: int | None
    log_error: str | None = None  # why the review has no log record, when it should have one

    @property
    def plan_sha256(self) -> str | None:
        return self.result.plan_sha256

    @property
    def verdict(self) -> str:
        return self.result.verdict


def read_request_submission(request: ReviewRequest) -> Submission:
    if isinstance(request.submission, Submission):
        return request.submission
    return read_submission(str(request.submission), layer=request.submission_layer, crs=request.submission_crs)


def run_review(request: ReviewRequest, feedback: ReviewFeedback | None = None) -> ReviewRun:
    """Review one submission; raises SubmissionError, PlanSourceError or ReviewCancelled.

    A cancelled or failed review writes nothing; a finished one writes one log record.
    """
    stop_if_cancelled(feedback)
    submission = read_request_submission(request)
    plan = open_plan(request.plan)
    start_plan_hash(plan)
    result = review_submission(
        submission, plan, land_use=request.land_use, settings=request.settings, feedback=feedback
    )
    result.plan_sha256 = plan_sha256(plan)
    data = result.to_dict()
    log_errors: list[str] = []
    log_id = review_log.record_review(
        data,
        entry=request.entry,
        reviewer=request.case.reviewer.strip() or None,
        report_dir=request.report_dir,
        path=request.log_path,
        errors=log_errors,
        project_name=request.case.project_name.strip(),
        document_number=request.case.document_number.strip(),
    )
    return ReviewRun(request, submission, result, data, log_id, log_errors[0] if log_errors else None)
