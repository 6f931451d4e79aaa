"""界址点坐标 TXT writer: export back to the same format, and import → export → import."""

from __future__ import annotations

from pathlib import Path

import pytest

from hengyang_plan_plugin.core.submission_model import Parcel, Submission, SubmissionError
from hengyang_plan_plugin.core.txt_coordinates import format_txt, read_txt, write_txt

VALID = Path(__file__).resolve().parents[1] / "data" / "txt" / "valid"
ROUND_TRIP_FILES = [
    "single_parcel.txt",
    "several_parcels.txt",
    "holes.txt",
    "zone37.txt",
    "no_prefix.txt",
    "gbk_crlf.txt",
    "gb18030_crlf.txt",
    "six_degree.txt",
    "precision_digits.txt",
]


def _signature(submission: Submission):
    return submission.crs, [
        (p.id, p.name, p.land_use, p.land_use_name, p.declared_area_m2, p.attributes, p.geometry.wkt)
        for p in submission.parcels
    ]


@pytest.mark.parametrize("name", ROUND_TRIP_FILES)
def test_import_export_import_keeps_geometry_and_attributes(name, tmp_path):
    first = read_txt(VALID / name)
    exported = write_txt(first, tmp_path / name)
    second = read_txt(exported)
    assert _signature(second) == _signature(first)
    assert second.warnings == []
    # A second export is byte-identical: nothing drifts.
    again = write_txt(second, tmp_path / f"again_{name}")
    assert again.read_bytes() == exported.read_bytes()


def test_export_is_gbk_compatible_with_crlf(tmp_path):
    path = write_txt(read_txt(VALID / "gbk_crlf.txt"), tmp_path / "out.txt")
    data = path.read_bytes()
    assert b"\r\n" in data and b"\n" not in data.replace(b"\r\n", b"")
    text = data.decode("gbk")
    assert "衡阳县西渡镇地块" in text


def test_export_layout_matches_the_format():
    text = format_txt(read_txt(VALID / "holes.txt"))
    lines = text.splitlines()
    assert lines[0] == "[属性描述]"
    assert "坐标系=2000国家大地坐标系" in lines
    assert "几度分带=3" in lines and "带号=38" in lines and "精度=0.001" in lines
    parcel_line = lines[lines.index("[地块坐标]") + 1]
    assert parcel_line == "15,3.7100,H1,带内环地块,面,,工业用地,1001,@"
    points = lines[lines.index("[地块坐标]") + 2 :]
    assert len(points) == 15
    assert points[0] == points[4]  # each ring closes on its first point ...
    assert points[5].startswith("J5,2,") and points[9] == points[5]  # ... and numbering runs on into holes
    assert {line.split(",")[1] for line in points} == {"1", "2", "3"}
    # X is the northing, Y the prefixed easting.
    assert points[0].split(",")[2:] == ["2977318.934", "38360912.217"]


def test_export_writes_computed_area_when_none_declared():
    from shapely.geometry import box

    submission = Submission("s", "mem", "EPSG:4525", [Parcel("7", box(37610000, 2966000, 37610050, 2966020))])
    text = format_txt(submission)
    assert "带号=37" in text
    assert "5,0.1000,7,,面,,,,@" in text


def test_export_refuses_a_crs_without_gauss_kruger_zone():
    from shapely.geometry import box

    submission = Submission("s", "mem", "EPSG:4490", [Parcel("1", box(112, 26, 112.01, 26.01))])
    with pytest.raises(SubmissionError, match="不是CGCS2000高斯-克吕格投影"):
        format_txt(submission)


def test_commas_in_names_cannot_break_the_line(tmp_path):
    submission = read_txt(VALID / "single_parcel.txt")
    submission.parcels[0].name = "甲,乙"
    again = read_txt(write_txt(submission, tmp_path / "c.txt"))
    assert again.parcels[0].name == "甲，乙"
