"""What the 规划成果质检 tests share: a private copy of the sample, comparable finding keys, the defect check."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import shapely

from hengyang_plan_plugin.core.qa import QaReport, run_plan_qa
from hengyang_plan_plugin.core.qa.rules import ERROR
from test.qa_defects import Defect

AREA_TOLERANCE_M2 = 0.05


def private_sample(folder: Path, sample: Path) -> Path:
    """The sample as it is now: another engineer may regenerate the bundled one while tests run."""
    target = folder / "sample.gpkg"
    shutil.copyfile(sample, target)
    return target


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def finding_keys(report: QaReport) -> set[tuple]:
    return {(f.rule_id, f.layer, f.fids, f.message) for f in report.findings}


def new_findings(report: QaReport, baseline: QaReport) -> tuple[list, set]:
    """Findings the defect added, and baseline findings it made disappear."""
    base = finding_keys(baseline)
    added = [f for f in report.findings if (f.rule_id, f.layer, f.fids, f.message) not in base]
    return added, base - finding_keys(report)


def assert_exactly_the_defect(report: QaReport, baseline: QaReport, defect: Defect) -> None:
    added, gone = new_findings(report, baseline)
    assert not gone, gone
    assert len(added) == 1, [(f.rule_id, f.message) for f in added]
    finding = added[0]
    assert (finding.rule_id, finding.layer) == (defect.rule, defect.layer), finding.message
    assert finding.severity == defect.severity, finding.message
    if defect.fids is not None:
        assert finding.fids == defect.fids, finding.message
    if defect.where is not None:
        assert defect.where.contains(shapely.Point(finding.location())), (finding.location(), finding.message)
    if defect.area_m2 is not None:
        assert abs(finding.area_m2 - defect.area_m2) < AREA_TOLERANCE_M2, finding.message
    assert defect.message_has in finding.message
    assert report.error_count == baseline.error_count + (defect.severity == ERROR)


def run(plan) -> QaReport:
    return run_plan_qa(str(plan))
