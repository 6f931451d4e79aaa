"""The 2023 用地用海 三级 (6-digit) codes: names, fallback to the parent's rule, 2020 → 2023 codes (issue 15)."""

from __future__ import annotations

import pytest

from hengyang_plan_plugin import api
from hengyang_plan_plugin.core import rules
from hengyang_plan_plugin.core.land_use_codes import code_2020_note, current_code, land_use_codes, lookup
from hengyang_plan_plugin.core.review import normalise_land_use
from hengyang_plan_plugin.core.txt_coordinates import land_use_from_code_or_name
from hengyang_plan_plugin.paths import SAMPLES_DIR

SAMPLE_SUBMISSION = SAMPLES_DIR / "sample_submission.txt"

# The 6-digit codes of 自然资发〔2023〕234号 with their names (official-rules-check §2.1).
THIRD_LEVEL = {
    "060101": "村道用地",
    "060102": "田间道",
    "060201": "种植设施建设用地",
    "060202": "畜禽养殖设施建设用地",
    "060203": "水产养殖设施建设用地",
    "070101": "一类城镇住宅用地",
    "070103": "三类城镇住宅用地",
    "070302": "二类农村宅基地",
    "080301": "图书与展览用地",
    "080403": "中小学用地",
    "080405": "其他教育用地",
    "080502": "体育训练用地",
    "080602": "基层医疗卫生设施用地",
    "080701": "老年人社会福利用地",
    "080704": "其他社会福利用地",
    "090105": "公用设施营业网点用地",
    "100102": "二类工业用地",
    "110103": "三类物流仓储用地",
    "120801": "对外交通场站用地",
    "120803": "社会停车场用地",
}
COUNTS = {"0601": 2, "0602": 3, "0701": 3, "0703": 2, "0803": 2, "0804": 5, "0805": 2, "0806": 3, "0807": 4,
          "0901": 5, "1001": 3, "1101": 3, "1208": 3}


@pytest.mark.parametrize("code, name", sorted(THIRD_LEVEL.items()))
def test_third_level_codes_are_named(code, name):
    entry = lookup(code)
    assert entry.code == code and entry.name == name and entry.level == 3


def test_every_parent_has_its_official_children_and_their_colour():
    codes = land_use_codes()
    six = [code for code in codes if len(code) == 6]
    assert len(six) == sum(COUNTS.values()) == 40
    for parent, count in COUNTS.items():
        assert sum(1 for code in six if code[:4] == parent) == count, parent
    for code in six:
        assert codes[code].rgb == codes[code[:4]].rgb, code


def test_unlisted_third_level_code_still_falls_back_to_its_parent():
    assert lookup("120809").code == "1208"
    assert lookup("0905").code == "09"


def test_third_level_code_gets_the_rule_of_its_parent():
    matrix = rules.land_use_matrix()
    for zone, row in matrix.items():
        for code in ("060102", "070101", "080403", "120803"):
            assert rules.most_specific(code, row) is rules.most_specific(code[:4], row), (zone, code)
    assert rules.most_specific("060102", {"06": "a"}) == "a"
    assert rules.most_specific("060102", {"06": "a", "0601": "b"}) == "b"
    assert rules.most_specific("060102", {"06": "a", "0601": "b", "060102": "c"}) == "c"


def test_six_digit_code_accepted_as_land_use_argument_and_in_txt():
    assert normalise_land_use(" 060102 ") == "060102"
    assert land_use_from_code_or_name("060102", "") == "060102"
    assert land_use_from_code_or_name("", "田间道") == "060102"
    assert land_use_from_code_or_name("", "中小学") == "080403"


def test_2020_codes_the_2023_guide_dropped_are_read_as_their_2023_code():
    assert current_code("0603") == "060202" and current_code(" 0604 ") == "060203"
    assert current_code("0602") == "0602" and current_code("0601") == "0601"  # kept in 2023
    assert lookup("0603").code == "060202" and lookup("0604").name == "水产养殖设施建设用地"
    assert rules.most_specific("0603", {"06": "a", "0602": "b"}) == "b"
    assert "060202 畜禽养殖设施建设用地" in code_2020_note("0603")
    assert code_2020_note("0602") is None and code_2020_note("060202") is None


def statuses(result) -> dict[str, str]:
    return {check.id: check.to_dict()["status"] for check in result.checks}


def land_use_message(result) -> str:
    return next(check for check in result.checks if check.id == "land_use").to_dict()["message"]


def test_field_road_on_the_sample_plan_reviews_like_rural_road_and_is_named(sample_plan_path):
    road = api.review(SAMPLE_SUBMISSION, plan=sample_plan_path, land_use="0601")
    field_road = api.review(SAMPLE_SUBMISSION, plan=sample_plan_path, land_use="060102")
    assert field_road.to_dict()["verdict"] == road.to_dict()["verdict"]
    assert statuses(field_road) == statuses(road)
    assert field_road.to_dict()["land_use"] == "060102"
    assert "060102 田间道" in land_use_message(field_road)


def test_2020_code_on_the_sample_plan_reviews_like_its_2023_code_with_a_note(sample_plan_path):
    old = api.review(SAMPLE_SUBMISSION, plan=sample_plan_path, land_use="0603")
    new = api.review(SAMPLE_SUBMISSION, plan=sample_plan_path, land_use="060202")
    assert statuses(old) == statuses(new)
    assert "2020年试行版代码" in land_use_message(old) and "060202" in land_use_message(old)
    assert "2020年试行版代码" not in land_use_message(new)


def test_report_names_third_level_and_2020_codes():
    from hengyang_plan_plugin.core.report.html_report import _land_use_text

    assert _land_use_text("060102") == "060102 田间道"
    assert _land_use_text("0603") == "0603 畜禽养殖设施建设用地"


def test_a_txt_parcel_coded_0603_is_reviewed_as_060202_with_the_note(tmp_path):
    """地类编码 0603 (2020 试行) in a TXT is not "not a land-use code": it is read as its 2023 code."""
    from hengyang_plan_plugin import api

    header = (
        "[属性描述]\n坐标系=2000国家大地坐标系\n几度分带=3\n投影类型=高斯克吕格\n计量单位=米\n带号=38\n[地块坐标]\n"
    )
    square = [(2973300.0, 38355200.0), (2973300.0, 38355300.0), (2973400.0, 38355300.0), (2973400.0, 38355200.0)]
    points = "".join(f"J{i + 1},1,{x:.3f},{y:.3f}\n" for i, (x, y) in enumerate([*square, square[0]]))
    path = tmp_path / "site.txt"
    path.write_bytes((header + "5,1.0000,1,养殖地块,面,,畜禽养殖设施建设用地,0603,@\n" + points).encode("gbk"))
    submission = api.read(path)
    assert submission.parcels[0].land_use == "0603"
    result = api.review(submission).to_dict()
    geometry = next(check for check in result["checks"] if check["id"] == "geometry")
    assert "不是用地用海分类代码" not in geometry["message"]
    land_use = next(check for check in result["checks"] if check["id"] == "land_use")
    assert "060202" in land_use["message"] and "2020" in land_use["message"]
