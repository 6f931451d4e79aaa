"""Faulty parcel geometry is measured as drawn and flagged, never passed unseen or mis-measured."""

from __future__ import annotations

import pytest
from shapely.geometry import MultiPolygon, Polygon, box

from hengyang_plan_plugin import api
from hengyang_plan_plugin.core.geometry_repair import repair_polygonal
from hengyang_plan_plugin.core.parcel_overlaps import overlapping_pairs
from hengyang_plan_plugin.core.submission_model import SubmissionError

HEADER = "[属性描述]\n坐标系=2000国家大地坐标系\n几度分带=3\n投影类型=高斯克吕格\n计量单位=米\n带号=38\n[地块坐标]\n"
# In the city centre: the sample plan's 居住生活区 around E 38355200, N 2973300.
E0, N0 = 38355200.0, 2973300.0


def _square(e: float, n: float, w: float, h: float) -> list[tuple[float, float]]:
    return [(e, n), (e + w, n), (e + w, n + h), (e, n + h)]


def _parcel(parcel_id: str, rings: list[tuple[int, list[tuple[float, float]]]]) -> str:
    lines, count = [], 0
    for ring_number, points in rings:
        for e, n in [*points, points[0]]:
            count += 1
            lines.append(f"J{count},{ring_number},{n:.3f},{e:.3f}")  # X is the northing, Y the easting
    return "\n".join([f"{count},,{parcel_id},地块{parcel_id},面,,,0701,@", *lines]) + "\n"


def _review(tmp_path, *parcels: str):
    path = tmp_path / "site.txt"
    path.write_bytes((HEADER + "".join(parcels)).encode("gbk"))
    result = api.review(api.read(path)).to_dict()
    return result, next(check for check in result["checks"] if check["id"] == "geometry")


def _verdicts(result) -> dict[str, str]:
    return {parcel["id"]: parcel["verdict"] for parcel in result["submission"]["parcels"]}


def test_identical_parcels_are_flagged_and_counted_once(tmp_path):
    square = _square(E0, N0, 100, 100)
    result, geometry = _review(tmp_path, _parcel("1", [(1, square)]), _parcel("2", [(1, square)]))
    assert result["submission"]["area_m2"] == pytest.approx(10_000.0)
    assert geometry["status"] == "warning"
    assert "地块 1：与其他地块重叠：地块 2（完全重合 10,000.00 m²" in geometry["message"]
    assert "地块 2：与其他地块重叠：地块 1（完全重合" in geometry["message"]
    assert set(_verdicts(result).values()) == {"review"}  # neither passes unseen


def test_half_overlapping_parcels_name_each_other_with_the_overlap(tmp_path):
    result, geometry = _review(
        tmp_path, _parcel("A", [(1, _square(E0, N0, 100, 100))]), _parcel("B", [(1, _square(E0 + 50, N0, 100, 100))])
    )
    assert result["submission"]["area_m2"] == pytest.approx(15_000.0)
    assert "地块 A：与其他地块重叠：地块 B（重叠 5,000.00 m²" in geometry["message"]
    assert "地块 B：与其他地块重叠：地块 A（重叠 5,000.00 m²" in geometry["message"]


def test_parcels_that_only_touch_are_not_an_overlap(tmp_path):
    result, geometry = _review(
        tmp_path, _parcel("A", [(1, _square(E0, N0, 100, 100))]), _parcel("B", [(1, _square(E0 + 100, N0, 100, 100))])
    )
    assert result["submission"]["area_m2"] == pytest.approx(20_000.0)
    assert "重叠" not in geometry["message"]


def test_a_hole_sharing_edges_with_its_shell_is_cut_out_not_dropped(tmp_path):
    result, geometry = _review(tmp_path, _parcel("1", [(1, _square(E0, N0, 100, 100)), (2, _square(E0, N0, 50, 50))]))
    assert result["submission"]["area_m2"] == pytest.approx(7_500.0)
    assert result["submission"]["parcels"][0]["area_m2"] == pytest.approx(7_500.0)
    assert geometry["status"] == "warning"
    assert "外环修复后扣除内环" in geometry["message"]


def test_a_bow_tie_is_refused_as_crossing_not_as_collinear(tmp_path):
    path = tmp_path / "bowtie.txt"
    bow_tie = [(E0, N0), (E0 + 100, N0 + 100), (E0 + 100, N0), (E0, N0 + 100)]
    path.write_bytes((HEADER + _parcel("1", [(1, bow_tie)])).encode("gbk"))
    with pytest.raises(SubmissionError) as refused:
        api.read(path)
    message = refused.value.bare_message
    assert "相互交叉" in message and "X=2973350.000、Y=38355250.000" in message
    assert "直线" not in message


def test_points_on_a_line_are_still_called_collinear(tmp_path):
    path = tmp_path / "flat.txt"
    path.write_bytes((HEADER + _parcel("1", [(1, [(E0, N0), (E0 + 50, N0), (E0 + 100, N0)])])).encode("gbk"))
    with pytest.raises(SubmissionError, match="在一条直线上"):
        api.read(path)


def test_repair_keeps_islands_and_removes_only_their_own_polygons_holes():
    ring = Polygon(box(0, 0, 100, 100).exterior.coords, [box(20, 20, 80, 80).exterior.coords])
    island = box(40, 40, 60, 60)
    assert repair_polygonal(MultiPolygon([ring, island])).area == pytest.approx(10_000 - 3_600 + 400)
    shared_edge = Polygon(box(0, 0, 100, 100).exterior.coords, [box(0, 0, 50, 50).exterior.coords])
    assert repair_polygonal(shared_edge).area == pytest.approx(7_500)


def test_overlapping_pairs_uses_the_area_floor():
    shapes = [box(0, 0, 10, 10), box(9.99, 0, 20, 10), box(5, 5, 15, 15), None]
    assert [(i, j) for i, j, _ in overlapping_pairs(shapes, 1.0)] == [(0, 2), (1, 2)]
