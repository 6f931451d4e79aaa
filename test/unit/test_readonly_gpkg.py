"""Reading a WAL-mode GeoPackage leaves it byte-identical (.gpkg, -wal, -shm) and sees the WAL's data.

The inputs are built as a live writer leaves them: the main file, a -wal holding
a feature the main file does not have yet, and the -shm, copied while the
writer still has the file open (so nothing was checkpointed).
"""

from __future__ import annotations

import hashlib
import shutil
import sqlite3
from pathlib import Path

import pytest
from osgeo import ogr, osr
from shapely.geometry import MultiPolygon

from hengyang_plan_plugin.core import readonly_source
from hengyang_plan_plugin.core.batch import COL_AREA_M2, COL_STATE, ROW_OK, list_cases, read_summary, run_batch
from hengyang_plan_plugin.core.pipeline import ReviewRequest, run_review
from hengyang_plan_plugin.core.plan.registry import close_plans, open_plan
from hengyang_plan_plugin.core.submission_io import describe_layers, read_submission
from test.batch_cases import FARMLAND_OVERLAP_M2, SITE_AREA_M2, write_case
from test.review_fixtures import rect, square, write_plan

SIDECARS = ("", "-wal", "-shm")
FARMLAND = {"BSM": "YJJBNT0001", "YSDM": "2004020100", "XZQDM": "430405", "MJ": 1_000_000.0}


def _digests(path: Path) -> dict[str, str]:
    return {
        suffix: hashlib.sha256(Path(f"{path}{suffix}").read_bytes()).hexdigest()
        for suffix in SIDECARS
        if Path(f"{path}{suffix}").exists()
    }


def _add_feature(layer: ogr.Layer, geometry, attributes: dict) -> None:
    feature = ogr.Feature(layer.GetLayerDefn())
    for key, value in attributes.items():
        feature.SetField(key, value)
    feature.SetGeometry(ogr.CreateGeometryFromWkb(geometry.wkb))
    assert layer.CreateFeature(feature) == 0


def _with_pending_wal(scratch: Path, target: Path, layer_name: str, geometry, attributes: dict) -> Path:
    """Copy ``scratch`` to ``target`` as a writer leaves it: one more feature, only in the -wal."""
    connection = sqlite3.connect(scratch)
    assert connection.execute("PRAGMA journal_mode=WAL").fetchone()[0] == "wal"
    connection.close()
    dataset = ogr.Open(str(scratch), 1)
    assert dataset is not None
    layer = dataset.GetLayerByName(layer_name)
    if ogr.GT_Flatten(layer.GetGeomType()) == ogr.wkbMultiPolygon:
        geometry = MultiPolygon([geometry])
    _add_feature(layer, geometry, attributes)
    dataset.FlushCache()  # committed: in the -wal, not yet in the main file
    target.parent.mkdir(parents=True, exist_ok=True)
    for suffix in SIDECARS:
        shutil.copyfile(f"{scratch}{suffix}", f"{target}{suffix}")
    dataset = None
    return target


def _rows_in_main_file_only(path: Path, table: str) -> int:
    """What a reader ignoring the -wal sees (SQLite's immutable=1, like GDAL's IMMUTABLE=YES)."""
    connection = sqlite3.connect(f"file:{path}?immutable=1", uri=True)
    try:
        return connection.execute(f'SELECT COUNT(*) FROM "{table}"').fetchone()[0]
    finally:
        connection.close()


def _submission_gpkg(folder: Path) -> Path:
    """A 红线 GeoPackage: a 50 m square in the main file, a 100 m square (case_00's) only in the -wal."""
    scratch = folder / "scratch" / "site.gpkg"
    scratch.parent.mkdir(parents=True)
    dataset = ogr.GetDriverByName("GPKG").CreateDataSource(str(scratch))
    srs = osr.SpatialReference()
    srs.ImportFromEPSG(4526)
    layer = dataset.CreateLayer("site", srs, ogr.wkbPolygon)
    layer.CreateField(ogr.FieldDefn("DKBH", ogr.OFTString))
    _add_feature(layer, square(-5000, -5000, 50), {"DKBH": "A"})
    dataset = None
    return _with_pending_wal(scratch, folder / "in" / "site.gpkg", "site", square(950, 0), {"DKBH": "B"})


def _plan_gpkg(folder: Path) -> Path:
    """The batch test plan, its one 永久基本农田 feature only in the -wal."""
    (folder / "plan_scratch").mkdir()
    development = [(rect(-5000, -5000, 5000, 5000), {"GHFQMC": "集中建设区"})]
    scratch = write_plan(folder / "plan_scratch" / "plan.gpkg", {"YJJBNT": [], "CZKFBJ": development})
    return _with_pending_wal(scratch, folder / "plan" / "plan.gpkg", "YJJBNT", rect(0, 0, 1000, 1000), FARMLAND)


@pytest.fixture(autouse=True)
def _fresh_plans():
    close_plans()
    yield
    close_plans()


def test_the_fixture_keeps_the_new_feature_in_the_wal_only(tmp_path):
    path = _submission_gpkg(tmp_path)
    assert set(_digests(path)) == set(SIDECARS)
    assert _rows_in_main_file_only(path, "site") == 1  # the second feature lives in the -wal


def test_a_submission_in_wal_mode_is_read_whole_and_left_untouched(tmp_path):
    path = _submission_gpkg(tmp_path)
    before = _digests(path)
    submission = read_submission(path)
    assert [p.attributes["DKBH"] for p in submission.parcels] == ["A", "B"]
    assert sum(p.geometry.area for p in submission.parcels) == pytest.approx(2_500 + SITE_AREA_M2)
    assert describe_layers(path) == [("site", 2)]
    assert read_submission(path).sha256 == submission.sha256  # a second review: the same file
    assert _digests(path) == before


def test_a_plan_in_wal_mode_is_reviewed_with_its_wal_and_left_untouched(tmp_path):
    plan = _plan_gpkg(tmp_path)
    site = write_case(tmp_path / "case_00.txt", 0)
    before = _digests(plan)
    backend = open_plan(plan)
    assert "YJJBNT" in backend.location.layers
    runs = [run_review(ReviewRequest(site, plan=str(plan))) for _ in range(2)]
    for run in runs:
        farmland = next(c for c in run.data["checks"] if c["id"] == "farmland")
        assert farmland["overlap_area_m2"] == pytest.approx(FARMLAND_OVERLAP_M2)
    assert runs[0].result.plan_sha256 == runs[1].result.plan_sha256
    close_plans()
    assert _digests(plan) == before


def test_a_batch_over_wal_inputs_leaves_them_untouched(tmp_path):
    plan, site = _plan_gpkg(tmp_path), _submission_gpkg(tmp_path)
    before = {plan: _digests(plan), site: _digests(site)}
    summary = run_batch(list_cases(site.parent), tmp_path / "out", plan=str(plan))
    rows = read_summary(summary.summary_path)
    assert [r[COL_STATE] for r in rows] == [ROW_OK]
    assert float(rows[0][COL_AREA_M2]) == pytest.approx(2_500 + SITE_AREA_M2)
    close_plans()
    assert {plan: _digests(plan), site: _digests(site)} == before


def test_files_without_sidecars_are_opened_in_place(tmp_path):
    plain = write_plan(tmp_path / "plain.gpkg", {})
    text = write_case(tmp_path / "a.txt", 0)
    assert readonly_source.readable_path(plain) == str(plain)
    assert readonly_source.readable_path(text) == str(text)
    assert readonly_source.readable_path(tmp_path) == str(tmp_path)


def test_an_unchanged_source_reuses_its_copy_and_a_changed_one_gets_a_new_one(tmp_path):
    path = _submission_gpkg(tmp_path)
    first = readonly_source.readable_path(path)
    assert first != str(path) and Path(first).name == path.name
    assert readonly_source.readable_path(path) == first
    with Path(f"{path}-wal").open("ab") as handle:  # the writer goes on writing
        handle.write(b"\0" * 8)
    second = readonly_source.readable_path(path)
    assert second != first and not Path(first).exists()
