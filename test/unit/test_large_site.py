"""A site of very many vertices (a densified survey boundary) takes the large-site paths of the
overlay: clipped to what it meets, the nearest facility found coarse-then-exact, drawn simplified.
Each path must give exactly what the plain overlay gives."""

from __future__ import annotations

import math

import numpy as np
import pytest
import shapely
from shapely.geometry import LineString, Point, Polygon, box

from hengyang_plan_plugin.core import overlay
from hengyang_plan_plugin.core.pipeline import ReviewRequest, run_review
from hengyang_plan_plugin.core.plan.model import PlanFeature
from hengyang_plan_plugin.core.report.geometries import DRAWING_TOLERANCE_M, drawable
from test.review_fixtures import release_plans, submission

CENTRE = (38359000.0, 2974000.0)  # the sample plan's centre: zones, boundary, city lines and facilities
VERTICES = 3 * overlay.LARGE_SITE_VERTICES // 2


def wavy_circle(radius: float, vertices: int = VERTICES, centre=CENTRE) -> Polygon:
    """A circle whose radius wobbles by 3 m every 1,000 vertices: no vertex is redundant."""
    angles = np.linspace(0.0, 2.0 * math.pi, vertices, endpoint=False)
    radii = radius + 3.0 * np.sin(angles * vertices / 1000.0)
    return Polygon(np.column_stack([centre[0] + radii * np.cos(angles), centre[1] + radii * np.sin(angles)]))


@pytest.fixture
def plain_overlay(monkeypatch):
    """The overlay as it is for an ordinary site: no clipping, no coarse distances."""
    monkeypatch.setattr(overlay, "LARGE_SITE_VERTICES", 10**12)


def _figures(data: dict) -> dict:
    """Every figure and finding of a review.json, without what differs between two runs."""
    return {
        check["id"]: (check["status"], check["message"], check.get("overlap_area_m2"), check.get("concern_area_m2"),
                      check.get("outside_area_m2"), [(f["layer"], f["fid"], f.get("overlap_area_m2"))
                                                     for f in check.get("features", [])])
        for check in data["checks"]
    }


def test_a_large_site_reviews_exactly_as_the_plain_overlay(sample_plan_path, monkeypatch):
    site = submission(wavy_circle(1500.0), land_use="0701")
    try:
        large = run_review(ReviewRequest(submission=site, plan=sample_plan_path)).data
        monkeypatch.setattr(overlay, "LARGE_SITE_VERTICES", 10**12)
        plain = run_review(ReviewRequest(submission=site, plan=sample_plan_path)).data
    finally:
        release_plans()
    assert large["verdict"] == plain["verdict"] == "fail"
    assert _figures(large) == _figures(plain)
    checked = {check["id"] for check in large["checks"] if (check.get("overlap_area_m2") or 0) > 0}
    assert {"zoning", "dev_boundary", "yellow_line"} <= checked  # the clipped paths were really taken


def test_clipped_overlap_equals_the_plain_one(monkeypatch):
    site = wavy_circle(1000.0)
    shapes = [
        box(CENTRE[0] + 900, CENTRE[1] - 50, CENTRE[0] + 1100, CENTRE[1] + 50),  # across the edge
        Point(CENTRE[0] - 200, CENTRE[1]).buffer(100),  # wholly inside
        box(CENTRE[0] - 2000, CENTRE[1] - 2000, CENTRE[0], CENTRE[1] + 2000),  # half the site
        box(CENTRE[0] + 2000, CENTRE[1], CENTRE[0] + 2100, CENTRE[1] + 100),  # outside
    ]
    features = [PlanFeature("X", index, {}, shape) for index, shape in enumerate(shapes)]
    clipped = overlay.overlap(site, features)
    monkeypatch.setattr(overlay, "LARGE_SITE_VERTICES", 10**12)
    plain = overlay.overlap(site, features)
    assert [fid for fid, _ in ((f.fid, a) for f, a in clipped.pieces)] == [0, 1, 2]
    assert [area for _, area in clipped.pieces] == pytest.approx([area for _, area in plain.pieces], abs=1e-6)
    assert clipped.area_m2 == pytest.approx(plain.area_m2, abs=1e-6)
    assert clipped.geometry.symmetric_difference(plain.geometry).area < 1e-6


def test_near_part_leaves_small_sites_and_covering_boxes_alone():
    small = box(0, 0, 10, 10)
    assert overlay.near_part(small, box(5, 5, 6, 6)) is small
    large = wavy_circle(500.0)
    assert overlay.near_part(large, box(*large.buffer(10).bounds)) is large
    part = overlay.near_part(large, box(CENTRE[0] + 490, CENTRE[1] - 5, CENTRE[0] + 510, CENTRE[1] + 5))
    assert shapely.get_num_coordinates(part) < shapely.get_num_coordinates(large) / 100


def _around(site: Polygon, offsets_m: list[float]) -> list:
    """Points, a line and a disc just outside the site, each about its offset away from it."""
    shapes = []
    for index, offset in enumerate(offsets_m):
        angle = 2.0 * math.pi * index / len(offsets_m)
        edge = 1000.0 + offset
        x, y = CENTRE[0] + edge * math.cos(angle), CENTRE[1] + edge * math.sin(angle)
        shape = Point(x, y)
        if index % 3 == 1:
            shape = LineString([(x, y), (x + 30.0 * math.cos(angle), y + 30.0 * math.sin(angle))])
        elif index % 3 == 2:
            shape = Point(x + 5.0 * math.cos(angle), y + 5.0 * math.sin(angle)).buffer(5.0)
        shapes.append(shape)
    return shapes


@pytest.mark.parametrize(
    "offsets_m",
    [
        [200.0, 200.2, 200.4, 200.1, 200.3, 200.5, 200.05, 200.25, 200.45],  # closer than the coarse slack
        [950.0, 980.0, 1200.0],  # some within reach, some not
        [1500.0, 2000.0],  # nothing within reach
        [-300.0, 200.0],  # on the site
    ],
)
def test_nearest_within_a_large_site_is_the_exact_nearest(offsets_m):
    site = wavy_circle(1000.0)
    shapes = _around(site, offsets_m)
    exact = shapely.distance(np.array(shapes, dtype=object), site)
    found = overlay.nearest_within(site, shapes, 1000.0)
    if exact.min() > 1000.0:
        assert found is None
        return
    index, distance = found
    assert index == int(np.argmin(exact))
    assert distance == pytest.approx(float(exact[index]), abs=1e-9)


def test_a_large_shape_is_drawn_within_a_centimetre_and_a_small_one_as_it_is():
    small = box(0, 0, 10, 10)
    assert drawable(small) is small
    large = wavy_circle(1500.0, vertices=200_000)
    drawn = drawable(large)
    assert shapely.get_num_coordinates(drawn) < shapely.get_num_coordinates(large) / 4
    # Every vertex of the exact outline lies within the tolerance of the drawn one (whose own
    # vertices are the exact outline's).
    band = drawn.exterior.buffer(DRAWING_TOLERANCE_M * 1.001)
    shapely.prepare(band)
    assert shapely.contains_xy(band, *shapely.get_coordinates(large).T).all()
    assert drawn.area == pytest.approx(large.area, rel=1e-6)
