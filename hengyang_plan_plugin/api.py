"""Python API: ``review(submission, plan=None, land_use=None, settings=None)``.

A thin door to the one review pipeline (``core/pipeline.py``) the dock,
Processing and ``make review`` use. Apart from the review log record (留痕, when
a log is configured) nothing is written: the caller decides what to do with
the result (``to_dict()`` is the contract's review.json). Plans are opened once
per file version and reused across calls.
"""

from __future__ import annotations

import os
from pathlib import Path

from .core import output_files
from .core.feedback import Feedback, ReviewCancelled, ReviewFeedback
from .core.pipeline import ReviewRequest, ReviewRun, run_review
from .core.plan.model import PlanBackend, PlanLocation, PlanSourceError
from .core.plan.registry import open_plan
from .core.result import ReviewResult
from .core.review import ReviewInputError
from .core.settings import DEFAULT_SETTINGS, ReviewSettings
from .core.submission_io import read_submission
from .core.submission_model import Submission, SubmissionError

__all__ = [
    "Feedback",
    "PlanSourceError",
    "ReviewCancelled",
    "ReviewInputError",
    "ReviewRequest",
    "ReviewResult",
    "ReviewRun",
    "ReviewSettings",
    "SubmissionError",
    "open_plan",
    "read",
    "review",
    "run_review",
    "write_json",
]


def read(path: str | os.PathLike, layer: str | None = None, crs: str | None = None) -> Submission:
    """A submission file (界址点 TXT or any OGR vector source) as a Submission."""
    return read_submission(str(path), layer=layer, crs=crs)


def review(
    submission: Submission | str | os.PathLike,
    plan: str | os.PathLike | PlanLocation | PlanBackend | None = None,
    land_use: str | None = None,
    settings: ReviewSettings | None = None,
    feedback: ReviewFeedback | None = None,
) -> ReviewResult:
    """Review a submission (path or Submission) against a plan (empty: the bundled sample).

    Raises SubmissionError (incl. ReviewInputError) for unusable input,
    PlanSourceError for an unusable plan and ReviewCancelled when ``feedback``
    (e.g. ``Feedback()``, cancelled from another thread) says stop; never
    writes to the submission or the plan.
    """
    request = ReviewRequest(submission, plan=plan, land_use=land_use, settings=settings or DEFAULT_SETTINGS)
    return run_review(request, feedback).result


def write_json(result: ReviewResult | ReviewRun | dict, path: str | os.PathLike) -> Path:
    """review.json of a result, a run or an already made dict."""
    data = result if isinstance(result, dict) else result.data if isinstance(result, ReviewRun) else result.to_dict()
    return output_files.write_json(path, data)
