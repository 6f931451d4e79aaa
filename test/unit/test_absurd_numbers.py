"""Non-finite and absurd numbers are refused where they are read, so review.json stays valid JSON."""

from __future__ import annotations

import json
import math
import os
from pathlib import Path

import pytest
from shapely.geometry import box

from hengyang_plan_plugin import api
from hengyang_plan_plugin.core.submission_io import read_submission
from hengyang_plan_plugin.core.submission_model import Parcel, Submission, SubmissionError

HEADER = (
    "[属性描述]\n坐标系=2000国家大地坐标系\n几度分带=3\n投影类型=高斯克吕格\n计量单位=米\n带号=38\n[地块坐标]\n"
)
SQUARE = [(2977300.0, 38360900.0), (2977300.0, 38361000.0), (2977400.0, 38361000.0), (2977400.0, 38360900.0)]


def _txt(tmp_path, area: str):
    points = "".join(f"J{i + 1},1,{x:.3f},{y:.3f}\n" for i, (x, y) in enumerate([*SQUARE, SQUARE[0]]))
    path = tmp_path / "site.txt"
    path.write_bytes((HEADER + f"5,{area},1,地块,面,,,,@\n" + points).encode("gbk"))
    return path


@pytest.mark.parametrize("area", ["1e308", "1e400", "inf", "nan", "2000000000"])
def test_an_absurd_declared_area_is_refused_at_its_line(tmp_path, area):
    with pytest.raises(SubmissionError) as refused:
        read_submission(_txt(tmp_path, area))
    assert refused.value.line == 8
    assert "地块面积" in refused.value.bare_message


def test_a_plain_declared_area_still_reads(tmp_path):
    assert read_submission(_txt(tmp_path, "1.0000")).parcels[0].declared_area_m2 == pytest.approx(10_000)


def test_infinite_geojson_coordinates_are_refused(tmp_path):
    path = tmp_path / "site.geojson"
    path.write_text(
        '{"type":"FeatureCollection","features":[{"type":"Feature","properties":{},"geometry":{"type":"Polygon",'
        '"coordinates":[[[112.6,26.9],[1e400,26.9],[112.61,26.91],[112.6,26.9]]]}}]}',
        encoding="utf-8",
    )
    # GDAL 3.6/3.10 read 1e400 as inf (refused here); GDAL 3.13 refuses the file itself.
    with pytest.raises(SubmissionError, match="site.geojson: (要素0的坐标不是有限数值|不是可读取的矢量数据)"):
        read_submission(path)


def test_an_absurd_declared_area_attribute_is_dropped_with_a_warning(tmp_path):
    path = tmp_path / "site.geojson"
    path.write_text(
        '{"type":"FeatureCollection","crs":{"type":"name","properties":{"name":"urn:ogc:def:crs:EPSG::4526"}},'
        '"features":[{"type":"Feature","properties":{"申报面积":1e300},"geometry":{"type":"Polygon",'
        '"coordinates":[[[38360900,2977300],[38361000,2977300],[38361000,2977400],[38360900,2977400],'
        "[38360900,2977300]]]}}]}",
        encoding="utf-8",
    )
    submission = read_submission(path)
    assert submission.parcels[0].declared_area_m2 is None
    assert any("不是合理的公顷数，已忽略" in warning for warning in submission.warnings)


def test_review_json_is_never_invalid_json(tmp_path):
    parcel = Parcel(id="1", geometry=box(38_360_900, 2_977_300, 38_361_000, 2_977_400), declared_area_m2=math.inf)
    result = api.review(Submission(name="s", source="s", crs="EPSG:4526", parcels=[parcel]))
    try:
        path = api.write_json(result, tmp_path / "review.json")
    except ValueError:
        return  # refusing to write is safe; writing "Infinity" is not
    json.loads(path.read_text(encoding="utf-8"), parse_constant=lambda name: pytest.fail(f"{name} in JSON"))


def test_an_absurd_coordinate_is_refused_at_its_line_in_few_words(tmp_path):
    path = _txt(tmp_path, "1.0000")
    lines = path.read_bytes().decode("gbk").splitlines()
    lines[8] = "J1,1,1e308,38360900.000"
    path.write_bytes("\n".join(lines).encode("gbk"))
    with pytest.raises(SubmissionError) as refused:
        read_submission(path)
    assert refused.value.line == 9
    assert "X坐标1e+308不是高斯-克吕格北坐标" in refused.value.bare_message
    assert len(str(refused.value)) < 300


def test_a_named_pipe_or_a_device_is_refused_not_read(tmp_path):
    pipe = tmp_path / "site.txt"
    os.mkfifo(pipe)
    for path in (pipe, Path("/dev/zero")):
        with pytest.raises(SubmissionError, match="不是普通文件（管道或设备）"):
            read_submission(path)
