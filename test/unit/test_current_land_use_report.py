"""现状地类 on the papers, from review.json alone (no QGIS): the 审查意见表's section and table,
the 审查图's rows; a site across two villages' 耕地 with 田坎 扣除 (test_current_land_use's plan)."""

from __future__ import annotations

import pytest

from hengyang_plan_plugin.core.report import report_content as content
from hengyang_plan_plugin.core.report.case_info import CaseInfo
from hengyang_plan_plugin.core.report.docx_report import build_review_docx
from hengyang_plan_plugin.core.report.html_report import render_review_html
from hengyang_plan_plugin.core.report.sheet_pages import conflict_rows, land_use_rows, plan_sheet_pages
from test.review_fixtures import square
from test.unit.test_current_land_use import TWO_VILLAGES, _release_plans, review  # noqa: F401 (fixture)


@pytest.fixture
def two_villages(tmp_path):
    return review(tmp_path, TWO_VILLAGES, square(0, 0)).to_dict()


def test_sheet_rows_give_cultivated_land_by_type_conversion_and_each_owner(two_villages):
    rows = {row["title"]: row for row in land_use_rows(two_villages)}
    assert {title: (row["status"], row["area_m2"], row["area_mu"]) for title, row in rows.items()} == {
        "现状耕地·水田": ("占补平衡", "4,500.00", "6.75"),  # 5,000 m² less 10 % 田坎
        "现状耕地·旱地": ("占补平衡", "5,000.00", "7.50"),
        "农用地转用面积": ("须转用", "10,000.00", "15.00"),
        "权属：金溪村农民集体": ("须征收", "5,000.00", "7.50"),
        "权属：松柏村农民集体": ("须征收", "5,000.00", "7.50"),
    }
    # On the overview, right after the check's own row, and none left out of the pages.
    titles = [row["title"] for row in conflict_rows(two_villages)]
    start = titles.index("现状地类（国土调查）")
    assert titles[start + 1 : start + 6] == list(rows)
    plan = plan_sheet_pages(two_villages, rows_per_page=3)
    assert plan.findings == len(titles)


def test_report_section_and_table_add_up(two_villages):
    section = content.land_use_section(two_villages)
    facts = dict(section.rows)
    assert facts["占用耕地"] == (
        "水田 6.7500 亩（4,500.00 m²）、水浇地 0.0000 亩（0.00 m²）、旱地 7.5000 亩（5,000.00 m²），"
        "合计 14.2500 亩（9,500.00 m²）"
    )
    assert facts["农用地转用面积"] == "15.0000 亩（10,000.00 m²）"
    assert facts["土地征收"] == (
        "金溪村农民集体（430421101201）7.5000 亩（5,000.00 m²）；"
        "松柏村农民集体（430421101202）7.5000 亩（5,000.00 m²）：须依法办理土地征收"
    )
    table = section.table
    # Only the 地类 the site has (水田, 旱地, 田坎 as 其他农用地), then 合计 in m² and in 亩.
    assert table.header == ["权属单位名称", "权属单位代码", "权属性质", "水田", "旱地", "其他农用地", "合计（m²）",
                            "合计（亩）"]
    assert [row[3:] for row in table.rows] == [
        ["4,500.00", "0.00", "500.00", "5,000.00", "7.5000"],
        ["0.00", "5,000.00", "0.00", "5,000.00", "7.5000"],
    ]
    assert table.residual is None and table.total[3:] == ["4,500.00", "5,000.00", "500.00", "10,000.00", "15.0000"]
    # The finding carries the figures and the table instead of listing the 图斑.
    finding = next(f for f in content.findings(two_villages) if f.title == "现状地类（国土调查）")
    assert finding.land_use is not None and finding.features == []


def test_html_and_docx_print_the_section(two_villages):
    page = render_review_html(two_villages, CaseInfo())
    assert "现状地类面积汇总表" in page and "金溪村农民集体 集体土地所有权<br/>430421101201" in page
    assert "须依法办理土地征收" in page and ">10,000.00</td>" in page
    document = build_review_docx(two_villages, CaseInfo())
    table = next(t for t in document.tables if t.rows[0].cells[0].text == "权属单位名称")
    assert [cell.text for cell in table.rows[-1].cells][-2:] == ["10,000.00", "15.0000"]


def test_no_dltb_no_section(tmp_path):
    result = review(tmp_path, {}, square(0, 0)).to_dict()
    assert content.land_use_section(result) is None and land_use_rows(result) == []
    assert "现状地类面积汇总表" not in render_review_html(result, CaseInfo())


def test_a_site_across_many_villages_lists_the_largest_on_the_sheet_and_sums_the_rest(two_villages):
    import copy

    from hengyang_plan_plugin.core.report import sheet_pages

    many = copy.deepcopy(two_villages)
    check = next(c for c in many["checks"] if c["id"] == "current_land_use")
    table = check["details"]["summary_table"]
    for unit in ("m2", "mu"):  # twelve villages of 1 … 12 m² after the two real ones
        template = table[unit]["rows"][0]
        for index in range(12):
            row = copy.deepcopy(template)
            row["name"], row["code"] = f"第{index}村农民集体", f"4304{index:015d}"
            row["values"] = [0.0] * (len(row["values"]) - 1) + [float(index + 1)]
            table[unit]["rows"].append(row)
    owner_rows = [row for row in land_use_rows(many) if row["title"].startswith("权属：")]
    assert len(owner_rows) == sheet_pages.OWNER_ROWS_MAX
    largest = ["权属：金溪村农民集体", "权属：松柏村农民集体", "权属：第11村农民集体"]
    assert [row["title"] for row in owner_rows[:3]] == largest
    rest = owner_rows[-1]
    # 14 owners, 9 listed: the five smallest (1 … 5 m²) in one row, still to be expropriated
    assert rest["title"] == "权属：其余 5 个权属单位（逐一见审查意见表）"
    assert (rest["status"], rest["area_m2"]) == ("须征收", "15.00")
