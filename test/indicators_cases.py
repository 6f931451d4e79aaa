"""Hand-made plans with exact indicator answers (test/unit and test/qgis test_indicators.py)."""

from __future__ import annotations

from pathlib import Path

from osgeo import ogr

from hengyang_plan_plugin.core.plan.registry import close_plans
from test.review_fixtures import rect, write_plan


def write_ghzb(path, rows, with_scope=True):
    dataset = ogr.Open(str(path), 1)
    layer = dataset.GetLayerByName("GHZB")
    if with_scope:
        layer.CreateField(ogr.FieldDefn("FW", ogr.OFTString))
    layer.CreateField(ogr.FieldDefn("XH", ogr.OFTInteger))
    for i, (name, target, unit, scope) in enumerate(rows, 1):
        feature = ogr.Feature(layer.GetLayerDefn())
        feature.SetField("XH", i)
        for key, value in (("ZBMC", name), ("DW", unit), ("ZBSX", "约束性"), ("LY", "测试")):
            feature.SetField(key, value)
        feature.SetField("GHMBZ", str(target))
        if with_scope and scope:
            feature.SetField("FW", scope)
        layer.CreateFeature(feature)
    dataset = None


def write_handmade_plan(path: Path) -> Path:
    """A small plan with exact answers: two counties, overlapping farmland, a boundary, green lines."""
    close_plans()
    farm = {"BSM": "1", "YSDM": "x", "XZQDM": "430405", "MJ": 0.0}
    path = write_plan(
        path,
        {
            "XZQ": [
                (rect(0, 0, 1000, 1000), {"XZQDM": "430405", "XZQMC": "珠晖区"}),
                (rect(1000, 0, 2000, 1000), {"XZQDM": "430421", "XZQMC": "衡阳县"}),
            ],
            # two overlapping farmland features: 600 x 1000 in 珠晖, 400 x 1000 of it overlapping the other
            "YJJBNT": [(rect(400, 0, 1000, 1000), farm), (rect(600, 0, 1500, 1000), farm)],
            "CZKFBJ": [(rect(0, 0, 300, 1000), {"GHFQMC": "集中建设区"})],
            "ZXCQFW": [(rect(0, 0, 500, 1000), {})],
            "ZXCQCSLVX": [
                (rect(0, 0, 100, 100), {"JB": "一级", "MC": "a"}),
                (rect(0, 500, 200, 600), {"JB": "二级", "MC": "b"}),
            ],
        },
    )
    return path
