"""What a review request gets when the user did not say: decided here once for every entry point.

The dock, ``hengyangplan:review``, ``hengyangplan:batchreview`` and so
``make review`` all build their request with ``review_request``: the plan
configured in the options (empty there: the bundled sample), the review
tolerances from the options, and the reviewer.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

from ..core.pipeline import ReviewRequest
from ..core.report.case_info import CaseInfo
from ..core.settings import ReviewSettings
from .preferences import Preferences


@dataclass(frozen=True)
class RequestDefaults:
    plan: str | None  # None: the bundled sample plan
    settings: ReviewSettings
    reviewer: str


def request_defaults() -> RequestDefaults:
    preferences = Preferences.load()
    return RequestDefaults(
        plan=preferences.plan_source.strip() or None,
        settings=preferences.review_settings(),
        reviewer=preferences.reviewer.strip(),
    )


def review_request(
    submission,
    *,
    entry: str,
    plan=None,
    land_use: str | None = None,
    case: CaseInfo | None = None,
    report_dir: str | os.PathLike | None = None,
    submission_layer: str | None = None,
    submission_crs: str | None = None,
) -> ReviewRequest:
    """A request whose empty values are the user's defaults (an explicit plan or case wins)."""
    defaults = request_defaults()
    if case is None:
        case = CaseInfo(reviewer=defaults.reviewer)
    elif not case.reviewer.strip() and defaults.reviewer:
        case = CaseInfo(**{**case.__dict__, "reviewer": defaults.reviewer})
    return ReviewRequest(
        submission,
        plan=plan or defaults.plan,
        land_use=land_use or None,
        settings=defaults.settings,
        entry=entry,
        case=case,
        report_dir=report_dir,
        submission_layer=submission_layer,
        submission_crs=submission_crs,
    )
