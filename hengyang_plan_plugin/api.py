"""Python API: ``review(submission, plan=None, land_use=None, settings=None)``.

The same engine the dock, Processing and ``make review`` use. Apart from the
review log record (留痕, when a log is configured) nothing is written: the caller
decides what to do with the result (``to_dict()`` is the contract's review.json).
Plans are opened once and reused across calls.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from pathlib import Path

from .core.plan_location import PlanLocation, PlanSourceError
from .core.plan_source import PlanSource, open_plan
from .core.result import ReviewResult
from .core.review import ReviewInputError, review_submission
from .core.review_log import record_review
from .core.settings import ReviewSettings
from .core.submission_io import read_submission
from .core.submission_model import Submission, SubmissionError

__all__ = [
    "PlanSourceError",
    "ReviewInputError",
    "ReviewResult",
    "ReviewSettings",
    "SubmissionError",
    "open_plan",
    "read",
    "review",
    "write_json",
]


def read(path: str | os.PathLike, layer: str | None = None, crs: str | None = None) -> Submission:
    """A submission file (界址点 TXT or any OGR vector source) as a Submission."""
    return read_submission(str(path), layer=layer, crs=crs)


def review(
    submission: Submission | str | os.PathLike,
    plan: str | os.PathLike | PlanLocation | PlanSource | None = None,
    land_use: str | None = None,
    settings: ReviewSettings | None = None,
    progress: Callable[[float], None] | None = None,
) -> ReviewResult:
    """Review a submission (path or Submission) against a plan (empty: the bundled sample).

    Raises SubmissionError (incl. ReviewInputError) for unusable input and
    PlanSourceError for an unusable plan; never writes to either.
    ``progress(percent)`` follows the checks and may raise to cancel.
    """
    if not isinstance(submission, Submission):
        submission = read(submission)
    result = review_submission(
        submission, open_plan(plan), land_use=land_use, settings=settings, progress=progress
    )
    # Review log (留痕): every review, from any entry point, appends one record
    # (core/review_log.py); the dock, Processing and batch then mark the entry
    # and report folder with review_log.ensure_logged.
    record_review(result)
    return result


def write_json(result: ReviewResult, path: str | os.PathLike) -> Path:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(result.to_dict(), ensure_ascii=False, indent=2), encoding="utf-8")
    return path
