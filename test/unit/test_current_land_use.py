"""现状地类 (DLTB): exact areas by 地类 and 权属 on hand-built plans, 田坎 扣除, the summary table (no QGIS)."""

from __future__ import annotations

import pytest

from hengyang_plan_plugin.core.checks.current_land_use import ridge_share
from hengyang_plan_plugin.core.plan.registry import open_plan
from hengyang_plan_plugin.core.review import review_submission
from hengyang_plan_plugin.core.rules import survey_classes
from test.review_fixtures import rect, release_plans, square, submission, write_plan

MU = 10_000 / 15


def tb(code, name, qsxz, unit_code, unit_name, kcxs=0.0, tbmj=10_000.0):
    return {
        "BSM": f"{unit_code}-{code}",
        "DLBM": code,
        "DLMC": name,
        "QSXZ": qsxz,
        "QSDWDM": unit_code,
        "QSDWMC": unit_name,
        "TBMJ": tbmj,
        "KCXS": kcxs,
        "TBDLMJ": tbmj * (1 - kcxs),
    }


VILLAGE_A = ("430421101201", "金溪村农民集体")
VILLAGE_B = ("430421101202", "松柏村农民集体")
STATE_UNIT = ("430405001000", "珠晖区人民政府")
# Left half of the site: 水田 of 金溪村 with 10 % 田坎; right half: 旱地 of 松柏村, no 田坎.
TWO_VILLAGES = {
    "DLTB": [
        (rect(-100, -100, 50, 200), tb("0101", "水田", "30", *VILLAGE_A, kcxs=0.1)),
        (rect(50, -100, 300, 200), tb("0103", "旱地", "32", *VILLAGE_B)),
    ]
}
SITE = square(0, 0)  # 100 m × 100 m: 5,000 m² on each 图斑


@pytest.fixture(autouse=True)
def _release_plans():
    yield
    release_plans()


def review(tmp_path, features, *sites, land_use="0701", name="plan.gpkg", **kwargs):
    plan = open_plan(write_plan(tmp_path / name, features))
    return review_submission(submission(*sites, land_use=land_use, **kwargs), plan)


def land_check(result):
    return next(c for c in result.to_dict()["checks"] if c["id"] == "current_land_use")


def rows_by(details, key):
    return {row[key]: row["area_m2"] for row in details}


def test_site_across_two_villages_with_tiankan_deduction(tmp_path):
    check = land_check(review(tmp_path, TWO_VILLAGES, SITE))
    details = check["details"]
    assert check["status"] == "warning"  # 耕地 occupied: 占补平衡, 需人工复核
    assert rows_by(details["by_code"], "code") == {"0101": 4500.0, "0103": 5000.0, "1203": 500.0}
    assert rows_by(details["cultivated"], "name") == {"水田": 4500.0, "水浇地": 0.0, "旱地": 5000.0}
    assert rows_by(details["by_class"], "class") == {"农用地": 10_000.0, "建设用地": 0.0, "未利用地": 0.0}
    assert rows_by(details["by_level1"], "name") == {"耕地": 9500.0, "其他土地": 500.0}
    assert details["conversion_area_m2"] == 10_000.0
    assert check["cultivated_area_m2"] == check["concern_area_m2"] == 9500.0
    assert check["cultivated_area_mu"] == pytest.approx(9500 / MU, abs=1e-4)
    assert check["conversion_area_m2"] == 10_000.0
    assert check["overlap_area_m2"] == 10_000.0
    assert {(r["name"], r["area_m2"]) for r in details["collective"]} == {
        ("金溪村农民集体", 5000.0),
        ("松柏村农民集体", 5000.0),
    }
    assert "占补平衡" in check["message"] and "征收" in check["message"] and "农用地转用面积" in check["message"]
    assert "第30条" in check["basis"] and "KCXS" in details["method"]
    table = details["summary_table"]["m2"]
    by_unit = {row["name"]: row["values"] for row in table["rows"]}
    columns = details["summary_table"]["columns"]
    assert dict(zip(columns, by_unit["金溪村农民集体"]))["水田"] == 4500.0
    assert dict(zip(columns, by_unit["金溪村农民集体"]))["其他农用地"] == 500.0  # the 田坎
    assert dict(zip(columns, by_unit["松柏村农民集体"]))["旱地"] == 5000.0
    assert table["total"]["values"][-1] == 10_000.0 and table["residual"] is None


def test_site_on_state_construction_land_needs_no_conversion(tmp_path):
    plan = {"DLTB": [(rect(-500, -500, 500, 500), tb("0701", "城镇住宅用地", "20", *STATE_UNIT))]}
    check = land_check(review(tmp_path, plan, SITE))
    details = check["details"]
    assert check["status"] == "pass"
    assert details["conversion_area_m2"] == 0.0 and check["conversion_area_m2"] == 0.0
    assert check["cultivated_area_m2"] == check["concern_area_m2"] == 0.0
    assert rows_by(details["by_class"], "class") == {"农用地": 0.0, "建设用地": 10_000.0, "未利用地": 0.0}
    assert details["collective"] == [] and "征收" not in check["message"]
    assert details["summary_table"]["m2"]["rows"] == [
        {
            "name": "珠晖区人民政府",
            "code": "430405001000",
            "ownership": "国有土地使用权",
            "kind": "国有",
            "values": [0.0] * 7 + [10_000.0, 0.0, 10_000.0],
        }
    ]


def test_summary_table_adds_up_to_the_site_area_exactly(tmp_path):
    # Three 图斑 in thirds of an odd site, with 田坎: cells that do not round to the total.
    third = 100 / 3
    plan = {
        "DLTB": [
            (rect(-100, -100, third, 200), tb("0101", "水田", "30", *VILLAGE_A, kcxs=0.0777)),
            (rect(third, -100, 2 * third, 200), tb("0102", "水浇地", "30", *VILLAGE_B, kcxs=0.0333)),
            (rect(2 * third, -100, 300, 200), tb("0301", "乔木林地", "20", *STATE_UNIT)),
        ]
    }
    site = rect(0, 0, 100, 100.0097)  # rounded cells miss the rounded total by 0.01 m² and 0.0001 亩
    result = review(tmp_path, plan, site)
    check = land_check(result)
    site_area = result.site_area_m2
    table = check["details"]["summary_table"]
    for unit, decimals, total in (("m2", 2, site_area), ("mu", 4, site_area / MU)):
        scale = 10**decimals
        part = table[unit]
        assert part["residual"]["name"] == "舍入差" and part["residual"]["values"][:-1] == [0.0] * 9
        rows = [*part["rows"], *([part["residual"]] if part["residual"] else [])]
        assert sum(round(row["values"][-1] * scale) for row in rows) == round(total * scale), unit
        assert part["total"]["values"][-1] == round(total, decimals)
        for row in part["rows"]:  # each row's 合计 is the sum of its printed cells
            assert round(row["values"][-1] * scale) == sum(round(v * scale) for v in row["values"][:-1])
    # The areas themselves match an independent overlay (shapely, by construction here).
    by_code = rows_by(check["details"]["by_code"], "code")
    expected_0101 = third * 100.0097 * (1 - 0.0777)
    assert by_code["0101"] == pytest.approx(expected_0101, abs=0.006)
    assert by_code["1203"] == pytest.approx(third * 100.0097 * (0.0777 + 0.0333), abs=0.006)


def test_site_outside_the_survey_layer_is_a_warning_with_its_own_row(tmp_path):
    plan = {"DLTB": [(rect(-100, -100, 50, 200), tb("0701", "城镇住宅用地", "20", *STATE_UNIT))]}
    check = land_check(review(tmp_path, plan, SITE))
    assert check["status"] == "warning" and "无现状地类图斑" in check["message"]
    assert check["details"]["uncovered_area_m2"] == 5000.0
    table = check["details"]["summary_table"]
    assert table["columns"][-2:] == ["无现状图斑", "合计"]
    assert table["m2"]["rows"][-1]["values"][-2:] == [5000.0, 5000.0]
    assert table["m2"]["total"]["values"][-1] == 10_000.0


def test_parcels_with_their_own_uses_convert_only_under_construction(tmp_path):
    # Parcel 1 (住宅) on the 水田 of 金溪村, parcel 2 (水浇地, no construction) on 松柏村's 旱地.
    plan = open_plan(write_plan(tmp_path / "plan.gpkg", TWO_VILLAGES))
    sub = submission(rect(0, 0, 50, 100), rect(50, 0, 100, 100))
    sub.parcels[0].land_use, sub.parcels[1].land_use = "0701", "0102"
    check = land_check(review_submission(sub, plan))
    assert check["details"]["conversion_area_m2"] == 5000.0
    parcels = {p["id"]: p for p in check["parcels"]}
    assert parcels["1"]["conversion_area_m2"] == 5000.0 and parcels["2"]["conversion_area_m2"] == 0.0
    assert parcels["1"]["cultivated_area_m2"] == 4500.0 and parcels["2"]["cultivated_area_m2"] == 5000.0


def test_undeclared_use_leaves_conversion_open(tmp_path):
    check = land_check(review(tmp_path, TWO_VILLAGES, SITE, land_use=None))
    assert check["details"]["conversion_area_m2"] is None
    assert "conversion_area_m2" not in check and "未申报拟建用途" in check["message"]


def test_plan_without_dltb_reviews_as_before(tmp_path):
    clean = {"XZQ": [(rect(-10_000, -10_000, 10_000, 10_000), {"XZQDM": "430405", "XZQMC": "珠晖区"})]}
    without = review(tmp_path, clean, SITE, name="without.gpkg")
    check = land_check(without)
    assert check["status"] == "not_run" and "DLTB" in check["reason"] and "可选" in check["reason"]
    state = (rect(-500, -500, 500, 500), tb("0701", "城镇住宅用地", "20", *STATE_UNIT))
    with_layer = review(tmp_path, {**clean, "DLTB": [state]}, SITE, name="with.gpkg")
    assert land_check(with_layer)["status"] == "pass"
    assert without.verdict == with_layer.verdict
    others = [
        [c for c in result.to_dict()["checks"] if c["id"] != "current_land_use"] for result in (without, with_layer)
    ]
    assert others[0] == others[1]  # the new layer changes no other check


def test_ridge_share_from_kcxs_else_from_tbdlmj():
    assert ridge_share({"KCXS": 0.12}) == 0.12
    assert ridge_share({"KCXS": None, "TBMJ": 1000.0, "TBDLMJ": 900.0}) == pytest.approx(0.1)
    assert ridge_share({}) == 0.0
    assert ridge_share({"KCXS": 5}) is None  # neither a fraction nor derivable


def test_survey_class_table():
    classes = survey_classes()
    assert (classes["0101"].level1_name, classes["0101"].land_class) == ("耕地", "农用地")
    assert (classes["1203"].name, classes["1203"].land_class) == ("田坎", "农用地")
    assert (classes["0603"].level1_name, classes["0603"].land_class) == ("湿地", "建设用地")
    assert (classes["1106"].level1_name, classes["1106"].land_class) == ("湿地", "未利用地")
    assert classes["0404"].land_class == "未利用地" and classes["1201"].land_class == "建设用地"


def test_a_huge_survey_layer_stays_on_the_rtree_and_reviews_the_same(tmp_path, monkeypatch):
    """A city's DLTB (a million 图斑) is never loaded whole: warm reviews query the GeoPackage R-tree."""
    from hengyang_plan_plugin.core.plan import ogr_layer

    monkeypatch.setattr(ogr_layer, "PROMOTE_MAX_FEATURES", 1)  # two 图斑 count as huge here
    plan = open_plan(write_plan(tmp_path / "plan.gpkg", TWO_VILLAGES))
    first, second = (land_check(review_submission(submission(SITE, land_use="0701"), plan)) for _ in range(2))
    assert plan.layer("DLTB")._index is None and plan.layer("YJJBNT")._index is not None
    assert first == second and first["cultivated_area_m2"] == 9500.0


def test_a_huge_survey_layer_counts_its_unreadable_features_from_the_rtree(tmp_path, monkeypatch):
    from hengyang_plan_plugin.core.plan import ogr_layer

    monkeypatch.setattr(ogr_layer, "PROMOTE_MAX_FEATURES", 1)
    damaged = {"DLTB": [*TWO_VILLAGES["DLTB"], (None, tb("0101", "水田", "30", *VILLAGE_A))]}
    plan = open_plan(write_plan(tmp_path / "plan.gpkg", damaged))
    check = land_check(review_submission(submission(SITE, land_use="0701"), plan))
    assert plan.layer("DLTB").unreadable_count() == 1 and plan.layer("DLTB")._rtree_count() == 2  # 3 features
    assert check["status"] == "warning" and "无法读取" in check["message"]
    assert check["details"]["unreadable_features"] == {"DLTB": 1}


def test_overlapping_survey_patches_are_counted_once_and_flagged(tmp_path):
    plan = {
        "DLTB": [
            (rect(-100, -100, 200, 200), tb("0701", "城镇住宅用地", "20", *STATE_UNIT)),
            (rect(50, -100, 300, 200), tb("0103", "旱地", "30", *VILLAGE_B)),
        ]
    }
    check = land_check(review(tmp_path, plan, SITE))
    assert check["overlap_area_m2"] == 10_000.0 and "重叠" in check["message"]
    assert check["details"]["summary_table"]["m2"]["total"]["values"][-1] == 10_000.0
