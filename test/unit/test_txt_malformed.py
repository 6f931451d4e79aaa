"""界址点坐标 TXT reader: every malformed file is one SubmissionError naming the file line."""

from __future__ import annotations

from pathlib import Path

import pytest

from hengyang_plan_plugin.core.submission_model import SubmissionError
from hengyang_plan_plugin.core.txt_coordinates import read_txt

MALFORMED = Path(__file__).resolve().parents[1] / "data" / "txt" / "malformed"

# file -> (line, text the message contains)
EXPECTED = {
    "empty.txt": (1, "缺少[属性描述]节"),
    "missing_header_section.txt": (1, "缺少[属性描述]节"),
    "missing_parcel_section.txt": (17, "缺少[地块坐标]节"),
    "sections_reversed.txt": (1, "[地块坐标]节出现在[属性描述]节之前"),
    "non_numeric_x.txt": (15, "坐标不是数字: X=“2977318.9x4”"),
    "non_numeric_y.txt": (17, "坐标不是数字: Y=“三八三六一零一二”"),
    "nan_coordinate.txt": (16, "坐标不是数字: X=“nan”"),
    "two_points.txt": (14, "第1圈只有2个不同的点，不能构成面"),
    "collinear.txt": (14, "点在一条直线上，面积为零"),
    "duplicate_id.txt": (19, "地块编号“1”重复(第13行已出现)"),
    "xian80.txt": (5, "1980西安坐标系与CGCS2000基准不同，换算需要七参数，不能自动转换"),
    "beijing54.txt": (5, "1954北京坐标系与CGCS2000基准不同"),
    "wgs84.txt": (5, "坐标系为“WGS84”"),
    "unknown_datum.txt": (5, "无法识别的坐标系“衡阳独立坐标系”"),
    "ring_not_integer.txt": (15, "圈号不是整数: “一”"),
    "point_too_few_fields.txt": (15, "坐标行应为“点号,圈号,X,Y”，只有3个字段"),
    "point_before_parcel.txt": (13, "坐标行之前没有地块行"),
    "no_parcels.txt": (12, "[地块坐标]节中没有地块"),
    "parcel_without_points.txt": (13, "地块“1”没有界址点"),
    "point_count_not_integer.txt": (13, "界址点数不是整数: “五”"),
    "area_not_numeric.txt": (13, "地块面积不是数字: “一公顷”"),
    "parcel_line_too_short.txt": (13, "地块行字段不足"),
    "zone_mismatch.txt": (9, "带号37与Y坐标的带号前缀38(第14行)不一致"),
    "mixed_prefix.txt": (16, "部分Y坐标带有带号前缀、部分没有"),
    "two_zone_prefixes.txt": (20, "Y坐标的带号前缀不一致(38、37)"),
    "no_zone.txt": (9, "无法确定投影带: 表头没有带号，Y坐标也没有带号前缀"),
    "zone_width_invalid.txt": (6, "几度分带应为3或6，实为“5”"),
    "zone_invalid_for_width.txt": (14, "带号38不是CGCS2000有效的6度带带号"),
    "zone_not_integer.txt": (9, "带号不是整数: “三十八”"),
    "unit_not_metres.txt": (8, "计量单位为“英尺”"),
}


# Fixtures once refused that are real exporter layouts, now read: file -> (parts, exact area m²).
NOW_READ = {
    "hole_outside.txt": (2, 10000.0 + 100.0),  # 圈号2 outside ring 1 is a second part, not a hole
}


def test_every_malformed_fixture_has_an_expectation():
    assert sorted(p.name for p in MALFORMED.glob("*.txt")) == sorted([*EXPECTED, *NOW_READ])
    assert len(EXPECTED) >= 20


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_malformed_file_raises_with_line(name):
    line, text = EXPECTED[name]
    path = MALFORMED / name
    with pytest.raises(SubmissionError) as caught:
        read_txt(path)
    error = caught.value
    assert error.line == line
    assert error.path == str(path)
    assert error.bare_message.startswith(f"第{line}行: ")
    assert text in error.bare_message
    assert str(error).startswith(f"{path}:{line}: ")
    assert "\n" not in str(error)


def test_missing_file_is_a_submission_error(tmp_path):
    with pytest.raises(SubmissionError, match="无法读取文件"):
        read_txt(tmp_path / "nothing.txt")


@pytest.mark.parametrize("name", sorted(NOW_READ))
def test_former_refusals_now_read(name):
    parts, area = NOW_READ[name]
    geometry = read_txt(MALFORMED / name).parcels[0].geometry
    assert geometry.geom_type == "MultiPolygon"
    assert len(geometry.geoms) == parts
    assert geometry.area == pytest.approx(area, abs=1e-6)
