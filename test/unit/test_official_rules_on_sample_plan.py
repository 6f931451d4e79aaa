"""Every rule corrected against the official texts (issue 15), on a site of the sample plan.

test_official_rules.py proves each rule on a hand-made plan; here a 40 m
square is put on the sample plan's own ground (the 农田保护区 on 永久基本农田,
the 生态保护红线 and its 核心保护区, the 乡村发展区 outside the 城镇开发边界, the
其他城镇建设区, the 生态控制区, the 矿产能源发展区, the 城市四线, the 弹性/特别 parts of
the boundary), reviewed with the use of the corrected row, and the review must
give the new status and cite the new basis.
"""

from __future__ import annotations

from functools import cache

import pytest
import shapely

from hengyang_plan_plugin.core import rules
from hengyang_plan_plugin.core.plan.registry import open_plan
from hengyang_plan_plugin.core.review import review_submission
from hengyang_plan_plugin.paths import SAMPLE_PLAN_PATH
from test.review_fixtures import release_plans, submission
from test.sample_sites import SIDE_M, corridors, lines_and_corridors, region, shapes, site_on

SITE_M2 = SIDE_M * SIDE_M


@pytest.fixture(scope="module")
def plan(sample_plan_path):
    yield open_plan(sample_plan_path)
    release_plans()


def is_core_zone(remark) -> bool:
    return bool(remark) and "核心保护区" in remark


@cache
def ground(name: str):
    """A site on one named ground of the sample plan (see the module docstring)."""
    p = SAMPLE_PLAN_PATH
    lines, boundary = lines_and_corridors(p), shapes(p, "CZKFBJ")
    control = [*lines, *boundary, *shapes(p, "YJJBNT"), *shapes(p, "STBHHX")]

    def zone(layer, zone_name):
        return region(p, layer, GHFQMC=zone_name)

    def farmland_in_its_zone():
        farmland_zone = zone("ZXCQGHFQ", "农田保护区")
        shapely.prepare(farmland_zone)
        patches = [g for g in shapes(p, "YJJBNT") if farmland_zone.contains(g)]
        return shapely.MultiPolygon([part for g in patches for part in shapely.get_parts(g)])

    grounds = {
        "农田保护区+永久基本农田": lambda: (farmland_in_its_zone(), [*lines, *boundary]),
        "生态保护红线": lambda: (region(p, "STBHHX", BZ=lambda v: not is_core_zone(v)), [*lines, *boundary]),
        "核心保护区": lambda: (region(p, "STBHHX", BZ=is_core_zone), ()),
        "乡村发展区": lambda: (zone("ZXCQGHFQ", "乡村发展区"), control),
        "其他城镇建设区": lambda: (zone("ZXCQGHFQ", "其他城镇建设区"), control),
        "生态控制区": lambda: (zone("ZXCQGHFQ", "生态控制区"), control),
        "矿产能源发展区": lambda: (zone("GHFQ", "矿产能源发展区"), [*control, *shapes(p, "ZXCQFW")]),
        "黄线": lambda: (region(p, "ZXCQCSHX", JB="一级"), ()),
        "紫线": lambda: (region(p, "ZXCQCSZX"), ()),
        "蓝线": lambda: (region(p, "ZXCQCSLX", MC="湘江"), corridors(p)),
        "弹性发展区": lambda: (region(p, "CZKFBJ", GHFQMC="弹性发展区").intersection(region(p, "ZXCQFW")), lines),
        "特别用途区": lambda: (region(p, "CZKFBJ", GHFQMC="特别用途区").intersection(region(p, "ZXCQFW")), lines),
    }
    area, avoid = grounds[name]()
    return site_on(area, avoid)


def review(plan, ground_name: str, land_use: str) -> dict:
    result = review_submission(submission(ground(ground_name), land_use=land_use), plan).to_dict()
    return {c["id"]: c for c in result["checks"]}


def zone_cell(check: dict) -> dict:
    (cell,) = check["details"]["zones"]
    return cell


# --- 农田保护区 on 永久基本农田: forbidden uses, 1501 conditional; both checks agree -------------


@pytest.mark.parametrize(
    "land_use, status, cited",
    [
        ("0201", "conflict", "第37条"),  # 果园: 林果业 (was conditional, 进出平衡)
        ("0301", "conflict", "166号"),  # 乔木林地
        ("0403", "conflict", "苗木、草皮"),
        ("0503", "conflict", "挖湖造景"),
        ("060202", "conflict", "养殖设施"),  # new 畜禽养殖设施
        ("060201", "conflict", "农业设施建设用地"),  # 种植设施: 166号, no 2019 leniency
        ("1704", "conflict", "挖塘养鱼"),
        ("1702", "conflict", "挖湖造景"),
        ("1501", "warning", "军事设施"),  # 第35条: State Council approval
        ("1703", "warning", "第35条"),
    ],
)
def test_permanent_farmland_in_the_farmland_zone(plan, land_use, status, cited):
    checks = review(plan, "农田保护区+永久基本农田", land_use)
    farmland, land_use_check = checks["farmland"], checks["land_use"]
    assert farmland["status"] == land_use_check["status"] == status
    assert farmland["overlap_area_m2"] == pytest.approx(SITE_M2)
    cell = zone_cell(land_use_check)
    assert cell["zone"] == "农田保护区" and cited in cell["basis"] and "进出平衡" not in cell["basis"]
    assert farmland["details"]["land_use_rule_basis"] == cell["basis"]


# --- 生态保护红线: the ten limited activities of 142号; none in a 核心保护区 -------------------


@pytest.mark.parametrize(
    "land_use, status, activity",
    [
        ("1501", "warning", "①"),
        ("1504", "warning", "③"),
        ("1503", "conflict", None),  # 宗教: was excepted with the whole of 15
        ("1506", "conflict", None),  # 殡葬
        ("1002", "warning", "⑦"),  # 采矿: was a conflict
        ("0602", "warning", "②"),  # was missing from the red-line table
        ("0803", "warning", "⑤"),
        ("0805", "conflict", None),  # 体育: dropped, ⑤ names no sport
    ],
)
def test_red_line_limited_activities(plan, land_use, status, activity):
    checks = review(plan, "生态保护红线", land_use)
    eco, land_use_check = checks["eco_redline"], checks["land_use"]
    assert eco["status"] == land_use_check["status"] == status
    assert eco["overlap_area_m2"] == pytest.approx(SITE_M2)
    assert zone_cell(land_use_check)["zone"] == "生态保护区"
    if activity:
        cited = eco["details"]["limited_activity_basis"]
        assert activity in cited and "142号" in cited
        assert activity in zone_cell(land_use_check)["basis"]
    else:
        assert "limited_activity" not in eco.get("details", {})
        assert "禁止开发性、生产性建设活动" in eco["message"]


@pytest.mark.parametrize("land_use", ["1207", "1501", "0803"])
def test_no_limited_activity_in_the_core_zone_of_the_sample_red_line(plan, land_use):
    eco = review(plan, "核心保护区", land_use)["eco_redline"]
    assert eco["status"] == "conflict" and "核心保护区" in eco["message"]
    assert eco["details"]["core_zone_area_m2"] == pytest.approx(SITE_M2)
    assert "142号" in eco["details"]["core_zone_basis"]


# --- Outside the 城镇开发边界: 193号, its exceptions and the 零星 town land --------------------


@pytest.mark.parametrize(
    "land_use, status, cited",
    [
        ("1501", "warning", "军事"),
        ("1503", "warning", "宗教"),
        ("1506", "warning", "殡葬"),
        ("1102", "warning", "战略储备"),
        ("1401", "warning", "郊野公园"),
        ("0703", "warning", "村庄"),
        ("1002", "warning", "采矿用地"),
        ("0803", "warning", "配套服务设施"),
        ("0701", "conflict", "城镇居住用地"),
        ("1101", "conflict", "开发区"),
    ],
)
def test_outside_the_boundary_in_the_rural_zone(plan, land_use, status, cited):
    boundary = review(plan, "乡村发展区", land_use)["dev_boundary"]
    assert boundary["status"] == status and boundary["outside_area_m2"] == pytest.approx(SITE_M2)
    assert cited in boundary["message"]
    assert "自然资发〔2023〕193号" in boundary["basis"] and "186号" not in boundary["basis"]


@pytest.mark.parametrize("land_use", ["0801", "0901", "1001", "1101", "1402"])
def test_town_construction_in_the_rural_zone_is_one_conflict(plan, land_use):
    checks = review(plan, "乡村发展区", land_use)
    assert checks["land_use"]["status"] == checks["dev_boundary"]["status"] == "conflict"
    cell = zone_cell(checks["land_use"])
    assert cell["zone"] == "乡村发展区" and cell["rule"] == "forbidden" and "193号" in cell["basis"]


def test_scattered_town_land_in_the_other_town_zone(plan):
    industry = review(plan, "其他城镇建设区", "1001")
    boundary = industry["dev_boundary"]
    assert boundary["status"] == "warning" and "零星城镇建设用地" in boundary["message"]
    (part,) = boundary["details"]["parts"]
    assert part["part"] == rules.SCATTERED_PART and "193号" in part["basis"]
    assert part["area_m2"] == pytest.approx(SITE_M2)
    cell = zone_cell(industry["land_use"])
    assert cell["zone"] == "其他城镇建设区" and cell["rule"] == "conditional" and "零星城镇建设用地" in cell["basis"]
    housing = review(plan, "其他城镇建设区", "0701")["dev_boundary"]
    assert housing["status"] == "conflict" and "不得规划城镇居住用地" in housing["message"]


# --- 生态控制区 and 矿产能源发展区 rows settled by the contradiction test ---------------------


@pytest.mark.parametrize(
    "land_use, status, cited",
    [
        ("0703", "warning", "村庄规划"),  # was forbidden (07)
        ("0704", "warning", "村庄规划"),
        ("1401", "warning", "郊野公园"),
        ("1402", "conflict", "193号"),  # was conditional (14)
    ],
)
def test_ecological_control_zone(plan, land_use, status, cited):
    checks = review(plan, "生态控制区", land_use)
    assert checks["land_use"]["status"] == checks["dev_boundary"]["status"] == status
    cell = zone_cell(checks["land_use"])
    assert cell["zone"] == "生态控制区" and cited in cell["basis"]


def test_mineral_zone_admits_mining_and_not_industry(plan):
    mining = review(plan, "矿产能源发展区", "1002")
    assert mining["land_use"]["status"] == "pass" and zone_cell(mining["land_use"])["zone"] == "矿产能源发展区"
    assert mining["dev_boundary"]["status"] == "warning"  # was a conflict
    industry = review(plan, "矿产能源发展区", "1001")
    assert industry["land_use"]["status"] == industry["dev_boundary"]["status"] == "conflict"  # was conditional
    assert "193号" in zone_cell(industry["land_use"])["basis"]


# --- Inside the boundary: 弹性发展区 / 特别用途区 cite 193号 -----------------------------------


@pytest.mark.parametrize("part, marker", [("弹性发展区", "核减"), ("特别用途区", "原则上禁止")])
def test_flexible_and_special_parts_cite_the_2023_notice(plan, part, marker):
    boundary = review(plan, part, "0901")["dev_boundary"]
    assert boundary["status"] == "warning" and marker in boundary["message"]
    (found,) = boundary["details"]["parts"]
    assert found["part"] == part and "193号" in found["basis"] and "186号" not in found["basis"]
    assert found["meaning"] == rules.dev_boundary_parts()[part].meaning


# --- 城市四线 wording and warning uses ------------------------------------------------------


def test_yellow_line_says_what_order_144_says(plan):
    yellow = review(plan, "黄线", "0901")["yellow_line"]
    assert yellow["status"] == "conflict" and "144号" in yellow["basis"]
    assert "未经批准改装、迁移或拆毁原有城市基础设施" in yellow["message"]
    assert "擅自改变城市基础设施用途" not in yellow["message"]


def test_heritage_use_in_the_purple_line_is_a_warning(plan):
    assert review(plan, "紫线", "1504")["purple_line"]["status"] == "warning"  # was conflict
    religious = review(plan, "紫线", "1503")["purple_line"]
    assert religious["status"] == "conflict" and "119号" in religious["basis"]


def test_blue_line_lists_the_bans_of_order_145(plan):
    blue = review(plan, "蓝线", "0901")["blue_line"]
    assert blue["status"] == "conflict" and "145号" in blue["basis"]
    for ban in ("擅自填埋、占用城市蓝线内水域", "爆破、采石、取土", "排污设施"):
        assert ban in blue["message"], ban
