"""规划成果质检 on file plans: the sample passes, each seeded defect is found exactly, where it is, and alone.

Every plan here is a private copy of the sample (test/qa_defects.py seeds one
defect per copy); the copies are checked to be byte-identical after the QA.
"""

from __future__ import annotations

import json

import pytest
from osgeo import ogr

from hengyang_plan_plugin.core.plan.model import PlanSourceError
from hengyang_plan_plugin.core.plan.registry import close_plans
from hengyang_plan_plugin.core.qa import run_plan_qa
from hengyang_plan_plugin.core.qa.outputs import ERRORS_LAYER, write_errors_gpkg, write_json_and_html
from hengyang_plan_plugin.core.qa.rules import ERROR, RULES, WARNING
from hengyang_plan_plugin.core.qa.topology import JOBS
from test.qa_cases import assert_exactly_the_defect, private_sample, run, sha256
from test.qa_defects import BUILDERS


@pytest.fixture(scope="module")
def sample_copy(tmp_path_factory, sample_plan_path):
    return private_sample(tmp_path_factory.mktemp("qa_sample"), sample_plan_path)


@pytest.fixture(scope="module")
def baseline(sample_copy):
    report = run(sample_copy)
    close_plans()
    return report


def test_the_sample_plan_has_no_errors(baseline):
    assert baseline.error_count == 0, [f.message for f in baseline.findings if f.severity == ERROR][:5]
    assert baseline.crs == "EPSG:4526" and not baseline.notes
    assert baseline.checked_layers["YJJBNT"] > 1000 and baseline.checked_layers["GHZB"] > 0
    # Every topology job ran (no note) and the figures match the plan's published ones.
    figures = {(row["indicator"], row["scope"]): row for row in baseline.figures}
    assert figures[("永久基本农田保护面积", "市域")]["value"] == pytest.approx(476.06, abs=0.01)
    assert figures[("城镇开发边界面积", "市辖区")]["difference_ghzb"] == pytest.approx(0.0, abs=0.01)
    assert len(figures) == 6 and len(JOBS) == 14


def test_rules_are_complete():
    ids = [rule.id for rule in RULES]
    assert len(ids) == len(set(ids))
    assert all(rule.severity in (ERROR, WARNING) and rule.basis and rule.title for rule in RULES)
    assert {job.rule_id for job in JOBS} <= set(ids)


@pytest.mark.parametrize("builder", BUILDERS, ids=[b.__name__ for b in BUILDERS])
def test_a_seeded_defect_is_found_exactly_and_alone(builder, sample_copy, baseline, tmp_path):
    plan, defect = builder(tmp_path, sample_copy)
    before = sha256(plan)
    report = run(plan)
    close_plans()
    assert sha256(plan) == before  # the input is never written to
    assert_exactly_the_defect(report, baseline, defect)


def test_outputs_agree_and_locate_the_finding(sample_copy, baseline, tmp_path):
    from test.qa_defects import gap_between_zones

    plan, defect = gap_between_zones(tmp_path, sample_copy)
    report = run(plan)
    json_path, html_path, html = write_json_and_html(report, tmp_path / "out")
    errors = write_errors_gpkg(report, tmp_path / "out" / "qa_errors.gpkg")
    data = json.loads(json_path.read_text(encoding="utf-8"))
    assert data["schema"] == "hengyang-plan-qa/1"
    assert data["summary"]["errors"] == 1 and data["summary"]["warnings"] == baseline.warning_count
    gap = next(f for f in data["findings"] if f["rule"] == "zoning_gap")
    assert gap["area_m2"] == pytest.approx(50.0, abs=0.05)
    assert gap["message"] in html_path.read_text(encoding="utf-8") and "规划成果质检报告" in html
    dataset = ogr.Open(str(errors))
    layer = dataset.GetLayerByName(ERRORS_LAYER)
    rows = [(f.GetField("GZ"), f.GetField("JB"), f.GetGeometryRef().GetArea()) for f in layer]
    assert len(rows) == len([f for f in report.findings if f.geometry is not None])
    assert [r for r in rows if r[0] == "zoning_gap"] == [("zoning_gap", "错误", pytest.approx(50.0, abs=0.05))]
    assert layer.GetSpatialRef().GetAuthorityCode(None) == "4526"


def test_an_unusable_plan_is_refused(tmp_path):
    with pytest.raises(PlanSourceError, match="不存在"):
        run_plan_qa(str(tmp_path / "nope.gpkg"))
    empty = tmp_path / "empty"
    empty.mkdir()
    with pytest.raises(PlanSourceError, match="没有找到任何规划图层"):
        run_plan_qa(str(empty))


def test_a_missing_layer_is_an_error_and_its_checks_are_noted(sample_copy, tmp_path):
    from test.qa_defects import _copy

    plan = _copy(tmp_path, "no_xzq", sample_copy)
    dataset = ogr.Open(str(plan), 1)
    dataset.DeleteLayer("XZQ")
    dataset = None
    report = run(plan)
    close_plans()
    missing = [f for f in report.findings if f.rule_id == "layer_missing"]
    assert [f.layer for f in missing] == ["XZQ"]
    assert any("XZQ" in note for note in report.notes)


def test_figures_are_the_plan_indicators_figures(sample_copy, baseline):
    """The 规划指标 panel measures the same rows with its own city-wide unions: one figure on every surface."""
    from hengyang_plan_plugin.core.indicators import compute_indicators

    indicators = compute_indicators(str(sample_copy), counties=False)
    close_plans()
    measured = {(row.layer, row.scope, row.unit): row.value for row in indicators.rows if row.value is not None}
    compared = 0
    for figure in baseline.figures:
        key = (figure["layer"], figure["scope"], figure["unit"])
        if key in measured:
            assert figure["value"] == measured[key], key
            assert figure["ghzb_target"] is not None
            compared += 1
    assert compared == 6


def test_the_review_report_footer_says_when_the_plan_was_checked(sample_copy, tmp_path, monkeypatch):
    from hengyang_plan_plugin import api
    from hengyang_plan_plugin.core.report.report_content import reproducibility_rows
    from hengyang_plan_plugin.core.report.reproducibility import reproducibility_from_result
    from hengyang_plan_plugin.paths import SAMPLES_DIR

    monkeypatch.setenv("HENGYANG_REVIEW_LOG", str(tmp_path / "log" / "review_log.sqlite"))
    plan = tmp_path / "plan.gpkg"
    plan.write_bytes(sample_copy.read_bytes())
    result = api.review(str(SAMPLES_DIR / "sample_submission.txt"), plan=str(plan)).to_dict()
    rows = dict(reproducibility_rows(reproducibility_from_result(result)))
    assert rows["规划成果质检"] == "本次审查所用的规划数据（此版本，按 SHA-256 识别）未做过规划成果质检"
    report = run(plan)
    close_plans()
    rows = dict(reproducibility_rows(reproducibility_from_result(result)))
    assert rows["规划成果质检"].startswith("此版本规划数据最近一次质检于 ")
    assert rows["规划成果质检"].endswith(f"，发现 0 个错误、{report.warning_count} 个警告")
    assert "北京时间" in rows["规划成果质检"]
