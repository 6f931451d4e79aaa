"""Rules corrected against the official texts (issue 15): names, citations and verdicts.

Each test puts a site on a hand-made plan in the zone or line of one corrected
rule and checks the new status and the basis the review prints.
"""

from __future__ import annotations

import re
from xml.etree import ElementTree

import pytest

from hengyang_plan_plugin.core import plan_schema, rules
from hengyang_plan_plugin.core.plan.registry import open_plan
from hengyang_plan_plugin.core.review import review_submission
from hengyang_plan_plugin.paths import style_path
from test.review_fixtures import rect, release_plans, square, submission, write_plan


@pytest.fixture(autouse=True)
def _release_plans():
    yield
    release_plans()


def review(tmp_path, features, site, land_use, name="plan.gpkg"):
    plan = open_plan(write_plan(tmp_path / name, features))
    return review_submission(submission(site, land_use=land_use), plan)


def check(result, check_id):
    return result.to_dict()["checks"][[c.id for c in result.checks].index(check_id)]


# --- 1. 城镇开发边界 part names: national GHFQMC and the short forms -------------------


def boundary_plan(concentrated: str, flexible: str, special: str = "特别用途区"):
    return {
        "CZKFBJ": [
            (rect(-500, -500, 0, 500), {"GHFQMC": concentrated}),
            (rect(0, -500, 500, 0), {"GHFQMC": flexible}),
            (rect(-500, 500, 500, 1000), {"GHFQMC": special}),
        ]
    }


SHORT = boundary_plan("集中建设区", "弹性发展区")
NATIONAL = boundary_plan("城镇集中建设区", "城镇弹性发展区")


def comparable(outcome: dict) -> dict:
    """The dev_boundary finding without the plan features' own attributes (which carry the spelling)."""
    return {key: value for key, value in outcome.items() if key != "features"}


@pytest.mark.parametrize(
    "site, land_use, part, status",
    [
        (square(-200, 0), "0701", "集中建设区", "pass"),
        (square(100, -200), "0701", "弹性发展区", "warning"),
        (square(0, 600), "0701", "特别用途区", "warning"),
        (rect(-50, 0, 50, 100), "0701", "集中建设区", "conflict"),  # half outside the boundary
    ],
)
def test_national_part_names_review_exactly_like_the_short_names(tmp_path, site, land_use, part, status):
    short = check(review(tmp_path, SHORT, site, land_use, "short.gpkg"), "dev_boundary")
    national = check(review(tmp_path, NATIONAL, site, land_use, "national.gpkg"), "dev_boundary")
    assert national["status"] == short["status"] == status
    assert comparable(national) == comparable(short)
    assert [p["part"] for p in national["details"]["parts"]] == [part]
    assert "未在 dev_boundary.csv 中说明" not in national["message"]


def test_flexible_and_special_rules_apply_to_the_national_names(tmp_path):
    flexible = check(review(tmp_path, NATIONAL, square(100, -200), "0701", "f.gpkg"), "dev_boundary")
    special = check(review(tmp_path, NATIONAL, square(0, 600), "0901", "s.gpkg"), "dev_boundary")
    parts = rules.dev_boundary_parts()
    assert flexible["details"]["parts"][0]["meaning"] == parts["弹性发展区"].meaning
    assert special["details"]["parts"][0]["meaning"] == parts["特别用途区"].meaning
    assert "核减" in flexible["message"] and "原则上禁止" in special["message"]


@pytest.mark.parametrize(
    "spelling, part",
    [
        ("城镇集中建设区", "集中建设区"),
        ("集中建设区", "集中建设区"),
        (" 城镇弹性发展区 ", "弹性发展区"),
        ("弹性发展区", "弹性发展区"),
        ("特别用途区", "特别用途区"),
        ("其他", "其他"),
        (None, ""),
    ],
)
def test_part_names_are_normalised_in_one_place(spelling, part):
    assert plan_schema.czkfbj_part(spelling) == part


def test_dev_boundary_style_classifies_both_spellings_onto_one_category():
    renderer = ElementTree.parse(style_path("CZKFBJ")).getroot().find("renderer-v2")
    expression = renderer.get("attr")
    categories = {c.get("value"): c.get("label") for c in renderer.find("categories")}
    for part, spellings in plan_schema.CZKFBJ_PART_SPELLINGS.items():
        assert part in categories and plan_schema.CZKFBJ_NATIONAL_NAMES[part] in categories[part]
        listed = re.search(r"IN \(([^)]*)\) THEN '" + part + "'", expression)
        assert listed, part
        assert {s.strip(" '") for s in listed.group(1).split(",")} == set(spellings)


# --- 2. Citations: 自然资发〔2023〕193号, 建设部令第144号 -----------------------------------

ZONES = {
    "ZXCQGHFQ": [
        (rect(-1000, -1000, 0, 1000), {"GHFQDM": "0402", "GHFQMC": "城镇弹性发展区"}),
        (rect(0, -1000, 1000, 1000), {"GHFQDM": "0404", "GHFQMC": "其他城镇建设区"}),
    ]
}


def test_dev_boundary_findings_cite_the_2023_notice(tmp_path):
    outside = check(review(tmp_path, SHORT, rect(-50, 0, 50, 100), "0701"), "dev_boundary")
    assert outside["status"] == "conflict"
    assert "自然资发〔2023〕193号" in outside["basis"] and "186号" not in outside["basis"]
    assert "不得规划城镇居住用地" in outside["message"] and "零星城镇建设用地" in outside["message"]
    assert all("193号" in p["basis"] and "186号" not in p["basis"] for p in outside["details"]["parts"])
    outside_rule = rules.dev_boundary_parts()[rules.OUTSIDE_PART]
    assert "193号" in outside_rule.basis.split("；")[-1] and "城镇居住用地" in outside_rule.basis.split("；")[-1]


def test_zoning_cells_cite_193_for_flexible_zone_and_scattered_town_land(tmp_path):
    flexible = check(review(tmp_path, ZONES, square(-300, 0), "0901", "f.gpkg"), "land_use")
    scattered = check(review(tmp_path, ZONES, square(300, 0), "1001", "s.gpkg"), "land_use")
    assert flexible["status"] == "warning" and "自然资发〔2023〕193号" in flexible["details"]["zones"][0]["basis"]
    cell = scattered["details"]["zones"][0]["basis"]
    assert "193号" in cell and "零星城镇建设用地" in cell
    matrix_text = " ".join(rule.basis for cells in rules.land_use_matrix().values() for rule in cells.values())
    assert "186号" not in matrix_text
    assert "193号：开发边界外不得规划城镇居住用地" in rules.land_use_matrix()["乡村发展区"]["07"].basis


def test_yellow_line_rule_says_what_order_144_says(tmp_path):
    lines = {"ZXCQCSHX": [(rect(-500, -500, 500, 500), {"JB": "一级", "MC": "给水厂"})]}
    yellow = check(review(tmp_path, lines, square(0, 0), "0901"), "yellow_line")
    assert yellow["status"] == "conflict" and "144号" in yellow["basis"]
    assert "未经批准改装、迁移或拆毁原有城市基础设施" in yellow["message"]
    assert "违反国家有关技术标准和规范进行建设" in yellow["message"]
    assert "擅自改变城市基础设施用途" not in yellow["message"]


# --- 3. 农田保护区 / 永久基本农田: one verdict for the same ground ------------------------

FARM = {"BSM": "F1", "YSDM": "2090010100", "XZQDM": "430405", "MJ": 1.0}
FARM_GROUND = rect(-500, -500, 500, 500)
FARM_PLAN = {
    "YJJBNT": [(FARM_GROUND, FARM)],
    "ZXCQGHFQ": [(FARM_GROUND, {"GHFQDM": "03", "GHFQMC": "农田保护区"})],
}


@pytest.mark.parametrize(
    "land_use, status, cited",
    [
        ("0201", "conflict", "第37条"),  # 果园: 林果业
        ("0301", "conflict", "166号"),  # 乔木林地
        ("0403", "conflict", "苗木、草皮"),  # 其他草地
        ("0503", "conflict", "挖湖造景"),  # 湿地
        ("0602", "conflict", "养殖设施"),  # 设施农用地
        ("0603", "conflict", "养殖设施"),  # 2020 畜禽养殖设施 code, read as 06
        ("1704", "conflict", "挖塘养鱼"),  # 坑塘水面
        ("1702", "conflict", "挖湖造景"),  # 湖泊水面
        ("0701", "conflict", "第35条"),
        ("1501", "warning", "军事设施"),  # 第35条: State Council approval
        ("1207", "warning", "第35条"),
        ("0101", "pass", ""),
    ],
)
def test_farmland_check_and_zoning_matrix_agree_on_permanent_farmland(tmp_path, land_use, status, cited):
    result = review(tmp_path, FARM_PLAN, square(0, 0), land_use)
    farmland, land_use_check = check(result, "farmland"), check(result, "land_use")
    assert farmland["status"] == land_use_check["status"] == status
    cell = land_use_check["details"]["zones"][0]
    assert cell["zone"] == "农田保护区" and cited in cell["basis"]
    assert farmland["details"]["land_use_rule_basis"] == cell["basis"]


def test_orchards_and_ponds_are_no_longer_only_conditional_in_the_farmland_zone():
    row = rules.land_use_matrix()["农田保护区"]
    for code in ("02", "03", "04", "05", "06", "1702", "1704", "0202", "060202"):
        assert rules.most_specific(code, row).status == "forbidden", code
        assert "进出平衡" not in rules.most_specific(code, row).basis, code
    assert rules.most_specific("1501", row).status == "conditional"
    assert rules.most_specific("1506", row).status == "forbidden"


def test_every_code_gets_the_same_verdict_from_both_checks():
    from hengyang_plan_plugin.core.checks import farmland
    from hengyang_plan_plugin.core.land_use_codes import land_use_codes

    row = rules.land_use_matrix()["农田保护区"]
    for code in land_use_codes():
        assert farmland.farmland_rule(code) is rules.most_specific(code, row), code


# --- 4. Exceptions outside the 城镇开发边界 and in the 生态保护红线 ---------------------------


@pytest.mark.parametrize(
    "land_use, status, cited",
    [
        ("1501", "warning", "军事"),  # 特殊用地: 军事
        ("1503", "warning", "宗教"),
        ("1506", "warning", "殡葬"),
        ("1102", "warning", "战略储备"),
        ("1401", "warning", "郊野公园"),
        ("0703", "warning", "村庄"),
        ("0701", "conflict", "城镇居住用地"),
        ("1101", "conflict", "开发区"),
    ],
)
def test_special_uses_outside_the_dev_boundary_are_warnings(tmp_path, land_use, status, cited):
    outside = check(review(tmp_path, SHORT, square(2000, 2000), land_use), "dev_boundary")
    assert outside["status"] == status and outside["outside_area_m2"] == pytest.approx(10000.0)
    assert cited in outside["message"]


ECO = {"BSM": "E1", "YSDM": "2090020100", "XZQDM": "430405", "MJ": 1.0}
ECO_GROUND = rect(-500, -500, 500, 500)
ECO_PLAN = {
    "STBHHX": [(ECO_GROUND, ECO)],
    "ZXCQGHFQ": [(ECO_GROUND, {"GHFQDM": "01", "GHFQMC": "生态保护区"})],
}
CORE_PLAN = {"STBHHX": [(ECO_GROUND, {**ECO, "BZ": "南岳衡山国家级自然保护区核心保护区"})]}


@pytest.mark.parametrize(
    "land_use, status, activity",
    [
        ("1501", "warning", "①"),  # 军事国防
        ("1504", "warning", "③"),  # 文物保护
        ("1503", "conflict", None),  # 宗教: no basis in 142号
        ("1505", "conflict", None),  # 监教
        ("1506", "conflict", None),  # 殡葬
        ("1002", "warning", "⑦"),  # 采矿, specified cases only
        ("0602", "warning", "②"),  # 原住居民 生产生活设施
        ("0803", "warning", "⑤"),  # 科普宣教
        ("0805", "conflict", None),  # 体育 is not named in ⑤
    ],
)
def test_eco_redline_exceptions_follow_the_ten_activities_and_the_matrix_agrees(tmp_path, land_use, status, activity):
    result = review(tmp_path, ECO_PLAN, square(0, 0), land_use)
    eco, land_use_check = check(result, "eco_redline"), check(result, "land_use")
    assert eco["status"] == status
    # the 生态保护区 row of the matrix says the same: limited activity ↔ conditional, none ↔ forbidden
    assert land_use_check["status"] == status
    if activity:
        cited = eco["details"]["limited_activity_basis"]
        assert activity in cited and "142号" in cited
        assert activity in land_use_check["details"]["zones"][0]["basis"]


@pytest.mark.parametrize("land_use", ["1207", "1501", "0101"])
def test_no_exception_inside_a_nature_reserve_core_zone(tmp_path, land_use):
    eco = check(review(tmp_path, CORE_PLAN, square(0, 0), land_use), "eco_redline")
    assert eco["status"] == "conflict"
    assert "核心保护区" in eco["message"] and "142号" in eco["details"]["core_zone_basis"]
    assert eco["details"]["core_zone_area_m2"] == pytest.approx(10000.0)


def test_limited_activity_outside_the_core_zone_stays_a_warning(tmp_path):
    plan = {"STBHHX": [(rect(-500, -500, 0, 500), ECO), (rect(0, -500, 500, 500), {**ECO, "BZ": "一般控制区"})]}
    assert check(review(tmp_path, plan, square(100, 0), "1207"), "eco_redline")["status"] == "warning"


# --- 5. 规划分区: 战略预留区 and the 乡村发展区 sub-zones; 其他城镇建设区 stays -----------------


@pytest.mark.parametrize(
    "zone, land_use, rule",
    [
        ("战略预留区", "0701", "forbidden"),
        ("战略预留区", "16", "allowed"),
        ("战略预留区", "1207", "conditional"),
        ("村庄建设区", "0703", "allowed"),
        ("村庄建设区", "0701", "forbidden"),
        ("一般农业区", "0101", "allowed"),
        ("一般农业区", "0901", "forbidden"),
        ("林业发展区", "0301", "allowed"),
        ("林业发展区", "0703", "conditional"),
        ("牧业发展区", "0401", "allowed"),
        ("其他城镇建设区", "1001", "conditional"),
    ],
)
def test_national_sub_zones_get_their_rules(tmp_path, zone, land_use, rule):
    code = {name: code for code, name in plan_schema.GHFQ_CODES.items()}[zone]
    plan = {"GHFQ": [(rect(-500, -500, 500, 500), {"GHFQDM": code, "GHFQMC": zone})]}
    land_use_check = check(review(tmp_path, plan, square(0, 0), land_use), "land_use")
    cell = land_use_check["details"]["zones"][0]
    assert cell["zone"] == zone and cell["rule"] == rule
    assert "编制指南" in cell["basis"]


def test_zone_domain_holds_the_national_sub_zones_and_keeps_other_town_land():
    names = set(plan_schema.GHFQ_CODES.values())
    assert {"战略预留区", "村庄建设区", "一般农业区", "林业发展区", "牧业发展区", "其他城镇建设区"} <= names
    categories = {
        c.get("value") for c in ElementTree.parse(style_path("GHFQ")).getroot().find("renderer-v2/categories")
    }
    assert names <= categories


# --- 6. Every rule row names its source and how well it is sourced -------------------------

TABLES = (
    "check_basis.csv",
    "city_lines.csv",
    "dev_boundary.csv",
    "dev_boundary_outside_exceptions.csv",
    "eco_redline_allowed.csv",
    "land_use_zone_matrix.csv",
    "renewal_types.csv",
    "river_crossing_exceptions.csv",
    "service_thresholds.csv",
)


@pytest.mark.parametrize("name", TABLES)
def test_every_rule_row_has_a_source_and_a_source_status(name):
    rows = rules._rows(name, ())
    assert rows
    assert all(row["source"] and row["source_status"] in rules.SOURCE_STATUSES for row in rows)


def test_a_row_without_a_valid_source_status_is_refused(tmp_path, monkeypatch):
    (tmp_path / "renewal_types.csv").write_text(
        "type,approach,basis,source,source_status\n整治型,综合整治,《规划》4.6,《规划》4.6,guess\n", encoding="utf-8"
    )
    monkeypatch.setattr(rules, "RULES_DIR", tmp_path)
    with pytest.raises(rules.RuleTableError, match="source_status"):
        rules._rows("renewal_types.csv", ("type",))


def test_project_defaults_are_marked_in_the_finding(tmp_path):
    plan = {"ZXCQGHFQ": [(rect(-500, -500, 500, 500), {"GHFQDM": "040104", "GHFQMC": "工业发展区"})]}
    land_use_check = check(review(tmp_path, plan, square(0, 0), "0701"), "land_use")
    assert land_use_check["details"]["zones"][0]["source_status"] == rules.PROJECT_DEFAULT
    assert rules.PROJECT_DEFAULT_MARK in land_use_check["message"]
    farm = check(review(tmp_path, FARM_PLAN, square(0, 0), "0701", "farm.gpkg"), "land_use")
    assert farm["details"]["zones"][0]["source_status"] == rules.OFFICIAL
    assert rules.PROJECT_DEFAULT_MARK not in farm["message"]
    renewal = {"CSGXDY": [(rect(-500, -500, 500, 500), {"DYMC": "松梅更新单元", "GXLX": "重构型"})]}
    renewal_check = check(review(tmp_path, renewal, square(0, 0), "0701", "r.gpkg"), "renewal_unit")
    assert rules.PROJECT_DEFAULT_MARK in renewal_check["message"]


def test_readme_lists_the_remaining_project_defaults():
    from hengyang_plan_plugin.paths import RULES_DIR

    readme = (RULES_DIR / "README.md").read_text(encoding="utf-8")
    for item in ("GHFQDM", "制图规范", "renewal_types.csv", "source_status", "project default"):
        assert item in readme, item


# --- 零星城镇建设用地 outside the boundary (193号) ------------------------------------------

SCATTERED_PLAN = {
    **SHORT,
    "ZXCQGHFQ": [(rect(1000, -500, 3000, 500), {"GHFQDM": "0404", "GHFQMC": "其他城镇建设区"})],
}


def test_scattered_town_land_in_other_town_zone_outside_the_boundary_is_a_warning(tmp_path):
    outside = check(review(tmp_path, SCATTERED_PLAN, square(1500, 0), "1001"), "dev_boundary")
    assert outside["status"] == "warning" and outside["outside_area_m2"] == pytest.approx(10000.0)
    assert "零星城镇建设用地" in outside["message"]
    part = outside["details"]["parts"][0]
    assert part["part"] == rules.SCATTERED_PART and "193号" in part["basis"]
    assert part["area_m2"] == pytest.approx(10000.0)


def test_town_housing_stays_a_conflict_in_the_other_town_zone(tmp_path):
    outside = check(review(tmp_path, SCATTERED_PLAN, square(1500, 0), "0701"), "dev_boundary")
    assert outside["status"] == "conflict" and "不得规划城镇居住用地" in outside["message"]


def test_only_the_part_in_the_other_town_zone_is_excepted(tmp_path):
    outside = check(review(tmp_path, SCATTERED_PLAN, rect(950, 0, 1050, 100), "1001"), "dev_boundary")
    assert outside["status"] == "conflict"
    assert [p["area_m2"] for p in outside["details"]["parts"]] == [pytest.approx(5000.0)]
    assert "其余" in outside["message"]


# --- 用地用海 2023: 23 其他土地 ---------------------------------------------------------------


def test_other_land_codes_follow_the_2023_guide():
    from hengyang_plan_plugin.core.land_use_codes import land_use_codes

    codes = land_use_codes()
    assert codes["2302"].name == "后备耕地" and codes["2303"].name == "田坎"
    assert "田间道" not in {entry.name for code, entry in codes.items() if code.startswith("23")}
    labels = {
        c.get("value"): c.get("label")
        for c in ElementTree.parse(style_path("ZXCQGHYDYH")).getroot().find("renderer-v2/categories")
    }
    assert labels["2302"] == "2302 后备耕地" and labels["2303"] == "2303 田坎"


def test_red_line_table_and_ecological_zone_row_never_contradict():
    """For every code: a conflict in one of the two tables is a conflict (forbidden) in the other."""
    from hengyang_plan_plugin.core.land_use_codes import land_use_codes

    row = rules.land_use_matrix()["生态保护区"]
    allowed = rules.eco_redline_allowed()
    for code in land_use_codes():
        eco_conflict = rules.most_specific(code, allowed) is None
        zone_conflict = rules.most_specific(code, row).status == "forbidden"
        assert eco_conflict == zone_conflict, code


# --- Rows settled by the row audit and the contradiction test (test_rule_consistency.py) ------


def zone_plan(zone: str, **layers) -> dict:
    """One 规划分区 tile outside the 城镇开发边界 (an empty CZKFBJ), with optional control lines."""
    code = {name: code for code, name in plan_schema.GHFQ_CODES.items()}[zone]
    ground = rect(-500, -500, 500, 500)
    plan = {"ZXCQGHFQ": [(ground, {"GHFQDM": code, "GHFQMC": zone})]}
    plan.update({layer: [(ground, attributes)] for layer, attributes in layers.items()})
    return plan


@pytest.mark.parametrize(
    "zone, land_use, status",
    [
        ("乡村发展区", "0901", "conflict"),  # was conditional: town construction outside the boundary
        ("乡村发展区", "1001", "conflict"),
        ("乡村发展区", "0801", "conflict"),
        ("乡村发展区", "1101", "conflict"),
        ("乡村发展区", "1402", "conflict"),  # 14 is town/village green; only 1401 郊野公园 outside
        ("村庄建设区", "1001", "conflict"),
        ("村庄建设区", "0902", "conflict"),
        ("村庄建设区", "1403", "conflict"),
        ("生态控制区", "1402", "conflict"),  # was conditional
        ("矿产能源发展区", "1001", "conflict"),  # was conditional: industry is town construction
    ],
)
def test_town_construction_outside_the_boundary_is_one_conflict_in_both_checks(tmp_path, zone, land_use, status):
    result = review(tmp_path, zone_plan(zone), square(0, 0), land_use)
    land_use_check, boundary = check(result, "land_use"), check(result, "dev_boundary")
    assert land_use_check["status"] == boundary["status"] == status
    cell = land_use_check["details"]["zones"][0]
    assert cell["zone"] == zone and cell["rule"] == "forbidden"
    assert "193号" in cell["basis"] and cell["source_status"] == rules.SECONDARY
    assert "193号" in boundary["basis"]


@pytest.mark.parametrize(
    "zone, land_use, cited",
    [
        ("乡村发展区", "1401", "郊野公园"),
        ("村庄建设区", "1401", "郊野公园"),
        ("生态控制区", "1401", "郊野公园"),
        ("乡村发展区", "1102", "战略储备"),
        ("村庄建设区", "1102", "战略储备"),
        ("生态控制区", "0703", "村庄规划"),  # was forbidden (07): existing villages
        ("生态控制区", "0704", "村庄规划"),
    ],
)
def test_uses_the_boundary_admits_outside_it_are_conditional_in_the_rural_and_ecological_zones(
    tmp_path, zone, land_use, cited
):
    result = review(tmp_path, zone_plan(zone), square(0, 0), land_use)
    land_use_check, boundary = check(result, "land_use"), check(result, "dev_boundary")
    assert land_use_check["status"] == boundary["status"] == "warning"
    cell = land_use_check["details"]["zones"][0]
    assert cell["rule"] == "conditional" and cited in cell["basis"]
    assert rules.PROJECT_DEFAULT_MARK in land_use_check["message"]


def test_mining_outside_the_boundary_is_a_warning_and_passes_in_the_mineral_zone(tmp_path):
    result = review(tmp_path, zone_plan("矿产能源发展区"), square(0, 0), "1002")
    boundary, land_use_check = check(result, "dev_boundary"), check(result, "land_use")
    assert boundary["status"] == "warning" and "采矿用地" in boundary["message"]  # was conflict
    assert land_use_check["status"] == "pass"
    exception = rules.dev_boundary_outside_exceptions()["1002"]
    assert "193号" in exception.basis and exception.source_status == rules.PROJECT_DEFAULT


@pytest.mark.parametrize("land_use, activity", [("1002", "⑦"), ("0803", "⑤")])
def test_a_limited_activity_in_the_red_line_is_a_warning_in_all_three_checks(tmp_path, land_use, activity):
    """142号 admits it in the red line (outside the boundary): the boundary check no longer calls it a conflict."""
    plan = zone_plan("生态保护区", STBHHX=ECO)
    result = review(tmp_path, plan, square(0, 0), land_use)
    eco, boundary, land_use_check = (check(result, c) for c in ("eco_redline", "dev_boundary", "land_use"))
    assert eco["status"] == boundary["status"] == land_use_check["status"] == "warning"
    assert activity in eco["details"]["limited_activity_basis"]
    assert "142号" in rules.dev_boundary_outside_exceptions()[land_use].basis or land_use == "1002"


def test_cultural_use_outside_the_boundary_cites_the_scenic_facilities_rule(tmp_path):
    boundary = check(review(tmp_path, zone_plan("乡村发展区"), square(0, 0), "0803"), "dev_boundary")
    assert boundary["status"] == "warning" and "配套服务设施" in boundary["message"]
    assert "划定指南" in rules.dev_boundary_outside_exceptions()["0803"].basis


def test_heritage_site_in_a_purple_line_is_a_warning(tmp_path):
    lines = {"ZXCQCSZX": [(rect(-500, -500, 500, 500), {"MC": "湘江东历史文化街区"})]}
    purple = check(review(tmp_path, lines, square(0, 0), "1504"), "purple_line")
    assert purple["status"] == "warning"  # was conflict
    assert "与城市紫线管控目的相符" in purple["message"] and "119号" in purple["basis"]
    assert check(review(tmp_path, lines, square(0, 0), "1503", "r.gpkg"), "purple_line")["status"] == "conflict"


def test_blue_line_rule_lists_the_bans_of_order_145(tmp_path):
    lines = {"ZXCQCSLX": [(rect(-500, -500, 500, 500), {"JB": "一级", "MC": "湘江"})]}
    blue = check(review(tmp_path, lines, square(0, 0), "0901"), "blue_line")
    assert blue["status"] == "conflict" and "145号" in blue["basis"]
    for ban in ("擅自填埋、占用城市蓝线内水域", "爆破、采石、取土", "排污设施"):
        assert ban in blue["message"], ban


def test_farmland_finding_of_a_mixed_use_site_follows_its_parcels(tmp_path):
    """Two parcels: 耕地 on 永久基本农田 (pass) and housing beside it; the whole site must not be a conflict."""
    from hengyang_plan_plugin.core.submission_model import Parcel, Submission

    plan = open_plan(write_plan(tmp_path / "mixed.gpkg", {"YJJBNT": [(rect(-500, -500, 0, 500), FARM)]}))
    parcels = [
        Parcel(id="1", geometry=square(-300, 0), land_use="0101"),
        Parcel(id="2", geometry=square(300, 0), land_use="0701"),
    ]
    result = review_submission(Submission("混合", "<混合>", "EPSG:4526", parcels), plan)
    farmland = check(result, "farmland")
    assert [p["status"] for p in farmland["parcels"]] == ["pass", "pass"]
    assert farmland["status"] == "pass"
