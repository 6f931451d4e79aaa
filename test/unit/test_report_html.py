"""The HTML 审查意见表 from a contract-shaped result: content, units, escaping."""

from __future__ import annotations

import datetime as dt
import json
import re
from html.parser import HTMLParser

import pytest

from hengyang_plan_plugin.core.plan_schema import SAMPLE_NOTICE
from hengyang_plan_plugin.core.report import CaseInfo, render_review_html, reproducibility_from_result
from hengyang_plan_plugin.core.report.presentation import area_text, chinese_ordinal
from test.conftest import TEST_DATA

SCRIPT = "<script>alert('x')</script>"


@pytest.fixture
def result() -> dict:
    return json.loads((TEST_DATA / "review_result_fixture.json").read_text(encoding="utf-8"))


@pytest.fixture
def case() -> CaseInfo:
    return CaseInfo(
        project_name="雁城<b>大道</b>改造项目",
        document_number="衡自然资规审〔2026〕12号",
        applicant="衡阳市城市建设投资有限公司",
        reviewer="张三",
        review_date=dt.date(2026, 11, 29),
    )


class _Collector(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)

    def handle_data(self, data):
        self.text.append(data)


def _parse(html: str) -> _Collector:
    collector = _Collector()
    collector.feed(html)
    return collector


def test_header_carries_case_fields_and_plan(result, case):
    html = render_review_html(result, case)
    text = "".join(_parse(html).text)
    for expected in (
        "衡自然资规审〔2026〕12号",
        "衡阳市城市建设投资有限公司",
        "张三",
        "2026年11月29日",
        "衡阳市国土空间总体规划（2021—2035年）",
        "hengyang_sample_plan.gpkg（内置示意数据）",  # the plan by its file name, in the appendix only
        "0701 城镇住宅用地",
    ):
        assert expected in text
    assert "resources/data" not in html and ".gpkg" not in text.split("附：复现信息")[0]


def test_times_are_beijing_time_with_the_zone_stated(result, case):
    result = {**result, "generated_at": "2026-11-29T20:30:00+00:00"}
    text = "".join(_parse(render_review_html(result, case)).text)
    assert "2026年11月30日 04:30:00（北京时间 UTC+8）" in text
    assert "+00:00" not in text and "T20:30" not in text


def test_reviewing_unit_from_the_case_signs_the_report(result, case):
    case = CaseInfo(**{**case.__dict__, "reviewing_unit": "衡阳市自然资源和规划局"})
    html = render_review_html(result, case)
    signature = html.split("五、审查签署")[1]
    assert "审查单位（盖章）</th><td class=\"sign\">衡阳市自然资源和规划局" in signature


def test_conclusion_and_one_section_per_finding(result, case):
    """Every check is a row of the summary table; only the ones with a finding get a section, and
    each finding's message is told once."""
    html = render_review_html(result, case)
    text = "".join(_parse(html).text)
    assert "审查结论：不通过" in text
    flagged = [check for check in result["checks"] if check["status"] in ("conflict", "warning")]
    headings = re.findall(r"<h3>（(.+?)）(.+?)：", html)
    assert [title for _, title in headings] == [check["title"] for check in flagged]
    assert [ordinal for ordinal, _ in headings] == [chinese_ordinal(i) for i in range(1, len(flagged) + 1)]
    for check in result["checks"]:
        assert f"<td>{check['title']}" in html  # its summary row
        if check["message"] and check in flagged:
            assert html.count(check["message"]) == 1
    assert "城镇开发边界：" in text and "需人工复核" in text
    assert "规划文本第3.2节 永久基本农田保护；《基本农田保护条例》第十五条、第十七条" in text


def test_areas_in_square_metres_hectares_and_mu(result, case):
    text = "".join(_parse(render_review_html(result, case)).text)
    assert "12,345.60 m²（1.2346 公顷，18.52 亩）" in text  # 永久基本农田 overlap
    assert "52,345.67 m²（5.2346 公顷，78.52 亩）" in text  # the whole site
    assert area_text(10000 / 15) == "666.67 m²（0.0667 公顷，1.00 亩）"


def test_features_involved_are_listed(result, case):
    text = "".join(_parse(render_review_html(result, case)).text)
    assert "YJJBNT0017（fid 17）" in text
    assert "10,000.00" in text and "2,345.60" in text


def test_script_in_submission_attributes_shows_as_text(result, case):
    html = render_review_html(result, case)
    parsed = _parse(html)
    assert "script" not in parsed.tags
    assert "<b>大道</b>" not in html  # markup in the project name stays text too
    text = "".join(parsed.text)
    assert SCRIPT in text  # the submission name, shown literally
    assert "<script>alert(1)</script>" in text  # a plan feature attribute
    assert "雁城<b>大道</b>改造项目" in text
    assert "&lt;script&gt;" in html


def test_reproducibility_footer(result, case):
    repro = reproducibility_from_result(result, qgis_version="3.22.16", gdal_version="3.6.2")
    text = "".join(_parse(render_review_html(result, case, repro)).text)
    assert result["plan"]["sha256"] in text
    assert "QGIS 版本" in text and result["qgis_version"] in text
    assert "3.6.2" in text and "0.1.0" in text
    assert "1 亩 = 10000/15 m²" in text


def test_sample_notice_only_for_the_sample_plan(result, case):
    assert SAMPLE_NOTICE in render_review_html(result, case)
    result["plan"] = {"source": "/data/hengyang_statutory_plan.gpkg", "sha256": "ab" * 32, "is_sample": False}
    assert SAMPLE_NOTICE not in render_review_html(result, case)


def test_map_figure_source_is_escaped_into_img(result, case):
    html = render_review_html(result, case, map_figure_src="data:image/png;base64,AAAA")
    assert '<img src="data:image/png;base64,AAAA"' in html
    assert "未生成审查图" in render_review_html(result, case)
