"""Attribute filters (FieldMatch) select literally on every backend: ``%``, ``_``, quotes, escape character.

A prefix becomes a LIKE pattern in OGR SQL (shapefiles), SQLite (GeoPackage)
and PostgreSQL; unescaped, ``1_`` would also match ``1A4x`` and ``1%`` every
value starting with 1. Each case is asked of a cold backend (the store's own
filter) and again once the plan is warm (the in-memory index).
"""

from __future__ import annotations

import pytest
from osgeo import gdal
from shapely.geometry import Point

from hengyang_plan_plugin.core.plan.model import FieldMatch
from hengyang_plan_plugin.core.plan.ogr_backend import OgrBackend
from hengyang_plan_plugin.core.plan.registry import close_plans, open_plan, resolve_plan
from hengyang_plan_plugin.core.plan_schema import PLAN_EPSG
from test.postgis_support import drop_schema, load_into, unique_schema
from test.review_fixtures import X0, Y0, rect, write_plan

WORKING = f"EPSG:{PLAN_EPSG}"
EVERYWHERE = rect(-1000, -1000, 1000, 1000)
VALUES = ["1_4x", "1A4x", "1%4", "1x4", "O'Brien", "OxBrien", "a!b", "ab", "a\\b", "1401", "1402"]
CASES = [
    (FieldMatch("LX", "1_", prefix=True), ["1_4x"]),
    (FieldMatch("LX", "1%", prefix=True), ["1%4"]),
    (FieldMatch("LX", "O'", prefix=True), ["O'Brien"]),
    (FieldMatch("LX", "a!", prefix=True), ["a!b"]),  # the escape character itself
    (FieldMatch("LX", "a\\", prefix=True), ["a\\b"]),
    (FieldMatch("LX", "14", prefix=True), ["1401", "1402"]),
    (FieldMatch("LX", "O'Brien"), ["O'Brien"]),
    (FieldMatch("LX", "1_4x"), ["1_4x"]),
]


def _plan(path):
    services = [(Point(X0 + 10 * i, Y0), {"MC": f"设施{i}", "LX": value}) for i, value in enumerate(VALUES)]
    return write_plan(path, {"GGFWSS": services})


def _shapefile_folder(gpkg, folder):
    folder.mkdir()
    for name in ("XZQ", "GGFWSS"):
        gdal.VectorTranslate(
            str(folder / f"{name}.shp"), str(gpkg), layers=[name], layerCreationOptions=["ENCODING=UTF-8"]
        )
    return folder


def _selected(plan, where):
    return sorted(f.attributes["LX"] for f in plan.query("GGFWSS", EVERYWHERE, WORKING, where=where))


def _assert_cold_and_warm(plan):
    for where, expected in CASES:
        assert _selected(plan, where) == sorted(expected), ("cold", where)
    plan.release_handles()  # one review served: the next query builds the in-memory index
    for where, expected in CASES:
        assert _selected(plan, where) == sorted(expected), ("warm", where)


@pytest.mark.parametrize("kind", ["gpkg", "shapefiles"])
def test_prefix_filters_match_literally_on_files(tmp_path, kind):
    gpkg = _plan(tmp_path / "plan.gpkg")
    source = gpkg if kind == "gpkg" else _shapefile_folder(gpkg, tmp_path / "shapefiles")
    plan = OgrBackend(resolve_plan(source))
    try:
        assert plan.layer("GGFWSS")._index is None  # the first queries really go through OGR
        _assert_cold_and_warm(plan)
        assert plan.layer("GGFWSS")._index is not None
    finally:
        plan.close()


@pytest.mark.postgis
def test_prefix_filters_match_literally_on_postgis(tmp_path):
    schema = unique_schema("filters")
    try:
        plan = open_plan(load_into(_plan(tmp_path / "plan.gpkg"), schema))
        _assert_cold_and_warm(plan)  # every query is the server's; warm changes nothing there
    finally:
        close_plans()
        drop_schema(schema)
