"""A TXT parcel's declared (申报) area is judged once: by the geometry check, with the review's tolerances."""

from __future__ import annotations

import json

import pytest

from hengyang_plan_plugin.core.plan.registry import open_plan
from hengyang_plan_plugin.core.report import CaseInfo, render_review_html
from hengyang_plan_plugin.core.report.presentation import area_in_unit, area_text
from hengyang_plan_plugin.core.review import review_submission
from hengyang_plan_plugin.core.settings import ReviewSettings
from hengyang_plan_plugin.core.txt_coordinates import read_txt
from test.conftest import TEST_DATA
from test.review_fixtures import release_plans, write_plan

AREA_MISMATCH = TEST_DATA / "txt" / "valid" / "area_mismatch.txt"  # declares 1.2000 公顷 for a 1 ha square


@pytest.fixture(autouse=True)
def _release_plans():
    yield
    release_plans()


def _review(tmp_path, settings: ReviewSettings | None = None):
    plan = open_plan(write_plan(tmp_path / "plan.gpkg", {}))  # its 行政区 covers the TXT's square
    return review_submission(read_txt(AREA_MISMATCH), plan, land_use="0701", settings=settings)


def _geometry(data: dict) -> dict:
    return next(check for check in data["checks"] if check["id"] == "geometry")


def test_one_mismatch_is_one_finding_in_review_json_and_report(tmp_path):
    data = _review(tmp_path).to_dict()
    geometry = _geometry(data)
    expected = (
        f"申报面积 {area_text(12_000.0)} 与计算面积 {area_text(10_000.0)} "
        f"相差 {area_in_unit(-2_000.0, signed=True)}，超出允许误差 {area_in_unit(10.0)}"
    )
    assert geometry["status"] == "warning"
    assert geometry["details"]["findings"] == [f"地块 W3：{expected}"]
    assert geometry["message"].count("申报面积") == 1
    assert geometry["parcels"][0]["message"].count("申报面积") == 1
    assert data["warnings"] == []  # not repeated as a reader warning

    text = json.dumps(data, ensure_ascii=False)
    assert "按坐标计算为" not in text  # the reader's former wording is gone
    html = render_review_html(data, CaseInfo())
    # The concise report quotes the geometry message once (its section) and nothing else about it.
    assert html.count(expected) == html.count(geometry["message"]) == 1
    assert "按坐标计算为" not in html


@pytest.mark.parametrize(
    "settings",
    [
        ReviewSettings(declared_area_abs_tolerance_m2=2_500.0),
        ReviewSettings(declared_area_rel_tolerance=0.25),
    ],
    ids=["absolute", "relative"],
)
def test_a_mismatch_within_a_widened_tolerance_is_not_reported(tmp_path, settings):
    result = _review(tmp_path, settings)
    data = result.to_dict()
    geometry = _geometry(data)
    assert geometry["status"] == "pass"
    assert geometry["details"]["findings"] == []
    assert "申报面积" not in geometry["message"]
    assert data["tolerances"] == settings.to_dict()
