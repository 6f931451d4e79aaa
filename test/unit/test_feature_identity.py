"""Plan features named for a person: by themselves, never by their district alone or a bare number."""

from __future__ import annotations

from hengyang_plan_plugin.core.feature_identity import feature_identity, feature_title


def test_named_by_name_land_use_or_kind_then_bsm_then_district():
    assert feature_identity({"MC": "湘江西岸滨水绿地", "BSM": "430400090000000002"}) == (
        "湘江西岸滨水绿地 · 标识码 430400090000000002"
    )
    farmland = {"BSM": "430400040000000259", "DLMC": "水田", "XZQMC": "雁峰区", "XZQDM": "430406"}
    assert feature_identity(farmland) == "水田 · 标识码 430400040000000259 · 雁峰区"
    assert feature_identity({"YDYHFLDM": "0701", "YDYHFLMC": "城镇住宅用地"}) == "0701 城镇住宅用地"
    # Only a 标识码 and a district: the 标识码 first, the district after it.
    assert feature_identity({"BSM": "4304050000123", "XZQMC": "珠晖区"}) == "标识码 4304050000123 · 珠晖区"
    # A 行政区 is its own name.
    assert feature_identity({"BSM": "430400010000000001", "XZQMC": "珠晖区"}, "XZQ") == (
        "珠晖区 · 标识码 430400010000000001"
    )


def test_titles_fall_back_to_words_not_layer_and_fid():
    assert feature_title("YJJBNT", {"BSM": "1", "DLMC": "旱地"}, 259) == "永久基本农田 旱地 · 标识码 1"
    assert feature_title("YJJBNT", None, 259) == "永久基本农田 第259号要素"
