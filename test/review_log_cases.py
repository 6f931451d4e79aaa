"""Review results for the review-log tests (test/unit and test/qgis test_review_log.py)."""

from __future__ import annotations

import json
from pathlib import Path

FIXTURE = json.loads(
    (Path(__file__).resolve().parent / "data" / "review_result_fixture.json").read_text(encoding="utf-8")
)


def review_result(name="项目A", sha="a" * 64, verdict="fail", area=100.0, land_use="0701"):
    data = json.loads(json.dumps(FIXTURE))
    data["submission"].update(name=name, sha256=sha, area_m2=area)
    data["verdict"] = verdict
    data["land_use"] = land_use
    return data
