"""The real QGIS desktop under Xvfb, with the packaged ZIP installed in a throwaway profile."""

from __future__ import annotations

import subprocess
import sys
import zipfile

import pytest

from hengyang_plan_plugin.qgis_adapters.review_layers import ROW_FIELDS
from test.conftest import REPO_ROOT

sys.path.insert(0, str(REPO_ROOT / "scripts"))
from run_qgis_desktop import run_desktop  # noqa: E402

pytestmark = pytest.mark.desktop


@pytest.fixture(scope="module")
def plugin_zip():
    from hengyang_plan_plugin.paths import plugin_version

    path = REPO_ROOT / "dist" / f"hengyang_plan_plugin-{plugin_version()}.zip"
    if not path.is_file():
        pytest.fail(f"{path} is missing: run `make package` first")
    return path


def test_package_has_the_contract_layout(plugin_zip):
    names = zipfile.ZipFile(plugin_zip).namelist()
    top = {name.split("/")[0] for name in names}
    assert top == {"hengyang_plan_plugin"}
    for required in ("metadata.txt", "__init__.py", "resources/data/hengyang_sample_plan.gpkg",
                     "styles/YJJBNT.qml", "i18n/hengyang_plan_plugin_zh_CN.qm"):
        assert f"hengyang_plan_plugin/{required}" in names, required
    assert not [name for name in names if "__pycache__" in name or name.endswith(".pyc")]


@pytest.fixture(scope="module")
def desktop_state(plugin_zip, tmp_path_factory):
    profiles = tmp_path_factory.mktemp("qgis-profiles")
    subprocess.run([sys.executable, str(REPO_ROOT / "scripts" / "make_profile.py"), "--profiles-path",
                    str(profiles), "--plugin-zip", str(plugin_zip), "--locale", "zh-Hans"], check=True)
    return run_desktop(profiles, screenshot=profiles / "desktop.png", reload_plugin=True)


def test_desktop_shows_toolbar_dock_and_styled_plan(desktop_state):
    state = desktop_state
    assert state["errors"] == []
    assert state["exit_code"] == 0  # left through File ▸ Exit without a crash
    assert state["after_unload"] == {"toolbars": 0, "docks": 0, "provider": False}
    assert state["plugin_loaded"] and state["provider"]
    assert state["toolbar"] and state["toolbar_count"] == 1
    assert "hengyang_load_plan" in state["toolbar_actions"]
    assert state["dock"] and state["dock_visible"]
    assert state["dock_title"] == "衡阳规划审查"  # the zh_CN translation is in effect
    plan_layers = {layer["plan_layer"]: layer for layer in state["layers"] if layer["plan_layer"]}
    for name in ("YJJBNT", "STBHHX", "CZKFBJ", "GHFQ", "ZXCQGHYDYH", "ZXCQCSLX", "CSGXDY", "KJTD", "GGFWSS"):
        layer = plan_layers[name]
        assert layer["valid"] and layer["feature_count"] > 0, name
        assert layer["read_only"], name
        assert layer["renderer"] in ("categorizedSymbol", "RuleRenderer", "singleSymbol"), name
    assert plan_layers["ZXCQGHYDYH"]["renderer"] in ("categorizedSymbol", "RuleRenderer")
    assert plan_layers["YJJBNT"]["group"] == "三条控制线"
    assert plan_layers["ZXCQCSLX"]["group"] == "城市四线"
    assert state["canvas_crs"] == "EPSG:4526"
    xmin, ymin, xmax, ymax = state["canvas_extent"]
    # Zoomed to the central city, around (38 360 912, 2 977 319), not the whole city.
    assert xmin < 38_360_912 < xmax and ymin < 2_977_319 < ymax
    assert (xmax - xmin) < 80_000


def test_qt_dialogs_speak_chinese_under_the_zh_hans_profile(desktop_state):
    # Qt's own strings come from qttranslations5-l10n; QGIS 3.22 looks for qt_zh-Hans and
    # misses, so the plugin loads qt_zh_CN itself (i18n.install_qt_translator).
    buttons = desktop_state["qt_dialog_buttons"]
    assert sorted(buttons["file_dialog"]) == sorted(["打开(&O)", "取消"]), buttons
    assert sorted(buttons["message_box"]) == sorted(["确定", "取消"]), buttons


@pytest.fixture(scope="module")
def reviewed_desktop_state(plugin_zip, tmp_path_factory):
    profiles = tmp_path_factory.mktemp("qgis-profiles-review")
    subprocess.run([sys.executable, str(REPO_ROOT / "scripts" / "make_profile.py"), "--profiles-path",
                    str(profiles), "--plugin-zip", str(plugin_zip), "--locale", "zh-Hans"], check=True)
    sample = REPO_ROOT / "resources" / "samples" / "sample_submission.txt"
    return run_desktop(profiles, screenshot=profiles / "reviewed.png", review=sample, print_sheet=True)


def _planned_a3_pages(result):
    """The pages the A3 template plans for ``result`` (rows per page from the template's table)."""
    from qgis.core import QgsProject

    from hengyang_plan_plugin import api
    from hengyang_plan_plugin.core.report.case_info import CaseInfo
    from hengyang_plan_plugin.core.report.geometries import review_geometries
    from hengyang_plan_plugin.qgis_adapters.plan_loader import load_plan
    from hengyang_plan_plugin.qgis_adapters.print_layout import A3_LANDSCAPE, build_review_layout

    submission = api.read(REPO_ROOT / "resources" / "samples" / "sample_submission.txt")
    review = api.review(submission)
    project = QgsProject()
    load_plan(None, project)
    try:
        return build_review_layout(project, result, CaseInfo(), review_geometries(review, submission),
                                   A3_LANDSCAPE).pages.pages
    finally:
        project.clear()


def test_desktop_reviews_the_sample_and_opens_the_print_layout(reviewed_desktop_state, qgis_app):
    from hengyang_plan_plugin import api

    state = reviewed_desktop_state
    assert state["errors"] == []
    assert state["exit_code"] == 0
    expected = api.review(str(REPO_ROOT / "resources" / "samples" / "sample_submission.txt")).to_dict()
    assert state["review"]["verdict"] == expected["verdict"] == "fail"
    assert state["review"]["checks"] == {check["id"]: check["status"] for check in expected["checks"]}
    groups = {layer["group"] for layer in state["layers"]}
    assert "审查结果" in groups
    # hengyang_print: the filled sheet in the layout designer, the overview then a page per flagged
    # parcel, opened on the atlas preview of page 1 with every expression evaluated.
    assert state["print_designers"] == 1
    layout = state["print_layout"]
    flagged = [p for p in expected["submission"]["parcels"] if p["verdict"] != "pass"]
    planned = _planned_a3_pages(expected)
    assert [page.parcel_id for page in planned if not page.continued] == ["", *(p["id"] for p in flagged)]
    assert layout["atlas_features"] == len(planned) >= 1 + len(flagged)
    assert layout["atlas_preview"] is True and layout["atlas_page"] == 0
    assert all("[%" not in text for text in layout["labels"].values()), layout["labels"]
    assert layout["labels"]["parcel_label"].startswith("总图")
    assert layout["labels"]["page_number"] == f"第 1 页 / 共 {len(planned)} 页"
    assert layout["labels"]["scale_text"].startswith("比例尺 1:")
    assert layout["table_rows"] == len(planned[0].rows) > 0  # not "未发现冲突事项" on a 不通过 case
    # Each page the designer prints is the page make review, the dock and Processing print (the same
    # plan, core/report/sheet_pages.py): its heading, its number and its table's rows, none dropped.
    assert len(layout["atlas_pages"]) == len(planned)
    for shown, page in zip(layout["atlas_pages"], planned):
        assert shown["parcel_label"].startswith(page.heading), (shown, page.heading)
        assert shown["page_number"] == f"第 {page.number} 页 / 共 {len(planned)} 页"
        assert shown["rows"] == [[row[name] for name, _ in ROW_FIELDS] for row in page.rows]
    assert layout["scale_bar_unit"] == "米"
    assert {"main_map", "overview_map", "legend", "scalebar", "north_arrow", "title", "conflict_table",
            "notice", "case_info", "date_reviewer"} <= set(layout["items"])
