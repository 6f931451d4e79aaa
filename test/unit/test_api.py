"""The Python API on the bundled sample: contract JSON, every check exercised, nothing written."""

from __future__ import annotations

import hashlib
import json

import pytest

from hengyang_plan_plugin import api
from hengyang_plan_plugin.core.checks import CHECK_IDS
from hengyang_plan_plugin.core.submission_model import SubmissionError
from hengyang_plan_plugin.paths import SAMPLES_DIR

SAMPLE_SUBMISSION = SAMPLES_DIR / "sample_submission.txt"
CONTRACT_CHECK_IDS = (
    "geometry",
    "farmland",
    "eco_redline",
    "dev_boundary",
    "zoning",
    "land_use",
    "green_line",
    "blue_line",
    "purple_line",
    "yellow_line",
    "renewal_unit",
    "river_crossing",
    "service_coverage",
    "current_land_use",
)
CHECK_KEYS = {
    "id",
    "title",
    "status",
    "overlap_area_m2",
    "overlap_area_ha",
    "overlap_area_mu",
    "features",
    "basis",
    "message",
    "parcels",
}


@pytest.fixture(scope="module")
def sample_result(sample_plan_path):
    return api.review(SAMPLE_SUBMISSION, plan=sample_plan_path)


def test_contract_json_shape(sample_result, sample_plan_path):
    data = json.loads(json.dumps(sample_result.to_dict(), ensure_ascii=False))  # serialisable as is
    assert data["schema"] == "hengyang-plan-review/1"
    assert data["verdict"] in ("pass", "fail", "review")
    assert set(data["submission"]) >= {"name", "source", "crs", "area_m2", "parcels"}
    assert all(set(p) >= {"id", "area_m2", "declared_area_m2"} for p in data["submission"]["parcels"])
    assert data["plan"]["source"] == str(sample_plan_path)
    assert data["plan"]["sha256"] == hashlib.sha256(sample_plan_path.read_bytes()).hexdigest()
    assert {"land_use", "generated_at", "plugin_version", "qgis_version"} <= set(data)
    assert tuple(check["id"] for check in data["checks"]) == CONTRACT_CHECK_IDS == CHECK_IDS
    for check in data["checks"]:
        assert set(check) >= CHECK_KEYS, check["id"]
        assert check["status"] in ("pass", "conflict", "warning", "not_run")
        assert check["title"] and check["basis"] and check["message"]
        for feature in check["features"]:
            assert {"layer", "fid", "attributes", "overlap_area_m2"} <= set(feature)
    dev_boundary = next(c for c in data["checks"] if c["id"] == "dev_boundary")
    assert "outside_area_m2" in dev_boundary


def test_sample_submission_exercises_every_check(sample_result):
    """Six parcels with their own uses: every check finds something somewhere, and one parcel is clean."""
    data = sample_result.to_dict()
    checks = {check["id"]: check for check in data["checks"]}
    assert len(data["submission"]["parcels"]) == 6
    assert data["verdict"] == "fail"
    for check_id in ("farmland", "dev_boundary", "land_use", "green_line", "blue_line", "river_crossing"):
        assert checks[check_id]["status"] == "conflict", check_id
    for check_id in ("eco_redline", "purple_line", "yellow_line"):
        assert checks[check_id]["status"] == "warning", check_id
    for check_id in ("zoning", "renewal_unit"):
        assert checks[check_id]["overlap_area_m2"] > 0 and checks[check_id]["features"], check_id
    assert checks["renewal_unit"]["details"]["units"][0]["approach"]
    assert checks["service_coverage"]["parcels"][0]["status"] == "pass"  # the residential parcel
    assert checks["geometry"]["details"]["holes"] == 1
    verdicts = {p["id"]: p["verdict"] for p in data["submission"]["parcels"]}
    assert verdicts["1"] == "pass" and verdicts["2"] == "fail"
    assert sum(1 for check in data["checks"] for p in check["parcels"] if p["status"] != "pass") >= 10


def test_conflict_geometries_for_every_finding(sample_result):
    found = {(check_id, parcel_id) for check_id, parcel_id, _, _ in sample_result.conflict_geometries()}
    assert ("farmland", None) in found and ("farmland", "2") in found
    assert ("river_crossing", "3") in found


def test_land_use_argument_overrides_the_parcels(sample_plan_path):
    result = api.review(SAMPLE_SUBMISSION, plan=sample_plan_path, land_use="0701")
    assert result.land_use == "0701"
    assert {p.land_use for p in result.parcels} == {"0701"}


def test_api_writes_nothing(tmp_path, sample_plan_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    before = hashlib.sha256(SAMPLE_SUBMISSION.read_bytes()).hexdigest()
    api.review(SAMPLE_SUBMISSION, plan=sample_plan_path)
    assert list(tmp_path.iterdir()) == []
    assert hashlib.sha256(SAMPLE_SUBMISSION.read_bytes()).hexdigest() == before


def test_write_json_only_when_asked(tmp_path, sample_result):
    path = api.write_json(sample_result, tmp_path / "out" / "review.json")
    assert json.loads(path.read_text(encoding="utf-8"))["verdict"] == sample_result.verdict


def test_default_plan_is_the_bundled_sample(sample_plan_path):
    assert api.review(SAMPLE_SUBMISSION).to_dict()["plan"]["is_sample"] is True


def test_unusable_input_raises_submission_error(tmp_path):
    with pytest.raises(SubmissionError):
        api.review(tmp_path / "missing.txt")


def test_plan_opened_once_and_reused(sample_plan_path):
    assert api.open_plan(sample_plan_path) is api.open_plan(str(sample_plan_path))


def test_passing_sample_in_geographic_coordinates(sample_plan_path, sample_result):
    """The clean parcel alone, as GeoJSON in EPSG:4490: 通过, with the TXT parcel's area."""
    result = api.review(SAMPLES_DIR / "sample_residential_4490.geojson", plan=sample_plan_path)
    data = result.to_dict()
    assert data["verdict"] == "pass", [(c["id"], c["status"], c["message"]) for c in data["checks"]]
    assert data["submission"]["crs"] == "EPSG:4490" and data["working_crs"] == "EPSG:4526"
    txt_parcel = next(p for p in sample_result.to_dict()["submission"]["parcels"] if p["id"] == "1")
    assert data["submission"]["area_m2"] == pytest.approx(txt_parcel["area_m2"], abs=0.05)
    assert data["land_use"] == "0701"
