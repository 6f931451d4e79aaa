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

FIXTURE = json.loads(
    (Path(__file__).parents[1] / "data" / "review_result_fixture.json").read_text(encoding="utf-8")
)


def _check(check_id, status, area=0.0, fids=()):
    return {
        "id": check_id,
        "title": check_id.upper(),
        "status": status,
        "overlap_area_m2": area,
        "features": [{"layer": "L", "fid": fid, "overlap_area_m2": 1.0} for fid in fids],
    }


def _result(area, checks, verdict="fail", sha="1", land_use="0701", plan_sha="p"):
    return {
        "verdict": verdict,
        "land_use": land_use,
        "generated_at": "2026-11-29T10:00:00+00:00",
        "submission": {"name": "项目", "source": "v.txt", "sha256": sha, "area_m2": area, "parcels": []},
        "plan": {"sha256": plan_sha},
        "checks": checks,
    }


@pytest.fixture
def versions():
    old = _result(
        10_000.0,
        [
            _check("farmland", "conflict", 5000.0, fids=(1, 2)),
            _check("eco_redline", "conflict", 200.0, fids=(7,)),
            _check("dev_boundary", "pass"),
            _check("green_line", "warning", 30.0, fids=(4,)),
            _check("blue_line", "conflict", 10.0, fids=(9,)),
            _check("zoning", "pass"),
        ],
    )
    new = _result(
        9_000.0,
        [
            _check("farmland", "conflict", 1500.0, fids=(2, 3)),  # remaining: 1 avoided, 3 newly hit
            _check("eco_redline", "pass"),  # resolved
            _check("dev_boundary", "warning", 120.0, fids=(5,)),  # new
            _check("green_line", "not_run"),  # cannot tell
            _check("zoning", "pass"),
        ],
        sha="2",
    )  # blue_line gone from the new review
    return old, new


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


def test_diff_panel_finds_the_previous_version_in_the_log(qgis_app, tmp_path, monkeypatch, versions):
    from hengyang_plan_plugin.core.review_log import ENV_VAR, ReviewLog
    from hengyang_plan_plugin.gui.diff_panel import DiffPanel

    log_path = tmp_path / "log.sqlite"
    monkeypatch.setenv(ENV_VAR, str(log_path))
    old, new = versions
    log = ReviewLog(log_path)
    log.append(old, time="2026-11-01T08:00:00+00:00")
    new_id = log.append(new, time="2026-11-02T08:00:00+00:00")

    panel = DiffPanel()
    assert panel.set_current(new, new_id)
    assert panel.diff["remaining"] == ["farmland"]
    assert panel.table.rowCount() == len(panel.diff["checks"])
    assert panel.table.item(0, 3).text() == "仍存在"
    assert "已消除" in panel.summary_label.text()
    json_path, html_path = panel.save(tmp_path / "out")
    assert json_path.name == "diff.json" and html_path.is_file()

    first = DiffPanel()
    assert not first.set_current(old)  # nothing earlier
    assert first.diff is None and not first.save_button.isEnabled()
