"""Fields as delivered (issue 15, item 7): TBMJ / TBDLMJ for MJ, XJXZQDM for XZQDM."""

from __future__ import annotations

import pytest
from osgeo import ogr

from hengyang_plan_plugin.core import plan_schema
from hengyang_plan_plugin.core.indicators import compute_indicators
from hengyang_plan_plugin.core.plan.registry import close_plans, open_plan
from hengyang_plan_plugin.core.report.presentation import feature_details
from hengyang_plan_plugin.core.review import review_submission
from test.review_fixtures import rect, release_plans, square, submission, write_plan


@pytest.fixture(autouse=True)
def _release_plans():
    yield
    release_plans()
    close_plans()


def test_field_value_reads_the_delivered_spelling():
    assert plan_schema.field_value({"XJXZQDM": "430405"}, "XZQDM") == "430405"
    assert plan_schema.field_value({"XZQDM": "430421", "XJXZQDM": "430405"}, "XZQDM") == "430421"
    assert plan_schema.field_value({"XZQDM": "", "XJXZQDM": "430405"}, "XZQDM") == "430405"
    assert plan_schema.field_value({"TBMJ": 12.5}, "MJ") == 12.5
    assert plan_schema.field_value({"TBDLMJ": 11.0}, "MJ") == 11.0
    assert plan_schema.field_value({"TBMJ": 12.5, "TBDLMJ": 11.0}, "MJ") == 12.5
    assert plan_schema.field_value({}, "MJ") is None
    assert plan_schema.field_value({"XZQMC": "珠晖区"}, "XZQMC") == "珠晖区"


@pytest.mark.parametrize("area", ["TBMJ", "TBDLMJ", "tbmj"])
def test_national_field_names_satisfy_the_required_fields(area):
    farmland = plan_schema.LAYER_BY_NAME["YJJBNT"]
    assert plan_schema.missing_required_fields(farmland, ["BSM", "YSDM", "XJXZQDM", area]) == ()
    assert plan_schema.missing_required_fields(farmland, ["BSM", "YSDM", "XZQDM", "MJ"]) == ()
    assert plan_schema.missing_required_fields(farmland, ["BSM", "YSDM"]) == ("XZQDM", "MJ")
    county = plan_schema.LAYER_BY_NAME["XZQ"]
    assert plan_schema.missing_required_fields(county, ["XJXZQDM", "XZQMC"]) == ()


NATIONAL_FARM = {"BSM": "F1", "YSDM": "2090010100", "XJXZQDM": "430405", "TBMJ": 1.0, "TBDLMJ": 1.0}
NATIONAL_ECO = {"BSM": "E1", "YSDM": "2090020100", "XJXZQDM": "430405", "TBMJ": 1.0}
OURS_FARM = {"BSM": "F1", "YSDM": "2090010100", "XZQDM": "430405", "MJ": 1.0}
OURS_ECO = {"BSM": "E1", "YSDM": "2090020100", "XZQDM": "430405", "MJ": 1.0}


def national_plan(path):
    """Farmland, red line and counties carrying only the national field names (no MJ, no XZQDM)."""
    return write_plan(
        path,
        {
            "XZQ": [
                (rect(-10_000, -10_000, 0, 10_000), {"XJXZQDM": "430405", "XZQMC": "珠晖区"}),
                (rect(0, -10_000, 10_000, 10_000), {"XJXZQDM": "430421", "XZQMC": "衡阳县"}),
            ],
            "YJJBNT": [(rect(-1000, 0, 1000, 500), NATIONAL_FARM)],
            "STBHHX": [(rect(-1000, 2000, 1000, 2500), NATIONAL_ECO)],
        },
        without_fields=("MJ", "XZQDM"),
    )


def own_plan(path):
    return write_plan(
        path,
        {
            "XZQ": [
                (rect(-10_000, -10_000, 0, 10_000), {"XZQDM": "430405", "XZQMC": "珠晖区"}),
                (rect(0, -10_000, 10_000, 10_000), {"XZQDM": "430421", "XZQMC": "衡阳县"}),
            ],
            "YJJBNT": [(rect(-1000, 0, 1000, 500), OURS_FARM)],
            "STBHHX": [(rect(-1000, 2000, 1000, 2500), OURS_ECO)],
        },
    )


def outcomes(result):
    return {
        check["id"]: (check["status"], check["overlap_area_m2"], check["message"])
        for check in result.to_dict()["checks"]
    }


def test_plan_with_only_national_field_names_reviews_like_ours(tmp_path):
    path = national_plan(tmp_path / "national.gpkg")
    dataset = ogr.Open(str(path))
    for name in ("YJJBNT", "STBHHX", "XZQ"):
        definition = dataset.GetLayerByName(name).GetLayerDefn()
        fields = {definition.GetFieldDefn(i).GetName() for i in range(definition.GetFieldCount())}
        assert "MJ" not in fields and "XZQDM" not in fields and "XJXZQDM" in fields, name
    dataset = None
    national = open_plan(path)
    ours = open_plan(own_plan(tmp_path / "ours.gpkg"))
    for site, land_use in ((square(-50, 100), "0701"), (square(-50, 2100), "0701"), (square(-50, 5000), "0101")):
        a = review_submission(submission(site, land_use=land_use), national)
        b = review_submission(submission(site, land_use=land_use), ours)
        assert a.to_dict()["verdict"] == b.to_dict()["verdict"]
        assert outcomes(a) == outcomes(b)
    farmland = review_submission(submission(square(-50, 100), land_use="0701"), national)
    assert next(c for c in farmland.checks if c.id == "farmland").status == "conflict"


def test_county_breakdown_reads_xjxzqdm(tmp_path):
    national = compute_indicators(str(national_plan(tmp_path / "national.gpkg")))
    close_plans()
    ours = compute_indicators(str(own_plan(tmp_path / "ours.gpkg")))
    by_county = {(c.layer, c.code): c.area_m2 for c in national.counties}
    assert by_county[("YJJBNT", "430405")] == pytest.approx(500_000.0)
    assert by_county[("YJJBNT", "430421")] == pytest.approx(500_000.0)
    assert by_county == {(c.layer, c.code): c.area_m2 for c in ours.counties}


def test_feature_details_name_the_county_under_either_spelling():
    assert "XJXZQDM=430405" in feature_details({"XJXZQDM": "430405", "BSM": "F1"})
