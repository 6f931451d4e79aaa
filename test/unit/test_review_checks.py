"""Every check on hand-made plans with exact answers (no QGIS)."""

from __future__ import annotations

import pytest
from shapely.geometry import LineString, Point

from hengyang_plan_plugin.core.plan.registry import open_plan
from hengyang_plan_plugin.core.review import review_submission
from test.review_fixtures import X0, Y0, rect, release_plans, square, submission, write_plan

FARM = {"BSM": "F1", "YSDM": "2090010100", "XZQDM": "430405", "MJ": 1.0}
ECO = {"BSM": "E1", "YSDM": "2090020100", "XZQDM": "430405", "MJ": 1.0}
HALF_SITE = rect(-50, 0, 50, 100)  # a 100 m square, its right half at x >= 0


@pytest.fixture(autouse=True)
def _release_plans():
    yield
    release_plans()


def run(tmp_path, features, *sites, land_use=None, name="plan.gpkg", **kwargs):
    plan = open_plan(write_plan(tmp_path / name, features))
    return review_submission(submission(*sites, land_use=land_use, **kwargs), plan)


def check(result, check_id):
    return result.to_dict()["checks"][[c.id for c in result.checks].index(check_id)]


# --- farmland / eco redline -------------------------------------------------


def test_square_half_inside_farmland_is_5000_m2_half_hectare_7_5_mu(tmp_path):
    result = run(tmp_path, {"YJJBNT": [(rect(0, -100, 200, 200), FARM)]}, HALF_SITE, land_use="0701")
    farmland = check(result, "farmland")
    assert farmland["status"] == "conflict"
    assert farmland["overlap_area_m2"] == pytest.approx(5000.0)
    assert farmland["overlap_area_ha"] == pytest.approx(0.5)
    assert farmland["overlap_area_mu"] == pytest.approx(7.5)
    assert farmland["features"] == [
        {"layer": "YJJBNT", "fid": 1, "attributes": FARM, "overlap_area_m2": 5000.0}
    ]
    assert "永久基本农田" in farmland["message"] and "土地管理法" in farmland["basis"]
    assert result.verdict == "fail"


def test_overlapping_plan_features_are_not_counted_twice(tmp_path):
    features = {"YJJBNT": [(rect(0, -100, 200, 200), FARM), (rect(25, 0, 300, 300), {**FARM, "BSM": "F2"})]}
    farmland = check(run(tmp_path, features, HALF_SITE), "farmland")
    assert farmland["overlap_area_m2"] == pytest.approx(5000.0)
    assert [f["overlap_area_m2"] for f in farmland["features"]] == [5000.0, 2500.0]


def test_touching_boundary_is_not_an_overlap(tmp_path):
    farmland = check(run(tmp_path, {"YJJBNT": [(rect(50, 0, 200, 100), FARM)]}, HALF_SITE), "farmland")
    assert farmland["status"] == "pass" and farmland["overlap_area_m2"] == 0.0 and farmland["features"] == []


@pytest.mark.parametrize(
    "plan_feature, area",
    [(rect(49.95, 0, 200, 100), 5.0), (rect(49.5, 99.5, 200, 200), 0.25)],
    ids=["strip-5cm-wide", "corner-0.25m2"],
)
def test_slivers_are_warnings_not_conflicts(tmp_path, plan_feature, area):
    result = run(tmp_path, {"YJJBNT": [(plan_feature, FARM)]}, HALF_SITE, land_use="0701")
    farmland = check(result, "farmland")
    assert farmland["status"] == "warning"
    assert farmland["overlap_area_m2"] == pytest.approx(area)
    assert "疑似边界误差" in farmland["message"]
    assert farmland["details"] == {"sliver": True}


def test_eco_redline_conflict_for_housing(tmp_path):
    eco = check(
        run(tmp_path, {"STBHHX": [(rect(0, -100, 200, 200), ECO)]}, HALF_SITE, land_use="0701"), "eco_redline"
    )
    assert eco["status"] == "conflict" and eco["overlap_area_m2"] == pytest.approx(5000.0)
    assert "142号" in eco["basis"]


@pytest.mark.parametrize("code", ["1207", "1202", "1301", "0803"])
def test_eco_redline_limited_activities_need_manual_review(tmp_path, code):
    eco = check(
        run(tmp_path, {"STBHHX": [(rect(0, -100, 200, 200), ECO)]}, HALF_SITE, land_use=code), "eco_redline"
    )
    assert eco["status"] == "warning"
    assert eco["overlap_area_m2"] == pytest.approx(5000.0)
    assert "142号" in eco["details"]["limited_activity_basis"]


# --- development boundary ---------------------------------------------------

BOUNDARY = {
    "CZKFBJ": [
        (rect(-500, -500, 0, 500), {"GHFQMC": "集中建设区"}),
        (rect(0, -500, 500, 0), {"GHFQMC": "弹性发展区"}),
        (rect(-500, 500, 500, 1000), {"GHFQMC": "特别用途区"}),
    ]
}


def test_housing_half_outside_the_boundary_is_a_conflict_with_outside_area(tmp_path):
    boundary = check(run(tmp_path, BOUNDARY, HALF_SITE, land_use="0701"), "dev_boundary")
    assert boundary["status"] == "conflict"
    assert boundary["overlap_area_m2"] == pytest.approx(5000.0)
    assert boundary["outside_area_m2"] == pytest.approx(5000.0)
    assert boundary["outside_area_mu"] == pytest.approx(7.5)
    assert boundary["details"]["parts"][0]["part"] == "集中建设区"
    assert "48号" in boundary["message"] or "不得规划城镇居住用地" in boundary["message"]


def test_non_construction_use_outside_the_boundary_passes(tmp_path):
    boundary = check(run(tmp_path, BOUNDARY, HALF_SITE, land_use="0101"), "dev_boundary")
    assert boundary["status"] == "pass" and boundary["outside_area_m2"] == pytest.approx(5000.0)


def test_rural_housing_outside_the_boundary_needs_review(tmp_path):
    assert check(run(tmp_path, BOUNDARY, HALF_SITE, land_use="0703"), "dev_boundary")["status"] == "warning"


def test_no_land_use_outside_the_boundary_needs_review(tmp_path):
    assert check(run(tmp_path, BOUNDARY, HALF_SITE), "dev_boundary")["status"] == "warning"


@pytest.mark.parametrize(
    "site, part, status",
    [
        (square(-200, 0), "集中建设区", "pass"),
        (square(100, -200), "弹性发展区", "warning"),
        (square(0, 600), "特别用途区", "warning"),
    ],
)
def test_which_part_of_the_boundary_and_what_it_means(tmp_path, site, part, status):
    boundary = check(run(tmp_path, BOUNDARY, site, land_use="0701"), "dev_boundary")
    assert boundary["status"] == status
    assert boundary["outside_area_m2"] == 0.0 and boundary["overlap_area_m2"] == pytest.approx(10000.0)
    assert [p["part"] for p in boundary["details"]["parts"]] == [part]
    assert part in boundary["message"]


# --- zoning and land use ----------------------------------------------------

ZONES = {
    "ZXCQGHFQ": [
        (rect(-1000, -1000, -20, 1000), {"GHFQDM": "040101", "GHFQMC": "居住生活区"}),
        (rect(-20, -1000, 1000, 1000), {"GHFQDM": "040104", "GHFQMC": "工业发展区"}),
    ],
    "GHFQ": [(rect(-5000, -5000, 5000, 5000), {"GHFQDM": "04", "GHFQMC": "城镇发展区"})],
}
SPLIT_SITE = rect(-50, 0, 50, 100)  # 30 m in 居住生活区, 70 m in 工业发展区


def test_zoning_shares(tmp_path):
    zoning = check(run(tmp_path, ZONES, SPLIT_SITE, land_use="0701"), "zoning")
    assert zoning["status"] == "pass"
    shares = {z["name"]: (z["area_m2"], z["share"]) for z in zoning["details"]["zones"]}
    assert shares == {"工业发展区": (7000.0, 0.7), "居住生活区": (3000.0, 0.3)}
    assert zoning["overlap_area_m2"] == pytest.approx(10000.0)


def test_city_zoning_fills_in_outside_the_central_area(tmp_path):
    zoning = check(run(tmp_path, ZONES, rect(950, 0, 1050, 100)), "zoning")
    shares = {z["name"]: z["area_m2"] for z in zoning["details"]["zones"]}
    assert shares == {"工业发展区": 5000.0, "城镇发展区": 5000.0}


def test_site_outside_every_zone_needs_review(tmp_path):
    zoning = check(run(tmp_path, {"GHFQ": ZONES["GHFQ"]}, rect(4950, 0, 5050, 100)), "zoning")
    assert zoning["status"] == "warning" and zoning["details"]["uncovered_area_m2"] == pytest.approx(5000.0)


def test_housing_in_an_industrial_zone_is_a_conflict_on_that_part(tmp_path):
    land_use = check(run(tmp_path, ZONES, SPLIT_SITE, land_use="0701"), "land_use")
    assert land_use["status"] == "conflict"
    assert land_use["overlap_area_m2"] == pytest.approx(7000.0)
    rules = {z["zone"]: z["rule"] for z in land_use["details"]["zones"]}
    assert rules == {"工业发展区": "forbidden", "居住生活区": "allowed"}
    assert all(z["basis"] for z in land_use["details"]["zones"])


def test_second_level_override_makes_community_services_conditional(tmp_path):
    land_use = check(run(tmp_path, ZONES, square(100, 0), land_use="0702"), "land_use")
    assert land_use["status"] == "warning"
    assert land_use["details"]["zones"][0]["rule"] == "conditional"


def test_allowed_use_passes(tmp_path):
    assert check(run(tmp_path, ZONES, square(-300, 0), land_use="070101"), "land_use")["status"] == "pass"


def test_no_land_use_declared_needs_review(tmp_path):
    assert check(run(tmp_path, ZONES, square(-300, 0)), "land_use")["status"] == "warning"


# --- city lines --------------------------------------------------------------

LINES = {
    "ZXCQCSLVX": [(rect(0, -100, 200, 200), {"JB": "一级", "MC": "湘江风光带"})],
    "ZXCQCSLX": [(rect(-200, -100, -20, 200), {"JB": "二级", "MC": "雁栖湖"})],
    "ZXCQCSZX": [(rect(20, 50, 200, 200), {"MC": "湘江东岸历史文化街区"})],
    "ZXCQCSHX": [(rect(-200, 80, 200, 200), {"JB": "二级", "MC": "变电站"})],
}


def test_every_city_line_with_level_and_rule(tmp_path):
    result = run(tmp_path, LINES, HALF_SITE, land_use="0701")
    green, blue, purple, yellow = (
        check(result, c) for c in ("green_line", "blue_line", "purple_line", "yellow_line")
    )
    assert (green["status"], green["overlap_area_m2"]) == ("conflict", 5000.0)
    assert green["details"]["levels"][0]["level"] == "一级" and "112号" in green["basis"]
    assert (blue["status"], blue["overlap_area_m2"]) == ("conflict", 3000.0)
    assert blue["details"]["levels"][0]["level"] == "二级" and "145号" in blue["basis"]
    assert (purple["status"], purple["overlap_area_m2"]) == ("conflict", 1500.0)
    assert "119号" in purple["basis"]
    assert (yellow["status"], yellow["overlap_area_m2"]) == ("conflict", 2000.0)
    assert "144号" in yellow["basis"] and "二级城市黄线" in yellow["message"]


def test_park_in_a_green_line_needs_review_not_conflict(tmp_path):
    assert check(run(tmp_path, LINES, HALF_SITE, land_use="1401"), "green_line")["status"] == "warning"


# --- renewal units, river crossings, services ------------------------------


def test_renewal_unit_type_and_approach(tmp_path):
    units = {
        "CSGXDY": [
            (rect(-1000, -1000, 0, 1000), {"DYMC": "老城居住更新单元", "GXLX": "整治型"}),
            (rect(0, -1000, 1000, 1000), {"DYMC": "松梅更新单元", "GXLX": "重构型"}),
        ]
    }
    renewal = check(run(tmp_path, units, HALF_SITE), "renewal_unit")
    assert renewal["status"] == "pass" and renewal["overlap_area_m2"] == pytest.approx(10000.0)
    by_name = {u["name"]: u for u in renewal["details"]["units"]}
    assert (
        by_name["老城居住更新单元"]["type"] == "整治型"
        and "综合整治" in by_name["老城居住更新单元"]["approach"]
    )
    assert by_name["松梅更新单元"]["area_m2"] == 5000.0 and "拆除重建" in by_name["松梅更新单元"]["approach"]
    assert "4.6" in renewal["basis"]


CROSSING = {"KJTD": [(LineString([(X0, Y0 - 500), (X0, Y0 + 500)]), {"MC": "规划跨江通道一", "KZKD": 40.0})]}


def test_river_crossing_corridor_is_half_its_width_each_side(tmp_path):
    crossing = check(run(tmp_path, CROSSING, HALF_SITE, land_use="0701"), "river_crossing")
    assert crossing["status"] == "conflict"
    assert crossing["overlap_area_m2"] == pytest.approx(4000.0)  # 40 m corridor across a 100 m site
    assert crossing["features"][0]["attributes"]["MC"] == "规划跨江通道一"


def test_transport_use_in_a_crossing_corridor_needs_review(tmp_path):
    assert check(run(tmp_path, CROSSING, HALF_SITE, land_use="1207"), "river_crossing")["status"] == "warning"


def test_site_beside_the_corridor_passes(tmp_path):
    crossing = check(run(tmp_path, CROSSING, square(20, 0), land_use="0701"), "river_crossing")
    assert crossing["status"] == "pass" and crossing["overlap_area_m2"] == 0.0


def _services(school_distance: float):
    point = lambda dx, name, kind: (Point(X0 + 50 + dx, Y0 + 50), {"MC": name, "LX": kind})  # noqa: E731
    return {
        "GGFWSS": [
            point(50 + school_distance, "第一小学", "小学"),
            point(-950, "第一中学", "初中"),
            point(0, "社区卫生服务中心", "社区卫生服务中心"),
            point(-449, "雁峰公园", "公园"),
        ],
        "ZXCQGHYDYH": [(rect(400, 0, 500, 100), {"YDYHFLDM": "1401", "YDYHFLMC": "公园绿地"})],
    }


def test_service_coverage_all_within_thresholds(tmp_path):
    services = check(run(tmp_path, _services(900), square(0, 0), land_use="0701"), "service_coverage")
    assert services["status"] == "pass"
    rows = {r["service"]: r for r in services["details"]["services"]}
    assert rows["小学"]["distance_m"] == pytest.approx(900.0)
    assert rows["初中"]["distance_m"] == pytest.approx(900.0)
    assert rows["社区卫生服务中心"]["distance_m"] == 0.0
    assert rows["公园"]["distance_m"] == pytest.approx(399.0)
    assert rows["绿地"]["distance_m"] == pytest.approx(300.0)
    assert "300米见绿" in services["basis"]


def test_service_coverage_missing_school_needs_review(tmp_path):
    services = check(run(tmp_path, _services(1001), square(0, 0), land_use="0701"), "service_coverage")
    assert services["status"] == "warning"
    assert {r["service"]: r["covered"] for r in services["details"]["services"]}["小学"] is False


def test_service_coverage_only_for_residential_uses(tmp_path):
    services = check(run(tmp_path, _services(900), square(0, 0), land_use="0901"), "service_coverage")
    assert services["status"] == "not_run" and services["reason"]


# --- geometry -----------------------------------------------------------------


def test_declared_area_against_computed_area(tmp_path):
    result = run(tmp_path, {}, square(0, 0), square(200, 0), declared=[10_000.0, 9_000.0])
    geometry = check(result, "geometry")
    assert geometry["status"] == "warning"
    assert [p["status"] for p in geometry["parcels"]] == ["pass", "warning"]
    assert "申报面积" in geometry["parcels"][1]["message"]
    assert geometry["overlap_area_m2"] == pytest.approx(20000.0)


def test_clean_submission_on_an_empty_plan_passes_except_zoning(tmp_path):
    result = run(tmp_path, {"GHFQ": ZONES["GHFQ"]}, square(0, 0), land_use="0901")
    statuses = {c.id: c.status for c in result.checks}
    assert statuses["geometry"] == "pass" and statuses["farmland"] == "pass"
    assert statuses["land_use"] == "pass"  # 09 in 城镇发展区 is allowed
    # outside every development boundary part: 09 is construction land
    assert statuses["dev_boundary"] == "conflict"
