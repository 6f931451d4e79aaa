"""Each check has one figure of concern, the same on every surface (城镇开发边界: the area outside).

The sample submission's 城镇开发边界 check: 71,457.64 m² inside, 17,197.02 m² outside; parcel 3
11,908.30 m² inside, 1,883.29 m² outside. The report once printed the inside figure in its summary.
The figures were measured apart from the engine, with shapely on the TXT's parcels and the sample
plan: each parcel (and their union) minus, and intersected with, the union of the CZKFBJ features;
parcel 3's outside part is the 湘江 (城市蓝线) it reaches into. Rerun that measure after
`make data` / scripts/make_sample_submission.py change the sample.
"""

from __future__ import annotations

import re

import pytest

from hengyang_plan_plugin import api
from hengyang_plan_plugin.core.batch import Case, _result_row, conflict_column
from hengyang_plan_plugin.core.report import CaseInfo, render_review_html
from hengyang_plan_plugin.core.report.presentation import concern_area, format_m2
from hengyang_plan_plugin.paths import SAMPLES_DIR


@pytest.fixture(scope="module")
def result():
    return api.review(api.read(SAMPLES_DIR / "sample_submission.txt")).to_dict()


def _dev(result):
    return next(check for check in result["checks"] if check["id"] == "dev_boundary")


def test_the_dev_boundary_figure_is_the_area_outside_for_the_site_and_each_parcel(result):
    dev = _dev(result)
    assert dev["concern_area_m2"] == dev["outside_area_m2"] == pytest.approx(17_197.02)
    assert dev["overlap_area_m2"] == pytest.approx(71_457.64)  # inside: kept, named as such
    parcel_3 = next(p for p in dev["parcels"] if p["id"] == "3")
    assert parcel_3["concern_area_m2"] == pytest.approx(1_883.29)
    assert all(p["concern_area_m2"] == p["outside_area_m2"] for p in dev["parcels"])


def test_other_checks_are_about_their_overlap(result):
    for check in result["checks"]:
        if check["id"] == "current_land_use":  # its figure is the 耕地 it occupies, a part of the overlap
            assert check["concern_area_m2"] == check["cultivated_area_m2"] <= check["overlap_area_m2"]
        elif check["id"] != "dev_boundary":
            assert check["concern_area_m2"] == check["overlap_area_m2"], check["id"]
            assert all(concern_area(p) == p["overlap_area_m2"] for p in check["parcels"])


def test_the_report_summary_and_sections_print_the_outside_area(result):
    html = render_review_html(result, CaseInfo())
    row = re.search(r"<tr><td align=\"center\">\d+</td><td>城镇开发边界（边界外面积）</td>.*?</tr>", html)
    assert row and "17,197.02" in row.group(0) and "71,457.64" not in row.group(0)
    assert "<tr><th>边界外面积</th><td>17,197.02 m²" in html
    assert "<tr><th>边界内面积</th><td>71,457.64 m²" in html
    # The section's 涉及地块 table is headed by the same figure and gives parcel 3 its outside area.
    parcels = re.search(r"<tr><th>地块</th><th>结果</th><th>边界外面积</th></tr>.*?</table>", html)
    assert parcels and re.search(r"<td nowrap>3</td><td nowrap>.*?</td><td>1,883.29 m²", parcels.group(0))
    assert "11,908.30" not in parcels.group(0)  # parcel 3's inside area is not its figure


def test_summary_csv_gives_the_same_figure(result, tmp_path):
    row = _result_row(Case("case", tmp_path / "site.txt"), result, tmp_path)
    assert row[conflict_column("dev_boundary")] == f"{concern_area(_dev(result)):.2f}" == "17197.02"


def test_old_records_without_the_figure_fall_back_to_the_overlap():
    assert concern_area({"overlap_area_m2": 12.5}) == 12.5
    assert format_m2(concern_area({"concern_area_m2": 3.0, "overlap_area_m2": 9.0})) == "3.00"


def test_a_finding_on_one_parcel_names_it_in_a_line_without_repeating_the_figure(result):
    """城市蓝线 concerns parcel 3 only (1,883.29 m²): its section names the parcel once instead of a
    table repeating the figure; 城镇开发边界 (three parcels) keeps its table."""
    html = render_review_html(result, CaseInfo())
    blue = html.split("城市蓝线：", 1)[1].split("<h3>", 1)[0]
    assert re.search(r"<tr><th>涉及地块</th><td>仅地块 3（<span[^>]*>冲突</span>），面积同上</td></tr>", blue)
    assert blue.count("1,883.29 m²") == 2  # the figure, and the 审查意见 quoting it; not a third time
    assert "<th>地块</th><th>结果</th>" not in blue
    dev = html.split("城镇开发边界：", 1)[1].split("<h3>", 1)[0]
    assert "<th>地块</th><th>结果</th><th>边界外面积</th>" in dev
