"""What a review request gets when the user did not say: decided here once for every entry point.

The dock, ``hengyangplan:review``, ``hengyangplan:batchreview`` and so
``make review`` all build their request with ``review_request``: the plan
configured in the options (empty there: the bundled sample), the review
tolerances from the options, the reviewer, the 审查单位 and the 制图单位.
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
    reviewing_unit: str = ""
    mapping_unit: str = ""


def request_defaults() -> RequestDefaults:
    preferences = Preferences.load()
    return RequestDefaults(
        plan=preferences.plan_source.strip() or None,
        settings=preferences.review_settings(),
        reviewer=preferences.reviewer.strip(),
        reviewing_unit=preferences.reviewing_unit.strip(),
        mapping_unit=preferences.mapping_unit.strip(),
    )


def complete_case(case: CaseInfo | None, defaults: RequestDefaults | None = None) -> CaseInfo:
    """``case`` with what it leaves empty (审查人, 审查单位, 制图单位) taken from the options."""
    defaults = defaults or request_defaults()
    case = case or CaseInfo()
    filled = {
        name: value
        for name, value in (
            ("reviewer", defaults.reviewer),
            ("reviewing_unit", defaults.reviewing_unit),
            ("mapping_unit", defaults.mapping_unit),
        )
        if value and not str(getattr(case, name)).strip()
    }
    return CaseInfo(**{**case.__dict__, **filled}) if filled else case


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
    case = complete_case(case, defaults)
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
