"""The rule tables in resources/rules are complete for the plan schema and every row has a basis."""

from __future__ import annotations

from hengyang_plan_plugin.core import rules
from hengyang_plan_plugin.core.checks import CHECK_IDS
from hengyang_plan_plugin.core.land_use_codes import land_use_codes
from hengyang_plan_plugin.core.plan_schema import CZKFBJ_PARTS, GHFQ_CODES, LINE_LEVELS, RENEWAL_TYPES


def test_every_check_has_a_title_and_basis():
    table = rules.check_titles_and_bases()
    assert tuple(table) == CHECK_IDS
    assert all(title and basis for title, basis in table.values())


def test_matrix_covers_every_zone_and_first_level_code_with_a_basis():
    # every first-level code the plugin accepts (the inland city has no sea uses, 18–22 and 24)
    first_level = [code for code in land_use_codes() if len(code) == 2]
    assert len(first_level) == 18
    matrix = rules.land_use_matrix()
    assert set(GHFQ_CODES.values()) <= set(matrix)
    for zone, cells in matrix.items():
        assert set(first_level) <= set(cells), zone
        for code, rule in cells.items():
            assert code in land_use_codes(), (zone, code)
            assert rule.status in rules.MATRIX_RULES and rule.basis, (zone, code)


def test_second_level_rows_override_first_level():
    residential_in_industry = rules.land_use_matrix()["工业发展区"]
    assert rules.most_specific("070101", residential_in_industry).status == "forbidden"
    assert rules.most_specific("0702", residential_in_industry).status == "conditional"


def test_city_lines_cover_every_level_and_cite_the_ministry_orders():
    table = rules.city_line_rules()
    orders = {"green_line": "112号", "blue_line": "145号", "purple_line": "119号", "yellow_line": "144号"}
    for check_id, order in orders.items():
        levels = ("",) if check_id == "purple_line" else LINE_LEVELS
        for level in levels:
            rule = table[(check_id, level)]
            assert order in rule.basis and "4.8" in rule.basis and rule.rule


def test_other_tables_cover_the_schema_and_cite_sources():
    assert set(rules.renewal_approaches()) == set(RENEWAL_TYPES)
    assert all("4.6" in basis for _, basis in rules.renewal_approaches().values())
    parts = rules.dev_boundary_parts()
    assert set(CZKFBJ_PARTS) | {rules.OUTSIDE_PART, rules.SCATTERED_PART} == set(parts)
    assert all("193号" in parts[p].basis for p in CZKFBJ_PARTS) and "48号" in parts[rules.OUTSIDE_PART].basis
    assert "193号" in parts[rules.OUTSIDE_PART].basis
    assert all("142号" in rule.basis for rule in rules.eco_redline_allowed().values())
    assert {"12", "13"} <= set(rules.eco_redline_allowed())
    services = {t.service: t for t in rules.service_thresholds()}
    assert {"小学", "初中", "社区卫生服务中心", "公园", "绿地"} <= set(services)
    assert services["绿地"].threshold_m == 300 and services["公园"].threshold_m == 500
    assert all("4.2" in t.basis or "4.3" in t.basis for t in services.values())
