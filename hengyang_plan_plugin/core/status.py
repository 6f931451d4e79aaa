"""The status and verdict values of a review (contract ``hengyang-plan-review/1``).

Kept apart from core/result.py so the wording and colours of these values
(core/report/presentation.py) can import them without importing the results.
"""

from __future__ import annotations

PASS = "pass"
CONFLICT = "conflict"
WARNING = "warning"
NOT_RUN = "not_run"
STATUSES = (PASS, CONFLICT, WARNING, NOT_RUN)

VERDICT_PASS = "pass"
VERDICT_FAIL = "fail"
VERDICT_REVIEW = "review"
VERDICTS = (VERDICT_PASS, VERDICT_FAIL, VERDICT_REVIEW)
