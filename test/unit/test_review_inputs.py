"""Inputs the engine must handle without crashing: CRSs, bad geometry, parcels, missing layers."""

from __future__ import annotations

import hashlib
import json

import pytest
import shapely
from shapely.geometry import MultiPolygon, Polygon

from hengyang_plan_plugin import api
from hengyang_plan_plugin.core.crs import transform_geometry
from hengyang_plan_plugin.core.feedback import Feedback, ReviewCancelled
from hengyang_plan_plugin.core.plan.registry import open_plan
from hengyang_plan_plugin.core.review import ReviewInputError, review_submission
from hengyang_plan_plugin.core.submission_io import list_layers, read_submission
from hengyang_plan_plugin.core.submission_model import Parcel, Submission, SubmissionError
from test.review_fixtures import X0, Y0, rect, release_plans, square, submission, write_plan

FARM = {"BSM": "F1", "YSDM": "2090010100", "XZQDM": "430405", "MJ": 1.0}
PLAN_FEATURES = {
    "YJJBNT": [(rect(0, -100, 200, 200), FARM)],
    "CZKFBJ": [(rect(-500, -500, 0, 500), {"GHFQMC": "集中建设区"})],
}
HALF_SITE = rect(-50, 0, 50, 100)


@pytest.fixture(autouse=True)
def _release_plans():
    yield
    release_plans()


@pytest.fixture
def plan(tmp_path):
    return open_plan(write_plan(tmp_path / "plan.gpkg", PLAN_FEATURES))


def _checks(result):
    return {check["id"]: check for check in result.to_dict()["checks"]}


@pytest.mark.parametrize("epsg", [4490, 4525, 4526, 4546, 4547, 3857])
def test_same_areas_whatever_the_submission_crs(plan, epsg):
    site = transform_geometry(HALF_SITE, "EPSG:4526", f"EPSG:{epsg}")
    result = review_submission(submission(site, crs=f"EPSG:{epsg}", land_use="0701"), plan)
    checks = _checks(result)
    assert result.working_crs == "EPSG:4526"
    assert result.site_area_m2 == pytest.approx(10_000.0, abs=0.01)
    assert checks["farmland"]["overlap_area_m2"] == pytest.approx(5000.0, abs=0.01)
    assert checks["dev_boundary"]["outside_area_m2"] == pytest.approx(5000.0, abs=0.01)


def test_geographic_plan_measures_in_the_sites_gauss_kruger_zone(tmp_path):
    to_4490 = lambda g: transform_geometry(g, "EPSG:4526", "EPSG:4490")  # noqa: E731
    plan = open_plan(write_plan(tmp_path / "geo.gpkg", PLAN_FEATURES, epsg=4490, transform=to_4490))
    result = review_submission(submission(HALF_SITE, land_use="0701"), plan)
    assert result.working_crs == "EPSG:4526"  # 112.6°E lies in 3-degree zone 38
    assert _checks(result)["farmland"]["overlap_area_m2"] == pytest.approx(5000.0, abs=0.01)


def test_no_crs_is_refused(plan):
    with pytest.raises(ReviewInputError, match="没有坐标系"):
        review_submission(submission(HALF_SITE, crs=None), plan)


@pytest.mark.parametrize(
    "site, crs",
    [
        (rect(500_000, 0, 500_100, 100), "EPSG:4526"),  # 500 km east of the plan
        (shapely.affinity.affine_transform(HALF_SITE, [0, 1, 1, 0, 0, 0]), "EPSG:4526"),  # X/Y swapped
        (HALF_SITE, "EPSG:4490"),  # projected numbers declared as degrees
        (HALF_SITE, "EPSG:4547"),  # zone prefix where the CRS has none
    ],
    ids=["far-away", "xy-swapped", "metres-as-degrees", "prefix-in-unprefixed-crs"],
)
def test_coordinates_outside_the_plan_are_refused(plan, site, crs):
    with pytest.raises(ReviewInputError, match="规划范围|坐标"):
        review_submission(submission(site, crs=crs), plan)


def test_self_intersecting_site_is_repaired_with_a_warning(plan):
    bowtie = Polygon([(X0 - 50, Y0), (X0 + 50, Y0 + 100), (X0 + 50, Y0), (X0 - 50, Y0 + 100)])
    result = review_submission(submission(bowtie, land_use="0701"), plan)
    checks = _checks(result)
    assert checks["geometry"]["status"] == "warning"
    assert "已自动修复" in checks["geometry"]["message"]
    assert result.site_area_m2 == pytest.approx(5000.0)  # two triangles of 2,500 m²
    assert checks["farmland"]["overlap_area_m2"] == pytest.approx(2500.0)


def test_empty_parcel_is_reported_not_dropped(plan):
    result = review_submission(submission(HALF_SITE, Polygon(), land_use="0701"), plan)
    checks = _checks(result)
    geometry_parcels = {p["id"]: p["status"] for p in checks["geometry"]["parcels"]}
    assert geometry_parcels == {"1": "pass", "2": "conflict"}
    assert {p["id"]: p["status"] for p in checks["farmland"]["parcels"]}["2"] == "not_run"
    assert [p["id"] for p in result.to_dict()["submission"]["parcels"]] == ["1", "2"]
    assert result.verdict == "fail"


@pytest.mark.parametrize(
    "geometry",
    [Polygon(), Polygon([(X0, Y0), (X0 + 10, Y0 + 10), (X0 + 20, Y0 + 20), (X0, Y0)])],
    ids=["empty", "collinear"],
)
def test_nothing_usable_is_refused(plan, geometry):
    with pytest.raises(ReviewInputError, match="没有可审查的面几何"):
        review_submission(submission(geometry), plan)


def test_multipart_with_hole(plan):
    with_hole = Polygon(rect(-50, 0, 50, 100).exterior.coords, [rect(10, 10, 30, 30).exterior.coords])
    site = MultiPolygon([with_hole, square(100, 300)])
    result = review_submission(submission(site, land_use="0701"), plan)
    checks = _checks(result)
    assert result.site_area_m2 == pytest.approx(10_000 - 400 + 10_000)
    assert checks["farmland"]["overlap_area_m2"] == pytest.approx(5000 - 400)
    assert checks["geometry"]["details"]["holes"] == 1 and checks["geometry"]["details"]["polygons"] == 2


def test_multi_parcel_results_per_parcel_and_in_total(plan):
    result = review_submission(submission(square(50, 0), square(-300, 0), land_use="0701"), plan)
    farmland = _checks(result)["farmland"]
    assert farmland["overlap_area_m2"] == pytest.approx(10_000.0)
    assert [(p["id"], p["status"], p["overlap_area_m2"]) for p in farmland["parcels"]] == [
        ("1", "conflict", 10_000.0),
        ("2", "pass", 0.0),
    ]
    verdicts = {p["id"]: p["verdict"] for p in result.to_dict()["submission"]["parcels"]}
    assert verdicts == {"1": "fail", "2": "pass"} or verdicts["2"] != "fail"
    assert result.verdict == "fail"


def test_overlapping_parcels_count_once_in_the_total(plan):
    result = review_submission(submission(rect(0, 0, 100, 100), rect(50, 0, 150, 100)), plan)
    assert result.site_area_m2 == pytest.approx(15_000.0)
    farmland = _checks(result)["farmland"]
    assert farmland["overlap_area_m2"] == pytest.approx(15_000.0)
    assert [p["overlap_area_m2"] for p in farmland["parcels"]] == [10_000.0, 10_000.0]


def test_parcels_with_different_land_uses(plan):
    sub = submission(square(-300, 0), square(-150, 0))
    sub.parcels[0].land_use, sub.parcels[1].land_use = "0701", "0101"
    result = review_submission(sub, plan)
    assert result.land_use is None
    boundary = _checks(result)["dev_boundary"]
    assert [p["status"] for p in boundary["parcels"]] == ["pass", "pass"]
    assert boundary["status"] == "pass"


def test_missing_plan_layer_is_not_run_with_reason(tmp_path):
    plan = open_plan(write_plan(tmp_path / "partial.gpkg", PLAN_FEATURES, omit=("STBHHX",)))
    result = review_submission(submission(square(-300, 0), land_use="0701"), plan)
    eco = _checks(result)["eco_redline"]
    assert eco["status"] == "not_run" and "STBHHX" in eco["reason"] and "142号" in eco["basis"]
    assert result.verdict == "review"  # an unchecked red line is no 通过


def test_unknown_land_use_code_is_refused(plan):
    with pytest.raises(ReviewInputError, match="未知的用地用海代码"):
        review_submission(submission(HALF_SITE), plan, land_use="99")


def test_plan_and_submission_files_are_not_modified(tmp_path):
    plan_path = write_plan(tmp_path / "plan.gpkg", PLAN_FEATURES)
    site_path = tmp_path / "site.geojson"
    feature = {"type": "Feature", "properties": {"name": "地块1"}, "geometry": HALF_SITE.__geo_interface__}
    site_path.write_text(
        json.dumps(
            {
                "type": "FeatureCollection",
                "crs": {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::4526"}},
                "features": [feature],
            }
        )
    )
    digest = lambda p: hashlib.sha256(p.read_bytes()).hexdigest()  # noqa: E731
    before = (digest(plan_path), digest(site_path))
    files_before = sorted(p.name for p in tmp_path.iterdir())
    result = api.review(site_path, plan=plan_path, land_use="0701")
    data = result.to_dict()
    assert (digest(plan_path), digest(site_path)) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == files_before  # nothing written beside them
    assert data["plan"]["sha256"] == before[0]
    assert _checks(result)["farmland"]["overlap_area_m2"] == pytest.approx(5000.0)


def test_submission_objects_in_the_api_are_not_changed(plan):
    site = shapely.Polygon([(X0 - 50, Y0), (X0 + 50, Y0 + 100), (X0 + 50, Y0), (X0 - 50, Y0 + 100)])
    sub = Submission("s", "<s>", "EPSG:4526", [Parcel("1", site)])
    api.review(sub, plan=plan)
    assert sub.parcels[0].geometry.equals_exact(site, 0) and not sub.parcels[0].geometry.is_valid


def test_progress_reaches_100_and_can_cancel(plan):
    class Recorder(Feedback):
        def __init__(self, cancel_above=None):
            super().__init__()
            self.seen, self.cancel_above = [], cancel_above

        def setProgress(self, progress):  # noqa: N802
            self.seen.append(progress)
            if self.cancel_above is not None and progress > self.cancel_above:
                self.cancel()

    recorder = Recorder()
    review_submission(submission(HALF_SITE), plan, feedback=recorder)
    assert recorder.seen[0] == 5.0 and recorder.seen[-1] == 100.0 and recorder.seen == sorted(recorder.seen)

    cancelling = Recorder(cancel_above=50)
    with pytest.raises(ReviewCancelled):
        review_submission(submission(HALF_SITE), plan, feedback=cancelling)
    assert max(cancelling.seen) < 100.0  # stopped between checks, not at the end
    # the plan stays usable after a cancelled review
    assert review_submission(submission(HALF_SITE, land_use="0701"), plan).verdict == "fail"


def test_second_review_uses_the_in_memory_index_with_the_same_answers(tmp_path):
    plan = open_plan(write_plan(tmp_path / "warm.gpkg", PLAN_FEATURES))
    first = review_submission(submission(HALF_SITE, land_use="0701"), plan).to_dict()
    warm = [review_submission(submission(HALF_SITE, land_use="0701"), plan).to_dict() for _ in range(2)]
    assert plan.layer("YJJBNT")._index is not None  # promoted after the first review
    strip = lambda d: [{k: v for k, v in c.items()} for c in d["checks"]]  # noqa: E731
    assert strip(first) == strip(warm[0]) == strip(warm[1])


def test_overlay_falls_back_to_a_snapped_grid_when_geos_fails(monkeypatch):
    from shapely.errors import GEOSException

    from hengyang_plan_plugin.core import overlay
    from hengyang_plan_plugin.core.plan.model import PlanFeature

    real, calls = overlay._overlap, []

    def flaky(*args):
        calls.append(args)
        if len(calls) == 1:
            raise GEOSException("TopologyException: side location conflict")
        return real(*args)

    monkeypatch.setattr(overlay, "_overlap", flaky)
    feature = PlanFeature("YJJBNT", 1, {}, rect(0, -100, 200, 200))
    found = overlay.overlap(HALF_SITE, [feature])
    assert len(calls) == 2 and found.area_m2 == pytest.approx(5000.0, abs=1e-3)


def test_folder_of_shapefiles_gives_the_same_answers(tmp_path):
    from osgeo import gdal

    gpkg = write_plan(tmp_path / "plan.gpkg", PLAN_FEATURES)
    folder = tmp_path / "shapefiles"
    folder.mkdir()
    for name in ("XZQ", "YJJBNT", "CZKFBJ", "STBHHX"):
        gdal.VectorTranslate(
            str(folder / f"{name}.shp"), str(gpkg), layers=[name], layerCreationOptions=["ENCODING=UTF-8"]
        )
    site = submission(HALF_SITE, land_use="0701")
    from_gpkg, from_folder = (_checks(review_submission(site, open_plan(p))) for p in (gpkg, folder))
    for check_id in ("farmland", "dev_boundary", "eco_redline"):
        assert from_folder[check_id]["status"] == from_gpkg[check_id]["status"]
        assert from_folder[check_id]["overlap_area_m2"] == from_gpkg[check_id]["overlap_area_m2"]
    assert from_folder["farmland"]["features"][0]["attributes"]["BSM"] == "F1"
    assert from_folder["green_line"]["status"] == "not_run"  # no ZXCQCSLVX.shp in the folder


def test_a_changed_plan_file_is_reopened(tmp_path):
    import os

    path = write_plan(tmp_path / "plan.gpkg", PLAN_FEATURES)
    first = open_plan(path)
    assert open_plan(path) is first
    os.utime(path, (1, 1))  # as if the plan had been regenerated
    second = open_plan(path)
    assert second is not first
    assert review_submission(submission(HALF_SITE, land_use="0701"), second).verdict == "fail"


def test_polygonal_keeps_polygons_nested_in_collections():
    from shapely.geometry import GeometryCollection, LineString

    from hengyang_plan_plugin.core.overlay import polygonal

    nested = GeometryCollection([MultiPolygon([square(0, 0), square(200, 0)]), LineString([(0, 0), (1, 1)])])
    assert polygonal(nested).area == pytest.approx(20_000.0)
    assert polygonal(nested, min_area=20_000.0).is_empty


def test_unknown_parcel_code_is_reviewed_as_undeclared_with_a_note(plan):
    sub = submission(HALF_SITE)
    sub.parcels[0].land_use = "051"  # an older classification's code
    result = review_submission(sub, plan)
    checks = _checks(result)
    assert result.parcels[0].land_use is None
    assert checks["geometry"]["status"] == "warning" and "051" in checks["geometry"]["message"]
    assert checks["land_use"]["status"] == "warning"


@pytest.mark.parametrize("exceptions_on", [False, True], ids=["gdal-exceptions-off", "gdal-exceptions-on"])
def test_unreadable_plan_is_a_plan_source_error(tmp_path, exceptions_on):
    """Whatever QGIS or another plugin set GDAL's process-wide exception switch to, the
    engine gives the same message and leaves the switch as it found it."""
    from osgeo import gdal, ogr, osr

    from hengyang_plan_plugin.core.plan.model import PlanSourceError

    broken = tmp_path / "broken.gpkg"
    broken.write_bytes(b"not a geopackage")
    modules = (gdal, ogr, osr)
    before = [module.GetUseExceptions() for module in modules]

    def switch(states):  # GDAL stacks the modules' handlers: on in order, off in reverse
        for module, on in zip(modules, states):
            if on:
                module.UseExceptions()
        for module, on in reversed(list(zip(modules, states))):
            if not on and module.GetUseExceptions():
                module.DontUseExceptions()

    switch([exceptions_on] * 3)
    try:
        with pytest.raises(PlanSourceError, match="规划数据无法打开.*broken.gpkg"):
            api.review(submission(HALF_SITE), plan=broken)
        with pytest.raises(SubmissionError, match="broken.gpkg: 不是可读取的矢量数据"):
            read_submission(broken)
        assert list_layers(broken) == []
        assert api.review(submission(HALF_SITE)).site_area_m2 == pytest.approx(10_000)  # still reviews
        assert [module.GetUseExceptions() for module in modules] == [exceptions_on] * 3
    finally:
        switch(before)
