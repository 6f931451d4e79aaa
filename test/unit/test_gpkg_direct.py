"""A huge GeoPackage layer read through SQLite (core/plan/gpkg_direct.py) gives exactly what OGR gives:
the same features (fid order), attributes and geometries for any box, damaged and curved blobs as OGR
reads them, the file never changed; fields OGR would render differently keep the layer on OGR."""

from __future__ import annotations

import hashlib
import random
import shutil
import sqlite3

import pytest
import shapely
from osgeo import gdal, ogr

from hengyang_plan_plugin.core.gdal_errors import quiet_errors
from hengyang_plan_plugin.core.plan import ogr_layer
from hengyang_plan_plugin.core.plan.ogr_backend import OgrBackend
from hengyang_plan_plugin.core.plan.registry import open_plan, resolve_plan
from test.review_fixtures import X0, Y0, rect, release_plans, write_plan


@pytest.fixture(autouse=True)
def _huge_layers(monkeypatch):
    monkeypatch.setattr(ogr_layer, "PROMOTE_MAX_FEATURES", 1)  # every layer of 2+ features counts as huge
    yield
    release_plans()


def sha256(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def through_ogr(plan) -> ogr_layer.OgrLayer:
    """The same layer on a backend of its own, read through OGR only (the path before gpkg_direct)."""
    backend = OgrBackend(resolve_plan(plan))
    layer = backend.layer("DLTB")
    layer._direct_checked, layer._direct = True, None
    return backend, layer


def same_features(direct, plain) -> None:
    assert [f.fid for f in direct] == [f.fid for f in plain]
    for a, b in zip(direct, plain):
        assert a.attributes == b.attributes
        assert {k: type(v) for k, v in a.attributes.items()} == {k: type(v) for k, v in b.attributes.items()}
        assert shapely.equals_exact(a.geometry, b.geometry, 0.0), a.fid


def test_the_sample_survey_layer_reads_the_same_through_sqlite_as_through_ogr(sample_plan_path, tmp_path):
    plan = tmp_path / "plan.gpkg"  # a copy: the sample may be regenerated meanwhile
    shutil.copyfile(sample_plan_path, plan)
    before = sha256(plan)
    backend = open_plan(str(plan))
    layer = backend.layer("DLTB")
    assert layer._direct_table() is not None  # a GeoPackage with the R-tree registered, plain fields
    reference, plain = through_ogr(str(plan))
    minx, miny, maxx, maxy = layer.extent()
    rng = random.Random(17)
    seen = 0
    for _ in range(60):
        side = rng.choice([50.0, 1000.0, 5000.0, 20000.0])
        x, y = rng.uniform(minx, maxx - side), rng.uniform(miny, maxy - side)
        box = (x, y, x + side, y + side)
        found = layer.query_bbox(box)
        same_features(found, plain.query_bbox(box))
        same_features(layer.query_bbox(box), found)  # again, from the cache
        seen += len(found)
        backend.release_handles()
        reference.release_handles()
    assert seen > 500
    assert layer._index is None and layer._direct is not None  # never promoted, never fell back to OGR
    assert layer.unreadable_count() == 0
    reference.close()
    assert sha256(plan) == before


def test_the_connection_outlives_a_review_but_not_the_plan(tmp_path):
    plan = write_plan(tmp_path / "plan.gpkg", {"DLTB": [(rect(0, 0, 100, 100), {"DLBM": "0101"}),
                                                        (rect(100, 0, 200, 100), {"DLBM": "0103"})]})
    backend = open_plan(str(plan))
    box = (X0 + 50, Y0 + 50, X0 + 150, Y0 + 60)
    assert [f.attributes["DLBM"] for f in backend.layer("DLTB").query_bbox(box)] == ["0101", "0103"]
    connection = backend._connections[str(plan)]
    backend.release_handles()  # the end of a review: OGR's handles closed, the SQLite one kept
    assert backend._connections[str(plan)] is connection and not backend._datasets
    backend.close()
    assert not backend._connections
    with pytest.raises(Exception, match="closed"):
        connection.execute("SELECT 1")


def test_unreadable_and_curved_blobs_read_as_ogr_reads_them(tmp_path):
    plan = write_plan(tmp_path / "plan.gpkg", {"DLTB": [(rect(0, 0, 100, 100), {"DLBM": "0101"}),
                                                        (rect(100, 0, 200, 100), {"DLBM": "0103"}),
                                                        (rect(200, 0, 300, 100), {"DLBM": "0102"})]})
    curve = ogr.CreateGeometryFromWkt(
        f"CURVEPOLYGON(CIRCULARSTRING({X0 + 300} {Y0}, {X0 + 350} {Y0 + 50}, {X0 + 300} {Y0 + 100}, "
        f"{X0 + 250} {Y0 + 50}, {X0 + 300} {Y0}))"
    )
    with quiet_errors():
        dataset = gdal.OpenEx(str(plan), gdal.OF_VECTOR | gdal.OF_UPDATE)
        layer = dataset.GetLayerByName("DLTB")
        feature = layer.GetFeature(3)
        feature.SetGeometry(curve)  # a curve: shapely cannot parse it, OGR linearises it
        layer.SetFeature(feature)
        # garbage after a valid header: in the R-tree (it was indexed when valid), unreadable now
        dataset.ExecuteSQL("UPDATE DLTB SET geom = substr(geom, 1, 60) WHERE fid = 2", dialect="SQLITE")
        dataset = None
    before = sha256(plan)
    backend = open_plan(str(plan))
    direct = backend.layer("DLTB")
    box = (X0 - 10, Y0 - 10, X0 + 400, Y0 + 110)
    found = direct.query_bbox(box)
    _, plain = through_ogr(str(plan))
    same_features(found, plain.query_bbox(box))
    assert [f.fid for f in found] == [1, 3] and direct._direct is not None
    assert found[1].geometry.area == pytest.approx(3.14159 * 50 * 50, rel=1e-2)
    assert sha256(plan) == before


def test_a_layer_with_a_date_field_stays_on_ogr(tmp_path):
    path = tmp_path / "plan.gpkg"
    write_plan(path, {"DLTB": [(rect(0, 0, 100, 100), {"DLBM": "0101"}), (rect(100, 0, 200, 100), {"DLBM": "0103"})]})
    with quiet_errors():
        dataset = gdal.OpenEx(str(path), gdal.OF_VECTOR | gdal.OF_UPDATE)
        dataset.GetLayerByName("DLTB").CreateField(ogr.FieldDefn("BGRQ", ogr.OFTDate))  # 变更日期
        dataset = None
    layer = open_plan(str(path)).layer("DLTB")
    assert len(layer.query_bbox((X0, Y0, X0 + 200, Y0 + 100))) == 2
    assert layer._direct is None  # a date reads "2024/01/01" through OGR, "2024-01-01" from SQLite


def test_a_wal_mode_plan_is_read_from_a_private_copy_and_never_changed(tmp_path):
    path = write_plan(tmp_path / "plan.gpkg", {"DLTB": [(rect(0, 0, 100, 100), {"DLBM": "0101"}),
                                                        (rect(100, 0, 200, 100), {"DLBM": "0103"})]})
    with sqlite3.connect(path) as connection:
        connection.execute("PRAGMA journal_mode=WAL").fetchall()
    connection.close()
    before = sha256(path)
    sidecars = sorted(p.name for p in tmp_path.iterdir())
    layer = open_plan(str(path)).layer("DLTB")
    assert [f.attributes["DLBM"] for f in layer.query_bbox((X0, Y0, X0 + 200, Y0 + 100))] == ["0101", "0103"]
    assert layer._direct is not None
    release_plans()
    assert sha256(path) == before and sorted(p.name for p in tmp_path.iterdir()) == sidecars
