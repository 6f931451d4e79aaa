"""The sample plan as a bureau would deliver it reviews exactly like the sample.

A copy of the sample plan is rewritten with the national spellings: the
城镇开发边界 parts named 城镇集中建设区 / 城镇弹性发展区 (GHFQMC), the area of the
control lines in TBMJ instead of MJ and the county code in XJXZQDM instead of
XZQDM. Every review of the sample submissions and of sites in each part of the
boundary must then give the same verdicts, statuses, areas, messages and
details; only the plan features' own attributes differ (they carry the
spelling). A second copy names some zones with the national sub-zones
(战略预留区, 村庄建设区), whose rows then apply to sites on the sample's ground.
"""

from __future__ import annotations

import shutil

import pytest
import shapely
from osgeo import ogr

from hengyang_plan_plugin import api
from hengyang_plan_plugin.paths import SAMPLES_DIR
from test.review_fixtures import release_plans, submission
from test.sample_sites import lines_and_corridors, region, shapes, site_on

RENAMED_FIELDS = {"STBHHX": {"MJ": "TBMJ", "XZQDM": "XJXZQDM"}, "YJJBNT": {"MJ": "TBMJ", "XZQDM": "XJXZQDM"},
                  "XZQ": {"XZQDM": "XJXZQDM"}}
SUBMISSIONS = ("sample_submission.txt", "sample_residential_4490.geojson")
LAND_USES = (None, "0701", "0901", "1001", "1501", "1207")


@pytest.fixture(autouse=True)
def _release_plans():
    yield
    release_plans()


def rewrite(path, statements=(), renames=None) -> None:
    dataset = ogr.Open(str(path), update=1)
    for sql in statements:
        dataset.ExecuteSQL(sql)
    for layer_name, fields in (renames or {}).items():
        layer = dataset.GetLayerByName(layer_name)
        definition = layer.GetLayerDefn()
        for old, new in fields.items():
            index = definition.GetFieldIndex(old)
            renamed = ogr.FieldDefn(new, definition.GetFieldDefn(index).GetType())
            assert layer.AlterFieldDefn(index, renamed, ogr.ALTER_NAME_FLAG) == 0, (layer_name, old)
    dataset = None


@pytest.fixture(scope="module")
def national_copy(sample_plan_path, tmp_path_factory):
    path = tmp_path_factory.mktemp("delivered") / "national_names.gpkg"
    shutil.copyfile(sample_plan_path, path)
    rewrite(
        path,
        ["UPDATE CZKFBJ SET GHFQMC = '城镇' || GHFQMC WHERE GHFQMC IN ('集中建设区', '弹性发展区')"],
        RENAMED_FIELDS,
    )
    return path


def comparable(result) -> dict:
    """The review without what names the plan file, its time, and the features' own attributes."""
    data = result.to_dict()
    for key in ("plan", "generated_at"):
        data.pop(key)
    for check in data["checks"]:
        for feature in check.get("features", []):
            feature.pop("attributes", None)
        for parcel in check.get("parcels", []):
            for feature in parcel.get("features", []):
                feature.pop("attributes", None)
    return data


def test_the_copy_carries_only_the_national_spellings(national_copy):
    dataset = ogr.Open(str(national_copy))
    parts = {feature.GetField("GHFQMC") for feature in dataset.GetLayerByName("CZKFBJ")}
    assert parts == {"城镇集中建设区", "城镇弹性发展区", "特别用途区"}
    for layer_name, fields in RENAMED_FIELDS.items():
        definition = dataset.GetLayerByName(layer_name).GetLayerDefn()
        names = {definition.GetFieldDefn(i).GetName() for i in range(definition.GetFieldCount())}
        assert set(fields.values()) <= names and not set(fields) & names, layer_name
    definition = dataset.GetLayerByName("ZXCQGHYDYH").GetLayerDefn()
    names = {definition.GetFieldDefn(i).GetName() for i in range(definition.GetFieldCount())}
    assert {"TBMJ", "TBDLMJ"} <= names and "MJ" not in names  # the sample itself writes these


@pytest.mark.parametrize("land_use", LAND_USES)
@pytest.mark.parametrize("name", SUBMISSIONS)
def test_sample_submissions_review_exactly_like_on_the_sample(sample_plan_path, national_copy, name, land_use):
    sample = api.review(str(SAMPLES_DIR / name), plan=sample_plan_path, land_use=land_use)
    national = api.review(str(SAMPLES_DIR / name), plan=national_copy, land_use=land_use)
    assert comparable(national) == comparable(sample)
    boundary = next(check for check in national.to_dict()["checks"] if check["id"] == "dev_boundary")
    assert {feature["attributes"]["GHFQMC"] for feature in boundary["features"]} <= {"城镇集中建设区", "城镇弹性发展区"}


@pytest.mark.parametrize("part", ["集中建设区", "弹性发展区", "特别用途区"])
@pytest.mark.parametrize("land_use", ["0701", "1001", "1402"])
def test_sites_in_each_part_review_exactly_like_on_the_sample(sample_plan_path, national_copy, part, land_use):
    site = site_on(region(sample_plan_path, "CZKFBJ", GHFQMC=part), lines_and_corridors(sample_plan_path))
    sample = api.review(submission(site, land_use=land_use), plan=sample_plan_path)
    national = api.review(submission(site, land_use=land_use), plan=national_copy)
    assert comparable(national) == comparable(sample)
    boundary = next(check for check in national.to_dict()["checks"] if check["id"] == "dev_boundary")
    assert [p["part"] for p in boundary["details"]["parts"]] == [part]
    assert "未在 dev_boundary.csv 中说明" not in boundary["message"]


# --- National sub-zones on the sample's ground ------------------------------------------------


@pytest.fixture(scope="module")
def sub_zone_copy(sample_plan_path, tmp_path_factory):
    """The central city's 乡村发展区 named 村庄建设区, one 居住生活区 tile named 战略预留区."""
    path = tmp_path_factory.mktemp("delivered") / "national_sub_zones.gpkg"
    shutil.copyfile(sample_plan_path, path)
    dataset = ogr.Open(str(path))  # kept referenced while its layer is read (GDAL frees it otherwise)
    tiles = dataset.GetLayerByName("ZXCQGHFQ")
    reserve = min(feature.GetFID() for feature in tiles if feature.GetField("GHFQMC") == "居住生活区")
    tiles = dataset = None
    rewrite(
        path,
        [
            "UPDATE ZXCQGHFQ SET GHFQDM = '0501', GHFQMC = '村庄建设区' WHERE GHFQMC = '乡村发展区'",
            f"UPDATE ZXCQGHFQ SET GHFQDM = '040108', GHFQMC = '战略预留区' WHERE fid = {reserve}",
        ],
    )
    return path, reserve


def zone_site(sample_plan_path, **where):
    p = sample_plan_path
    avoid = [*lines_and_corridors(p), *shapes(p, "YJJBNT"), *shapes(p, "STBHHX")]
    return site_on(region(p, "ZXCQGHFQ", **where), avoid)


@pytest.mark.parametrize(
    "land_use, status, rule",
    [("0703", "pass", "allowed"), ("1001", "conflict", "forbidden"), ("1401", "warning", "conditional")],
)
def test_village_construction_zone_rules_apply_on_the_sample_ground(sample_plan_path, sub_zone_copy, land_use,
                                                                     status, rule):
    path, _ = sub_zone_copy
    site = zone_site(sample_plan_path, GHFQMC="乡村发展区")
    checks = {c["id"]: c for c in api.review(submission(site, land_use=land_use), plan=path).to_dict()["checks"]}
    (cell,) = checks["land_use"]["details"]["zones"]
    assert cell["zone"] == "村庄建设区" and cell["rule"] == rule and checks["land_use"]["status"] == status
    assert "未在" not in checks["land_use"]["message"]


@pytest.mark.parametrize("land_use, rule", [("0701", "forbidden"), ("1207", "conditional"), ("16", "allowed")])
def test_strategic_reserve_rules_apply_on_the_sample_ground(sample_plan_path, sub_zone_copy, land_use, rule):
    path, reserve = sub_zone_copy
    dataset = ogr.Open(str(sample_plan_path))
    tile = dataset.GetLayerByName("ZXCQGHFQ").GetFeature(reserve)
    ground = shapely.from_wkb(bytes(tile.GetGeometryRef().ExportToWkb()))
    dataset = None
    site = site_on(ground, lines_and_corridors(sample_plan_path))
    checks = {c["id"]: c for c in api.review(submission(site, land_use=land_use), plan=path).to_dict()["checks"]}
    (cell,) = checks["land_use"]["details"]["zones"]
    assert cell["zone"] == "战略预留区" and cell["rule"] == rule and "编制指南" in cell["basis"]
    assert checks["dev_boundary"]["details"]["parts"][0]["part"] == "集中建设区"
