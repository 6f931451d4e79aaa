"""规划成果质检 in the real QGIS desktop (issue #16): the packaged plugin, under xvfb-run, used as a technician does.

One desktop session (scripts/qgis_dock_probe.py with HENGYANG_PROBE_QA_PLAN) sets a copy of the sample
plan with one seeded defect (a 50 m² gap between two 市域 zones, test/qa_defects.py) as the plan in the
options, loads it (the 质检 offer appears), clicks 质检 on the 规划 tab, waits for the background task,
reads the findings tree, clicks the gap and records where the map went, then starts 质检 again and
clicks 取消. The tests below assert what the user saw.
"""

from __future__ import annotations

import subprocess
import sys

import pytest

from hengyang_plan_plugin.gui.map_zoom import MAX_SCALE, MIN_SCALE
from test.conftest import REPO_ROOT
from test.qa_defects import gap_between_zones

sys.path.insert(0, str(REPO_ROOT / "scripts"))
from run_qgis_desktop import run_desktop  # noqa: E402

pytestmark = pytest.mark.desktop


@pytest.fixture(scope="module")
def seen(tmp_path_factory, sample_plan_path):
    from hengyang_plan_plugin.paths import plugin_version

    plugin_zip = REPO_ROOT / "dist" / f"hengyang_plan_plugin-{plugin_version()}.zip"
    if not plugin_zip.is_file():
        pytest.fail(f"{plugin_zip} is missing: run `make package` first")
    plans = tmp_path_factory.mktemp("qa-desktop-plan")
    sample = plans / "sample.gpkg"
    sample.write_bytes(sample_plan_path.read_bytes())
    plan, defect = gap_between_zones(plans, sample)
    profiles = tmp_path_factory.mktemp("qgis-profiles-qa")
    subprocess.run([sys.executable, str(REPO_ROOT / "scripts" / "make_profile.py"), "--profiles-path",
                    str(profiles), "--plugin-zip", str(plugin_zip), "--locale", "zh-Hans"], check=True)
    state = run_desktop(profiles, probe=REPO_ROOT / "scripts" / "qgis_dock_probe.py", timeout=300,
                        extra_env={"HENGYANG_PROBE_QA_PLAN": str(plan)})
    assert state["errors"] == []
    state["defect"] = defect
    return state


def test_loading_a_bureau_plan_offers_the_check(seen):
    qa = seen["plan_qa"]
    assert qa["offer"], qa["messages"]
    assert any("当前加载的不是示例规划数据" in text for text in qa["messages"]), qa["messages"]
    assert qa["tab"] == "规划"


def test_the_check_runs_in_the_background_and_lists_findings_by_rule(seen):
    qa = seen["plan_qa"]
    # While it runs: 质检 greyed, 取消 available, the progress bar shown.
    assert qa["running"] == {"run_enabled": False, "cancel_enabled": True, "progress_visible": True}
    report = qa["report"]
    assert report["summary"]["errors"] == 1
    # One group per rule that found something: "[错误] <title>（<count>）", the basis as its tooltip.
    errors = [g for g in qa["groups"] if g["text"].startswith("[错误]")]
    assert [g["text"] for g in errors] == ["[错误] 规划分区未覆盖全域（缝隙）（1）"]
    gap = errors[0]
    assert "规划分区全覆盖" in gap["tooltip"]
    [(message, layer, area)] = gap["children"]
    assert layer == "GHFQ" and area == "50.00" and "缝隙" in message
    warnings = [g for g in qa["groups"] if g["text"].startswith("[警告]")]
    assert sum(len(g["children"]) for g in warnings) == report["summary"]["warnings"]
    assert len(qa["groups"]) == len(errors) + len(warnings)
    # The status line says what was checked and what it found.
    assert "1 个错误" in qa["status"] and "gap.gpkg" in qa["status"]


def test_clicking_the_gap_moves_the_map_to_it(seen):
    [click] = seen["plan_qa"]["clicks"]
    assert click["group"].startswith("[错误] 规划分区未覆盖全域")
    assert click["crs"] == "EPSG:4526"
    x0, y0, x1, y1 = click["extent"]
    hx0, hy0, hx1, hy1 = seen["defect"].where.bounds
    assert x0 < hx0 and y0 < hy0 and hx1 < x1 and hy1 < y1  # the gap is in view
    assert MIN_SCALE * 0.99 <= click["scale"] <= MAX_SCALE * 1.01  # zoomed in to it, not the whole city


def test_cancel_stops_a_run_and_gives_the_buttons_back(seen):
    cancel = seen["plan_qa"]["cancel"]
    assert cancel["started"]
    assert cancel["status"] == "规划成果质检已取消。"
    assert cancel == {**cancel, "run_enabled": True, "cancel_enabled": False, "progress_visible": False}
    assert cancel["groups"] > 0  # the earlier findings stay readable


def test_qgis_leaves_cleanly(seen):
    assert seen["exit_code"] == 0
