"""Fuzz: GeoJSON polygons in CGCS2000 3-degree Gauss-Kruger zone 38 (EPSG:4526), mutated, through read_submission."""

from __future__ import annotations

import json

from hypothesis import example, given

from hengyang_plan_plugin.core.submission_model import Submission
from test.fuzz.fuzz_support import read_files, seeded_text_file

X0, Y0 = 38_360_912.217, 2_977_218.934
CRS_4526 = {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::4526"}}


def _ring(dx: float = 0.0, dy: float = 0.0, size: float = 100.0) -> list[list[float]]:
    x, y = X0 + dx, Y0 + dy
    return [[x, y], [x + size, y], [x + size, y + size], [x, y + size], [x, y]]


def _collection(features: list[dict], crs: dict | None = CRS_4526) -> str:
    collection: dict = {"type": "FeatureCollection", "name": "送审红线"}
    if crs:
        collection["crs"] = crs
    collection["features"] = features
    return json.dumps(collection, ensure_ascii=False, indent=1)


def _feature(geometry: dict, **properties) -> dict:
    return {"type": "Feature", "properties": properties, "geometry": geometry}


SQUARE = _collection(
    [
        _feature(
            {"type": "Polygon", "coordinates": [_ring()]},
            地块编号="A1",
            地块名称="衡阳市雁峰区地块",
            YDYHFLDM="0701",
            申报面积=1.0,
        )
    ]
)
MULTI_WITH_HOLE = _collection(
    [
        _feature(
            {
                "type": "MultiPolygon",
                "coordinates": [[_ring(size=200), _ring(dx=20, dy=20, size=50)[::-1]], [_ring(dx=400)]],
            },
            地块编号="M1",
            地块用途="公园绿地",
            申报面积="3.75",
        ),
        _feature({"type": "LineString", "coordinates": _ring(dx=800)}, 地块编号="L1"),  # a closed line: a ring
    ]
)
SEEDS = [SQUARE, MULTI_WITH_HOLE]
ENCODINGS = ["utf-8", "utf-8-sig", "gbk"]


def test_seeds_are_valid():
    for seed in SEEDS:
        for encoding in ("utf-8", "utf-8-sig"):
            outcome = read_files({"site.geojson": seed.encode(encoding)}, "site.geojson")
            assert isinstance(outcome, Submission), outcome
            assert outcome.crs == "EPSG:4526"


@given(seeded_text_file(SEEDS, ENCODINGS))
@example(SQUARE.replace(repr(X0 + 100.0), "1e308").encode("utf-8"))
@example(SQUARE.replace(repr(Y0 + 100.0), "1e400").encode("utf-8"))
@example(SQUARE.replace("4526", "4610").encode("utf-8"))
def test_mutated_geojson_gives_a_submission_or_its_own_error(data):
    read_files({"site.geojson": data}, "site.geojson")
