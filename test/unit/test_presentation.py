"""One presentation vocabulary: the report, the diff and the check messages word things alike.

Real reviews on hand-made plans, rendered by the real report and diff code;
the expected texts come from core/report/presentation.py, the one place that
words statuses, plan features and areas.
"""

from __future__ import annotations

import json

import pytest

from hengyang_plan_plugin.core import review_diff
from hengyang_plan_plugin.core.plan.registry import open_plan
from hengyang_plan_plugin.core.report import CaseInfo, render_review_html
from hengyang_plan_plugin.core.report.presentation import (
    area_in_unit,
    area_text,
    chinese_ordinal,
    feature_name,
    status_colour,
    status_label,
    verdict_colour,
    verdict_label,
)
from hengyang_plan_plugin.core.review import review_submission
from test.review_fixtures import rect, release_plans, submission, write_plan

# A 永久基本农田 patch as real plan data has it: its 标识码 and the county it lies in.
COUNTY_FARMLAND = {
    "BSM": "4304050000123",
    "YSDM": "2090010100",
    "XZQDM": "430405",
    "MJ": 1.0,
    "XZQMC": "珠晖区",
}
HALF_SITE = rect(-50, 0, 50, 100)  # a 100 m square, half of it (5000 m²) on the patch


@pytest.fixture(autouse=True)
def _release_plans():
    yield
    release_plans()


def _review(tmp_path, features, name="plan.gpkg"):
    plan = open_plan(write_plan(tmp_path / name, features))
    return review_submission(submission(HALF_SITE, land_use="0701"), plan).to_dict()


def _check(result: dict, check_id: str) -> dict:
    return next(check for check in result["checks"] if check["id"] == check_id)


# --- the formats ------------------------------------------------------------------


def test_area_text_gives_m2_hectares_and_mu_in_one_format():
    assert area_text(12_345.6) == "12,345.60 m²（1.2346 公顷，18.52 亩）"
    assert area_text(10_000 / 15) == "666.67 m²（0.0667 公顷，1.00 亩）"
    assert area_text(-2_000.0, signed=True) == "-2,000.00 m²（-0.2000 公顷，-3.00 亩）"
    assert area_text(None) == "—"
    assert [area_in_unit(5_000.0, unit) for unit in ("m2", "ha", "mu")] == [
        "5,000.00 m²",
        "0.5000 公顷",
        "7.50 亩",
    ]
    assert area_in_unit(20.0, signed=True) == "+20.00 m²"


def test_a_plan_feature_is_named_by_its_name_then_its_county_then_its_code():
    assert feature_name({"MC": "湘江", "XZQMC": "珠晖区", "BSM": "1"}) == "湘江"
    assert feature_name({"GHFQMC": "城镇发展区", "XZQMC": "珠晖区"}) == "城镇发展区"
    assert feature_name({"XZQDM": "430405", "XZQMC": "珠晖区", "BSM": "4304050000123"}) == "珠晖区"
    assert feature_name({"BSM": "4304050000123", "XZQDM": "430405"}) == "4304050000123"


def test_labels_and_colours_cover_every_contract_value():
    assert [verdict_label(v) for v in ("pass", "fail", "review")] == ["通过", "不通过", "需人工复核"]
    assert [status_label(s) for s in ("pass", "conflict", "warning", "not_run")] == [
        "通过",
        "冲突",
        "需人工复核",
        "未执行",
    ]
    assert status_label(None) == "—"
    assert verdict_colour("fail") == status_colour("conflict")
    assert verdict_colour("review") == status_colour("warning")
    assert chinese_ordinal(13) == "十三"


# --- real outputs -----------------------------------------------------------------


def test_report_and_review_json_word_a_county_feature_and_its_area_alike(tmp_path):
    result = _review(tmp_path, {"YJJBNT": [(rect(0, -100, 200, 200), COUNTY_FARMLAND)]})
    farmland = _check(result, "farmland")
    overlap = area_text(farmland["overlap_area_m2"])
    assert overlap == "5,000.00 m²（0.5000 公顷，7.50 亩）"
    assert overlap in farmland["message"]  # the check's own sentence (review.json)

    html = render_review_html(result, CaseInfo(reviewer="张三"))
    assert f"<td>{overlap}</td>" in html  # 重叠面积 row of the check section
    assert farmland["message"] in html
    # The county's name, not its 标识码, names the patch (the dock uses the same rule).
    assert "珠晖区（fid 1）" in html and "4304050000123（fid" not in html
    assert f'<span style="color:{status_colour("conflict")}">{status_label("conflict")}</span>' in html
    assert f'style="color:{verdict_colour("fail")}">审查结论：{verdict_label("fail")}' in html
    assert "平方米" not in html and "平方米" not in json.dumps(result, ensure_ascii=False)


def test_resubmission_diff_words_the_area_change_like_the_report(tmp_path):
    old = _review(tmp_path, {"YJJBNT": [(rect(0, -100, 200, 200), COUNTY_FARMLAND)]}, "old.gpkg")
    new = _review(tmp_path, {}, "new.gpkg")
    diff = review_diff.diff_results(old, new)
    farmland = next(check for check in diff["checks"] if check["id"] == "farmland")
    assert farmland["overlap_area_change_m2"] == pytest.approx(-5000.0)
    assert diff["old"]["verdict_label"] == verdict_label("fail")

    page = review_diff.diff_html(diff)
    assert f"<td>{status_label('conflict')}</td><td>{status_label('pass')}</td>" in page
    assert "<td>5,000.00</td><td>0.00</td><td>-5,000.00</td>" in page
    assert area_text(0.0, signed=True) in page  # the site itself did not change
    assert f"用地面积变化 {area_in_unit(0.0, signed=True)}" in review_diff.summary_text(diff)
