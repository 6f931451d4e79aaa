"""The dock as a technician uses it all day, in the real QGIS desktop at 1366×768 (issue #18).

One desktop session (scripts/qgis_dock_probe.py) types in the land-use picker, clicks 运行审查,
clicks rows of the result tree, triggers 绘制送审红线 and clicks on the canvas, queries the plan
and exports; the tests below assert what the user saw. The figures come from the review.json the
session produced, so they follow the sample plan when it is regenerated.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys

import pytest

from hengyang_plan_plugin.core.report.presentation import area_in_unit, concern_area, status_label
from hengyang_plan_plugin.gui.map_zoom import MAX_SCALE, MIN_SCALE
from test.conftest import REPO_ROOT

sys.path.insert(0, str(REPO_ROOT / "scripts"))
from run_qgis_desktop import run_desktop  # noqa: E402

pytestmark = pytest.mark.desktop

SAMPLE = REPO_ROOT / "resources" / "samples" / "sample_submission.txt"
RANK = {"conflict": 0, "warning": 1, "not_run": 2, "pass": 3}


@pytest.fixture(scope="module")
def seen(tmp_path_factory):
    from hengyang_plan_plugin.paths import plugin_version

    plugin_zip = REPO_ROOT / "dist" / f"hengyang_plan_plugin-{plugin_version()}.zip"
    if not plugin_zip.is_file():
        pytest.fail(f"{plugin_zip} is missing: run `make package` first")
    profiles = tmp_path_factory.mktemp("qgis-profiles-dock")
    export = tmp_path_factory.mktemp("dock-export")
    subprocess.run([sys.executable, str(REPO_ROOT / "scripts" / "make_profile.py"), "--profiles-path",
                    str(profiles), "--plugin-zip", str(plugin_zip), "--locale", "zh-Hans"], check=True)
    state = run_desktop(profiles, probe=REPO_ROOT / "scripts" / "qgis_dock_probe.py", timeout=400,
                        extra_env={"HENGYANG_PROBE_SAMPLE": str(SAMPLE), "HENGYANG_PROBE_EXPORT": str(export)})
    state["export_dir"] = str(export)
    (profiles / "dock_probe.json").write_text(json.dumps(state, ensure_ascii=False, indent=1), encoding="utf-8")
    assert state["errors"] == []
    return state


def _parcel(data: dict, parcel_id: str) -> dict:
    return next(p for p in data["submission"]["parcels"] if p["id"] == parcel_id)


def test_site_land_use_and_run_are_in_view_at_1366x768(seen):
    for layout in (seen["layout"], seen["layout_after_review"]):
        assert layout["window"] == [1366, 768]
        assert layout["site_combo"] and layout["land_use"] and layout["apply_all"], layout
        assert layout["run_button"] and layout["progress"], layout


def test_each_parcel_keeps_its_own_land_use_unless_applied_to_all(seen):
    # A 6-digit code typed into the picker is picked.
    assert seen["picker"]["typed"] == "070102"
    assert seen["picker"]["code"] == seen["picker"]["code_after"] == "070102"
    # Under the picker, each parcel's own code and name (parcel 3 is 0901 商业用地).
    assert "地块3：0901 商业用地" in seen["parcel_uses"]
    data = seen["review"]
    assert _parcel(data, "3")["land_use"] == "0901"  # not overridden by the site-level 070102
    assert {p["land_use"] for p in data["submission"]["parcels"]} == {"0701", "1101", "0901", "0803", "1303", "1202"}
    # The header says which parcels used which code, never "未指定".
    assert "未指定" not in seen["summary"]
    assert "按地块：" in seen["summary"] and "地块 3 按 0901" in seen["summary"]
    assert "地块3：0901 商业用地" in seen["summary_tooltip"]
    # 应用到全部地块: every parcel reviewed as 070102.
    assert seen["parcel_uses_all"].startswith("全部 6 个地块按 070102")
    assert {p["land_use"] for p in seen["review_all"]["submission"]["parcels"]} == {"070102"}
    assert seen["review_all"]["land_use"] == "070102"


def test_result_tree_lists_conflicts_first_with_review_json_figures(seen):
    data, tree = seen["review"], seen["tree"]
    top = [row for row in tree["rows"] if row["depth"] == 0]
    statuses = [next(c["status"] for c in data["checks"] if c["id"] == row["key"][0]) for row in top]
    assert [RANK[s] for s in statuses] == sorted(RANK[s] for s in statuses)
    assert statuses[0] == "conflict"
    for row in top:
        check = next(c for c in data["checks"] if c["id"] == row["key"][0])
        assert row["texts"][1] == status_label(check["status"])
        assert row["texts"][2] == area_in_unit(concern_area(check))  # the figure review.json gives
        assert row["expanded"] == (check["status"] in ("conflict", "warning"))
    # Passing parcels are folded into one closed row per check; flagged parcels are listed.
    folders = [row for row in tree["rows"] if row["kind"] == "passing"]
    assert folders and not any(row["expanded"] for row in folders)
    opened = seen["opened_folder"]  # a click on its arrow lists them
    count = int(re.search(r"（(\d+) 个）", opened["label"]).group(1))
    assert opened["expanded"] and len(opened["rows"]) == 3 * count
    assert opened["rows"][1] == "通过"
    dev = next(c for c in data["checks"] if c["id"] == "dev_boundary")
    parcel3 = next(p for p in dev["parcels"] if p["id"] == "3")
    row3 = next(row for row in tree["rows"] if row["kind"] == "check" and row["key"] == ["dev_boundary", "3"])
    assert row3["texts"][2] == area_in_unit(concern_area(parcel3))
    assert not row3["hidden_by_parent"]
    # Status and area in view, and wide enough for their text: no "76,300.00 平…".
    assert sum(tree["widths"][:3]) <= tree["viewport"]
    for row in tree["rows"]:
        if not row["hidden_by_parent"]:
            for column in (1, 2):
                assert tree["widths"][column] >= row["needed"][column], (row, tree["widths"])
    # Plan feature rows are named by the feature (name or 标识码), not by the district alone.
    features = [row for row in tree["rows"] if row["kind"] == "feature"]
    farmland = next(row for row in features if row["key"][0] == "YJJBNT")
    assert "标识码" in farmland["texts"][0]
    green = next(row for row in features if row["key"][0] == "ZXCQCSLVX")
    assert "湘江西岸滨水绿地" in green["texts"][0]


def test_current_land_use_node_shows_cultivated_land_conversion_and_owners(seen):
    """The sample site takes 水田 of 山花村 (集体): the 现状地类 node lists 耕地 by type in 亩, the
    农用地转用面积 and every 权属单位 of the 地类面积汇总表, each figure review.json's, none cut."""
    data, tree = seen["review"], seen["tree"]
    check = next(c for c in data["checks"] if c["id"] == "current_land_use")
    details = check["details"]
    assert check["cultivated_area_m2"] > 0  # the sample does take farmland
    rows = [row for row in tree["rows"] if row["kind"] == "land_use"]
    by_label = {row["texts"][0]: row for row in rows}
    for entry in details["cultivated"]:
        row = by_label[f"耕地：{entry['name']} {entry['area_mu']:,.4f} 亩"]
        assert row["texts"][2] == area_in_unit(entry["area_m2"])
        assert row["texts"][3] == f"{entry['area_mu']:,.4f} 亩（{entry['area_m2']:,.2f} m²）"
    conversion = by_label[f"农用地转用面积 {check['conversion_area_mu']:,.4f} 亩"]
    assert conversion["texts"][2] == area_in_unit(check["conversion_area_m2"])
    owners = [row for row in rows if row["texts"][0].startswith("权属单位：")]
    assert [tuple(row["texts"][:3]) for row in owners] == [
        (f"权属单位：{unit['name']}", unit["kind"], area_in_unit(unit["values"][-1]))
        for unit in details["summary_table"]["m2"]["rows"]
    ]
    collective = [row for row in owners if row["texts"][1] == "集体"]
    assert {row["texts"][0] for row in collective} == {f"权属单位：{unit['name']}" for unit in details["collective"]}
    assert all("须依法办理土地征收" in row["texts"][3] for row in collective)
    for row in rows:  # shown (the check is a warning, so open) and not truncated
        assert not row["hidden_by_parent"]
        for column in (0, 1, 2):
            assert tree["widths"][column] >= row["needed"][column], (row, tree["widths"])


def test_map_draws_each_check_in_its_own_style_with_separate_labels(seen):
    data, drawn = seen["review"], seen["map"]
    flagged = {c["id"] for c in data["checks"] if c["status"] in ("conflict", "warning")}
    assert drawn["renderer"] == "categorizedSymbol"
    assert set(drawn["categories"]) <= flagged and "farmland" in drawn["categories"]
    # Each finding feature carries its parcel's own figure of concern.
    for feature in drawn["features"].values():
        check = next(c for c in data["checks"] if c["id"] == feature["check_id"])
        parcel = next(p for p in check["parcels"] if p["id"] == feature["parcel_id"])
        assert feature["area_m2"] == pytest.approx(concern_area(parcel), abs=0.01)
    labels = drawn["labels"]
    assert labels, "no finding labels drawn"
    for label in labels:
        feature = drawn["features"][str(label["fid"])]
        assert label["text"].startswith(f"地块{feature['parcel_id']} ")
        assert area_in_unit(feature["area_m2"]) in label["text"]
    for index, a in enumerate(labels):  # no two labels drawn over each other
        for b in labels[index + 1:]:
            overlap_x = min(a["rect"][2], b["rect"][2]) - max(a["rect"][0], b["rect"][0])
            overlap_y = min(a["rect"][3], b["rect"][3]) - max(a["rect"][1], b["rect"][1])
            assert overlap_x <= 0 or overlap_y <= 0, (a, b)


def test_one_click_zooms_to_a_finding_at_a_readable_scale(seen):
    farmland = seen["zooms"]["farmland"]
    assert farmland["contains"]
    assert MIN_SCALE * 0.99 <= farmland["scale"] <= MAX_SCALE * 1.01
    outside = seen["zooms"]["dev_boundary"]  # parts kilometres apart: the largest one, readable
    assert outside["scale"] <= MAX_SCALE * 1.01 and outside["parts_in_view"] >= 1
    dev = seen["zooms"]["dev_boundary_feature"]
    assert dev["scale"] <= MAX_SCALE * 1.01  # the feature's part at the site, not the whole city


def test_drawing_after_a_review_starts_a_new_case_with_the_tool_active(seen):
    drawn = seen["draw"]
    assert drawn["before"]["parcels"] == 6 and drawn["before"]["project_name"] == "雁城滨江综合体"
    assert drawn["tool_is_draw_tool"] and drawn["action_checked"] and drawn["layer_editable"]
    assert drawn["parcels_after_start"] == 0
    assert drawn["project_name_after_start"] == "" and drawn["document_number_after_start"] == ""
    assert drawn["tree_rows_after_start"] == 0
    assert any("新案件" in message and "6 个地块" in message for message in drawn["messages"]), drawn["messages"]
    # Four clicks and a right click on the canvas: one parcel, the map not panned.
    assert drawn["parcels_after_drawing"] == 1
    assert drawn["extent_unchanged"] and drawn["tool_still_active"] and drawn["site_in_combo"]
    assert "地块1：无地类编码" in drawn["parcel_uses"]
    review = seen["drawn_review"]
    assert review is not None and len(review["submission"]["parcels"]) == 1
    assert review["submission"]["parcels"][0]["land_use"] == "0901"  # the picker's code, no own code


def test_log_rows_name_the_case_and_the_dock_export_fills_report_dir(seen):
    headers = seen["log_table"]["headers"]
    assert "项目名称" in headers and "文号" in headers
    row = dict(zip(headers, seen["log_table"]["first_row"]))
    assert row["项目名称"] == "雁城滨江综合体" and row["文号"] == "衡规审〔2025〕18号"
    record = seen["log_record"]
    assert record["project_name"] == "雁城滨江综合体"
    assert record["report_dir"] and record["report_dir"].rstrip("/") == seen["export_dir"].rstrip("/")
    assert row["报告文件夹"] == record["report_dir"]


def test_diff_names_plan_features_not_layer_and_fid(seen):
    assert seen["diff_raw_ids"] == []
    assert any("标识码" in cell for row in seen["diff_cells"] for cell in row)


def test_exports_run_in_the_background_with_progress_and_a_default_name(seen):
    export = seen["report_export"]
    assert export["progress_visible"] and export["task_in_manager"] and not export["buttons_enabled"]
    assert not export["progress_visible_after"]
    sheet = seen["sheet_dialog"]["selected"][0]
    assert sheet.endswith("雁城滨江综合体_审查图.pdf")
    assert seen["report_dialog"]["selected"][0].endswith("雁城滨江综合体_审查意见表")
    assert "取消" in seen["import_dialog"]["buttons"] and "Cancel" not in seen["import_dialog"]["buttons"]


def test_query_says_what_does_not_apply_and_names_features(seen):
    rows = seen["query"]["rows"]
    texts = [text for _, text in rows]
    assert "不在城镇开发边界内" in texts
    farmland = next(text for title, text in rows if title == "永久基本农田")
    assert "标识码" in farmland
    assert not [text for text in texts if re.fullmatch(r"[\d\s·]+", text)]  # no bare numbers


def test_indicators_say_how_they_are_had_and_take_an_entered_current_value(seen):
    table = seen["indicators"]
    headers = table["headers"]
    rows = {row[0]: dict(zip(headers, row)) for row in table["before"]}
    kinds = {row["指标类型"] for row in rows.values()}
    assert kinds == {"空间指标", "非空间指标"}
    for row in rows.values():  # no row left with only "无法由数据计算"
        basis = row["计算图层和方法 / 现状值数据来源"]
        if row["指标类型"] == "空间指标":
            assert "图层：" in basis and "（" in basis, row
        else:
            assert "现状值来源：" in basis, row
            assert row["结果"] == "待填现状值" and row["现状值"] == ""
    assert "人口普查" in rows["常住人口规模"]["计算图层和方法 / 现状值数据来源"]
    assert "永久基本农田（YJJBNT）" in rows["永久基本农田保护面积"]["计算图层和方法 / 现状值数据来源"]
    # Typed into its cell: compared with the target (680 万人, at least) and exported with it.
    after = {row[0]: dict(zip(headers, row)) for row in table["after"]}
    population = after["常住人口规模"]
    assert population["现状值"] == "664.52" and population["差值"] == "-15.48" and population["结果"] == "未达标"
    assert "常住人口规模,市域,非空间指标,预期性,万人,680.0,不低于,664.52,人工填报,-15.48,未达标" in table["csv"]
