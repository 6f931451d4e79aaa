"""Resubmission diff: two versions of a case with known changes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from hengyang_plan_plugin.core.review_diff import (
    DIFF_SCHEMA,
    NEW,
    NOT_COMPARABLE,
    REMAINING,
    RESOLVED,
    UNCHANGED,
    diff_html,
    diff_results,
    load_result,
    main,
    write_diff,
)
from test.batch_cases import close_plans_after_module  # noqa: F401 (autouse fixture)
from test.review_diff_cases import make_versions

FIXTURE = json.loads(
    (Path(__file__).resolve().parents[1] / "data" / "review_result_fixture.json").read_text(encoding="utf-8")
)


@pytest.fixture
def versions():
    return make_versions()


def test_known_changes(versions):
    old, new = versions
    diff = diff_results(*versions)
    assert diff["schema"] == DIFF_SCHEMA
    assert diff["site_area"]["change_m2"] == -1000.0
    assert diff["site_area"]["change_mu"] == pytest.approx(-1.5)
    assert diff["resolved"] == ["eco_redline"]
    assert diff["new_findings"] == ["dev_boundary"]
    assert diff["remaining"] == ["farmland"]
    assert diff["not_comparable"] == ["green_line", "blue_line"]
    checks = {c["id"]: c for c in diff["checks"]}
    assert checks["zoning"]["change"] == UNCHANGED
    farmland = checks["farmland"]
    assert farmland["change"] == REMAINING
    assert farmland["overlap_area_change_m2"] == -3500.0
    assert [f["fid"] for f in farmland["features_resolved"]] == [1]
    assert [f["fid"] for f in farmland["features_new"]] == [3]
    assert [f["fid"] for f in farmland["features_remaining"]] == [2]
    assert checks["eco_redline"]["change"] == RESOLVED
    assert [f["fid"] for f in checks["eco_redline"]["features_resolved"]] == [7]
    assert checks["dev_boundary"]["change"] == NEW
    assert checks["green_line"]["change"] == NOT_COMPARABLE
    assert checks["blue_line"]["new_status"] is None
    assert diff["verdict_changed"] is False
    assert diff["notes"] == []


def test_notes_name_other_causes(versions):
    old, new = versions
    new["land_use"], new["plan"]["sha256"] = "1001", "other"
    notes = diff_results(old, new)["notes"]
    assert any("0701" in n and "1001" in n for n in notes)
    assert any("规划数据不同" in n for n in notes)


def test_json_and_escaped_html(tmp_path, versions):
    old, new = versions
    new["submission"]["name"] = "<script>alert(1)</script>"
    json_path, html_path = write_diff(diff_results(old, new), tmp_path / "out")
    assert json.loads(json_path.read_text(encoding="utf-8"))["remaining"] == ["farmland"]
    page = html_path.read_text(encoding="utf-8")
    assert "<script>" not in page
    assert "&lt;script&gt;" in page
    assert "已消除" in page and "新增" in page and "仍存在" in page


def test_real_review_json_and_cli(tmp_path, capsys):
    (tmp_path / "v1").mkdir()
    (tmp_path / "v1" / "review.json").write_text(json.dumps(FIXTURE, ensure_ascii=False), encoding="utf-8")
    fixed = json.loads(json.dumps(FIXTURE))
    fixed["checks"][1]["status"] = "pass"  # farmland avoided
    fixed["checks"][1]["overlap_area_m2"] = 0.0
    fixed["verdict"] = "review"
    (tmp_path / "v2.json").write_text(json.dumps(fixed, ensure_ascii=False), encoding="utf-8")
    assert main([str(tmp_path / "v1"), str(tmp_path / "v2.json"), str(tmp_path / "out")]) == 0
    diff = load_result(tmp_path / "out" / "diff.json")
    assert diff["resolved"] == ["farmland"] and diff["remaining"] == ["dev_boundary"]
    assert diff["verdict_changed"] is True
    assert "已消除：永久基本农田" in capsys.readouterr().out
    assert "<script>" not in diff_html(diff)


def test_engine_results_of_two_versions(tmp_path):
    """v1 overlaps the farmland by 50 m, v2 is moved 60 m off it: farmland resolved, area unchanged."""
    from hengyang_plan_plugin import api
    from test.batch_cases import make_plan, write_case

    plan = str(make_plan(tmp_path / "plan.gpkg"))
    v1 = api.review(write_case(tmp_path / "v1.txt", 0, name="项目"), plan=plan).to_dict()
    v2 = api.review(write_case(tmp_path / "v2.txt", 0, name="项目", shift_m=60.0), plan=plan).to_dict()
    diff = diff_results(v1, v2)
    assert diff["site_area"]["change_m2"] == 0.0
    assert "farmland" in diff["resolved"]
    farmland = next(c for c in diff["checks"] if c["id"] == "farmland")
    assert farmland["old_overlap_area_m2"] == 5000.0
    assert farmland["overlap_area_change_m2"] == -5000.0
    assert [f["layer"] for f in farmland["features_resolved"]] == ["YJJBNT"]


def test_features_are_named_by_name_or_bsm_not_layer_and_fid():
    from hengyang_plan_plugin.core.review_diff import feature_name_of

    def version(attributes, sha):
        feature = {"layer": "YJJBNT", "fid": 259, "attributes": attributes, "overlap_area_m2": 820.58}
        check = {"id": "farmland", "title": "永久基本农田", "status": "conflict", "overlap_area_m2": 820.58,
                 "features": [feature]}
        return {"verdict": "fail", "submission": {"name": "案", "area_m2": 1.0, "sha256": sha}, "checks": [check]}

    patch = {"BSM": "430400040000000259", "DLMC": "水田", "XZQMC": "雁峰区"}
    diff = diff_results(version(patch, "1"), version({}, "2"))
    remaining = diff["checks"][0]["features_remaining"][0]
    assert remaining["name"] == "永久基本农田 水田 · 标识码 430400040000000259 · 雁峰区"
    assert "YJJBNT#259" not in diff_html(diff)
    assert "标识码 430400040000000259" in diff_html(diff)
    # A feature with no name or 标识码, and an older diff.json without names: still words, not "#".
    assert feature_name_of({"layer": "YJJBNT", "fid": 3}) == "永久基本农田 第3号要素"
