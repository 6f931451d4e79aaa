"""The engine's overlap areas against an independent GDAL/OGR SQL computation on the sample plan.

SQLite dialect with SpatiaLite functions: ST_Area(ST_Intersection(site, ST_Union(layer))),
for ≥ 30 generated sites (rotated rectangles, irregular polygons, sites with holes).
"""

from __future__ import annotations

import json
import math
import random
import subprocess
import sys

import pytest
import shapely
from shapely import affinity
from shapely.geometry import Polygon, box

from hengyang_plan_plugin.core.checks.river_crossing import CORRIDOR_QUAD_SEGS
from hengyang_plan_plugin.core.plan.ogr_backend import OgrBackend
from hengyang_plan_plugin.core.plan.registry import resolve_plan
from hengyang_plan_plugin.core.review import review_submission
from test.review_fixtures import submission

# check id → SQL expression for the layer's geometries (KJTD: the corridor).
LAYER_SQL = {
    "farmland": ("YJJBNT", "geom"),
    "eco_redline": ("STBHHX", "geom"),
    "dev_boundary": ("CZKFBJ", "geom"),
    "green_line": ("ZXCQCSLVX", "geom"),
    "blue_line": ("ZXCQCSLX", "geom"),
    "purple_line": ("ZXCQCSZX", "geom"),
    "yellow_line": ("ZXCQCSHX", "geom"),
    "renewal_unit": ("CSGXDY", "geom"),
    "river_crossing": ("KJTD", "ST_Buffer(geom, KZKD / 2.0)"),
}
SITE_COUNT = 36
RELATIVE_TOLERANCE = 1e-4  # 0.01 %


def _site_around(rng: random.Random, x: float, y: float) -> Polygon:
    size = rng.uniform(60, 900)
    kind = rng.randrange(3)
    if kind == 0:
        site = box(x - size / 2, y - size / 3, x + size / 2, y + size / 3)
    elif kind == 1:
        angles = sorted(rng.uniform(0, 2 * math.pi) for _ in range(rng.randint(5, 11)))
        site = Polygon(
            [
                (x + rng.uniform(0.3, 1) * size * math.cos(a), y + rng.uniform(0.3, 1) * size * math.sin(a))
                for a in angles
            ]
        )
    else:
        outer = box(x - size / 2, y - size / 2, x + size / 2, y + size / 2)
        site = outer.difference(box(x - size / 8, y - size / 8, x + size / 6, y + size / 5))
    return affinity.rotate(shapely.make_valid(site), rng.uniform(0, 90), origin=(x, y))


def _generated_sites(plan: OgrBackend) -> list[Polygon]:
    """Sites near features of every checked layer (so overlaps occur) and some random ones."""
    rng = random.Random(20351231)
    sites = []
    layers = [layer for layer, _ in LAYER_SQL.values()]
    for index in range(SITE_COUNT):
        layer = plan.layer(layers[index % len(layers)])
        minx, miny, maxx, maxy = layer.extent()
        candidates = layer.query_bbox((minx, miny, maxx, maxy)) if index % 4 else []
        if candidates:
            feature = candidates[rng.randrange(len(candidates))]
            boundary = (
                feature.geometry.boundary if feature.geometry.geom_type != "LineString" else feature.geometry
            )
            point = boundary.interpolate(rng.random(), normalized=True)  # straddle the edge
            x, y = point.x, point.y
        else:
            extent = plan.layer("ZXCQFW").extent()
            x, y = rng.uniform(extent[0], extent[2]), rng.uniform(extent[1], extent[3])
        sites.append(_site_around(rng, x, y))
    return sites


# The SpatiaLite side runs in a child interpreter without QGIS: QGIS and GDAL's
# SQLite dialect each initialise SpatiaLite, and tearing both down in one
# process corrupts the heap. It is also the more independent computation.
SQL_SCRIPT = r"""
import json, sys
from osgeo import gdal
gdal.UseExceptions()
plan, quad_segs, jobs = json.load(sys.stdin)
dataset = gdal.OpenEx(plan, gdal.OF_VECTOR | gdal.OF_READONLY)
setting = f"SELECT BufferOptions_SetQuadrantSegments({quad_segs})"
dataset.ReleaseResultSet(dataset.ExecuteSQL(setting, dialect="SQLITE"))
areas = []
for layer, expression, wkt in jobs:
    sql = (f"SELECT ST_Area(ST_Intersection(ST_GeomFromText('{wkt}'), ST_Union({expression}))) FROM {layer} "
           f"WHERE ST_Intersects({expression}, ST_GeomFromText('{wkt}'))")
    result = dataset.ExecuteSQL(sql, dialect="SQLITE")
    feature = result.GetNextFeature()
    areas.append(float((feature.GetField(0) if feature is not None else None) or 0.0))
    dataset.ReleaseResultSet(result)
print(json.dumps(areas))
"""


def _sql_areas(plan_path, jobs: list[tuple[str, str, str]]) -> list[float]:
    completed = subprocess.run(
        [sys.executable, "-c", SQL_SCRIPT],
        input=json.dumps([str(plan_path), CORRIDOR_QUAD_SEGS, jobs]),
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(completed.stdout)


def test_overlaps_agree_with_spatialite_within_a_hundredth_of_a_percent(sample_plan_path):
    plan = OgrBackend(resolve_plan(sample_plan_path))
    try:
        sites = _generated_sites(plan)
        assert len(sites) >= 30
        engine = []
        for site in sites:
            result = review_submission(submission(site, land_use="0701"), plan)
            engine += [
                (check.id, site, check.site.overlap_area_m2)
                for check in result.checks
                if check.id in LAYER_SQL
            ]
    finally:
        plan.close()
    jobs = [
        (*LAYER_SQL[check_id], shapely.to_wkt(site, rounding_precision=-1)) for check_id, site, _ in engine
    ]
    expected = _sql_areas(sample_plan_path, jobs)
    assert len(expected) == len(sites) * len(LAYER_SQL)
    for (check_id, site, area), sql_area in zip(engine, expected):
        assert area == pytest.approx(sql_area, rel=RELATIVE_TOLERANCE, abs=1e-3), (check_id, site.wkt)
    assert sum(value > 0 for value in expected) >= 30  # real overlaps were compared, not empty sets
